"""The caps a file must stay under before any sheet of it is read, and how a scan reports one.

The largest office in DESIGN.md holds 150,000 members, one list row each with a few dozen
columns; every cap sits well above that and well below what would take the PC down. The reader
(calamine) builds each sheet as a dense rectangle from A1 and copies a shared string into every
cell that uses it, so rows × columns and the text counted per cell are capped, not only bytes.
At the caps together a read stays under 1 GB of memory (docs/reliability.md has the figures).
"""

from __future__ import annotations

MAX_BOOK_BYTES = 256 * 2**20  # .xlsx/.xlsm/.ods/.xls on disk
MAX_TEXT_FILE_BYTES = 128 * 2**20  # .csv/.txt
MAX_ROWS = 200_000
MAX_COLUMNS = 200
MAX_AREA = 4_500_000  # rows × columns of the rectangle the reader builds
MAX_CELLS = 3_000_000  # cells holding a value
MAX_TEXT = 48 * 2**20  # bytes of text held by all cells (a shared string counts once per cell)
MAX_STRINGS = 4_000_000  # shared strings of an .xlsx / .xls
MAX_SHEETS = 256
MAX_MERGES = 100_000
MAX_ELEMENTS = 20_000_000  # XML elements looked at in one sheet


class Over(Exception):
    """A cap exceeded: `what` is rows, columns, area, cells, text, strings, sheets, merges or
    elements; `found` the count that broke it (rows and columns: the last one, 1-based)."""

    def __init__(self, what: str, found: int = 0, sheet: str = "", other: int = 0) -> None:
        super().__init__(what, found, sheet)
        self.what = what
        self.found = found
        self.sheet = sheet
        self.other = other  # for an area: the columns beside `found` rows


class Malformed(Exception):
    """The file is damaged or crafted: the Vietnamese detail for NOT_A_SPREADSHEET."""

    def __init__(self, detail: str) -> None:
        super().__init__(detail)
        self.detail = detail


class Encrypted(Exception):
    """The workbook is protected by a password."""


class Extent:
    """What a scan found of a sheet (or a whole book): the last row and column holding a value
    (1-based), cells, characters and merges, checked against the caps as it grows."""

    def __init__(self, sheet: str = "") -> None:
        self.sheet = sheet
        self.rows = 0
        self.columns = 0
        self.cells = 0
        self.text = 0
        self.merges = 0

    def check(self) -> None:
        if self.rows > MAX_ROWS:
            raise Over("rows", self.rows, self.sheet)
        if self.columns > MAX_COLUMNS:
            raise Over("columns", self.columns, self.sheet)
        if self.rows * self.columns > MAX_AREA:
            raise Over("area", self.rows, self.sheet, self.columns)
        if self.cells > MAX_CELLS:
            raise Over("cells", self.cells, self.sheet)
        if self.text > MAX_TEXT:
            raise Over("text", self.text, self.sheet)
        if self.merges > MAX_MERGES:
            raise Over("merges", self.merges, self.sheet)
