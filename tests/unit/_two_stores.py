"""The same records on both stores: an office's SQLite file copied, row for row, into a
PostgreSQL database, so a figure or a report made from each can be compared."""

from __future__ import annotations

from pathlib import Path

from sqlalchemy import create_engine, insert, select, text

from desktop.store import Store, dialect

BATCH = 2000


def copy_to_postgres(source: Path, url: str) -> Store:
    """The PostgreSQL store at `url` holding every row of the SQLite file `source` (its schema
    made by the same migrations). Rows are read typed (dates, flags, times) and written through
    one unit of work, table by table in the order their references need."""
    from desktop.models import Base  # the package's Base: every table on the metadata
    from desktop.models.kept import DERIVED_TABLES

    store = Store(url)
    reader = create_engine(f"sqlite:///{source}")
    try:
        with reader.connect() as src, store.unit_of_work() as uow:
            con = uow.connection
            for table in Base.metadata.sorted_tables:
                if table.name in DERIVED_TABLES or not dialect.table_exists(src, table.name):
                    continue
                rows = [dict(row._mapping) for row in src.execute(select(table))]
                for start in range(0, len(rows), BATCH):
                    con.execute(insert(table), rows[start : start + BATCH])
                if rows and "id" in table.c and table.c.id.autoincrement is True:
                    # Numbered rows came with their numbers: the next one follows them.
                    con.execute(
                        text(
                            f"SELECT setval(pg_get_serial_sequence('{table.name}', 'id'), "
                            f"(SELECT MAX(id) FROM {table.name}))"
                        )
                    )
            head = dialect.audit_head(src) if dialect.table_exists(con, "audit_head") else 0
            if head:
                dialect.set_audit_head(con, head)
    finally:
        reader.dispose()
    return store
