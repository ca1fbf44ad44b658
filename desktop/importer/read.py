"""Reading a spreadsheet into plain rows: .xlsx/.xlsm/.xls/.ods with calamine, .csv by hand.

Nothing is read before desktop/importer/guard.py has looked at the file: a FIFO, a device, a zip
bomb or a sheet that unfolds to millions of cells is refused with a Vietnamese message instead.

Rows keep their places: `rows[0]` is the spreadsheet's row 1 and `row[0]` its column A, so every
message can name the row number the person sees. Legacy TCVN3/VNI text is converted here, before
the header is looked for, because old files have their headers in the same font as their data.
"""

from __future__ import annotations

import codecs
import csv
import os
import re
import unicodedata
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from pathlib import Path

from desktop.errors import UserError
from desktop.importer import guard, legacy, messages
from desktop.importer.limits import (
    MAX_AREA,
    MAX_CELLS,
    MAX_COLUMNS,
    MAX_MERGES,
    MAX_ROWS,
    MAX_TEXT_FILE_BYTES,
    Over,
)
from desktop.importer.text_rules import FORBIDDEN, printable

SPREADSHEET_SUFFIXES = (".xlsx", ".xlsm", ".xls", ".ods")
TEXT_SUFFIXES = (".csv", ".txt")
SUFFIXES = SPREADSHEET_SUFFIXES + TEXT_SUFFIXES
# Where legacy text is judged: enough rows to see past the title block into the data.
LEGACY_SAMPLE_ROWS = 400

Cell = object  # str, float, int, bool, date, datetime, time, timedelta or "" for an empty cell


@dataclass
class Sheet:
    name: str
    rows: list[list[Cell]]
    # (first_row, first_col, last_row, last_col), 0-based; None where the format does not say.
    merged: list[tuple[int, int, int, int]] | None = None
    legacy: str | None = None  # the encoding the text was converted from
    converted_cells: set[tuple[int, int]] = field(default_factory=set)
    _width: int | None = field(default=None, repr=False, compare=False)

    @property
    def width(self) -> int:
        # Asked for each header candidate: worked out once (rows never change after reading).
        if self._width is None:
            self._width = max((len(r) for r in self.rows), default=0)
        return self._width


def _check_path(path: Path) -> str:
    """The suffix of a file that may be read: named printably, there, known, a regular file
    of a sane size whose inside matches its suffix (desktop/importer/guard.py)."""
    problem = FORBIDDEN.search(str(path))
    if problem is None and not os.path.lexists(path):
        raise UserError(messages.FILE_MISSING.format(path=path))
    suffix = path.suffix.lower()
    if problem is None and suffix not in SUFFIXES:
        raise UserError(messages.UNKNOWN_EXTENSION.format(path=path, suffix=path.suffix))
    guard.check_file(path)
    return suffix


def _is_panic(exc: BaseException) -> bool:
    # pyo3 turns a Rust panic into PanicException, a BaseException: `except Exception` misses it.
    return type(exc).__name__ == "PanicException"


def _refused(path: Path, exc: BaseException) -> UserError:
    if _is_panic(exc):
        detail = messages.READER_FAILED
    else:
        detail = printable(str(exc).splitlines()[0] if str(exc) else type(exc).__name__, 200)
    return UserError(messages.NOT_A_SPREADSHEET.format(path=path, detail=detail))


def _open_book(path: Path):  # type: ignore[no-untyped-def]
    from python_calamine import CalamineWorkbook

    guard.check_book(path)
    try:
        book = CalamineWorkbook.from_path(str(path))
    except Exception as exc:  # calamine raises its own family for each broken format
        raise _refused(path, exc) from exc
    except BaseException as exc:
        if not _is_panic(exc):
            raise
        raise _refused(path, exc) from None
    try:
        guard.check_sheet_names(path, book.sheet_names)
    except UserError:
        book.close()
        raise
    return book


def sheet_names(path: Path) -> list[str]:
    """The sheets of the file in their order; a .csv file is one sheet named after the file."""
    path = Path(path)
    suffix = _check_path(path)
    if suffix in TEXT_SUFFIXES:
        _read_text(path)  # refuse a binary file now rather than after three wizard pages
        return [path.stem]
    book = _open_book(path)
    try:
        return list(book.sheet_names)
    finally:
        book.close()


def read_sheet(path: Path, name: str | None = None) -> Sheet:
    """One sheet as rows from A1, with legacy text converted; the first sheet when `name` is None.

    Text cells holding control characters, bidi overrides or more than a bundle stores are
    refused here, each named by its cell, before anything reads the rows."""
    path = Path(path)
    suffix = _check_path(path)
    if suffix in TEXT_SUFFIXES:
        if name not in (None, path.stem):
            raise UserError(messages.NO_SHEET.format(path=path, sheet=name, names=path.stem))
        sheet = Sheet(path.stem, _read_text(path), None)
    else:
        sheet = _read_book_sheet(path, name)
    guard.check_cells(path, sheet.name, sheet.rows)
    _convert_legacy(sheet)
    return sheet


def _read_book_sheet(path: Path, name: str | None) -> Sheet:
    book = _open_book(path)
    try:
        names = list(book.sheet_names)
        if not names:
            raise UserError(messages.EMPTY_FILE.format(path=path))
        if name is None:
            name = names[0]
        if name not in names:
            raise UserError(messages.NO_SHEET.format(path=path, sheet=name, names=", ".join(names)))
        guard.check_sheet(path, guard.check_book(path), name)
        try:
            data = book.get_sheet_by_name(name)
            end = data.end
            if end is not None:
                guard.check_extent(path, name, end[0] + 1, end[1] + 1)
            rows = data.to_python(skip_empty_area=False)
            ranges = data.merged_cell_ranges
            del data  # calamine's copy of the sheet, freed before the rows are copied again
        except UserError:
            raise
        except Exception as exc:
            raise _refused(path, exc) from exc
        except BaseException as exc:
            if not _is_panic(exc):
                raise
            raise _refused(path, exc) from None
    finally:
        book.close()
    merged = None
    if ranges is not None:
        merged = [(r0, c0, r1, c1) for (r0, c0), (r1, c1) in ranges]
    elif path.suffix.lower() == ".ods":
        from desktop.importer.ods_merges import ods_merges

        try:
            merged = ods_merges(path, name)
        except (OSError, KeyError, ValueError, zipfile.BadZipFile) as exc:
            raise UserError(messages.NOT_A_SPREADSHEET.format(path=path, detail=exc)) from exc
    plain = [_plain_row(r) for r in rows]
    del rows
    return Sheet(name, plain, _bounded_merges(path, name, merged, len(plain)))


def _bounded_merges(
    path: Path, name: str, merged: list[tuple[int, int, int, int]] | None, height: int
) -> list[tuple[int, int, int, int]] | None:
    """Merges inside the sheet only, and no more cells under them than a sheet may hold: the
    import fills a merged union name down every row it covers."""
    if merged is None:
        return None
    kept = [m for m in merged if 0 <= m[0] <= m[2] and 0 <= m[1] <= m[3] and m[0] < height]
    covered = sum((min(r1, height - 1) - r0 + 1) * (c1 - c0 + 1) for r0, c0, r1, c1 in kept)
    if len(kept) > MAX_MERGES or covered > MAX_AREA:
        raise guard.refusal(path, Over("merges", len(kept), name))
    return kept


def _plain_row(row: list[object]) -> list[Cell]:
    # Whole numbers come back as floats from .xlsx/.ods and as ints from .xls: one form for both.
    out: list[Cell] = []
    for value in row:
        if isinstance(value, float) and value.is_integer() and abs(value) < 1e15:
            out.append(int(value))
        elif isinstance(value, datetime) and value.time() == time(0):
            out.append(value.date())
        else:
            out.append(value)
    while out and out[-1] == "":
        out.pop()
    return out


def _decode(raw: bytes) -> str:
    if raw.startswith(codecs.BOM_UTF8):
        return raw[len(codecs.BOM_UTF8) :].decode("utf-8")
    if raw.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return raw.decode("utf-16")  # Excel's "Unicode Text" (tab-separated) starts with a BOM
    if b"\x00" in raw[:4096]:
        raise UnicodeDecodeError("utf-8", raw[:1], 0, 1, "NUL byte")
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError:
        pass
    # Excel's plain "CSV" is the Windows code page: cp1258 on Vietnamese Windows (tones as
    # combining marks), cp1252 elsewhere, through which TCVN3/VNI text rides unchanged.
    western = raw.decode("cp1252", errors="replace")
    if legacy.detect([line for line in western.splitlines() if not line.isascii()]):
        return western
    vietnamese = unicodedata.normalize("NFC", raw.decode("cp1258", errors="replace"))
    return vietnamese if _reads_as_vietnamese(vietnamese) else western


_TONES = ("", "\u0300", "\u0301", "\u0303", "\u0309", "\u0323")
VIETNAMESE_LETTERS = frozenset(
    letter
    for base in "aăâeêioôơuưy"
    for tone in _TONES
    for letter in (
        unicodedata.normalize("NFC", base + tone),
        unicodedata.normalize("NFC", base.upper() + tone),
    )
) | {"đ", "Đ"}


def _reads_as_vietnamese(text: str) -> bool:
    """cp1258 text once composed: every letter beyond ASCII is a Vietnamese letter (a tone left
    on a consonant, or the Ñ ö ø of VNI text, says it is another encoding) and some are there."""
    letters = [ch for ch in text if ch.isalpha() and not ch.isascii()]
    return bool(letters) and all(ch in VIETNAMESE_LETTERS for ch in letters)


def _read_text(path: Path) -> list[list[Cell]]:
    raw = guard.read_head(path, MAX_TEXT_FILE_BYTES + 1)
    if len(raw) > MAX_TEXT_FILE_BYTES:  # grew since it was looked at
        raise guard.refusal(path, Over("text", len(raw)))
    try:
        text = _decode(raw)
    except UnicodeDecodeError as exc:
        raise UserError(messages.NOT_A_SPREADSHEET.format(path=path, detail=exc.reason)) from exc
    del raw
    sample = text[:20000]
    try:
        dialect: type[csv.Dialect] | csv.Dialect = csv.Sniffer().sniff(sample, delimiters=",;\t")
    except csv.Error:
        dialect = _by_counting(sample)
    out: list[list[Cell]] = []
    cells = 0
    reader = csv.reader(_lines(text), dialect)
    try:
        for row in reader:
            if len(out) >= MAX_ROWS:
                raise guard.refusal(path, Over("rows", MAX_ROWS + 1, path.stem))
            if len(row) > MAX_COLUMNS:
                raise UserError(
                    messages.CSV_TOO_WIDE.format(
                        path=path, row=reader.line_num, count=len(row), cap=MAX_COLUMNS
                    )
                )
            values: list[Cell] = [cell.strip() for cell in row]
            while values and values[-1] == "":
                values.pop()
            cells += len(values)
            if cells > MAX_CELLS:
                raise guard.refusal(path, Over("cells", cells))
            out.append(values)
    except csv.Error as exc:
        detail = f"dòng {reader.line_num}: {exc}"
        raise UserError(messages.CSV_UNREADABLE.format(path=path, detail=detail)) from exc
    return out


_LINE = re.compile(r"[^\r\n]*(?:\r\n|\r|\n)|[^\r\n]+")


def _lines(text: str) -> Iterator[str]:
    """The lines of `text` as open(newline="") gives them, one at a time: io.StringIO would
    hold a second copy of the whole file at four bytes a character."""
    for found in _LINE.finditer(text):
        yield found.group()


class _Semicolon(csv.excel):
    delimiter = ";"


def _by_counting(sample: str) -> type[csv.Dialect]:
    """When the sniffer gives up (Windows line ends, a quoted last field): the separator that
    splits the first lines most often. Semicolon is Excel's on Windows set to Vietnamese."""
    lines = [line for line in sample.splitlines()[:30] if line.strip()]
    counts = {
        dialect: sorted(line.count(dialect.delimiter) for line in lines)
        for dialect in (_Semicolon, csv.excel, csv.excel_tab)
    }
    best = max(counts, key=lambda d: counts[d][len(lines) // 2] if lines else 0)
    return best if lines and counts[best][len(lines) // 2] else csv.excel


def _convert_legacy(sheet: Sheet) -> None:
    texts = [
        cell
        for row in sheet.rows[:LEGACY_SAMPLE_ROWS]
        for cell in row
        if isinstance(cell, str) and not cell.isascii()
    ]
    encoding = legacy.detect(texts)
    if encoding is None:
        return
    sheet.legacy = encoding
    # A sheet typed in TCVN3 throughout: cells of only Latin-1 letters are TCVN3 too.
    suspicious = sum(1 for t in texts if legacy.may_be_legacy(t))
    whole_sheet = encoding == legacy.TCVN3 and suspicious * 10 >= len(texts) * 8
    for r, row in enumerate(sheet.rows):
        for c, cell in enumerate(row):
            if isinstance(cell, str) and not cell.isascii():
                converted = legacy.convert(cell, encoding, whole_sheet)
                if converted != cell:
                    row[c] = converted
                    sheet.converted_cells.add((r, c))


def cell_text(value: Cell) -> str:
    """A cell as the person reads it, for messages and the wizard's preview."""
    if value is None or value == "":
        return ""
    if isinstance(value, bool):
        return "TRUE" if value else "FALSE"
    if isinstance(value, datetime):
        return value.strftime("%d/%m/%Y %H:%M")
    if isinstance(value, date):
        return value.strftime("%d/%m/%Y")
    if isinstance(value, float):
        return repr(value) if not value.is_integer() else str(int(value))
    if isinstance(value, time | timedelta):
        return str(value)
    return str(value)
