"""members search QUERY [--limit N]: the Đoàn viên screen's search, one match a line."""

from __future__ import annotations

import argparse
from typing import TYPE_CHECKING, Any

from desktop.cli.common import open_db, say
from desktop.format import vn_date

if TYPE_CHECKING:
    from desktop.store import Store


def register(subparsers: Any, common: argparse.ArgumentParser) -> None:
    members = subparsers.add_parser("members", help="đoàn viên")
    actions = members.add_subparsers(dest="members_command", metavar="VIỆC", required=True)
    search = actions.add_parser(
        "search",
        help="tìm đoàn viên theo tên (không cần dấu), số CCCD hoặc số thẻ",
        parents=[common],
    )
    search.add_argument("query", metavar="QUERY", help="chuỗi tìm; để trống ('') để liệt kê tất cả")
    search.add_argument("--limit", type=int, metavar="N", help="chỉ in N kết quả đầu")
    search.set_defaults(handler=run_search)


def run_search(args: argparse.Namespace) -> int:
    from desktop.errors import UserError

    if args.limit is not None and args.limit < 0:
        raise UserError(f"--limit phải là số không âm (đã ghi {args.limit}).")
    with open_db(args) as store:  # a database of an older release is read in today's columns
        _print(store, args)
    return 0


def _print(store: Store, args: argparse.Namespace) -> None:
    from desktop.citizen_id import masked
    from desktop.services.accounts import current_user
    from desktop.services.audit import record
    from desktop.services.member_search import search
    from desktop.services.roles import Action, allowed

    found = search(store, args.query, limit=args.limit)
    full_ids = allowed(current_user(), Action.VIEW_FULL_ID)
    for m in found:
        # Tab-separated for scripts: name, birth date, grassroots union, citizen ID.
        shown = m.citizen_id if full_ids else masked(m.citizen_id)
        say("\t".join((m.full_name, vn_date(m.birth_date), m.union_name, shown)))
    if found:  # personal data was printed: the law asks for a trace, as the screen leaves one
        record(store, "view", f"tìm đoàn viên «{args.query}» (dòng lệnh): {len(found)} đoàn viên")
