"""Backups and restores of an office database: whole-file, checked, never half-written.

A backup is a consistent copy made with `VACUUM INTO` (safe while the app has the file open), written
under a temporary name, checked, fsynced and only then renamed. A restore checks the backup first,
keeps a safety copy of the current database, and swaps the files in one rename.
"""

from __future__ import annotations

import os
import shutil
import sqlite3
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from desktop.errors import UserError
from desktop.migrations import known_revisions
from desktop.services import messages


@dataclass(frozen=True)
class BackupInfo:
    path: str
    size: int
    members: int
    schema: str


def _fsync(path: Path) -> None:
    with open(path, "rb") as handle:
        os.fsync(handle.fileno())


def _inspect(path: Path) -> BackupInfo:
    """Open `path` read-only and prove it is a whole Union Desk database."""
    try:
        con = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
        try:
            if con.execute("PRAGMA integrity_check").fetchone()[0] != "ok":
                raise UserError(messages.BACKUP_DAMAGED.format(path=path))
            schema = con.execute("SELECT version_num FROM alembic_version").fetchone()[0]
            members = con.execute("SELECT COUNT(*) FROM member").fetchone()[0]
            con.execute("SELECT code FROM office").fetchall()
        finally:
            con.close()
    except sqlite3.DatabaseError as exc:
        raise UserError(messages.BACKUP_NOT_DATABASE.format(path=path, detail=exc)) from exc
    if schema not in known_revisions():
        raise UserError(messages.BACKUP_NEWER.format(path=path, found=schema))
    return BackupInfo(str(path), path.stat().st_size, int(members), str(schema))


def backup(db_path: Path, out: Path) -> BackupInfo:
    """Write a checked copy of `db_path` to `out` (refuses to overwrite an existing file)."""
    if not db_path.exists():
        raise UserError(messages.DB_NOT_FOUND.format(path=db_path))
    if out.exists():
        raise UserError(messages.BACKUP_EXISTS.format(path=out))
    out.parent.mkdir(parents=True, exist_ok=True)
    partial = out.with_name(out.name + ".partial")
    partial.unlink(missing_ok=True)
    con = sqlite3.connect(db_path)
    try:
        con.execute("VACUUM INTO ?", (str(partial),))
    finally:
        con.close()
    try:
        info = _inspect(partial)
        _fsync(partial)  # VACUUM INTO does not sync its output
        os.replace(partial, out)
    finally:
        partial.unlink(missing_ok=True)
    return BackupInfo(str(out), info.size, info.members, info.schema)


def restore(backup_file: Path, db_path: Path) -> tuple[BackupInfo, Path | None]:
    """Replace `db_path` by the backup; returns the backup's facts and the safety copy's path.

    Nothing changes unless the backup is a whole database of this or an older release.
    """
    if not backup_file.exists():
        raise UserError(messages.BACKUP_MISSING.format(path=backup_file))
    info = _inspect(backup_file)
    safety: Path | None = None
    if db_path.exists():
        stamp = datetime.now().strftime("%Y%m%d-%H%M%S")
        safety = db_path.with_name(f"{db_path.stem}.truoc-khoi-phuc-{stamp}{db_path.suffix}")
        backup(db_path, safety)
    staged = db_path.with_name(db_path.name + ".restoring")
    shutil.copyfile(backup_file, staged)
    _fsync(staged)
    for suffix in ("-wal", "-shm"):
        # The old WAL belongs to the old file: left beside the new one it would corrupt it.
        Path(f"{db_path}{suffix}").unlink(missing_ok=True)
    os.replace(staged, db_path)
    return info, safety
