"""Reports against the programme: monthly-progress, mid-year-review, year-end-review."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from desktop.errors import UserError
from desktop.format import number, percent, period_label
from desktop.periods import Period
from desktop.reports.content import Column, Letterhead, Paragraph, Report, Table, Typed
from desktop.reports.task_areas import Span, area_paragraphs
from desktop.services.progress import ProgressReport, TargetProgress, progress_for

# Each row's figures in its target's unit: counts, percentages, ratios (two decimals).
UNIT_KINDS = {"count": "int", "percent": "percent", "ratio": "decimal"}
NOT_ALLOCATED = "Không giao"
REVIEW_NEEDS_YEAR = (
    "Báo cáo {name} lấy kỳ là cả năm (YYYY, ví dụ {year}), không phải «{period}»: sơ kết tính "
    "từ 01/01 đến 30/06, tổng kết từ 01/01 đến 31/12."
)


def _province_only(t: TargetProgress, report: ProgressReport) -> bool:
    """A province's own target (6a, 9a, 10) printed by an office it is not allocated to."""
    return t.scope == "province" and report.unit.role != "province"


def targets_table(report: ProgressReport) -> Table:
    """Every target of the programme with quota, this month, year to date and % of quota."""
    columns = (
        Column("Mã", 13),
        Column("Chỉ tiêu", 90),
        Column("Chỉ tiêu tỉnh", 22),
        Column("Chỉ tiêu giao", 24, "int"),
        Column("Trong tháng", 22, "int"),
        Column("Lũy kế năm", 22, "int"),
        Column("% chỉ tiêu giao", 22, "percent"),
    )
    rows = []
    for t in report.targets:
        kind = UNIT_KINDS[t.unit]
        quota: object = Typed(t.quota, kind)
        if _province_only(t, report):
            quota = Typed(NOT_ALLOCATED, "text")
        rows.append(
            (
                t.code,
                t.name,
                t.province_value,
                quota,
                Typed(t.month, kind),
                Typed(t.year_to_date, kind),
                t.percent_of_quota,
            )
        )
    return Table(columns, tuple(rows))


def _targets_note(report: ProgressReport) -> list[Paragraph]:
    codes = [t.code for t in report.targets if _province_only(t, report)]
    if not codes:
        return []
    return [
        Paragraph(
            f"Chỉ tiêu {', '.join(codes)} là chỉ tiêu của cấp tỉnh, không giao cho đơn vị; "
            "số liệu của đơn vị (nếu có) ghi để tham khảo."
        )
    ]


def monthly_progress_report(db_path: Path, period: Period, head: Letterhead) -> Report:
    progress = progress_for(db_path, period.text)
    label = period_label(period.text)
    intro = Paragraph(
        f"Thực hiện {progress.programme_title}, {head.issuer} báo cáo kết quả thực hiện các chỉ "
        f"tiêu chủ yếu và các nhiệm vụ trong {label} như sau:"
    )
    blocks: list[Paragraph | Table] = [
        intro,
        Paragraph("I. KẾT QUẢ THỰC HIỆN CÁC CHỈ TIÊU CHỦ YẾU", heading=True),
        targets_table(progress),
        *_targets_note(progress),
        Paragraph("II. KẾT QUẢ THỰC HIỆN NHIỆM VỤ VÀ GIẢI PHÁP", heading=True),
        *area_paragraphs(db_path, Span(period.first, period.last, label)),
    ]
    return Report(
        name="monthly-progress",
        title="BÁO CÁO",
        subject=f"Kết quả thực hiện chương trình công tác công đoàn {label}",
        letterhead=head,
        blocks=tuple(blocks),
        landscape=False,
    )


def review_report(db_path: Path, period: Period, head: Letterhead, *, mid_year: bool) -> Report:
    """The six-month review (1 January – 30 June) or the year-end review (the whole year).

    The period is a year: a month would make the targets (read at June or December) and the
    activities (read up to that month) disagree, so it is refused with the reason.
    """
    name = "sơ kết sáu tháng" if mid_year else "tổng kết năm"
    year = period.first.year
    if period.is_month:
        raise UserError(REVIEW_NEEDS_YEAR.format(name=name, year=year, period=period.text))
    month = f"{year}-06" if mid_year else f"{year}-12"
    last = date(year, 6, 30) if mid_year else date(year, 12, 31)
    label = f"sáu tháng đầu năm {year}" if mid_year else f"năm {year}"
    progress = progress_for(db_path, month)
    judged = [
        t
        for t in progress.targets
        if t.percent_of_quota is not None and not _province_only(t, progress)
    ]
    met = [t for t in judged if t.percent_of_quota >= 100]  # type: ignore[operator]
    behind = [t for t in judged if t.percent_of_quota < 100]  # type: ignore[operator]
    blocks: list[Paragraph | Table] = [
        Paragraph(
            f"Thực hiện {progress.programme_title}, {head.issuer} báo cáo {name} {year}: kết quả "
            "thực hiện các chỉ tiêu chủ yếu và các nhiệm vụ như sau:"
            if not mid_year
            else f"Thực hiện {progress.programme_title}, {head.issuer} báo cáo sơ kết {label}: "
            "kết quả thực hiện các chỉ tiêu chủ yếu và các nhiệm vụ như sau:"
        ),
        Paragraph("I. KẾT QUẢ THỰC HIỆN CÁC CHỈ TIÊU CHỦ YẾU", heading=True),
        targets_table(progress),
        *_targets_note(progress),
        Paragraph(
            f"Đến hết {period_label(month)}, {number(len(met))} chỉ tiêu đạt hoặc vượt chỉ tiêu "
            f"giao; {number(len(behind))} chỉ tiêu chưa đạt"
            + (
                ": " + ", ".join(f"{t.code} ({percent(t.percent_of_quota)})" for t in behind)
                if behind
                else ""
            )
            + "."
        ),
        Paragraph("II. KẾT QUẢ THỰC HIỆN NHIỆM VỤ VÀ GIẢI PHÁP", heading=True),
        *area_paragraphs(db_path, Span(date(year, 1, 1), last, label)),
    ]
    return Report(
        name="mid-year-review" if mid_year else "year-end-review",
        title="BÁO CÁO",
        subject=f"Sơ kết công tác công đoàn {label}"
        if mid_year
        else f"Tổng kết công tác công đoàn năm {year}",
        letterhead=head,
        blocks=tuple(blocks),
    )
