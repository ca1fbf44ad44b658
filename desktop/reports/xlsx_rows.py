"""The rows of a report's workbook, each measured from its text: letterhead, title, paragraphs,
tables and the closing, laid out on the column grid of the report's widest table."""

from __future__ import annotations

import math
from dataclasses import dataclass

from desktop.reports import content as c
from desktop.reports.cells import cell_text
from desktop.reports.content import unwrap
from desktop.reports.xlsx_measure import (
    CELL_PAD,
    FILL,
    PT_PER_PX,
    ROW_PAD,
    column_points,
    column_width,
    drawn_points,
    line_height,
    line_row_height,
    printable_points,
    row_height,
    text_points,
    underscores,
    wrap,
)
from desktop.reports.xlsx_pages import Look, Put, Row

MOTTO = "Độc lập - Tự do - Hạnh phúc"
NATION = "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"
SHORT_RULE = 0.4  # Decree 30: the line under the issuer and the subject, 1/3–1/2 of the text
LEFT_SHARE = 0.42  # the letterhead's left block, as in the PDF
# Sizes in points, as in the PDF (pdf.py); the body is 13 pt, a landscape list's table 12 pt.
HEAD, MOTTO_SIZE, NUMBER, TITLE, BODY, RULE = 12.5, 13.0, 13.0, 14.0, 13.0, 8.0
TABLE = {False: 13.0, True: 12.0}
RECIPIENTS_HEAD, RECIPIENTS, SIGN = 12.0, 11.0, 13.0
SIGN_ROOM = 62.0  # points between the signer's title and name: room to sign and stamp
SECTION_FILL = "EFEFEF"
SPACE_BEFORE = {"text": 3.0, "heading": 6.0}  # points above a paragraph, as in the PDF


@dataclass(frozen=True)
class Grid:
    """The sheet's columns as printed (points) and where the two-column blocks divide."""

    points: tuple[float, ...]
    split: int  # the left block (issuer, Nơi nhận) is columns 1..split
    landscape: bool

    @property
    def columns(self) -> int:
        return len(self.points)

    @property
    def widths(self) -> list[float]:
        """Excel's column widths (the unit the file stores)."""
        return [column_width(p) for p in self.points]

    def span(self, first: int, last: int) -> float:
        return sum(self.points[first - 1 : last])


def _needs(tables: list[c.Table], count: int, size: float) -> list[float]:
    """Points each column needs so that a number, a date or a word never breaks (Excel wraps
    text only at spaces, and prints #### for a number too wide)."""
    need = [0.0] * count
    for table in tables:
        for index, col in enumerate(table.columns[:count]):
            for word in col.header.split():
                need[index] = max(need[index], text_points(word, size, bold=True))
        rows = [r for i, r in enumerate(table.rows) if i not in table.sections]
        for values in [*rows, *([table.total] if table.total else [])]:
            for index, (value, col) in enumerate(zip(values[:count], table.columns, strict=False)):
                text = cell_text(value, col.kind)
                words = text.split() if unwrap(value, col.kind)[1] == "text" else [text]
                widest = max((text_points(w, size) for w in words), default=0.0)
                need[index] = max(need[index], widest)
    return [n + CELL_PAD for n in need]


def _fit(base: list[float], need: list[float], wraps: list[bool], room: float) -> list[float]:
    """Columns that never wrap (numbers, dates) as wide as their content needs; the wrapping
    text columns share the rest in their paper proportions, each at least what its longest word
    needs (the excess then comes from those with room to spare)."""
    flexible = [i for i, w in enumerate(wraps) if w] or list(range(len(base)))
    # A figure's column keeps some of its paper width, so its heading wraps into few lines.
    widths = [0.0 if i in flexible else max(need[i], 0.6 * base[i]) for i in range(len(base))]
    rest = room - sum(widths)
    share = sum(base[i] for i in flexible)
    for i in flexible:
        widths[i] = max(need[i], base[i] / share * rest)
    excess = sum(widths) - room
    slack = [
        w - n if i in flexible else 0.0 for i, (w, n) in enumerate(zip(widths, need, strict=True))
    ]
    if excess > 0 and sum(slack) > 0:
        take = min(1.0, excess / sum(slack))
        widths = [w - s * take for w, s in zip(widths, slack, strict=True)]
    return widths


def grid_for(report: c.Report) -> Grid:
    room = printable_points(report.landscape)[0] * FILL
    tables = [b for b in report.blocks if isinstance(b, c.Table)]
    if tables:
        widest = max(tables, key=lambda t: len(t.columns))
        total = sum(col.width for col in widest.columns)
        base = [col.width / total * room for col in widest.columns]
        need = _needs(tables, len(base), TABLE[report.landscape])
        wraps = [col.kind == "text" for col in widest.columns]
        points = _fit(base, need, wraps, room)
    else:
        points, need = [room / 6] * 6, [0.0] * 6
    if len(points) == 1:  # the letterhead needs two blocks
        points, need = [points[0] * LEFT_SHARE, points[0] * (1 - LEFT_SHARE)], [0.0, 0.0]
    shares = [abs(sum(points[:k]) / sum(points) - LEFT_SHARE) for k in range(1, len(points))]
    split = shares.index(min(shares)) + 1
    points = _room_for_the_nation(points, need, split)
    return Grid(tuple(column_points(column_width(p)) for p in points), split, report.landscape)


def _room_for_the_nation(points: list[float], need: list[float], split: int) -> list[float]:
    """Widen the right block until CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM fits on one line, taking
    the width from the left block's wrapping columns (a portrait targets table's names)."""
    right = sum(points[split:])
    # Each column loses up to a pixel when its width is stored: a pixel more per column.
    wanted = text_points(NATION, HEAD, bold=True) + CELL_PAD + PT_PER_PX * (len(points) - split)
    slack = [max(0.0, p - n) for p, n in zip(points[:split], need, strict=False)]
    if right >= wanted or not sum(slack):
        return points
    take = min(1.0, (wanted - right) / sum(slack))
    given = sum(slack) * take
    left = [p - s * take for p, s in zip(points[:split], slack, strict=True)]
    return left + [p + given * p / right for p in points[split:]]


def _height(puts: list[tuple[Put, float]]) -> float:
    """The height of a row of cells, each with the width (points) it wraps in."""
    heights = [row_height(1, RULE)]
    for put, points in puts:
        look = put.look
        if put.kind == "rich":
            heights.append(_whole_px(put.height + ROW_PAD))
            continue
        text = cell_text(put.value, put.kind)
        lines = len(wrap(text, points, look.size, look.bold, look.italic)) if look.wrap else 1
        heights.append(row_height(lines, look.size))
    return max(heights)


def _whole_px(points: float) -> float:
    return math.ceil(points / PT_PER_PX) * PT_PER_PX


def _row(grid: Grid, puts: list[Put], **kind: object) -> Row:
    measured = [(p, grid.span(p.column, p.last or p.column)) for p in puts if p.value != ""]
    return Row(_height(measured), tuple(puts), **kind)  # type: ignore[arg-type]


def _centred(
    first: int, last: int, text: str, size: float, bold: bool = False, italic: bool = False
) -> Put:
    look = Look(size, bold, italic, align="center", valign="top", wrap=True)
    return Put(first, text, "text", look, last)


def _ruled(first: int, last: int, text: str, size: float, rule: float, width: float) -> Put:
    """Bold centred text with a line under it, `rule` points long: the line is a run of `_` in
    the same cell, right under the text's last line, whatever the other block beside it holds
    (a border would span whole cells, and the grid is the table's)."""
    look = Look(size, bold=True, align="center", valign="top", wrap=True)
    lines = len(wrap(text, width, size, True))
    runs = ((text, look), ("\n" + underscores(rule, RULE), Look(RULE, align="center")))
    return Put(first, runs, "rich", look, last, lines * line_height(size) + line_height(RULE))


def _widest_line(text: str, points: float, size: float, bold: bool) -> float:
    lines = wrap(text, points, size, bold)
    return max((drawn_points(line, size, bold) for line in lines), default=0.0)


def letterhead_rows(report: c.Report, grid: Grid) -> list[Row]:
    """Decree 30's two-column header, the document type and the subject, with the short lines
    under the issuer (1/3–1/2 of its line), the motto (as long as it) and the subject."""
    head, n, k = report.letterhead, grid.columns, grid.split
    left, right, across = grid.span(1, k), grid.span(k + 1, n), grid.span(1, n)
    issuer = head.issuer.upper()
    under_issuer = SHORT_RULE * _widest_line(issuer, left, HEAD, True)
    under_motto = _widest_line(MOTTO, right, MOTTO_SIZE, True)
    under_subject = SHORT_RULE * _widest_line(report.subject, across, TITLE, True)
    gap = Row(row_height(1, RULE), role="head")
    return [
        _row(
            grid,
            [
                _centred(1, k, head.parent_body.upper(), HEAD),
                _centred(k + 1, n, NATION, HEAD, bold=True),
            ],
            role="head",
        ),
        _row(
            grid,
            [
                _ruled(1, k, issuer, HEAD, under_issuer, left),
                _ruled(k + 1, n, MOTTO, MOTTO_SIZE, under_motto, right),
            ],
            role="head",
        ),
        _row(
            grid,
            [
                _centred(1, k, report.number_line, NUMBER),
                _centred(k + 1, n, c.place_and_date(head.place, head.issued_on), 13, italic=True),
            ],
            role="head",
        ),
        gap,
        _row(grid, [_centred(1, n, report.title, TITLE, bold=True)], role="head"),
        _row(grid, [_ruled(1, n, report.subject, TITLE, under_subject, across)], role="head"),
        gap,
    ]


def paragraph_rows(block: c.Paragraph, grid: Grid) -> list[Row]:
    """A paragraph across the sheet, a row per line, broken where Excel would wrap it.

    One cell per paragraph breaks down twice: a row over 409 pt is cut off by Excel, and a row
    never splits across pages, so a long narrative leaves half a page empty. Rows of several lines
    show a gap where Excel wraps a little differently; a row per line prints every line as measured.
    The lines but the last are spread to the full width (Excel's "distributed"), so the paragraph
    is justified as in the PDF.
    """
    bold = block.heading or block.bold
    role = "heading" if block.heading else "text"
    rows = []
    for part in block.text.split("\n"):
        lines = wrap(part, grid.span(1, grid.columns), BODY, bold)
        for index, line in enumerate(lines):
            last = index == len(lines) - 1
            look = Look(BODY, bold=bold, align="left" if last else "distributed", valign="bottom")
            height = line_row_height(BODY) + (SPACE_BEFORE[role] if index == 0 else 0.0)
            put = Put(1, line, "text", look, grid.columns)
            # No line of a paragraph alone at the foot or the head of a page.
            held = not last and index in (0, len(lines) - 2)
            rows.append(Row(height, (put,), role, keep_next=block.heading or held))
    return rows


def table_rows(table: c.Table, index: int, grid: Grid) -> tuple[list[Row], list[Row]]:
    """The table's rows, and its two header rows (names and column numbers) for repeating."""
    size = TABLE[grid.landscape]
    n = len(table.columns)
    rows: list[Row] = []
    if table.caption:
        caption = Put(1, table.caption, "text", Look(BODY, bold=True, wrap=True), n)
        rows.append(_row(grid, [caption], role="heading", keep_next=True))
    head = Look(size, bold=True, align="center", wrap=True, grid=True)
    heads = [
        _row(
            grid,
            [Put(i, text, "text", head) for i, text in enumerate(texts, start=1)],
            role="table_head",
            keep_next=True,
            table=index,
        )
        for texts in ([col.header for col in table.columns], [f"({i})" for i in range(1, n + 1)])
    ]
    rows += heads
    section = Look(size, bold=True, wrap=True, grid=True, fill=SECTION_FILL)
    for number, values in enumerate(table.rows):
        if number in table.sections:
            put = Put(1, str(values[0]), "text", section, n)
            rows.append(_row(grid, [put], role="section", keep_next=True, table=index))
            continue
        rows.append(_cells(grid, table, values, size, False, index))
    if table.total is not None:
        rows.append(_cells(grid, table, table.total, size, True, index))
    rows.append(Row(row_height(1, RULE), role="gap"))
    return rows, heads


def _cells(
    grid: Grid, table: c.Table, values: tuple[object, ...], size: float, total: bool, index: int
) -> Row:
    puts = []
    for column, (value, col) in enumerate(zip(values, table.columns, strict=True), start=1):
        text = unwrap(value, col.kind)[1] == "text"
        puts.append(Put(column, value, col.kind, Look(size, bold=total, wrap=text, grid=True)))
    return _row(grid, puts, role="total" if total else "row", table=index)


def closing_rows(report: c.Report, grid: Grid) -> list[Row]:
    """Nơi nhận and the recipients at left, the signature block at right, as in the PDF."""
    head, n, k = report.letterhead, grid.columns, grid.split
    left = [Put(1, "Nơi nhận:", "text", Look(RECIPIENTS_HEAD, True, True, valign="top"), k)]
    left += [
        Put(1, line, "text", Look(RECIPIENTS, valign="top", wrap=True), k)
        for line in head.recipients
    ]
    right = [
        _centred(k + 1, n, head.signer_on_behalf.upper(), SIGN, bold=True),
        _centred(k + 1, n, head.signer_title.upper(), SIGN, bold=True),
    ]
    rows = [Row(row_height(1, RULE), role="closing", keep_next=True)]
    for line in range(max(len(left), len(right))):
        puts = [side[line] for side in (left, right) if line < len(side)]
        rows.append(_row(grid, puts, role="closing", keep_next=True))
    below_title = sum(r.height for r in rows[3:])
    if below_title < SIGN_ROOM:
        rows.append(Row(_whole_px(SIGN_ROOM - below_title), role="closing", keep_next=True))
    rows.append(_row(grid, [_centred(k + 1, n, head.signer_name, SIGN, bold=True)], role="closing"))
    return rows
