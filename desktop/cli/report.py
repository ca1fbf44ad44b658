"""report NAME --period … --format pdf|xlsx --out FILE."""

from __future__ import annotations

import argparse
from datetime import date, datetime
from pathlib import Path
from typing import Any

from desktop.cli.common import require_db, say
from desktop.errors import UserError


def _day(text: str) -> date:
    try:
        return datetime.strptime(text, "%d/%m/%Y").date()
    except ValueError as exc:
        raise argparse.ArgumentTypeError(f"ngày «{text}» phải có dạng dd/mm/yyyy") from exc


def register(subparsers: Any, common: argparse.ArgumentParser) -> None:
    from desktop.reports.catalogue import REPORTS

    report = subparsers.add_parser("report", help="in báo cáo ra PDF hoặc Excel", parents=[common])
    report.add_argument("name", choices=list(REPORTS), metavar="NAME", help=", ".join(REPORTS))
    report.add_argument("--period", required=True, help="YYYY-MM hoặc YYYY")
    report.add_argument("--format", required=True, choices=["pdf", "xlsx"])
    report.add_argument("--out", type=Path, required=True)
    report.add_argument("--number", help="số văn bản (để trống: chừa chỗ ghi tay)")
    report.add_argument("--date", type=_day, help="ngày ban hành dd/mm/yyyy (mặc định: hôm nay)")
    report.set_defaults(handler=run_report)


def run_report(args: argparse.Namespace) -> int:
    from desktop.reports.catalogue import build_report, write_report
    from desktop.reports.letterhead import draft_warning
    from desktop.services.audit import record

    db_path = require_db(args)
    report = build_report(args.name, db_path, args.period, number=args.number, issued_on=args.date)
    if not args.out.parent.exists():
        raise UserError(f"Thư mục {args.out.parent} không tồn tại.")
    write_report(report, args.out, args.format)
    warning = draft_warning(report.letterhead, db_path)
    if warning:
        say(warning, error=True)
    # Every issued report is remembered: the dashboard's "due this month" reads it back.
    action = "export" if report.personal_data else "report"
    record(db_path, action, f"{args.name} {args.period} → {args.out}")
    if report.personal_data:
        say(
            "Lưu ý: tệp chứa dữ liệu cá nhân của đoàn viên; chỉ chuyển đi khi đã mã hóa.",
            error=True,
        )
    say(f"Đã ghi {args.out}")
    return 0
