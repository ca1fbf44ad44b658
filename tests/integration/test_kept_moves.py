"""A province keeps each office's moves (targets 2b and 8) and reads them again only while the
office's rows are as they were counted: the database raises an office's version on every write
to its members, events and household reviews, on both stores."""

from __future__ import annotations

from datetime import date, datetime
from pathlib import Path

import pytest
from sqlalchemy import text

from desktop.models import GrassrootsUnion, HouseholdReview, Member, MemberEvent
from desktop.programme.moves import Counted, Moves, keep
from desktop.services.progress import progress_for
from desktop.store import Store, shared
from tests.unit._two_stores import copy_to_postgres

BA_TRI, KCN, GIAO_DUC = "LDLD-BATRI", "CDKCN-BENTRE", "CDGD-BENTRE"


def _versions(store: Store) -> dict[str, int]:
    with store.reading() as con:
        rows = con.execute(text("SELECT unit_code, version FROM unit_version")).all()
    return {str(code): int(version) for code, version in rows}


def _kept(store: Store) -> dict[tuple[str, str, str], tuple[int, int, int]]:
    """(office, start, end) → (version, members at the start, members at the end)."""
    with store.reading() as con:
        rows = con.execute(
            text(
                "SELECT unit_code, start_day, end_day, version, members_start, members_end "
                "FROM kept_moves"
            )
        ).all()
    return {(r[0], r[1], r[2]): (int(r[3]), int(r[4]), int(r[5])) for r in rows}


def _figure(store: Store, period: str, code: str, unit: str | None = None) -> float | None:
    report = progress_for(store, period, unit=unit)
    return next(t.year_to_date for t in report.targets if t.code == code)


@pytest.fixture(params=["sqlite", "postgresql"])
def province(request: pytest.FixtureRequest, demo_province: Path) -> Store:
    if request.param == "sqlite":
        return shared(demo_province)
    url: str = request.getfixturevalue("pg_url")
    return copy_to_postgres(demo_province, url)


def test_every_write_to_an_office_members_raises_its_version_alone(db_target: str) -> None:
    store = Store(db_target)
    with store.session() as s:
        union = GrassrootsUnion(name="CĐCS A", sector="state", unit_code="A")
        s.add(union)
        s.flush()
        member = Member(union_id=union.id, full_name="Lê Văn Tư", gender="male", unit_code="A")
        s.add(member)
        s.flush()
        s.add(
            MemberEvent(
                member_id=member.id,
                kind="admitted",
                event_date=date(2024, 3, 1),
                unit_code="A",
            )
        )
        s.add(
            HouseholdReview(
                member_id=member.id, reviewed_on=date(2024, 1, 5), status="poor", unit_code="A"
            )
        )
        other = Member(union_id=union.id, full_name="Trần Thị Năm", gender="female", unit_code="B")
        s.add(other)
        member_id = member.id
    first = _versions(store)
    assert first["A"] >= 3 and first["B"] >= 1  # a member, an event, a review; one member
    with store.session() as s:
        s.get(Member, member_id).deleted_at = datetime(2024, 6, 1)  # type: ignore[union-attr]
    assert _versions(store) == {**first, "A": first["A"] + 1}
    with store.unit_of_work() as uow:
        uow.connection.execute(text("DELETE FROM household_review"))
    assert _versions(store) == {**first, "A": first["A"] + 2}
    with store.unit_of_work() as uow:  # a code change moves rows: both offices change
        uow.connection.execute(text("UPDATE member SET unit_code = 'C' WHERE unit_code = 'B'"))
    after = _versions(store)
    assert after["A"] == first["A"] + 2 and after["B"] > first["B"] and after["C"] >= 1
    store.close()


def test_a_look_keeps_each_office_moves_and_reads_them_again(
    province: Store, demo_province: Path
) -> None:
    reports = [progress_for(province, "2024-09") for _ in range(2)]
    assert reports[0] == reports[1]
    kept = _kept(province)
    versions = _versions(province)
    # Each office reporting for September and the province's own rows, month and year to date.
    windows = {("2024-08-31", "2024-09-30"), ("2023-12-31", "2024-09-30")}
    assert {(unit, start, end) for unit, start, end in kept} >= {
        (unit, *window) for unit in (BA_TRI, KCN, GIAO_DUC, "") for window in windows
    }
    for unit in (BA_TRI, KCN, GIAO_DUC, ""):
        for window in windows:
            assert kept[(unit, *window)][0] == versions.get(unit, 0)
    for unit in (BA_TRI, KCN, GIAO_DUC):  # each office's 2b of the year, as it counts it itself
        _, members_start, members_end = kept[(unit, "2023-12-31", "2024-09-30")]
        with Store(demo_province.parent / "offices" / f"{unit}.sqlite") as own:
            assert members_end - members_start == _figure(own, "2024-09", "2b")
        assert members_start > 0
    # The same figures as with nothing kept.
    with province.unit_of_work() as uow:
        uow.connection.execute(text("DELETE FROM kept_moves"))
    assert progress_for(province, "2024-09") == reports[0]


def test_a_kept_count_is_never_read_after_its_office_rows_changed(province: Store) -> None:
    true_2b = _figure(province, "2024-09", "2b")
    assert true_2b is not None
    # A kept count that does not hold what was counted: read while the version stands…
    with province.unit_of_work() as uow:
        uow.connection.execute(
            text(
                "UPDATE kept_moves SET members_end = members_end + 1000 WHERE unit_code = :unit "
                "AND start_day = '2023-12-31' AND end_day = '2024-09-30'"
            ),
            {"unit": KCN},
        )
    assert _figure(province, "2024-09", "2b") == true_2b + 1000
    assert _figure(province, "2024-09", "2b", unit=KCN) is not None
    # … and never once the office's members change: one more member admitted in September.
    with province.session() as s:
        union_id = s.execute(
            text("SELECT union_id FROM member WHERE unit_code = :unit LIMIT 1"), {"unit": KCN}
        ).scalar_one()
        member = Member(union_id=union_id, full_name="Đỗ Văn Mới", gender="male", unit_code=KCN)
        s.add(member)
        s.flush()
        s.add(
            MemberEvent(
                member_id=member.id, kind="admitted", event_date=date(2024, 9, 9), unit_code=KCN
            )
        )
    assert _figure(province, "2024-09", "2b") == true_2b + 1


def test_a_merged_bundle_counts_its_office_month_ahead(
    province: Store, demo_province: Path, tmp_path: Path
) -> None:
    from desktop.services.bundles import export_bundle, process_files

    office = demo_province.parent / "offices" / f"{GIAO_DUC}.sqlite"
    out = tmp_path / "giao-duc-2024-10.udb"
    export_bundle(shared(office), "2024-10", out)
    (verdict,) = process_files(province, [out], write=True)
    assert verdict.verdict == "merged"
    version = _versions(province)[GIAO_DUC]
    kept = _kept(province)
    for window in (("2024-09-30", "2024-10-31"), ("2023-12-31", "2024-10-31")):
        assert kept[(GIAO_DUC, *window)][0] == version  # counted after the merge, read as is
    # What was kept of its earlier bundles (months one to nine) is gone with their version.
    assert {key[1:] for key in kept if key[0] == GIAO_DUC} == {
        ("2024-09-30", "2024-10-31"),
        ("2023-12-31", "2024-10-31"),
    }
    with Store(office) as own:  # what the office counts itself for October
        mine = _figure(own, "2024-10", "2b")
    assert _figure(province, "2024-10", "2b", unit=GIAO_DUC) == mine
    if province.kind == "postgresql":  # the planner's statistics gathered by the merge
        with province.reading() as con:
            analysed = con.execute(
                text(
                    "SELECT last_analyze FROM pg_stat_user_tables WHERE relname = 'member' "
                    "AND schemaname = current_schema()"
                )
            ).scalar()
        assert analysed is not None


def test_counts_are_kept_only_when_nobody_else_writes(demo_province: Path) -> None:
    store = shared(demo_province)
    with store.unit_of_work() as uow:
        uow.connection.execute(text("DELETE FROM kept_moves"))
    other = Store(demo_province)
    window = (date(2020, 1, 31), date(2020, 2, 29))
    counted = [Counted(KCN, *window, 999, Moves(1, 2, 3, 4, 5, 6, 7, 8))]
    with other.unit_of_work():  # another window's import holds the write lock
        assert keep(store, counted) is False
        figures = progress_for(store, "2024-09")  # the figures are made all the same
    assert _kept(store) == {}
    assert progress_for(store, "2024-09") == figures
    assert len(_kept(store)) == 8  # three offices and the province's own, two windows each
    assert keep(store, counted) is True
    assert _kept(store)[(KCN, "2020-01-31", "2020-02-29")] == (999, 1, 2)
    older = [Counted(KCN, *window, 998, Moves(0, 0, 0, 0, 0, 0, 0, 0))]
    assert keep(store, older) is True  # a look at an older state never overwrites a newer one
    assert _kept(store)[(KCN, "2020-01-31", "2020-02-29")] == (999, 1, 2)
    other.close()


def test_a_file_of_the_previous_release_counts_its_versions_from_its_next_write(
    tmp_path: Path,
) -> None:
    import sqlite3

    path = tmp_path / "0013.sqlite"
    dump = Path(__file__).parent.parent / "fixtures" / "schema" / "0013_province.sql"
    with sqlite3.connect(path) as con:
        con.executescript(dump.read_text(encoding="utf-8"))
    store = Store(path)  # upgraded to 0014: tables and triggers, no version yet
    assert _versions(store) == {} and _kept(store) == {}
    with store.session() as s:
        member = s.query(Member).filter(Member.full_name == "Lê Thị Ánh").one()
        s.add(MemberEvent(member_id=member.id, kind="left", event_date=date(2024, 11, 30)))
    assert _versions(store) == {"": 1}
    store.close()


def test_a_failed_count_ahead_never_fails_the_merge_it_follows(
    demo_province: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from sqlalchemy.exc import OperationalError

    from desktop.services.bundles import export_bundle, process_files

    store = shared(demo_province)

    def refuse(_tables: object) -> None:
        raise OperationalError("ANALYZE", None, Exception("permission denied"))

    monkeypatch.setattr(store, "refresh_statistics", refuse)
    office = demo_province.parent / "offices" / f"{GIAO_DUC}.sqlite"
    out = tmp_path / "giao-duc-2024-10.udb"
    export_bundle(shared(office), "2024-10", out)
    (verdict,) = process_files(store, [out], write=True)
    assert verdict.verdict == "merged"
    assert not any(unit == GIAO_DUC and end == "2024-10-31" for unit, _, end in _kept(store))
    with Store(office) as own:  # the first look counts instead, and right
        mine = _figure(own, "2024-10", "2b")
    assert _figure(store, "2024-10", "2b", unit=GIAO_DUC) == mine
