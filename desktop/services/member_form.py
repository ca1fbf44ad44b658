"""The member form: what to fix in each field, and saving a member with the event that brings
them in (kết nạp, or chuyển đến from another upper union).

Checks return Vietnamese sentences keyed by field so the form can show each one beside its field;
a save is one transaction (the member, its first event and the audit row together).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING

from desktop.citizen_id import citizen_id_problems, digits_only
from desktop.errors import UserError
from desktop.services.member_events import (
    GONE,
    audit_in,
    citizen_id_holder,
    clash_message,
    union_alive,
)
from desktop.text import clean

if TYPE_CHECKING:
    from sqlalchemy.orm import Session

    from desktop.services.member_search import MemberRow
    from desktop.store import Store

MIN_JOIN_AGE = 15
# Vietnamese phone numbers: 10 digits (mobile), 11 (landline with area code); +84 stands for 0.
PHONE_CHARS = re.compile(r"^\+?[0-9 .\-()]+$")
PHONE_DIGITS = (10, 11)
ARRIVALS = {"admitted": "Kết nạp mới", "transferred_in": "Chuyển đến từ đơn vị khác"}
DATE_LABELS = {
    "birth_date": "Ngày sinh",
    "joined_on": "Ngày vào công đoàn",
    "arrived_on": "Ngày chuyển đến",
    "party_introduced_on": "Ngày giới thiệu cho Đảng",
    "smartca_installed_on": "Ngày cài SmartCA",
}


@dataclass
class MemberInput:
    """What the form holds. `arrival` and `arrived_on` matter only for a new member."""

    full_name: str
    gender: str
    union_id: str
    birth_date: date | None = None
    citizen_id: str = ""
    card_number: str = ""
    phone: str = ""
    ethnicity: str = "Kinh"
    job_title: str = ""
    joined_on: date | None = None
    household_status: str | None = None
    party_introduced_on: date | None = None
    smartca_installed_on: date | None = None
    note: str = ""
    arrival: str = "admitted"
    arrived_on: date | None = None


def _years_after(day: date, years: int) -> date:
    try:
        return day.replace(year=day.year + years)
    except ValueError:  # 29 February
        return day.replace(year=day.year + years, day=28)


def phone_problem(phone: str) -> str | None:
    """Phones stay text as typed (spaces, +84); only the count of digits is checked."""
    typed = phone.strip()
    if not typed:
        return None
    digits = "".join(ch for ch in typed if ch.isdigit())
    if typed.startswith("+84"):
        digits = "0" + digits[2:]
    if not PHONE_CHARS.match(typed) or len(digits) not in PHONE_DIGITS:
        return (
            f"Số điện thoại «{typed}» cần 10 chữ số (di động) hoặc 11 chữ số (cố định), "
            "ví dụ 0913 456 789 hoặc +84 913 456 789."
        )
    return None


def _date_problems(data: MemberInput, new: bool, today: date) -> dict[str, str]:
    found: dict[str, str] = {}
    for key, label in DATE_LABELS.items():
        day = getattr(data, key)
        if day is not None and day > today:
            found[key] = f"{label} {day:%d/%m/%Y} ở tương lai."
    born, joined = data.birth_date, data.joined_on
    if born is None and "birth_date" not in found:
        found["birth_date"] = "Nhập ngày sinh (dd/mm/yyyy)."
    elif born is not None and born.year < 1900 and "birth_date" not in found:
        found["birth_date"] = f"Ngày sinh {born:%d/%m/%Y} không hợp lệ: năm sinh từ 1900 trở đi."
    if new and joined is None:
        found["joined_on"] = "Nhập ngày vào công đoàn (ngày kết nạp)."
    if "birth_date" in found:
        born = None  # one wrong date is one message, not three
    if "joined_on" in found:
        joined = None
    if born and joined and joined < _years_after(born, MIN_JOIN_AGE):
        found["joined_on"] = (
            f"Ngày vào công đoàn {joined:%d/%m/%Y} chưa đủ {MIN_JOIN_AGE} tuổi "
            f"(sinh {born:%d/%m/%Y}); kiểm tra lại hai ngày."
        )
        joined = None
    if new and data.arrival == "transferred_in" and "arrived_on" not in found:
        if data.arrived_on is None:
            found["arrived_on"] = "Nhập ngày chuyển đến đơn vị."
        elif joined and data.arrived_on < joined:
            found["arrived_on"] = (
                f"Ngày chuyển đến {data.arrived_on:%d/%m/%Y} trước ngày vào công đoàn "
                f"{joined:%d/%m/%Y}."
            )
    for key, label in (
        ("party_introduced_on", "giới thiệu cho Đảng"),
        ("smartca_installed_on", "cài SmartCA"),
    ):
        day = getattr(data, key)
        if day and joined and key not in found and day < joined:
            found[key] = f"Ngày {label} {day:%d/%m/%Y} trước ngày vào công đoàn {joined:%d/%m/%Y}."
    return found


def member_problems(
    store: Store, data: MemberInput, member_id: str | None = None, today: date | None = None
) -> dict[str, str]:
    """Field → what to fix; empty when the member can be saved."""
    with store.session() as s:
        return _problems(s, data, member_id, today or date.today())


def _problems(s: Session, data: MemberInput, member_id: str | None, today: date) -> dict[str, str]:
    found: dict[str, str] = {}
    name = clean(data.full_name)
    if not name:
        found["full_name"] = "Nhập họ và tên."
    elif len(name.split()) < 2:
        found["full_name"] = f"«{name}»: nhập đủ họ và tên (ít nhất hai chữ)."
    if data.gender not in ("male", "female"):
        found["gender"] = "Chọn giới tính Nam hoặc Nữ."
    if member_id is None and data.arrival not in ARRIVALS:
        found["arrival"] = "Chọn hình thức: kết nạp mới hoặc chuyển đến từ đơn vị khác."
    found.update(_date_problems(data, member_id is None, today))
    number = digits_only(data.citizen_id)
    born = None if "birth_date" in found else data.birth_date
    problems = citizen_id_problems(number, data.gender if "gender" not in found else None, born)
    if problems:
        found["citizen_id"] = " ".join(problems)
    elif number:
        holder = citizen_id_holder(s, number, member_id)
        if holder:
            found["citizen_id"] = clash_message(number, holder)
    phone = phone_problem(data.phone)
    if phone:
        found["phone"] = phone
    if member_id is None and not union_alive(s, data.union_id):
        found["union_id"] = "Chọn công đoàn cơ sở đang hoạt động."
    return found


def open_member(store: Store, member_id: str) -> tuple[MemberRow, str] | None:
    """The member as stored now and the version a save from the form must still find (None
    when the member is gone)."""
    from sqlalchemy import text

    from desktop.services.member_search import rows_in

    with store.reading() as con:  # one snapshot: the fields and their version agree
        rows = rows_in(con, [member_id])
        stamp = con.execute(
            text("SELECT updated_at FROM member WHERE id = :id AND deleted_at IS NULL"),
            {"id": member_id},
        ).first()
    if not rows or stamp is None:
        return None
    return rows[0], str(stamp[0] or "")


def save_member(
    store: Store,
    data: MemberInput,
    member_id: str | None = None,
    today: date | None = None,
    version: str | None = None,
) -> str:
    """Add a member (with the event that brings them in) or update one; returns the member id.

    Setting or changing the household status also records a household review dated `today`, in
    the same transaction. Every problem is raised at once, field by field, in one `UserError`.
    An update from a form passes the `version` it read (`open_member`): when the member changed
    since, `StaleRecord` says what changed them and nothing is written.
    """
    from desktop.models import HouseholdReview, Member, MemberEvent
    from desktop.models.member_row import member_values
    from desktop.services.stale import claim

    today = today or date.today()
    name = clean(data.full_name)
    with store.unit_of_work() as uow:
        s = uow.session
        if member_id:
            claim(s, "member", member_id, version)  # the write lock, before any read
        found = _problems(s, data, member_id, today)
        if found:
            raise UserError(" ".join(found.values()))
        member = s.get(Member, member_id) if member_id else None
        if member_id and (member is None or member.deleted_at is not None):
            raise UserError(GONE)
        new = member is None
        household_before = None if member is None else member.household_status
        if member is None:
            member = Member(unit_code="", status="active", union_id=data.union_id)
        elif member.union_id != data.union_id:
            raise UserError("Đổi công đoàn cơ sở bằng thao tác «Chuyển sinh hoạt» để giữ lịch sử.")
        values = member_values(
            union_id=data.union_id,
            full_name=name,
            gender=data.gender,
            birth_date=data.birth_date,
            joined_on=data.joined_on,
            citizen_id=data.citizen_id,
            card_number=data.card_number,
            phone=data.phone,
            ethnicity=data.ethnicity,
            job_title=data.job_title,
            note=data.note,
            household_status=data.household_status,
            party_introduced_on=data.party_introduced_on,
            smartca_installed_on=data.smartca_installed_on,
        )
        del values["status"]  # an edit keeps the member's status; a new member starts active
        for column, value in values.items():  # one builder: the import and bundles write the same
            setattr(member, column, value)
        s.add(member)
        s.flush()
        if new:
            arrived = data.arrival == "transferred_in"
            s.add(
                MemberEvent(
                    unit_code="",
                    member_id=member.id,
                    kind=data.arrival,
                    event_date=data.arrived_on if arrived else data.joined_on,
                    to_union_id=data.union_id,
                    reason="",
                )
            )
        if data.household_status and data.household_status != household_before:
            # Target 8 reads the dated reviews, not the member's current field: a status set
            # or changed here is a review on the day it was recorded (bundles carry it too).
            s.add(
                HouseholdReview(
                    unit_code="",
                    member_id=member.id,
                    reviewed_on=today,
                    status=data.household_status,
                )
            )
        audit_in(s, "edit", f"đoàn viên {member.id}: {'thêm' if new else 'sửa'} {name}")
        saved = member.id
    return saved
