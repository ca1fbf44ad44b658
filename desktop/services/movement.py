"""Member movement (biến động đoàn viên) per grassroots union over a period.

Computed from the dated member events, never from the members' current status, so any past month
can be reported again and gives the same numbers. Per union:
opening + admitted + transferred in − transferred out − left = closing.
A transfer between two unions of the office is "out" for one and "in" for the other.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date
from typing import TYPE_CHECKING, Any

from desktop.text import text_sort_key

if TYPE_CHECKING:
    from desktop.store import Store

IN_FORCE = frozenset({"admitted", "readmitted", "transferred_in", "transferred"})


@dataclass(frozen=True)
class MovementRow:
    union_id: str
    union_name: str
    opening: int
    admitted: int
    transferred_in: int
    transferred_out: int
    left: int
    closing: int
    women: int

    @property
    def balanced(self) -> bool:
        return (
            self.opening + self.admitted + self.transferred_in - self.transferred_out - self.left
            == self.closing
        )


@dataclass(frozen=True)
class Movement:
    first_day: date
    last_day: date
    rows: tuple[MovementRow, ...]
    total: MovementRow = field(init=False)

    def __post_init__(self) -> None:
        sums = [sum(getattr(r, f) for r in self.rows) for f in _COUNTS]
        object.__setattr__(self, "total", MovementRow("", "Tổng cộng", *sums))


_COUNTS = ("opening", "admitted", "transferred_in", "transferred_out", "left", "closing", "women")


def _state_on(events: list[tuple[str, str, str | None]], day: str) -> str | None:
    """The union a member belongs to at the end of `day`, from their sorted events."""
    union = None
    for kind, on, to_union in events:
        if on > day:
            break
        union = to_union if kind in IN_FORCE else None
    return union


def _sql(statement: str) -> Any:
    from sqlalchemy import text

    return text(statement)


def member_movement(store: Store, first_day: date, last_day: date) -> Movement:
    """Movement of every grassroots union between `first_day` and `last_day` inclusive."""

    opening_day = date.fromordinal(first_day.toordinal() - 1).isoformat()
    first, last = first_day.isoformat(), last_day.isoformat()
    with store.reading() as con:
        unions = con.execute(
            _sql(
                "SELECT id, name, founded_on, dissolved_on FROM grassroots_union "
                "WHERE deleted_at IS NULL"
            )
        ).fetchall()
        gender = {
            r[0]: r[1]
            for r in con.execute(_sql("SELECT id, gender FROM member WHERE deleted_at IS NULL"))
        }
        history: dict[str, list[tuple[str, str, str | None]]] = defaultdict(list)
        moves = []
        for member_id, kind, on, from_union, to_union in con.execute(
            _sql(
                "SELECT e.member_id, e.kind, e.event_date, e.from_union_id, e.to_union_id "
                "FROM member_event e JOIN member m ON m.id = e.member_id "
                "WHERE e.deleted_at IS NULL AND m.deleted_at IS NULL "
                "ORDER BY e.member_id, e.event_date, e.created_at, e.id"
            )
        ):
            history[member_id].append((kind, on, to_union))
            if first <= on <= last:
                moves.append((kind, from_union, to_union))

    counts: dict[str, dict[str, int]] = defaultdict(lambda: dict.fromkeys(_COUNTS, 0))
    for member_id, events in history.items():
        before, after = _state_on(events, opening_day), _state_on(events, last)
        if before:
            counts[before]["opening"] += 1
        if after:
            counts[after]["closing"] += 1
            if gender.get(member_id) == "female":
                counts[after]["women"] += 1
    for kind, from_union, to_union in moves:
        if kind in {"admitted", "readmitted"} and to_union:
            counts[to_union]["admitted"] += 1
        elif kind == "left" and from_union:
            counts[from_union]["left"] += 1
        else:
            if kind in {"transferred_in", "transferred"} and to_union:
                counts[to_union]["transferred_in"] += 1
            if kind in {"transferred_out", "transferred"} and from_union:
                counts[from_union]["transferred_out"] += 1

    rows = []
    for union_id, name, founded, dissolved in unions:
        c = counts.get(union_id)
        existed = (founded or "") <= last and (dissolved is None or dissolved >= first)
        if c is None and not existed:
            continue
        c = c or dict.fromkeys(_COUNTS, 0)
        rows.append(MovementRow(union_id, name, **c))
    rows.sort(key=lambda r: text_sort_key(r.union_name))
    return Movement(first_day, last_day, tuple(rows))


def members_on(store: Store, day: date) -> dict[str, str]:
    """member id → the grassroots union they belong to at the end of `day` (members only)."""

    history: dict[str, list[tuple[str, str, str | None]]] = defaultdict(list)
    with store.reading() as con:
        for member_id, kind, on, to_union in con.execute(
            _sql(
                "SELECT e.member_id, e.kind, e.event_date, e.to_union_id FROM member_event e "
                "JOIN member m ON m.id = e.member_id WHERE e.deleted_at IS NULL "
                "AND m.deleted_at IS NULL AND e.event_date <= :day "
                "ORDER BY e.member_id, e.event_date, e.created_at, e.id"
            ),
            {"day": day.isoformat()},
        ):
            history[member_id].append((kind, on, to_union))
    found = {}
    for member_id, events in history.items():
        union = _state_on(events, day.isoformat())
        if union:
            found[member_id] = union
    return found
