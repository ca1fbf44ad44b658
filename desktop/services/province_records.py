"""(Province) what the province records itself about its offices: its yearly rating of each
upper-level union (target 6a counts those rated «hoàn thành tốt» or better) and its inspections
of them (9a: finance, or how they keep the Charter).

Only a province database holds them, and only for registered offices. Each save is one unit of
work with its audit entry; removing sets a tombstone (the row stays, as every record does). Every
check returns Vietnamese sentences keyed by field, each starting with the field's label, so a
form shows each beside its field and a script prints them all.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING

from desktop.errors import UserError
from desktop.format import number, vn_date
from desktop.services.province_offices import require_province
from desktop.services.roles import Action, permit
from desktop.text import clean

if TYPE_CHECKING:
    from sqlalchemy import Connection
    from sqlalchemy.orm import Session

    from desktop.store import Store

GRADE_LABELS: dict[str, str] = {
    "excellent": "Hoàn thành xuất sắc nhiệm vụ",
    "good": "Hoàn thành tốt nhiệm vụ",
    "done": "Hoàn thành nhiệm vụ",
    "not_done": "Không hoàn thành nhiệm vụ",
}
KIND_LABELS: dict[str, str] = {
    "finance": "Kiểm tra tài chính",
    "charter": "Kiểm tra, giám sát thi hành Điều lệ",
}
RATING_FIELDS = {
    "office_code": "Đơn vị được xếp loại",
    "year": "Năm xếp loại",
    "grade": "Xếp loại",
    "note": "Ghi chú",
}
INSPECTION_FIELDS = {
    "office_code": "Đơn vị được kiểm tra",
    "kind": "Nội dung kiểm tra",
    "inspected_on": "Ngày kiểm tra",
    "findings": "Kết luận kiểm tra",
}
EARLIEST_YEAR = 2000
MAX_NOTE = 1000
MAX_FINDINGS = 4000
GONE = "{what} này không còn trong cơ sở dữ liệu (có thể đã bị xóa); hãy tải lại danh sách."


@dataclass(frozen=True)
class OfficeRatingRow:
    id: str
    office_code: str
    office_name: str
    year: int
    grade: str
    note: str

    @property
    def grade_label(self) -> str:
        return GRADE_LABELS.get(self.grade, self.grade)


@dataclass(frozen=True)
class OfficeInspectionRow:
    id: str
    office_code: str
    office_name: str
    kind: str
    inspected_on: date
    findings: str

    @property
    def kind_label(self) -> str:
        return KIND_LABELS.get(self.kind, self.kind)


@contextmanager
def _saving(store: Store, detail: Callable[[], str]) -> Iterator[Session]:
    """One unit of work: the ORM changes made on the session yielded, then the audit entry
    `detail()` words, committed together."""
    from desktop.services.audit_chain import NewEntry, append

    with store.unit_of_work() as uow:
        yield uow.session
        uow.session.flush()
        append(uow.connection, [NewEntry("edit", detail())])


def _offices(con: Connection) -> dict[str, str]:
    from desktop.services.province_figures import registered_offices

    return dict(registered_offices(con))


def _office_problem(label: str, code: str, offices: dict[str, str]) -> str | None:
    if not code:
        return f"{label}: chọn đơn vị."
    if code not in offices:
        return f"{label}: «{code}» không phải đơn vị đã đăng ký với tỉnh."
    return None


def _long(label: str, value: str, limit: int) -> str | None:
    if len(value) > limit:
        return f"{label} dài {number(len(value))} ký tự; tối đa {number(limit)}."
    return None


# Ratings ----------------------------------------------------------------------------------------


def rating_problems(
    store: Store,
    office_code: str,
    year: int | None,
    grade: str,
    note: str = "",
    today: date | None = None,
) -> dict[str, str]:
    """Field → what to fix, in Vietnamese; empty when the rating can be saved."""
    today = today or date.today()
    labels = RATING_FIELDS
    with store.reading() as con:
        offices = _offices(con)
    found: dict[str, str] = {}
    office = _office_problem(labels["office_code"], office_code, offices)
    if office:
        found["office_code"] = office
    if year is None:
        found["year"] = f"{labels['year']}: nhập năm (ví dụ {today.year})."
    elif not EARLIEST_YEAR <= year <= today.year:
        found["year"] = (
            f"{labels['year']} {year} không hợp lệ: từ {EARLIEST_YEAR} đến năm nay ({today.year})."
        )
    if grade not in GRADE_LABELS:
        found["grade"] = (
            f"{labels['grade']} «{grade}» không có trong danh mục: chọn "
            + ", ".join(label.lower() for label in GRADE_LABELS.values())
            + "."
        )
    long = _long(labels["note"], clean(note), MAX_NOTE)
    if long:
        found["note"] = long
    return found


def _live(office_code: str | None, alias: str) -> tuple[list[str], dict[str, object]]:
    """(conditions, parameters) of the live rows of `alias`, of one office when it is named."""
    where = [f"{alias}.deleted_at IS NULL"]
    params: dict[str, object] = {}
    if office_code is not None:
        where.append(f"{alias}.office_code = :code")
        params["code"] = office_code
    return where, params


def office_ratings(
    store: Store, office_code: str | None = None, year: int | None = None
) -> list[OfficeRatingRow]:
    """The province's live ratings, by year (newest first), then office code."""
    from sqlalchemy import text

    where, params = _live(office_code, "r")
    if year is not None:
        where.append("r.year = :year")
        params["year"] = year
    with store.reading() as con:
        offices = _offices(con)
        rows = con.execute(
            text(
                "SELECT r.id, r.office_code, r.year, r.grade, r.note FROM office_rating r "
                f"WHERE {' AND '.join(where)} ORDER BY r.year DESC, r.office_code"
            ),
            params,
        ).all()
    return [
        OfficeRatingRow(
            str(r[0]), str(r[1]), offices.get(str(r[1]), str(r[1])), int(r[2]), str(r[3]), str(r[4])
        )
        for r in rows
    ]


def rate_office(
    store: Store,
    office_code: str,
    year: int | None,
    grade: str,
    note: str = "",
    today: date | None = None,
) -> OfficeRatingRow:
    """The province's rating of an office for a year: made, or changed if the year has one
    already (one rating per office and year). Refuses with every problem at once."""
    permit(Action.EDIT)
    with store.reading() as con:
        require_province(con, store.label, "xếp loại đơn vị")
    found = rating_problems(store, office_code, year, grade, note, today)
    if found:
        raise UserError(" ".join(found.values()))
    assert year is not None
    from sqlalchemy import select

    from desktop.models.province import OfficeRating

    before = ""

    def detail() -> str:
        change = f"{before} → {GRADE_LABELS[grade]}" if before else GRADE_LABELS[grade]
        return f"xếp loại đơn vị {office_code} năm {year}: {change}"

    with _saving(store, detail) as s:
        row = s.scalars(
            select(OfficeRating).where(
                OfficeRating.office_code == office_code,
                OfficeRating.year == year,
                OfficeRating.deleted_at.is_(None),
            )
        ).first()
        if row is None:
            row = OfficeRating(office_code=office_code, year=year)
            s.add(row)
        else:
            before = GRADE_LABELS.get(row.grade, row.grade)
        row.grade = grade
        row.note = clean(note)
        s.flush()
        saved = row.id
    return next(r for r in office_ratings(store, office_code, year) if r.id == saved)


def remove_rating(store: Store, rating_id: str) -> None:
    """Take a rating back (a tombstone: the row stays, marked deleted)."""
    from desktop.models.base import utcnow
    from desktop.models.province import OfficeRating

    permit(Action.EDIT)
    what = ""
    with _saving(store, lambda: f"xếp loại đơn vị: xóa {what}") as s:
        row = s.get(OfficeRating, rating_id)
        if row is None or row.deleted_at is not None:
            raise UserError(GONE.format(what="Xếp loại"))
        row.deleted_at = row.updated_at = utcnow()
        what = f"{row.office_code} năm {row.year} ({GRADE_LABELS.get(row.grade, row.grade)})"


# Inspections ------------------------------------------------------------------------------------


def inspection_problems(
    store: Store,
    office_code: str,
    kind: str,
    inspected_on: date | None,
    findings: str,
    today: date | None = None,
) -> dict[str, str]:
    """Field → what to fix, in Vietnamese; empty when the inspection can be saved."""
    today = today or date.today()
    labels = INSPECTION_FIELDS
    with store.reading() as con:
        offices = _offices(con)
    found: dict[str, str] = {}
    office = _office_problem(labels["office_code"], office_code, offices)
    if office:
        found["office_code"] = office
    if kind not in KIND_LABELS:
        found["kind"] = (
            f"{labels['kind']} «{kind}» không có trong danh mục: chọn kiểm tra tài chính hoặc "
            "kiểm tra, giám sát thi hành Điều lệ."
        )
    label = labels["inspected_on"]
    if inspected_on is None:
        found["inspected_on"] = f"{label}: nhập ngày (dd/mm/yyyy)."
    elif inspected_on > today:
        found["inspected_on"] = (
            f"{label} ({vn_date(inspected_on)}) ở tương lai; hôm nay là {vn_date(today)}."
        )
    elif inspected_on.year < EARLIEST_YEAR:
        found["inspected_on"] = f"{label} ({vn_date(inspected_on)}) trước năm 2000; kiểm tra lại."
    text = findings.strip()
    if not text:
        found["findings"] = f"{labels['findings']}: nhập nhận xét, kết luận của cuộc kiểm tra."
    else:
        long = _long(labels["findings"], text, MAX_FINDINGS)
        if long:
            found["findings"] = long
    return found


def office_inspections(
    store: Store, office_code: str | None = None, year: int | None = None
) -> list[OfficeInspectionRow]:
    """The province's live inspections of its offices, newest first."""
    from sqlalchemy import text

    where, params = _live(office_code, "i")
    if year is not None:
        where.append("i.inspected_on BETWEEN :first AND :last")
        params["first"] = date(year, 1, 1).isoformat()
        params["last"] = date(year, 12, 31).isoformat()
    with store.reading() as con:
        offices = _offices(con)
        rows = con.execute(
            text(
                "SELECT i.id, i.office_code, i.kind, i.inspected_on, i.findings "
                f"FROM office_inspection i WHERE {' AND '.join(where)} "
                "ORDER BY i.inspected_on DESC, i.office_code, i.created_at"
            ),
            params,
        ).all()
    return [
        OfficeInspectionRow(
            str(r[0]),
            str(r[1]),
            offices.get(str(r[1]), str(r[1])),
            str(r[2]),
            r[3] if isinstance(r[3], date) else date.fromisoformat(str(r[3])),
            str(r[4]),
        )
        for r in rows
    ]


def save_office_inspection(
    store: Store,
    office_code: str,
    kind: str,
    inspected_on: date | None,
    findings: str,
    inspection_id: str | None = None,
    today: date | None = None,
) -> OfficeInspectionRow:
    """Record (no id) or correct one inspection of an office; refuses with every problem."""
    permit(Action.EDIT)
    with store.reading() as con:
        require_province(con, store.label, "kiểm tra đơn vị")
    found = inspection_problems(store, office_code, kind, inspected_on, findings, today)
    if found:
        raise UserError(" ".join(found.values()))
    assert inspected_on is not None
    from desktop.models.province import OfficeInspection

    verb = "sửa" if inspection_id else "thêm"

    def detail() -> str:
        return f"kiểm tra đơn vị {office_code}: {verb} {KIND_LABELS[kind]} {vn_date(inspected_on)}"

    with _saving(store, detail) as s:
        row = s.get(OfficeInspection, inspection_id) if inspection_id else OfficeInspection()
        if row is None or row.deleted_at is not None:
            raise UserError(GONE.format(what="Cuộc kiểm tra"))
        row.office_code = office_code
        row.kind = kind
        row.inspected_on = inspected_on
        row.findings = findings.strip()
        s.add(row)
        s.flush()
        saved = row.id
    return next(r for r in office_inspections(store, office_code) if r.id == saved)


def remove_office_inspection(store: Store, inspection_id: str) -> None:
    """Take an inspection off the list (a tombstone: the row stays, marked deleted)."""
    from desktop.models.base import utcnow
    from desktop.models.province import OfficeInspection

    permit(Action.EDIT)
    what = ""
    with _saving(store, lambda: f"kiểm tra đơn vị: xóa {what}") as s:
        row = s.get(OfficeInspection, inspection_id)
        if row is None or row.deleted_at is not None:
            raise UserError(GONE.format(what="Cuộc kiểm tra"))
        row.deleted_at = row.updated_at = utcnow()
        what = (
            f"{row.office_code} {KIND_LABELS.get(row.kind, row.kind)} {vn_date(row.inspected_on)}"
        )
