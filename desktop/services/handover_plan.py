"""What `office merge` would bring in: the rows per kind, the clashes, and what refuses it.

Runs on the successor's unit of work, the other office's rows loaded beside its own as temporary
tables `src_<table>` (desktop/services/handover_load.py), through plain rows (stamps read alike on
both stores); it reads only, so the dry run and the merge judge the same plan. The tables are
those a bundle carries (desktop/sync/format/tables.py TABLE_ORDER) with each union's chairs (chair_term),
plus, between two provinces, what a province keeps of its offices (keys, ledger, quotas).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from sqlalchemy import Connection
from sqlalchemy import text as sql

from desktop.errors import UserError
from desktop.services import handover_messages as text
from desktop.sync.format.tables import TABLE_ORDER


def _with_chairs(order: tuple[str, ...]) -> tuple[str, ...]:
    after = order.index("grassroots_union") + 1
    return (*order[:after], "chair_term", *order[after:])


# A union's chairs as records come right after their union, though no bundle carries them: the
# successor's history of a union taken over lists its earlier chairs too.
MERGED = _with_chairs(TABLE_ORDER)
# Rows that come along with their union, not counted on a line of their own.
FOLLOWING = frozenset({"chair_term"})
# A province's own registry of its offices, carried when two provinces merge (no `id` kept:
# these are numbered per database).
PROVINCE_TABLES = ("unit_key", "bundle_ledger", "handover", "sent_package")
# Rows that name a target or task area of a programme: mapped by (year, code) or (year, number),
# as bundles do (desktop/sync/province/programmes.py), since each database loaded its programme itself.
PROGRAMME_REFS = {
    "progress_entry": ("target_id", "target", "code"),
    "narrative": ("task_area_id", "task_area", "number"),
    "quota": ("target_id", "target", "code"),
}
LIVE_ACTIVE = "status = 'active' AND deleted_at IS NULL AND citizen_id <> ''"


@dataclass(frozen=True)
class OfficeOf:
    role: str
    code: str
    name: str


@dataclass(frozen=True)
class Clash:
    """One citizen ID active in both registers."""

    citizen_id: str
    ours_id: str
    ours_name: str
    ours_union: str
    ours_at: str  # updated_at as stored
    theirs_id: str
    theirs_name: str
    theirs_union: str
    theirs_at: str

    @property
    def theirs_later(self) -> bool:
        """The other office's record was changed later (equal times keep ours)."""
        return self.theirs_at > self.ours_at


@dataclass(frozen=True)
class EntryClash:
    """A hand-entered value (or narrative, or quota) of one target and period in both."""

    table: str
    ours_id: str
    ours_at: str
    theirs_id: str
    theirs_at: str


@dataclass(frozen=True)
class Plan:
    ours: OfficeOf
    theirs: OfficeOf
    tables: tuple[str, ...]  # in the order rows are written
    counts: dict[str, int]  # rows coming in, per table
    tombstones: int  # of them, rows the other office had already deleted
    clashes: tuple[Clash, ...]
    entry_clashes: tuple[EntryClash, ...]
    programme_years: tuple[int, ...]  # years the successor lacks: their programme comes along
    already: bool  # every row is here already: merged before

    @property
    def province(self) -> bool:
        return self.ours.role == "province"


def at(schema: str, table: str) -> str:
    """The table of the successor ("main") or the other office's copy of it ("src")."""
    return table if schema == "main" else f"src_{table}"


def office_of(con: Connection, schema: str) -> OfficeOf | None:
    row = con.execute(
        sql(f"SELECT role, code, name FROM {at(schema, 'office')} WHERE deleted_at IS NULL LIMIT 1")
    ).first()
    return OfficeOf(*row) if row is not None else None


def columns(table: str) -> list[str]:
    """The table's columns, in the model's order (both databases are at the newest schema,
    checked before, and the other's rows are loaded with the same columns)."""
    from desktop.models import Base

    return [c.name for c in Base.metadata.tables[table].columns]


def _one(con: Connection, query: str, params: dict[str, Any] | None = None) -> Any:
    return con.execute(sql(query), params or {}).scalar()


def _has_id(table: str) -> bool:
    return "id" in columns(table)


def _overlap(con: Connection, tables: tuple[str, ...]) -> tuple[bool, str | None]:
    """(every row already here, the first table/record/count here but not all)."""
    total = shared = 0
    first: tuple[str, str, int] | None = None
    for table in tables:
        if table in PROVINCE_TABLES or not _has_id(table):
            continue
        count = _one(con, f"SELECT COUNT(*) FROM src_{table}")
        found = con.execute(
            sql(f"SELECT COUNT(*), MIN(s.id) FROM src_{table} s JOIN {table} m ON m.id = s.id")
        ).one()
        total += count
        shared += found[0]
        if found[0] and first is None:
            first = (table, found[1], found[0])
    if total and shared == total:
        return True, None
    if first is None:
        return False, None
    return False, f"{first[0]}|{first[1]}|{shared}"


def _units(con: Connection, schema: str) -> set[str]:
    """Every office a province database holds something of."""
    found = {
        r[0]
        for r in con.execute(
            sql(
                f"SELECT unit_code FROM {at(schema, 'unit_key')} WHERE own = FALSE "
                f"UNION SELECT unit_code FROM {at(schema, 'bundle_ledger')} "
                f"UNION SELECT from_code FROM {at(schema, 'handover')}"
            )
        )
    }
    for table in MERGED:
        found |= {
            r[0]
            for r in con.execute(
                sql(f"SELECT DISTINCT unit_code FROM {at(schema, table)} WHERE unit_code <> ''")
            )
        }
    return found


def _clashes(con: Connection, relabel: tuple[str, str] | None) -> tuple[Clash, ...]:
    # Offices keep their own members as '' and a province its offices' by code: a clash is the
    # same citizen ID active under the same owner once merged.
    owner = (
        "CASE WHEN s.unit_code = :theirs THEN :ours ELSE s.unit_code END"
        if relabel
        else "s.unit_code"
    )
    rows = con.execute(
        sql(
            f"""SELECT s.citizen_id, m.id, m.full_name, mu.name, m.updated_at,
                   s.id, s.full_name, su.name, s.updated_at
            FROM src_member s
            JOIN member m ON m.citizen_id = s.citizen_id AND m.unit_code = {owner}
            JOIN grassroots_union mu ON mu.id = m.union_id
            JOIN src_grassroots_union su ON su.id = s.union_id
            WHERE s.status = 'active' AND s.deleted_at IS NULL AND s.citizen_id <> ''
              AND m.status = 'active' AND m.deleted_at IS NULL
            ORDER BY s.citizen_id"""
        ),
        {"theirs": relabel[0], "ours": relabel[1]} if relabel else {},
    ).fetchall()
    return tuple(Clash(*(str(v) for v in row)) for row in rows)


def _ref_rows(con: Connection, schema: str, table: str, extra: str = "") -> list[tuple[Any, ...]]:
    """(id, year, code-or-number, unit_code, period-or-'', updated_at, deleted_at) per row."""
    column, parent, key = PROGRAMME_REFS[table]
    period = "e.period" if table != "quota" else "''"
    return [
        tuple(r)
        for r in con.execute(
            sql(
                f"""SELECT e.id, p.year, t.{key}, e.unit_code, {period}, e.updated_at, e.deleted_at
            FROM {at(schema, table)} e JOIN {at(schema, parent)} t ON t.id = e.{column}
            JOIN {at(schema, "programme")} p ON p.id = t.programme_id {extra} ORDER BY e.id"""
            )
        )
    ]


def programme_map(con: Connection, table: str, schema: str = "main") -> dict[tuple[int, Any], str]:
    """The live target (or task area) id by (year, code or number): the successor's, or with
    `schema` "src" the other office's."""
    _, parent, key = PROGRAMME_REFS[table]
    return {
        (r[0], r[1]): r[2]
        for r in con.execute(
            sql(
                f"SELECT p.year, t.{key}, t.id FROM {at(schema, parent)} t "
                f"JOIN {at(schema, 'programme')} p ON p.id = t.programme_id "
                "WHERE p.deleted_at IS NULL AND t.deleted_at IS NULL"
            )
        )
    }


def _programme_years(con: Connection, tables: tuple[str, ...]) -> tuple[int, ...]:
    years: set[int] = set()
    for table in tables:
        if table in PROGRAMME_REFS:
            years |= {r[1] for r in _ref_rows(con, "src", table)}
    ours = {r[0] for r in con.execute(sql("SELECT year FROM programme WHERE deleted_at IS NULL"))}
    return tuple(sorted(years - ours))


def _entry_clashes(
    con: Connection,
    tables: tuple[str, ...],
    copied: tuple[int, ...],
    relabel: tuple[str, str] | None,
    where: tuple[str, str],
) -> tuple[EntryClash, ...]:
    found: list[EntryClash] = []
    for table in tables:
        if table not in PROGRAMME_REFS:
            continue
        # A year the successor lacks comes with the other office's programme (its live rows).
        brought = {k: v for k, v in programme_map(con, table, "src").items() if k[0] in copied}
        known = {**programme_map(con, table), **brought}
        ours = {
            (r[1], r[2], r[3], r[4]): (r[0], r[5])
            for r in _ref_rows(con, "main", table, "WHERE e.deleted_at IS NULL")
        }
        for row in _ref_rows(con, "src", table):
            ident, year, key, unit, period, at, deleted = row
            if (year, key) not in known:
                raise UserError(
                    text.PROGRAMME_MISSING.format(
                        table=text.KIND_LABELS[table],
                        other=where[1],
                        record=ident,
                        code=key,
                        year=year,
                        path=where[0],
                    )
                )
            if relabel and unit == relabel[0]:
                unit = relabel[1]
            mine = ours.get((year, key, unit, period))
            if mine is not None and deleted is None:
                found.append(EntryClash(table, mine[0], str(mine[1]), ident, str(at)))
    return tuple(found)


def make_plan(con: Connection, where: tuple[str, str]) -> Plan:
    """The plan of merging `src` into `main`; `where` is (successor path, other path) for the
    messages. Raises UserError for what refuses the merge whatever the options."""
    ours, theirs = office_of(con, "main"), office_of(con, "src")
    if ours is None:
        raise UserError(text.NO_OFFICE.format(path=where[0]))
    if theirs is None:
        raise UserError(text.NO_OFFICE.format(path=where[1]))
    if ours.role != theirs.role:
        raise UserError(
            text.ROLE_MISMATCH.format(
                other=where[1],
                path=where[0],
                other_role=text.ROLE_LABELS.get(theirs.role, theirs.role),
                role=text.ROLE_LABELS.get(ours.role, ours.role),
            )
        )
    if ours.code == theirs.code:
        raise UserError(text.SAME_CODE.format(other=where[1], path=where[0], code=ours.code))
    province = ours.role == "province"
    tables = (*MERGED, "quota", *PROVINCE_TABLES) if province else MERGED
    already, partial = _overlap(con, tables)
    if partial is not None:
        table, record, count = partial.split("|")
        raise UserError(
            text.ID_CLASH.format(
                table=f"{text.KIND_LABELS[table]} ({table})",
                other=where[1],
                record=record,
                path=where[0],
                count=count,
            )
        )
    if province and not already:
        both = sorted(_units(con, "main") & _units(con, "src"))
        if both:
            raise UserError(text.UNIT_CLASH.format(count=len(both), codes=", ".join(both)))
    relabel = None if province else (theirs.code, ours.code)
    counts = {t: _one(con, f"SELECT COUNT(*) FROM src_{t}") for t in tables}
    if province:
        counts["unit_key"] = _one(con, "SELECT COUNT(*) FROM src_unit_key WHERE own = FALSE")
    tombstones = sum(
        _one(con, f"SELECT COUNT(*) FROM src_{t} WHERE deleted_at IS NOT NULL")
        for t in tables
        if "deleted_at" in columns(t)
    )
    years = _programme_years(con, tables)
    if already:
        return Plan(ours, theirs, tables, counts, tombstones, (), (), (), True)
    return Plan(
        ours,
        theirs,
        tables,
        counts,
        tombstones,
        _clashes(con, relabel),
        _entry_clashes(con, tables, years, relabel, where),
        years,
        False,
    )
