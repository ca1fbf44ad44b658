"""A member's record: the form's checks, saving it, and the dated events that move a member.

Every check returns Vietnamese sentences keyed by field so the form can show each beside its field;
every write is one transaction (the member and its event together) and is audited.
"""

from __future__ import annotations

import re
import sqlite3
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from desktop.citizen_id import citizen_id_problems, digits_only
from desktop.errors import UserError
from desktop.text import clean

PHONE = re.compile(r"^\+?[0-9 .\-]{9,15}$")
MIN_JOIN_AGE = 15
EVENT_LABELS = {
    "admitted": "Kết nạp",
    "readmitted": "Kết nạp lại",
    "transferred_in": "Chuyển đến",
    "transferred": "Chuyển sinh hoạt",
    "transferred_out": "Chuyển đi",
    "left": "Ra khỏi tổ chức",
}


@dataclass
class MemberInput:
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


def _ro(db_path: Path) -> sqlite3.Connection:
    return sqlite3.connect(f"file:{db_path}?mode=ro", uri=True)


def _years_after(day: date, years: int) -> date:
    try:
        return day.replace(year=day.year + years)
    except ValueError:  # 29 February
        return day.replace(year=day.year + years, day=28)


def member_problems(
    db_path: Path, data: MemberInput, member_id: str | None = None, today: date | None = None
) -> dict[str, str]:
    """Field → what to fix; empty when the member can be saved."""
    today = today or date.today()
    found: dict[str, str] = {}
    name = clean(data.full_name)
    if not name:
        found["full_name"] = "Nhập họ và tên."
    elif len(name.split()) < 2:
        found["full_name"] = f"«{name}»: nhập đủ họ và tên (ít nhất hai chữ)."
    if data.gender not in ("male", "female"):
        found["gender"] = "Chọn giới tính Nam hoặc Nữ."
    for key, label, day in (
        ("birth_date", "Ngày sinh", data.birth_date),
        ("joined_on", "Ngày vào công đoàn", data.joined_on),
        ("party_introduced_on", "Ngày giới thiệu cho Đảng", data.party_introduced_on),
        ("smartca_installed_on", "Ngày cài SmartCA", data.smartca_installed_on),
    ):
        if day is not None and day > today:
            found[key] = f"{label} {day:%d/%m/%Y} ở tương lai."
    born, joined = data.birth_date, data.joined_on
    if born is not None and born.year < 1900 and "birth_date" not in found:
        found["birth_date"] = f"Ngày sinh {born:%d/%m/%Y} không hợp lệ."
    if "birth_date" in found:
        born = None  # one wrong date is one message, not three
    if born and joined and "joined_on" not in found and joined < _years_after(born, MIN_JOIN_AGE):
        found["joined_on"] = (
            f"Ngày vào công đoàn {joined:%d/%m/%Y} chưa đủ {MIN_JOIN_AGE} tuổi "
            f"(sinh {born:%d/%m/%Y}); kiểm tra lại hai ngày."
        )
    for key, label in (
        ("party_introduced_on", "giới thiệu cho Đảng"),
        ("smartca_installed_on", "cài SmartCA"),
    ):
        day = getattr(data, key)
        if day and joined and key not in found and day < joined:
            found[key] = f"Ngày {label} {day:%d/%m/%Y} trước ngày vào công đoàn {joined:%d/%m/%Y}."
    number = digits_only(data.citizen_id)
    problems = citizen_id_problems(number, data.gender if "gender" not in found else None, born)
    if problems:
        found["citizen_id"] = " ".join(problems)
    elif number:
        holder = _citizen_id_holder(db_path, number, member_id)
        if holder:
            found["citizen_id"] = (
                f"Số CCCD {number} đã thuộc đoàn viên {holder[0]} ({holder[1]}) đang sinh hoạt; "
                "mỗi số CCCD chỉ của một đoàn viên đang sinh hoạt."
            )
    if data.phone.strip() and not PHONE.match(data.phone.strip()):
        found["phone"] = (
            f"Số điện thoại «{data.phone.strip()}» chỉ gồm chữ số (9–11 số), có thể có dấu +."
        )
    if not _union_alive(db_path, data.union_id):
        found["union_id"] = "Chọn công đoàn cơ sở đang hoạt động."
    return found


def _citizen_id_holder(db_path: Path, number: str, member_id: str | None) -> tuple[str, str] | None:
    with _ro(db_path) as con:
        row = con.execute(
            "SELECT m.full_name, g.name FROM member m JOIN grassroots_union g ON g.id = m.union_id "
            "WHERE m.citizen_id = ? AND m.status = 'active' AND m.deleted_at IS NULL "
            "AND m.unit_code = '' AND m.id <> ?",
            (number, member_id or ""),
        ).fetchone()
    return (row[0], row[1]) if row else None


def _union_alive(db_path: Path, union_id: str) -> bool:
    with _ro(db_path) as con:
        return (
            con.execute(
                "SELECT 1 FROM grassroots_union WHERE id = ? AND deleted_at IS NULL "
                "AND dissolved_on IS NULL AND unit_code = ''",
                (union_id,),
            ).fetchone()
            is not None
        )


def save_member(
    db_path: Path, data: MemberInput, member_id: str | None = None, today: date | None = None
) -> str:
    """Add a member (admitted on the join date, or today) or update one; all problems at once."""
    today = today or date.today()
    found = member_problems(db_path, data, member_id, today)
    if found:
        raise UserError(" ".join(found.values()))
    from desktop.models import Member, MemberEvent
    from desktop.models.db import Database
    from desktop.services.audit import record
    from desktop.text import fold, name_sort_key

    name = clean(data.full_name)
    db = Database(db_path)
    try:
        with db.session() as s:
            member = s.get(Member, member_id) if member_id else None
            if member_id and (member is None or member.deleted_at is not None):
                raise UserError("Đoàn viên này không còn trong cơ sở dữ liệu.")
            new = member is None
            if member is None:
                member = Member(unit_code="", status="active", union_id=data.union_id)
            elif member.union_id != data.union_id:
                raise UserError(
                    "Đổi công đoàn cơ sở bằng thao tác «Chuyển sinh hoạt» để giữ lịch sử."
                )
            member.full_name = name
            member.name_key = fold(name)
            member.sort_key = name_sort_key(name)
            member.gender = data.gender
            member.birth_date = data.birth_date
            member.citizen_id = digits_only(data.citizen_id)
            member.card_number = clean(data.card_number)
            member.phone = data.phone.strip()
            member.ethnicity = clean(data.ethnicity) or "Kinh"
            member.job_title = clean(data.job_title)
            member.joined_on = data.joined_on
            member.household_status = data.household_status
            member.party_introduced_on = data.party_introduced_on
            member.smartca_installed_on = data.smartca_installed_on
            member.note = data.note.strip()
            s.add(member)
            s.flush()
            if new:
                s.add(
                    MemberEvent(
                        unit_code="",
                        member_id=member.id,
                        kind="admitted",
                        event_date=data.joined_on or today,
                        to_union_id=data.union_id,
                        reason="",
                    )
                )
            saved = member.id
    finally:
        db.close()
    record(db_path, "edit", f"đoàn viên {saved}: {'thêm' if new else 'sửa'} {name}")
    return saved


@dataclass(frozen=True)
class HistoryRow:
    id: str
    kind: str
    label: str
    event_date: date
    from_union: str
    to_union: str
    reason: str


def history(db_path: Path, member_id: str) -> list[HistoryRow]:
    with _ro(db_path) as con:
        rows = con.execute(
            "SELECT e.id, e.kind, e.event_date, COALESCE(f.name, ''), COALESCE(t.name, ''), "
            "e.reason FROM member_event e LEFT JOIN grassroots_union f ON f.id = e.from_union_id "
            "LEFT JOIN grassroots_union t ON t.id = e.to_union_id "
            "WHERE e.member_id = ? AND e.deleted_at IS NULL ORDER BY e.event_date, e.rowid",
            (member_id,),
        ).fetchall()
    return [
        HistoryRow(
            r[0], r[1], EVENT_LABELS.get(r[1], r[1]), date.fromisoformat(r[2]), r[3], r[4], r[5]
        )
        for r in rows
    ]


# Which events a member in a status can take, and the status each leaves.
ALLOWED = {
    "transferred": ("active",),
    "transferred_out": ("active",),
    "left": ("active",),
    "readmitted": ("left", "transferred_out"),
}
STATUS_AFTER = {
    "admitted": "active",
    "readmitted": "active",
    "transferred_in": "active",
    "transferred": "active",
    "transferred_out": "transferred_out",
    "left": "left",
}


def move_member(
    db_path: Path,
    member_id: str,
    kind: str,
    on: date | None,
    *,
    to_union_id: str | None = None,
    reason: str = "",
    today: date | None = None,
) -> None:
    """Transfer within the district, transfer out, leave or re-admit, as a dated event."""
    from desktop.models import Member, MemberEvent
    from desktop.models.db import Database
    from desktop.services.audit import record

    today = today or date.today()
    if kind not in ALLOWED:
        raise UserError(f"Thao tác «{kind}» không có.")
    label = EVENT_LABELS[kind]
    if on is None:
        raise UserError(f"{label}: nhập ngày.")
    if on > today:
        raise UserError(f"{label}: ngày {on:%d/%m/%Y} ở tương lai.")
    past = history(db_path, member_id)
    if past and on < past[-1].event_date:
        raise UserError(
            f"{label}: ngày {on:%d/%m/%Y} trước biến động gần nhất "
            f"({past[-1].label.lower()} ngày {past[-1].event_date:%d/%m/%Y})."
        )
    if kind == "left" and not reason.strip():
        raise UserError("Ra khỏi tổ chức: ghi lý do (ví dụ: nghỉ việc, nghỉ hưu, tự nguyện).")
    db = Database(db_path)
    try:
        with db.session() as s:
            member = s.get(Member, member_id)
            if member is None or member.deleted_at is not None:
                raise UserError("Đoàn viên này không còn trong cơ sở dữ liệu.")
            if member.status not in ALLOWED[kind]:
                raise UserError(
                    f"{label}: {member.full_name} đang ở trạng thái không cho phép thao tác này."
                )
            needs_union = kind in ("transferred", "readmitted")
            if needs_union and (not to_union_id or not _union_alive(db_path, to_union_id)):
                raise UserError(f"{label}: chọn công đoàn cơ sở đang hoạt động.")
            if kind == "transferred" and to_union_id == member.union_id:
                raise UserError(
                    "Chuyển sinh hoạt: chọn một công đoàn cơ sở khác nơi đang sinh hoạt."
                )
            s.add(
                MemberEvent(
                    unit_code="",
                    member_id=member.id,
                    kind=kind,
                    event_date=on,
                    from_union_id=member.union_id if kind != "readmitted" else None,
                    to_union_id=to_union_id if needs_union else None,
                    reason=clean(reason),
                )
            )
            member.status = STATUS_AFTER[kind]
            if needs_union:
                member.union_id = to_union_id  # type: ignore[assignment]
            name = member.full_name
    finally:
        db.close()
    record(db_path, "edit", f"đoàn viên {member_id}: {label.lower()} {on:%d/%m/%Y} {name}")


def undo_last_event(db_path: Path, member_id: str) -> HistoryRow:
    """Take back the latest movement (a tombstone, so the province sees it too)."""
    from desktop.models import Member, MemberEvent
    from desktop.models.base import utcnow
    from desktop.models.db import Database
    from desktop.services.audit import record

    past = history(db_path, member_id)
    if len(past) < 2:
        raise UserError(
            "Không có biến động nào để hoàn tác: kết nạp là bản ghi đầu tiên của đoàn viên."
        )
    last, before = past[-1], past[-2]
    db = Database(db_path)
    try:
        with db.session() as s:
            event = s.get(MemberEvent, last.id)
            member = s.get(Member, member_id)
            assert event is not None and member is not None
            event.deleted_at = utcnow()
            member.status = STATUS_AFTER.get(before.kind, "active")
            previous = s.get(MemberEvent, before.id)
            assert previous is not None
            union = previous.to_union_id or previous.from_union_id
            if union:
                member.union_id = union
    finally:
        db.close()
    record(db_path, "edit", f"đoàn viên {member_id}: hoàn tác {last.label.lower()}")
    return last
