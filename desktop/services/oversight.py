"""The office's inspections (finance, charter) and the complaints it receives: target 9.

Read through the store (the panels list a month or a year at a time); written through the ORM in
one unit of work per save, with its audit entry. Only the office's own rows (unit_code '') are listed or touched: a
province database also holds every district's merged rows. Deleting sets a tombstone, which travels
in the next bundle, so a row is never removed.

Every check returns Vietnamese sentences keyed by field, each starting with the field's label, so a
form can show each beside its field and a script can print them all.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING, Any

from sqlalchemy import Connection, text

from desktop.errors import UserError
from desktop.format import number
from desktop.models.enums import InspectionKind, InspectionScope
from desktop.periods import parse_period
from desktop.text import clean

if TYPE_CHECKING:
    from sqlalchemy.orm import Session

    from desktop.store import Store

EARLIEST = date(2000, 1, 1)
MAX_SUBJECT = 300  # the column's width
MAX_TEXT = 4000  # findings and outcomes: a summary, the full minutes stay on paper

KIND_LABELS: dict[str, str] = {
    InspectionKind.finance: "Kiểm tra tài chính",
    InspectionKind.charter: "Giám sát thi hành Điều lệ",
}
SCOPE_LABELS: dict[str, str] = {
    InspectionScope.grassroots: "Kiểm tra CĐCS",
    InspectionScope.same_level: "Kiểm tra cùng cấp",
    InspectionScope.by_province: "LĐLĐ tỉnh kiểm tra đơn vị",
}

# Field labels: every message starts with the label of the field it is about.
INSPECTION_FIELDS = {
    "kind": "Loại kiểm tra",
    "scope": "Phạm vi",
    "union_id": "CĐCS được kiểm tra",
    "inspected_on": "Ngày kiểm tra",
    "findings": "Kết quả kiểm tra",
}
COMPLAINT_FIELDS = {
    "received_on": "Ngày nhận đơn",
    "subject": "Nội dung đơn",
    "union_id": "CĐCS liên quan",
    "resolved_on": "Ngày giải quyết",
    "outcome": "Kết quả giải quyết",
}
GONE = "{what} này không còn trong cơ sở dữ liệu (có thể đã bị xóa); hãy tải lại danh sách."


@dataclass(frozen=True)
class InspectionRow:
    id: str
    kind: str
    scope: str
    union_id: str | None
    union_name: str
    inspected_on: date
    findings: str

    @property
    def kind_label(self) -> str:
        return KIND_LABELS.get(self.kind, self.kind)

    @property
    def scope_label(self) -> str:
        return SCOPE_LABELS.get(self.scope, self.scope)


@dataclass
class InspectionInput:
    kind: str
    scope: str
    inspected_on: date | None
    union_id: str | None = None
    findings: str = ""


@dataclass(frozen=True)
class ComplaintRow:
    id: str
    received_on: date
    resolved_on: date | None
    subject: str
    union_id: str | None
    union_name: str
    within_authority: bool
    outcome: str

    @property
    def resolved(self) -> bool:
        return self.resolved_on is not None


@dataclass
class ComplaintInput:
    received_on: date | None
    subject: str
    union_id: str | None = None
    within_authority: bool = True
    resolved_on: date | None = None
    outcome: str = ""


def _rows(con: Connection, sql: str, **params: object) -> list[tuple[Any, ...]]:
    return [tuple(row) for row in con.execute(text(sql), params)]


@contextmanager
def _saving(store: Store, detail: Any) -> Iterator[Session]:
    """One unit of work: the ORM changes made on the session yielded, then the audit entry
    `detail()` words (it may name what the changes made), committed together."""
    from desktop.services.audit_chain import NewEntry, append

    with store.unit_of_work() as uow:
        yield uow.session
        uow.session.flush()
        append(uow.connection, [NewEntry("edit", detail())])


def _day(value: str | None) -> date | None:
    return date.fromisoformat(value) if value else None


def _date_problem(label: str, day: date | None, today: date) -> str | None:
    if day is None:
        return f"{label}: nhập ngày (dd/mm/yyyy)."
    if day > today:
        return f"{label} ({day:%d/%m/%Y}) ở tương lai; hôm nay là {today:%d/%m/%Y}."
    if day < EARLIEST:
        return f"{label} ({day:%d/%m/%Y}) trước năm 2000; kiểm tra lại năm."
    return None


def _union_problem(
    store: Store, label: str, union_id: str, on: date | None, on_label: str
) -> str | None:
    """Why `union_id` cannot be named on day `on`: not this office's, deleted, not yet or no
    longer existing (a union may be inspected in the months before it is dissolved)."""

    with store.reading() as con:
        found = _rows(
            con,
            "SELECT name, founded_on, dissolved_on FROM grassroots_union "
            "WHERE id = :id AND unit_code = '' AND deleted_at IS NULL",
            id=union_id,
        )
    row = found[0] if found else None
    if row is None:
        return f"{label}: công đoàn cơ sở đã chọn không thuộc đơn vị hoặc đã bị xóa; chọn lại."
    name, founded, dissolved = row[0], _day(row[1]), _day(row[2])
    if on is None:
        return None
    if founded is not None and founded > on:
        return f"{label}: {name} thành lập ngày {founded:%d/%m/%Y}, sau {on_label} ({on:%d/%m/%Y})."
    if dissolved is not None and dissolved <= on:
        return (
            f"{label}: {name} đã giải thể ngày {dissolved:%d/%m/%Y}, không còn hoạt động "
            f"vào {on_label} ({on:%d/%m/%Y})."
        )
    return None


def _text_problem(label: str, text: str, limit: int, required: str | None) -> str | None:
    if required and not text.strip():
        return f"{label}: {required}"
    if len(text.strip()) > limit:
        return f"{label} dài {number(len(text.strip()))} ký tự; tối đa {number(limit)}."
    return None


def live_unions(store: Store, on: date | None = None) -> list[tuple[str, str]]:
    """(id, name) of the office's unions alive on `on` (today without a date), Vietnamese order."""
    from desktop.services.activities import union_choices

    return union_choices(store, on or date.today())


# Inspections ------------------------------------------------------------------------------------


def inspection_problems(
    db: Store, data: InspectionInput, today: date | None = None
) -> dict[str, str]:
    """Field → what to fix, in Vietnamese; empty when the inspection can be saved."""
    today = today or date.today()
    labels = INSPECTION_FIELDS
    found: dict[str, str] = {}
    if data.kind not in KIND_LABELS:
        found["kind"] = (
            f"{labels['kind']} «{data.kind}» không có trong danh mục: chọn kiểm tra tài chính "
            "hoặc giám sát thi hành Điều lệ."
        )
    if data.scope not in SCOPE_LABELS:
        found["scope"] = (
            f"{labels['scope']} «{data.scope}» không hợp lệ: chọn kiểm tra CĐCS, kiểm tra cùng "
            "cấp hoặc LĐLĐ tỉnh kiểm tra đơn vị."
        )
    day_problem = _date_problem(labels["inspected_on"], data.inspected_on, today)
    if day_problem:
        found["inspected_on"] = day_problem
    on = None if day_problem else data.inspected_on
    if data.scope == InspectionScope.grassroots:
        if not data.union_id:
            found["union_id"] = f"{labels['union_id']}: chọn công đoàn cơ sở được kiểm tra."
        else:
            union_problem = _union_problem(
                db, labels["union_id"], data.union_id, on, "ngày kiểm tra"
            )
            if union_problem:
                found["union_id"] = union_problem
    elif data.union_id and "scope" not in found:
        found["union_id"] = (
            f"{labels['union_id']}: «{SCOPE_LABELS[data.scope]}» không gắn với công đoàn cơ sở "
            "nào; bỏ chọn CĐCS hoặc đổi phạm vi thành kiểm tra CĐCS."
        )
    findings = _text_problem(
        labels["findings"], data.findings, MAX_TEXT, "nhập nhận xét, kết luận của cuộc kiểm tra."
    )
    if findings:
        found["findings"] = findings
    return found


def inspections_in(store: Store, period_text: str) -> list[InspectionRow]:
    """The office's inspections in a month (`YYYY-MM`) or a year (`YYYY`), by date."""

    period = parse_period(period_text)
    with store.reading() as con:
        rows = _rows(
            con,
            "SELECT i.id, i.kind, i.scope, i.union_id, COALESCE(g.name, ''), i.inspected_on, "
            "i.findings FROM inspection i LEFT JOIN grassroots_union g ON g.id = i.union_id "
            "WHERE i.deleted_at IS NULL AND i.unit_code = '' "
            "AND i.inspected_on BETWEEN :first AND :last "
            "ORDER BY i.inspected_on, i.created_at, i.id",
            first=period.first.isoformat(),
            last=period.last.isoformat(),
        )
    return [
        InspectionRow(r[0], r[1], r[2], r[3], r[4], date.fromisoformat(r[5]), r[6]) for r in rows
    ]


def save_inspection(
    db: Store,
    data: InspectionInput,
    inspection_id: str | None = None,
    today: date | None = None,
) -> str:
    """Create (no id) or update one inspection; refuses with every problem at once."""
    found = inspection_problems(db, data, today)
    if found:
        raise UserError(" ".join(found.values()))
    from desktop.models import Inspection

    verb = "sửa" if inspection_id else "thêm"
    saved = ""

    def detail() -> str:
        return (
            f"kiểm tra {saved}: {verb} {KIND_LABELS[data.kind]} "
            f"({SCOPE_LABELS[data.scope]}) {data.inspected_on:%d/%m/%Y}"
        )

    with _saving(db, detail) as s:
        row = s.get(Inspection, inspection_id) if inspection_id else Inspection(unit_code="")
        if row is None or row.deleted_at is not None or row.unit_code != "":
            raise UserError(GONE.format(what="Cuộc kiểm tra"))
        row.kind = data.kind
        row.scope = data.scope
        row.union_id = data.union_id if data.scope == InspectionScope.grassroots else None
        row.inspected_on = data.inspected_on  # type: ignore[assignment]
        row.findings = data.findings.strip()
        s.add(row)
        s.flush()
        saved = row.id
    return saved


def delete_inspection(db: Store, inspection_id: str) -> None:
    """Soft delete: the tombstone stays and travels in the next bundle."""
    from desktop.models import Inspection
    from desktop.models.base import utcnow

    what = ""
    with _saving(db, lambda: f"kiểm tra {inspection_id}: xóa {what}") as s:
        row = s.get(Inspection, inspection_id)
        if row is None or row.deleted_at is not None or row.unit_code != "":
            raise UserError(GONE.format(what="Cuộc kiểm tra"))
        row.deleted_at = row.updated_at = utcnow()
        what = f"{KIND_LABELS.get(row.kind, row.kind)} {row.inspected_on:%d/%m/%Y}"


# Complaints -------------------------------------------------------------------------------------


def complaint_problems(
    db: Store, data: ComplaintInput, today: date | None = None
) -> dict[str, str]:
    """Field → what to fix, in Vietnamese; empty when the complaint can be saved."""
    today = today or date.today()
    labels = COMPLAINT_FIELDS
    found: dict[str, str] = {}
    received_problem = _date_problem(labels["received_on"], data.received_on, today)
    if received_problem:
        found["received_on"] = received_problem
    subject = _text_problem(
        labels["subject"],
        clean(data.subject),
        MAX_SUBJECT,
        "nhập tóm tắt nội dung khiếu nại, tố cáo.",
    )
    if subject:
        found["subject"] = subject
    received = None if received_problem else data.received_on
    if data.union_id:
        union_problem = _union_problem(
            db, labels["union_id"], data.union_id, received, "ngày nhận đơn"
        )
        if union_problem:
            found["union_id"] = union_problem
    resolved = data.resolved_on
    if resolved is not None:
        if resolved > today:
            found["resolved_on"] = (
                f"{labels['resolved_on']} ({resolved:%d/%m/%Y}) ở tương lai; "
                f"hôm nay là {today:%d/%m/%Y}."
            )
        elif received is not None and resolved < received:
            found["resolved_on"] = (
                f"{labels['resolved_on']} ({resolved:%d/%m/%Y}) trước ngày nhận đơn "
                f"({received:%d/%m/%Y})."
            )
        elif resolved < EARLIEST:
            found["resolved_on"] = (
                f"{labels['resolved_on']} ({resolved:%d/%m/%Y}) trước năm 2000; kiểm tra lại năm."
            )
    # A resolved complaint needs its outcome on record (target 9 is audited on it); one still
    # open may carry an interim note, or none.
    outcome = _text_problem(
        labels["outcome"],
        data.outcome,
        MAX_TEXT,
        "nhập kết quả khi đơn đã được giải quyết." if resolved is not None else None,
    )
    if outcome:
        found["outcome"] = outcome
    return found


_COMPLAINT_COLUMNS = (
    "SELECT c.id, c.received_on, c.resolved_on, c.subject, c.union_id, COALESCE(g.name, ''), "
    "c.within_authority, c.outcome FROM complaint c "
    "LEFT JOIN grassroots_union g ON g.id = c.union_id "
    "WHERE c.deleted_at IS NULL AND c.unit_code = '' "
)


def _complaints(store: Store, where: str, **params: str) -> list[ComplaintRow]:

    with store.reading() as con:
        rows = _rows(
            con,
            _COMPLAINT_COLUMNS + where + " ORDER BY c.received_on, c.created_at, c.id",
            **params,
        )
    return [
        ComplaintRow(r[0], date.fromisoformat(r[1]), _day(r[2]), r[3], r[4], r[5], bool(r[6]), r[7])
        for r in rows
    ]


def complaints_in(db: Store, period_text: str) -> list[ComplaintRow]:
    """The office's complaints received in a month (`YYYY-MM`) or year (`YYYY`), by date."""
    period = parse_period(period_text)
    return _complaints(
        db,
        "AND c.received_on BETWEEN :first AND :last",
        first=period.first.isoformat(),
        last=period.last.isoformat(),
    )


def complaints_carried_over(db: Store, period_text: str) -> list[ComplaintRow]:
    """Complaints received before the period and still open when it began: the office's
    unfinished business, listed apart from the period's own (resolved during the period or not)."""
    period = parse_period(period_text)
    first = period.first.isoformat()
    return _complaints(
        db,
        "AND c.received_on < :first AND (c.resolved_on IS NULL OR c.resolved_on >= :first)",
        first=first,
    )


def save_complaint(
    db: Store,
    data: ComplaintInput,
    complaint_id: str | None = None,
    today: date | None = None,
) -> str:
    """Create (no id) or update one complaint; refuses with every problem at once."""
    found = complaint_problems(db, data, today)
    if found:
        raise UserError(" ".join(found.values()))
    from desktop.models import Complaint

    verb = "sửa" if complaint_id else "thêm"
    saved = ""
    with _saving(db, lambda: f"đơn thư {saved}: {verb} {clean(data.subject)}") as s:
        row = s.get(Complaint, complaint_id) if complaint_id else Complaint(unit_code="")
        if row is None or row.deleted_at is not None or row.unit_code != "":
            raise UserError(GONE.format(what="Đơn thư"))
        row.received_on = data.received_on  # type: ignore[assignment]
        row.subject = clean(data.subject)
        row.union_id = data.union_id or None
        row.within_authority = data.within_authority
        row.resolved_on = data.resolved_on
        row.outcome = data.outcome.strip()
        s.add(row)
        s.flush()
        saved = row.id
    return saved


def resolve_complaint(
    db: Store,
    complaint_id: str,
    resolved_on: date,
    outcome: str,
    today: date | None = None,
) -> None:
    """Mark a complaint resolved on `resolved_on` with its outcome; the same checks as the form."""
    rows = _complaint(db, complaint_id)
    if not rows:
        raise UserError(GONE.format(what="Đơn thư"))
    found = rows[0]
    data = ComplaintInput(
        received_on=found.received_on,
        subject=found.subject,
        union_id=found.union_id,
        within_authority=found.within_authority,
        resolved_on=resolved_on,
        outcome=outcome,
    )
    save_complaint(db, data, complaint_id, today)


def _complaint(db: Store, complaint_id: str) -> list[ComplaintRow]:
    return _complaints(db, "AND c.id = :id", id=complaint_id)


def delete_complaint(db: Store, complaint_id: str) -> None:
    """Soft delete: the tombstone stays and travels in the next bundle."""
    from desktop.models import Complaint
    from desktop.models.base import utcnow

    subject = ""
    with _saving(db, lambda: f"đơn thư {complaint_id}: xóa {subject}") as s:
        row = s.get(Complaint, complaint_id)
        if row is None or row.deleted_at is not None or row.unit_code != "":
            raise UserError(GONE.format(what="Đơn thư"))
        row.deleted_at = row.updated_at = utcnow()
        subject = row.subject
