"""The chairs of a grassroots union as records (chair_term): kept in step with the union's
current chair by every writer, read by the union's history.

`follow_chairs` is called inside the writer's own transaction after it changed a union's chair
columns (the form, a prospect's founding, an import): a new name ends the sitting term on the day
of the change and opens the next; the same name (case and tone marks aside) only updates the
sitting term's dates. A term whose name was never written is the same term once named.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from typing import Any

from sqlalchemy import Connection, text

from desktop.models.base import new_id, utcnow
from desktop.text import fold

_SITTING = (
    "SELECT id, chair_name FROM chair_term WHERE union_id = :u AND ended_on IS NULL "
    "AND deleted_at IS NULL"
)


@dataclass(frozen=True)
class Term:
    chair_name: str
    elected_on: date | None
    trained_on: date | None
    reelected: bool
    ended_on: date | None  # None: the sitting chair


def _day(value: Any) -> date | None:
    if value is None or value == "":
        return None
    return value if isinstance(value, date) else date.fromisoformat(str(value)[:10])


def follow_chairs(conn: Connection, union_ids: Iterable[str], on: date) -> None:
    """Bring the chair terms of `union_ids` in step with their unions' chair columns."""
    for union_id in union_ids:
        union = conn.execute(
            text(
                "SELECT unit_code, chair_name, chair_elected_on, chair_trained_on, "
                "chair_reelected FROM grassroots_union WHERE id = :u"
            ),
            {"u": union_id},
        ).one_or_none()
        if union is None:
            continue
        unit_code, name, elected, trained, reelected = union
        values = {
            "chair_name": name or "",
            "elected_on": _day(elected),
            "trained_on": _day(trained),
            "reelected": bool(reelected),
            "now": utcnow(),
        }
        sitting = conn.execute(text(_SITTING), {"u": union_id}).first()
        if sitting is not None and (not sitting[1] or fold(sitting[1]) == fold(name or "")):
            conn.execute(
                text(
                    "UPDATE chair_term SET chair_name = :chair_name, elected_on = :elected_on, "
                    "trained_on = :trained_on, reelected = :reelected, updated_at = :now "
                    "WHERE id = :id"
                ),
                values | {"id": sitting[0]},
            )
            continue
        if sitting is not None:
            conn.execute(
                text("UPDATE chair_term SET ended_on = :on, updated_at = :now WHERE id = :id"),
                {"on": on, "now": values["now"], "id": sitting[0]},
            )
        if name or elected or trained:
            conn.execute(
                text(
                    "INSERT INTO chair_term (id, created_at, updated_at, unit_code, union_id, "
                    "chair_name, elected_on, trained_on, reelected, ended_on) VALUES (:id, :now, "
                    ":now, :unit_code, :u, :chair_name, :elected_on, :trained_on, :reelected, "
                    "NULL)"
                ),
                values | {"id": new_id(), "unit_code": unit_code, "u": union_id},
            )


def chair_terms(conn: Connection, union_id: str) -> list[Term]:
    """The union's chairs, the earliest term first and the sitting one last."""
    rows = conn.execute(
        text(
            "SELECT chair_name, elected_on, trained_on, reelected, ended_on FROM chair_term "
            "WHERE union_id = :u AND deleted_at IS NULL "
            "ORDER BY CASE WHEN ended_on IS NULL THEN 1 ELSE 0 END, ended_on, created_at"
        ),
        {"u": union_id},
    )
    return [Term(r[0], _day(r[1]), _day(r[2]), bool(r[3]), _day(r[4])) for r in rows]
