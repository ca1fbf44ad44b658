"""(Province) its decisions on an office's months on their way out and back: the receipts package
carries every decision on that office (format 2, docs/bundle-format.md §9), and the office's next
bundle for a returned month names the decision it answers, which the merge records."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import Connection, text

from desktop.models import utcnow
from desktop.sync.format.decisions import CarriedDecision
from desktop.sync.ledger import stamp


def carried_decisions(con: Connection, unit_code: str) -> list[CarriedDecision]:
    """Every decision on `unit_code`, oldest first: the office keeps the newest per month."""
    rows = con.execute(
        text(
            "SELECT id, period, decision, reason, decided_at, answered_by FROM period_decision "
            "WHERE unit_code = :unit AND deleted_at IS NULL ORDER BY decided_at, id"
        ),
        {"unit": unit_code},
    ).fetchall()
    found = []
    for id_, period, decision, reason, decided_at, answered_by in rows:
        if isinstance(decided_at, str):
            decided_at = datetime.fromisoformat(decided_at)
        found.append(
            CarriedDecision(
                str(id_), str(period), str(decision), str(reason), decided_at, str(answered_by)
            )
        )
    return found


def mark_carried(con: Connection, unit_code: str, package_id: str) -> None:
    """The decisions no package carried before are now sent, by this one."""
    con.execute(
        text(
            "UPDATE period_decision SET package_id = :package, updated_at = :now "
            "WHERE unit_code = :unit AND package_id = '' AND deleted_at IS NULL"
        ),
        {"package": package_id, "unit": unit_code, "now": stamp(utcnow())},
    )


def mark_answered(
    con: Connection, unit_code: str, period: str, answers: tuple[str, ...], bundle_id: str
) -> list[str]:
    """Record `bundle_id` as the answer to each return it names of that office, of the bundle's
    month or an earlier one, not answered before (an id of another office or a later month, or
    unknown here, changes nothing). Returns the months answered, oldest first."""
    answered: list[str] = []
    where = (
        "WHERE id = :id AND unit_code = :unit AND period <= :period "
        "AND decision = 'returned' AND answered_by = '' AND deleted_at IS NULL"
    )
    for decision_id in answers:
        params = {"id": decision_id, "unit": unit_code, "period": period}
        found = con.execute(text(f"SELECT period FROM period_decision {where}"), params).fetchone()
        if found is None:
            continue
        con.execute(
            text(f"UPDATE period_decision SET answered_by = :bundle, updated_at = :now {where}"),
            {**params, "bundle": bundle_id, "now": stamp(utcnow())},
        )
        answered.append(str(found[0]))
    return sorted(answered)
