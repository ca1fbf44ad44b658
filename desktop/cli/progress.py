"""progress --period YYYY-MM --format json|text [--explain CODE [--month]]."""

from __future__ import annotations

import argparse
import json
from typing import TYPE_CHECKING, Any

from desktop.cli.common import open_db, period_argument, say
from desktop.format import number, percent, period_label

if TYPE_CHECKING:
    from desktop.services.progress import ProgressReport
    from desktop.store import Store

UNITS = {"count": "", "percent": " %", "ratio": ""}


def register(subparsers: Any, common: argparse.ArgumentParser) -> None:
    progress = subparsers.add_parser(
        "progress", help="kết quả thực hiện chỉ tiêu", parents=[common]
    )
    progress.add_argument(
        "--period", required=True, type=period_argument, help="YYYY-MM hoặc MM/YYYY"
    )
    progress.add_argument("--format", choices=["json", "text"], default="text")
    progress.add_argument(
        "--unit", metavar="CODE", help="(tỉnh) số liệu của một đơn vị; bỏ trống: toàn tỉnh"
    )
    progress.add_argument(
        "--explain", metavar="CODE", help="liệt kê hồ sơ làm nên số liệu của một chỉ tiêu"
    )
    progress.add_argument(
        "--month",
        action="store_true",
        help="với --explain: hồ sơ của riêng tháng (mặc định: lũy kế từ đầu năm)",
    )
    progress.set_defaults(handler=run_progress)


def _value(value: float | None, unit: str) -> str:
    if value is None:
        return "—"
    if unit == "percent":
        return percent(value)
    return number(value, 2 if unit == "ratio" else 0)


def run_progress(args: argparse.Namespace) -> int:
    if args.month and not args.explain:
        say("--month chỉ dùng cùng với --explain CODE.", error=True)
        return 2
    with open_db(args) as store:
        return _show(args, store)


def _show(args: argparse.Namespace, store: Store) -> int:
    from desktop.periods import parse_month
    from desktop.services.progress import (
        ensure_programme,
        explain,
        programme_missing_text,
        progress_for,
    )

    year = parse_month(args.period).first.year if args.explain else 0
    if args.explain and ensure_programme(store, year) is None:
        # No target to explain yet; the records are kept and counted once the programme comes.
        say(programme_missing_text(year))
        return 0
    if args.explain:
        name, records = explain(
            store, args.explain, args.period, year_to_date=not args.month, unit=args.unit
        )
        window = "trong" if args.month else "lũy kế đến hết"
        say(f"{args.explain}. {name} — {window} {period_label(args.period)}:")
        for line in records:
            say(f"  {line}")
        return 0
    report = progress_for(store, args.period, unit=args.unit)
    if args.format == "json":
        say(json.dumps(report.as_json(), ensure_ascii=False, indent=2))
        return 0
    if report.programme_missing:  # said, not refused: the records of the year go on
        say(f"{report.unit.name} – kỳ {report.period}")
        say(report.missing_text)
        return 0
    say(f"{report.unit.name} – {report.programme_title} – kỳ {report.period}")
    say(
        f"{'Mã':<4} {'Chỉ tiêu giao':>13} {'Tháng':>10} {'Lũy kế':>10} {'% chỉ tiêu':>10}  Chỉ tiêu"
    )
    for t in report.targets:
        say(
            f"{t.code:<4} {_value(t.quota, t.unit):>13} {_value(t.month, t.unit):>10} "
            f"{_value(t.year_to_date, t.unit):>10} {percent(t.percent_of_quota):>10}  {t.name[:70]}"
        )
    for line in province_notes(report):
        say(line)
    return 0


def province_notes(report: ProgressReport) -> list[str]:
    """What a province's own figures leave out, said under the table: the offices without a
    bundle for the period, and entered percentages typed without their two counts."""
    if report.unit.role != "province" or not any(
        t.units_counted is not None for t in report.targets
    ):
        return []
    lines = []
    if report.missing_units:
        lines.append(
            f"Chưa có số liệu {period_label(report.period)} (không tính vào số liệu toàn tỉnh): "
            + ", ".join(report.missing_units)
            + "."
        )
    for t in report.targets:
        if t.without_counts:
            lines.append(
                f"{t.code}: {number(t.without_counts)} đơn vị nhập tỷ lệ không kèm số người "
                "(không tính vào tỷ lệ toàn tỉnh)."
            )
    return lines
