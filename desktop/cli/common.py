"""Small helpers shared by the command modules."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from desktop import paths
from desktop.errors import UserError

DB_NOT_FOUND = "Không tìm thấy cơ sở dữ liệu {path}. Hãy kiểm tra lại đường dẫn (--db)."


def say(text: str, *, error: bool = False) -> None:
    print(text, file=sys.stderr if error else sys.stdout)


def require_db(args: argparse.Namespace, *, must_exist: bool = True) -> Path:
    """The database the command works on: --db, else the one in the user's data folder."""
    path = getattr(args, "db", None) or paths.default_db_path()
    if must_exist and not Path(path).exists():
        raise UserError(DB_NOT_FOUND.format(path=path))
    return Path(path)
