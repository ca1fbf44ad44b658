"""Backups and restores of an office database: whole-file, checked, never half-written.

A backup is a consistent copy made with SQLite's online backup API (desktop.store.file_copy: safe
while the app has the file open), written under a temporary name owner-only, checked, fsynced and only then renamed (the folder
fsynced too, so the new name survives a power cut). A restore checks the backup first,
keeps a safety copy of the current database, and swaps the files in one rename. It refuses while a
Union Desk window (another process) has the database open, and holds the write lock while it makes
the safety copy, so nothing saved before the swap is missing from it.
"""

from __future__ import annotations

import contextlib
import os
import shutil
import socket
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from desktop.errors import UserError
from desktop.migrations import known_revisions
from desktop.services import messages
from desktop.store import file_copy


@dataclass(frozen=True)
class BackupInfo:
    path: str
    size: int
    members: int
    schema: str


def _fsync(path: Path) -> None:
    with open(path, "rb") as handle:
        os.fsync(handle.fileno())


def _fsync_folder(folder: Path) -> None:
    """Make a rename in `folder` durable (POSIX; Windows has no directory handles to sync)."""
    if os.name != "posix":
        return
    handle = os.open(folder, os.O_RDONLY)
    try:
        os.fsync(handle)
    except OSError:
        pass  # some file systems (a FAT stick, a network share) cannot sync a folder
    finally:
        os.close(handle)


def _inspect(path: Path) -> BackupInfo:
    """Open `path` read-only and prove it is a whole Union Desk database."""
    try:
        facts = file_copy.file_facts(path)
    except file_copy.NotADatabase as exc:
        raise UserError(messages.BACKUP_NOT_DATABASE.format(path=path, detail=exc)) from exc
    if not facts.whole:
        raise UserError(messages.BACKUP_DAMAGED.format(path=path))
    if facts.schema not in known_revisions():
        raise UserError(messages.BACKUP_NEWER.format(path=path, found=facts.schema))
    return BackupInfo(str(path), path.stat().st_size, facts.members, facts.schema)


def backup(db_path: Path, out: Path, progress: Callable[[float], None] | None = None) -> BackupInfo:
    """Write a checked copy of `db_path` to `out` (refuses to overwrite an existing file).

    `progress` hears the share copied (0..1); raising from it (Cancelled) stops the copy, and
    nothing is left under `out` or its temporary name either way a backup fails.
    """
    if not db_path.exists():
        raise UserError(messages.DB_NOT_FOUND.format(path=db_path))
    if out.exists():
        raise UserError(messages.BACKUP_EXISTS.format(path=out))
    out.parent.mkdir(parents=True, exist_ok=True)
    partial = out.with_name(out.name + ".partial")
    partial.unlink(missing_ok=True)
    try:
        file_copy.copy_file(db_path, partial, progress)
        info = _inspect(partial)
        _fsync(partial)
        os.replace(partial, out)
        _fsync_folder(out.parent)
    finally:
        with contextlib.suppress(OSError):  # a stick pulled out mid-copy: nothing to remove
            partial.unlink(missing_ok=True)
    return BackupInfo(str(out), info.size, info.members, info.schema)


OPEN_ELSEWHERE = (
    "Không khôi phục được: cơ sở dữ liệu {path} đang mở trong Union Desk (tiến trình {pid}) "
    "trên máy này. Hãy đóng cửa sổ đó rồi khôi phục lại."
)
OPEN_ON_HOST = (
    "Không khôi phục được: cơ sở dữ liệu {path} đang mở trong Union Desk (tiến trình {pid}) "
    "trên máy {host}. Hãy đóng cửa sổ đó rồi khôi phục lại."
)
BUSY = (
    "Không khôi phục được: một thao tác khác đang ghi vào {path}. "
    "Hãy chờ thao tác đó xong rồi khôi phục lại; chưa có gì thay đổi."
)
LOCK_WAIT_S = 30.0


def window_lock(db_path: Path) -> Path:
    """The lock file a Union Desk window keeps beside the database it has open (the GUI's
    single-instance lock, QLockFile's format: the process id, the program, the host name)."""
    return Path(str(Path(db_path).resolve()) + ".lock")


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:  # another account's process: alive all the same
        return True
    except OSError:
        return False
    return True


def open_elsewhere(db_path: Path) -> str | None:
    """Why `db_path` cannot be replaced now: the refusal naming the window (another process) that
    has it open, or None. A lock left by a process that has ended does not count."""
    try:
        lines = window_lock(db_path).read_text(encoding="utf-8", errors="replace").splitlines()
        pid = int(lines[0].strip())
    except (OSError, ValueError, IndexError):
        return None
    host = lines[2].strip() if len(lines) > 2 else ""
    if pid <= 0 or pid == os.getpid():  # this very process (the window restoring) may go on
        return None
    if host and host != socket.gethostname():
        return OPEN_ON_HOST.format(path=db_path, pid=pid, host=host)
    return OPEN_ELSEWHERE.format(path=db_path, pid=pid) if _alive(pid) else None


def restore(backup_file: Path, db_path: Path) -> tuple[BackupInfo, Path | None]:
    """Replace `db_path` by the backup; returns the backup's facts and the safety copy's path.

    Nothing changes unless the backup is a whole database of this or an older release.
    """
    if not backup_file.exists():
        raise UserError(messages.BACKUP_MISSING.format(path=backup_file))
    info = _inspect(backup_file)
    refusal = open_elsewhere(db_path)
    if refusal:
        raise UserError(refusal)
    from desktop.store.handle import forget

    # This program's own handle on the file (the window's) is closed first: its connections
    # would go on reading and writing the replaced file once the new one is in its place. The
    # next use opens the restored file afresh.
    forget(db_path)
    safety: Path | None = None
    staged = db_path.with_name(db_path.name + ".restoring")
    writer = _claim(db_path) if db_path.exists() else None
    try:
        if db_path.exists():
            stamp = datetime.now().strftime("%Y%m%d-%H%M%S")
            safety = db_path.with_name(f"{db_path.stem}.truoc-khoi-phuc-{stamp}{db_path.suffix}")
            backup(db_path, safety)
        shutil.copyfile(backup_file, staged)
        _fsync(staged)
    except BaseException:
        staged.unlink(missing_ok=True)
        raise
    finally:
        if writer is not None:
            # Released before the swap: closing the last connection folds its WAL into the old
            # file, which must happen before that WAL is removed below.
            writer.release()
    for suffix in ("-wal", "-shm"):
        # The old WAL belongs to the old file: left beside the new one it would corrupt it.
        Path(f"{db_path}{suffix}").unlink(missing_ok=True)
    os.replace(staged, db_path)
    _record_restore(db_path, backup_file, safety)
    return info, safety


def _record_restore(db_path: Path, backup_file: Path, safety: Path | None) -> None:
    """The restored file's trail goes on with the restore itself: the entries written since the
    backup are gone with the data they described, and the safety copy still holds both."""
    from desktop.services.audit import record
    from desktop.store import Store

    kept = f"; bản trước khi khôi phục: {safety}" if safety is not None else ""
    # The restored file is another database than the one any handle was opened on; opening it
    # brings a backup from an older release to today's trail columns.
    with Store(db_path) as restored:
        record(restored, "restore_backup", f"từ {backup_file}{kept}")


def _claim(db_path: Path) -> file_copy.WriteLock:
    """The database's write lock, held by a connection of its own (waiting a while for another
    writer)."""
    try:
        return file_copy.WriteLock(db_path, LOCK_WAIT_S)
    except file_copy.Busy:
        raise UserError(BUSY.format(path=db_path)) from None
