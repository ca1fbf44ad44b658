"""Targets 2b and 8 counted by the database (`Records.moves_in_sql`, what PostgreSQL runs) equal
the same counts from the member histories read in Python (`Records.moves_read`, what SQLite runs
and what `--explain` lists), window by window, on both stores."""

from __future__ import annotations

from datetime import date, timedelta
from pathlib import Path

import pytest

from desktop.periods import parse_month
from desktop.programme.records import Records
from desktop.store import Store
from tests.unit._two_stores import copy_to_postgres


@pytest.fixture(params=["sqlite", "postgresql"])
def demo_target(request: pytest.FixtureRequest, small_demo: Path) -> Path | str:
    if request.param == "sqlite":
        return small_demo
    url: str = request.getfixturevalue("pg_url")
    copy_to_postgres(small_demo, url).close()
    return url


def test_member_moves_in_sql_equal_the_histories_read(demo_target: Path | str) -> None:
    windows: list[tuple[date, date]] = []
    for month in range(1, 13):
        period = parse_month(f"2024-{month:02d}")
        windows += [(period.first, period.last), (period.year_start, period.last)]
    windows.append((date(2020, 1, 1), date(2024, 12, 31)))
    with Store(demo_target) as store, store.reading() as con:
        records = Records(con)
        found = [
            (records.moves_in_sql(first - timedelta(days=1), last),
             records.moves_read(first - timedelta(days=1), last))
            for first, last in windows
        ]  # fmt: skip
        scoped = Records(con, units=("", "LDLD-KHAC"))  # the province's look: several offices
        again = scoped.moves_in_sql(date(2023, 12, 31), date(2024, 12, 31))
    for in_sql, read in found:
        assert in_sql == read
    year = found[-2][0]  # 1 January – 31 December 2024
    # Not a comparison of zeros: members came and went, households were poor and were lifted.
    assert year.before > 0 and year.came > 0 and year.went > 0 and year.unreviewed > 0
    assert year.cohort > 0 and year.poor_before > year.poor_after > 0
    assert again == year  # the district's rows are its own ('')
