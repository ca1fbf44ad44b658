"""The members as they stood at the end of a bundle's period, not as they stand today.

A bundle carries the office's state at the end of its month (DESIGN.md, Bundles), so a March
bundle exported in May must not carry a member admitted in April, nor April's leavers as
already gone. The dated records after the period's end stay home (tables.DATED); this module
brings each member's row back to the period's end from their dated events:

- a member whose first live event (or, with no events, whose join date) is after the end is
  left out, with every row that names them (events, household reviews; an activity keeps its
  place and loses its beneficiary link);
- a member with live events after the end takes the status and the union of their last live
  event on or before it: in force (admitted, re-admitted, transferred in, moved) is `active` in
  the union moved to; `transferred_out` and `left` keep the union they left;
- dates that had not come yet are blank (party introduction, SmartCA), and a member reviewed
  after the end has the household status of their last review on or before it.

Only members whose history goes past the end change, so an export taken on the last day of
its month is row for row what it was before this rule. The result depends only on the
database and the period, so exporting and merging stay idempotent; the last bundle of a
month sent late never "un-admits" anyone, because the next month's bundle carries them again.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import Connection

from desktop.store.dialect import all_rows
from desktop.sync.format.tables import BUNDLE_SCHEMA, SPECS
from desktop.sync.ledger import run

IN_FORCE = frozenset({"admitted", "readmitted", "transferred_in", "transferred"})
NOT_YET = ("party_introduced_on", "smartca_installed_on")

Rows = dict[str, list[Any]]
LastEvent = tuple[str, str | None, str | None]  # kind, from union, to union


# The members whose events, or household reviews, go past the end (`:day`).
_LATER_EVENTS = (
    "SELECT DISTINCT member_id FROM member_event WHERE unit_code = '' "
    "AND deleted_at IS NULL AND event_date > :day"
)
_LATER_REVIEWS = (
    "SELECT DISTINCT member_id FROM household_review WHERE unit_code = '' "
    "AND deleted_at IS NULL AND reviewed_on > :day"
)


def _index(table: str, column: str) -> int:
    return [c.name for c in SPECS[BUNDLE_SCHEMA][table]].index(column)


def _later(con: Connection, last_day: str) -> tuple[set[str], dict[str, LastEvent], set[str]]:
    """(members with live events after the end, their last live event by the end, members
    whose household was reviewed after the end)."""
    later = {member_id for (member_id,) in all_rows(con, _LATER_EVENTS, {"day": last_day})}
    state: dict[str, LastEvent] = {}
    if later:
        # Events of one day in the order they were made (the time they were made, then the id:
        # the same order on either store).
        # Only the histories that go past the end are read (the database picks them out).
        for member_id, kind, from_union, to_union in all_rows(
            con,
            "SELECT member_id, kind, from_union_id, to_union_id FROM member_event "
            "WHERE unit_code = '' AND deleted_at IS NULL AND event_date <= :day "
            f"AND member_id IN ({_LATER_EVENTS}) "
            "ORDER BY member_id, event_date, created_at, id",
            {"day": last_day},
        ):
            state[member_id] = (kind, from_union, to_union)
    reviewed = {member_id for (member_id,) in all_rows(con, _LATER_REVIEWS, {"day": last_day})}
    return later, state, reviewed


def _households(con: Connection, last_day: str) -> dict[str, str]:
    """The household status of each member reviewed after the end, by their last review on or
    before it."""
    found: dict[str, str] = {}
    for member_id, status in all_rows(
        con,
        "SELECT member_id, status FROM household_review WHERE unit_code = '' "
        "AND deleted_at IS NULL AND reviewed_on <= :day "
        f"AND member_id IN ({_LATER_REVIEWS}) "
        "ORDER BY member_id, reviewed_on, created_at, id",
        {"day": last_day},
    ):
        found[member_id] = status
    return found


def _has_events(con: Connection) -> set[str]:
    return {
        member_id
        for (member_id,) in run(
            con,
            "SELECT DISTINCT member_id FROM member_event WHERE unit_code = '' "
            "AND deleted_at IS NULL",
        )
    }


def members_at_period_end(con: Connection, rows: Rows, last_day: str) -> None:
    """Bring the exported rows (bundle column order) of `member` and the rows naming a member
    back to `last_day`, in place (`con`: the export's reading look, plain rows)."""
    later, state, reviewed = _later(con, last_day)
    column = {name: _index("member", name) for name in ("id", "union_id", "status", "joined_on")}
    household = _index("member", "household_status")
    not_yet = [_index("member", name) for name in NOT_YET]
    households = _households(con, last_day) if reviewed else {}
    with_events: set[str] | None = None
    kept, gone = [], set()
    for row in rows["member"]:
        member_id = row[column["id"]]
        if member_id in later and member_id not in state:
            gone.add(member_id)  # every live event is after the end: not a member yet
            continue
        joined = row[column["joined_on"]]
        if joined is not None and joined > last_day:
            with_events = _has_events(con) if with_events is None else with_events
            if member_id not in with_events:
                gone.add(member_id)  # no events, joined after the end
                continue
        changed = list(row)
        if member_id in state:
            kind, from_union, to_union = state[member_id]
            if kind in IN_FORCE:
                changed[column["status"]] = "active"
                changed[column["union_id"]] = to_union or row[column["union_id"]]
            else:
                changed[column["status"]] = kind
                changed[column["union_id"]] = from_union or row[column["union_id"]]
        for index in not_yet:
            if changed[index] is not None and changed[index] > last_day:
                changed[index] = None
        if member_id in reviewed:
            changed[household] = households.get(member_id)
        kept.append(changed if changed != list(row) else row)
    rows["member"] = kept
    if gone:
        _forget(rows, gone)


def _forget(rows: Rows, gone: set[str]) -> None:
    """Rows that name a member left out: events and reviews go too, an activity loses the link."""
    for table in ("member_event", "household_review"):
        index = _index(table, "member_id")
        rows[table] = [row for row in rows[table] if row[index] not in gone]
    beneficiary = _index("activity", "beneficiary_member_id")
    activities = []
    for row in rows["activity"]:
        if row[beneficiary] in gone:
            row = list(row)
            row[beneficiary] = None
        activities.append(row)
    rows["activity"] = activities
