"""import members|unions FILE [--dry-run] [--mapping FILE]: the office's existing spreadsheets."""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import Any

from desktop.cli.common import open_db, say


def _date(text: str) -> Any:
    from datetime import datetime

    try:
        return datetime.strptime(text, "%d/%m/%Y").date()
    except ValueError:
        raise argparse.ArgumentTypeError(f"«{text}» không phải ngày dd/mm/yyyy") from None


def register(subparsers: Any, common: argparse.ArgumentParser) -> None:
    parser = subparsers.add_parser(
        "import",
        help="nhập danh sách đoàn viên hoặc công đoàn cơ sở từ bảng tính",
        parents=[common],
        description="Nhập .xlsx, .xlsm, .xls, .ods hoặc .csv. Có lỗi thì không nhập gì và ghi "
        "tệp danh sách lỗi bên cạnh tệp nhập.",
    )
    parser.add_argument("kind", choices=("members", "unions"), metavar="members|unions")
    parser.add_argument("file", type=Path, metavar="FILE")
    parser.add_argument("--dry-run", action="store_true", help="chỉ kiểm tra, không ghi gì")
    parser.add_argument(
        "--mapping",
        type=Path,
        metavar="FILE",
        help='tệp JSON ghép cột: {"columns": {"Tiêu đề cột hoặc chữ cột": "tên trường"}}',
    )
    parser.add_argument("--sheet", metavar="TÊN", help="trang tính (mặc định: trang đầu)")
    parser.add_argument(
        "--header-row", type=int, metavar="N", help="dòng tiêu đề (mặc định: tự tìm)"
    )
    parser.add_argument(
        "--update",
        action="store_true",
        help="cập nhật bản ghi đã có (cùng số CCCD, hoặc cùng tên CĐCS); mặc định giữ nguyên",
    )
    parser.add_argument(
        "--union", metavar="TÊN", help="members: CĐCS của cả danh sách khi tệp không có cột này"
    )
    parser.set_defaults(handler=run_import_command)


def run_import_command(args: argparse.Namespace) -> int:
    from desktop.errors import UserError
    from desktop.services import importing

    if args.header_row is not None and args.header_row < 1:
        raise UserError(f"--header-row phải từ 1 trở lên (đã ghi {args.header_row}).")
    request = importing.ImportRequest(
        kind=args.kind,
        path=args.file,
        sheet=args.sheet,
        header_row=args.header_row,
        mapping_file=args.mapping,
        update_existing=args.update,
        union_name=args.union,
    )
    # A dry run reads a file of an older release as found: only a real import upgrades it.
    with open_db(args, migrate=not args.dry_run) as store:
        outcome = importing.run_import(store, request, dry_run=args.dry_run)
        say(importing.COLUMNS_USED)
        for line in (*outcome.columns, *outcome.summary):
            say(line)
        say(importing.DRY_RUN if args.dry_run else importing.DONE.format(path=store.label))
    return 0
