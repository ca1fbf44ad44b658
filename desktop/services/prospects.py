"""Prospects: the enterprises of the area that have no grassroots union yet (doanh nghiệp chưa có
công đoàn), and the steps of mobilising them until a union is founded (target 3).

Those with 25 workers or more come first: target 3b counts the new unions of such enterprises.
Each status change is dated and may carry a note; the note is appended to the prospect's notes
as a dated line (`05/03/2024 Đã tiếp cận: gặp giám đốc`), so the notes are the record of the
campaign and travel to the province with the prospect. "Founded" is final: it creates the new
grassroots union (or links one already entered) with the founding date, in the same
transaction, which is what targets 3a and 3b count.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import TYPE_CHECKING

from desktop.admin_units import same_commune
from desktop.errors import UserError
from desktop.format import vn_date
from desktop.models.enums import EmployerType, ProspectStatus
from desktop.services import union_messages as msg
from desktop.services.session import own_row
from desktop.services.union_form import commune_problem, workforce_problems
from desktop.services.unions import EMPLOYER_LABELS, area_in, commune_name, sql
from desktop.text import clean, fold, text_sort_key

if TYPE_CHECKING:
    from sqlalchemy.orm import Session

    from desktop.models import Enterprise
    from desktop.store import Store

STATUS_LABELS: dict[str, str] = {
    ProspectStatus.identified: "Đã nắm danh sách",
    ProspectStatus.contacted: "Đã tiếp cận",
    ProspectStatus.mobilising: "Đang vận động",
    ProspectStatus.founded: "Đã thành lập",
    ProspectStatus.dropped: "Dừng",
}
OPEN = "open"  # the filter's "still without a union": identified, contacted or mobilising
OPEN_STATUSES = frozenset(
    {ProspectStatus.identified, ProspectStatus.contacted, ProspectStatus.mobilising}
)
# What the date of each status is called in the forms and messages.
STATUS_DATE_LABELS: dict[str, str] = {
    ProspectStatus.identified: "Ngày nắm danh sách",
    ProspectStatus.contacted: "Ngày tiếp cận",
    ProspectStatus.mobilising: "Ngày bắt đầu vận động",
    ProspectStatus.founded: "Ngày thành lập",
    ProspectStatus.dropped: "Ngày dừng",
}
PRIORITY_WORKFORCE = 25  # target 3b
PROSPECT_TYPES: dict[str, str] = {
    t: EMPLOYER_LABELS[t]
    for t in (
        EmployerType.private_enterprise,
        EmployerType.fdi_enterprise,
        EmployerType.state_enterprise,
        EmployerType.cooperative,
    )
}
FIELDS = {
    "name": "Tên doanh nghiệp",
    "employer_type": "Loại hình",
    "commune_code": "Xã, phường",
    "address": "Địa chỉ",
    "workforce_total": "Tổng số lao động",
    "workforce_women": "Lao động nữ",
    "status": "Trạng thái",
    "status_on": "Ngày",
    "note": "Ghi chú",
    "union": "Công đoàn cơ sở",
}


@dataclass(frozen=True)
class ProspectRow:
    id: str
    name: str
    employer_type: str
    commune_code: str
    commune_name: str
    address: str
    workforce_total: int
    workforce_women: int
    status: str
    status_on: date | None
    union_id: str | None
    union_name: str
    note: str
    folded: str = field(default="", compare=False, repr=False)
    version: str = field(default="", compare=False, repr=False)  # what a form's save checks

    @property
    def priority(self) -> bool:
        return self.workforce_total >= PRIORITY_WORKFORCE

    @property
    def status_label(self) -> str:
        return STATUS_LABELS.get(self.status, self.status)

    @property
    def last_note(self) -> str:
        lines = [line for line in self.note.splitlines() if line.strip()]
        return lines[-1] if lines else ""


@dataclass(frozen=True)
class ProspectFilter:
    query: str = ""
    status: str | None = OPEN  # a ProspectStatus, OPEN, or None for every status
    commune_code: str | None = None


@dataclass
class ProspectInput:
    """What the prospect form holds; `identified_on` dates a new prospect's first status."""

    name: str
    employer_type: str = EmployerType.private_enterprise
    commune_code: str = ""
    address: str = ""
    workforce_total: int = 0
    workforce_women: int = 0
    note: str = ""
    identified_on: date | None = None


def list_prospects(store: Store, prospect_id: str | None = None) -> list[ProspectRow]:
    """Every prospect of the office (or the one `prospect_id`): 25 workers or more first, then
    by name."""
    one = " AND e.id = :id" if prospect_id else ""
    with store.reading() as con:
        names = dict(area_in(con)[1])
        rows = con.execute(
            sql(
                "SELECT e.id, e.name, e.employer_type, e.commune_code, e.address, "
                "e.workforce_total, e.workforce_women, e.status, e.status_on, e.union_id, "
                "COALESCE(g.name, ''), e.note, e.updated_at "
                "FROM enterprise e LEFT JOIN grassroots_union g ON g.id = e.union_id "
                "WHERE e.deleted_at IS NULL AND e.unit_code = ''" + one
            ),
            {"id": prospect_id} if prospect_id else {},
        ).fetchall()
    found = [
        ProspectRow(
            id=r[0],
            name=r[1],
            employer_type=r[2],
            commune_code=r[3],
            commune_name=commune_name(r[3], names),
            address=r[4],
            workforce_total=r[5],
            workforce_women=r[6],
            status=r[7],
            status_on=date.fromisoformat(r[8]) if r[8] else None,
            union_id=r[9],
            union_name=r[10],
            note=r[11],
            folded=" " + fold(r[1]),
            version=str(r[12] or ""),
        )
        for r in rows
    ]
    return sorted(found, key=lambda p: (not p.priority, text_sort_key(p.name)))


def get_prospect(store: Store, prospect_id: str) -> ProspectRow | None:
    """One prospect as stored now (its form opens on this), None when it is gone."""
    found = list_prospects(store, prospect_id)
    return found[0] if found else None


def matches(row: ProspectRow, f: ProspectFilter) -> bool:
    """Status and commune filters; each word of the query must begin a word of the name."""
    if f.status == OPEN and row.status not in OPEN_STATUSES:
        return False
    if f.status not in (None, OPEN) and row.status != f.status:
        return False
    if f.commune_code is not None and not same_commune(row.commune_code, f.commune_code):
        return False
    return all(" " + word in row.folded for word in fold(f.query).split())


def filter_prospects(rows: list[ProspectRow], f: ProspectFilter) -> list[ProspectRow]:
    return [row for row in rows if matches(row, f)]


def own_prospect(s: Session, prospect_id: str) -> Enterprise:
    from desktop.models import Enterprise

    return own_row(s, Enterprise, prospect_id, msg.PROSPECT_GONE)


# The form ------------------------------------------------------------------------------------------


def _problems(
    s: Session, data: ProspectInput, prospect_id: str | None, today: date
) -> dict[str, str]:
    from sqlalchemy import text

    found: dict[str, str] = {}
    name = clean(data.name)
    if not name:
        found["name"] = msg.PROSPECT_NAME_EMPTY
    else:
        others = s.execute(
            text(
                "SELECT name FROM enterprise WHERE deleted_at IS NULL AND unit_code = '' "
                "AND id <> :me"
            ),
            {"me": prospect_id or ""},
        )
        other = next((o for (o,) in others if fold(o) == fold(name)), None)
        if other:
            found["name"] = msg.PROSPECT_NAME_TAKEN.format(name=name, other=other)
    if data.employer_type not in PROSPECT_TYPES:
        found["employer_type"] = msg.PROSPECT_EMPLOYER
    commune = commune_problem(s.connection(), data.commune_code)
    if commune:
        found["commune_code"] = commune
    found.update(workforce_problems(data.workforce_total, data.workforce_women))
    day = data.identified_on
    if prospect_id is None and day is not None and day > today:
        found["status_on"] = msg.DATE_FUTURE.format(
            label=STATUS_DATE_LABELS[ProspectStatus.identified],
            day=vn_date(day),
            today=vn_date(today),
        )
    return found


def prospect_problems(
    store: Store, data: ProspectInput, prospect_id: str | None = None, today: date | None = None
) -> dict[str, str]:
    """Field → what to fix; empty when the prospect can be saved."""
    with store.session() as s:
        if prospect_id:
            own_prospect(s, prospect_id)
        return _problems(s, data, prospect_id, today or date.today())


def save_prospect(
    store: Store,
    data: ProspectInput,
    prospect_id: str | None = None,
    today: date | None = None,
    version: str | None = None,
) -> str:
    """Add a prospect (status "identified" on `identified_on`, today without one) or update one.
    An update from a form passes the `version` it read (`ProspectRow.version`): when the
    prospect changed since, `StaleRecord` says what changed it and nothing is written."""
    from desktop.models import Enterprise
    from desktop.services.member_events import audit_in
    from desktop.services.stale import claim

    today = today or date.today()
    with store.unit_of_work() as uow:
        s = uow.session
        if prospect_id:
            claim(s, "enterprise", prospect_id, version)  # the write lock, before any read
        row = own_prospect(s, prospect_id) if prospect_id else None
        found = _problems(s, data, prospect_id, today)
        if found:
            raise UserError(" ".join(found.values()))
        if row is None:
            row = Enterprise(unit_code="", status=ProspectStatus.identified)
            row.status_on = data.identified_on or today
            s.add(row)
        row.name = clean(data.name)
        row.employer_type = data.employer_type
        row.commune_code = data.commune_code
        row.address = clean(data.address)
        row.workforce_total = data.workforce_total
        row.workforce_women = data.workforce_women
        row.note = data.note.strip()
        s.flush()
        verb = "sửa" if prospect_id else "thêm"
        audit_in(s, "edit", f"doanh nghiệp {row.id}: {verb} {row.name}")
        saved = row.id
    return saved


def delete_prospect(store: Store, prospect_id: str) -> None:
    """Soft delete (a tombstone for the bundle); a founded prospect stays, it backs target 3."""
    from desktop.models.base import utcnow
    from desktop.services.member_events import audit_in

    with store.unit_of_work() as uow:
        s = uow.session
        row = own_prospect(s, prospect_id)
        if row.status == ProspectStatus.founded:
            raise UserError(msg.PROSPECT_FOUNDED_DELETE.format(name=row.name))
        row.deleted_at = utcnow()
        audit_in(s, "edit", f"doanh nghiệp {prospect_id}: xóa {row.name}")
