"""The other office's register beside the successor's, for `office merge` to judge and copy.

The other file is its own store; its rows are loaded into temporary tables `src_<table>` of the
successor's unit of work (the same columns and types as the table itself), so the plan and the
copy are plain SQL inside one transaction on either store, an office's file or a province's
PostgreSQL server. Temporary tables are the transaction's own: dropped once the merge is written,
rolled back with everything else when it is not.

A member's search and sort keys are computed again from the name as loaded (the one builder every
writer uses), so a file of an older release or a foreign writer cannot bring keys the search
would miss.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING, Any

from sqlalchemy import Column, Connection, MetaData, Table, insert, select, text

from desktop.models.member_row import name_columns

if TYPE_CHECKING:
    from desktop.store import Store

BATCH = 2000
# What the plan and the copy read of the other office besides the tables copied.
READ_ALSO = ("office", "programme", "target", "task_area")


def _temporary(table: Table) -> Table:
    return Table(
        f"src_{table.name}",
        MetaData(),
        *(Column(c.name, c.type) for c in table.columns),
        prefixes=["TEMPORARY"],
    )


def _rekeyed(rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
    keys: dict[str, dict[str, str]] = {}
    for row in rows:
        name = row["full_name"]
        found = keys.get(name) or keys.setdefault(name, name_columns(name))
        row["name_key"], row["sort_key"] = found["name_key"], found["sort_key"]
    return rows


def load_other(con: Connection, other: Store, tables: Iterable[str]) -> list[str]:
    """Load `tables` (and what the plan reads besides) of `other` into `con`'s transaction;
    returns the temporary tables made, for `drop_loaded`."""
    from desktop.models import Base

    made = []
    with other.reading() as source:
        for name in dict.fromkeys([*READ_ALSO, *tables]):
            table = Base.metadata.tables[name]
            temporary = _temporary(table)
            temporary.create(con)
            made.append(temporary.name)
            # Typed rows (dates, stamps, flags as Python values): bound again in the successor's
            # own types, whichever store it is.
            result = source.execution_options(plain_rows=False).execute(select(table))
            for batch in result.mappings().partitions(BATCH):
                rows = [dict(row) for row in batch]
                if name == "member":
                    rows = _rekeyed(rows)
                con.execute(insert(temporary), rows)
    return made


def drop_loaded(con: Connection, names: Iterable[str]) -> None:
    for name in names:
        con.execute(text(f"DROP TABLE {name}"))
