"""The same records on both stores: an office's SQLite file copied, row for row, into a
PostgreSQL database, so a figure or a report made from each can be compared."""

from __future__ import annotations

from pathlib import Path

from sqlalchemy import create_engine, insert, select

from desktop.store import Store, dialect

BATCH = 2000


def copy_to_postgres(source: Path, url: str) -> Store:
    """The PostgreSQL store at `url` holding every row of the SQLite file `source` (its schema
    made by the same migrations). Rows are read typed (dates, flags, times) and written through
    one unit of work, table by table in the order their references need."""
    import desktop.models  # noqa: F401  (every table on the metadata)
    from desktop.models.base import Base

    store = Store(url)
    reader = create_engine(f"sqlite:///{source}")
    try:
        with reader.connect() as src, store.unit_of_work() as uow:
            con = uow.connection
            for table in Base.metadata.sorted_tables:
                if not dialect.table_exists(src, table.name):
                    continue
                rows = [dict(row._mapping) for row in src.execute(select(table))]
                for start in range(0, len(rows), BATCH):
                    con.execute(insert(table), rows[start : start + BATCH])
            head = dialect.audit_head(src) if dialect.table_exists(con, "audit_head") else 0
            if head:
                dialect.set_audit_head(con, head)
    finally:
        reader.dispose()
    return store
