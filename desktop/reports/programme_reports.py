"""Reports against the programme: monthly-progress, mid-year-review, year-end-review."""

from __future__ import annotations

import sqlite3
from pathlib import Path

from desktop.format import money, number, percent, period_label
from desktop.periods import Period
from desktop.reports.content import Column, Letterhead, Paragraph, Report, Table
from desktop.services.progress import ProgressReport, progress_for


def _value(value: float | None, unit: str) -> object:
    if value is None:
        return None
    return value if unit != "count" else int(value)


def targets_table(report: ProgressReport) -> Table:
    columns = (
        Column("Mã", 15),
        Column("Chỉ tiêu", 92),
        Column("Chỉ tiêu tỉnh", 24),
        Column("Chỉ tiêu giao", 22, "number"),
        Column("Trong tháng", 22, "number"),
        Column("Lũy kế năm", 22, "number"),
        Column("% chỉ tiêu giao", 22, "percent"),
    )
    rows = []
    for t in report.targets:
        if t.scope == "province":
            continue  # the province's own targets are reported by the province
        rows.append(
            (
                t.code,
                t.name + (" (%)" if t.unit == "percent" else ""),
                t.province_value,
                t.quota,
                _value(t.month, t.unit),
                _value(t.year_to_date, t.unit),
                t.percent_of_quota,
            )
        )
    return Table(columns, tuple(rows))


def _activities_by_area(db_path: Path, period: Period) -> dict[int, list[tuple]]:
    con = sqlite3.connect(f"file:{db_path}?mode=ro", uri=True)
    try:
        rows = con.execute(
            "SELECT task_area, kind, title, held_on, participants, participants_women, amount "
            "FROM activity WHERE deleted_at IS NULL AND held_on BETWEEN ? AND ? "
            "ORDER BY task_area, held_on",
            (period.first.isoformat(), period.last.isoformat()),
        ).fetchall()
        areas = con.execute(
            "SELECT t.number, t.title, n.text FROM task_area t JOIN programme p ON p.id = t.programme_id "
            "LEFT JOIN narrative n ON n.task_area_id = t.id AND n.period = ? AND n.deleted_at IS NULL "
            "WHERE p.year = ? AND t.deleted_at IS NULL ORDER BY t.number",
            (period.text, period.first.year),
        ).fetchall()
    finally:
        con.close()
    found: dict[int, list[tuple]] = {number_: [] for number_, _, _ in areas}
    for row in rows:
        found.setdefault(row[0], []).append(row)
    return {n: [(title, text, found.get(n, []))] for n, title, text in areas}  # type: ignore[misc]


def _area_paragraphs(db_path: Path, period: Period) -> list[Paragraph]:
    blocks: list[Paragraph] = []
    for n, [(title, narrative, activities)] in _activities_by_area(db_path, period).items():
        blocks.append(Paragraph(f"{n}. {title}", heading=True))
        if narrative:
            blocks.append(Paragraph(narrative))
        if not activities:
            blocks.append(Paragraph(f"Trong {period_label(period.text)} chưa ghi nhận hoạt động."))
            continue
        people = sum(a[4] for a in activities)
        women = sum(a[5] for a in activities)
        amount = sum(a[6] for a in activities)
        lines = "; ".join(
            f"{a[2]} ({a[3][8:10]}/{a[3][5:7]}, {number(a[4])} người"
            + (f", {money(a[6])}" if a[6] else "")
            + ")"
            for a in activities
        )
        summary = (
            f"Tổ chức {number(len(activities))} hoạt động với {number(people)} lượt người tham dự "
            f"({number(women)} nữ)" + (f", tổng kinh phí {money(amount)}" if amount else "") + ": "
        )
        blocks.append(Paragraph(summary + lines + "."))
    return blocks


def monthly_progress_report(db_path: Path, period: Period, head: Letterhead) -> Report:
    progress = progress_for(db_path, period.text)
    intro = Paragraph(
        f"Thực hiện {progress.programme_title}, {head.issuer} báo cáo kết quả thực hiện các chỉ "
        f"tiêu chủ yếu và các nhiệm vụ trong {period_label(period.text)} như sau:"
    )
    blocks: list[Paragraph | Table] = [
        intro,
        Paragraph("I. KẾT QUẢ THỰC HIỆN CÁC CHỈ TIÊU CHỦ YẾU", heading=True),
        targets_table(progress),
        Paragraph("II. KẾT QUẢ THỰC HIỆN NHIỆM VỤ VÀ GIẢI PHÁP", heading=True),
        *_area_paragraphs(db_path, period),
    ]
    return Report(
        name="monthly-progress",
        title="BÁO CÁO",
        subject=f"Kết quả thực hiện chương trình công tác công đoàn {period_label(period.text)}",
        letterhead=head,
        blocks=tuple(blocks),
        landscape=False,
    )


def review_report(db_path: Path, period: Period, head: Letterhead, *, mid_year: bool) -> Report:
    year = period.first.year
    month = f"{year}-06" if mid_year else f"{year}-12"
    span = Period(
        str(year),
        period.year_start,
        period.last.replace(month=6, day=30) if mid_year else period.last,
    )
    progress = progress_for(db_path, month)
    met = [
        t for t in progress.targets if t.percent_of_quota is not None and t.percent_of_quota >= 100
    ]
    behind = [
        t for t in progress.targets if t.percent_of_quota is not None and t.percent_of_quota < 100
    ]
    name = "sáu tháng đầu năm" if mid_year else "năm"
    blocks: list[Paragraph | Table] = [
        Paragraph(
            f"Thực hiện {progress.programme_title}, {head.issuer} báo cáo sơ kết sáu tháng đầu "
            f"năm {year}: kết quả thực hiện các chỉ tiêu chủ yếu và các nhiệm vụ như sau:"
            if mid_year
            else f"Thực hiện {progress.programme_title}, {head.issuer} báo cáo tổng kết năm "
            f"{year}: kết quả thực hiện các chỉ tiêu chủ yếu và các nhiệm vụ như sau:"
        ),
        Paragraph("I. KẾT QUẢ THỰC HIỆN CÁC CHỈ TIÊU CHỦ YẾU", heading=True),
        targets_table(progress),
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
        *_area_paragraphs(db_path, span),
    ]
    return Report(
        name="mid-year-review" if mid_year else "year-end-review",
        title="BÁO CÁO",
        subject=f"Sơ kết công tác công đoàn {name} {year}"
        if mid_year
        else f"Tổng kết công tác công đoàn năm {year}",
        letterhead=head,
        blocks=tuple(blocks),
    )
