"""A prospect's status over the campaign: each step dated (and noted), and "founded", which
creates the new grassroots union (or links one already entered) with its founding date in the
same transaction, so targets 3a and 3b count it from that day.

"Founded" is final: the enterprise then has its union, and what changes later (workforce, chair,
dissolution) is kept on the union. Every other status may follow any other (a dropped campaign
is taken up again), never dated before the current one.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import date
from typing import TYPE_CHECKING

from desktop.errors import UserError
from desktop.format import vn_date
from desktop.models.enums import EmployerType, ProspectStatus, Sector
from desktop.services import union_messages as msg
from desktop.services.prospects import (
    FIELDS,
    STATUS_DATE_LABELS,
    STATUS_LABELS,
    ProspectRow,
    own_prospect,
)
from desktop.services.union_form import UnionInput
from desktop.services.unions import sql
from desktop.text import clean, text_sort_key

if TYPE_CHECKING:
    from sqlalchemy.orm import Session

    from desktop.models import Enterprise
    from desktop.store import Store


@dataclass
class Founding:
    """How "founded" gets its union: a new one from `union`, or `link_union_id` already entered."""

    union: UnionInput | None = None
    link_union_id: str | None = None


def founding_draft(row: ProspectRow, on: date | None) -> UnionInput:
    """The new union as the founding form first shows it, taken from the prospect."""
    sector = (
        Sector.state if row.employer_type == EmployerType.state_enterprise else Sector.non_state
    )
    return UnionInput(
        name=f"Công đoàn cơ sở {row.name}",
        sector=sector,
        employer_type=row.employer_type,
        commune_code=row.commune_code,
        address=row.address,
        workforce_total=row.workforce_total,
        workforce_women=row.workforce_women,
        founded_on=on,
    )


def link_choices(store: Store) -> list[tuple[str, str]]:
    """(id, name) of working unions no prospect is linked to yet, in Vietnamese order."""
    with store.reading() as con:
        rows = con.execute(
            sql(
                "SELECT id, name FROM grassroots_union g WHERE deleted_at IS NULL "
                "AND unit_code = '' AND dissolved_on IS NULL AND NOT EXISTS (SELECT 1 FROM "
                "enterprise e WHERE e.union_id = g.id AND e.deleted_at IS NULL)"
            )
        ).fetchall()
    return sorted(((r[0], r[1]) for r in rows), key=lambda r: text_sort_key(r[1]))


def _link_problems(s: Session, row: Enterprise, union_id: str, on: date | None) -> dict[str, str]:
    from sqlalchemy import text

    from desktop.models import GrassrootsUnion

    union = s.get(GrassrootsUnion, union_id)
    if union is None or union.deleted_at is not None or union.unit_code or union.dissolved_on:
        return {"union": msg.PROSPECT_LINK_DEAD.format(union=union.name if union else union_id)}
    other = s.execute(
        text(
            "SELECT name FROM enterprise WHERE union_id = :u AND id <> :me AND deleted_at IS NULL"
        ),
        {"u": union_id, "me": row.id},
    ).first()
    if other:
        return {"union": msg.PROSPECT_LINK_TAKEN.format(union=union.name, other=other[0])}
    if on is not None and union.founded_on is not None and union.founded_on != on:
        return {
            "status_on": msg.PROSPECT_LINK_DATE.format(
                union=union.name, founded=vn_date(union.founded_on)
            )
        }
    return {}


def _status_problems(
    s: Session,
    row: Enterprise,
    status: str,
    on: date | None,
    founding: Founding | None,
    today: date,
) -> dict[str, str]:
    from desktop.models import GrassrootsUnion
    from desktop.services.union_form import problems_in

    if row.status == ProspectStatus.founded:
        linked = s.get(GrassrootsUnion, row.union_id) if row.union_id else None
        union = linked.name if linked else "công đoàn cơ sở"
        raise UserError(msg.PROSPECT_FOUNDED_FINAL.format(name=row.name, union=union))
    found: dict[str, str] = {}
    if status not in STATUS_LABELS:
        found["status"] = msg.PROSPECT_STATUS
    label = STATUS_DATE_LABELS.get(status, FIELDS["status_on"])
    if on is None:
        found["status_on"] = msg.DATE_MISSING.format(label=label)
    elif on > today:
        found["status_on"] = msg.DATE_FUTURE.format(
            label=label, day=vn_date(on), today=vn_date(today)
        )
    elif row.status_on and on < row.status_on:
        found["status_on"] = msg.PROSPECT_STATUS_BEFORE.format(
            label=label,
            day=vn_date(on),
            current=STATUS_LABELS.get(row.status, row.status),
            since=vn_date(row.status_on),
        )
    if status != ProspectStatus.founded:
        return found
    day = None if "status_on" in found else on
    if founding is None or (founding.union is None and not founding.link_union_id):
        found["union"] = msg.PROSPECT_FOUNDING_CHOICE
    elif founding.link_union_id:
        found.update(_link_problems(s, row, founding.link_union_id, day))
    else:
        assert founding.union is not None
        draft = replace(founding.union, founded_on=day)
        for key, text in problems_in(s, draft, None, today).items():
            if key == "founded_on":
                found.setdefault("status_on", text)
            else:
                found[f"union.{key}"] = text
    return found


def status_problems(
    store: Store,
    prospect_id: str,
    status: str,
    on: date | None,
    founding: Founding | None = None,
    today: date | None = None,
) -> dict[str, str]:
    """Field → what to fix before the status can change ("union.<field>" for the new union's)."""
    with store.session() as s:
        row = own_prospect(s, prospect_id)
        return _status_problems(s, row, status, on, founding, today or date.today())


def change_status(
    store: Store,
    prospect_id: str,
    status: str,
    on: date | None,
    note: str = "",
    founding: Founding | None = None,
    today: date | None = None,
) -> str | None:
    """Move the prospect to `status` on `on`; "founded" creates or links its union, whose id is
    returned (None for the other statuses)."""
    from desktop.models import GrassrootsUnion
    from desktop.services.member_events import audit_in
    from desktop.services.union_form import add_union_in

    today = today or date.today()
    with store.unit_of_work() as uow:
        s = uow.session
        row = own_prospect(s, prospect_id)
        found = _status_problems(s, row, status, on, founding, today)
        if found:
            raise UserError(" ".join(found.values()))
        assert on is not None
        union_id = None
        if status == ProspectStatus.founded:
            assert founding is not None
            if founding.link_union_id:
                union = s.get(GrassrootsUnion, founding.link_union_id)
                assert union is not None
                union.founded_on = union.founded_on or on
                if union.workforce_total == 0:
                    union.workforce_total = row.workforce_total
                    union.workforce_women = row.workforce_women
                union_id = union.id
            else:
                assert founding.union is not None
                new = replace(founding.union, founded_on=on)
                union_id = add_union_in(s, new, today)
            row.union_id = union_id
        row.status = status
        row.status_on = on
        line = f"{vn_date(on)} {STATUS_LABELS[status]}" + (
            f": {clean(note)}" if clean(note) else ""
        )
        row.note = f"{row.note.rstrip()}\n{line}" if row.note.strip() else line
        linked = f", CĐCS {union_id}" if union_id else ""
        audit_in(s, "edit", f"doanh nghiệp {row.id}: {STATUS_LABELS[status]} {vn_date(on)}{linked}")
    return union_id
