"""`uniondesk check` on both stores: a whole database passes (exit 0); an audit entry altered
with the append-only rule switched off, as a tamperer with a database tool would, is named."""

from __future__ import annotations

from datetime import date, datetime

import pytest
from sqlalchemy import text

from desktop.app import main
from desktop.models import GrassrootsUnion, Office
from desktop.services.audit_chain import NewEntry, append
from desktop.store import Store

pytestmark = pytest.mark.usefixtures("vietnam_clock")  # the office reads times at UTC+7

ALTERED = (
    "[LỖI] Nhật ký hoạt động không còn nguyên vẹn: mục số 3 (lúc 05/04/2024 10:10) đã bị sửa "
    "sau khi ghi."
)
UNGUARDED = "[LỖI] Nhật ký hoạt động mất lớp bảo vệ chỉ-ghi-thêm"
SWITCH_OFF = {
    "sqlite": (
        "DROP TRIGGER audit_event_append_only_update",
        "DROP TRIGGER audit_event_append_only_delete",
    ),
    "postgresql": ("ALTER TABLE audit_event DISABLE TRIGGER USER",),
}


@pytest.fixture
def office(db_target: str) -> str:
    """An office with one union: entries 1-2 by the ORM, 3-4 appended at known times."""
    store = Store(db_target)
    with store.session() as s:
        s.add(Office(role="district", kind="district_federation", code="LDLD-THU", name="LĐLĐ"))
        s.add(GrassrootsUnion(name="CĐCS A", name_key="cdcs a", sector="state"))
    for minute in (10, 20):
        with store.unit_of_work() as uow:
            entry = NewEntry("export", f"danh sách lúc {minute}", actor="lan")
            append(uow.connection, [entry], datetime(2024, 4, 5, 3, minute))
    store.close()
    return db_target


def test_a_whole_database_passes(office: str, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["check", "--db", office]) == 0
    out = capsys.readouterr().out
    assert "Mục nhật ký hoạt động: 4" in out
    assert "Công đoàn cơ sở đang hoạt động: 1" in out
    assert "Không phát hiện lỗi." in out


def test_an_altered_entry_is_named(office: str, capsys: pytest.CaptureFixture[str]) -> None:
    store = Store(office, migrate=False)
    with store.engine.begin() as con:
        for statement in SWITCH_OFF[store.kind]:
            con.execute(text(statement))
        con.execute(text("UPDATE audit_event SET detail = 'không có gì' WHERE id = 3"))
    store.close()
    assert main(["check", "--db", office]) == 1
    lines = capsys.readouterr().out.splitlines()
    assert ALTERED in lines
    assert any(line.startswith(UNGUARDED) for line in lines)
    assert "    - audit_event_append_only_update" in lines


def test_the_consistency_checks_find_the_same_on_both(
    office: str, capsys: pytest.CaptureFixture[str]
) -> None:
    """A citizen ID with a letter, a member who joined at 10, a movement dated next year, a
    member with no admission: each counted once, on either store."""
    from desktop.models import Member, MemberEvent

    store = Store(office)
    with store.session() as s:
        union = s.query(GrassrootsUnion).one()
        joined = Member(
            union_id=union.id,
            full_name="Lê Văn Bình",
            gender="male",
            citizen_id="08308012345A",
            birth_date=date(2000, 1, 1),
            joined_on=date(2010, 1, 1),
        )
        never = Member(union_id=union.id, full_name="Trần Thị Cúc", gender="female")
        s.add_all([joined, never])
        s.flush()
        s.add(MemberEvent(member_id=joined.id, kind="admitted", event_date=date(2099, 1, 1)))
    store.close()
    assert main(["check", "--db", office]) == 1
    lines = capsys.readouterr().out.splitlines()
    assert "[LỖI] Số CCCD không đủ 12 chữ số: 1" in lines
    assert "    - Lê Văn Bình (08308012345A)" in lines
    assert "[CẢNH BÁO] Ngày vào công đoàn sớm hơn 15 năm sau ngày sinh: 1" in lines
    assert "[CẢNH BÁO] Biến động đoàn viên ghi ngày trong tương lai: 1" in lines
    assert "    - Lê Văn Bình – admitted 2099-01-01" in lines
    assert (
        "[CẢNH BÁO] Đoàn viên chưa có biến động kết nạp (không tính được vào chỉ tiêu): 1" in lines
    )


def test_a_server_that_does_not_answer_is_said_without_its_password(
    capsys: pytest.CaptureFixture[str],
) -> None:
    assert main(["check", "--db", "postgresql://tinh:bí-mật@127.0.0.1:1/congdoan"]) == 1
    said = capsys.readouterr().err
    assert said.startswith(
        "Không kết nối được cơ sở dữ liệu postgresql://tinh:***@127.0.0.1:1/congdoan: "
    )
    assert "bí-mật" not in said
