"""(Province) a bundle's rows written over its unit's, and the record another office already owns.

The rows come from canonical JSON: dates and times as ISO text (both stores take text into a date
column), flags as 0/1 or true/false. PostgreSQL takes a flag only as a boolean, so the columns the
models declare Boolean are bound as Python bools; SQLite stores those as 0/1 as before.
"""

from __future__ import annotations

from functools import cache
from typing import Any

from sqlalchemy import Boolean, Connection

from desktop.store.dialect import insert_rows
from desktop.sync.format import messages
from desktop.sync.format.tables import BUNDLE_SCHEMA, SPECS, TABLE_ORDER
from desktop.sync.province.programmes import ProgrammeIds

# Programme rows name the province's own target and task area rows (desktop/sync/province/programmes.py).
MAPPED = {
    "progress_entry": (
        "id",
        "target_id",
        "period",
        "value",
        "numerator",
        "denominator",
        "note",
        "created_at",
        "updated_at",
        "deleted_at",
    ),
    "narrative": (
        "id",
        "task_area_id",
        "period",
        "text",
        "created_at",
        "updated_at",
        "deleted_at",
    ),
}
CHUNK = 500  # ids per IN list: well under either store's limit on parameters


@cache
def flag_columns(table: str) -> frozenset[str]:
    """The columns of `table` the models declare Boolean."""
    from desktop.models import Base

    columns = Base.metadata.tables[table].columns
    return frozenset(c.name for c in columns if isinstance(c.type, Boolean))


def _bound(table: str, names: list[str], data: list[list[Any]], unit: str) -> list[list[Any]]:
    """Each row's values in `names` order, then the unit's code."""
    flags = [i for i, name in enumerate(names) if name in flag_columns(table)]
    rows = []
    for row in data:
        values = [*row, unit]
        for i in flags:
            if row[i] is not None:
                values[i] = bool(row[i])
        rows.append(values)
    return rows


def replace_unit_rows(
    con: Connection, unit: str, rows: dict[str, list[list[Any]]], ids: ProgrammeIds
) -> None:
    """Delete the unit's rows (children first) and insert the bundle's (parents first), with
    the derived columns computed here (desktop/sync/format/derived.py)."""
    from desktop.sync.format.derived import recompute
    from desktop.sync.ledger import run
    from desktop.sync.province.handover import release_taken_over

    spec = SPECS[BUNDLE_SCHEMA]
    release_taken_over(con, unit, rows)  # records of an office it took over come with it (§12)
    for table in reversed(TABLE_ORDER):
        run(con, f"DELETE FROM {table} WHERE unit_code = :unit", {"unit": unit})
    for table in TABLE_ORDER:
        names = [c.name for c in spec[table]]
        data = recompute(table, rows[table])  # derived columns: ours, never the file's
        if table == "progress_entry":
            names = list(MAPPED[table])
            data = [[r[0], ids.targets[(r[1], r[2])], *r[3:]] for r in data]
        elif table == "narrative":
            names = list(MAPPED[table])
            data = [[r[0], ids.task_areas[(r[1], r[2])], *r[3:]] for r in data]
        if not data:
            continue
        insert_rows(con, table, [*names, "unit_code"], _bound(table, names, data, unit))


def foreign_record(
    con: Connection, unit: str, rows: dict[str, list[list[Any]]], file: str
) -> str | None:
    """The refusal naming the first record of the bundle another office (or the province)
    already owns, or None: `bundle verify` says what `bundle merge` would refuse."""
    from desktop.sync.province.handover import in_lists, owners

    units = list(owners(con, unit))  # the records of offices it took over are its own (§12)
    for table in TABLE_ORDER:
        if table == "activity_union":
            continue
        record_ids = [r[0] for r in rows[table]]
        sql = in_lists(
            f"SELECT id, unit_code FROM {table} WHERE unit_code NOT IN :units AND id IN :ids "
            "LIMIT 1"
        )
        for start in range(0, len(record_ids), CHUNK):
            chunk = record_ids[start : start + CHUNK]
            found = con.execute(sql, {"units": units, "ids": chunk}).fetchone()
            if found is not None:
                owner = found[1] or "LĐLĐ tỉnh (dữ liệu riêng của tỉnh)"
                return messages.RECORD_OTHER_UNIT.format(
                    file=file, table=table, record=found[0], owner=owner, unit=unit
                )
    return None
