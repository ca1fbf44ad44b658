"""The data rows under a header, and problems that name their place.

Blank rows and total rows ("Tổng cộng", "Cộng" under each union's group) are skipped; the place,
date and signatures under the list end it, since the signers' names are no members.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass

from desktop.errors import UserError
from desktop.importer import messages, row_kinds
from desktop.importer.header import Column, Header
from desktop.importer.read import Cell, Sheet
from desktop.importer.synonyms import IGNORE, STT, field_label
from desktop.importer.values import is_blank

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
    heading: str = ""  # the group heading above the row ("Công đoàn cơ sở X"), if any

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
        self.stt_col = next((c.index for c in header.columns if c.field == STT), None)
        self.headings: list[str] = []  # the group headings passed over, for the summary
        self._fill_merged_down()

    def _fill_merged_down(self) -> None:
        """A union's name merged down over its members' rows belongs to each of them."""
        for r0, c0, r1, c1 in self.sheet.merged or ():
            if r1 <= r0 or r0 < self.header.data_start or c0 != c1 or c0 not in self.mapping:
                continue
            value = self.sheet.rows[r0][c0] if c0 < len(self.sheet.rows[r0]) else ""
            for r in range(r0 + 1, min(r1, len(self.sheet.rows) - 1) + 1):
                row = self.sheet.rows[r]
                row.extend([""] * (c0 + 1 - len(row)))
                if is_blank(row[c0]):
                    row[c0] = value

    def _merged_across(self) -> set[int]:
        return {r0 for r0, c0, r1, c1 in self.sheet.merged or () if r0 == r1 and c1 > c0}

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
        first_data_col = mapped[0] if mapped else 0
        dated = [
            self.field_column[f]
            for f in ("birth_date", "citizen_id", "joined_on", "founded_on")
            if f in self.field_column
        ]
        labels = {c.index: c.label for c in self.header.columns if c.label}
        across = self._merged_across()
        group = ""
        for index in range(self.header.data_start, len(self.sheet.rows)):
            cells = self.sheet.rows[index]
            if row_kinds.is_signature(cells):
                return
            if row_kinds.is_repeated_header(cells, labels):
                continue
            if row_kinds.is_total(cells, self.stt_col, dated):
                continue  # a subtotal per group, or the grand total: rows may follow it
            found = row_kinds.heading(cells, self.stt_col, first_data_col, index in across)
            if found is not None:
                group = found
                self.headings.append(found)
                continue
            if all(c >= len(cells) or is_blank(cells[c]) for c in mapped):
                continue
            yield DataRow(index, cells, group)
