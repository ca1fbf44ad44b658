"""Admit, transfer, transfer out, leave, re-admit and undo: the history each leaves, the member's
state after it, and the audit rows written with it."""

from __future__ import annotations

import sqlite3
from datetime import date
from pathlib import Path

import pytest

from desktop.errors import UserError
from desktop.services.member_events import history, move_member, undo_last_event
from desktop.services.member_form import MemberInput, save_member
from desktop.store import shared
from tests.unit._members_fixture import UNION_A, UNION_B, make_district

TODAY = date(2024, 12, 31)
SCHOOL, POWER = "CĐCS Trường Tiểu học An Hòa", "CĐCS Điện lực Ba Tri"


@pytest.fixture
def district(tmp_path: Path) -> Path:
    return make_district(tmp_path / "d.sqlite", [("Trần Thị Hòa", "female", "083190000001")])


def _add_duc(district: Path) -> str:
    return save_member(
        shared(district),
        MemberInput(
            full_name="Nguyễn Văn Đức",
            gender="male",
            union_id=UNION_A,
            birth_date=date(1985, 4, 2),
            citizen_id="083085000101",
            joined_on=date(2010, 3, 1),
        ),
        today=TODAY,
    )


def _rows(district: Path, member_id: str) -> list[tuple[str, str, str, str, str]]:
    return [
        (h.label, f"{h.event_date:%d/%m/%Y}", h.from_union, h.to_union, h.reason)
        for h in history(shared(district), member_id)
    ]


def _state(district: Path, member_id: str) -> tuple[str, str]:
    with sqlite3.connect(district) as con:
        return con.execute(
            "SELECT status, union_id FROM member WHERE id = ?", (member_id,)
        ).fetchone()


def test_every_action_leaves_its_row_in_the_history(district: Path) -> None:
    duc = _add_duc(district)
    move_member(
        shared(district), duc, "transferred", date(2024, 3, 1), to_union_id=UNION_B, today=TODAY
    )
    assert _state(district, duc) == ("active", UNION_B)
    move_member(shared(district), duc, "left", date(2024, 5, 1), reason="Nghỉ việc", today=TODAY)
    assert _state(district, duc) == ("left", UNION_B)
    move_member(
        shared(district), duc, "readmitted", date(2024, 9, 2), to_union_id=UNION_A, today=TODAY
    )
    assert _state(district, duc) == ("active", UNION_A)
    move_member(
        shared(district),
        duc,
        "transferred_out",
        date(2024, 11, 20),
        reason="Về Tiền Giang",
        today=TODAY,
    )
    assert _state(district, duc) == ("transferred_out", UNION_A)
    assert _rows(district, duc) == [
        ("Kết nạp", "01/03/2010", "", SCHOOL, ""),
        ("Chuyển sinh hoạt", "01/03/2024", SCHOOL, POWER, ""),
        ("Ra khỏi tổ chức", "01/05/2024", POWER, "", "Nghỉ việc"),
        ("Kết nạp lại", "02/09/2024", "", SCHOOL, ""),
        ("Chuyển đi", "20/11/2024", SCHOOL, "", "Về Tiền Giang"),
    ]
    with sqlite3.connect(district) as con:
        audited = [
            r[0]
            for r in con.execute(
                "SELECT detail FROM audit_event WHERE record_table = '' ORDER BY id"
            )
        ]
    assert audited[1:] == [
        f"đoàn viên {duc}: chuyển sinh hoạt 01/03/2024",
        f"đoàn viên {duc}: ra khỏi tổ chức 01/05/2024",
        f"đoàn viên {duc}: kết nạp lại 02/09/2024",
        f"đoàn viên {duc}: chuyển đi 20/11/2024",
    ]


@pytest.mark.parametrize(
    ("kind", "on", "extra", "message"),
    [
        (
            "left",
            date(2024, 5, 1),
            {},
            "Ra khỏi tổ chức: ghi lý do (ví dụ: nghỉ việc, nghỉ hưu, tự nguyện).",
        ),
        ("left", None, {"reason": "Nghỉ hưu"}, "Ra khỏi tổ chức: nhập ngày (dd/mm/yyyy)."),
        (
            "left",
            date(2025, 1, 1),
            {"reason": "Nghỉ hưu"},
            "Ra khỏi tổ chức: ngày 01/01/2025 ở tương lai.",
        ),
        (
            "transferred_out",
            date(2009, 1, 1),
            {},
            "Chuyển đi: ngày 01/01/2009 trước biến động gần nhất (kết nạp ngày 01/03/2010).",
        ),
        (
            "transferred",
            date(2024, 3, 1),
            {"to_union_id": UNION_A},
            "Chuyển sinh hoạt: chọn một công đoàn cơ sở khác nơi đang sinh hoạt.",
        ),
        (
            "transferred",
            date(2024, 3, 1),
            {"to_union_id": "khong-co"},
            "Chuyển sinh hoạt: chọn công đoàn cơ sở đang hoạt động.",
        ),
        (
            "readmitted",
            date(2024, 3, 1),
            {"to_union_id": UNION_A},
            "Kết nạp lại: Nguyễn Văn Đức đang ở trạng thái không cho phép thao tác này.",
        ),
    ],
)
def test_refused_actions_say_why_and_change_nothing(
    district: Path, kind: str, on: date | None, extra: dict[str, str], message: str
) -> None:
    duc = _add_duc(district)
    with pytest.raises(UserError) as refused:
        move_member(shared(district), duc, kind, on, today=TODAY, **extra)  # type: ignore[arg-type]
    assert str(refused.value) == message
    assert _rows(district, duc) == [("Kết nạp", "01/03/2010", "", SCHOOL, "")]
    assert _state(district, duc) == ("active", UNION_A)


def test_undo_takes_back_the_last_movement_one_at_a_time(district: Path) -> None:
    duc = _add_duc(district)
    move_member(
        shared(district), duc, "transferred", date(2024, 3, 1), to_union_id=UNION_B, today=TODAY
    )
    move_member(shared(district), duc, "left", date(2024, 5, 1), reason="Nghỉ việc", today=TODAY)
    move_member(
        shared(district), duc, "readmitted", date(2024, 9, 2), to_union_id=UNION_A, today=TODAY
    )
    assert undo_last_event(shared(district), duc).label == "Kết nạp lại"
    assert _state(district, duc) == ("left", UNION_B)
    assert undo_last_event(shared(district), duc).label == "Ra khỏi tổ chức"
    assert _state(district, duc) == ("active", UNION_B)
    assert undo_last_event(shared(district), duc).label == "Chuyển sinh hoạt"
    assert _state(district, duc) == ("active", UNION_A)
    assert _rows(district, duc) == [("Kết nạp", "01/03/2010", "", SCHOOL, "")]
    with pytest.raises(UserError) as refused:
        undo_last_event(shared(district), duc)
    assert str(refused.value) == (
        "Không có biến động nào để hoàn tác: kết nạp là bản ghi đầu tiên của đoàn viên."
    )
    with sqlite3.connect(district) as con:
        # Undone events stay as tombstones so the province's copy learns of the undo.
        assert con.execute(
            "SELECT COUNT(*) FROM member_event WHERE member_id = ? AND deleted_at IS NOT NULL",
            (duc,),
        ).fetchone() == (3,)
        audited = [
            r[0]
            for r in con.execute(
                "SELECT detail FROM audit_event WHERE record_table = '' ORDER BY id"
            )
        ]
    assert audited[-1] == f"đoàn viên {duc}: hoàn tác chuyển sinh hoạt 01/03/2024"


def test_readmission_and_undo_refuse_a_citizen_id_someone_else_now_holds(district: Path) -> None:
    duc = _add_duc(district)
    move_member(shared(district), duc, "left", date(2024, 5, 1), reason="Nghỉ việc", today=TODAY)
    # While he was away, the same number was given to a new member (a typing mistake somewhere).
    save_member(
        shared(district),
        MemberInput(
            full_name="Võ Văn Tâm",
            gender="male",
            union_id=UNION_B,
            birth_date=date(1985, 7, 7),
            citizen_id="083085000101",
            joined_on=date(2024, 6, 1),
        ),
        today=TODAY,
    )
    clash = (
        "Số CCCD 083085000101 đã thuộc đoàn viên Võ Văn Tâm (CĐCS Điện lực Ba Tri) đang sinh "
        "hoạt; mỗi số CCCD chỉ của một đoàn viên đang sinh hoạt."
    )
    with pytest.raises(UserError) as refused:
        move_member(
            shared(district), duc, "readmitted", date(2024, 9, 2), to_union_id=UNION_A, today=TODAY
        )
    assert str(refused.value) == f"Kết nạp lại: {clash}"
    with pytest.raises(UserError) as refused:
        undo_last_event(shared(district), duc)
    assert str(refused.value) == f"Không hoàn tác được «ra khỏi tổ chức»: {clash}"
    assert _state(district, duc) == ("left", UNION_A)
