"""Measuring a workbook as Excel prints it: the page, column widths in points, wrapped lines.

Excel stores no row height for wrapped text unless told, and LibreOffice then prints the lines over
each other; so the writer sets every row's height from its text. Text is measured with the report
serif (Times New Roman, or the metric-compatible Liberation Serif), a little wider than drawn, so
Excel never needs more lines than the height allows.
"""

from __future__ import annotations

import math
from functools import lru_cache

from desktop.reports.content import MARGINS_MM

PT_PER_MM = 72 / 25.4
A4_MM = (210.0, 297.0)
# Column widths count the Normal style's digit, Calibri 11: 7 px at 96 dpi, a pixel is 0.75 pt.
DIGIT_PX = 7
PT_PER_PX = 0.75
CELL_PAD = 5.0  # points of a cell's width that text never uses (margins, grid line)
GROW = 1.04  # text measured this much wider than drawn: screen fonts are hinted wider
LINE_EM = 1.2  # a line of Times New Roman in Excel and LibreOffice is about 1.15 em
ROW_PAD = 3.0  # points above and below the lines
LEADING = 1.3  # a paragraph's line pitch in em, as in the PDF (13 pt on 17 pt)
EXCEL_MAX_ROW = 409.0  # Excel keeps no taller row; a paragraph goes a line per row, far below
FILL = 0.985  # share of the printable width the columns take, so fit-to-width keeps 100 %


def printable_points(landscape: bool) -> tuple[float, float]:
    """(width, height) in points inside the margins of an A4 page."""
    short, long = A4_MM
    width, height = (long, short) if landscape else (short, long)
    width -= MARGINS_MM["left"] + MARGINS_MM["right"]
    height -= MARGINS_MM["top"] + MARGINS_MM["bottom"]
    return width * PT_PER_MM, height * PT_PER_MM


def column_points(width: float) -> float:
    """How wide a column of `width` (Excel's unit) prints, in points (ECMA-376 §18.3.1.13)."""
    pixels = math.trunc(((256 * width + math.trunc(128 / DIGIT_PX)) / 256) * DIGIT_PX)
    return pixels * PT_PER_PX


def column_width(points: float) -> float:
    """The Excel width whose column prints no wider than `points`."""
    pixels = math.floor(points / PT_PER_PX)
    return round(pixels / DIGIT_PX, 2)


def fit_scale(widths: list[float], landscape: bool) -> float:
    """The print scale fit-to-width gives these columns (1.0 when they fit): Excel takes the
    largest whole percentage that fits, never above 100 %."""
    total = sum(column_points(w) for w in widths)
    room = printable_points(landscape)[0]
    return 1.0 if total <= room else math.floor(100 * room / total) / 100


@lru_cache(maxsize=8)
def _font(bold: bool, italic: bool) -> str:
    from desktop.reports.fonts import register_fonts

    family = register_fonts()
    style = {(False, False): "Regular", (True, False): "Bold"}.get((bold, italic))
    return f"{family}-{style or ('BoldItalic' if bold else 'Italic')}"


@lru_cache(maxsize=65536)  # names and words repeat down a list of thousands
def drawn_points(text: str, size: float, bold: bool = False, italic: bool = False) -> float:
    """The width of `text` as the font draws it."""
    from reportlab.pdfbase.pdfmetrics import stringWidth

    return float(stringWidth(text, _font(bold, italic), size))


def text_points(text: str, size: float, bold: bool = False, italic: bool = False) -> float:
    """The width `text` takes in Excel, a little more than the font says (see GROW)."""
    return drawn_points(text, size, bold, italic) * GROW


def wrap(
    text: str, points: float, size: float, bold: bool = False, italic: bool = False
) -> list[str]:
    """The lines Excel wraps `text` into in a cell `points` wide: at spaces and line breaks
    only (a word wider than the cell stays whole, as in Excel)."""
    room = points - CELL_PAD
    space = text_points(" ", size, bold, italic)
    lines: list[str] = []
    for part in text.split("\n"):
        line, used = "", 0.0
        for word in part.split():
            width = text_points(word, size, bold, italic)
            if line and used + space + width > room:
                lines.append(line)
                line, used = word, width
            else:
                line, used = (f"{line} {word}", used + space + width) if line else (word, width)
        lines.append(line)
    return lines


def line_height(size: float) -> float:
    return size * LINE_EM


def row_height(lines: int, size: float) -> float:
    """A row holding `lines` lines at `size` points, in whole pixels as Excel keeps it."""
    points = max(1, lines) * line_height(size) + ROW_PAD
    return min(EXCEL_MAX_ROW, math.ceil(points / PT_PER_PX) * PT_PER_PX)


def line_row_height(size: float) -> float:
    """A row holding one line of a paragraph: the PDF's leading, in whole pixels."""
    return math.ceil(size * LEADING / PT_PER_PX) * PT_PER_PX


def underscores(length: float, size: float) -> str:
    """A run of `_` about `length` points long: the short lines of the letterhead (an underscore
    is half an em wide in Times New Roman, and runs of them join into one line)."""
    return "_" * max(1, round(length / drawn_points("_", size)))
