"""backup and restore: whole-database copies, checked before they count."""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import Any

from desktop.cli.common import file_only, require_db, say
from desktop.format import number


def register(subparsers: Any, common: argparse.ArgumentParser) -> None:
    backup = subparsers.add_parser("backup", help="sao lưu cơ sở dữ liệu", parents=[common])
    backup.add_argument("--out", type=Path, required=True, help="tệp sao lưu sẽ tạo")
    backup.set_defaults(handler=run_backup)
    restore = subparsers.add_parser("restore", help="khôi phục từ bản sao lưu", parents=[common])
    restore.add_argument("file", type=Path, metavar="FILE")
    restore.set_defaults(handler=run_restore)


def run_backup(args: argparse.Namespace) -> int:
    from desktop.services.backup import backup

    file_only(args, "backup")  # a server is copied with its own tools (exit 2)
    info = backup(require_db(args, as_found=True), args.out)
    say(f"Đã sao lưu {number(info.members)} đoàn viên vào {info.path} ({number(info.size)} byte).")
    return 0


def run_restore(args: argparse.Namespace) -> int:
    from desktop.services.backup import restore

    file_only(args, "restore")
    db_path = require_db(args, must_exist=False, as_found=True)
    info, safety = restore(args.file, db_path)
    say(f"Đã khôi phục {db_path} từ {args.file} ({number(info.members)} đoàn viên).")
    if safety:
        say(f"Dữ liệu trước khi khôi phục được giữ tại {safety}.")
    return 0
