"""report NAME --period … (--format pdf|xlsx --out FILE | --print [--printer NAME|pdf:FILE])."""

from __future__ import annotations

import argparse
import tempfile
from datetime import date, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

from desktop.cli.common import open_db, period_argument, say
from desktop.errors import UserError

if TYPE_CHECKING:
    from desktop.store import Store

PERSONAL_DATA_NOTE = "Lưu ý: tệp chứa dữ liệu cá nhân của đoàn viên; chỉ chuyển đi khi đã mã hóa."


def _day(text: str) -> date:
    try:
        return datetime.strptime(text, "%d/%m/%Y").date()
    except ValueError as exc:
        raise argparse.ArgumentTypeError(f"ngày «{text}» phải có dạng dd/mm/yyyy") from exc


def register(subparsers: Any, common: argparse.ArgumentParser) -> None:
    from desktop.services.reports import PROVINCE_REPORTS, all_reports

    report = subparsers.add_parser(
        "report", help="in báo cáo ra PDF hoặc Excel, hoặc gửi ra máy in", parents=[common]
    )
    names = list(all_reports())
    report.add_argument(
        "name",
        choices=names,
        metavar="NAME",
        help=f"{', '.join(names)} ({', '.join(PROVINCE_REPORTS)}: trên cơ sở dữ liệu của tỉnh)",
    )
    report.add_argument(
        "--period", required=True, type=period_argument, help="MM/YYYY, YYYY-MM hoặc YYYY"
    )
    report.add_argument("--format", choices=["pdf", "xlsx"], help="pdf hoặc xlsx (cùng --out)")
    report.add_argument("--out", type=Path, help="tệp ghi ra (cùng --format)")
    report.add_argument(
        "--print", action="store_true", help="in ra máy in (như nút In… của màn hình Báo cáo)"
    )
    report.add_argument(
        "--printer",
        metavar="TÊN",
        help="máy in (mặc định: máy in mặc định của máy); pdf:TỆP.pdf in ra tệp PDF",
    )
    report.add_argument("--number", help="số văn bản (để trống: chừa chỗ ghi tay)")
    report.add_argument("--date", type=_day, help="ngày ban hành dd/mm/yyyy (mặc định: hôm nay)")
    report.set_defaults(handler=run_report, parser=report)


def _check_usage(args: argparse.Namespace) -> None:
    """--format and --out go together and are needed unless the report is printed."""
    parser: argparse.ArgumentParser = args.parser
    if args.printer is not None and not args.print:
        parser.error("--printer chỉ dùng cùng với --print")
    if args.print:
        if (args.format is None) != (args.out is None):
            parser.error("--format và --out phải đi cùng nhau")
        return
    missing = [
        flag for flag, value in (("--format", args.format), ("--out", args.out)) if not value
    ]
    if missing:
        parser.error(f"thiếu {' và '.join(missing)} (hoặc dùng --print để in ra máy in)")


def run_report(args: argparse.Namespace) -> int:
    _check_usage(args)
    with open_db(args) as store:
        return _issue(args, store)


def _issue(args: argparse.Namespace, store: Store) -> int:
    from desktop.services.reports import build_report, draft_warning, write_report

    printer = None
    if args.print:
        from desktop.ui.printing import open_printer

        printer = open_printer(args.printer)  # no printer: said before any work is done
    if args.out is not None and not args.out.parent.exists():
        raise UserError(f"Thư mục {args.out.parent} không tồn tại.")
    report = build_report(args.name, store, args.period, number=args.number, issued_on=args.date)
    warning = draft_warning(report.letterhead, store.label)
    if warning:
        say(warning, error=True)
    # Every issued report is remembered: the dashboard's "due this month" reads it back.
    from desktop.services.issued_reports import issue

    if args.out is not None:
        write_report(report, args.out, args.format)
        issue(
            store,
            args.name,
            args.period,
            printed=False,
            destination=str(args.out),
            personal_data=report.personal_data,
            number=args.number,
            issued_on=args.date,
        )
        say(f"Đã ghi {args.out}")
    if printer is not None:
        from desktop.ui.printing import destination, print_file

        with tempfile.TemporaryDirectory(prefix="uniondesk-in-") as folder:
            pdf = Path(folder) / "in.pdf"
            write_report(report, pdf, "pdf")
            pages = print_file(pdf, printer)
        where = destination(printer)
        issue(
            store,
            args.name,
            args.period,
            printed=True,
            destination=where,
            number=args.number,
            issued_on=args.date,
        )
        say(f"Đã gửi lệnh in: {pages} trang tới {where}.")
    if args.number:
        # A number a script issued is used up as one issued from the window: the next proposed
        # (Cài đặt → Số văn bản) follows it.
        from datetime import date

        from desktop.services.preferences import number_used
        from desktop.services.reports import series_of

        number_used(store, series_of(args.name), args.date or date.today(), args.number)
    if report.personal_data and args.out is not None:
        say(PERSONAL_DATA_NOTE, error=True)
    return 0
