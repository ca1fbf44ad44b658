"""District → province round trip: the province ends with exactly the district's records, and
its progress figures for the district equal the district's own."""

from __future__ import annotations

import sqlite3
import tempfile
from datetime import date, datetime
from pathlib import Path

import keyring
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from desktop.models import (
    GrassrootsUnion,
    Member,
    MemberEvent,
    Narrative,
    ProgressEntry,
    Quota,
    Target,
    TaskArea,
    activity_union,
)
from desktop.store import Store, shared
from desktop.sync import keystore
from desktop.sync.format.tables import BUNDLE_SCHEMA, SPECS, TABLE_ORDER, export_sql
from desktop.sync.memory_keyring import MemoryKeyring
from desktop.text import fold, name_sort_key
from tests.unit._sync_fixtures import DISTRICT, UNION_A, UNION_B, Exchange, memory_keyring

__all__ = ["memory_keyring"]


def unit_state(db: Path, owner: str, code: str) -> dict[str, list[tuple]]:
    """Every synchronised row of one unit, in bundle form (what the district sent)."""
    found = {}
    with sqlite3.connect(db) as con:
        for table in TABLE_ORDER:
            sql, params = export_sql(table, SPECS[BUNDLE_SCHEMA][table], owner, "9999-12-31")
            params["code"] = code
            found[table] = con.execute(sql, params).fetchall()
    return found


def add_programme_work(db_path: Path) -> None:
    """The 2024 programme, two entered values, a narrative and a quota, as the district keeps them."""
    from desktop.services.progress import ensure_programme

    ensure_programme(shared(db_path), 2024)
    db = Store(db_path)
    with db.session() as s:
        targets = {t.code: t.id for t in s.query(Target)}
        area = s.query(TaskArea).filter(TaskArea.number == 4).one()
        s.add(
            ProgressEntry(
                target_id=targets["1a"], unit_code=DISTRICT[0], period="2024-06", value=91.5
            )
        )
        s.add(
            ProgressEntry(
                target_id=targets["1b"], unit_code=DISTRICT[0], period="2024-05", value=64.0
            )
        )
        s.add(
            Narrative(task_area_id=area.id, period="2024-06", text="Tổ chức 12 buổi tuyên truyền.")
        )
        s.add(Quota(target_id=targets["2a"], unit_code=DISTRICT[0], value=450))
    db.close()


def test_round_trip_gives_the_province_the_district_state(tmp_path: Path, memory_keyring) -> None:
    ex = Exchange(tmp_path)
    add_programme_work(ex.district)
    result = ex.merge(ex.export("2024-06"))[0]
    assert result.verdict == "merged", result.message
    district = unit_state(ex.district, "", DISTRICT[0])
    province = unit_state(ex.province, DISTRICT[0], DISTRICT[0])
    assert province == district
    assert len(province["member"]) == 3 and len(province["progress_entry"]) == 2
    assert province["narrative"][0][4] == "Tổ chức 12 buổi tuyên truyền."


def test_province_progress_for_the_district_equals_the_district_own(
    tmp_path: Path, memory_keyring
) -> None:
    from desktop.services.bundles import process_files
    from desktop.services.progress import ensure_programme, progress_for
    from desktop.sync.province.packages import export_package
    from tests.unit._sync_fixtures import no_passphrase

    ex = Exchange(tmp_path)
    add_programme_work(ex.district)
    # The province allocates the quotas and sends them down: both sides then hold the same ones.
    ensure_programme(shared(ex.province), 2024)
    db = Store(ex.province)
    with db.session() as s:
        targets = {t.code: t.id for t in s.query(Target)}
        s.add(Quota(target_id=targets["2a"], unit_code=DISTRICT[0], value=500))
        s.add(Quota(target_id=targets["1a"], unit_code=DISTRICT[0], value=90))
    db.close()
    export_package(
        shared(ex.province),
        "quotas",
        DISTRICT[0],
        tmp_path / "q.udp",
        year=2024,
        passphrase=no_passphrase,
    )
    taken = process_files(
        shared(ex.district), [tmp_path / "q.udp"], write=True, passphrase=no_passphrase
    )
    assert taken[0].verdict == "accepted"
    assert ex.merge(ex.export("2024-06"))[0].verdict == "merged"
    own = {t.code: t for t in progress_for(shared(ex.district), "2024-06").targets}
    assert (own["2a"].quota, own["1a"].quota, own["1a"].month) == (500, 90, 91.5)
    # The engine scoped to one unit (--unit CODE): every figure must match, quotas included.
    seen = {
        t.code: t for t in progress_for(shared(ex.province), "2024-06", unit=DISTRICT[0]).targets
    }
    assert seen == own
    assert own["2a"].year_to_date == 3.0 and own["3a"].year_to_date == 1.0


# Random edits over several months, exported and merged in order: the province ends equal.
EDIT = st.sampled_from(["admit", "leave", "rename", "delete", "activity", "unlink", "union"])


def _apply(db_path: Path, edit: str, month: int, n: int) -> None:
    day = date(2024, month, 1 + n % 27)
    stamp = datetime(2024, month, 1 + n % 27, 9, 0, 0)
    db = Store(db_path)
    with db.session() as s:
        live = s.query(Member).filter(Member.deleted_at.is_(None)).order_by(Member.id).all()
        if edit == "admit" or not live:
            name = f"Đoàn viên số {n}"
            member = Member(
                union_id=UNION_A if n % 2 else UNION_B,
                full_name=name,
                name_key=fold(name),
                sort_key=name_sort_key(name),
                gender="female",
                citizen_id=f"0830{n:08d}",
                joined_on=day,
                created_at=stamp,
                updated_at=stamp,
            )
            s.add(member)
            s.flush()
            s.add(
                MemberEvent(
                    member_id=member.id,
                    kind="admitted",
                    event_date=day,
                    to_union_id=member.union_id,
                )
            )
        elif edit == "leave":
            target = live[n % len(live)]
            target.status = "left"
            s.add(MemberEvent(member_id=target.id, kind="left", event_date=day, reason="Nghỉ việc"))
        elif edit == "rename":  # as the member form does: the keys follow the name
            member, name = live[n % len(live)], f"Tên mới {n}"
            member.full_name, member.name_key, member.sort_key = (
                name,
                fold(name),
                name_sort_key(name),
            )
        elif edit == "delete":
            live[n % len(live)].deleted_at = stamp
        elif edit == "activity":
            from desktop.models import Activity

            activity = Activity(task_area=4, kind="propaganda", title=f"Buổi {n}", held_on=day)
            s.add(activity)
            s.flush()
            s.execute(activity_union.insert(), [{"activity_id": activity.id, "union_id": UNION_A}])
        elif edit == "unlink":
            s.execute(activity_union.delete())
        else:
            name = f"CĐCS mới {n}"
            s.add(
                GrassrootsUnion(name=name, name_key=fold(name), sector="non_state", founded_on=day)
            )
    db.close()


@settings(
    max_examples=8, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(months=st.lists(st.lists(EDIT, max_size=5), min_size=2, max_size=4))
def test_random_edits_merged_month_by_month_end_equal(months: list[list[str]]) -> None:
    previous = keyring.get_keyring()
    keyring.set_keyring(MemoryKeyring())
    keystore.forget_unlocked()
    try:
        with tempfile.TemporaryDirectory() as folder:
            ex = Exchange(Path(folder))
            bundles = []
            for index, edits in enumerate(months):
                month = 4 + index
                for n, edit in enumerate(edits):
                    _apply(ex.district, edit, month, 10 * index + n)
                bundles.append(ex.export(f"2024-{month:02d}"))
            results = ex.merge(*bundles)
            assert [r.verdict for r in results] == ["merged"] * len(bundles)
            assert unit_state(ex.province, DISTRICT[0], DISTRICT[0]) == unit_state(
                ex.district, "", DISTRICT[0]
            )
    finally:
        keyring.set_keyring(previous)
        keystore.forget_unlocked()


FIXTURES = Path(__file__).resolve().parent.parent / "fixtures" / "bundles"
FIXTURE_PASSPHRASE = "chỉ dùng cho kiểm thử"  # test-only keys: never an office's real ones


def write_format_fixture(folder: Path, *, answering: bool = False) -> None:
    """Make tests/fixtures/bundles/format-N/ with this release (run once per new format):
    the bundle, the district's card, the province's key backup and what the bundle holds.
    `answering` (format 2): June sent again after the province returned it, so the bundle's
    manifest names the decision it answers (a province that never made it ignores the name)."""
    import json

    from desktop.sync.keybackup import backup_keys

    with tempfile.TemporaryDirectory() as scratch:
        ex = Exchange(Path(scratch))
        add_programme_work(ex.district)
        if answering:
            _with_counts(ex.district)
            _returned_and_sent_again(ex)
        bundle = ex.export("2024-06", "again.udb" if answering else None)
        folder.mkdir(parents=True, exist_ok=True)
        (folder / "bundle.udb").write_bytes(bundle.read_bytes())
        (folder / "district.card").write_bytes((Path(scratch) / "district.card").read_bytes())
        backup_keys(
            shared(ex.province),
            folder / "province-keys.ukb",
            passphrase=lambda p, n: FIXTURE_PASSPHRASE,
        )
        expected = ex.verify(bundle)[0]
        (folder / "expected.json").write_text(
            json.dumps(
                {
                    "unit": expected.unit_code,
                    "sequence": expected.sequence,
                    "period": expected.period,
                    "counts": expected.counts,
                    "passphrase": FIXTURE_PASSPHRASE,
                },
                ensure_ascii=False,
                indent=1,
                sort_keys=True,
            ),
            encoding="utf-8",
        )


def _with_counts(db_path: Path) -> None:
    """The 1a entry with the two counts behind it (schema 0013_province): 183 of 200."""
    from sqlalchemy import update

    db = Store(db_path)
    with db.session() as s:
        s.execute(
            update(ProgressEntry)
            .where(ProgressEntry.value == 91.5)
            .values(numerator=183, denominator=200)
        )
    db.close()


def _returned_and_sent_again(ex: Exchange) -> None:
    from desktop.services.bundles import export_package, process_files
    from desktop.services.decisions import decide
    from desktop.services.progress import ensure_programme
    from tests.unit._sync_fixtures import no_passphrase

    ensure_programme(shared(ex.province), 2024)
    assert ex.merge(ex.export("2024-06", "first.udb"))[0].verdict == "merged"
    decide(shared(ex.province), DISTRICT[0], "2024-06", "return", "Thiếu số liệu chỉ tiêu 1a")
    out = ex.folder / "receipts.udp"
    export_package(shared(ex.province), "receipts", DISTRICT[0], out, passphrase=no_passphrase)
    taken = process_files(shared(ex.district), [out], write=True, passphrase=no_passphrase)
    assert taken[0].verdict == "accepted", taken[0].message


@pytest.mark.parametrize("folder", sorted(FIXTURES.glob("format-*")), ids=lambda p: p.name)
def test_bundles_of_every_released_format_still_verify_and_merge(
    tmp_path: Path, memory_keyring, folder: Path
) -> None:
    import json

    from desktop.services.bundles import process_files
    from desktop.services.office import init_office
    from desktop.sync.keybackup import restore_keys
    from desktop.sync.keys import trust_card
    from tests.unit._sync_fixtures import PROVINCE, no_passphrase

    expected = json.loads((folder / "expected.json").read_text(encoding="utf-8"))
    province = tmp_path / "province.sqlite"
    init_office(shared(province), role="province", unit_code=PROVINCE[0], unit_name=PROVINCE[1])
    restore_keys(
        shared(province),
        folder / "province-keys.ukb",
        passphrase=lambda p, n: expected["passphrase"],
    )
    trust_card(shared(province), folder / "district.card")
    found = process_files(
        shared(province), [folder / "bundle.udb"], write=False, passphrase=no_passphrase
    )[0]
    assert (found.verdict, found.unit_code, found.sequence, found.period) == (
        "ok",
        expected["unit"],
        expected["sequence"],
        expected["period"],
    )
    assert found.counts == expected["counts"]
    merged = process_files(
        shared(province), [folder / "bundle.udb"], write=True, passphrase=no_passphrase
    )[0]
    assert merged.verdict == "merged"
    with sqlite3.connect(province) as con:
        count = con.execute(
            "SELECT COUNT(*) FROM member WHERE unit_code = ?", (expected["unit"],)
        ).fetchone()[0]
    assert count == expected["counts"]["member"]
    if folder.name >= "format-2":  # schema 0013_province: the counts behind an entered rate
        with sqlite3.connect(province) as con:
            counts = con.execute(
                "SELECT value, numerator, denominator FROM progress_entry WHERE unit_code = ? "
                "AND numerator IS NOT NULL",
                (expected["unit"],),
            ).fetchall()
        con.close()
        assert counts == [(91.5, 183.0, 200.0)]
