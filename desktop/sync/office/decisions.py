"""(Office) the province's decisions on this office's months: taken from a receipts package
(format 2, docs/bundle-format.md §9) and kept in `period_decision` under the office's own code with
the province's ids; a returned month's next bundle names the decision it answers (§5 `answers`)."""

from __future__ import annotations

from typing import Any

from sqlalchemy import select

from desktop.models import PeriodDecision, utcnow
from desktop.sync.format import messages
from desktop.sync.format.decisions import CarriedDecision
from desktop.sync.format.manifest_rules import MAX_ANSWERS


def take_decisions(
    session: Any, decisions: list[CarriedDecision], office_code: str, package_id: str
) -> str:
    """Store each decision under its id (taking the same package again changes nothing); the
    province's `answered_by`, once it has one, replaces the bundle this office answered with.
    Returns what changed, in words ("" when nothing did)."""
    new = 0
    for carried in decisions:
        row = session.get(PeriodDecision, carried.id)
        if row is None:
            session.add(
                PeriodDecision(
                    id=carried.id,
                    unit_code=office_code,
                    period=carried.period,
                    decision=carried.decision,
                    reason=carried.reason,
                    decided_at=carried.decided_at,
                    actor="",  # the province's staff stay at the province
                    package_id=package_id,
                    answered_by=carried.answered_by,
                )
            )
            new += 1
        elif carried.answered_by and row.answered_by != carried.answered_by:
            row.answered_by = carried.answered_by
    session.flush()
    returned = sum(1 for d in decisions if d.decision == "returned" and not d.answered_by)
    if not new:
        return ""
    return messages.DECISIONS_TAKEN.format(count=new, returned=returned)


def open_returns(session: Any, office_code: str, period: str) -> list[PeriodDecision]:
    """The returns a bundle of `period` answers (§5 `answers`): months whose newest decision is
    a return, that month itself (every bundle of it names its return until the province decides
    again: the province keeps the first it merged, a lost bundle's later copy still answers) and
    earlier months not yet answered (a month returned after a later one was sent can no longer
    be sent again: the next bundle carries the whole office, corrections included). The newest
    MAX_ANSWERS of them."""
    rows = session.scalars(
        select(PeriodDecision)
        .where(
            PeriodDecision.unit_code == office_code,
            PeriodDecision.period <= period,
            PeriodDecision.deleted_at.is_(None),
        )
        .order_by(PeriodDecision.decided_at, PeriodDecision.id)
    )
    newest: dict[str, PeriodDecision] = {}
    for row in rows:  # oldest first: a later decision on a month replaces
        newest[row.period] = row
    found = [
        row
        for month, row in sorted(newest.items(), reverse=True)
        if row.decision == "returned" and (month == period or not row.answered_by)
    ]
    return found[:MAX_ANSWERS]


def mark_answered_here(session: Any, rows: list[PeriodDecision], bundle_id: str) -> None:
    """The export answered these returns: keep the first bundle that did."""
    now = utcnow()
    for row in rows:
        if not row.answered_by:
            row.answered_by, row.updated_at = bundle_id, now
