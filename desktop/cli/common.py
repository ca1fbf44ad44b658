"""Small helpers shared by the command modules."""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

from desktop import paths
from desktop.errors import UserError

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
    path = getattr(args, "db", None) or paths.default_db_path()
    if must_exist and not Path(path).exists():
        raise UserError(DB_NOT_FOUND.format(path=path))
    if Path(path).exists() and not Path(path).is_file():
        raise UserError(DB_NOT_A_FILE.format(path=path))
    if Path(path).is_file() and not as_found:
        from desktop.models.db import ensure_schema

        ensure_schema(Path(path))
    return Path(path)


def period_argument(text: str) -> str:
    """argparse `type=` for `--period` (`06/2024` becomes `2024-06`); the period rules are
    imported only when a command takes a period, so the window's start-up never pays for them."""
    from desktop.periods import period_argument as canonical

    return canonical(text)
