"""The data rows under a header, and problems that name their place.

Blank rows are skipped; the total row ("Tổng cộng", "Cộng") ends the data, since what follows it
in office files is the place, date and signatures.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass

from desktop.errors import UserError
from desktop.importer import messages
from desktop.importer.header import Column, Header
from desktop.importer.read import Cell, Sheet, cell_text
from desktop.importer.synonyms import IGNORE, STT, field_label
from desktop.importer.values import is_blank
from desktop.text import fold

Mapping = dict[int, str]  # column index → field id
Report = Callable[[str | None, str], None]  # (field, message): adds a problem of the current row


@dataclass(frozen=True)
class Problem:
    sheet: str
    row: int  # as the spreadsheet shows it (1 = the first row)
    column: str  # the column's header, or "" for a problem of the whole row
    col_index: int | None
    message: str

    def text(self) -> str:
        if self.column:
            place = messages.PLACE_COLUMN.format(sheet=self.sheet, row=self.row, column=self.column)
        else:
            place = messages.PLACE.format(sheet=self.sheet, row=self.row)
        return f"{place}: {self.message}"


@dataclass(frozen=True)
class DataRow:
    index: int  # 0-based row of the sheet
    cells: list[Cell]

    @property
    def number(self) -> int:
        return self.index + 1


class Layout:
    """A sheet read through its header and the chosen mapping."""

    def __init__(self, kind: str, sheet: Sheet, header: Header, mapping: Mapping) -> None:
        self.kind = kind
        self.sheet = sheet
        self.header = header
        self.mapping = {c: f for c, f in mapping.items() if f not in (IGNORE, STT)}
        self.columns: dict[int, Column] = {c.index: c for c in header.columns}
        self.field_column: dict[str, int] = {}
        for col in sorted(self.mapping):
            field = self.mapping[col]
            if field in self.field_column:
                first = self.columns_title(self.field_column[field])
                raise UserError(
                    messages.TWO_COLUMNS_ONE_FIELD.format(
                        sheet=sheet.name,
                        first=first,
                        second=self.columns_title(col),
                        field=field_label(kind, field),
                    )
                )
            self.field_column[field] = col

    def columns_title(self, col: int) -> str:
        column = self.columns.get(col)
        return column.title if column else ""

    def has(self, field: str) -> bool:
        return field in self.field_column

    def value(self, row: DataRow, field: str) -> Cell:
        col = self.field_column.get(field)
        if col is None or col >= len(row.cells):
            return ""
        return row.cells[col]

    def problem(self, row: DataRow, field: str | None, message: str) -> Problem:
        col = self.field_column.get(field) if field else None
        title = self.columns_title(col) if col is not None else ""
        return Problem(self.sheet.name, row.number, title, col, message)

    def rows(self) -> Iterator[DataRow]:
        mapped = sorted(self.mapping)
        for index in range(self.header.data_start, len(self.sheet.rows)):
            cells = self.sheet.rows[index]
            if _is_total(cells):
                return
            if all(c >= len(cells) or is_blank(cells[c]) for c in mapped):
                continue
            yield DataRow(index, cells)


def _is_total(cells: list[Cell]) -> bool:
    texts = [cell_text(c) for c in cells[:4] if isinstance(c, str) and c.strip()]
    if not texts:
        return False
    # The first words decide, so only they are folded (this runs on every row of the sheet).
    words = re.sub(r"[^\w]+", " ", fold(texts[0][:20])).split()[:3]
    if words in (["tong"], ["cong"]):
        return True
    # "Tổng cộng: 25", "Tổng số" – but not "Tổng Công ty …", a union's name.
    return words[:2] in (["tong", "cong"], ["tong", "so"]) and words[2:3] != ["ty"]
