"""Cheap looks at a database before it is opened: whether it has accounts (asked at every start
and before every command, so it must cost nothing), and what kind of SQLite failure an error is.

The office's file is read with the standard library's sqlite3, read-only and without SQLAlchemy;
a PostgreSQL database is asked through a store opened without upgrading.
"""

from __future__ import annotations

import contextlib
import sqlite3
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from desktop.store.target import parse_target

if TYPE_CHECKING:
    from desktop.store.handle import Store

BUSY_TIMEOUT_MS = 5000


@dataclass(frozen=True)
class Peek:
    """An office's file to be read before SQLAlchemy is loaded (the first paint: the login's
    office name, the dashboard): read-only, never created, never upgraded. A service given one
    reads it through `peek`; a service given a Store reads through the store."""

    path: Path


@contextlib.contextmanager
def peek(path: Path) -> Iterator[sqlite3.Connection]:
    """A read-only sqlite3 connection to the file, closed at block end."""
    with contextlib.closing(sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True)) as con:
        yield con


def quick_look(target: str | Path) -> Peek | Store:
    """What the first paint reads: a Peek at a file (no SQLAlchemy yet), a server's shared store."""
    parsed = parse_target(target)
    if parsed.path is not None:
        return Peek(parsed.path)
    from desktop.store.handle import shared

    return shared(target)


def schema_revision_fast(path: Path) -> str | None:
    """The file's Alembic revision read with sqlite3, None for a new or unstamped file (or one
    that is not a database: the full check says what is wrong with it)."""
    if not path.exists() or path.stat().st_size == 0:
        return None
    try:
        with peek(path) as con:
            row = con.execute("SELECT version_num FROM alembic_version").fetchone()
    except sqlite3.DatabaseError:
        return None
    return row[0] if row else None


def has_rows(target: str | Path, table: str) -> bool:
    """Whether `table` exists in the database and holds a row. A file that is not a database
    has none (the command that opens it says so); anything else (unreadable, locked) is raised:
    it is no proof that the table is empty."""
    parsed = parse_target(target)
    if parsed.path is None:
        return _server_has_rows(target, table)
    path = parsed.path
    if not path.is_file() or path.stat().st_size == 0:
        return False
    uri = f"{path.resolve().as_uri()}?mode=ro"
    try:
        with contextlib.closing(sqlite3.connect(uri, uri=True)) as con:
            con.execute(f"PRAGMA busy_timeout={BUSY_TIMEOUT_MS}")
            found = con.execute(
                "SELECT 1 FROM sqlite_master WHERE type='table' AND name=?", (table,)
            ).fetchone()
            if found is None:  # a schema older than the table
                return False
            return con.execute(f"SELECT 1 FROM {table} LIMIT 1").fetchone() is not None
    except sqlite3.DatabaseError as exc:
        if failure_kind(exc) == "not_a_database":
            return False
        raise


def _server_has_rows(target: str | Path, table: str) -> bool:
    from sqlalchemy import text
    from sqlalchemy.exc import OperationalError

    from desktop.errors import UserError
    from desktop.store.dialect import table_exists
    from desktop.store.handle import Store
    from desktop.store.schema import NOT_REACHABLE

    store = Store(target, migrate=False)
    try:
        with store.reading() as con:
            if not table_exists(con, table):
                return False
            return con.execute(text(f"SELECT 1 FROM {table} LIMIT 1")).first() is not None
    except OperationalError as exc:
        raise UserError(NOT_REACHABLE.format(label=store.label)) from exc
    finally:
        store.close()


# What an SQLite error code means to the user (storage_errors words each); by code, never text.
_KINDS = {
    sqlite3.SQLITE_FULL: "disk_full",
    sqlite3.SQLITE_READONLY: "read_only",
    sqlite3.SQLITE_NOTADB: "not_a_database",
    sqlite3.SQLITE_CANTOPEN: "cannot_open",
    sqlite3.SQLITE_PERM: "denied",
}


def failure_kind(exc: BaseException) -> str | None:
    """ "disk_full", "read_only", "not_a_database" or "cannot_open" for such an SQLite error
    (the error itself, or the one SQLAlchemy keeps as `.orig`), else None."""
    cause = getattr(exc, "orig", None) or exc
    if not isinstance(cause, sqlite3.Error):
        return None
    code = getattr(cause, "sqlite_errorcode", None)
    if code is None:
        return None
    return _KINDS.get(code & 0xFF)
