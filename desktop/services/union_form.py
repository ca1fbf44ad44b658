"""The grassroots-union form: what to fix in each field, and saving a union.

Checks return Vietnamese sentences keyed by field, so the form shows each one beside its field; a
save is one transaction (the union and its audit rows together). The chair's name and the dates
of election and training and whether the chair was re-elected are the very fields target 5
reads (`programme.metrics.new_chairs_trained`: newly elected in the period, trained on or before
its end, before or after the election). The union keeps one current chair in its columns; every
chair it has had is a chair_term row (desktop/services/chairs.py), written in the same
transaction, which the union's history lists; the audit trail says who replaced whom.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING

from desktop.errors import UserError
from desktop.models.enums import EmployerType, Sector, UnionKind
from desktop.services import union_messages as msg
from desktop.services.session import own_row
from desktop.services.unions import (
    EMPLOYER_LABELS,
    KIND_LABELS,
    SECTOR_LABELS,
    area_in,
    chair_change_detail,
    sql,
)
from desktop.text import clean, fold

if TYPE_CHECKING:
    from sqlalchemy import Connection
    from sqlalchemy.orm import Session

    from desktop.store import Store

EARLIEST = date(1929, 7, 28)  # Công đoàn Việt Nam was founded on this day
MAX_NAME = 250  # the column's width
# Employers whose sector is fixed by law: an agency is state; a private or foreign-invested
# enterprise, a cooperative or self-employed workers are not. Schools and state enterprises
# may be either (private schools, equitised enterprises), so staff choose.
FIXED_SECTOR: dict[str, str] = {
    EmployerType.agency: Sector.state,
    EmployerType.private_enterprise: Sector.non_state,
    EmployerType.fdi_enterprise: Sector.non_state,
    EmployerType.cooperative: Sector.non_state,
    EmployerType.trade: Sector.non_state,
}
FIELDS = {
    "name": "Tên công đoàn cơ sở",
    "kind": "Hình thức",
    "employer_type": "Loại hình đơn vị",
    "sector": "Khu vực",
    "commune_code": "Xã, phường",
    "address": "Địa chỉ",
    "phone": "Điện thoại",
    "workforce_total": "Tổng số lao động",
    "workforce_women": "Lao động nữ",
    "founded_on": "Ngày thành lập",
    "chair_name": "Chủ tịch",
    "chair_elected_on": "Ngày bầu chủ tịch",
    "chair_trained_on": "Ngày bồi dưỡng chủ tịch",
    "chair_reelected": "Tái cử (bầu lại chủ tịch đương nhiệm)",
    "note": "Ghi chú",
}
REELECTED_WITHOUT_ELECTION = "Tái cử: nhập ngày bầu lại chủ tịch."
REELECTED_NEW_NAME = (
    "Tái cử: «{new}» thay «{old}» là chủ tịch mới, không phải tái cử; bỏ chọn Tái cử "
    "(chỉ tiêu 5 tính chủ tịch bầu mới)."
)


@dataclass
class UnionInput:
    """What the form holds."""

    name: str
    sector: str
    employer_type: str
    commune_code: str = ""
    kind: str = UnionKind.workplace
    address: str = ""
    phone: str = ""
    workforce_total: int = 0
    workforce_women: int = 0
    founded_on: date | None = None
    chair_name: str = ""
    chair_elected_on: date | None = None
    chair_trained_on: date | None = None
    note: str = ""
    chair_reelected: bool = False  # the sitting chair elected again: not new for target 5


def _date_problem(key: str, day: date | None, today: date) -> str | None:
    label = FIELDS[key]
    if day is None:
        return None
    if day > today:
        return msg.DATE_FUTURE.format(label=label, day=f"{day:%d/%m/%Y}", today=f"{today:%d/%m/%Y}")
    if day < EARLIEST:
        return msg.DATE_TOO_EARLY.format(label=label, day=f"{day:%d/%m/%Y}")
    return None


def _dates(data: UnionInput, new: bool, dissolved: date | None, today: date) -> dict[str, str]:
    found: dict[str, str] = {}
    for key in ("founded_on", "chair_elected_on", "chair_trained_on"):
        problem = _date_problem(key, getattr(data, key), today)
        if problem:
            found[key] = problem
    founded = None if "founded_on" in found else data.founded_on
    elected = None if "chair_elected_on" in found else data.chair_elected_on
    if new and data.founded_on is None:
        found["founded_on"] = msg.DATE_MISSING.format(label=FIELDS["founded_on"])
    if founded and dissolved and founded > dissolved:
        found["founded_on"] = msg.FOUNDED_AFTER_DISSOLVED.format(
            day=f"{founded:%d/%m/%Y}", dissolved=f"{dissolved:%d/%m/%Y}"
        )
    if founded and elected and elected < founded:
        found["chair_elected_on"] = msg.CHAIR_BEFORE_FOUNDED.format(
            day=f"{elected:%d/%m/%Y}", founded=f"{founded:%d/%m/%Y}"
        )
    # A training before the election counts for that term (a vice-chair trained, then
    # elected), so only a training with no election at all is refused.
    if data.chair_trained_on and "chair_trained_on" not in found and data.chair_elected_on is None:
        found["chair_trained_on"] = msg.TRAINED_WITHOUT_ELECTION
    if data.chair_reelected and data.chair_elected_on is None:
        found["chair_reelected"] = REELECTED_WITHOUT_ELECTION
    return found


def _kind_problems(data: UnionInput) -> dict[str, str]:
    found: dict[str, str] = {}
    if data.kind not in KIND_LABELS:
        found["kind"] = msg.UNION_KIND
    if data.employer_type not in EMPLOYER_LABELS:
        found["employer_type"] = msg.UNION_EMPLOYER
    if data.sector not in SECTOR_LABELS:
        found["sector"] = msg.UNION_SECTOR
    if found:
        return found
    trade = data.employer_type == EmployerType.trade
    if data.kind == UnionKind.trade_based and not trade:
        found["employer_type"] = msg.UNION_EMPLOYER_TRADE.format(
            trade=EMPLOYER_LABELS[EmployerType.trade]
        )
    elif trade and data.kind != UnionKind.trade_based:
        found["kind"] = msg.UNION_KIND_TRADE
    fixed = FIXED_SECTOR.get(data.employer_type)
    if fixed and data.sector != fixed:
        found["sector"] = msg.UNION_SECTOR_MISMATCH.format(
            employer=EMPLOYER_LABELS[data.employer_type], sector=SECTOR_LABELS[fixed].lower()
        )
    return found


def workforce_problems(total: int, women: int) -> dict[str, str]:
    """Counts of workers: none negative, the women among them no more than all of them."""
    found: dict[str, str] = {}
    for key, value in (("workforce_total", total), ("workforce_women", women)):
        if value < 0:
            found[key] = msg.WORKFORCE_NEGATIVE.format(label=FIELDS[key])
    if not found and women > total:
        found["workforce_women"] = msg.WORKFORCE_WOMEN_OVER.format(women=women, total=total)
    return found


def commune_problem(con: Connection, code: str) -> str | None:
    """Why `code` is not a commune of the office's area (None when it is, or when the office
    has no area set: then nothing can be checked); read inside the caller's transaction."""
    area, communes = area_in(con)
    if not communes:
        return None
    if not code:
        return msg.UNION_COMMUNE_EMPTY.format(area=area)
    if code not in dict(communes):
        return msg.UNION_COMMUNE_OUTSIDE.format(code=code, area=area)
    return None


def name_holder(session: Session, name: str, union_id: str | None) -> str | None:
    """The name of a working union (not deleted, not dissolved) other than `union_id` whose
    name reads the same once case, tone marks, spacing and the "CĐCS" prefix are set aside:
    lists and the import name unions that way, so two such names could not be told apart."""
    from sqlalchemy import text

    from desktop.importer.unions import union_key

    wanted = union_key(name)
    rows = session.execute(
        text(
            "SELECT id, name FROM grassroots_union WHERE deleted_at IS NULL "
            "AND dissolved_on IS NULL AND unit_code = '' AND id <> :me"
        ),
        {"me": union_id or ""},
    )
    return next((other for _, other in rows if union_key(other) == wanted), None)


def problems_in(s: Session, data: UnionInput, union_id: str | None, today: date) -> dict[str, str]:
    """`union_problems` inside the caller's session (the prospects' founding checks with it)."""
    from desktop.models import GrassrootsUnion
    from desktop.services.member_form import phone_problem

    existing = own_row(s, GrassrootsUnion, union_id, msg.UNION_GONE) if union_id else None
    found: dict[str, str] = {}
    name = clean(data.name)
    if not name:
        found["name"] = msg.UNION_NAME_EMPTY
    elif len(name) > MAX_NAME:
        found["name"] = msg.UNION_NAME_TOO_LONG.format(length=len(name), limit=MAX_NAME)
    else:
        other = name_holder(s, name, union_id)
        if other:
            found["name"] = msg.UNION_NAME_TAKEN.format(name=name, other=other)
    found.update(_kind_problems(data))
    commune = commune_problem(s.connection(), data.commune_code)
    if commune:
        found["commune_code"] = commune
    phone = phone_problem(data.phone)
    if phone:
        found["phone"] = phone
    found.update(workforce_problems(data.workforce_total, data.workforce_women))
    if existing is not None and "workforce_total" not in found and data.workforce_total > 0:
        members = _active_members(s, existing.id)
        if members > data.workforce_total:
            found["workforce_total"] = msg.WORKFORCE_UNDER_MEMBERS.format(
                total=data.workforce_total, members=members
            )
    dissolved = existing.dissolved_on if existing is not None else None
    found.update(_dates(data, existing is None, dissolved, today))
    chair = clean(data.chair_name)
    if chair and len(chair.split()) < 2:
        found["chair_name"] = msg.CHAIR_NAME_SHORT.format(name=chair)
    elif not chair and data.chair_elected_on and "chair_elected_on" not in found:
        found["chair_name"] = msg.CHAIR_NAME_NEEDED.format(day=f"{data.chair_elected_on:%d/%m/%Y}")
    sitting = existing.chair_name if existing is not None else ""
    if data.chair_reelected and chair and sitting and fold(chair) != fold(sitting):
        found.setdefault("chair_reelected", REELECTED_NEW_NAME.format(new=chair, old=sitting))
    return found


def _active_members(s: Session, union_id: str) -> int:
    from sqlalchemy import text

    return int(
        s.execute(
            text(
                "SELECT COUNT(*) FROM member WHERE union_id = :u AND status = 'active' "
                "AND deleted_at IS NULL"
            ),
            {"u": union_id},
        ).scalar_one()
    )


def chair_reelected(store: Store, union_id: str) -> bool:
    """Whether the union's current chair is recorded as re-elected (the form shows it)."""
    with store.reading() as con:
        row = con.execute(
            sql("SELECT chair_reelected FROM grassroots_union WHERE id = :u"), {"u": union_id}
        ).first()
    return bool(row and row[0])


def union_problems(
    store: Store, data: UnionInput, union_id: str | None = None, today: date | None = None
) -> dict[str, str]:
    """Field → what to fix; empty when the union can be saved."""

    with store.session() as s:
        return problems_in(s, data, union_id, today or date.today())


def fill_union(union: object, data: UnionInput) -> None:
    """Copy the form's values onto a `GrassrootsUnion` (names cleaned, folded key kept)."""
    name = clean(data.name)
    values = {
        "name": name,
        "name_key": fold(name),
        "sector": data.sector,
        "kind": data.kind,
        "employer_type": data.employer_type,
        "commune_code": data.commune_code,
        "address": clean(data.address),
        "phone": data.phone.strip(),  # text as typed: leading 0 and spacing kept
        "workforce_total": data.workforce_total,
        "workforce_women": data.workforce_women,
        "founded_on": data.founded_on,
        "chair_name": clean(data.chair_name),
        "chair_elected_on": data.chair_elected_on,
        "chair_trained_on": data.chair_trained_on,
        "chair_reelected": data.chair_reelected,
        "note": data.note.strip(),
    }
    for key, value in values.items():
        setattr(union, key, value)


def add_union_in(s: Session, data: UnionInput, today: date) -> str:
    """Check and add a union inside the caller's transaction (the prospects' founding uses it);
    raises every problem at once."""
    from desktop.models import GrassrootsUnion
    from desktop.services.chairs import follow_chairs
    from desktop.services.member_events import audit_in

    found = problems_in(s, data, None, today)
    if found:
        raise UserError(" ".join(found.values()))
    union = GrassrootsUnion(unit_code="")
    fill_union(union, data)
    s.add(union)
    s.flush()
    follow_chairs(s.connection(), [union.id], today)
    audit_in(s, "edit", f"CĐCS {union.id}: thêm {union.name}")
    return union.id


def save_union(
    store: Store,
    data: UnionInput,
    union_id: str | None = None,
    today: date | None = None,
    version: str | None = None,
) -> str:
    """Add a union (no id) or update one; returns its id. Refuses with every problem at once.
    An update from a form passes the `version` it read (`UnionRow.version`): when the union
    changed since, `StaleRecord` says what changed it and nothing is written. The union, its
    chair terms and the audit entries are written in one unit of work."""
    from desktop.models import GrassrootsUnion
    from desktop.services.chairs import follow_chairs
    from desktop.services.member_events import audit_in
    from desktop.services.stale import claim

    today = today or date.today()
    with store.unit_of_work() as uow:
        s = uow.session
        if union_id is None:
            return add_union_in(s, data, today)
        claim(s, "grassroots_union", union_id, version)  # before any read
        found = problems_in(s, data, union_id, today)
        if found:
            raise UserError(" ".join(found.values()))
        union = s.get(GrassrootsUnion, union_id)
        assert union is not None  # _problems refuses a missing union
        old_chair, old_elected = union.chair_name, union.chair_elected_on
        follow_chairs(s.connection(), [union.id], today)  # the chair as it was, if unrecorded
        fill_union(union, data)
        s.flush()
        follow_chairs(s.connection(), [union.id], today)
        if old_chair and fold(old_chair) != fold(union.chair_name):
            audit_in(
                s,
                "edit",
                chair_change_detail(union.id, old_chair, old_elected, union.chair_name),
            )
        audit_in(s, "edit", f"CĐCS {union.id}: sửa {union.name}")
        return union.id
