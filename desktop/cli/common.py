"""Small helpers shared by the command modules."""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path
from typing import TYPE_CHECKING

from desktop import paths
from desktop.errors import UserError
from desktop.store.target import is_url

if TYPE_CHECKING:
    from desktop.store import Store

FILE_ONLY = (
    "{label} là cơ sở dữ liệu PostgreSQL; lệnh này chỉ làm việc trên tệp cơ sở dữ liệu của văn phòng "
    "(--db TỆP.sqlite)."
)
DB_NOT_FOUND = "Không tìm thấy cơ sở dữ liệu {path}. Hãy kiểm tra lại đường dẫn (--db)."


def say(text: str, *, error: bool = False) -> None:
    """Print one line; a reader that went away (`… | head -1`) silences the rest, no traceback."""
    try:
        print(text, file=sys.stderr if error else sys.stdout)
    except BrokenPipeError:
        _reader_gone(sys.stderr if error else sys.stdout)


def finish_output() -> None:
    """Flush what `say` buffered; called once before exit so a closed pipe ends quietly too."""
    for stream in (sys.stdout, sys.stderr):
        try:
            stream.flush()
        except BrokenPipeError:
            _reader_gone(stream)
        except (OSError, ValueError):
            pass  # no console at all (a windowed app), or already closed


def _reader_gone(stream: object) -> None:
    # Point the file descriptor at the null device: the command still finishes its work (and
    # commits it), and Python's own flush at exit finds nothing left to fail on.
    fileno = getattr(stream, "fileno", None)
    if fileno is None:
        return
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, fileno())
        os.close(devnull)
    except (OSError, ValueError):
        pass


DB_NOT_A_FILE = "{path} không phải tệp cơ sở dữ liệu (đó là một thư mục); hãy chỉ đúng tệp (--db)."


def require_db(
    args: argparse.Namespace, *, must_exist: bool = True, as_found: bool = False
) -> Path:
    """The database the command works on: --db, else the one in the user's data folder.

    A file from an older release is upgraded first (as the window does), so a command that only
    reads it reads today's columns; `as_found` leaves it untouched (backup, restore, check)."""
    given = getattr(args, "db", None)
    if given is not None and is_url(given):
        from desktop.store import parse_target

        raise UserError(FILE_ONLY.format(label=parse_target(given).label))
    path = given or paths.default_db_path()
    if must_exist and not Path(path).exists():
        raise UserError(DB_NOT_FOUND.format(path=path))
    if Path(path).exists() and not Path(path).is_file():
        raise UserError(DB_NOT_A_FILE.format(path=path))
    if Path(path).is_file() and not as_found:
        from desktop.store.schema import ensure_schema

        ensure_schema(Path(path))
    return Path(path)


def db_argument(text: str) -> Path | str:
    """argparse `type=` for `--db`: a postgresql:// URL stays text (a Path would fold its //)."""
    return text if is_url(text) else Path(text)


def period_argument(text: str) -> str:
    """argparse `type=` for `--period` (`06/2024` becomes `2024-06`); the period rules are
    imported only when a command takes a period, so the window's start-up never pays for them."""
    from desktop.periods import period_argument as canonical

    return canonical(text)


SERVER_TOOLS = (
    "{label} là cơ sở dữ liệu PostgreSQL: sao lưu và phục hồi bằng công cụ của máy chủ "
    "(pg_dump, pg_restore), không bằng lệnh {command}."
)


def open_db(args: argparse.Namespace, *, must_exist: bool = True, migrate: bool = True) -> Store:
    """The store the command works on, opened once: --db (a file or a postgresql:// URL), else the
    file in the user's data folder. A file or database of an older release is upgraded first."""
    from desktop.store import Store

    given = getattr(args, "db", None)
    if given and is_url(given):
        return Store(given, migrate=migrate)
    path = require_db(args, must_exist=must_exist, as_found=not migrate)
    return Store(path, migrate=migrate)


def file_only(args: argparse.Namespace, command: str) -> None:
    """Refuse a command that copies the database file (backup, restore) on a PostgreSQL URL (exit 2)."""
    from desktop.store import parse_target

    given = getattr(args, "db", None)
    if given and is_url(given):
        refusal = UserError(SERVER_TOOLS.format(label=parse_target(given).label, command=command))
        refusal.exit_code = 2
        raise refusal
