"""The workbooks print as an office files them, read back from the files with openpyxl: every
row as tall as its lines, no row over Excel's 409 pt, page numbers from page 2, the table header
repeated only over the table, 13 pt after fit-to-width, Times New Roman in every cell."""

from __future__ import annotations

import itertools
import math
from datetime import date
from pathlib import Path

import openpyxl
import pytest
from openpyxl.cell.rich_text import CellRichText
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet
from reportlab.pdfbase.pdfmetrics import stringWidth

from desktop.demo import generate_demo
from desktop.reports.catalogue import build_report, write_report
from desktop.reports.content import Column, Letterhead, Paragraph, Report, Table
from desktop.reports.fonts import register_fonts
from desktop.reports.xlsx import write_xlsx
from desktop.store import shared
from tests.unit._report_checks import sheet_paragraphs

PERIODS = {
    "monthly-progress": "2024-06",
    "member-movement": "2024",
    "member-list": "2024-12",
    "union-list": "2024-12",
    "mid-year-review": "2024",
    "year-end-review": "2024",
}
LISTS = ("member-movement", "member-list", "union-list")
EXCEL_MAX_ROW = 409
MIN_LINE_EM = 1.1  # Times New Roman's ascent and descent: no line is drawn in less


@pytest.fixture(scope="module")
def books(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    folder = tmp_path_factory.mktemp("books")
    demo = folder / "demo.sqlite"
    generate_demo(demo, members=800, seed=5)
    made = {}
    for name, period in PERIODS.items():
        report = build_report(name, shared(demo), period, number="7", issued_on=date(2025, 1, 5))
        made[name] = folder / f"{name}.xlsx"
        write_report(report, made[name], "xlsx")
    return made


def _sheet(path: Path) -> Worksheet:
    return openpyxl.load_workbook(path, rich_text=True).active


def _printed(width: float) -> float:
    """Points a column prints at: its width counts Calibri 11's 7-pixel digit (ECMA-376
    §18.3.1.13), a pixel being 0.75 pt."""
    return math.trunc(((256 * width + math.trunc(128 / 7)) / 256) * 7) * 0.75


def _columns(ws: Worksheet) -> list[float]:
    return [
        _printed(ws.column_dimensions[get_column_letter(c)].width)
        for c in range(1, ws.max_column + 1)
    ]


def _page(ws: Worksheet) -> tuple[float, float]:
    """(width, height) in points inside the margins of the sheet's A4 page."""
    short, long = 210 / 25.4 * 72, 297 / 25.4 * 72
    width, height = (long, short) if ws.page_setup.orientation == "landscape" else (short, long)
    m = ws.page_margins
    return width - (m.left + m.right) * 72, height - (m.top + m.bottom) * 72


def _scale(ws: Worksheet) -> float:
    """What fit-to-width prints the sheet at: the largest whole percentage, at most 100 %."""
    room, total = _page(ws)[0], sum(_columns(ws))
    return 1.0 if total <= room else math.floor(100 * room / total) / 100


def _width_of(ws: Worksheet, row: int, column: int) -> float:
    points = _columns(ws)
    for merged in ws.merged_cells.ranges:
        if merged.min_row == row and merged.min_col == column:
            return sum(points[merged.min_col - 1 : merged.max_col])
    return points[column - 1]


def _lines(cell: object) -> list[tuple[str, float, bool, bool]]:
    """Each line a cell holds, with its font: a rich cell's lines in their runs' fonts."""
    font = cell.font  # type: ignore[attr-defined]
    value = cell.value  # type: ignore[attr-defined]
    if not isinstance(value, CellRichText):
        return [(line, font.sz, bool(font.b), bool(font.i)) for line in str(value).split("\n")]
    found = []
    for block in value:
        for index, line in enumerate(block.text.split("\n")):
            if index or not found:
                found.append((line, block.font.sz, bool(block.font.b), bool(block.font.i)))
            else:
                found[-1] = (found[-1][0] + line, *found[-1][1:])
    return found


def _drawn(text: str, size: float, bold: bool, italic: bool) -> float:
    style = {(False, False): "Regular", (True, False): "Bold", (False, True): "Italic"}
    return float(
        stringWidth(text, f"{register_fonts()}-{style.get((bold, italic), 'BoldItalic')}", size)
    )


@pytest.mark.parametrize("name", list(PERIODS))
def test_every_row_is_as_tall_as_its_lines(books: dict[str, Path], name: str) -> None:
    """A wrapped cell needs at least (its text's width ÷ the cell's width) lines; a cell that
    does not wrap (a paragraph's line, spread to the width) must hold its text on one line."""
    ws = _sheet(books[name])
    for row in ws.iter_rows():
        cells = [c for c in row if isinstance(c.value, str | CellRichText) and str(c.value)]
        if not cells:
            continue
        height = ws.row_dimensions[cells[0].row].height
        assert height is not None, (name, cells[0].row)  # else LibreOffice prints lines over
        assert height <= EXCEL_MAX_ROW
        for cell in cells:
            width = _width_of(ws, cell.row, cell.column)
            need = 0.0
            for text, size, bold, italic in _lines(cell):
                drawn = _drawn(text, size, bold, italic)
                if cell.alignment.wrap_text:
                    need += max(1, math.ceil(drawn / width)) * size * MIN_LINE_EM
                else:
                    assert drawn <= width, (name, cell.coordinate, text)
                    need += size * MIN_LINE_EM
            assert height >= need, (name, cell.coordinate, height, need)


def _head() -> Letterhead:
    return Letterhead(
        "LĐLĐ tỉnh Bến Tre",
        "Liên đoàn Lao động huyện Ba Tri",
        "3",
        "LĐLĐ",
        "Ba Tri",
        date(2024, 7, 5),
        "TM. BAN THƯỜNG VỤ",
        "CHỦ TỊCH",
        "Nguyễn Văn A",
        ("- LĐLĐ tỉnh Bến Tre;", "- Lưu: VT."),
    )


def test_a_long_narrative_is_split_into_rows_under_excels_cap(tmp_path: Path) -> None:
    """A narrative of 2,000 words (about 944 pt in one cell, cut at 409 pt by Excel) prints
    whole, a row per line."""
    words = [f"việc{n}" if n % 9 else "Công đoàn cơ sở" for n in range(2000)]
    text = " ".join(words)
    table = Table((Column("STT", 15, "int"), Column("Tên", 80)), ((1, "Một"),))
    out = tmp_path / "dai.xlsx"
    write_xlsx(Report("t", "BÁO CÁO", "Thử", _head(), (Paragraph(text), table)), out)
    ws = _sheet(out)
    assert text in sheet_paragraphs(ws)
    lines = [r for r in range(1, ws.max_row + 1) if str(_first(ws, r)).startswith("việc")]
    assert len(lines) > 50
    assert all(ws.row_dimensions[r].height <= 2 * 13 for r in lines)  # a line of 13 pt each
    assert max(ws.row_dimensions[r].height for r in range(1, ws.max_row + 1)) < EXCEL_MAX_ROW


@pytest.mark.parametrize("name", list(PERIODS))
def test_page_numbers_from_page_two(books: dict[str, Path], name: str) -> None:
    ws = _sheet(books[name])
    assert ws.HeaderFooter.differentFirst is True
    assert ws.oddHeader.center.text == "&P"
    assert (ws.oddHeader.center.font, ws.oddHeader.center.size) == ("Times New Roman,Regular", 13)
    first = ws.firstHeader
    assert not (first.left.text or first.center.text or first.right.text)
    assert ws.HeaderFooter.differentOddEven is not True  # every later page: the odd header


def _pages(ws: Worksheet) -> list[list[int]]:
    ends = [b.id for b in ws.row_breaks.brk]
    bounds = [0, *ends, ws.max_row]
    return [list(range(a + 1, b + 1)) for a, b in itertools.pairwise(bounds)]


def _first(ws: Worksheet, row: int) -> object:
    return ws.cell(row=row, column=1).value


@pytest.mark.parametrize("name", list(PERIODS))
def test_the_table_header_repeats_only_over_the_table(books: dict[str, Path], name: str) -> None:
    ws = _sheet(books[name])
    header = next(r for r in range(1, ws.max_row + 1) if _first(ws, r) in ("STT", "Mã"))
    assert _first(ws, header + 1) == "(1)"
    pages = _pages(ws)
    assert len(pages) >= 2
    height = _page(ws)[1]
    titles = 0.0
    if name in LISTS:
        # The table is the sheet's last block: Excel repeats its header, and the closing is
        # pulled onto the page of the last rows.
        assert ws.print_title_rows == f"${header}:${header + 1}"
        titles = sum(ws.row_dimensions[r].height for r in (header, header + 1))
    else:
        # Part II follows the targets table: no print titles; the header is written again at
        # the top of each page the table runs on, and pages of text start with text.
        assert ws.print_title_rows is None
        last_row = max(r for r in range(1, ws.max_row + 1) if str(_first(ws, r)) == "11")
        for page in pages[1:]:
            starts_in_table = page[0] <= last_row
            assert (_first(ws, page[0]), _first(ws, page[1])) == (
                ("Mã", "(1)") if starts_in_table else (_first(ws, page[0]), _first(ws, page[1]))
            )
            if not starts_in_table:
                assert "Mã" not in [_first(ws, r) for r in page]
    for index, page in enumerate(pages):
        used = sum(ws.row_dimensions[r].height for r in page) + (titles if index else 0)
        assert used <= height, (name, index, used, height)
    closing = next(r for r in range(1, ws.max_row + 1) if _first(ws, r) == "Nơi nhận:")
    page = next(p for p in pages if closing in p)
    before = [r for r in page if r < closing and _first(ws, r) not in (None, "")]
    assert before, "the closing never opens a page alone"
    if name in LISTS:
        assert isinstance(_first(ws, before[-1]), int) or _first(ws, before[-1]) is None


def _minimum(ws: Worksheet, cell: object, text: str, landscape: bool) -> float:
    """The least size a cell's text may print at (Decree 30: body 13–14 pt; Nơi nhận 12 pt,
    recipients 11 pt; the letterhead's names 12–13 pt)."""
    if text == "Nơi nhận:":
        return 12
    if text.startswith("- "):
        return 11
    if set(text) == {"_"}:
        return 0  # a line, not text
    if cell.row <= 2:  # type: ignore[attr-defined]
        return 12.5
    if cell.border.left.style and landscape:  # type: ignore[attr-defined]
        return 11  # a landscape list's table
    return 13


@pytest.mark.parametrize("name", list(PERIODS))
def test_the_body_prints_at_13_pt_after_fit_to_width(books: dict[str, Path], name: str) -> None:
    ws = _sheet(books[name])
    assert ws.sheet_properties.pageSetUpPr.fitToPage is True
    assert (ws.page_setup.fitToWidth, ws.page_setup.fitToHeight) == (1, 0)
    scale = _scale(ws)
    assert scale == 1.0, sum(_columns(ws))  # the columns fit the page
    landscape = ws.page_setup.orientation == "landscape"
    sizes = set()
    for row in ws.iter_rows():
        for cell in row:
            if cell.value is None or cell.value == "":
                continue
            for text, size, _, _ in _lines(cell):
                if text:
                    assert size * scale >= _minimum(ws, cell, text, landscape), (cell, text)
                    sizes.add(size)
    assert 13 in sizes


def test_a_table_too_wide_for_the_page_shrinks_the_print(tmp_path: Path) -> None:
    """What the check above computes: 10 columns of 9-digit numbers cannot fit a portrait page
    at 13 pt, and fit-to-width prints them smaller."""
    columns = tuple(Column(f"Số {n}", 10, "int") for n in range(10))
    out = tmp_path / "rong.xlsx"
    table = Table(columns, ((123_456_789,) * 10,))
    write_xlsx(Report("t", "BÁO CÁO", "Thử", _head(), (table,)), out)
    ws = _sheet(out)
    assert 0.4 < _scale(ws) < 0.9
    from desktop.reports.xlsx_measure import fit_scale

    widths = [ws.column_dimensions[get_column_letter(c)].width for c in range(1, 11)]
    assert fit_scale(widths, landscape=False) == _scale(ws)


@pytest.mark.parametrize("name", list(PERIODS))
def test_every_cell_is_in_times_new_roman(books: dict[str, Path], name: str) -> None:
    ws = _sheet(books[name])
    for row in ws.iter_rows():
        for cell in row:
            if cell.value is None or cell.value == "":
                continue
            assert cell.font.name == "Times New Roman", cell.coordinate
            if isinstance(cell.value, CellRichText):
                assert {b.font.rFont for b in cell.value} == {"Times New Roman"}
    cells = {c.value: c for row in ws.iter_rows() for c in row if isinstance(c.value, str)}
    heading = cells["Nơi nhận:"].font
    assert (heading.sz, heading.b, heading.i) == (12, True, True)
    for line in ("- LĐLĐ tỉnh Bến Tre;", "- Lưu: VT."):
        assert (cells[line].font.name, cells[line].font.sz) == ("Times New Roman", 11)
    signer = cells["TM. BAN THƯỜNG VỤ"].font
    assert (signer.name, signer.sz, signer.b) == ("Times New Roman", 13, True)
