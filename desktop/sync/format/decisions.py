"""The province's decisions on an office's months as a receipts package carries them (format 2,
docs/bundle-format.md §9): the shape of each entry, written by the province and checked by the
office before anything is stored."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from desktop.sync.format import messages
from desktop.sync.format.fields import (
    created_at_problem,
    fields_problem,
    period_problem,
    uuid_problem,
)
from desktop.sync.format.kinds import MAX_TEXT, is_nfc

DECISION_FIELDS = ("id", "period", "decision", "reason", "decided_at", "answered_by")
DECISIONS = ("accepted", "returned")
WHAT = "decisions[]"


@dataclass(frozen=True)
class CarriedDecision:
    """One decision as the package carries it; `answered_by` the office's bundle the province
    merged in answer to a return ("" until then)."""

    id: str
    period: str
    decision: str
    reason: str
    decided_at: datetime
    answered_by: str


def decided_at_text(value: datetime) -> str:
    """`2024-07-03T09:15:00.123456Z`, UTC (the database keeps UTC without a zone); to the
    microsecond, so two decisions on one month made in the same second keep their order."""
    return value.strftime("%Y-%m-%dT%H:%M:%S.%fZ")


def entry(decision: CarriedDecision) -> dict[str, Any]:
    return {
        "id": decision.id,
        "period": decision.period,
        "decision": decision.decision,
        "reason": decision.reason,
        "decided_at": decided_at_text(decision.decided_at),
        "answered_by": decision.answered_by,
    }


def _problem(item: Any) -> str | None:
    problem = fields_problem(item, DECISION_FIELDS, WHAT)
    if problem:
        return problem
    reason = item["reason"]
    return (
        uuid_problem(item["id"], f"{WHAT}.id")
        or period_problem(item["period"], f"{WHAT}.period")
        or (
            None
            if item["decision"] in DECISIONS
            else messages.FIELD_VALUE.format(what=f"{WHAT}.decision", expected="accepted, returned")
        )
        or (
            None
            if type(reason) is str and len(reason) <= MAX_TEXT and is_nfc(reason)
            else messages.FIELD_TYPE.format(what=f"{WHAT}.reason")
        )
        or (
            messages.FIELD_EMPTY.format(what=f"{WHAT}.reason")
            if item["decision"] == "returned" and not reason.strip()
            else None
        )
        or created_at_problem(item["decided_at"], f"{WHAT}.decided_at")
        or (
            None
            if item["answered_by"] == ""
            else uuid_problem(item["answered_by"], f"{WHAT}.answered_by")
        )
    )


def read_decisions(value: Any) -> tuple[list[CarriedDecision], str | None]:
    """The decisions of a receipts package, or the first problem with its field named."""
    if not isinstance(value, list):
        return [], messages.FIELD_VALUE.format(what="decisions", expected=messages.EXPECT_LIST)
    found: list[CarriedDecision] = []
    seen: set[str] = set()
    for item in value:
        problem = _problem(item)
        if problem is None and item["id"] in seen:
            problem = messages.FIELD_VALUE.format(what=f"{WHAT}.id", expected="mỗi mã một lần")
        if problem:
            return [], problem
        seen.add(item["id"])
        found.append(
            CarriedDecision(
                item["id"],
                item["period"],
                item["decision"],
                item["reason"],
                datetime.fromisoformat(item["decided_at"][:-1]),
                item["answered_by"],
            )
        )
    return found, None
