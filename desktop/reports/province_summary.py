"""(Province) `province-summary`: every office's figures side by side with the province totals.

One table: a row per target (code, name, unit, the province's quota), for each office the month
and the year to date, then the province total (month, year to date, % of the province's quota).
An office without a bundle for the period is shown as missing in its columns, never with an
earlier month's figures, and is named under the table. Many offices do not fit on one landscape
page: the office columns are split into parts (`parts`), each a table of its own that repeats
the targets' columns; the province total goes with the last part.

The figures are `desktop.services.province_figures.side_by_side`; the PDF and the workbook are
province_summary_pdf.py and province_summary_xlsx.py.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from desktop.errors import UserError
from desktop.format import number, period_label
from desktop.periods import Period, period_shown
from desktop.progress import CancelToken, ProgressFn, no_progress
from desktop.reports.content import Letterhead, Paragraph, Report, Typed

if TYPE_CHECKING:
    from desktop.store import Store

NAME = "province-summary"
# The target's unit, as the column «Đơn vị tính» prints it.
UNIT_LABELS = {"count": "Số lượng", "percent": "Tỷ lệ %", "ratio": "Bình quân"}
UNIT_KINDS = {"count": "int", "percent": "percent", "ratio": "decimal"}
MISSING = "Chưa gửi"  # an office's cells for a period it has not sent
NOT_COUNTED = "-"  # an office's cell for a target it does not report (the province's own)
NOT_PROVINCE = (
    "Báo cáo tổng hợp các đơn vị (province-summary) chỉ lập trên cơ sở dữ liệu của LĐLĐ tỉnh; "
    "{label} là cơ sở dữ liệu của {name} ({code}). Hãy mở cơ sở dữ liệu của tỉnh (--db)."
)
NEEDS_MONTH = (
    "Báo cáo tổng hợp các đơn vị lấy kỳ là một tháng (YYYY-MM, ví dụ {year}-06), không phải "
    "«{period}»: số liệu trong tháng và lũy kế từ đầu năm đến hết tháng đó."
)
NO_OFFICES = (
    "LĐLĐ tỉnh chưa đăng ký đơn vị trực thuộc nào (nhận thẻ khóa của đơn vị ở màn hình Đơn vị "
    "hoặc bằng lệnh uniondesk keys import), nên chưa có số liệu để tổng hợp."
)

# Column widths on paper (mm): the targets' columns repeat in every part; an office takes two
# value columns, the province total three.
FIXED_MM = (10.0, 44.0, 17.0, 18.0)
VALUE_MM = 16.5
TOTAL_MM = (18.5, 18.5, 16.0)
# A landscape A4 page's width inside the margins (297 - 30 - 15 mm).
PAGE_MM = 252.0


@dataclass(frozen=True)
class Office:
    code: str
    name: str
    missing: bool
    latest_period: str | None


@dataclass(frozen=True)
class Line:
    """One target's row: the targets' four cells, each office's (month, year to date) or None
    when the office is missing for the period, and the province's three cells."""

    code: str
    name: str
    unit: str
    quota: object
    offices: tuple[tuple[object, object] | None, ...]
    total: tuple[object, object, object]


@dataclass(frozen=True)
class Part:
    """A table of the report: the offices (indexes into `offices`) whose columns it holds, and
    whether the province total is in it."""

    offices: tuple[int, ...]
    total: bool
    caption: str


@dataclass(frozen=True)
class SummaryReport(Report):
    period: str = ""
    offices: tuple[Office, ...] = ()
    lines: tuple[Line, ...] = ()
    parts: tuple[Part, ...] = ()
    notes: tuple[Paragraph, ...] = field(default_factory=tuple)  # under the table(s)


def split_offices(count: int) -> list[tuple[int, bool]]:
    """How many offices each part holds and whether the total goes with it: as few parts as the
    page allows, the offices spread evenly, the last part leaving room for the total."""
    room = PAGE_MM - sum(FIXED_MM)
    per_page = int(room // (2 * VALUE_MM))
    with_total = int((room - sum(TOTAL_MM)) // (2 * VALUE_MM))
    if count <= with_total:
        return [(count, True)]
    if with_total == 0:  # (not with these widths) the total on a part of its own
        parts = -(-count // per_page)
        sizes = [count // parts + (i < count % parts) for i in range(parts)]
        return [*((size, False) for size in sizes), (0, True)]
    parts = 1 + -(-(count - with_total) // per_page)
    last = min(with_total, -(-count // parts))
    rest = count - last
    sizes = [rest // (parts - 1) + (i < rest % (parts - 1)) for i in range(parts - 1)]
    return [*((size, False) for size in sizes), (last, True)]


def make_parts(count: int) -> tuple[Part, ...]:
    sizes = split_offices(count)
    parts: list[Part] = []
    start = 0
    for index, (size, total) in enumerate(sizes, start=1):
        indexes = tuple(range(start, start + size))
        start += size
        if len(sizes) == 1:
            caption = "Số liệu các đơn vị và toàn tỉnh"
        else:
            first, last = (indexes[0] + 1, indexes[-1] + 1) if indexes else (0, 0)
            who = f"đơn vị thứ {first}" + (f" đến {last}" if last > first else "")
            who = who if indexes else ""
            joined = " và ".join(x for x in (who, "toàn tỉnh" if total else "") if x)
            caption = f"Phần {index}/{len(sizes)}: {joined}"
        parts.append(Part(indexes, total, caption))
    return tuple(parts)


def _typed(value: float | None, unit: str) -> object:
    return Typed(value, UNIT_KINDS.get(unit, "decimal"))


def _lines(figures: Any) -> tuple[Line, ...]:
    lines = []
    for row in figures.rows:
        cells: list[tuple[object, object] | None] = []
        for office in figures.offices:
            if office.missing:
                cells.append(None)
                continue
            got = row.by_office.get(office.code)
            if got is None:
                cells.append((Typed(NOT_COUNTED, "text"), Typed(NOT_COUNTED, "text")))
            else:
                cells.append((_typed(got.month, row.unit), _typed(got.year_to_date, row.unit)))
        province = row.province
        lines.append(
            Line(
                code=row.code,
                name=row.name,
                unit=UNIT_LABELS.get(row.unit, row.unit),
                quota=_typed(row.quota, row.unit),
                offices=tuple(cells),
                total=(
                    _typed(province.month, row.unit),
                    _typed(province.year_to_date, row.unit),
                    Typed(province.percent_of_quota, "percent"),
                ),
            )
        )
    return tuple(lines)


def missing_sentence(offices: tuple[Office, ...], period: str) -> str:
    """«Đơn vị chưa gửi số liệu tháng 06/2024: …», each with the newest month it did send."""
    shown = period_shown(period)
    missing = [o for o in offices if o.missing]
    if not missing:
        return f"Tất cả {number(len(offices))} đơn vị đã gửi số liệu tháng {shown}."
    named = []
    for office in missing:
        since = (
            f"mới gửi đến tháng {period_shown(office.latest_period)}"
            if office.latest_period
            else "chưa gửi tháng nào"
        )
        named.append(f"{office.name} ({office.code}, {since})")
    return f"Đơn vị chưa gửi số liệu tháng {shown}: {'; '.join(named)}."


def _check_province(store: Store) -> None:
    from desktop.services.office_settings import read_settings

    office = read_settings(store)
    if office.role != "province":
        raise UserError(
            NOT_PROVINCE.format(label=store.label, name=office.unit_name, code=office.code)
        )


def province_summary_report(
    store: Store,
    period: Period,
    head: Letterhead,
    *,
    progress: ProgressFn = no_progress,
    cancel: CancelToken | None = None,
) -> SummaryReport:
    """The report for month `period` on a province's database (refused on an office's)."""
    _check_province(store)
    if not period.is_month:
        raise UserError(NEEDS_MONTH.format(year=period.first.year, period=period.text))
    from desktop.services.province_figures import side_by_side

    figures = side_by_side(store, period.text, progress=progress, cancel=cancel)
    return summary_from(figures, head)


def summary_from(figures: Any, head: Letterhead) -> SummaryReport:
    """The report of a `SideBySide` (desktop.services.province_figures)."""
    period: str = figures.period
    label = period_label(period)
    offices = tuple(
        Office(o.code, o.name, bool(o.missing), o.latest_period) for o in figures.offices
    )
    counted = sum(not o.missing for o in offices)
    blocks: list[Paragraph] = []
    notes: list[Paragraph] = []
    if not offices:
        blocks.append(Paragraph(NO_OFFICES))
    elif figures.programme_missing:
        from desktop.services.progress import programme_missing_text

        blocks.append(Paragraph(programme_missing_text(int(period[:4]))))
    else:
        blocks.append(
            Paragraph(
                f"Thực hiện {figures.programme_title}, {head.issuer} tổng hợp kết quả thực hiện "
                f"các chỉ tiêu chủ yếu của {number(len(offices))} đơn vị trực thuộc trong {label} "
                f"và lũy kế từ đầu năm; {number(counted)}/{number(len(offices))} đơn vị đã gửi "
                f"số liệu {label}. Số liệu toàn tỉnh cộng số liệu của các đơn vị đã gửi; tỷ lệ "
                "toàn tỉnh tính từ tổng tử số trên tổng mẫu số của các đơn vị, không lấy bình "
                "quân các tỷ lệ."
            )
        )
    lines = () if figures.programme_missing or not offices else _lines(figures)
    if offices:
        notes.append(Paragraph(missing_sentence(offices, period)))
    own = [row.code for row in figures.rows if row.province.scope == "province"] if lines else []
    if own:
        notes.append(
            Paragraph(
                f"Chỉ tiêu {', '.join(own)} là chỉ tiêu của cấp tỉnh: số toàn tỉnh tính từ hồ sơ "
                "của LĐLĐ tỉnh (xếp loại, kiểm tra các đơn vị trực thuộc, hoạt động do tỉnh chủ "
                "trì), không cộng số của các đơn vị; số của từng đơn vị ghi để tham khảo."
            )
        )
    return SummaryReport(
        name=NAME,
        title="BÁO CÁO",
        subject=f"Tổng hợp kết quả thực hiện chương trình công tác công đoàn của các đơn vị "
        f"{label}",
        letterhead=head,
        blocks=tuple(blocks),
        landscape=True,
        period=period,
        offices=offices,
        lines=lines,
        parts=make_parts(len(offices)) if lines else (),
        notes=tuple(notes),
    )
