"""The report set by the NAME the command line takes, and how each is built and written.

The main window lists the titles at start-up: the builders (SQLAlchemy, the services) are imported
only when a report is really made.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from pathlib import Path
from types import ModuleType
from typing import TYPE_CHECKING

from desktop.errors import UserError
from desktop.periods import Period, parse_period
from desktop.progress import CancelToken, ProgressFn, no_progress

if TYPE_CHECKING:
    from desktop.reports.content import Letterhead, Report
    from desktop.reports.province_summary import SummaryReport
    from desktop.store import Store

Builder = Callable[["Store", Period, "Letterhead"], "Report"]


def _programme() -> ModuleType:
    from desktop.reports import programme_reports

    return programme_reports


def _lists() -> ModuleType:
    from desktop.reports import registry_lists

    return registry_lists


def _province() -> ModuleType:
    from desktop.reports import province_summary

    return province_summary


REPORTS: dict[str, tuple[str, Builder]] = {
    "monthly-progress": (
        "Kết quả thực hiện chương trình tháng",
        lambda db, p, h: _programme().monthly_progress_report(db, _month(p), h),
    ),
    "member-movement": (
        "Biến động đoàn viên",
        lambda db, p, h: _lists().member_movement_report(db, p.text, p.first, p.last, h),
    ),
    "member-list": (
        "Danh sách đoàn viên",
        lambda db, p, h: _lists().member_list_report(db, p.text, p.last, h),
    ),
    "union-list": (
        "Danh sách công đoàn cơ sở",
        lambda db, p, h: _lists().union_list_report(db, p.text, p.last, h),
    ),
    "mid-year-review": (
        "Sơ kết sáu tháng",
        lambda db, p, h: _programme().review_report(db, p, h, mid_year=True),
    ),
    "year-end-review": (
        "Tổng kết năm",
        lambda db, p, h: _programme().review_report(db, p, h, mid_year=False),
    ),
}
# Made on a province's database only: the Báo cáo screen offers them there, and only there (an
# office's database refuses them with the reason); the command line takes them with the others.
PROVINCE_REPORTS: dict[str, tuple[str, Builder]] = {
    "province-summary": (
        "Tổng hợp số liệu các đơn vị",
        lambda db, p, h: _province().province_summary_report(db, p, h),
    ),
}


# The kind of document each report is: the abbreviation of its number line (`BC` in
# «Số: 12/BC-LĐLĐ», content.DOCUMENT_KINDS). Known before the report is built, so the Báo cáo
# screen proposes the next number of that series (desktop/services/preferences.py).
SERIES: dict[str, str] = {
    "monthly-progress": "BC",
    "member-movement": "BC",
    "member-list": "DS",
    "union-list": "DS",
    "mid-year-review": "BC",
    "year-end-review": "BC",
}
PROVINCE_SERIES: dict[str, str] = {"province-summary": "BC"}


def all_reports() -> dict[str, tuple[str, Builder]]:
    """Every report by NAME: the office's, then the province's own."""
    return {**REPORTS, **PROVINCE_REPORTS}


def series_of(name: str) -> str:
    """The number series (`BC`, `DS`) of report `name`."""
    return {**SERIES, **PROVINCE_SERIES}[name]


def _month(period: Period) -> Period:
    if not period.is_month:
        raise UserError(
            f"Báo cáo tháng cần kỳ dạng YYYY-MM, không phải «{period.text}» (ví dụ 2024-06)."
        )
    return period


def build_report(
    name: str,
    store: Store,
    period: str,
    *,
    number: str | None = None,
    issued_on: date | None = None,
    progress: ProgressFn = no_progress,
    cancel: CancelToken | None = None,
) -> Report:
    """Report `name` of `period`. The province's summary, the long one (every office's figures
    counted in turn), says how far it is through `progress` and stops on `cancel`."""
    reports = all_reports()
    if name not in reports:
        raise UserError(f"Không có báo cáo «{name}». Các báo cáo: {', '.join(reports)}.")
    from desktop.reports.letterhead import office_letterhead

    span = parse_period(period)
    head = office_letterhead(store, number=number, issued_on=issued_on or date.today())
    if name == "province-summary":
        return _province().province_summary_report(
            store, span, head, progress=progress, cancel=cancel
        )
    return reports[name][1](store, span, head)


def write_report(report: Report, out: Path, fmt: str) -> None:
    """Write to a temporary name and rename, so a reader never sees half a file; a write that
    fails (a full disk, a pulled USB stick) leaves neither half a file nor the temporary one."""
    if fmt not in ("pdf", "xlsx"):
        raise UserError(f"Định dạng «{fmt}» không hỗ trợ: chọn pdf hoặc xlsx.")
    partial = out.with_name(out.name + ".partial")
    try:
        from desktop.reports.province_summary import SummaryReport

        if isinstance(report, SummaryReport):
            _write_summary(report, partial, fmt)
        elif fmt == "pdf":
            from desktop.reports.pdf import write_pdf

            write_pdf(report, partial)
        else:
            from desktop.reports.xlsx import write_xlsx

            write_xlsx(report, partial)
        partial.replace(out)
    except BaseException:
        partial.unlink(missing_ok=True)
        raise


def _write_summary(report: SummaryReport, out: Path, fmt: str) -> None:
    if fmt == "pdf":
        from desktop.reports.province_summary_pdf import write_summary_pdf

        write_summary_pdf(report, out)
    else:
        from desktop.reports.province_summary_xlsx import write_summary_xlsx

        write_summary_xlsx(report, out)
