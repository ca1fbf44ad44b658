"""Targets 2b and 8 of a window: who is in an office the day before it and on its last day, and
their households, counted without listing anybody (`Moves`).

An office's own file counts them each time (a few thousand members). A province of twenty offices
keeps them per office (kept_moves, desktop/models/kept.py) with the office's version they were
counted at: a province-wide figure adds up the kept counts and counts again only the offices whose
rows changed since (the database raises an office's version itself, whatever writes its rows).
"""

from __future__ import annotations

from dataclasses import astuple, dataclass
from datetime import date
from typing import TYPE_CHECKING

from sqlalchemy import Connection, text

if TYPE_CHECKING:
    from desktop.programme.records import Records
    from desktop.store import Store

IN_FORCE = ("admitted", "readmitted", "transferred_in", "transferred")
POOR = ("poor", "near_poor")


@dataclass(frozen=True)
class Moves:
    """Members in an office at two days (the day before a window, its last day): what 2b and 8
    report without listing anybody. Offices' moves add up (a member is one office's)."""

    before: int  # in the office at the start
    after: int  # at the end
    came: int  # at the end, not at the start
    went: int  # at the start, not at the end
    cohort: int  # at both ends, their household reviewed by the start (target 8)
    poor_before: int  # of the cohort, poor or near-poor by their latest review at the start
    poor_after: int  # … at the end
    unreviewed: int  # at both ends, no review by the start

    def __add__(self, other: Moves) -> Moves:
        return Moves(*(a + b for a, b in zip(astuple(self), astuple(other), strict=True)))


NO_MOVES = Moves(0, 0, 0, 0, 0, 0, 0, 0)


def _last_rows(table: str, columns: str, day: str, where: str) -> str:
    """Per member, the rows of `table` that hold its state on :end (its last row) and on :start
    (its last row dated on or before :start): rows in the order Python reads them (the day, then
    created_at, id), each with the next row's day and member (NULL on the member's last row)."""
    order = f"{day}, {table}.created_at, {table}.id"
    window = f"OVER (PARTITION BY {table}.member_id ORDER BY {order})"
    return (
        f"SELECT * FROM (SELECT {table}.member_id AS member_id, {columns}, {day} AS day, "
        f"LEAD({day}) {window} AS next_day, LEAD({table}.member_id) {window} AS next_member "
        f"{where}) x WHERE next_member IS NULL OR (day <= :start AND next_day > :start)"
    )


_IN_FORCE_SQL = "(" + ", ".join(f"'{kind}'" for kind in IN_FORCE) + ")"
_POOR_SQL = "(" + ", ".join(f"'{status}'" for status in POOR) + ")"
_AT_END = "next_member IS NULL"
_AT_START = "day <= :start AND (next_member IS NULL OR next_day > :start)"
MOVES_SQL = (
    "SELECT COALESCE(SUM(a0), 0), COALESCE(SUM(a1), 0), "
    "COALESCE(SUM(CASE WHEN a1 = 1 AND a0 = 0 THEN 1 ELSE 0 END), 0), "
    "COALESCE(SUM(CASE WHEN a0 = 1 AND a1 = 0 THEN 1 ELSE 0 END), 0), "
    "COALESCE(SUM(CASE WHEN a0 = 1 AND a1 = 1 AND has0 = 1 THEN 1 ELSE 0 END), 0), "
    f"COALESCE(SUM(CASE WHEN a0 = 1 AND a1 = 1 AND has0 = 1 AND st0 IN {_POOR_SQL} "
    "THEN 1 ELSE 0 END), 0), "
    f"COALESCE(SUM(CASE WHEN a0 = 1 AND a1 = 1 AND has0 = 1 AND st1 IN {_POOR_SQL} "
    "THEN 1 ELSE 0 END), 0), "
    "COALESCE(SUM(CASE WHEN a0 = 1 AND a1 = 1 AND has0 = 0 THEN 1 ELSE 0 END), 0) "
    "FROM (SELECT member_id, MAX(a0) AS a0, MAX(a1) AS a1, MAX(has0) AS has0, "
    "MAX(st0) AS st0, MAX(st1) AS st1 FROM ("
    f"SELECT member_id, CASE WHEN {_AT_END} AND kind IN {_IN_FORCE_SQL} THEN 1 ELSE 0 END AS a1, "
    f"CASE WHEN {_AT_START} AND kind IN {_IN_FORCE_SQL} THEN 1 ELSE 0 END AS a0, "
    "0 AS has0, NULL AS st0, NULL AS st1 FROM ("
    + _last_rows(
        "member_event",
        "member_event.kind AS kind",
        "member_event.event_date",
        "FROM member_event JOIN member ON member.id = member_event.member_id "
        "WHERE member_event.deleted_at IS NULL AND member.deleted_at IS NULL "
        "AND member_event.event_date <= :end",
    )
    + ") e UNION ALL SELECT member_id, 0, 0, CASE WHEN day <= :start THEN 1 ELSE 0 END, "
    f"CASE WHEN {_AT_START} THEN status END, CASE WHEN {_AT_END} THEN status END FROM ("
    + _last_rows(
        "household_review",
        "household_review.status AS status",
        "household_review.reviewed_on",
        "FROM household_review WHERE household_review.deleted_at IS NULL "
        "AND household_review.reviewed_on <= :end",
    )
    + ") v) w GROUP BY member_id) m"
)


@dataclass(frozen=True)
class Counted:
    """One office's moves counted now, at its version: kept by `keep` once the look is over."""

    unit: str
    start: date
    end: date
    version: int
    moves: Moves


_COUNTS = (
    "members_start",
    "members_end",
    "came",
    "went",
    "cohort",
    "poor_start",
    "poor_end",
    "unreviewed",
)


def kept(
    records: Records, units: tuple[str, ...], start: date, end: date
) -> tuple[dict[str, int], dict[str, Moves]]:
    """(each office's version as this look sees it, the moves kept for it at that version)."""
    versions = {
        str(code): int(version)
        for code, version in records.plain_rows("SELECT unit_code, version FROM unit_version")
    }
    found: dict[str, Moves] = {}
    wanted = set(units)
    for code, version, *counts in records.plain_rows(
        f"SELECT unit_code, version, {', '.join(_COUNTS)} FROM kept_moves "
        "WHERE start_day = :start AND end_day = :end",
        start=start.isoformat(),
        end=end.isoformat(),
    ):
        if code in wanted and int(version) == versions.get(code, 0):
            found[code] = Moves(*(int(n) for n in counts))
    return {code: versions.get(code, 0) for code in units}, found


_KEEP = (
    f"INSERT INTO kept_moves (unit_code, start_day, end_day, version, {', '.join(_COUNTS)}) "
    f"VALUES (:unit, :start, :end, :version, {', '.join(':' + name for name in _COUNTS)}) "
    "ON CONFLICT (unit_code, start_day, end_day) DO UPDATE SET version = excluded.version, "
    + ", ".join(f"{name} = excluded.{name}" for name in _COUNTS)
    # A look at an older state never overwrites what a newer one kept.
    + " WHERE kept_moves.version < excluded.version"
)


def keep(store: Store, counted: list[Counted]) -> bool:
    """Keep what a look counted, never waiting behind a merge or an import (the counts are made
    again next time instead). False when nothing could be written."""
    if not counted:
        return True
    rows = [
        {
            "unit": c.unit,
            "start": c.start.isoformat(),
            "end": c.end.isoformat(),
            "version": c.version,
            **dict(zip(_COUNTS, astuple(c.moves), strict=True)),
        }
        for c in counted
    ]

    def write(con: Connection) -> None:
        con.execute(text(_KEEP), rows)
        # Counts of an office's earlier versions are never read again: one row per office and
        # pair of days at most, however many bundles it sends.
        con.execute(
            text("DELETE FROM kept_moves WHERE unit_code = :unit AND version < :version"),
            [{"unit": c.unit, "version": c.version} for c in counted],
        )

    return store.write_aside(write)
