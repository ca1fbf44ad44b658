"""Automatic backups: a checked copy once a day and on every close, kept by rotation, and the same
copy in a folder the office chose (a USB stick).

Every copy is made by `backup.backup` (SQLite's backup API to a `.partial` name, checked, fsynced,
renamed) into `backups/` beside the database, named `<database stem>-YYYY-MM-DD-HHMMSS.sqlite`
(`-2`, `-3` after it if that second is taken). Rotation keeps the newest copy of each of the last
7 days, 4 ISO weeks and 12 months that have one, and never touches a file not named that way.

A chosen folder that is missing (the stick pulled out), full or read-only never stops the main
copy nor the closing of the program: what went wrong comes back as a Vietnamese sentence in the
result, never as an exception.
"""

from __future__ import annotations

import contextlib
import errno
import glob
import re
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path

from desktop import paths
from desktop.errors import UserError
from desktop.services.backup import BackupInfo, backup
from desktop.services.settings import BACKUP_FOLDER, LAST_DAILY_BACKUP, get_setting, set_setting
from desktop.store.file_copy import FileError

FOLDER_NAME = "backups"
KEEP_DAILY, KEEP_WEEKLY, KEEP_MONTHLY = 7, 4, 12
_STAMP = "%Y-%m-%d-%H%M%S"
_NAME = r"-(\d{4}-\d{2}-\d{2}-\d{6})(?:-(\d{1,3}))?\.sqlite"

FOLDER_MISSING = (
    "Không tìm thấy thư mục sao lưu {folder} (thẻ nhớ USB đã rút ra?): bản sao lưu chưa được "
    "chép vào đó. Hãy cắm lại thẻ nhớ, hoặc chọn thư mục khác trong Tệp › Sao lưu tự động…"
)
NOT_A_FOLDER = (
    "{folder} không phải thư mục: bản sao lưu chưa được chép vào đó. Hãy chọn thư mục khác "
    "trong Tệp › Sao lưu tự động…"
)
FOLDER_FULL = (
    "Thư mục sao lưu {folder} đã đầy: bản sao lưu chưa được ghi vào đó. Hãy giải phóng chỗ "
    "trống trên ổ đĩa."
)
FOLDER_READ_ONLY = (
    "Không ghi được vào thư mục sao lưu {folder} (chỉ đọc hoặc tài khoản này không có quyền "
    "ghi): bản sao lưu chưa được ghi vào đó."
)
FOLDER_FAILED = (
    "Không ghi được bản sao lưu vào thư mục {folder} (ổ đĩa không sẵn sàng): bản sao lưu chưa "
    "được ghi vào đó."
)
DAY_NOT_MARKED = (
    "Đã sao lưu, nhưng không ghi được ngày sao lưu vào cơ sở dữ liệu (tệp chỉ đọc?): lần mở sau "
    "sẽ sao lưu lại."
)
# A `.partial` of ours younger than this may be another window's copy still under way.
STALE_PARTIAL_S = paths.LEFTOVER_AGE_SECONDS


@dataclass(frozen=True)
class AutoBackup:
    """What one automatic backup did: the main copy (None when it failed), the copies in the
    chosen folder, the old copies rotated away, and what went wrong, in Vietnamese."""

    kind: str  # "daily", "close" or "now"
    main: BackupInfo | None
    copies: tuple[str, ...]
    removed: tuple[str, ...]
    problems: tuple[str, ...]

    @property
    def ok(self) -> bool:
        return self.main is not None and not self.problems


@dataclass(frozen=True)
class KeptBackup:
    """One automatic backup on disk, as the backup dialog lists it."""

    path: str
    taken_at: datetime
    size: int


def backups_folder(db_path: Path | str) -> Path:
    """`backups/` beside the database (in the user's data folder for the default database)."""
    return Path(db_path).resolve().parent / FOLDER_NAME


def chosen_folder(db_path: Path | str) -> Path | None:
    """The second folder the office chose (a USB stick), or None."""
    from desktop.store import shared

    value = get_setting(shared(db_path), BACKUP_FOLDER, "").strip()
    return Path(value) if value else None


def choose_folder(db_path: Path | str, folder: Path | None) -> None:
    """Keep `folder` as the second place every automatic backup goes; None stops it."""
    if folder is not None and not folder.is_dir():
        raise UserError(NOT_A_FOLDER.format(folder=folder))
    from desktop.store import shared

    set_setting(shared(db_path), BACKUP_FOLDER, str(folder) if folder is not None else "")


def backup_name(stem: str, moment: datetime, extra: int = 0) -> str:
    suffix = f"-{extra}" if extra > 1 else ""
    return f"{stem}-{moment.strftime(_STAMP)}{suffix}.sqlite"


def taken_at(stem: str, name: str) -> datetime | None:
    """When the backup named `name` was taken, or None for any name this module never writes."""
    found = re.fullmatch(re.escape(stem) + _NAME, name)
    if found is None:
        return None
    try:
        return datetime.strptime(found.group(1), _STAMP)
    except ValueError:
        return None


def _order(stem: str, name: str) -> tuple[datetime, int]:
    """When `name` (one of ours) was taken, and its place among backups of that same second."""
    found = re.fullmatch(re.escape(stem) + _NAME, name)
    if found is None:
        raise ValueError(name)
    return datetime.strptime(found.group(1), _STAMP), int(found.group(2) or 1)


def to_remove(names: Iterable[str], stem: str) -> list[str]:
    """The backups rotation deletes from a folder holding `names`: all of ours but the newest of
    each of the last 7 days, 4 ISO weeks and 12 months that have a backup (sorted by name).

    Counted over the periods that have a backup, not the calendar: after a month away from the
    office the last seven backups are still kept.
    """
    ours = [n for n in set(names) if taken_at(stem, n) is not None]
    ours.sort(key=lambda n: _order(stem, n), reverse=True)  # the first of a period is kept
    periods: tuple[tuple[int, Callable[[datetime], object]], ...] = (
        (KEEP_DAILY, lambda moment: moment.date()),
        (KEEP_WEEKLY, lambda moment: moment.isocalendar()[:2]),
        (KEEP_MONTHLY, lambda moment: (moment.year, moment.month)),
    )
    kept: set[str] = set()
    for keep, period in periods:
        seen: set[object] = set()
        for name in ours:
            key = period(_order(stem, name)[0])
            if key in seen:
                continue
            if len(seen) == keep:
                break
            seen.add(key)
            kept.add(name)
    return sorted(n for n in ours if n not in kept)


def kept_backups(db_path: Path | str, folder: Path | None = None) -> list[KeptBackup]:
    """Our backups of `db_path` in `folder` (the main folder by default), newest first."""
    where = backups_folder(db_path) if folder is None else folder
    stem = Path(db_path).stem
    found: list[KeptBackup] = []
    with contextlib.suppress(OSError):  # a missing folder or a pulled-out stick: none to list
        for entry in where.iterdir():
            moment = taken_at(stem, entry.name)
            if moment is not None and entry.is_file():
                found.append(KeptBackup(str(entry), moment, entry.stat().st_size))
    found.sort(key=lambda k: _order(stem, Path(k.path).name), reverse=True)
    return found


def daily_due(db_path: Path, today: date) -> bool:
    """True when no automatic backup has been taken today."""
    from desktop.store import shared

    return get_setting(shared(db_path), LAST_DAILY_BACKUP, "") != today.isoformat()


def daily_backup(
    db_path: Path,
    now: datetime | None = None,
    progress: Callable[[float], None] | None = None,
) -> AutoBackup | None:
    """The day's backup if none was taken today (None otherwise)."""
    moment = now or datetime.now()
    if not daily_due(db_path, moment.date()):
        return None
    return take_backup(db_path, "daily", moment, progress)


def take_backup(
    db_path: Path | str,
    kind: str,
    now: datetime | None = None,
    progress: Callable[[float], None] | None = None,
) -> AutoBackup:
    """A backup in the main folder and in the chosen one, each folder then rotated; the day is
    marked done (the copy counts as the day's newest daily). A worker's job, or the close's last step."""
    db_path = Path(db_path)
    moment = now or datetime.now()
    main_folder = backups_folder(db_path)
    second = chosen_folder(db_path)
    if second is not None and second.resolve() == main_folder:
        second = None  # the main folder chosen again: one copy there is enough
    places = [main_folder] + ([second] if second is not None else [])
    made: list[BackupInfo] = []
    removed: list[str] = []
    problems: list[str] = []
    main: BackupInfo | None = None
    for index, folder in enumerate(places):

        def part(fraction: float, index: int = index) -> None:
            if progress is not None:
                progress((index + fraction) / len(places))

        try:
            if folder == main_folder:
                folder.mkdir(mode=0o700, parents=True, exist_ok=True)
                paths.owner_only(folder)
            else:
                _usable(folder)  # never created: a missing stick must not become a folder
            _remove_stale_partials(folder, db_path.stem)
            info = backup(db_path, _free_path(folder, db_path.stem, moment), part)
        except (OSError, FileError, UserError) as exc:
            problems.append(_refusal(exc, folder))
            continue
        made.append(info)
        if folder == main_folder:
            main = info
        removed.extend(_rotate(folder, db_path.stem))
    if made:
        from sqlalchemy.exc import SQLAlchemyError

        try:
            from desktop.store import shared

            set_setting(shared(db_path), LAST_DAILY_BACKUP, moment.date().isoformat())
        except (OSError, FileError, SQLAlchemyError):  # a read-only database or disk
            problems.append(DAY_NOT_MARKED)
    copies = tuple(i.path for i in made if main is None or i.path != main.path)
    return AutoBackup(kind, main, copies, tuple(removed), tuple(problems))


def _usable(folder: Path) -> None:
    if not folder.exists():
        raise UserError(FOLDER_MISSING.format(folder=folder))
    if not folder.is_dir():
        raise UserError(NOT_A_FOLDER.format(folder=folder))


def _free_path(folder: Path, stem: str, moment: datetime) -> Path:
    extra = 1
    while (folder / backup_name(stem, moment, extra)).exists():
        extra += 1
    return folder / backup_name(stem, moment, extra)


def _rotate(folder: Path, stem: str) -> list[str]:
    """Delete what rotation lets go of in `folder`; a file that will not go stays (no error)."""
    try:
        names = [p.name for p in folder.iterdir() if p.is_file()]
    except OSError:
        return []
    removed = []
    for name in to_remove(names, stem):
        with contextlib.suppress(OSError):
            (folder / name).unlink()
            removed.append(str(folder / name))
    return removed


def _remove_stale_partials(folder: Path, stem: str) -> None:
    """Our own `.partial` copies a kill or a power cut left behind (the main folder is also
    cleaned at start; a chosen folder only here)."""
    with contextlib.suppress(OSError):
        for left in folder.glob(f"{glob.escape(stem)}-*.sqlite.partial"):
            if taken_at(stem, left.name[: -len(".partial")]) is None:
                continue
            with contextlib.suppress(OSError):
                if time.time() - left.stat().st_mtime >= STALE_PARTIAL_S:
                    left.unlink()


def _refusal(exc: BaseException, folder: Path) -> str:
    """A Vietnamese sentence for a copy that could not be written in `folder` (by error codes,
    never the error's text)."""
    if isinstance(exc, UserError):
        return exc.message
    from desktop.store.probe import failure_kind

    code = getattr(exc, "errno", None)
    kind = failure_kind(exc)
    if code in (errno.ENOSPC, getattr(errno, "EDQUOT", errno.ENOSPC)) or kind == "disk_full":
        return FOLDER_FULL.format(folder=folder)
    if code in (errno.EACCES, errno.EPERM, errno.EROFS) or kind in (
        "read_only",
        "cannot_open",
        "denied",
    ):
        return FOLDER_READ_ONLY.format(folder=folder)
    if code == errno.ENOENT:
        return FOLDER_MISSING.format(folder=folder)
    return FOLDER_FAILED.format(folder=folder)
