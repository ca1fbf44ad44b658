"""audit [--record ID] [--from D] [--to D] [--actor NAME] [--action A] [--search TEXT]
[--limit N] [--format text|json]: the audit trail as the log window shows it, newest first.

Text: one entry a line, tab-separated (time, account, action, object, changes joined by «; »).
JSON: one array of objects (`id`, `at` local ISO 8601, `actor`, `action`, `action_label`,
`subject`, `record_table`, `record_id`, `changes` field → [old, new] as stored, `lines` the
changes in words). Citizen IDs are masked in both: the trail never holds them whole.
"""

from __future__ import annotations

import argparse
import json
from datetime import date
from typing import Any

from desktop.cli.common import open_db, say

BAD_DATE = "Ngày «{text}» không hợp lệ: hãy viết ngày/tháng/năm, ví dụ 05/04/2024."
BAD_RANGE = "--from ({start}) phải không muộn hơn --to ({end})."
BAD_LIMIT = "--limit phải là số dương (đã ghi {limit})."
NONE_FOUND = "Không có mục nhật ký nào khớp."


def _day(text: str) -> date:
    """argparse `type=` for --from/--to: dd/mm/yyyy as offices write it, or yyyy-mm-dd."""
    from desktop.format import parse_typed_date

    try:
        found = date.fromisoformat(text.strip()) if "-" in text[:5] else parse_typed_date(text)
    except ValueError:
        found = None
    if found is None:
        raise argparse.ArgumentTypeError(BAD_DATE.format(text=text))
    return found


def register(subparsers: Any, common: argparse.ArgumentParser) -> None:
    audit = subparsers.add_parser(
        "audit",
        help="nhật ký hoạt động: ai đã sửa, xem, xuất, in, nhập gì và khi nào",
        parents=[common],
    )
    audit.add_argument("--record", metavar="ID", help="chỉ lịch sử của một bản ghi (mã của nó)")
    audit.add_argument("--from", dest="start", type=_day, metavar="NGÀY", help="từ ngày")
    audit.add_argument("--to", dest="end", type=_day, metavar="NGÀY", help="đến ngày")
    audit.add_argument("--actor", metavar="TÊN", help="người thực hiện (tài khoản)")
    audit.add_argument(
        "--action", metavar="VIỆC", help="loại việc: add, edit, delete, view, export, import, …"
    )
    audit.add_argument("--search", metavar="CHUỖI", help="tìm trong nội dung (không cần dấu)")
    audit.add_argument("--limit", type=int, metavar="N", help="chỉ in N mục mới nhất")
    audit.add_argument(
        "--format", choices=("text", "json"), default="text", help="dạng in (mặc định: text)"
    )
    audit.set_defaults(handler=run_audit)


def run_audit(args: argparse.Namespace) -> int:
    from desktop.errors import UserError
    from desktop.services.audit_query import (
        PAGE,
        AuditFilter,
        AuditRow,
        list_entries,
        record_table_of,
    )

    if args.limit is not None and args.limit <= 0:
        raise UserError(BAD_LIMIT.format(limit=args.limit))
    if args.start and args.end and args.start > args.end:
        raise UserError(
            BAD_RANGE.format(start=f"{args.start:%d/%m/%Y}", end=f"{args.end:%d/%m/%Y}")
        )
    db = open_db(args)
    table = record_table_of(db, args.record) if args.record else ""
    wanted = AuditFilter(
        args.start,
        args.end,
        args.actor or "",
        args.action or "",
        args.search or "",
        table,
        args.record or "",
    )
    rows: list[AuditRow] = []
    before = None
    while args.limit is None or len(rows) < args.limit:
        page = list_entries(db, wanted, before=before, limit=PAGE)
        rows.extend(page.rows)
        if not page.more:
            break
        before = page.next_before
    rows = rows[: args.limit] if args.limit is not None else rows
    if args.format == "json":
        say(json.dumps([_object(r) for r in rows], ensure_ascii=False, indent=2))
        return 0
    if not rows:
        say(NONE_FOUND)
    for r in rows:
        fields = (r.when, r.actor, r.action_label, r.subject, "; ".join(r.changes))
        say("\t".join(map(_one_line, fields)))
    return 0


def _object(row: Any) -> dict[str, Any]:
    return {
        "id": row.id,
        "at": row.at.isoformat(timespec="seconds"),
        "actor": row.actor,
        "action": row.action,
        "action_label": row.action_label,
        "subject": row.subject,
        "record_table": row.record_table,
        "record_id": row.record_id,
        "changes": row.raw_changes,
        "lines": list(row.changes),
    }


def _one_line(text: str) -> str:
    """A field as one line (a multi-line value, such as the recipients list, keeps one entry a
    line for scripts): line breaks become « / », tabs spaces."""
    return " / ".join(text.splitlines()).replace("\t", " ")
