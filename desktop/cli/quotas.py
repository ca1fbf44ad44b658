"""quotas set|import|show: (province) the quotas allocated to each upper union."""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import Any

from desktop.cli.common import open_db, say
from desktop.format import number


def register(subparsers: Any, common: argparse.ArgumentParser) -> None:
    quotas = subparsers.add_parser("quotas", help="(tỉnh) giao chỉ tiêu cho từng đơn vị")
    actions = quotas.add_subparsers(dest="quotas_command", metavar="VIỆC", required=True)

    change = actions.add_parser("set", help="giao một chỉ tiêu cho một đơn vị", parents=[common])
    change.add_argument("--unit", required=True, metavar="CODE", help="mã đơn vị nhận")
    change.add_argument("--target", required=True, metavar="MÃ", help="mã chỉ tiêu, ví dụ 2a")
    change.add_argument("--value", required=True, help="chỉ tiêu giao; để trống («») để xóa")
    change.add_argument("--year", required=True, type=int, help="năm chương trình")
    change.set_defaults(handler=run_set)

    read = actions.add_parser(
        "import", help="đọc tệp CSV unit_code,target_code,value", parents=[common]
    )
    read.add_argument("file", type=Path, metavar="FILE")
    read.add_argument("--year", required=True, type=int, help="năm chương trình")
    read.set_defaults(handler=run_import)

    show = actions.add_parser("show", help="xem chỉ tiêu đã giao", parents=[common])
    show.add_argument("--unit", metavar="CODE", help="một đơn vị (bỏ trống: tất cả)")
    show.add_argument("--year", required=True, type=int, help="năm chương trình")
    show.set_defaults(handler=run_show)


def _value(value: float | None) -> str:
    if value is None:
        return "(đã xóa)"
    return number(value, 0 if value == int(value) else 1)


def run_set(args: argparse.Namespace) -> int:
    from desktop.services.quotas import set_unit_quota

    with open_db(args) as store:
        value = set_unit_quota(store, args.unit, args.year, args.target, args.value)
    say(f"Đã giao chỉ tiêu {args.target} năm {args.year} cho {args.unit}: {_value(value)}.")
    return 0


def run_import(args: argparse.Namespace) -> int:
    from desktop.services.quotas import import_quotas

    if not args.file.exists():
        say(f"Không tìm thấy tệp {args.file}.", error=True)
        return 1
    with open_db(args) as store:
        done = import_quotas(store, args.file, args.year)
    units = sorted({q.unit_code for q in done})
    say(
        f"Đã giao {len(done)} chỉ tiêu năm {args.year} cho {len(units)} đơn vị: {', '.join(units)}."
    )
    return 0


def run_show(args: argparse.Namespace) -> int:
    from desktop.services.quotas import unit_quotas

    with open_db(args) as store:
        found = unit_quotas(store, args.year, args.unit)
    if not found:
        say(f"Chưa giao chỉ tiêu năm {args.year}" + (f" cho {args.unit}." if args.unit else "."))
        return 0
    for quota in found:
        say(f"{quota.unit_code}\t{quota.target_code}\t{_value(quota.value)}")
    return 0
