"""The audit trail's hash chain: the canonical form as documented, `uniondesk check` naming an
entry altered or removed with raw SQL (as a tamperer would), append-only triggers, and two
processes appending at once without forking the chain."""

from __future__ import annotations

import contextlib
import hashlib
import importlib.util
import sqlite3
import subprocess
import sys
from datetime import datetime
from pathlib import Path
from types import ModuleType

import pytest
from sqlalchemy import text

from desktop.app import main
from desktop.services import audit_chain
from desktop.services.audit_chain import GENESIS, NewEntry, append, canonical, entry_hash, verify
from desktop.services.office import init_office
from desktop.store import Store, shared
from desktop.store.schema import ensure_schema
from tests.unit._check import check_file

ROOT = Path(__file__).resolve().parents[2]
MIGRATION = ROOT / "desktop" / "migrations" / "versions" / "0006_safety.py"
BROKEN = "Nhật ký hoạt động không còn nguyên vẹn: "
# Entries 2-6 are appended at these UTC times; the office reads them at UTC+7.
TIMES = [datetime(2024, 4, 5, 3, minute) for minute in (0, 10, 20, 30, 40)]


pytestmark = pytest.mark.usefixtures("vietnam_clock")  # the office reads times at UTC+7


def _append(path: Path, entries: list[NewEntry], now: datetime | None = None) -> None:
    store = Store(path)
    with store.unit_of_work() as uow:
        append(uow.connection, entries, now)
    store.close()


@pytest.fixture
def office(tmp_path: Path) -> Path:
    """An office whose trail holds 6 entries: the office's creation, then 5 at TIMES."""
    path = tmp_path / "office.sqlite"
    init_office(
        shared(path), role="district", unit_code="LDLD-BATRI", unit_name="LĐLĐ huyện Ba Tri"
    )
    for number, at in enumerate(TIMES, start=2):
        _append(path, [NewEntry("export", f"danh sách số {number}", actor="lan")], at)
    return path


def _tamper(path: Path, *statements: str) -> None:
    """Raw SQL, as someone with a database browser would: the triggers go first."""
    with contextlib.closing(sqlite3.connect(path)) as con:
        con.execute("DROP TRIGGER audit_event_append_only_update")
        con.execute("DROP TRIGGER audit_event_append_only_delete")
        for statement in statements:
            con.execute(statement)
        con.commit()


def _trail_finding(path: Path) -> tuple[str, tuple[str, ...]] | None:
    found = [f for f in check_file(path).findings if f.message.startswith(BROKEN)]
    assert len(found) <= 1
    return (found[0].message, found[0].examples) if found else None


def test_canonical_form_and_hash_are_as_documented() -> None:
    form = canonical(7, "2024-04-05 03:00:00", "lan", "export", 'a "b"\n\\ Đức', "", "", "")
    assert (
        form
        == '[7,"2024-04-05 03:00:00.000000","lan","export","a \\"b\\"\\n\\\\ Đức","","",""]'.encode()
    )
    assert entry_hash(GENESIS, form) == hashlib.sha256(b"0" * 64 + form).hexdigest()
    assert canonical(1, datetime(2024, 4, 5, 3, 0, 0, 5), "", "", "", "", "", "")[:31] == (
        b'[1,"2024-04-05 03:00:00.000005"'
    )
    assert canonical(1, "hôm qua", "", "", "", "", "", "")[:13] == '[1,"hôm qua"'.encode()


def test_the_documents_test_vector_holds() -> None:
    """docs/audit-trail.md lets another implementation check itself: its vector is ours."""
    text = (ROOT / "docs" / "audit-trail.md").read_text(encoding="utf-8")
    said = dict(
        line.strip().split(" = ", 1)
        for line in text.splitlines()
        if line.strip().startswith(("canonical  = ", "prev_hash  = ", "entry_hash = "))
    )
    form = canonical(7, "2024-04-05 03:00:00", "lan", "export", 'a "b"\n', "", "", "")
    assert said["canonical "] == form.decode("utf-8")
    assert said["prev_hash "] == GENESIS
    assert said["entry_hash"] == entry_hash(GENESIS, form)


def _migration() -> ModuleType:
    spec = importlib.util.spec_from_file_location("migration_0006", MIGRATION)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_the_migration_hashes_and_masks_as_the_service_does() -> None:
    frozen = _migration()
    assert frozen.GENESIS == GENESIS
    samples = [
        (1, "2024-03-01 08:00:00", "lan", "view", "members search «083080123456»", "", "", ""),
        (2, datetime(2024, 3, 1, 8, 0, 1, 250), "", "export", "tab\tbell\x07", "", "", ""),
        (3, "không phải giờ", "Đặng Thị Ánh", "edit", "NFD Đư\u0301c", "member", "x", '{"a":1}'),
    ]
    for prev in (GENESIS, "ab" * 32):
        for sample in samples:
            ours = entry_hash(prev, canonical(*sample))
            assert frozen._entry_hash(prev, frozen._canonical(*sample)) == ours
    text = "tìm 083080123456, thẻ 0830801234567, mã 8000-000000000001, số 001190000004."
    assert frozen._CITIZEN_ID.sub(frozen._mask, text) == audit_chain.mask_citizen_ids(text)
    assert audit_chain.mask_citizen_ids(text) == (
        "tìm 083•••••••56, thẻ 0830801234567, mã 8000-000000000001, số 001•••••••04."
    )


def test_a_whole_trail_passes_check(office: Path, capsys: pytest.CaptureFixture[str]) -> None:
    report = check_file(office)
    assert _trail_finding(office) is None
    assert ("Mục nhật ký hoạt động", 6) in report.counts
    with Store(office).reading() as con:
        assert verify(con).ok
    assert main(["check", "--db", str(office)]) == 0
    assert "Mục nhật ký hoạt động: 6" in capsys.readouterr().out


def test_an_altered_entry_is_named_with_its_number_and_time(
    office: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    _tamper(office, "UPDATE audit_event SET detail = 'không có gì' WHERE id = 3")
    assert _trail_finding(office) == (
        BROKEN + "mục số 3 (lúc 05/04/2024 10:10) đã bị sửa sau khi ghi.",
        (),
    )
    assert main(["check", "--db", str(office)]) == 1
    assert (
        "[LỖI] Nhật ký hoạt động không còn nguyên vẹn: mục số 3 (lúc 05/04/2024 10:10) đã bị "
        "sửa sau khi ghi." in capsys.readouterr().out
    )


def test_an_altered_actor_or_time_is_named_too(office: Path) -> None:
    _tamper(
        office,
        "UPDATE audit_event SET actor = 'minh' WHERE id = 2",
        "UPDATE audit_event SET at = '2024-04-05 03:45:00.000000' WHERE id = 6",
    )
    assert _trail_finding(office) == (
        BROKEN + "mục số 2 (lúc 05/04/2024 10:00) đã bị sửa sau khi ghi.",
        ("mục số 6 (lúc 05/04/2024 10:45) đã bị sửa sau khi ghi.",),
    )


def test_a_removed_entry_is_named_between_its_neighbours(office: Path) -> None:
    _tamper(office, "DELETE FROM audit_event WHERE id = 4")
    assert _trail_finding(office) == (
        BROKEN + "Mục số 4 đã bị xóa (giữa mục số 3 (lúc 05/04/2024 10:10) và mục số 5 (lúc "
        "05/04/2024 10:30)).",
        (),
    )


def test_removed_last_entries_are_named(office: Path) -> None:
    _tamper(office, "DELETE FROM audit_event WHERE id >= 5")
    assert _trail_finding(office) == (
        BROKEN + "Các mục số 5 đến 6 (cuối nhật ký) đã bị xóa; mục cuối còn lại là mục số 4 "
        "(lúc 05/04/2024 10:20).",
        (),
    )


def test_removed_then_renumbered_entries_are_named(office: Path) -> None:
    _tamper(
        office,
        "DELETE FROM audit_event WHERE id = 4",
        "UPDATE audit_event SET id = id - 1 WHERE id > 4",
        "PRAGMA user_version = 5",
    )
    message, _ = _trail_finding(office) or ("", ())
    assert message == (
        BROKEN + "mục số 4 (lúc 05/04/2024 10:30) không nối tiếp mục số 3 (lúc 05/04/2024 "
        "10:10): có mục đã bị xóa rồi đánh số lại, hoặc bị thay."
    )


def test_an_entry_written_outside_union_desk_is_named(office: Path) -> None:
    with contextlib.closing(sqlite3.connect(office)) as con:
        con.execute(
            "INSERT INTO audit_event (at, actor, action, detail) "
            "VALUES ('2024-04-05 03:50:00.000000', 'lan', 'view', 'không ai xem')"
        )
        con.commit()
    assert _trail_finding(office) == (
        BROKEN + "mục số 7 (lúc 05/04/2024 10:50) không do Union Desk ghi (không có mã kiểm tra "
        "hợp lệ): có người đã ghi thẳng vào tệp.",
        (),
    )


def test_the_trail_refuses_update_and_delete(office: Path) -> None:
    with contextlib.closing(sqlite3.connect(office)) as con:
        with pytest.raises(sqlite3.IntegrityError, match="chỉ được ghi thêm, không được sửa"):
            con.execute("UPDATE audit_event SET detail = '' WHERE id = 2")
        with pytest.raises(sqlite3.IntegrityError, match="chỉ được ghi thêm, không được xóa"):
            con.execute("DELETE FROM audit_event WHERE id = 6")
        con.rollback()
    assert _trail_finding(office) is None


def test_an_append_rolled_back_with_its_change_leaves_no_entry(office: Path) -> None:
    store = Store(office)
    with store.reading() as look:
        before = verify(look)
    with pytest.raises(RuntimeError, match="the change failed"), store.unit_of_work() as uow:
        append(uow.connection, [NewEntry("view", "x")])
        raise RuntimeError("the change failed")  # the change the entry belonged to
    with store.reading() as look:
        assert verify(look) == before
        assert look.execute(text("SELECT COUNT(*) FROM audit_event")).scalar() == before.entries
    store.close()


WRITER = """
import sys
from pathlib import Path
from desktop.services.audit import record
from desktop.store import Store
db = Store(Path(sys.argv[1]))
for n in range(int(sys.argv[2])):
    record(db, "view", f"{sys.argv[3]} {n}")
db.close()
"""
SAVER = """
import sys
from pathlib import Path
from desktop.models import Office
from desktop.store import Store
db = Store(Path(sys.argv[1]))
for n in range(int(sys.argv[2])):
    with db.session() as s:
        s.query(Office).one().signer_name = f"Người ký {n}"
db.close()
"""


def test_processes_appending_at_once_keep_one_chain(office: Path) -> None:
    # Two plain appenders and one writing through the ORM hook, started together.
    runs = 60
    children = [
        subprocess.Popen([sys.executable, "-c", WRITER, str(office), str(runs), "a"], cwd=ROOT),
        subprocess.Popen([sys.executable, "-c", WRITER, str(office), str(runs), "b"], cwd=ROOT),
        subprocess.Popen([sys.executable, "-c", SAVER, str(office), str(runs)], cwd=ROOT),
    ]
    assert [child.wait(timeout=300) for child in children] == [0, 0, 0]
    with shared(office).reading() as look:
        report = verify(look)
    with contextlib.closing(sqlite3.connect(office)) as con:
        ids = [r[0] for r in con.execute("SELECT id FROM audit_event ORDER BY id")]
        prevs = [r[0] for r in con.execute("SELECT prev_hash FROM audit_event")]
    assert report.ok and report.entries == 6 + 3 * runs
    assert ids == list(range(1, 6 + 3 * runs + 1))
    assert len(set(prevs)) == len(prevs)  # no two entries chained onto the same one


def test_a_fresh_database_has_an_empty_whole_trail(tmp_path: Path) -> None:
    path = tmp_path / "new.sqlite"
    ensure_schema(path)
    with shared(path).reading() as look:
        assert verify(look) == audit_chain.ChainReport(0, ())


def test_dropped_append_only_guards_are_named(
    office: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    from desktop.services.check import AUDIT_UNGUARDED

    _tamper(office)  # only the triggers go: every entry still chains
    assert _trail_finding(office) is None
    found = [f for f in check_file(office).findings if f.message == AUDIT_UNGUARDED]
    assert [f.examples for f in found] == [
        ("audit_event_append_only_delete", "audit_event_append_only_update")
    ]
    assert main(["check", "--db", str(office)]) == 1
    assert "[LỖI] Nhật ký hoạt động mất lớp bảo vệ chỉ-ghi-thêm" in capsys.readouterr().out
