"""Whole-file operations on an office's SQLite file, for backups and restores (a PostgreSQL
database is copied with the server's own tools, pg_dump and pg_restore).

The store is the one place that speaks to sqlite3; desktop.services.backup keeps the rules (a
copy checked, fsynced and renamed; a restore refused while a window has the file open) and asks
here for the copy, the check and the write lock.
"""

from __future__ import annotations

import contextlib
import os
import sqlite3
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

# The error a file operation here raises (a caller catches it without importing sqlite3).
FileError = sqlite3.Error
# Pages copied per backup step: ~4 MB at the default page size, so progress moves on a large file
# and a writer waits at most one step.
STEP_PAGES = 1024


class NotADatabase(Exception):
    """The file could not be read as a database; `str()` is SQLite's reason."""


@dataclass(frozen=True)
class FileFacts:
    whole: bool  # SQLite's page check passed
    schema: str  # the Alembic revision stamped in it
    members: int


def _owner_only(path: Path) -> None:
    if os.name != "posix":
        return
    with contextlib.suppress(OSError):  # a FAT stick has no modes to set
        os.chmod(path, 0o600)


def copy_file(source: Path, target: Path, progress: Callable[[float], None] | None = None) -> None:
    """A consistent copy of the database `source` in `target` (SQLite's online backup: safe while
    a window has it open), as one owner-only file (rollback journal, no -wal). `progress` hears
    the share copied (0..1); raising from it stops the copy."""

    def stepped(_status: int, remaining: int, total: int) -> None:
        if progress is not None and total:
            progress(1.0 - remaining / total)

    with (
        contextlib.closing(sqlite3.connect(source)) as origin,
        contextlib.closing(sqlite3.connect(target)) as copy,
    ):
        _owner_only(target)
        origin.backup(copy, pages=STEP_PAGES, progress=stepped)
        # The copy takes the source's WAL mode; a backup should be one self-contained file.
        copy.execute("PRAGMA journal_mode=DELETE")


def file_facts(path: Path) -> FileFacts:
    """Open `path` read-only: whether its pages are whole, its schema, its members. Raises
    NotADatabase when it cannot be read as a Union Desk database at all."""
    try:
        with contextlib.closing(
            sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True)
        ) as con:
            if con.execute("PRAGMA integrity_check").fetchone()[0] != "ok":
                return FileFacts(False, "", 0)
            schema = con.execute("SELECT version_num FROM alembic_version").fetchone()[0]
            members = con.execute("SELECT COUNT(*) FROM member").fetchone()[0]
            con.execute("SELECT code FROM office").fetchall()
    except sqlite3.DatabaseError as exc:
        raise NotADatabase(str(exc)) from exc
    return FileFacts(True, str(schema), int(members))


class Busy(Exception):
    """Another writer held the lock for longer than the wait."""


class WriteLock:
    """The file's write lock, held by a connection of its own until `release`; waits up to
    `wait_seconds` for another writer (Busy)."""

    def __init__(self, path: Path, wait_seconds: float) -> None:
        self._con = sqlite3.connect(path, timeout=wait_seconds)
        try:
            self._con.execute("BEGIN IMMEDIATE")
        except sqlite3.OperationalError:
            self._con.close()
            raise Busy(str(path)) from None

    def release(self) -> None:
        # Closing the last connection folds its WAL into the file (a restore relies on it).
        self._con.rollback()
        self._con.close()
