"""The data rows under a header, and problems that name their place.

Blank rows and total rows ("Tổng cộng", "Cộng" under each union's group) are skipped; the place,
date and signatures under the list end it, since the signers' names are no members.
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
            if _is_signature(cells):
                return
            if _is_total(cells):
                continue  # a subtotal per union, or the grand total: rows may follow it
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


_SIGNATURE = re.compile(
    r"^(nguoi lap( bieu)?|thu truong|tm\b|t m\b|kt\b|chu tich|pho chu tich|xac nhan|ky ten|"
    r"giam doc|hieu truong|truong ban|noi nhan|ke toan|ky ghi ro|ky va ghi ro|ky ho ten)"
    r"|\bngay \d{1,2} thang \d{1,2} nam \d{4}\b"
)


def _is_signature(cells: list[Cell]) -> bool:
    """A sparse row whose every text belongs to the closing block: the place and date
    ("Ba Tri, ngày 05 tháng 01 năm 2024"), "NGƯỜI LẬP BIỂU", "TM. BAN THƯỜNG VỤ"."""
    texts = [c for c in cells if isinstance(c, str) and c.strip()]
    if not texts or len(texts) > 3 or any(not isinstance(c, str) and c != "" for c in cells):
        return False
    # Every text must read so: a member's row may well hold "Chủ tịch" as a job title.
    return all(_SIGNATURE.search(" ".join(re.sub(r"[^\w]+", " ", fold(t)).split())) for t in texts)
