"""Opening an office database: pragmas, migrations to head, and sessions.

Every connection gets WAL, synchronous=FULL and foreign keys. Opening a file brings its schema to the
newest revision first, so a database from any earlier release opens in a newer one.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from sqlalchemy import Engine, create_engine, event
from sqlalchemy.orm import Session, sessionmaker

from desktop import paths
from desktop.errors import UserError
from desktop.migrations import HEAD, known_revisions, upgrade_to_head
from desktop.models import messages


def _set_pragmas(dbapi_connection: Any, _record: Any) -> None:
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA synchronous=FULL")
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute("PRAGMA busy_timeout=5000")
    cursor.close()


def make_engine(path: Path) -> Engine:
    # hide_parameters: an error's text never carries the row values (names, citizen IDs) that
    # a failed write was binding, so neither a traceback nor the log can leak them.
    engine = create_engine(f"sqlite:///{path}", hide_parameters=True)
    event.listen(engine, "connect", _set_pragmas)
    return engine


def _explicit_transactions(dbapi_connection: Any, _record: Any) -> None:
    # pysqlite opens a transaction only before INSERT/UPDATE/DELETE, so a migration's CREATE,
    # DROP and ALTER ran in autocommit: a kill midway left a file half-upgraded under its old
    # revision, which no later start could open. SQLite's DDL is transactional once BEGIN is ours.
    dbapi_connection.isolation_level = None


def _begin_immediate(connection: Any) -> None:
    connection.exec_driver_sql("BEGIN IMMEDIATE")


def schema_revision(path: Path) -> str | None:
    """The Alembic revision stamped in the file, or None for a file that has none."""
    if not path.exists() or path.stat().st_size == 0:
        return None
    con = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    try:
        row = con.execute(
            "SELECT name FROM sqlite_master WHERE type='table' AND name='alembic_version'"
        ).fetchone()
        if row is None:
            return None
        found = con.execute("SELECT version_num FROM alembic_version").fetchone()
        return found[0] if found else None
    except sqlite3.DatabaseError as exc:
        from desktop.storage_errors import NOT_A_DATABASE

        raise UserError(NOT_A_DATABASE.format(where=f" {path}")) from exc
    finally:
        con.close()


def ensure_schema(path: Path) -> None:
    """Create or upgrade the database at `path` to the newest schema (a no-op when already there)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    found = schema_revision(path)
    if found == HEAD:
        return
    if found is not None and found not in known_revisions():
        raise UserError(messages.NEWER_SCHEMA.format(path=path, found=found))
    fresh = not path.exists()
    engine = make_engine(path)
    event.listen(engine, "connect", _explicit_transactions)
    event.listen(engine, "begin", _begin_immediate)
    try:
        with engine.begin() as connection:
            upgrade_to_head(connection)
    except BaseException:
        engine.dispose()
        if fresh:  # a file without its schema would be refused by the next try: none at all
            for suffix in ("", "-wal", "-shm", "-journal"):
                Path(f"{path}{suffix}").unlink(missing_ok=True)
        raise
    finally:
        engine.dispose()


class Database:
    """One office database file: the engine and a unit-of-work session factory whose sessions
    write every change of a record to the audit trail (`desktop.models.audit_hook`)."""

    def __init__(self, path: Path, *, migrate: bool = True) -> None:
        self.path = Path(path)
        if migrate:
            ensure_schema(self.path)
        paths.tighten_database(self.path)
        self.engine = make_engine(self.path)
        self._sessions = sessionmaker(self.engine, expire_on_commit=False)
        from desktop.models.audit_hook import install

        install(self._sessions)  # every change through a session is written to the audit trail

    @contextmanager
    def session(self) -> Iterator[Session]:
        """A unit of work: commits when the block ends normally, rolls back on any exception."""
        session = self._sessions()
        try:
            yield session
            session.commit()
        except BaseException:
            session.rollback()
            raise
        finally:
            session.close()

    def close(self) -> None:
        self.engine.dispose()
