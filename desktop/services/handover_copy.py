"""The writes of `office merge`, all inside the caller's one transaction on the successor.

Rows keep their UUIDs (random, so two offices never share one), parents before children, so
every foreign key stays valid as it is written. A record that loses a clash is never removed:
it comes in (or stays) as a tombstone, `deleted_at` set, with its history, as the soft-delete
convention of desktop/models keeps every record.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterable
from typing import Any

from desktop.services.handover_plan import (
    PROGRAMME_REFS,
    PROVINCE_TABLES,
    Plan,
    columns,
    programme_map,
)

# A member's history follows the member: a tombstoned member's events and reviews go with it.
HISTORY = ("member_event", "household_review")


def _marks(count: int) -> str:
    return ", ".join("?" for _ in range(count))


def _fill_losers(con: sqlite3.Connection, name: str, ids: Iterable[str]) -> None:
    con.execute(f"CREATE TEMP TABLE IF NOT EXISTS {name} (id TEXT PRIMARY KEY)")
    con.execute(f"DELETE FROM temp.{name}")
    con.executemany(f"INSERT OR IGNORE INTO temp.{name} (id) VALUES (?)", ((i,) for i in ids))


def _tombstone_ours(con: sqlite3.Connection, plan: Plan, update: bool, now: str) -> None:
    """Our records that lose to a later one of the other office (only with --update)."""
    if not update:
        return
    members = [c.ours_id for c in plan.clashes if c.theirs_later]
    entries = [(e.table, e.ours_id) for e in plan.entry_clashes if e.theirs_at > e.ours_at]
    stamp = "deleted_at = ?, updated_at = ?"
    for table, ident in [("member", m) for m in members] + entries:
        con.execute(f"UPDATE main.{table} SET {stamp} WHERE id = ?", (now, now, ident))
    for table in HISTORY:
        for member in members:
            con.execute(
                f"UPDATE main.{table} SET {stamp} WHERE member_id = ? AND deleted_at IS NULL",
                (now, now, member),
            )


def _their_losers(plan: Plan, update: bool) -> tuple[set[str], set[str]]:
    """(their members that lose, their entries that lose): without --update ours are kept."""
    members = {c.theirs_id for c in plan.clashes if not c.theirs_later}
    entries = {e.theirs_id for e in plan.entry_clashes if not (update and e.theirs_at > e.ours_at)}
    return members, entries


def _select(names: list[str], relabel: bool, losers: str | None, by: str) -> str:
    """The SELECT list over `src`: the owner relabelled (offices keep progress under their own
    code) and the losing rows turned into tombstones."""
    picked = []
    for name in names:
        if name == "unit_code" and relabel:
            picked.append("CASE WHEN unit_code = :theirs THEN :ours ELSE unit_code END")
        elif name in ("deleted_at", "updated_at") and losers is not None:
            losing = f"deleted_at IS NULL AND {by} IN (SELECT id FROM temp.{losers})"
            picked.append(f"CASE WHEN {losing} THEN :now ELSE {name} END")
        else:
            picked.append(name)
    return ", ".join(picked)


def _copy_programmes(con: sqlite3.Connection, years: tuple[int, ...]) -> None:
    """A programme year the successor lacks comes with the other office's rows of it."""
    if not years:
        return
    marks = _marks(len(years))
    ids = [
        r[0] for r in con.execute(f"SELECT id FROM src.programme WHERE year IN ({marks})", years)
    ]
    id_marks = _marks(len(ids))
    for table, where in (
        ("programme", f"id IN ({id_marks})"),
        ("target", f"programme_id IN ({id_marks})"),
        ("task_area", f"programme_id IN ({id_marks})"),
    ):
        names = ", ".join(columns(con, table))
        con.execute(
            f"INSERT INTO main.{table} ({names}) SELECT {names} FROM src.{table} WHERE {where}",
            ids,
        )


def _copy_mapped(
    con: sqlite3.Connection, table: str, plan: Plan, losers: set[str], now: str
) -> None:
    """Entries, narratives and quotas: their target or task area is the successor's own row of
    the same year and code (or number)."""
    column, parent, key = PROGRAMME_REFS[table]
    names = columns(con, table)
    known = programme_map(con, table)
    rows = con.execute(
        f"SELECT {', '.join('e.' + n for n in names)}, p.year, t.{key} FROM src.{table} e "
        f"JOIN src.{parent} t ON t.id = e.{column} JOIN src.programme p ON p.id = t.programme_id"
    ).fetchall()
    at = {n: i for i, n in enumerate(names)}
    data = []
    for row in rows:
        values = list(row[: len(names)])
        values[at[column]] = known[(row[-2], row[-1])]
        if not plan.province and values[at["unit_code"]] == plan.theirs.code:
            values[at["unit_code"]] = plan.ours.code
        if values[at["id"]] in losers and values[at["deleted_at"]] is None:
            values[at["deleted_at"]] = values[at["updated_at"]] = now
        data.append(values)
    con.executemany(
        f"INSERT INTO main.{table} ({', '.join(names)}) VALUES ({_marks(len(names))})", data
    )


def _copy_registry(con: sqlite3.Connection, table: str) -> None:
    """A province's keys, ledger, closed chains and packages sent (numbered anew here)."""
    names = [n for n in columns(con, table) if n != "id"]
    listed = ", ".join(names)
    where = "WHERE own = 0" if table == "unit_key" else ""
    con.execute(
        f"INSERT INTO main.{table} ({listed}) SELECT {listed} FROM src.{table} {where} ORDER BY id"
    )


def copy_rows(con: sqlite3.Connection, plan: Plan, *, update: bool, now: str) -> None:
    """Every row of the plan's tables into `main`, in the plan's order."""
    _tombstone_ours(con, plan, update, now)
    _copy_programmes(con, plan.programme_years)
    members, entries = _their_losers(plan, update)
    _fill_losers(con, "handover_members", members)
    params: dict[str, Any] = {"now": now, "theirs": plan.theirs.code, "ours": plan.ours.code}
    for table in plan.tables:
        copy_table(con, plan, table, params, entries)


def copy_table(
    con: sqlite3.Connection, plan: Plan, table: str, params: dict[str, Any], entries: set[str]
) -> None:
    """One table of the plan (a module-level step, so a test can make one fail midway)."""
    if table in PROGRAMME_REFS:
        _copy_mapped(con, table, plan, entries, params["now"])
        return
    if table in PROVINCE_TABLES:
        _copy_registry(con, table)
        return
    names = columns(con, table)
    losers, by = None, "id"
    if table == "member":
        losers = "handover_members"
    elif table in HISTORY:
        losers, by = "handover_members", "member_id"
    picked = _select(names, not plan.province, losers, by)
    con.execute(
        f"INSERT INTO main.{table} ({', '.join(names)}) SELECT {picked} FROM src.{table}", params
    )
