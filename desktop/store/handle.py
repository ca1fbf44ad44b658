"""The store: one handle per database, opened once per window or command (as Anki's Collection).

It owns the engines and their connection settings and hands out units of work. SQLite: WAL,
synchronous=FULL, foreign keys, a busy timeout, and a unit of work that takes the write lock
first (BEGIN IMMEDIATE). PostgreSQL: READ COMMITTED with the database's advisory write lock held
for a unit of work's transaction, so writers queue as on SQLite and a merge never half-applies.
Opening brings the schema to the newest revision (the same Alembic migrations on both).
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from sqlalchemy import Connection, Engine, create_engine, event, text
from sqlalchemy.orm import Session, sessionmaker
from sqlalchemy.pool import NullPool

from desktop.store import dialect
from desktop.store.target import Target, parse_target

BUSY_TIMEOUT_MS = 5000
PATIENT_WAIT_MS = 30000


def _sqlite_settings(dbapi_connection: Any, _record: Any) -> None:
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA synchronous=FULL")
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute(f"PRAGMA busy_timeout={BUSY_TIMEOUT_MS}")
    cursor.close()


def _sqlite_wait(connection: Connection, milliseconds: int) -> None:
    # On the driver's own connection: through SQLAlchemy the PRAGMA would begin the transaction.
    driver = connection.connection.driver_connection
    assert driver is not None
    driver.execute(f"PRAGMA busy_timeout={int(milliseconds):d}")


def _our_begin(dbapi_connection: Any, _record: Any) -> None:
    # pysqlite would open a transaction only before a write; BEGIN is said by `_begin` instead.
    dbapi_connection.isolation_level = None


def _begin(conn: Connection) -> None:
    mode = "IMMEDIATE" if conn.get_execution_options().get("write") else "DEFERRED"
    conn.exec_driver_sql(f"BEGIN {mode}")


def sqlite_engine(path: Path, *, explicit_begin: bool = False) -> Engine:
    # hide_parameters: an error's text never carries the row values (names, citizen IDs) that a
    # failed write was binding, so neither a traceback nor the log can leak them.
    engine = create_engine(f"sqlite:///{path}", hide_parameters=True)
    event.listen(engine, "connect", _sqlite_settings)
    if explicit_begin:
        event.listen(engine, "connect", _our_begin)
        event.listen(engine, "begin", _begin)
    return engine


def _read_only_file(path: Path | None) -> Any:
    import sqlite3

    assert path is not None
    return sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True)


def postgres_engine(target: Target) -> Engine:
    engine = create_engine(target.sqlalchemy_url(), hide_parameters=True, pool_pre_ping=True)
    dialect.install_plain_rows(engine)
    return engine


@dataclass
class UnitOfWork:
    """One transaction: ORM changes through `session`, plain SQL through `connection`; both
    committed together when the block ends, both rolled back on any exception."""

    session: Session
    connection: Connection

    def plain(self) -> Connection:
        """The connection whose rows come back as SQLite gives them (desktop.store.dialect)."""
        return self.connection.execution_options(**dialect.PLAIN)


class Store:
    """One database: an office's SQLite file or a province's PostgreSQL database."""

    def __init__(self, target: str | Path | Target, *, migrate: bool = True) -> None:
        self.target = parse_target(target)
        if migrate:
            from desktop.store.schema import ensure_schema

            ensure_schema(self.target)
        if self.target.path is not None:
            from desktop import paths

            paths.tighten_database(self.target.path)
        self._engine: Engine | None = None
        self._writer: Engine | None = None
        self._sessions: sessionmaker[Session] | None = None

    # -- what it is -------------------------------------------------------------------------
    @property
    def kind(self) -> str:
        return self.target.kind

    @property
    def path(self) -> Path | None:
        """The SQLite file, or None on PostgreSQL (backups and copies are the server's tools)."""
        return self.target.path

    @property
    def label(self) -> str:
        """The file or the URL without its password: how messages name this database."""
        return self.target.label

    # -- engines, built on first use so start-up paints before any connection ----------------
    @property
    def engine(self) -> Engine:
        if self._engine is None:
            if self.target.path is not None:
                self._engine = sqlite_engine(self.target.path)
            else:
                self._engine = postgres_engine(self.target)
        return self._engine

    def _write_engine(self) -> Engine:
        if self.target.path is None:
            return self.engine
        if self._writer is None:
            self._writer = sqlite_engine(self.target.path, explicit_begin=True)
        return self._writer

    def _session_factory(self) -> sessionmaker[Session]:
        if self._sessions is None:
            self._sessions = sessionmaker(self.engine, expire_on_commit=False)
            from desktop.models.audit_hook import install

            install(self._sessions)  # every change through a session is written to the audit trail
        return self._sessions

    # -- units of work ------------------------------------------------------------------------
    @contextmanager
    def session(self) -> Iterator[Session]:
        """An ORM unit of work: commits when the block ends normally, rolls back on any exception."""
        session = self._session_factory()()
        try:
            yield session
            session.commit()
        except BaseException:
            session.rollback()
            raise
        finally:
            session.close()

    @contextmanager
    def unit_of_work(self, *, patient: bool = False) -> Iterator[UnitOfWork]:
        """One write transaction holding the write lock from its start, committed whole or not at
        all. `patient`: wait up to PATIENT_WAIT_MS for the lock on SQLite (an audit entry waits
        for an import or a merge rather than be lost); PostgreSQL waits as long as it takes."""
        engine = self._write_engine()
        with engine.connect() as connection:
            if patient and self.target.path is not None:
                _sqlite_wait(connection, PATIENT_WAIT_MS)
            connection = connection.execution_options(write=True)
            with connection.begin():
                if dialect.is_postgres(connection):
                    dialect.take_write_lock(connection)
                session = self._session_factory()(
                    bind=connection, join_transaction_mode="rollback_only"
                )
                try:
                    yield UnitOfWork(session=session, connection=connection)
                    session.flush()
                finally:
                    session.close()
                    if patient and self.target.path is not None:
                        _sqlite_wait(connection, BUSY_TIMEOUT_MS)

    def write_aside(self, write: Callable[[Connection], object]) -> bool:
        """Write derived data (counts kept to be read again) in a transaction of its own that
        never waits behind another writer: False, with nothing written, while one holds the
        write lock or when the database cannot be written (a read-only file, a server account
        that may only read). Neither the audit trail nor the write lock of `unit_of_work`."""
        from sqlalchemy.exc import DBAPIError

        sqlite = self.target.path is not None
        try:
            with self._write_engine().connect() as connection:
                if sqlite:
                    _sqlite_wait(connection, 0)
                try:
                    with connection.execution_options(write=True).begin() as transaction:
                        if not sqlite:
                            transaction.connection.execute(text("SET LOCAL lock_timeout = '1s'"))
                        write(transaction.connection)
                finally:
                    if sqlite:
                        _sqlite_wait(connection, BUSY_TIMEOUT_MS)
        except DBAPIError:
            return False
        return True

    def refresh_statistics(self, tables: Sequence[str]) -> None:
        """PostgreSQL: gather the planner's statistics of `tables` now, after a merge changed
        their rows, not when autovacuum next passes: planned on the statistics of before an
        office's first bundle, its 15,000 members look like a handful and a figure takes
        seconds, not a fraction of one. SQLite plans without statistics here: nothing to do."""
        if self.target.path is not None:
            return
        with self.engine.connect() as connection:
            connection = connection.execution_options(isolation_level="AUTOCOMMIT")
            for table in tables:
                connection.execute(text(f'ANALYZE "{table}"'))

    @contextmanager
    def reading(self) -> Iterator[Connection]:
        """A read-only look at one consistent state; plain rows (desktop.store.dialect). Nothing
        done through it is kept."""
        engine = self._write_engine() if self.target.path is not None else self.engine
        with engine.connect() as connection:
            if dialect.is_postgres(connection):
                connection = connection.execution_options(
                    isolation_level="REPEATABLE READ", postgresql_readonly=True
                )
            connection = connection.execution_options(**dialect.PLAIN)
            transaction = connection.begin()
            try:
                yield connection
            finally:
                transaction.rollback()

    @contextmanager
    def inspecting(self) -> Iterator[Connection]:
        """A look that writes nothing at all, for checking a database that may be damaged: a
        SQLite file is opened read-only without the connection settings (which write to it);
        PostgreSQL is as `reading`. Plain rows."""
        if self.target.path is None:
            with self.reading() as connection:
                yield connection
            return
        engine = create_engine(
            "sqlite://",
            creator=lambda: _read_only_file(self.target.path),
            hide_parameters=True,
            poolclass=NullPool,
        )
        try:
            with engine.connect() as connection:
                yield connection.execution_options(**dialect.PLAIN)
        finally:
            engine.dispose()

    def close(self) -> None:
        for engine in (self._engine, self._writer):
            if engine is not None:
                engine.dispose()
        self._engine = self._writer = None
        self._sessions = None

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *_exc: object) -> None:
        self.close()


def open_store(target: str | Path | Target, *, migrate: bool = True) -> Store:
    """The handle for `--db` or a window's database: a file path or a postgresql:// URL."""
    return Store(target, migrate=migrate)


_OPEN: dict[str, Store] = {}


def shared(target: str | Path | Target) -> Store:
    """The one handle of this process on a database, for the window and its screens: opened (and
    its schema checked) the first time, the same object every time after."""
    parsed = parse_target(target)
    key = str(parsed.path.resolve()) if parsed.path is not None else parsed.label
    found = _OPEN.get(key)
    if found is None:
        found = _OPEN[key] = Store(parsed)
    return found


def forget(target: str | Path | Target) -> None:
    """Close and drop the shared handle (a database replaced by a restore is opened afresh)."""
    parsed = parse_target(target)
    key = str(parsed.path.resolve()) if parsed.path is not None else parsed.label
    found = _OPEN.pop(key, None)
    if found is not None:
        found.close()


def forget_all() -> None:
    """Close every shared handle (a test's end: its files and databases go, their connections too)."""
    while _OPEN:
        _OPEN.popitem()[1].close()
