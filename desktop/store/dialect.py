"""The few places SQLite and PostgreSQL differ, said once.

Services write portable SQL through SQLAlchemy (`text()` with `:name` parameters, TRUE/FALSE for
flags); what cannot be portable lives here: the write lock, inserting a row only when its key is
new, the month of a date, the audit trail's head number, and how a row read with plain SQL looks.

Rows read with `PLAIN` (an execution option) come back as SQLite gives them on both: dates and
times as ISO text, flags as 0/1. Code written against the office's file then reads a province's
server unchanged, and a bundle's canonical JSON is the same whichever store made it.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from sqlalchemy import Connection, event, text
from sqlalchemy.engine import Engine
from sqlalchemy.exc import DBAPIError

# conn.execution_options(**PLAIN): rows as SQLite gives them (see the module's docstring).
PLAIN = {"plain_rows": True}
# One number for every writer of one database: a unit of work on PostgreSQL takes it for its
# transaction, so writers queue as they do on SQLite's single write lock (a merge, an import and
# the audit chain's next number never interleave).
WRITE_LOCK_KEY = 0x756E696F6E  # "union"


def is_postgres(conn: Connection | Engine) -> bool:
    return conn.dialect.name == "postgresql"


def take_write_lock(conn: Connection) -> None:
    """Hold the database's write lock until this transaction ends (SQLite: the first write's own
    lock, taken now with a write that changes nothing)."""
    if is_postgres(conn):
        conn.execute(text("SELECT pg_advisory_xact_lock(:key)"), {"key": WRITE_LOCK_KEY})
    else:
        conn.execute(text("UPDATE alembic_version SET version_num = version_num WHERE 0 = 1"))


def insert_new(conn: Connection, table: str, values: dict[str, Any], key: tuple[str, ...]) -> None:
    """Insert `values` into `table` unless a row with the same `key` columns is there already."""
    columns = ", ".join(values)
    params = ", ".join(f":{name}" for name in values)
    conflict = ", ".join(key)
    conn.execute(
        text(
            f"INSERT INTO {table} ({columns}) VALUES ({params}) ON CONFLICT ({conflict}) DO NOTHING"
        ),
        values,
    )


# Values one INSERT binds at most (SQLite's own limit is 32,766).
_VALUES_PER_INSERT = 30000


def insert_rows(
    conn: Connection, table: str, columns: Sequence[str], rows: Sequence[Sequence[Any]]
) -> None:
    """Insert `rows` (values in `columns` order; dates and times as ISO text) into `table`, many
    rows to a statement: SQLite in INSERTs of many rows, PostgreSQL in one COPY. Both run an
    insert's triggers (an office's version, migration 0014) at a cost per statement, and one
    statement per row made a merge several times slower than the same rows copied in. A refused
    row raises SQLAlchemy's error on both (IntegrityError for a key)."""
    if not rows:
        return
    names = ", ".join(columns)
    if is_postgres(conn):
        _copy_rows(conn, f"COPY {table} ({names}) FROM STDIN", rows)
        return
    one = "(" + ", ".join("?" for _ in columns) + ")"
    per = max(1, _VALUES_PER_INSERT // max(len(columns), 1))
    for start in range(0, len(rows), per):
        chunk = rows[start : start + per]
        conn.exec_driver_sql(
            f"INSERT INTO {table} ({names}) VALUES " + ", ".join([one] * len(chunk)),
            tuple(value for row in chunk for value in row),
        )


def _copy_rows(conn: Connection, sql: str, rows: Sequence[Sequence[Any]]) -> None:
    import psycopg
    from sqlalchemy.exc import DBAPIError

    driver: Any = conn.connection.driver_connection
    try:
        with driver.cursor() as cursor, cursor.copy(sql) as copy:
            for row in rows:
                copy.write_row(row)
    except psycopg.Error as exc:
        raise DBAPIError.instance(sql, None, exc, psycopg.Error) from exc


def month_of(column: str, conn: Connection) -> str:
    """SQL for 'YYYY-MM' of a date column."""
    if is_postgres(conn):
        return f"to_char({column}, 'YYYY-MM')"
    return f"strftime('%Y-%m', {column})"


def table_exists(conn: Connection, name: str) -> bool:
    from sqlalchemy import inspect

    return bool(inspect(conn).has_table(name))


# The audit trail's head (the newest entry's number): SQLite keeps it in the file header
# (PRAGMA user_version), where a copy of the file carries it; PostgreSQL in a one-row table.
def audit_head(conn: Connection) -> int:
    if is_postgres(conn):
        found = conn.execute(text("SELECT number FROM audit_head")).scalar()
        return int(found or 0)
    return int(conn.exec_driver_sql("PRAGMA user_version").scalar() or 0)


def set_audit_head(conn: Connection, number: int) -> None:
    if is_postgres(conn):
        conn.execute(text("UPDATE audit_head SET number = :n"), {"n": int(number)})
    else:
        conn.exec_driver_sql(
            f"PRAGMA user_version = {int(number):d}"
        )  # a PRAGMA takes no parameters


# What `uniondesk check` asks that only one of the two answers by itself.
def integrity_problems(conn: Connection) -> list[str]:
    """SQLite's own check of the file's pages ([] when whole); PostgreSQL keeps its pages whole
    itself (a damaged page is the server's log, not ours to read)."""
    if is_postgres(conn):
        return []
    found = [str(r[0]) for r in conn.exec_driver_sql("PRAGMA integrity_check")]
    return [] if found == ["ok"] else found


def broken_links(conn: Connection) -> list[tuple[str, str, str]]:
    """(table, row, parent table) of rows pointing at a row that is not there. PostgreSQL refuses
    such a row when it is written, so only a SQLite file edited outside the program has them."""
    if is_postgres(conn):
        return []
    rows = conn.exec_driver_sql("PRAGMA foreign_key_check").fetchall()
    return [(str(r[0]), str(r[1]), str(r[2])) for r in rows]


def trigger_names(conn: Connection, table: str) -> set[str]:
    if is_postgres(conn):
        query = (
            "SELECT t.tgname FROM pg_trigger t JOIN pg_class c ON c.oid = t.tgrelid "
            "WHERE c.relname = :table AND c.relnamespace = to_regnamespace(current_schema()) "
            "AND NOT t.tgisinternal AND t.tgenabled <> 'D'"
        )
    else:
        query = "SELECT name FROM sqlite_master WHERE type = 'trigger' AND tbl_name = :table"
    return {str(r[0]) for r in conn.execute(text(query), {"table": table})}


def has_non_digit(column: str, conn: Connection) -> str:
    """SQL that is true when the text `column` holds anything but the digits 0-9."""
    if is_postgres(conn):
        return f"{column} ~ '[^0-9]'"
    return f"{column} GLOB '*[^0-9]*'"


def years_after(column: str, years: int, conn: Connection) -> str:
    """SQL for the date `years` whole years after the date `column`."""
    if is_postgres(conn):
        return f"({column} + interval '{int(years):d} years')::date"
    return f"date({column}, '+{int(years):d} years')"


def in_code_points(conn: Connection, column: str) -> str:
    """ORDER BY text for `column` compared by code points, as SQLite does: a PostgreSQL server's
    own collation (a Vietnamese or English locale) would reorder the sort keys, made for this,
    and every list a user sees would sort otherwise on a province's server."""
    return f'{column} COLLATE "C"' if is_postgres(conn) else column


def table_owner(conn: Connection) -> str:
    """The quoted name that owns this database's tables (`owner.table` names one table even where
    a WITH clause shadows it): SQLite's «main», PostgreSQL's current schema."""
    if not is_postgres(conn):
        return "main"
    schema = conn.execute(text("SELECT current_schema()")).scalar()
    return '"' + str(schema).replace('"', '""') + '"'


def version_text(column: str, conn: Connection) -> str:
    """A timestamp column as the text a plain row gives (six fraction digits, '' for none), so a
    version a form read from a row compares equal to the stored one: PostgreSQL's own cast drops
    a fraction's trailing zeros (a save on a whole second would be refused)."""
    if is_postgres(conn):
        return f"COALESCE(to_char({column}, 'YYYY-MM-DD HH24:MI:SS.US'), '')"
    return f"COALESCE(CAST({column} AS TEXT), '')"


def all_rows(conn: Connection, sql: str, params: Mapping[str, Any]) -> list[tuple[Any, ...]]:
    """Every row of `:name` SQL as tuples, fetched at once. On SQLite they come straight from
    the driver's cursor, in the connection's transaction: a bundle reads 150,000 rows, and
    SQLAlchemy's row objects cost half as much again as reading them."""
    if is_postgres(conn):
        return [tuple(row) for row in conn.execute(text(sql), dict(params))]
    if not conn.in_transaction():
        # The driver's cursor would read outside the snapshot the connection's next read takes.
        raise RuntimeError("dialect.all_rows reads inside a transaction (Store.reading)")
    driver = conn.dialect.loaded_dbapi
    cursor = conn.connection.driver_connection.cursor()  # type: ignore[union-attr]
    try:
        return cursor.execute(sql, dict(params)).fetchall()  # type: ignore[no-any-return]
    except driver.Error as exc:  # as SQLAlchemy words it: callers catch DBAPIError
        raise DBAPIError.instance(sql, dict(params), exc, driver.Error) from exc
    finally:
        cursor.close()


def install_plain_rows(engine: Engine) -> None:
    """Make `PLAIN` work on a PostgreSQL engine (SQLite rows are plain already)."""
    if not is_postgres(engine):
        return
    from psycopg.adapt import Loader

    class Text(Loader):
        def load(self, data: Any) -> str:
            return bytes(data).decode()

    class Flag(Loader):
        def load(self, data: Any) -> int:
            return 1 if bytes(data) == b"t" else 0

    class Timestamp(Loader):
        # PostgreSQL drops a fraction's trailing zeros (".12"); SQLite holds what was written
        # (".120000"), six digits always.
        def load(self, data: Any) -> str:
            whole, _, fraction = bytes(data).decode().partition(".")
            return f"{whole}.{fraction:0<6}"

    @event.listens_for(engine, "before_cursor_execute")
    def _plain(
        conn: Connection, cursor: Any, _statement: str, _params: Any, _context: Any, _many: bool
    ) -> None:
        if conn.get_execution_options().get("plain_rows"):
            cursor.adapters.register_loader("date", Text)
            cursor.adapters.register_loader("timestamp", Timestamp)
            cursor.adapters.register_loader("bool", Flag)
