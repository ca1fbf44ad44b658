"""Excel workbooks of the reports, printed as an office files them: the PDF's letterhead and
closing, row heights measured from the text, pages broken like the PDF's, page numbers from page 2.

Text is always stored as text (a name starting with `=` is never a formula) and citizen IDs keep
their leading zeros. Every cell with a value is in the report serif.
"""

from __future__ import annotations

from copy import copy
from pathlib import Path

from openpyxl import Workbook
from openpyxl.cell.cell import Cell
from openpyxl.cell.rich_text import CellRichText, TextBlock
from openpyxl.cell.text import InlineFont
from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
from openpyxl.styles.cell_style import StyleArray
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.pagebreak import Break
from openpyxl.worksheet.worksheet import Worksheet

from desktop.reports import content as c
from desktop.reports.content import MARGINS_MM, unwrap
from desktop.reports.xlsx_measure import printable_points
from desktop.reports.xlsx_pages import Look, Put, Row, paginate
from desktop.reports.xlsx_rows import (
    closing_rows,
    grid_for,
    letterhead_rows,
    paragraph_rows,
    table_rows,
)

FONT = "Times New Roman"
PAGE_NUMBER_SIZE = 13
THIN = Side(style="thin", color="000000")
GRID = Border(left=THIN, right=THIN, top=THIN, bottom=THIN)
FORMATS = {
    "int": "#,##0",
    "money": '#,##0 "đ"',
    "percent": "0.0%",
    "decimal": "#,##0.00",
    "date": "dd/mm/yyyy",
    "text": "@",
}


def _text(cell: Cell, value: str) -> None:
    cell.value = value
    cell.data_type = "s"  # never a formula, whatever the first character


def _rich(runs: tuple[tuple[str, Look], ...]) -> CellRichText:
    return CellRichText(
        [
            TextBlock(InlineFont(rFont=FONT, sz=look.size, b=look.bold, i=look.italic), text)
            for text, look in runs
        ]
    )


def _put(cell: Cell, value: object, kind: str) -> None:
    """A real number or date with its number format; anything else as text."""
    value, kind = unwrap(value, kind)
    if kind == "rich":
        cell.value = _rich(value)  # type: ignore[arg-type]
    elif value is None or value == "":
        cell.value = None
    elif kind == "percent":
        # 83.2 % is stored as 0.832, rounded so the cell does not hold 0.8320000000000001.
        cell.value = round(float(value) / 100, 6)  # type: ignore[arg-type]
    elif kind in ("int", "money", "decimal", "date"):
        cell.value = value
    else:
        _text(cell, str(value))
    cell.number_format = FORMATS.get(kind, "@")


class _Styles:
    """A cell's whole style copied from the first cell styled alike: setting font, alignment and
    border one by one costs a style lookup each, and a list of 2,000 members has 16,000 cells."""

    def __init__(self) -> None:
        self._made: dict[tuple[Look, str, bool], StyleArray] = {}

    def apply(self, cell: Cell, look: Look, border: bool) -> None:
        key = (look, cell.number_format, border)
        made = self._made.get(key)
        if made is not None:
            cell._style = copy(made)
            return
        cell.font = Font(name=FONT, size=look.size, bold=look.bold, italic=look.italic)
        cell.alignment = Alignment(horizontal=look.align, vertical=look.valign, wrap_text=look.wrap)
        if look.fill:
            cell.fill = PatternFill("solid", fgColor=look.fill)
        if border:
            cell.border = GRID
        self._made[key] = copy(cell._style)


def _write(ws: Worksheet, number: int, row: Row, styles: _Styles) -> None:
    ws.row_dimensions[number].height = row.height
    for put in row.cells:
        _write_cell(ws, number, put, styles)


def _write_cell(ws: Worksheet, number: int, put: Put, styles: _Styles) -> None:
    last = put.last or put.column
    if last > put.column:
        ws.merge_cells(start_row=number, start_column=put.column, end_row=number, end_column=last)
        if put.look.grid or put.look.fill:  # the merged range's other cells carry the frame
            blank = Look(put.look.size, grid=put.look.grid, fill=put.look.fill)
            for column in range(put.column + 1, last + 1):
                styles.apply(ws.cell(row=number, column=column), blank, put.look.grid)
    cell = ws.cell(row=number, column=put.column)
    _put(cell, put.value, put.kind)
    styles.apply(cell, put.look, put.look.grid)


def _print_setup(ws: Worksheet, report: c.Report) -> None:
    ws.page_setup.paperSize = ws.PAPERSIZE_A4
    ws.page_setup.orientation = "landscape" if report.landscape else "portrait"
    # The columns fit the page (xlsx_rows.grid_for): fit-to-width keeps 100 %, and narrows the
    # print only where a column's content really needs more room.
    ws.page_setup.fitToWidth = 1
    ws.page_setup.fitToHeight = 0
    ws.sheet_properties.pageSetUpPr.fitToPage = True
    margins = ws.page_margins
    margins.left, margins.right = MARGINS_MM["left"] / 25.4, MARGINS_MM["right"] / 25.4
    margins.top, margins.bottom = MARGINS_MM["top"] / 25.4, MARGINS_MM["bottom"] / 25.4
    margins.header, margins.footer = MARGINS_MM["header"] / 25.4, MARGINS_MM["header"] / 25.4
    # Page numbers centred at the top from page 2 on; the first page's header stays empty.
    ws.HeaderFooter.differentFirst = True
    ws.oddHeader.center.text = "&P"
    ws.oddHeader.center.font = f"{FONT},Regular"
    ws.oddHeader.center.size = PAGE_NUMBER_SIZE
    ws.print_options.horizontalCentered = False


def write_xlsx(report: c.Report, out: Path) -> None:
    grid = grid_for(report)
    tables = [b for b in report.blocks if isinstance(b, c.Table)]
    # Print titles only where nothing but the closing follows the sheet's one table (xlsx_pages).
    titled = len(tables) == 1 and isinstance(report.blocks[-1], c.Table)
    rows = letterhead_rows(report, grid)
    heads: dict[int, list[Row]] = {}
    title_rows: tuple[int, int] | None = None
    for block in report.blocks:
        if isinstance(block, c.Paragraph):
            rows += paragraph_rows(block, grid)
            continue
        index = len(heads)
        body, heads[index] = table_rows(block, index, grid)
        if titled:
            first = len(rows) + body.index(heads[index][0]) + 1
            title_rows = (first, first + 1)
        rows += body
    rows += closing_rows(report, grid)
    page = printable_points(report.landscape)[1]
    repeated = sum(h.height for h in heads[0]) if titled else 0.0
    laid, ends = paginate(rows, page, page - repeated, {} if titled else heads)

    wb = Workbook()
    ws = wb.active
    ws.title = report.name[:31]
    styles = _Styles()
    for number, row in enumerate(laid, start=1):
        _write(ws, number, row, styles)
    for index, width in enumerate(grid.widths, start=1):
        ws.column_dimensions[get_column_letter(index)].width = width
    for end in ends:
        ws.row_breaks.append(Break(id=end + 1))
    if title_rows:
        first, last = title_rows
        ws.print_title_rows = f"{first}:{last}"
        # On screen too the list's header stays in view; a report with text after its table
        # (the programme reports) freezes nothing, the header would hide the narratives.
        ws.freeze_panes = ws.cell(row=last + 1, column=1)
    _print_setup(ws, report)
    wb.save(out)
