"""Excel workbooks of the reports: the same header block, a frozen header, A4 print set-up.

Text is always stored as text (a name starting with `=` is never a formula) and citizen IDs keep
their leading zeros.
"""

from __future__ import annotations

from pathlib import Path

from openpyxl import Workbook
from openpyxl.cell.cell import Cell
from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet

from desktop.reports import content as c
from desktop.reports.cells import cell_text
from desktop.reports.content import unwrap

FONT = "Times New Roman"
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


def _put(cell: Cell, value: object, kind: str) -> None:
    """A real number or date with its number format; anything else as text."""
    value, kind = unwrap(value, kind)
    if value is None or value == "":
        cell.value = None
    elif kind == "percent":
        # 83.2 % is stored as 0.832, rounded so the cell does not hold 0.8320000000000001.
        cell.value = round(float(value) / 100, 6)  # type: ignore[arg-type]
    elif kind in ("int", "money", "decimal", "date"):
        cell.value = value
    else:
        _text(cell, str(value))
    cell.number_format = FORMATS.get(kind, "@")


def _merge_text(ws: Worksheet, row: int, first: int, last: int, text: str, **font: object) -> None:
    ws.merge_cells(start_row=row, start_column=first, end_row=row, end_column=last)
    cell = ws.cell(row=row, column=first)
    _text(cell, text)
    cell.font = Font(name=FONT, **{"size": 12, **font})  # type: ignore[arg-type]
    cell.alignment = Alignment(horizontal="center", vertical="center", wrap_text=True)


def _letterhead(ws: Worksheet, report: c.Report, ncols: int) -> int:
    head = report.letterhead
    split = max(1, ncols // 2 - (1 if ncols > 3 else 0))
    left, right = (1, split), (split + 1, max(ncols, split + 1))
    _merge_text(ws, 1, *left, head.parent_body.upper())
    _merge_text(ws, 1, *right, "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", bold=True)
    _merge_text(ws, 2, *left, head.issuer.upper(), bold=True)
    _merge_text(ws, 2, *right, "Độc lập - Tự do - Hạnh phúc", bold=True, underline="single")
    _merge_text(ws, 3, *left, report.number_line)
    _merge_text(ws, 3, *right, c.place_and_date(head.place, head.issued_on), italic=True)
    last = max(ncols, split + 1)
    _merge_text(ws, 5, 1, last, report.title, bold=True, size=14)
    _merge_text(ws, 6, 1, last, report.subject, bold=True, size=13)
    return 8


def _write_table(ws: Worksheet, table: c.Table, row: int) -> tuple[int, int]:
    """Write `table` from `row`; returns (header row, next free row)."""
    bold = Font(name=FONT, size=12, bold=True)
    plain = Font(name=FONT, size=12)
    if table.caption:
        _text(ws.cell(row=row, column=1), table.caption)
        ws.cell(row=row, column=1).font = bold
        row += 1
    header_row = row
    for index, col in enumerate(table.columns, start=1):
        for offset, text in ((0, col.header), (1, f"({index})")):
            cell = ws.cell(row=row + offset, column=index)
            _text(cell, text)
            cell.font = bold
            cell.border = GRID
            cell.alignment = Alignment(horizontal="center", vertical="center", wrap_text=True)
    row += 2
    for index, values in enumerate(table.rows):
        if index in table.sections:
            ws.merge_cells(
                start_row=row, start_column=1, end_row=row, end_column=len(table.columns)
            )
            cell = ws.cell(row=row, column=1)
            _text(cell, str(values[0]))
            cell.font = bold
            cell.fill = PatternFill("solid", fgColor="EFEFEF")
            row += 1
            continue
        for col_index, (value, col) in enumerate(zip(values, table.columns, strict=True), start=1):
            cell = ws.cell(row=row, column=col_index)
            _put(cell, value, col.kind)
            cell.font = plain
            cell.border = GRID
            cell.alignment = Alignment(vertical="top", wrap_text=col.kind == "text")
        row += 1
    if table.total is not None:
        for col_index, (value, col) in enumerate(zip(table.total, table.columns, strict=True), 1):
            cell = ws.cell(row=row, column=col_index)
            _put(cell, value, col.kind)
            cell.font = bold
            cell.border = GRID
        row += 1
    return header_row, row + 1


def column_widths(tables: list[c.Table]) -> list[float]:
    """Excel widths (characters): the paper width of the widest table's columns, widened so a
    number or date is never shown as ####, and a word (a citizen ID, a card number) never has
    to break, since Excel wraps text only at spaces."""
    widest = max(tables, key=lambda t: len(t.columns)) if tables else None
    if widest is None:
        return []
    widths = [max(6.0, round(col.width / 2.1, 1)) for col in widest.columns]
    for table in tables:
        rows = [r for i, r in enumerate(table.rows) if i not in table.sections]
        for values in [*rows, *([table.total] if table.total else [])]:
            for index, (value, col) in enumerate(zip(values, table.columns, strict=True)):
                if index >= len(widths):
                    break
                text = cell_text(value, col.kind)
                words = text.split() if unwrap(value, col.kind)[1] == "text" else [text]
                longest = max((len(w) for w in words), default=0)
                widths[index] = max(widths[index], min(50.0, longest + 2.0))
    return widths


def write_xlsx(report: c.Report, out: Path) -> None:
    tables = [b for b in report.blocks if isinstance(b, c.Table)]
    ncols = max((len(t.columns) for t in tables), default=6)
    wb = Workbook()
    ws = wb.active
    ws.title = report.name[:31]
    row = _letterhead(ws, report, ncols)
    first_header: int | None = None
    for block in report.blocks:
        if isinstance(block, c.Table):
            header_row, row = _write_table(ws, block, row)
            first_header = first_header or header_row
        else:
            ws.merge_cells(start_row=row, start_column=1, end_row=row, end_column=ncols)
            cell = ws.cell(row=row, column=1)
            _text(cell, block.text)
            cell.font = Font(name=FONT, size=12, bold=block.heading or block.bold)
            cell.alignment = Alignment(wrap_text=True, vertical="top")
            ws.row_dimensions[row].height = 16 * max(1, len(block.text) // 120 + 1)
            row += 1
    for index, width in enumerate(column_widths(tables), start=1):
        ws.column_dimensions[get_column_letter(index)].width = width
    if first_header:
        ws.freeze_panes = ws.cell(row=first_header + 2, column=1)
        ws.print_title_rows = f"{first_header}:{first_header + 1}"
    ws.page_setup.paperSize = ws.PAPERSIZE_A4
    ws.page_setup.orientation = "landscape" if report.landscape else "portrait"
    ws.page_setup.fitToWidth = 1
    ws.page_setup.fitToHeight = 0
    ws.sheet_properties.pageSetUpPr.fitToPage = True
    ws.page_margins.left, ws.page_margins.right = 30 / 25.4, 15 / 25.4
    ws.page_margins.top, ws.page_margins.bottom = 20 / 25.4, 20 / 25.4
    head = report.letterhead
    row += 1
    _text(ws.cell(row=row, column=1), "Nơi nhận:")
    ws.cell(row=row, column=1).font = Font(name=FONT, size=12, bold=True, italic=True)
    for offset, line in enumerate(
        (head.signer_on_behalf, head.signer_title, "", "", head.signer_name)
    ):
        cell = ws.cell(row=row + offset, column=max(2, ncols - 2))
        _text(cell, line.upper() if offset < 2 else line)
        cell.font = Font(name=FONT, size=12, bold=True)
    for offset, line in enumerate(head.recipients, start=1):
        _text(ws.cell(row=row + offset, column=1), line)
    wb.save(out)
