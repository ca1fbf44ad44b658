"""The workbook of errors written beside a refused file: the sheet as it was read, row for row
(so row 12 is still row 12), the offending cells filled red and a «Lỗi cần sửa» column that says
what to fix in each row. Staff correct the original with it open beside them.
"""

from __future__ import annotations

import os
import re
from datetime import date, datetime, time
from pathlib import Path

from desktop.errors import UserError
from desktop.importer import messages
from desktop.importer.header import column_letter
from desktop.importer.plan import ImportPlan

RED = "FFC7CE"
DARK_RED = "9C0006"


def error_book_path(source: Path) -> Path:
    """`danh-sach.xlsx` → `danh-sach-loi.xlsx`, beside it."""
    return source.with_name(f"{source.stem}-loi.xlsx")


def write_error_book(plan: ImportPlan, out: Path | None = None) -> Path:
    """Write the error workbook (to a temporary name, then renamed) and return its path.

    Written row by row in openpyxl's write-only mode: a list of 150,000 members with one typo
    must not hold every cell as an object (about 500 bytes each) before it is saved."""
    from openpyxl import Workbook
    from openpyxl.cell import WriteOnlyCell
    from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
    from openpyxl.styles import Alignment, Font, PatternFill

    out = out or error_book_path(plan.request.path)
    by_row: dict[int, list[str]] = {}
    bad_cells: set[tuple[int, int]] = set()
    for problem in plan.problems:
        text = f"{problem.column}: {problem.message}" if problem.column else problem.message
        by_row.setdefault(problem.row, []).append(text)
        if problem.col_index is not None:
            bad_cells.add((problem.row, problem.col_index))

    book = Workbook(write_only=True)
    # Excel refuses [ ] : * ? / \ in a sheet's name; a CSV named "DS [T1-2024]" gives one.
    ws = book.create_sheet(re.sub(r"[\[\]:*?/\\]", "-", plan.sheet.name)[:31].strip("'") or "Lỗi")
    fill = PatternFill("solid", start_color=RED, end_color=RED)
    message_font = Font(color=DARK_RED)
    wrap = Alignment(wrap_text=True, vertical="top")
    message_col = max(plan.sheet.width, 1) + 1
    # Set before the first row goes out: a write-only sheet writes its head first.
    ws.column_dimensions[column_letter(message_col - 1)].width = 70
    ws.freeze_panes = f"A{plan.header.data_start + 1}"

    def text_cell(text: str) -> WriteOnlyCell:
        cell = WriteOnlyCell(ws, value=ILLEGAL_CHARACTERS_RE.sub("\ufffd", text))
        cell.data_type = "s"  # a name starting with "=" stays a name
        return cell

    for r, row in enumerate(plan.sheet.rows, start=1):
        out_row: list[object] = [None] * (message_col if r in by_row else len(row))
        for c, value in enumerate(row, start=1):
            if value is None or value == "":
                continue
            if isinstance(value, datetime | date | time | int | float | bool):
                cell = WriteOnlyCell(ws, value=value)
                if isinstance(value, date):
                    cell.number_format = "dd/mm/yyyy"
            else:
                cell = text_cell(str(value))
            if (r, c - 1) in bad_cells:
                cell.fill = fill
            out_row[c - 1] = cell
        if r == plan.header.excel_row:
            out_row += [None] * (message_col - len(out_row))
            head = text_cell(messages.ERROR_COLUMN)
            head.font = Font(bold=True, color=DARK_RED)
            out_row[message_col - 1] = head
        elif r in by_row:
            message = text_cell("\n".join(by_row[r]))
            message.font = message_font
            message.alignment = wrap
            out_row[message_col - 1] = message
        ws.append(out_row)
    temporary = out.with_name(f".{out.name}.tmp")
    book.save(temporary)
    os.replace(temporary, out)
    return out


SHOWN_PROBLEMS = 30  # in the message; the error workbook holds every one


def refusal(plan: ImportPlan) -> UserError:
    """The refusal of a plan with problems, after writing its error workbook."""
    lines = [
        messages.REFUSED.format(
            path=plan.request.path, count=len(plan.problems), sheet=plan.sheet.name
        )
    ]
    lines += [p.text() for p in plan.problems[:SHOWN_PROBLEMS]]
    if len(plan.problems) > SHOWN_PROBLEMS:
        lines.append(messages.MORE_PROBLEMS.format(count=len(plan.problems) - SHOWN_PROBLEMS))
    target = error_book_path(plan.request.path)
    try:
        lines.append(messages.REPORT_WRITTEN.format(path=write_error_book(plan, target)))
    except OSError as exc:  # a read-only USB stick: the message alone still says everything
        lines.append(messages.REPORT_NOT_WRITTEN.format(path=target, detail=exc))
    return UserError("\n".join(lines))
