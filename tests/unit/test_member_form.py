"""The member form's checks, field by field, and saving a member with the event that brings
them in. Every message is written out as staff will read it."""

from __future__ import annotations

import re
import sqlite3
from datetime import date
from pathlib import Path

import pytest

from desktop.errors import UserError
from desktop.services.member_events import history, move_member
from desktop.services.member_form import MemberInput, member_problems, save_member
from desktop.services.member_search import search
from desktop.store import shared
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


def _problems(district: Path, **changes: object) -> dict[str, str]:
    return member_problems(shared(district), _duc(**changes), today=TODAY)


@pytest.mark.parametrize(
    ("changes", "field", "message"),
    [
        ({"full_name": " "}, "full_name", "Nhập họ và tên."),
        ({"full_name": "Đức"}, "full_name", "«Đức»: nhập đủ họ và tên (ít nhất hai chữ)."),
        ({"gender": ""}, "gender", "Chọn giới tính Nam hoặc Nữ."),
        ({"birth_date": None, "citizen_id": ""}, "birth_date", "Nhập ngày sinh (dd/mm/yyyy)."),
        ({"birth_date": date(2025, 1, 1)}, "birth_date", "Ngày sinh 01/01/2025 ở tương lai."),
        (
            {"birth_date": date(1899, 12, 31), "citizen_id": ""},
            "birth_date",
            "Ngày sinh 31/12/1899 không hợp lệ: năm sinh từ 1900 trở đi.",
        ),
        ({"joined_on": None}, "joined_on", "Nhập ngày vào công đoàn (ngày kết nạp)."),
        (
            {"joined_on": date(2025, 1, 2)},
            "joined_on",
            "Ngày vào công đoàn 02/01/2025 ở tương lai.",
        ),
        (
            {"joined_on": date(2000, 4, 1)},
            "joined_on",
            "Ngày vào công đoàn 01/04/2000 chưa đủ 15 tuổi (sinh 02/04/1985); kiểm tra lại hai ngày.",
        ),
        (
            {"party_introduced_on": date(2009, 1, 1)},
            "party_introduced_on",
            "Ngày giới thiệu cho Đảng 01/01/2009 trước ngày vào công đoàn 01/03/2010.",
        ),
        (
            {"smartca_installed_on": date(2010, 2, 28)},
            "smartca_installed_on",
            "Ngày cài SmartCA 28/02/2010 trước ngày vào công đoàn 01/03/2010.",
        ),
        (
            {"phone": "09x3 456 789"},
            "phone",
            "Số điện thoại «09x3 456 789» cần 10 chữ số (di động) hoặc 11 chữ số (cố định), "
            "ví dụ 0913 456 789 hoặc +84 913 456 789.",
        ),
        (
            {"phone": "0913 456"},
            "phone",
            "Số điện thoại «0913 456» cần 10 chữ số (di động) hoặc 11 chữ số (cố định), "
            "ví dụ 0913 456 789 hoặc +84 913 456 789.",
        ),
        ({"union_id": "khong-co"}, "union_id", "Chọn công đoàn cơ sở đang hoạt động."),
        (
            {"arrival": "transferred_in"},
            "arrived_on",
            "Nhập ngày chuyển đến đơn vị.",
        ),
        (
            {"arrival": "transferred_in", "arrived_on": date(2009, 12, 31)},
            "arrived_on",
            "Ngày chuyển đến 31/12/2009 trước ngày vào công đoàn 01/03/2010.",
        ),
    ],
)
def test_each_rule_says_what_to_fix_and_nothing_is_saved(
    district: Path, changes: dict[str, object], field: str, message: str
) -> None:
    assert _problems(district, **changes) == {field: message}
    with pytest.raises(UserError, match=re.escape(message)):
        save_member(shared(district), _duc(**changes), today=TODAY)
    assert [m.full_name for m in search(shared(district))] == ["Trần Thị Hòa"]


def test_joined_exactly_at_fifteen_and_phones_as_people_write_them_pass(district: Path) -> None:
    assert _problems(district, joined_on=date(2000, 4, 2)) == {}
    for phone in ("0913456789", "0913 456 789", "+84 913 456 789", "0275 3812 345", ""):
        assert _problems(district, phone=phone) == {}, phone


# Every citizen-ID rule through the form: (number that passes, number that fails, message).
# Đức is a man born 02/04/1985, so his number reads 083 0 85 NNNNNN.
CITIZEN_ID_RULES = [
    ("083085000101", "08308500010", "Số CCCD «08308500010» có 11 chữ số; cần đúng 12 chữ số."),
    ("083 085 000101", "08308500010A", "Số CCCD «08308500010A» chỉ được gồm chữ số (12 chữ số)."),
    (
        "001085000101",
        "099085000101",
        "Số CCCD «099085000101»: ba số đầu «099» không phải mã tỉnh nơi đăng ký khai sinh.",
    ),
    (
        "083085000101",
        "083285000101",
        "Số CCCD «083285000101»: chữ số thứ tư «2» dành cho người sinh 2000–2099, "
        "nhưng năm sinh là 1985.",
    ),
    (
        "083085000101",
        "083086000101",
        "Số CCCD «083086000101»: chữ số thứ năm và sáu «86» phải là hai số cuối của năm sinh (85).",
    ),
    (
        "083085000101",
        "083185000101",
        "Số CCCD «083185000101»: chữ số thứ tư «1» là của nữ, nhưng giới tính đã nhập là nam.",
    ),
]


@pytest.mark.parametrize(("good", "bad", "message"), CITIZEN_ID_RULES)
def test_every_citizen_id_rule_passes_and_fails_in_the_form(
    district: Path, good: str, bad: str, message: str
) -> None:
    assert _problems(district, citizen_id=good) == {}
    assert _problems(district, citizen_id=bad) == {"citizen_id": message}


def test_a_woman_born_in_2003_has_digit_3(district: Path) -> None:
    lan = {"full_name": "Lê Thị Lan", "gender": "female", "birth_date": date(2003, 11, 30)}
    joined = {"joined_on": date(2022, 5, 1)}
    assert _problems(district, citizen_id="079303000001", **lan, **joined) == {}
    assert _problems(district, citizen_id="079203000001", **lan, **joined) == {
        "citizen_id": "Số CCCD «079203000001»: chữ số thứ tư «2» là của nam, "
        "nhưng giới tính đã nhập là nữ."
    }


def test_citizen_id_unique_among_active_members_naming_the_holder(district: Path) -> None:
    hoa = {"full_name": "Trần Thị Hoa", "gender": "female", "birth_date": date(1990, 1, 1)}
    assert _problems(district, citizen_id="083190000001", **hoa) == {
        "citizen_id": "Số CCCD 083190000001 đã thuộc đoàn viên Trần Thị Hòa "
        "(CĐCS Trường Tiểu học An Hòa) đang sinh hoạt; "
        "mỗi số CCCD chỉ của một đoàn viên đang sinh hoạt."
    }
    # Once the holder has left, the number is free (people come back years later).
    [holder] = search(shared(district))
    move_member(
        shared(district), holder.id, "left", date(2024, 6, 1), reason="Nghỉ việc", today=TODAY
    )
    assert _problems(district, citizen_id="083190000001", **hoa) == {}


def test_a_valid_member_is_saved_clean_and_admitted_on_the_join_date(district: Path) -> None:
    assert _problems(district) == {}
    member_id = save_member(shared(district), _duc(full_name=" Nguyễn  Văn Đức "), today=TODAY)
    [row] = search(shared(district), "duc")
    assert (row.full_name, row.citizen_id, row.phone) == (
        "Nguyễn Văn Đức",
        "083085000101",
        "0913 456 789",  # a phone stays text as typed
    )
    assert [(h.label, h.event_date, h.to_union) for h in history(shared(district), member_id)] == [
        ("Kết nạp", date(2010, 3, 1), "CĐCS Trường Tiểu học An Hòa")
    ]
    # Editing keeps the one admission and his own citizen ID is no clash.
    save_member(shared(district), _duc(job_title="Giáo viên"), member_id, today=TODAY)
    assert len(history(shared(district), member_id)) == 1
    with pytest.raises(UserError, match="Chuyển sinh hoạt"):
        save_member(shared(district), _duc(union_id=UNION_B), member_id, today=TODAY)
    with sqlite3.connect(district) as con:
        audited = [
            r[0]
            for r in con.execute(
                "SELECT detail FROM audit_event WHERE record_table = '' ORDER BY id"
            )
        ]
    assert audited == [
        f"đoàn viên {member_id}: thêm Nguyễn Văn Đức",
        f"đoàn viên {member_id}: sửa Nguyễn Văn Đức",
    ]


def test_a_member_transferred_in_is_not_a_new_admission(district: Path) -> None:
    member_id = save_member(
        shared(district),
        _duc(arrival="transferred_in", arrived_on=date(2024, 8, 15)),
        today=TODAY,
    )
    assert [
        (h.kind, h.label, h.event_date, h.to_union) for h in history(shared(district), member_id)
    ] == [("transferred_in", "Chuyển đến", date(2024, 8, 15), "CĐCS Trường Tiểu học An Hòa")]
    [row] = search(shared(district), "duc")
    assert row.joined_on == date(2010, 3, 1)  # the union age counts from the first union
