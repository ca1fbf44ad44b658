"""Bringing a database to the newest schema: the same Alembic migrations on SQLite and PostgreSQL.

A file of any earlier release opens in a newer one; a file or database of a newer release is
refused rather than misread.
"""

from __future__ import annotations

import sqlite3
from pathlib import Path

from sqlalchemy import create_engine, inspect, text

from desktop.errors import UserError
from desktop.migrations import HEAD, known_revisions, upgrade_to_head
from desktop.models import messages
from desktop.store import dialect
from desktop.store.target import Target

NOT_REACHABLE = (
    "Không kết nối được cơ sở dữ liệu {label}: máy chủ PostgreSQL không trả lời, hoặc người dùng, "
    "mật khẩu hay tên cơ sở dữ liệu không đúng. Mật khẩu lấy từ địa chỉ, biến PGPASSWORD hoặc "
    "tệp ~/.pgpass."
)


def schema_revision(path: Path) -> str | None:
    """The Alembic revision stamped in a SQLite file, or None for a file that has none."""
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


def ensure_schema(target: Target | Path) -> None:
    """Create or upgrade the database to the newest schema (a no-op when already there)."""
    if isinstance(target, Path):
        target = Target(path=target)
    if target.path is not None:
        _ensure_file(target.path)
    else:
        _ensure_server(target)


def _refuse_newer(found: str | None, label: str) -> None:
    if found is not None and found not in known_revisions():
        raise UserError(messages.NEWER_SCHEMA.format(path=label, found=found))


def _ensure_file(path: Path) -> None:
    from desktop.store.handle import sqlite_engine

    path.parent.mkdir(parents=True, exist_ok=True)
    found = schema_revision(path)
    if found == HEAD:
        return
    _refuse_newer(found, str(path))
    fresh = not path.exists()
    # SQLite's DDL is transactional once BEGIN is ours: a kill midway leaves the old revision whole.
    engine = sqlite_engine(path, explicit_begin=True)
    try:
        with engine.connect() as connection:
            connection = connection.execution_options(write=True)
            with connection.begin():
                upgrade_to_head(connection)
    except BaseException:
        engine.dispose()
        if fresh:  # a file without its schema would be refused by the next try: none at all
            for suffix in ("", "-wal", "-shm", "-journal"):
                Path(f"{path}{suffix}").unlink(missing_ok=True)
        raise
    finally:
        engine.dispose()


def _ensure_server(target: Target) -> None:
    from sqlalchemy.exc import OperationalError

    engine = create_engine(target.sqlalchemy_url(), hide_parameters=True)
    try:
        with engine.connect() as connection, connection.begin():
            # Two programs opening one new database at once: the second waits, then finds head.
            dialect.take_write_lock(connection)
            found = None
            if inspect(connection).has_table("alembic_version"):
                found = connection.execute(text("SELECT version_num FROM alembic_version")).scalar()
            if found == HEAD:
                return
            _refuse_newer(found, target.label)
            upgrade_to_head(connection)
    except OperationalError as exc:
        raise UserError(NOT_REACHABLE.format(label=target.label)) from exc
    finally:
        engine.dispose()
