"""The member form's checks, saving, and the events that move a member, with their history."""

from __future__ import annotations

import sqlite3
from datetime import date
from pathlib import Path

import pytest

from desktop.errors import UserError
from desktop.services.member_records import (
    MemberInput,
    history,
    member_problems,
    move_member,
    save_member,
    undo_last_event,
)
from desktop.services.member_search import search
from tests.unit._members_fixture import UNION_A, UNION_B, make_district

TODAY = date(2024, 12, 31)


@pytest.fixture
def district(tmp_path: Path) -> Path:
    # Hòa holds 083190000001 as an active member of union A.
    return make_district(tmp_path / "d.sqlite", [("Trần Thị Hòa", "female", "083190000001")])


def _duc(**changes: object) -> MemberInput:
    data = MemberInput(
        full_name="Nguyễn Văn Đức",
        gender="male",
        union_id=UNION_A,
        birth_date=date(1985, 4, 2),
        citizen_id="083085000101",
        joined_on=date(2010, 3, 1),
        phone="0913 456 789",
    )
    for key, value in changes.items():
        setattr(data, key, value)
    return data


@pytest.mark.parametrize(
    ("changes", "field", "message"),
    [
        ({"full_name": " "}, "full_name", "Nhập họ và tên."),
        ({"full_name": "Đức"}, "full_name", "«Đức»: nhập đủ họ và tên (ít nhất hai chữ)."),
        ({"gender": ""}, "gender", "Chọn giới tính Nam hoặc Nữ."),
        ({"birth_date": date(2025, 1, 1)}, "birth_date", "Ngày sinh 01/01/2025 ở tương lai."),
        (
            {"joined_on": date(1999, 4, 1)},
            "joined_on",
            "Ngày vào công đoàn 01/04/1999 chưa đủ 15 tuổi (sinh 02/04/1985); kiểm tra lại hai ngày.",
        ),
        (
            {"party_introduced_on": date(2009, 1, 1)},
            "party_introduced_on",
            "Ngày giới thiệu cho Đảng 01/01/2009 trước ngày vào công đoàn 01/03/2010.",
        ),
        (
            {"citizen_id": "083185000101"},
            "citizen_id",
            "Số CCCD «083185000101»: chữ số thứ tư «1» là của nữ, nhưng giới tính đã nhập là nam.",
        ),
        (
            {"citizen_id": "083190000001", "gender": "female", "birth_date": date(1990, 1, 1)},
            "citizen_id",
            "Số CCCD 083190000001 đã thuộc đoàn viên Trần Thị Hòa (CĐCS Trường Tiểu học An Hòa) "
            "đang sinh hoạt; mỗi số CCCD chỉ của một đoàn viên đang sinh hoạt.",
        ),
        (
            {"phone": "09x3 456"},
            "phone",
            "Số điện thoại «09x3 456» chỉ gồm chữ số (9–11 số), có thể có dấu +.",
        ),
        ({"union_id": "khong-co"}, "union_id", "Chọn công đoàn cơ sở đang hoạt động."),
    ],
)
def test_each_rule_says_what_to_fix(
    district: Path, changes: dict[str, object], field: str, message: str
) -> None:
    assert member_problems(district, _duc(**changes), today=TODAY) == {field: message}
    with pytest.raises(UserError):
        save_member(district, _duc(**changes), today=TODAY)
    assert [m.full_name for m in search(district)] == ["Trần Thị Hòa"]


def test_a_valid_member_is_saved_clean_and_admitted_on_the_join_date(district: Path) -> None:
    assert member_problems(district, _duc(), today=TODAY) == {}
    member_id = save_member(district, _duc(full_name=" Nguyễn  Văn Đức "), today=TODAY)
    [row] = [m for m in search(district, "duc")]
    assert (row.full_name, row.citizen_id, row.phone) == (
        "Nguyễn Văn Đức",
        "083085000101",
        "0913 456 789",
    )
    assert [(h.label, h.event_date, h.to_union) for h in history(district, member_id)] == [
        ("Kết nạp", date(2010, 3, 1), "CĐCS Trường Tiểu học An Hòa")
    ]
    # Editing keeps the one admission; the citizen ID stays his.
    save_member(district, _duc(job_title="Giáo viên"), member_id, today=TODAY)
    assert len(history(district, member_id)) == 1
    with pytest.raises(UserError, match="Chuyển sinh hoạt"):
        save_member(district, _duc(union_id=UNION_B), member_id, today=TODAY)


def test_events_move_the_member_and_leave_a_history_that_undo_takes_back(district: Path) -> None:
    member_id = save_member(district, _duc(), today=TODAY)
    move_member(
        district, member_id, "transferred", date(2024, 3, 1), to_union_id=UNION_B, today=TODAY
    )
    with pytest.raises(UserError, match="ghi lý do"):
        move_member(district, member_id, "left", date(2024, 5, 1), today=TODAY)
    with pytest.raises(UserError, match="trước biến động gần nhất"):
        move_member(district, member_id, "left", date(2024, 2, 1), reason="Nghỉ việc", today=TODAY)
    move_member(district, member_id, "left", date(2024, 5, 1), reason="Nghỉ việc", today=TODAY)
    with pytest.raises(UserError, match="không cho phép"):
        move_member(district, member_id, "transferred_out", date(2024, 6, 1), today=TODAY)
    move_member(
        district, member_id, "readmitted", date(2024, 9, 2), to_union_id=UNION_A, today=TODAY
    )
    assert [
        (h.label, h.event_date, h.from_union, h.to_union, h.reason)
        for h in history(district, member_id)
    ] == [
        ("Kết nạp", date(2010, 3, 1), "", "CĐCS Trường Tiểu học An Hòa", ""),
        (
            "Chuyển sinh hoạt",
            date(2024, 3, 1),
            "CĐCS Trường Tiểu học An Hòa",
            "CĐCS Điện lực Ba Tri",
            "",
        ),
        ("Ra khỏi tổ chức", date(2024, 5, 1), "CĐCS Điện lực Ba Tri", "", "Nghỉ việc"),
        ("Kết nạp lại", date(2024, 9, 2), "", "CĐCS Trường Tiểu học An Hòa", ""),
    ]
    with sqlite3.connect(district) as con:
        state = lambda: con.execute(  # noqa: E731
            "SELECT status, union_id FROM member WHERE id = ?", (member_id,)
        ).fetchone()
        assert state() == ("active", UNION_A)
        assert undo_last_event(district, member_id).label == "Kết nạp lại"
        assert state() == ("left", UNION_B)
        undo_last_event(district, member_id)
        assert state() == ("active", UNION_B)
        undo_last_event(district, member_id)
        assert state() == ("active", UNION_A)
        with pytest.raises(UserError, match="Không có biến động nào để hoàn tác"):
            undo_last_event(district, member_id)
        # Undone events stay as tombstones so the province learns of the undo.
        assert con.execute(
            "SELECT COUNT(*) FROM member_event WHERE member_id = ? AND deleted_at IS NOT NULL",
            (member_id,),
        ).fetchone() == (3,)
