"""Reports against the programme: monthly-progress, mid-year-review, year-end-review."""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING

from sqlalchemy import text

from desktop.errors import UserError
from desktop.format import number, percent, period_label
from desktop.periods import Period, parse_month
from desktop.reports.content import Column, Letterhead, Paragraph, Report, Table, Typed
from desktop.reports.task_areas import Span, area_paragraphs
from desktop.services.progress import ProgressReport, TargetProgress, progress_for

if TYPE_CHECKING:
    from desktop.store import Store

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
    rows = tuple(
        (
            *_named_cells(t, report),
            Typed(t.month, UNIT_KINDS[t.unit]),
            Typed(t.year_to_date, UNIT_KINDS[t.unit]),
            t.percent_of_quota,
        )
        for t in report.targets
    )
    return Table(columns, rows)


def _named_cells(t: TargetProgress, report: ProgressReport) -> tuple[object, ...]:
    """Code, name, the province's figure and the quota (in the target's unit, or "Không giao"
    for a province's own target), the first four cells of both targets tables."""
    quota: object = Typed(t.quota, UNIT_KINDS[t.unit])
    if _province_only(t, report):
        quota = Typed(NOT_ALLOCATED, "text")
    return t.code, t.name, t.province_value, quota


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


def _counts_note(store: Store, report: ProgressReport) -> list[Paragraph]:
    """Under an office's targets table: the counts behind each entered percentage of the month
    (people reached / people in scope), or the word that it was entered without them. A
    province's figures for these targets are its offices' summed, not an entry of its own."""
    from desktop.programme.entered_values import count_fields, percent_text
    from desktop.services.targets import entered_figures

    if report.unit.role == "province":
        return []
    entered = entered_figures(store, report.period)
    parts = []
    for t in report.targets:
        entries = entered.get(t.code, ())
        if t.unit != "percent" or not entries or entries[-1].period != report.period:
            continue
        entry = entries[-1]
        if entry.with_counts:
            reached = count_fields(t.name)[0].removeprefix("Số ")  # người được tuyên truyền
            parts.append(
                f"{t.code} — {number(entry.reached)} {reached} trên tổng số "
                f"{number(entry.in_scope)} người trong phạm vi ({percent_text(entry.value)})"
            )
        else:
            parts.append(f"{t.code} — {entry.text()}")
    if not parts:
        return []
    label = period_label(report.period)
    return [Paragraph(f"Chỉ tiêu nhập theo tháng, {label}: " + "; ".join(parts) + ".")]


def _members_and_unions(store: Store, first: date, last: date, label: str) -> Paragraph:
    """The month's members and grassroots unions in one paragraph: what the targets table tells
    through 2a, 2b and 3a, told without it while the year's programme has not arrived."""
    from desktop.services.movement import member_movement

    total = member_movement(store, first, last).total
    with store.reading() as con:
        alive, founded = con.execute(
            text(
                "SELECT COALESCE(SUM(CASE WHEN founded_on IS NULL OR founded_on <= :last "
                "THEN 1 ELSE 0 END), 0), COALESCE(SUM(CASE WHEN founded_on BETWEEN :first "
                "AND :last THEN 1 ELSE 0 END), 0) FROM grassroots_union "
                "WHERE deleted_at IS NULL AND unit_code = '' AND (dissolved_on IS NULL "
                "OR dissolved_on > :last)"
            ),
            {"first": first.isoformat(), "last": last.isoformat()},
        ).one()
    return Paragraph(
        f"Trong {label}: kết nạp {number(total.admitted)} đoàn viên, chuyển đến "
        f"{number(total.transferred_in)}, chuyển đi {number(total.transferred_out)}, ra khỏi tổ "
        f"chức {number(total.left)}; thành lập mới {number(int(founded))} CĐCS. Đến hết {label} "
        f"có {number(total.closing)} đoàn viên ({number(total.women)} nữ) trong "
        f"{number(int(alive))} CĐCS đang hoạt động."
    )


def _targets_part(
    store: Store, progress: ProgressReport, shown: list[Paragraph | Table], span: Span
) -> list[Paragraph | Table]:
    """Part I: the targets table and what goes with it (`shown`), or before the year's
    programme arrives the sentence saying so and the members and unions the table counts."""
    if progress.programme_missing:
        return [
            Paragraph(progress.missing_text),
            _members_and_unions(store, span.first, span.last, span.label),
        ]
    return shown


def _carrying_out(progress: ProgressReport) -> str:
    """The intro's opening: the programme carried out, or the work of a year still without one."""
    if progress.programme_missing:
        return f"Thực hiện nhiệm vụ công tác công đoàn năm {progress.period[:4]}"
    return f"Thực hiện {progress.programme_title}"


def monthly_progress_report(store: Store, period: Period, head: Letterhead) -> Report:
    progress = progress_for(store, period.text)
    label = period_label(period.text)
    span = Span(period.first, period.last, label)
    intro = Paragraph(
        f"{_carrying_out(progress)}, {head.issuer} báo cáo kết quả thực hiện các chỉ "
        f"tiêu chủ yếu và các nhiệm vụ trong {label} như sau:"
    )
    blocks: list[Paragraph | Table] = [
        intro,
        Paragraph("I. KẾT QUẢ THỰC HIỆN CÁC CHỈ TIÊU CHỦ YẾU", heading=True),
        *_targets_part(
            store,
            progress,
            [targets_table(progress), *_counts_note(store, progress), *_targets_note(progress)],
            span,
        ),
        Paragraph("II. KẾT QUẢ THỰC HIỆN NHIỆM VỤ VÀ GIẢI PHÁP", heading=True),
        *area_paragraphs(store, span),
    ]
    return Report(
        name="monthly-progress",
        title="BÁO CÁO",
        subject=f"Kết quả thực hiện chương trình công tác công đoàn {label}",
        letterhead=head,
        blocks=tuple(blocks),
        landscape=False,
    )


# The reviews judge each target: the year-end one against the quota, the mid-year one against
# where the target's pacing rule says the office should be by 30 June (desktop.programme.pace).
MID_YEAR_ASSESSMENT = {
    "on_track": "Đúng tiến độ",
    "behind": "Chậm tiến độ",
    "far_behind": "Chậm nhiều",
    "not_due": "Đánh giá cuối năm",
    "no_quota": "Chưa có chỉ tiêu giao",
}
REACHED_YEAR = "Đã đạt chỉ tiêu năm"


def assessment(t: TargetProgress, report: ProgressReport, mid_year: bool) -> str:
    """The review's verdict on one target, in the words printed in its last column."""
    from desktop.programme.pace import NO_QUOTA, pace

    if _province_only(t, report):
        return ""
    state = pace(t, parse_month(report.period))
    if state == NO_QUOTA:
        return MID_YEAR_ASSESSMENT[NO_QUOTA]
    reached = t.percent_of_quota or 0.0
    if mid_year:
        return REACHED_YEAR if reached >= 100 else MID_YEAR_ASSESSMENT[state]
    if reached > 100:
        return "Vượt"
    return "Đạt" if reached >= 100 else "Chưa đạt"


def review_targets_table(report: ProgressReport, mid_year: bool) -> Table:
    """Every target with quota, the result over the review's span, % of quota and the verdict.

    No "this month" column: a review reports on six months or a year, not on June or December.
    """
    columns = (
        Column("Mã", 13),
        Column("Chỉ tiêu", 74),
        Column("Chỉ tiêu tỉnh", 22),
        Column("Chỉ tiêu giao", 22, "int"),
        Column("Kết quả 6 tháng" if mid_year else "Kết quả năm", 22, "int"),
        Column("% chỉ tiêu giao", 20, "percent"),
        Column("Đánh giá", 38),
    )
    rows = tuple(
        (
            *_named_cells(t, report),
            Typed(t.year_to_date, UNIT_KINDS[t.unit]),
            t.percent_of_quota,
            assessment(t, report, mid_year),
        )
        for t in report.targets
    )
    return Table(columns, rows)


def _codes(targets: list[TargetProgress]) -> str:
    return ", ".join(t.code for t in targets)


def _mid_year_verdict(report: ProgressReport) -> Paragraph:
    """How many targets reached the year's quota, are on pace, behind, or judged in December."""
    from desktop.programme.pace import expected_share

    june = parse_month(report.period)
    said = [(t, assessment(t, report, True)) for t in report.targets]
    slow = (MID_YEAR_ASSESSMENT["behind"], MID_YEAR_ASSESSMENT["far_behind"])
    reached = [t for t, a in said if a == REACHED_YEAR]
    on_track = [t for t, a in said if a == MID_YEAR_ASSESSMENT["on_track"]]
    behind = [t for t, a in said if a in slow]
    later = [t for t, a in said if a == MID_YEAR_ASSESSMENT["not_due"]]
    parts = [
        f"{number(len(reached))} chỉ tiêu đã đạt chỉ tiêu giao cả năm"
        + (f" ({_codes(reached)})" if reached else ""),
        f"{number(len(on_track))} chỉ tiêu đúng tiến độ"
        + (f" ({_codes(on_track)})" if on_track else ""),
        f"{number(len(behind))} chỉ tiêu chậm so với tiến độ"
        + (
            ": "
            + ", ".join(
                f"{t.code} ({percent(t.percent_of_quota)}, cần "
                f"{percent(round(100 * (expected_share(t.pacing, june) or 1.0)))})"
                for t in behind
            )
            if behind
            else ""
        ),
    ]
    if later:
        parts.append(f"{number(len(later))} chỉ tiêu đánh giá vào cuối năm ({_codes(later)})")
    return Paragraph(f"Đến hết {period_label(report.period)}: " + "; ".join(parts) + ".")


def _year_end_verdict(report: ProgressReport) -> Paragraph:
    judged = [
        t
        for t in report.targets
        if t.percent_of_quota is not None and not _province_only(t, report)
    ]
    met = [t for t in judged if t.percent_of_quota >= 100]  # type: ignore[operator]
    behind = [t for t in judged if t.percent_of_quota < 100]  # type: ignore[operator]
    return Paragraph(
        f"Năm {report.period[:4]}, {number(len(met))} chỉ tiêu đạt hoặc vượt chỉ tiêu giao; "
        f"{number(len(behind))} chỉ tiêu chưa đạt"
        + (
            ": " + ", ".join(f"{t.code} ({percent(t.percent_of_quota)})" for t in behind)
            if behind
            else ""
        )
        + "."
    )


def review_report(store: Store, period: Period, head: Letterhead, *, mid_year: bool) -> Report:
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
    progress = progress_for(store, month)
    span = Span(date(year, 1, 1), last, label)
    judged: list[Paragraph | Table] = [
        review_targets_table(progress, mid_year),
        *_targets_note(progress),
        _mid_year_verdict(progress) if mid_year else _year_end_verdict(progress),
    ]
    blocks: list[Paragraph | Table] = [
        Paragraph(
            f"{_carrying_out(progress)}, {head.issuer} báo cáo {name} {year}: kết quả "
            "thực hiện các chỉ tiêu chủ yếu và các nhiệm vụ như sau:"
            if not mid_year
            else f"{_carrying_out(progress)}, {head.issuer} báo cáo sơ kết {label}: "
            "kết quả thực hiện các chỉ tiêu chủ yếu và các nhiệm vụ như sau:"
        ),
        Paragraph("I. KẾT QUẢ THỰC HIỆN CÁC CHỈ TIÊU CHỦ YẾU", heading=True),
        *_targets_part(store, progress, judged, span),
        Paragraph("II. KẾT QUẢ THỰC HIỆN NHIỆM VỤ VÀ GIẢI PHÁP", heading=True),
        *area_paragraphs(store, span),
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
