"""province_progress_300k: every target province-wide for one month on a province of twenty
offices of 15,000 members (300,000), on SQLite and on PostgreSQL (two entries), each against the
same facts as bare counts on the same database. The issue's goal is ≤ 1 s each.

The offices' rows are copied in (PostgreSQL: COPY, as bench_merge_pg's floor does; SQLite: one
INSERT … SELECT per table from the attached office file): the bench times the figures, not the
merge. The cluster is a throwaway one (tests/pg_cluster.py); where PostgreSQL is not installed
that entry is left out, saying so.
"""

from __future__ import annotations

import sys
import time
from pathlib import Path

from bench.bench_progress import PLAIN
from bench.bench_sync import _office
from bench.common import demo_database, entry

UNITS = 20
MEMBERS = 15000
PROVINCE = ("LDLD-BENTRE", "Liên đoàn Lao động tỉnh Bến Tre")
WINDOWS = ({"a": "2024-06-01", "b": "2024-06-30"}, {"a": "2024-01-01", "b": "2024-06-30"})


def _plain(url: str) -> None:
    import psycopg

    with psycopg.connect(url) as pg:
        for window in WINDOWS:
            for sql in PLAIN:
                pg.execute(sql.replace(":a", "%(a)s").replace(":b", "%(b)s"), window).fetchall()


def _sources(scratch: Path, units: int, members: int) -> list[Path]:
    from bench.bench_sync import _keys, _scaled_unit

    _keys()
    small = demo_database(scratch, members)
    sources = []
    for index in range(units):
        unit = scratch / f"province-unit-{members}-{index}.sqlite"
        if not unit.exists():
            _scaled_unit(small, unit, f"LDLD-P{index:02d}")
        sources.append(unit)
    return sources


def _copy_sqlite(sources: list[Path], path: Path) -> None:
    """Each office file's synchronised rows into the province file, tagged with its unit code."""
    import sqlite3

    from desktop.sync.format.tables import TABLE_ORDER

    tables = [t for t in TABLE_ORDER if t not in ("progress_entry", "narrative")]
    province = sqlite3.connect(path)
    for index, source in enumerate(sources):
        province.execute("ATTACH DATABASE ? AS office", (str(source),))
        for table in tables:
            names = [
                row[1]
                for row in province.execute(f"PRAGMA office.table_info({table})")
                if row[1] != "unit_code"
            ]
            columns = ", ".join(names)
            province.execute(
                f"INSERT INTO main.{table} ({columns}, unit_code) "
                f"SELECT {columns}, 'U{index}' FROM office.{table}"
            )
        province.commit()
        province.execute("DETACH DATABASE office")
    province.close()


def _register(target: str | Path, units: int) -> None:
    """Each copied office as the province knows a merged one: a registered key and a merged
    bundle reaching December, so every office is counted for the month measured."""
    from desktop.models import BundleLedger, UnitKey, new_id
    from desktop.store import Store

    with Store(target) as store, store.unit_of_work() as uow:
        for index in range(units):
            code = f"U{index}"
            uow.session.add(
                UnitKey(
                    key_id=f"{index:032x}",
                    unit_code=code,
                    unit_name=f"Đơn vị {index + 1}",
                    role="district",
                    own=False,
                    sign_public="0" * 64,
                    box_public="0" * 64,
                    fingerprint="0" * 40,
                )
            )
            uow.session.add(
                BundleLedger(
                    bundle_id=new_id(),
                    unit_code=code,
                    sequence=1,
                    period="2024-12",
                    manifest_sha256=f"{index:064x}",
                    signing_key_id=f"{index:032x}",
                    verdict="merged",
                )
            )


def _plain_sqlite(path: Path) -> None:
    import sqlite3

    con = sqlite3.connect(path)
    for window in WINDOWS:
        for sql in PLAIN:
            con.execute(sql, window).fetchall()
    con.close()


def _timed(target: str | Path, units: int) -> tuple[float, dict[str, float]]:
    """(seconds of the province's figures for 06/2024 once its offices' bundles are merged,
    and what it costs elsewhere): a merge counts the merged office's moves for its month ahead
    (services/progress.py count_ahead), so the bench does that for each copied office first."""
    from sqlalchemy import text

    from desktop.services.progress import count_ahead, ensure_programme, progress_for
    from desktop.store import Store

    with Store(target) as store:
        ensure_programme(store, 2024)
        start = time.perf_counter()
        for index in range(units):
            count_ahead(store, f"U{index}", "2024-06")
        ahead = (time.perf_counter() - start) / units
        start = time.perf_counter()
        report = progress_for(store, "2024-06")
        seconds = time.perf_counter() - start
        # The same look with nothing kept: every office's member histories rebuilt (the first
        # look at a month no bundle was merged for, or after the upgrade that brought kept counts).
        with store.unit_of_work() as uow:
            uow.connection.execute(text("DELETE FROM kept_moves"))
        start = time.perf_counter()
        again = progress_for(store, "2024-06")
        unkept = time.perf_counter() - start
    assert report.targets and not report.programme_missing
    assert not report.missing_units, report.missing_units  # every office counted
    assert again == report
    return seconds, {
        "count_ahead_per_office_s": round(ahead, 3),
        "nothing_kept_s": round(unkept, 3),
    }


def measure_sqlite(
    scratch: Path, units: int = UNITS, members: int = MEMBERS
) -> tuple[float, float, dict[str, float]]:
    """(seconds of `progress` province-wide for 06/2024 on a SQLite province, of the bare counts,
    and the costs `_timed` names)."""
    sources = _sources(scratch, units, members)
    province = scratch / f"province-{units}x{members}.sqlite"
    province.unlink(missing_ok=True)
    _office(province, "province", *PROVINCE)  # type: ignore[arg-type]
    _copy_sqlite(sources, province)
    _register(province, units)
    ours, extra = _timed(province, units)
    _plain_sqlite(province)
    start = time.perf_counter()
    _plain_sqlite(province)
    return ours, time.perf_counter() - start, extra


def measure(
    scratch: Path, units: int = UNITS, members: int = MEMBERS
) -> tuple[float, float, dict[str, float]]:
    """(seconds of `progress` province-wide for 06/2024 on PostgreSQL, of the bare counts, and
    the costs `_timed` names)."""
    from bench.bench_merge_pg import _copy
    from tests.pg_cluster import Cluster

    sources = _sources(scratch, units, members)
    cluster = Cluster()
    try:
        province = cluster.new_database()
        _office(province, "province", *PROVINCE)  # type: ignore[arg-type]
        _copy(sources, province)
        _register(province, units)
        ours, extra = _timed(province, units)
        _plain(province)
        start = time.perf_counter()
        _plain(province)
        plain = time.perf_counter() - start
    finally:
        cluster.stop()
    return ours, plain, extra


GOAL = "≤ 1 s"


def run(results: list[dict[str, object]], scratch: Path) -> None:
    from tests.pg_cluster import binaries

    ours, plain, extra = measure_sqlite(scratch)
    results.append(
        {**entry("province_progress_300k", ours, "s", plain, GOAL), "store": "sqlite", **extra}
    )
    if binaries() is None:
        print("province_progress_300k: PostgreSQL is not installed here, left out", file=sys.stderr)
        return
    ours, plain, extra = measure(scratch)
    results.append(
        {**entry("province_progress_300k", ours, "s", plain, GOAL), "store": "postgresql", **extra}
    )
