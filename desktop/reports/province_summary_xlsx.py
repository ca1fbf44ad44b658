"""The workbook of `province-summary`, two sheets.

«Báo cáo» prints as the PDF does: the letterhead, the parts' tables one under the other (each
part's caption, header rows and column numbers copied at the top of every page it continues on,
the caption saying «(tiếp theo)»), the notes and the closing; rows measured from their text,
pages broken by hand (xlsx_pages.paginate), page numbers from page 2.

«Số liệu» is the same figures as one table to sort and sum: a row per target, every office's
two columns and the province's three side by side, the header frozen with the targets' columns,
and printed with those rows and columns repeated on every page.
"""

from __future__ import annotations

from pathlib import Path

from openpyxl import Workbook
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.pagebreak import Break
from openpyxl.worksheet.worksheet import Worksheet

from desktop.reports.content import MARGINS_MM, Typed
from desktop.reports.province_summary import FIXED_MM, MISSING, Part, SummaryReport
from desktop.reports.province_summary_pdf import FIXED_HEADS, PAIR_HEADS, TOTAL_HEADS, TOTAL_TITLE
from desktop.reports.xlsx import _print_setup, _Styles, _write
from desktop.reports.xlsx_measure import (
    CELL_PAD,
    FILL,
    PT_PER_MM,
    column_points,
    column_width,
    printable_points,
    row_height,
    text_points,
)
from desktop.reports.xlsx_pages import Look, Put, Row, paginate
from desktop.reports.xlsx_rows import (
    BODY,
    LEFT_SHARE,
    Grid,
    _room_for_the_nation,
    _row,
    closing_rows,
    letterhead_rows,
    paragraph_rows,
)

SIZE = 11.0  # the table's text, as in the PDF: many narrow columns
HEAD = Look(SIZE, bold=True, align="center", wrap=True, grid=True)
MISSING_LOOK = Look(SIZE, italic=True, align="center", grid=True)
SHEETS = ("Báo cáo", "Số liệu")


def _value_cells(report: SummaryReport) -> list[object]:
    cells: list[object] = []
    for line in report.lines:
        cells += [line.quota, *line.total]
        for pair in line.offices:
            cells += list(pair) if pair is not None else [MISSING]
    return cells


def _grid(report: SummaryReport) -> Grid:
    """The sheet's columns: the targets' four, then as many value columns as the widest part
    has, all as wide as the widest figure needs (a column is an office's in one part and the
    province's in another); the targets' names take the rest of the landscape page."""
    from desktop.reports.cells import cell_text

    room = printable_points(True)[0] * FILL
    values = max((2 * len(p.offices) + 3 * p.total for p in report.parts), default=3)
    need = max(
        [text_points(cell_text(v, "text"), SIZE) for v in _value_cells(report)]
        + [text_points(word, SIZE, bold=True) for h in TOTAL_HEADS for word in h.split()]
    )
    value = max(need + CELL_PAD, 16.0 * PT_PER_MM)
    fixed = [mm * PT_PER_MM for mm in FIXED_MM]
    fixed[1] = max(fixed[1], room - fixed[0] - fixed[2] - fixed[3] - value * values)
    points = [*fixed, *([value] * values)]
    shares = [abs(sum(points[:k]) / sum(points) - LEFT_SHARE) for k in range(1, len(points))]
    split = shares.index(min(shares)) + 1
    points = _room_for_the_nation(points, [0.0] * len(points), split)
    return Grid(tuple(column_points(column_width(p)) for p in points), split, True)


def _caption(grid: Grid, text: str, last: int) -> Row:
    put = Put(1, text, "text", Look(BODY, bold=True, wrap=True), last)
    return _row(grid, [put], role="heading", keep_next=True)


def _part_rows(
    report: SummaryReport, part: Part, index: int, grid: Grid
) -> tuple[list[Row], list[Row], Row]:
    """The part's rows, the rows copied on the pages it continues on, and its first header row
    (the targets' four headers are merged down over the second)."""
    n = 4 + 2 * len(part.offices) + 3 * part.total
    names = [Put(i, h, "text", HEAD) for i, h in enumerate(FIXED_HEADS, start=1)]
    subs = [Put(i, "", "text", HEAD) for i in range(1, 5)]
    column = 5
    for office in part.offices:
        names.append(Put(column, report.offices[office].name, "text", HEAD, column + 1))
        subs += [Put(column + i, h, "text", HEAD) for i, h in enumerate(PAIR_HEADS)]
        column += 2
    if part.total:
        names.append(Put(column, TOTAL_TITLE, "text", HEAD, column + 2))
        subs += [Put(column + i, h, "text", HEAD) for i, h in enumerate(TOTAL_HEADS)]
    head_kind = {"role": "table_head", "keep_next": True, "table": index}
    first = _row(grid, names, **head_kind)
    heads = [
        first,
        _row(grid, subs, **head_kind),
        _row(grid, [Put(i, f"({i})", "text", HEAD) for i in range(1, n + 1)], **head_kind),
    ]
    rows = [_caption(grid, part.caption, n), *heads]
    for line in report.lines:
        text = Look(SIZE, wrap=True, grid=True, valign="center")
        puts = [
            Put(1, line.code, "text", text),
            Put(2, line.name, "text", text),
            Put(3, line.unit, "text", Look(SIZE, align="center", wrap=True, grid=True)),
            _figure(4, line.quota),
        ]
        column = 5
        for office in part.offices:
            pair = line.offices[office]
            if pair is None:
                puts.append(Put(column, MISSING, "text", MISSING_LOOK, column + 1))
            else:
                puts += [_figure(column, pair[0]), _figure(column + 1, pair[1])]
            column += 2
        if part.total:
            puts += [_figure(column + i, value) for i, value in enumerate(line.total)]
        rows.append(_row(grid, puts, role="row", table=index))
    rows.append(Row(row_height(1, 8.0), role="gap"))
    continued = _caption(grid, f"{part.caption} (tiếp theo)", n)
    return rows, [continued, *heads], first


def _figure(column: int, value: object) -> Put:
    """A figure right-aligned with its number format; «-» (not reported) centred."""
    if isinstance(value, Typed) and value.kind == "text":
        return Put(column, value, "text", Look(SIZE, align="center", grid=True))
    return Put(column, value, "text", Look(SIZE, grid=True))


def _report_sheet(ws: Worksheet, report: SummaryReport) -> None:
    grid = _grid(report)
    rows = letterhead_rows(report, grid)
    for block in report.blocks:
        rows += paragraph_rows(block, grid)  # type: ignore[arg-type]
    heads: dict[int, list[Row]] = {}
    firsts: list[Row] = []
    for index, part in enumerate(report.parts):
        body, heads[index], first = _part_rows(report, part, index, grid)
        rows += body
        firsts.append(first)
    for note in report.notes:
        rows += paragraph_rows(note, grid)
    rows += closing_rows(report, grid)
    page = printable_points(True)[1]
    laid, ends = paginate(rows, page, page, heads)
    styles = _Styles()
    for number, row in enumerate(laid, start=1):
        _write(ws, number, row, styles)
    for number, row in enumerate(laid, start=1):
        if any(row is first for first in firsts):
            for column in range(1, 5):  # Mã, Chỉ tiêu, Đơn vị tính, Chỉ tiêu tỉnh: two rows tall
                ws.merge_cells(
                    start_row=number, start_column=column, end_row=number + 1, end_column=column
                )
    for index, width in enumerate(grid.widths, start=1):
        ws.column_dimensions[get_column_letter(index)].width = width
    for end in ends:
        ws.row_breaks.append(Break(id=end + 1))
    if len(firsts) == 1:  # one part: its header stays in view (below it the figures scroll)
        number = next(n for n, row in enumerate(laid, start=1) if row is firsts[0])
        ws.freeze_panes = ws.cell(row=number + 3, column=1)
    _print_setup(ws, report)


def _data_sheet(ws: Worksheet, report: SummaryReport) -> None:
    """Every office and the province in one table: two header rows, a row per target."""
    styles = _Styles()
    grid = _grid(report)
    offices = len(report.offices)
    names = [Put(i, h, "text", HEAD) for i, h in enumerate(FIXED_HEADS, start=1)]
    subs = [Put(i, "", "text", HEAD) for i in range(1, 5)]
    for number, office in enumerate(report.offices):
        column = 5 + 2 * number
        names.append(Put(column, f"{office.name} ({office.code})", "text", HEAD, column + 1))
        subs += [Put(column + i, h, "text", HEAD) for i, h in enumerate(PAIR_HEADS)]
    total = 5 + 2 * offices
    names.append(Put(total, TOTAL_TITLE, "text", HEAD, total + 2))
    subs += [Put(total + i, h, "text", HEAD) for i, h in enumerate(TOTAL_HEADS)]
    value_points = grid.points[4] if len(grid.points) > 4 else 60.0
    wide = Grid((*grid.points[:4], *([value_points] * (2 * offices + 3))), 2, True)
    rows = [_row(wide, names), _row(wide, subs)]
    for line in report.lines:
        puts = [
            Put(1, line.code, "text", Look(SIZE, grid=True)),
            Put(2, line.name, "text", Look(SIZE, wrap=True, grid=True)),
            Put(3, line.unit, "text", Look(SIZE, align="center", grid=True)),
            _figure(4, line.quota),
        ]
        for number, pair in enumerate(line.offices):
            column = 5 + 2 * number
            if pair is None:
                puts.append(Put(column, MISSING, "text", MISSING_LOOK, column + 1))
            else:
                puts += [_figure(column, pair[0]), _figure(column + 1, pair[1])]
        puts += [_figure(total + i, value) for i, value in enumerate(line.total)]
        rows.append(_row(wide, puts))
    for number, row in enumerate(rows, start=1):
        _write(ws, number, row, styles)
    for column in range(1, 5):
        ws.merge_cells(start_row=1, start_column=column, end_row=2, end_column=column)
    for index, width in enumerate(wide.widths, start=1):
        ws.column_dimensions[get_column_letter(index)].width = width
    # Printed: the offices that fit across a page beside the targets' columns, never one
    # office's two columns apart; the province's three together.
    room = printable_points(True)[0] - sum(wide.points[:4])
    used, column = 0.0, 5
    for span in [2] * offices + [3]:
        width = sum(wide.points[column - 1 : column - 1 + span])
        if used and used + width > room:
            ws.col_breaks.append(Break(id=column - 1))
            used = 0.0
        used += width
        column += span
    ws.freeze_panes = "E3"
    ws.print_title_rows = "1:2"
    ws.print_title_cols = "A:D"
    ws.page_setup.paperSize = ws.PAPERSIZE_A4
    ws.page_setup.orientation = "landscape"
    margins = ws.page_margins
    margins.left, margins.right = MARGINS_MM["left"] / 25.4, MARGINS_MM["right"] / 25.4
    margins.top, margins.bottom = MARGINS_MM["top"] / 25.4, MARGINS_MM["bottom"] / 25.4
    ws.oddHeader.center.text = "&P"


def write_summary_xlsx(report: SummaryReport, out: Path) -> None:
    wb = Workbook()
    ws = wb.active
    ws.title = SHEETS[0]
    _report_sheet(ws, report)
    if report.lines:
        _data_sheet(wb.create_sheet(SHEETS[1]), report)
    wb.save(out)
