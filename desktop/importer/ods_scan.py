"""An .ods workbook measured before calamine reads it: every table's extent, cells and text.

calamine reads all tables of content.xml when it opens the file, repeating a cell
`number-columns-repeated` times and a row `number-rows-repeated` times, and a `<text:s text:c>`
becomes that many spaces: a few bytes can ask for gigabytes. This scan follows the same rules
(element names as written, `table:` prefix and all, as calamine compares them) over the streamed
XML with expat (no DTD, no entities), and stops at the first cap. The caps hold for the whole
book, since every table is in memory at once.
"""

from __future__ import annotations

import zipfile

from desktop.importer import messages, zipcheck
from desktop.importer.limits import (
    MAX_AREA,
    MAX_CELLS,
    MAX_ELEMENTS,
    MAX_ROWS,
    MAX_SHEETS,
    MAX_TEXT,
    Extent,
    Malformed,
    Over,
)
from desktop.importer.xlsx_scan import feed, xml_parser

CONTENT = "content.xml"
_CELLS = ("table:table-cell", "table:covered-table-cell")
_VALUES = (
    "office:value",
    "office:string-value",
    "office:date-value",
    "office:time-value",
    "office:boolean-value",
)


def _count(value: str | None, attribute: str) -> int:
    if value is None:
        return 1
    if not value.isascii() or not value.isdigit() or len(value) > 12:
        raise Malformed(
            messages.XML_BROKEN.format(name=CONTENT, detail=f"{attribute}={value[:20]}")
        )
    return int(value)


class _Tables:
    def __init__(self) -> None:
        self.sheets: list[Extent] = []
        self.table: Extent | None = None
        self.rows_before = 0  # rows of the current table above the current row, repeats counted
        self.in_row = False
        self.row_repeat = 1
        self.row_length = 0  # cells calamine stores for the row: up to its last value
        self.pending = 0  # empty cells stored only if a value follows them
        self.row_text = 0
        self.row_cells = 0
        self.cell_depth = 0
        self.cell_repeat = 1
        self.valued = False
        self.cell_text = 0
        self.paragraphs = 0
        self.stored = 0  # cells held by calamine's row lists, across the book
        self.row_elements = 0  # each one an entry in calamine's lists, repeated or not
        self.elements = 0

    def start(self, tag: str, pairs: list[str]) -> None:
        self.elements += 1
        if self.cell_depth:
            self.cell_depth += 1
            if tag == "text:s":
                spaces = _count(dict(zip(pairs[::2], pairs[1::2], strict=True)).get("text:c"), tag)
                self.cell_text += spaces
                if spaces > MAX_TEXT:
                    raise Over("text", spaces, self.table.sheet if self.table else "")
            elif tag == "text:p":
                self.cell_text += 1 if self.paragraphs else 0  # a line break between two
                self.paragraphs += 1
            return
        if self.table is None:
            if tag == "table:table":
                found = dict(zip(pairs[::2], pairs[1::2], strict=True))
                if "table:name" in found:
                    self.table = Extent(found["table:name"])
                    self.sheets.append(self.table)
                    self.rows_before = 0
                    if len(self.sheets) > MAX_SHEETS:
                        raise Over("sheets", len(self.sheets))
            return
        if tag == "table:table-row" and not self.in_row:
            found = dict(zip(pairs[::2], pairs[1::2], strict=True))
            self.in_row = True
            self.row_elements += 1
            self.row_repeat = _count(found.get("table:number-rows-repeated"), tag)
            self.row_length = self.pending = self.row_text = self.row_cells = 0
        elif self.in_row and tag in _CELLS:
            found = dict(zip(pairs[::2], pairs[1::2], strict=True))
            self.cell_depth = 1
            self.cell_repeat = _count(found.get("table:number-columns-repeated"), tag)
            self.valued = (
                any(name in found for name in _VALUES)
                or bool(found.get("table:formula"))
                or found.get("office:value-type") == "string"
            )
            self.cell_text = sum(len(found.get(name, "")) for name in _VALUES)
            self.paragraphs = 0
            self.row_length += self.pending
            self.pending = 0

    def end(self, tag: str) -> None:
        if self.cell_depth:
            self.cell_depth -= 1
            if self.cell_depth:
                return
            if self.valued:
                self.row_length += self.cell_repeat
                self.row_cells += self.cell_repeat
                self.row_text += self.cell_text * self.cell_repeat
            else:
                self.pending = self.cell_repeat
            return
        table = self.table
        if table is None:
            return
        if tag == "table:table-row" and self.in_row:
            self.in_row = False
            self.stored += self.row_length
            if self.row_cells:
                table.rows = self.rows_before + self.row_repeat
                table.columns = max(table.columns, self.row_length)
                table.cells += self.row_cells * self.row_repeat
                table.text += self.row_text * self.row_repeat
            self.rows_before += self.row_repeat
        elif tag == "table:table":
            self.table = None

    def text(self, data: str) -> None:
        if self.cell_depth:
            self.cell_text += len(data.encode("utf-8", "surrogatepass"))

    def after(self) -> None:
        if self.elements > MAX_ELEMENTS:
            raise Over("elements", self.elements)
        if self.row_elements > 2 * MAX_ROWS:  # empty rows too: a list writes its blanks once
            raise Over("rows", self.row_elements, self.table.sheet if self.table else "")
        for sheet in self.sheets:
            sheet.check()
        last = self.sheets[-1].sheet if self.sheets else ""
        if sum(s.rows * s.columns for s in self.sheets) > MAX_AREA:
            rows, columns = max((s.rows * s.columns, s.rows, s.columns) for s in self.sheets)[1:]
            raise Over("area", rows, last, columns)
        if self.stored > MAX_AREA:
            raise Over("area", self.stored, last, 1)
        if sum(s.cells for s in self.sheets) > MAX_CELLS:
            raise Over("cells", sum(s.cells for s in self.sheets))
        if sum(s.text for s in self.sheets) > MAX_TEXT:
            raise Over("text", sum(s.text for s in self.sheets))


def scan_book(archive: zipfile.ZipFile) -> dict[str, Extent]:
    """Each table's extent by name; Over at the first cap, Malformed for a broken content.xml."""
    try:
        info = archive.getinfo(CONTENT)
    except KeyError:
        raise Malformed(messages.PART_MISSING.format(name=CONTENT)) from None
    tables = _Tables()
    parser = xml_parser(CONTENT)
    parser.StartElementHandler = tables.start
    parser.EndElementHandler = tables.end
    parser.CharacterDataHandler = tables.text
    feed(parser, CONTENT, zipcheck.stream(archive, info), tables.after)
    return {sheet.sheet: sheet for sheet in tables.sheets}
