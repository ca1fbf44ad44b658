"""Reading the trail back: filters by period (the office's dates), account, action and a
tone-blind search; pages that follow on; a record's history with what belongs to it; the
changes in the forms' words; and `uniondesk audit` in text and JSON."""

from __future__ import annotations

import json
from datetime import date, datetime
from pathlib import Path

import pytest

from desktop.app import main
from desktop.cli import parser
from desktop.errors import Cancelled
from desktop.models import Member
from desktop.progress import CancelToken
from desktop.services.audit import set_actor
from desktop.services.audit_chain import NewEntry, append
from desktop.services.audit_query import AuditFilter, actions, actors, list_entries, record_history
from desktop.services.member_events import move_member
from desktop.store import Store, shared
from tests.unit._members_fixture import UNION_A, make_district

AN = "00000000-0000-4000-8000-000000000001"
HOA = "00000000-0000-4000-8000-000000000002"


pytestmark = pytest.mark.usefixtures("vietnam_clock")  # the office reads times at UTC+7


def _append(path: Path, at: datetime, *entries: NewEntry) -> None:
    store = Store(path)
    with store.unit_of_work() as uow:
        append(uow.connection, list(entries), at)
    store.close()


@pytest.fixture
def district(tmp_path: Path) -> Path:
    """Two members; then, at known times (UTC; the office reads them 7 hours later):
    4 Apr 16:30 lan views the list, 4 Apr 17:30 minh exports it, 5 Apr 03:00 lan renames An
    (through the ORM), and An leaves (a movement) — the last two at the time they run."""
    path = make_district(
        tmp_path / "d.sqlite",
        [("Nguyễn Văn An", "male", "083080123456"), ("Trần Thị Hòa", "female", "083190000002")],
    )
    _append(
        path, datetime(2024, 4, 4, 16, 30), NewEntry("view", "danh sách (2 người)", actor="lan")
    )
    _append(
        path,
        datetime(2024, 4, 4, 17, 30),
        NewEntry("export", "member-list → ds.xlsx", actor="minh"),
    )
    set_actor("lan")
    db = Store(path)
    with db.session() as s:
        member = s.get(Member, AN)
        assert member is not None
        member.full_name, member.citizen_id = "Nguyễn Văn Ân", "083080123457"
    db.close()
    move_member(shared(path), AN, "left", date(2024, 6, 1), reason="Nghỉ việc")
    return path


def _subjects(path: Path, wanted: AuditFilter) -> list[str]:
    return [r.subject for r in list_entries(shared(path), wanted).rows]


def test_newest_first_with_time_account_action_and_changes_in_words(district: Path) -> None:
    rows = list_entries(shared(district)).rows
    assert [(r.action_label, r.subject) for r in rows[:4]] == [
        ("Sửa", "Đoàn viên Nguyễn Văn Ân: ra khỏi tổ chức 01/06/2024"),
        ("Sửa", "Đoàn viên Nguyễn Văn Ân"),
        ("Thêm", "Biến động đoàn viên Nguyễn Văn Ân"),
        ("Sửa", "Đoàn viên Nguyễn Văn Ân"),
    ]
    assert rows[1].changes == ("Trạng thái: Đang sinh hoạt → Đã ra khỏi tổ chức",)
    assert rows[2].changes == (
        "Biến động: Ra khỏi tổ chức",
        "Ngày: 01/06/2024",
        "Từ CĐCS: CĐCS Trường Tiểu học An Hòa",
        "Lý do: Nghỉ việc",
        "Đoàn viên: Nguyễn Văn Ân",
    )
    assert rows[3].changes == (
        "Họ và tên: Nguyễn Văn An → Nguyễn Văn Ân",
        "Số CCCD: 083•••••••56 → 083•••••••57",
    )
    assert rows[3].actor == "lan"
    assert [(r.when, r.actor, r.action_label, r.subject) for r in rows[4:6]] == [
        ("05/04/2024 00:30", "minh", "Xuất danh sách", "Member-list → ds.xlsx"),
        ("04/04/2024 23:30", "lan", "Xem danh sách", "Danh sách (2 người)"),
    ]


def test_a_period_is_the_offices_days(district: Path) -> None:
    # 17:30 UTC on 4 April is 00:30 on 5 April in Vietnam.
    fifth = AuditFilter(start=date(2024, 4, 5), end=date(2024, 4, 5))
    assert _subjects(district, fifth) == ["Member-list → ds.xlsx"]
    fourth = AuditFilter(end=date(2024, 4, 4))
    assert _subjects(district, fourth) == ["Danh sách (2 người)"]


def test_account_action_and_a_search_without_tone_marks(district: Path) -> None:
    assert _subjects(district, AuditFilter(actor="minh")) == ["Member-list → ds.xlsx"]
    assert _subjects(district, AuditFilter(action="view")) == ["Danh sách (2 người)"]
    assert _subjects(district, AuditFilter(text="NGHI VIEC")) == [
        "Biến động đoàn viên Nguyễn Văn Ân"
    ]
    assert _subjects(district, AuditFilter(text="khong ai")) == []
    assert "minh" in actors(shared(district)) and "lan" in actors(shared(district))
    assert ("export", "Xuất danh sách") in actions(shared(district))


def test_pages_follow_on_without_overlap(district: Path) -> None:
    everything = [r.id for r in list_entries(shared(district)).rows]
    first = list_entries(shared(district), limit=3)
    second = list_entries(shared(district), before=first.next_before, limit=3)
    assert first.more and [r.id for r in first.rows] == everything[:3]
    assert [r.id for r in second.rows] == everything[3:6]
    last = list_entries(shared(district), before=everything[-2], limit=3)
    assert [r.id for r in last.rows] == everything[-1:] and not last.more


def test_a_members_history_holds_its_movements_and_service_entries(district: Path) -> None:
    history = record_history(shared(district), "member", AN)
    assert [(r.action_label, r.subject) for r in history] == [
        ("Sửa", "Đoàn viên Nguyễn Văn Ân"),
        ("Thêm", "Biến động đoàn viên Nguyễn Văn Ân"),
        ("Sửa", "Đoàn viên Nguyễn Văn Ân"),
        ("Sửa", "Đoàn viên Nguyễn Văn Ân: ra khỏi tổ chức 01/06/2024"),
    ]
    assert record_history(shared(district), "member", HOA) == []
    assert record_history(shared(district), "grassroots_union", UNION_A) == []


def _main(argv: list[str], monkeypatch: pytest.MonkeyPatch) -> int:
    if "desktop.cli.audit" not in parser.COMMAND_MODULES:  # until the parser lists it
        monkeypatch.setattr(
            parser, "COMMAND_MODULES", (*parser.COMMAND_MODULES, "desktop.cli.audit")
        )
    return main(argv)


def test_the_command_prints_the_log_as_text_and_json(
    district: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    assert _main(["audit", "--db", str(district), "--actor", "minh"], monkeypatch) == 0
    assert capsys.readouterr().out == (
        "05/04/2024 00:30\tminh\tXuất danh sách\tMember-list → ds.xlsx\t\n"
    )
    assert _main(["audit", "--db", str(district), "--record", AN, "--limit", "1"], monkeypatch) == 0
    assert capsys.readouterr().out == (
        "\t".join(
            (
                list_entries(shared(district)).rows[0].when,
                "lan",
                "Sửa",
                "Đoàn viên Nguyễn Văn Ân: ra khỏi tổ chức 01/06/2024",
                "",
            )
        )
        + "\n"
    )
    argv = ["audit", "--db", str(district), "--from", "05/04/2024", "--to", "2024-04-05"]
    assert _main([*argv, "--format", "json"], monkeypatch) == 0
    assert json.loads(capsys.readouterr().out) == [
        {
            "id": list_entries(shared(district), AuditFilter(actor="minh")).rows[0].id,
            "at": "2024-04-05T00:30:00+07:00",
            "actor": "minh",
            "action": "export",
            "action_label": "Xuất danh sách",
            "subject": "Member-list → ds.xlsx",
            "record_table": "",
            "record_id": "",
            "changes": {},
            "lines": [],
        }
    ]
    assert _main(["audit", "--db", str(district), "--search", "khong ai"], monkeypatch) == 0
    assert capsys.readouterr().out == "Không có mục nhật ký nào khớp.\n"


def test_the_command_refuses_a_wrong_date_or_range(
    district: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    with pytest.raises(SystemExit) as usage:
        _main(["audit", "--db", str(district), "--from", "31/02/2024"], monkeypatch)
    assert usage.value.code == 2
    assert "Ngày «31/02/2024» không hợp lệ: hãy viết ngày/tháng/năm, ví dụ 05/04/2024." in (
        capsys.readouterr().err
    )
    argv = ["audit", "--db", str(district), "--from", "06/04/2024", "--to", "05/04/2024"]
    assert _main(argv, monkeypatch) == 1
    assert capsys.readouterr().err == "--from (06/04/2024) phải không muộn hơn --to (05/04/2024).\n"
    assert _main(["audit", "--db", str(district), "--limit", "0"], monkeypatch) == 1
    assert capsys.readouterr().err == "--limit phải là số dương (đã ghi 0).\n"


def test_a_long_search_stops_when_cancelled(tmp_path: Path) -> None:
    path = make_district(tmp_path / "d.sqlite", [("Nguyễn Văn An", "male", "083080123456")])
    _append(path, datetime(2024, 1, 1), *(NewEntry("view", f"lần xem {n}") for n in range(5000)))
    token = CancelToken()
    token.cancel()
    with pytest.raises(Cancelled):
        list_entries(shared(path), AuditFilter(text="khong ai"), token=token)
    assert (
        list_entries(shared(path), AuditFilter(text="LAN XEM 4999")).rows[0].subject
        == "Lần xem 4999"
    )


def test_the_command_keeps_one_entry_a_line(
    district: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    from desktop.services.audit import record

    record(shared(district), "view", "Nơi nhận:\n- Như trên;\n- Lưu: VT.")
    assert _main(["audit", "--db", str(district), "--search", "noi nhan"], monkeypatch) == 0
    printed = capsys.readouterr().out
    assert printed.count("\n") == 1
    assert "Nơi nhận: / - Như trên; / - Lưu: VT." in printed


def test_the_log_reads_alike_on_both_stores(
    db_target: str, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """Filters, the tone-blind search, pages and the names of linked records, on a file and on
    a province's PostgreSQL database."""
    from desktop.models import GrassrootsUnion, Office

    store = Store(db_target)
    with store.session() as s:
        s.add(Office(role="district", kind="district_federation", code="LDLD-THU", name="LĐLĐ"))
        union = GrassrootsUnion(name="CĐCS Trường Tiểu học An Hòa", sector="state")
        s.add(union)
    for minute, (who, detail) in enumerate(
        [("lan", "Xuất danh sách Đức Hòa"), ("minh", f"CĐCS {union.id}: in"), ("lan", "xem")]
    ):
        with store.unit_of_work() as uow:
            at = datetime(2024, 4, 5, 3, minute)
            append(uow.connection, [NewEntry("export", detail, actor=who)], at)
    found = list_entries(store, AuditFilter(text="duc hoa"))
    assert [r.subject for r in found.rows] == ["Xuất danh sách Đức Hòa"]
    assert found.rows[0].when == "05/04/2024 10:00"
    mine = list_entries(store, AuditFilter(actor="lan"), limit=1)
    assert ([r.subject for r in mine.rows], mine.more) == (["Xem"], True)
    rest = list_entries(store, AuditFilter(actor="lan"), before=mine.next_before)
    assert ([r.subject for r in rest.rows], rest.more) == (["Xuất danh sách Đức Hòa"], False)
    named = list_entries(store, AuditFilter(actor="minh")).rows
    assert [r.subject for r in named] == ["CĐCS CĐCS Trường Tiểu học An Hòa: in"]
    assert "lan" in actors(store) and "minh" in actors(store)
    assert [code for code, _ in actions(store) if code == "export"] == ["export"]
    store.close()
    assert _main(["audit", "--db", db_target, "--search", "DUC HOA"], monkeypatch) == 0
    assert capsys.readouterr().out == (
        "05/04/2024 10:00\tlan\tXuất danh sách\tXuất danh sách Đức Hòa\t\n"
    )
