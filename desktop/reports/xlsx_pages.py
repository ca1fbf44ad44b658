"""The rows of a workbook report and where its pages break.

Every row's height is set, and the print scale is 100 % (the columns are made to fit), so the
pages are known before Excel prints them: the writer puts a manual break at the end of each page.
That is what lets a sheet keep Excel's rules and still print like the PDF:

- Excel's print titles ("rows to repeat at top") repeat on every page, whatever is on it. They are
  used only where the table is the sheet's last block (the lists), and the closing is pulled onto
  the page of the table's last rows, so the repeated header never stands above the signature.
- Where text follows a table (the programme reports: part II after the targets table), print
  titles would print the targets header above the narratives; there the header rows are copied
  at the top of each page the table continues on, and a page of text starts with text.
"""

from __future__ import annotations

from dataclasses import dataclass

KEEP_ROWS = 3  # table rows that go over with the closing rather than leave it alone on a page
PAGE_SPARE = 6.0  # points of each page left free, for a printer's rounding


@dataclass(frozen=True)
class Look:
    """How a cell prints."""

    size: float
    bold: bool = False
    italic: bool = False
    align: str | None = None  # horizontal; None: Excel's own (numbers right, text left)
    valign: str = "center"
    wrap: bool = False
    grid: bool = False
    fill: str | None = None


@dataclass(frozen=True)
class Put:
    """One cell to write: its column (from 1), value, kind for the number format, and the last
    column it is merged through (0: not merged). A "rich" cell's value is its runs, (text, look)
    pairs, and `height` the points its lines take."""

    column: int
    value: object
    kind: str
    look: Look
    last: int = 0
    height: float = 0.0


@dataclass(frozen=True)
class Row:
    height: float
    cells: tuple[Put, ...] = ()
    role: str = "text"  # head, text, heading, table_head, row, section, total, gap, closing
    keep_next: bool = False  # on the same page as the next row (headings, table headers)
    table: int | None = None  # which table of the report the row belongs to


BODY_ROLES = ("row", "section", "total")


def _units(rows: list[Row]) -> list[list[int]]:
    """Rows that print on one page together: a chain of keep_next rows and the row after it;
    the closing with the last rows before it (a paragraph, or a table's last rows)."""
    units: list[list[int]] = []
    current: list[int] = []
    for index, row in enumerate(rows):
        current.append(index)
        if not row.keep_next:
            units.append(current)
            current = []
    if current:
        units.append(current)
    closing = next((u for u, unit in enumerate(units) if rows[unit[0]].role == "closing"), None)
    if closing is None:
        return units
    pulled: list[int] = []
    counted = 0
    while closing > 0 and counted < KEEP_ROWS:
        unit = units.pop(closing - 1)
        closing -= 1
        pulled = unit + pulled
        roles = [rows[i].role for i in unit]
        if "text" in roles or "heading" in roles:
            break  # a paragraph's last rows go over whole
        counted += sum(role in BODY_ROLES for role in roles)
    units[closing] = pulled + units[closing]
    return units


def paginate(
    rows: list[Row],
    first_page: float,
    later_pages: float,
    heads: dict[int, list[Row]],
) -> tuple[list[Row], list[int]]:
    """The rows as they go on the sheet, with a table's header copied at the top of each page it
    continues on (for the tables in `heads`), and the index of each page's last row (all pages
    but the last). Page heights are in points."""
    out: list[Row] = []
    ends: list[int] = []
    room = first_page - PAGE_SPARE
    used = 0.0

    def carried(row: Row) -> list[Row]:
        if row.role in BODY_ROLES and row.table in heads:
            return heads[row.table]
        return []

    def new_page(first: Row) -> None:
        nonlocal room, used
        ends.append(len(out) - 1)
        room, used = later_pages - PAGE_SPARE, 0.0
        place(carried(first))

    def place(some: list[Row]) -> None:
        nonlocal used
        out.extend(some)
        used += sum(r.height for r in some)

    for unit in _units(rows):
        members = [rows[i] for i in unit]
        height = sum(r.height for r in members)
        if used + height <= room or not out:
            place(members)
            continue
        lead = sum(r.height for r in carried(members[0]))
        if lead + height <= later_pages - PAGE_SPARE:
            new_page(members[0])
            place(members)
            continue
        for row in members:  # taller than a page: break where it must
            if used + row.height > room and used > 0:
                new_page(row)
            place([row])
    return out, ends
