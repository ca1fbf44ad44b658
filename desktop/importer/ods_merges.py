"""Merged cells of an .ods sheet, which calamine does not report.

A merge is a `table:table-cell` with `table:number-rows-spanned` / `number-columns-spanned`; the
cells it covers follow as `table:covered-table-cell`. Repeated rows and cells
(`number-rows-repeated`, `number-columns-repeated`) count as that many. The XML is parsed with
defusedxml (a spreadsheet is untrusted input) and streamed, so a big sheet costs little memory.
"""

from __future__ import annotations

import zipfile
from pathlib import Path

TABLE = "urn:oasis:names:tc:opendocument:xmlns:table:1.0"
_T = f"{{{TABLE}}}"
MAX_REPEAT = 100_000  # "the rest of the sheet" is written as one cell repeated 16,000 times


def ods_merges(path: Path, sheet: str) -> list[tuple[int, int, int, int]]:
    """(first_row, first_col, last_row, last_col), 0-based, of the merges in `sheet`."""
    from defusedxml.ElementTree import iterparse

    merges: list[tuple[int, int, int, int]] = []
    with zipfile.ZipFile(path) as book, book.open("content.xml") as content:
        inside, row, col = False, 0, 0
        for event, element in iterparse(content, events=("start", "end")):
            tag = element.tag
            if tag == f"{_T}table":
                if event == "start":
                    inside = element.get(f"{_T}name") == sheet
                    row = 0
                elif inside:
                    break
                continue
            if not inside:
                continue
            if tag == f"{_T}table-row":
                if event == "start":
                    col = 0
                else:
                    row += _repeat(element.get(f"{_T}number-rows-repeated"))
                    element.clear()
            elif tag in (f"{_T}table-cell", f"{_T}covered-table-cell") and event == "start":
                rows = _repeat(element.get(f"{_T}number-rows-spanned"))
                cols = _repeat(element.get(f"{_T}number-columns-spanned"))
                if rows > 1 or cols > 1:
                    merges.append((row, col, row + rows - 1, col + cols - 1))
                col += _repeat(element.get(f"{_T}number-columns-repeated"))
    return merges


def _repeat(value: str | None) -> int:
    try:
        return max(1, min(int(value or 1), MAX_REPEAT))
    except ValueError:
        return 1
