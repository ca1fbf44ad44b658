"""Finding the header in a real office sheet: title rows above it, merged groups over two rows,
a row numbering the columns (1), (2), … below it, and the rows of data after that.

The header is the row (among the first SCAN_ROWS) whose cells name the most known fields. The
row under it is a second header row when all its filled cells sit under groups of the first
(merged across, or left empty to the right of the group's label where the format keeps no merges).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from desktop.errors import UserError
from desktop.importer import messages
from desktop.importer.read import Sheet, cell_text
from desktop.importer.synonyms import (
    IGNORE,
    KIND_LABELS,
    STT,
    header_key,
    is_group,
    match_header,
)

SCAN_ROWS = 30
# (1) (2) … or A B C, and sums such as "(5)=(6)+(7)" for a total column.
_NUMBER = r"\(?\s*(?:\d{1,2}|[A-Za-z])\s*\)?"
_NUMBERING = re.compile(rf"^{_NUMBER}(?:\s*[=+\-]\s*{_NUMBER})*$")


class NoHeaderFound(UserError):
    """No row of the sheet reads as a header; `sheet` is kept so it can still be shown."""

    def __init__(self, sheet: Sheet, message: str) -> None:
        super().__init__(message)
        self.sheet = sheet


@dataclass(frozen=True)
class Column:
    index: int  # 0-based: column A is 0
    group: str  # the upper header cell of a two-row header, else ""
    label: str  # the header text, line breaks as spaces
    field: str | None  # the field its header names (None: not recognised, IGNORE: left out)

    @property
    def title(self) -> str:
        """How the column is named in messages: "Năm sinh / Nữ", or the header itself."""
        if self.group and self.label:
            return f"{self.group} / {self.label}"
        return self.group or self.label or column_letter(self.index)

    @property
    def letter(self) -> str:
        return column_letter(self.index)


@dataclass(frozen=True)
class Header:
    row: int  # 0-based index of the (first) header row
    rows: int  # 1 or 2
    numbering_row: int | None  # 0-based index of the (1) (2) … row, when there is one
    columns: tuple[Column, ...]

    @property
    def data_start(self) -> int:
        after = self.row + self.rows
        return after + 1 if self.numbering_row is not None else after

    @property
    def excel_row(self) -> int:
        return self.row + 1


def column_letter(index: int) -> str:
    letters = ""
    index += 1
    while index:
        index, rest = divmod(index - 1, 26)
        letters = chr(65 + rest) + letters
    return letters


def _text(row: list[object], col: int) -> str:
    if col >= len(row):
        return ""
    return " ".join(cell_text(row[col]).split())


def _row(sheet: Sheet, index: int) -> list[object]:
    return sheet.rows[index] if 0 <= index < len(sheet.rows) else []


def _spans(sheet: Sheet, top: int, width: int) -> dict[int, int]:
    """Group label column → last column it covers, from merges or, without them, from layout."""
    spans: dict[int, int] = {}
    upper, lower = _row(sheet, top), _row(sheet, top + 1)
    if sheet.merged is not None:
        for r0, c0, r1, c1 in sheet.merged:
            if r0 == top and r1 == top and c1 > c0:
                spans[c0] = c1
        if spans:
            return spans
    # No merges known (.ods, .csv, or "centre across selection"): a label with empty cells to its
    # right over filled ones below is a group.
    col = 0
    while col < width:
        if _text(upper, col):
            end = col
            while end + 1 < width and not _text(upper, end + 1) and _text(lower, end + 1):
                end += 1
            if end > col and _text(lower, col):
                spans[col] = end
            col = end + 1
        else:
            col += 1
    return spans


def _is_second_row(sheet: Sheet, top: int, width: int) -> dict[int, int] | None:
    spans = _spans(sheet, top, width)
    if not spans:
        return None
    lower = _row(sheet, top + 1)
    covered = {c for start, end in spans.items() for c in range(start, end + 1)}
    filled = [c for c in range(width) if _text(lower, c)]
    if not filled or any(c not in covered for c in filled):
        return None
    # A lone label over the row below is the sheet's title sitting right above the header; a real
    # group stands beside other headers (STT, the name) in its row.
    upper = _row(sheet, top)
    if sum(1 for c in range(width) if _text(upper, c)) == 1:
        return None
    if any(not isinstance(lower[c], str) for c in filled):
        return None
    return spans


def _is_numbering(row: list[object]) -> bool:
    texts = [cell_text(v).strip() for v in row]
    filled = [t for t in texts if t]
    return len(filled) >= 3 and all(_NUMBERING.match(t) for t in filled)


def _columns(sheet: Sheet, kind: str, top: int, two_rows: dict[int, int] | None) -> list[Column]:
    width = sheet.width
    upper = _row(sheet, top)
    lower = _row(sheet, top + 1) if two_rows is not None else []
    group_of: dict[int, str] = {}
    for start, end in (two_rows or {}).items():
        for c in range(start, end + 1):
            group_of[c] = _text(upper, start)
    columns = []
    for c in range(width):
        if c in group_of:
            group, label = group_of[c], _text(lower, c)
        else:
            group, label = "", _text(upper, c) or _text(lower, c)
        if not group and not label:
            continue
        columns.append(Column(c, group, label, match_header(kind, group, label)))
    return columns


def _score(columns: list[Column], known: dict[str, str]) -> int:
    """How many fields the row's headers name: by the synonyms, or as the office itself mapped
    them by hand once or names them in its --mapping file (`known`: folded header → field)."""
    fields = set()
    for c in columns:
        found = c.field
        if found is None:
            found = known.get(header_key(f"{c.group} {c.label}")) or known.get(header_key(c.label))
        fields.add(found)
    return len(fields - {None, IGNORE, STT})


def find_header(
    sheet: Sheet, kind: str, row: int | None = None, known: dict[str, str] | None = None
) -> Header:
    """The header of `sheet` for a `kind` list; `row` (0-based) when the person chose it.

    `known` maps folded header texts to fields beyond the built-in synonyms (the office's own
    choices, a --mapping file), so a list with unusual headers is still found."""
    known = known or {}
    if row is not None:
        if not 0 <= row < len(sheet.rows):
            raise UserError(
                messages.HEADER_ROW_OUT.format(sheet=sheet.name, rows=len(sheet.rows), row=row + 1)
            )
        return _header_at(sheet, kind, row, known)
    best: tuple[int, Header] | None = None
    for index in range(min(SCAN_ROWS, len(sheet.rows))):
        if not any(isinstance(v, str) and v.strip() for v in sheet.rows[index]):
            continue
        header = _header_at(sheet, kind, index, known)
        score = _score(list(header.columns), known)
        if score >= 2 and (best is None or score > best[0]):
            best = (score, header)
    if best is None:
        example = "Họ và tên" if kind == "members" else "Tên CĐCS"
        raise NoHeaderFound(
            sheet,
            messages.NO_HEADER.format(
                sheet=sheet.name,
                example=example,
                rows=SCAN_ROWS,
                kind=KIND_LABELS.get(kind, kind),
            ),
        )
    return best[1]


def _header_at(sheet: Sheet, kind: str, index: int, known: dict[str, str]) -> Header:
    two_rows = _is_second_row(sheet, index, sheet.width)
    columns = _columns(sheet, kind, index, two_rows)
    if two_rows is not None:
        one_row = _columns(sheet, kind, index, None)
        # The upper row is a group row only when it names a group office lists use ("Năm sinh"
        # over Nam / Nữ, "Số lao động" over Tổng số / Nữ): the letterhead right above a header
        # ("Độc lập - Tự do - Hạnh phúc") or a title is not one.
        two, one = _score(columns, known), _score(one_row, known)
        if two < one or not any(is_group(kind, c.group) for c in columns):
            two_rows, columns = None, one_row
    rows = 2 if two_rows is not None else 1
    numbering = index + rows if _is_numbering(_row(sheet, index + rows)) else None
    return Header(index, rows, numbering, tuple(columns))
