"""office merge|handover: a successor takes another office's register; the closing office tells
the province its chain is closed (docs/bundle-format.md §12)."""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import Any

from desktop.cli.common import open_db, say


def register_merge(actions: Any, common: argparse.ArgumentParser) -> None:
    """`office merge OTHER --db PATH [--dry-run] [--update]` under `office`'s sub-commands."""
    merge = actions.add_parser(
        "merge",
        help="nhận toàn bộ sổ của đơn vị khác (đơn vị kế nhiệm), hoặc gộp hai sổ tỉnh",
        parents=[common],
    )
    merge.add_argument("other", type=Path, metavar="OTHER", help="tệp sổ của đơn vị bàn giao")
    merge.add_argument(
        "--dry-run", action="store_true", help="chỉ cho biết sẽ nhận những gì, không ghi gì"
    )
    merge.add_argument(
        "--update",
        action="store_true",
        help="CCCD đang sinh hoạt ở cả hai đơn vị: giữ bản ghi sửa sau cùng (thay vì từ chối)",
    )
    merge.set_defaults(handler=run_merge)


def register_handover(actions: Any, common: argparse.ArgumentParser) -> None:
    """`office handover --to CODE --out FILE --db PATH` under `office`'s sub-commands."""
    handover = actions.add_parser(
        "handover",
        help="lập thông báo bàn giao sổ gửi LĐLĐ tỉnh (đơn vị bàn giao lập)",
        parents=[common],
    )
    handover.add_argument(
        "--to", dest="successor", required=True, metavar="MÃ", help="mã đơn vị kế nhiệm"
    )
    handover.add_argument("--out", type=Path, required=True, metavar="TỆP", help="tệp sẽ ghi")
    handover.set_defaults(handler=run_handover)


def run_merge(args: argparse.Namespace) -> int:
    from desktop.services.handover import merge_office

    with open_db(args) as store:
        outcome = merge_office(store, args.other, dry_run=args.dry_run, update=args.update)
    refused_now = outcome.refused and not outcome.dry_run  # a dry run reports, on stdout
    for line in outcome.lines():
        say(line, error=refused_now)
    return 1 if outcome.refused else 0


def run_handover(args: argparse.Namespace) -> int:
    from desktop.services.handover import write_handover_notice

    with open_db(args) as store:
        say(write_handover_notice(store, args.successor, args.out).line())
    return 0
