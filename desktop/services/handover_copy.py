"""The writes of `office merge`, all inside the caller's one transaction on the successor.

Rows keep their UUIDs (random, so two offices never share one), parents before children, so
every foreign key stays valid as it is written. A record that loses a clash is never removed:
it comes in (or stays) as a tombstone, `deleted_at` set, with its history, as the soft-delete
convention of desktop/models keeps every record.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime
from typing import Any

from sqlalchemy import Connection, DateTime, bindparam, text

from desktop.services.handover_plan import (
    PROGRAMME_REFS,
    PROVINCE_TABLES,
    Plan,
    columns,
)

# A member's history follows the member: a tombstoned member's events and reviews go with it.
HISTORY = ("member_event", "household_review")


def _run(con: Connection, sql: str, params: dict[str, Any] | None = None) -> None:
    """One statement; `:now` is bound as a stamp, which each store keeps in its own form."""
    statement = text(sql)
    if ":now" in sql:
        statement = statement.bindparams(bindparam("now", type_=DateTime()))
    con.execute(statement, params or {})


def _fill_losers(con: Connection, name: str, ids: Iterable[str]) -> None:
    """A temporary table of ids, dropped with the other office's rows once the merge is written."""
    con.execute(text(f"CREATE TEMPORARY TABLE {name} (id VARCHAR(36) PRIMARY KEY)"))
    rows = [{"id": i} for i in sorted(set(ids))]
    if rows:
        con.execute(text(f"INSERT INTO {name} (id) VALUES (:id)"), rows)


def _tombstone_ours(con: Connection, plan: Plan, update: bool, now: datetime) -> None:
    """Our records that lose to a later one of the other office (only with --update)."""
    if not update:
        return
    members = [c.ours_id for c in plan.clashes if c.theirs_later]
    entries = [(e.table, e.ours_id) for e in plan.entry_clashes if e.theirs_at > e.ours_at]
    stamp = "deleted_at = :now, updated_at = :now"
    for table, ident in [("member", m) for m in members] + entries:
        _run(con, f"UPDATE {table} SET {stamp} WHERE id = :id", {"now": now, "id": ident})
    for table in HISTORY:
        for member in members:
            _run(
                con,
                f"UPDATE {table} SET {stamp} WHERE member_id = :id AND deleted_at IS NULL",
                {"now": now, "id": member},
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
            losing = f"deleted_at IS NULL AND {by} IN (SELECT id FROM {losers})"
            picked.append(f"CASE WHEN {losing} THEN :now ELSE {name} END")
        else:
            picked.append(name)
    return ", ".join(picked)


def _copy_programmes(con: Connection, years: tuple[int, ...]) -> None:
    """A programme year the successor lacks comes with the other office's rows of it."""
    if not years:
        return
    marks = ", ".join(f":y{i}" for i in range(len(years)))
    picked = {f"y{i}": year for i, year in enumerate(years)}
    programmes = f"SELECT id FROM src_programme WHERE year IN ({marks})"
    for table, where in (
        ("programme", f"id IN ({programmes})"),
        ("target", f"programme_id IN ({programmes})"),
        ("task_area", f"programme_id IN ({programmes})"),
    ):
        names = ", ".join(columns(table))
        con.execute(
            text(f"INSERT INTO {table} ({names}) SELECT {names} FROM src_{table} WHERE {where}"),
            picked,
        )


def _copy_mapped(con: Connection, table: str, plan: Plan, params: dict[str, Any]) -> None:
    """Entries, narratives and quotas: their target or task area is the successor's own live row
    of the same year and code (or number); the losing ones come in as tombstones."""
    column, parent, key = PROGRAMME_REFS[table]
    names = columns(table)
    picked = []
    for name in names:
        if name == column:
            picked.append(
                f"(SELECT MIN(ot.id) FROM {parent} ot JOIN programme op ON op.id = ot.programme_id "
                f"WHERE op.year = p.year AND ot.{key} = t.{key} AND op.deleted_at IS NULL "
                "AND ot.deleted_at IS NULL)"
            )
        elif name == "unit_code" and not plan.province:
            picked.append("CASE WHEN e.unit_code = :theirs THEN :ours ELSE e.unit_code END")
        elif name in ("deleted_at", "updated_at"):
            losing = "e.deleted_at IS NULL AND e.id IN (SELECT id FROM handover_entries)"
            picked.append(f"CASE WHEN {losing} THEN :now ELSE e.{name} END")
        else:
            picked.append(f"e.{name}")
    _run(
        con,
        f"INSERT INTO {table} ({', '.join(names)}) SELECT {', '.join(picked)} "
        f"FROM src_{table} e JOIN src_{parent} t ON t.id = e.{column} "
        "JOIN src_programme p ON p.id = t.programme_id",
        params,
    )


def _copy_registry(con: Connection, table: str) -> None:
    """A province's keys, ledger, closed chains and packages sent (numbered anew here)."""
    names = [n for n in columns(table) if n != "id"]
    listed = ", ".join(names)
    where = "WHERE own = FALSE" if table == "unit_key" else ""
    con.execute(
        text(f"INSERT INTO {table} ({listed}) SELECT {listed} FROM src_{table} {where} ORDER BY id")
    )


def copy_rows(con: Connection, plan: Plan, *, update: bool, now: datetime) -> None:
    """Every row of the plan's tables into the successor's, in the plan's order."""
    _tombstone_ours(con, plan, update, now)
    _copy_programmes(con, plan.programme_years)
    members, entries = _their_losers(plan, update)
    _fill_losers(con, "handover_members", members)
    _fill_losers(con, "handover_entries", entries)
    params: dict[str, Any] = {"now": now, "theirs": plan.theirs.code, "ours": plan.ours.code}
    for table in plan.tables:
        copy_table(con, plan, table, params, entries)


def copy_table(
    con: Connection, plan: Plan, table: str, params: dict[str, Any], entries: set[str]
) -> None:
    """One table of the plan (a module-level step, so a test can make one fail midway)."""
    if table in PROGRAMME_REFS:
        _copy_mapped(con, table, plan, params)
        return
    if table in PROVINCE_TABLES:
        _copy_registry(con, table)
        return
    names = columns(table)
    losers, by = None, "id"
    if table == "member":
        losers = "handover_members"
    elif table in HISTORY:
        losers, by = "handover_members", "member_id"
    picked = _select(names, not plan.province, losers, by)
    _run(con, f"INSERT INTO {table} ({', '.join(names)}) SELECT {picked} FROM src_{table}", params)
