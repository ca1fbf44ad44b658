"""Reading a spreadsheet into plain rows: .xlsx/.xlsm/.xls/.ods with calamine, .csv by hand.

Rows keep their places: `rows[0]` is the spreadsheet's row 1 and `row[0]` its column A, so every
message can name the row number the person sees. Legacy TCVN3/VNI text is converted here, before
the header is looked for, because old files have their headers in the same font as their data.
"""

from __future__ import annotations

import codecs
import csv
import io
import unicodedata
import zipfile
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from pathlib import Path

from desktop.errors import UserError
from desktop.importer import legacy, messages

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
    if not path.exists():
        raise UserError(messages.FILE_MISSING.format(path=path))
    suffix = path.suffix.lower()
    if suffix not in SUFFIXES:
        raise UserError(messages.UNKNOWN_EXTENSION.format(path=path, suffix=path.suffix))
    return suffix


def _open_book(path: Path):  # type: ignore[no-untyped-def]
    from python_calamine import CalamineWorkbook

    try:
        return CalamineWorkbook.from_path(str(path))
    except Exception as exc:  # calamine raises its own family for each broken format
        detail = str(exc).splitlines()[0] if str(exc) else type(exc).__name__
        raise UserError(messages.NOT_A_SPREADSHEET.format(path=path, detail=detail)) from exc


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
    """One sheet as rows from A1, with legacy text converted; the first sheet when `name` is None."""
    path = Path(path)
    suffix = _check_path(path)
    if suffix in TEXT_SUFFIXES:
        if name not in (None, path.stem):
            raise UserError(messages.NO_SHEET.format(path=path, sheet=name, names=path.stem))
        sheet = Sheet(path.stem, _read_text(path), None)
    else:
        sheet = _read_book_sheet(path, name)
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
        try:
            data = book.get_sheet_by_name(name)
            rows = data.to_python(skip_empty_area=False)
            ranges = data.merged_cell_ranges
        except Exception as exc:
            raise UserError(messages.NOT_A_SPREADSHEET.format(path=path, detail=exc)) from exc
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
    return Sheet(name, [_plain_row(r) for r in rows], merged)


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
    raw = path.read_bytes()
    try:
        text = _decode(raw)
    except UnicodeDecodeError as exc:
        raise UserError(messages.NOT_A_SPREADSHEET.format(path=path, detail=exc.reason)) from exc
    sample = text[:20000]
    try:
        dialect: type[csv.Dialect] | csv.Dialect = csv.Sniffer().sniff(sample, delimiters=",;\t")
    except csv.Error:
        dialect = _by_counting(sample)
    try:
        rows = [list(r) for r in csv.reader(io.StringIO(text, newline=""), dialect)]
    except csv.Error as exc:
        raise UserError(messages.CSV_UNREADABLE.format(path=path, detail=exc)) from exc
    out: list[list[Cell]] = []
    for row in rows:
        cells: list[Cell] = [cell.strip() for cell in row]
        while cells and cells[-1] == "":
            cells.pop()
        out.append(cells)
    return out


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
