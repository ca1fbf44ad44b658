"""Every input file looked at before it is read: what it is, how big, and how big it unfolds.

A FIFO named .csv blocked the import for ever, a symlink to /dev/zero read 7.5 GB, a 2.7 KB
.xlsx aborted the process, a zip bomb inflated to 4 GB. Here the path is stat'ed (never opened
when it is not a regular file: opening a FIFO blocks), its size capped, its container checked
(zipcheck, xlsx_scan, ods_scan, xls_scan) and each sheet measured before calamine builds it.
Every refusal is a UserError naming the file, and the sheet, row and column where there is one.
Results are kept per file version (path, inode, size, time), since the wizard and the import
read the same file several times.
"""

from __future__ import annotations

import errno
import os
import stat
import zipfile
from array import array
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

from desktop.errors import UserError
from desktop.importer import messages, ods_scan, xls_scan, xlsx_scan, zipcheck
from desktop.importer.limits import (
    MAX_AREA,
    MAX_BOOK_BYTES,
    MAX_CELLS,
    MAX_COLUMNS,
    MAX_ELEMENTS,
    MAX_MERGES,
    MAX_ROWS,
    MAX_SHEETS,
    MAX_STRINGS,
    MAX_TEXT,
    MAX_TEXT_FILE_BYTES,
    Encrypted,
    Extent,
    Malformed,
    Over,
)
from desktop.importer.text_rules import (
    FORBIDDEN,
    character_problem,
    group,
    printable,
    text_problem,
)
from desktop.importer.text_rules import MAX_TEXT as MAX_CELL_TEXT

ZIP, OLE, TEXT = "zip", "ole", "text"
_EXPECTED = {".xlsx": ZIP, ".xlsm": ZIP, ".ods": ZIP, ".xls": OLE}
_NAMES = {ZIP: ".xlsx", OLE: ".xls"}
SHOWN_CELLS = 10
MANIFEST = "META-INF/manifest.xml"


@dataclass
class Book:
    kind: str  # ZIP, OLE or TEXT
    parts: dict[str, str] = field(default_factory=dict)  # .xlsx: sheet name → archive member
    lengths: array = field(default_factory=lambda: array("L"))  # .xlsx shared strings
    extents: dict[str, Extent] = field(default_factory=dict)  # sheets measured so far


_books: dict[tuple[object, ...], Book] = {}


def column_letter(number: int) -> str:
    """1 → A, 27 → AA (1-based)."""
    letters = ""
    while number:
        number, rest = divmod(number - 1, 26)
        letters = chr(65 + rest) + letters
    return letters


def refusal(path: Path, over: Over) -> UserError:
    """The Vietnamese sentence for a cap `over` broke in `path`."""
    sheet = over.sheet
    if over.what == "rows" and sheet:
        text = messages.TOO_MANY_ROWS.format(
            sheet=sheet, path=path, row=group(over.found), cap=group(MAX_ROWS)
        )
    elif over.what == "columns" and sheet:
        text = messages.TOO_MANY_COLUMNS.format(
            sheet=sheet,
            path=path,
            column=column_letter(over.found),
            cap_column=column_letter(MAX_COLUMNS),
            cap=MAX_COLUMNS,
        )
    elif over.what == "area" and sheet:
        text = messages.TOO_LARGE_AREA.format(
            sheet=sheet,
            path=path,
            rows=group(over.found),
            columns=group(over.other),
            area=group(over.found * over.other),
            cap=group(MAX_AREA),
        )
    elif over.what == "strings":
        text = messages.TOO_MANY_STRINGS.format(
            path=path, count=group(over.found), cap=group(MAX_STRINGS)
        )
    elif over.what == "sheets":
        text = messages.TOO_MANY_SHEETS.format(path=path, count=over.found, cap=MAX_SHEETS)
    elif over.what == "merges":
        text = messages.TOO_MANY_MERGES.format(path=path, cap=group(MAX_MERGES))
    elif over.what == "elements":
        text = messages.TOO_MANY_ELEMENTS.format(path=path, cap=group(MAX_ELEMENTS))
    elif over.what == "text":
        text = messages.TOO_MUCH_TEXT.format(path=path, cap=zipcheck.size_text(MAX_TEXT))
    else:
        text = messages.TOO_MANY_CELLS.format(path=path, cap=group(MAX_CELLS))
    return UserError(text)


def naming_file(path: Path, error: UserError) -> UserError:
    """`error` with the file named in front when its message does not name it yet (a sheet's
    missing header or column names only the sheet): every refusal says which file it is."""
    if str(path) in error.message:
        return error
    return UserError(messages.IN_FILE.format(path=path, message=error.message))


def _not_a_spreadsheet(path: Path, detail: str) -> UserError:
    return UserError(messages.NOT_A_SPREADSHEET.format(path=path, detail=detail))


def check_file(path: Path) -> tuple[os.stat_result, str]:
    """The file's stat and what it holds inside (ZIP, OLE or TEXT), or a UserError: a name with
    control characters, missing, not a regular file (never opened), unreadable, too big, or a
    container other than its suffix says."""
    problem = FORBIDDEN.search(str(path))
    if problem:
        raise UserError(
            messages.ODD_FILE_NAME.format(
                path=printable(str(path), 200), problem=character_problem(problem.group())
            )
        )
    try:
        info = os.stat(path)  # follows a symlink to what it names: /dev/zero is a device
    except FileNotFoundError:
        raise UserError(messages.FILE_MISSING.format(path=path)) from None
    except PermissionError:
        raise UserError(messages.NO_PERMISSION.format(path=path)) from None
    except (OSError, ValueError) as exc:
        raise UserError(messages.CANNOT_OPEN.format(path=path, detail=_reason(exc))) from None
    _regular(path, info.st_mode)
    suffix = path.suffix.lower()
    cap = MAX_BOOK_BYTES if suffix in _EXPECTED else MAX_TEXT_FILE_BYTES
    if suffix == ".xls":
        cap = xls_scan.MAX_XLS_BYTES
    if info.st_size > cap:
        raise UserError(
            messages.FILE_TOO_LARGE.format(
                path=path, size=zipcheck.size_text(info.st_size), cap=zipcheck.size_text(cap)
            )
        )
    head = read_head(path, 8)
    if suffix not in _EXPECTED:
        return info, TEXT
    inside = ZIP if head.startswith(b"PK") else OLE if head == xls_scan.SIGNATURE else TEXT
    if inside != _EXPECTED[suffix]:
        if inside == TEXT or suffix == ".ods":
            raise _not_a_spreadsheet(path, messages.ZIP_UNREADABLE)
        raise UserError(
            messages.WRONG_INSIDE.format(path=path, suffix=path.suffix, actual=_NAMES[inside])
        )
    return info, inside


_ERRNO = {
    errno.ELOOP: "vòng lặp liên kết tượng trưng",
    errno.ENAMETOOLONG: "tên tệp quá dài",
    errno.EIO: "lỗi đọc đĩa",
    errno.ENXIO: "thiết bị không có",
    errno.ENOTDIR: "một phần đường dẫn không phải thư mục",
}


def _reason(exc: BaseException) -> str:
    code = getattr(exc, "errno", None)
    known = _ERRNO.get(code) if isinstance(code, int) else None
    return known or getattr(exc, "strerror", None) or type(exc).__name__


def _regular(path: Path, mode: int) -> None:
    if stat.S_ISREG(mode):
        return
    if stat.S_ISDIR(mode):
        what = messages.WHAT_DIRECTORY
    elif stat.S_ISFIFO(mode):
        what = messages.WHAT_FIFO
    elif stat.S_ISCHR(mode) or stat.S_ISBLK(mode):
        what = messages.WHAT_DEVICE
    elif stat.S_ISSOCK(mode):
        what = messages.WHAT_SOCKET
    else:
        what = messages.WHAT_OTHER
    raise UserError(messages.NOT_A_FILE.format(path=path, what=what))


def read_head(path: Path, limit: int) -> bytes:
    """Up to `limit` bytes from the start; opened without blocking and checked again, in case
    the path became a FIFO or a device since it was stat'ed."""
    flags = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_BINARY", 0)
    try:
        handle = os.open(path, flags)
    except PermissionError:
        raise UserError(messages.NO_PERMISSION.format(path=path)) from None
    except OSError as exc:
        raise UserError(messages.CANNOT_OPEN.format(path=path, detail=_reason(exc))) from None
    try:
        _regular(path, os.fstat(handle).st_mode)
        chunks: list[bytes] = []
        left = limit
        while left > 0:
            chunk = os.read(handle, min(left, 1 << 20))
            if not chunk:
                break
            chunks.append(chunk)
            left -= len(chunk)
        return b"".join(chunks)
    except OSError as exc:
        raise UserError(messages.CANNOT_OPEN.format(path=path, detail=_reason(exc))) from None
    finally:
        os.close(handle)


def check_book(path: Path) -> Book:
    """The workbook checked as calamine will open it (an .xlsx's sheets are measured one by
    one, when read); refusals are UserErrors."""
    info, kind = check_file(path)
    key = (str(path), info.st_dev, info.st_ino, info.st_size, info.st_mtime_ns)
    book = _books.get(key)
    if book is not None:
        return book
    try:
        if kind == OLE:
            book = Book(kind, extents=xls_scan.scan_book(read_head(path, info.st_size + 1)))
        elif path.suffix.lower() == ".ods":
            book = _ods(path)
        else:
            book = _xlsx(path)
    except Over as over:
        raise refusal(path, over) from None
    except Encrypted:
        raise UserError(messages.PASSWORD_PROTECTED.format(path=path)) from None
    except Malformed as bad:
        raise _not_a_spreadsheet(path, bad.detail) from None
    except (OSError, zipfile.BadZipFile) as exc:
        raise _not_a_spreadsheet(path, messages.ZIP_UNREADABLE) from exc
    if len(_books) >= 4:
        _books.clear()
    _books[key] = book
    return book


def _xlsx(path: Path) -> Book:
    infos = zipcheck.check_archive(path)
    with zipfile.ZipFile(path) as archive:
        parts = xlsx_scan.sheet_parts(archive)
    large = {part: xlsx_scan.SHEET_CAP for part in parts.values()}
    large[xlsx_scan.SHARED] = xlsx_scan.SHARED_CAP
    zipcheck.check_sizes(infos, large)
    names = {info.filename for info in infos}
    zipcheck.verify(path, infos, skip=set(large))
    book = Book(ZIP, parts)
    with zipfile.ZipFile(path) as archive:
        if xlsx_scan.SHARED in names:
            book.lengths = xlsx_scan.shared_lengths(archive, archive.getinfo(xlsx_scan.SHARED))
    return book


def _ods(path: Path) -> Book:
    infos = zipcheck.check_archive(path)
    zipcheck.check_sizes(infos, {ods_scan.CONTENT: zipcheck.MAX_PART_BYTES})
    zipcheck.verify(path, infos, skip={ods_scan.CONTENT})
    with zipfile.ZipFile(path) as archive:
        names = set(archive.namelist())
        if MANIFEST in names:
            manifest = b"".join(zipcheck.stream(archive, archive.getinfo(MANIFEST)))
            if b"encryption-data" in manifest:
                raise Encrypted()
        return Book(ZIP, extents=ods_scan.scan_book(archive))


def check_sheet(path: Path, book: Book, name: str) -> None:
    """An .xlsx sheet measured before calamine builds it (.ods and .xls were measured whole)."""
    if name in book.extents or book.kind != ZIP or not book.parts:
        return
    try:
        part = book.parts.get(name)
        if part is None:  # calamine names a sheet the workbook part does not: never unmeasured
            raise Malformed(messages.PART_MISSING.format(name=printable(name, 40)))
        with zipfile.ZipFile(path) as archive:
            try:
                info = archive.getinfo(part)
            except KeyError:
                raise Malformed(messages.PART_MISSING.format(name=part)) from None
            book.extents[name] = xlsx_scan.scan_sheet(archive, info, book.lengths, name)
    except Over as over:
        raise refusal(path, over) from None
    except Malformed as bad:
        raise _not_a_spreadsheet(path, bad.detail) from None
    except (OSError, zipfile.BadZipFile) as exc:
        raise _not_a_spreadsheet(path, messages.ZIP_UNREADABLE) from exc


def check_extent(path: Path, sheet: str, height: int, width: int) -> None:
    """calamine's own size of a built sheet, before it becomes Python lists from A1."""
    extent = Extent(sheet)
    extent.rows, extent.columns = height, width
    try:
        extent.check()
    except Over as over:
        raise refusal(path, over) from None


def check_sheet_names(path: Path, names: Iterable[str]) -> None:
    """A sheet name is printed in messages: no control characters or bidi overrides in it."""
    for name in names:
        problem = FORBIDDEN.search(name)
        if problem:
            raise UserError(
                messages.BAD_SHEET_NAME.format(
                    path=path, sheet=printable(name, 40), problem=character_problem(problem.group())
                )
            )


def check_cells(path: Path, sheet: str, rows: list[list[object]]) -> None:
    """Refuse the sheet, naming each cell, when a text cell holds a control character, a bidi
    override, an escape sequence or more than a bundle accepts."""
    found: list[str] = []
    count = 0
    for r, row in enumerate(rows):
        texts = [cell for cell in row if cell.__class__ is str]
        if not texts:
            continue
        joined = "\t".join(texts)
        if not FORBIDDEN.search(joined) and max(map(len, texts)) <= MAX_CELL_TEXT:
            continue
        for c, cell in enumerate(row):
            if cell.__class__ is not str:
                continue
            problem = text_problem(cell)  # type: ignore[arg-type]
            if problem is None:
                continue
            count += 1
            if len(found) < SHOWN_CELLS:
                letter = column_letter(c + 1)
                found.append(
                    messages.BAD_CELL.format(
                        cell=f"{letter}{r + 1}", row=r + 1, column=letter, problem=problem
                    )
                )
    if not count:
        return
    lines = [messages.BAD_CELLS.format(sheet=printable(sheet, 40), path=path, count=count)]
    lines += found
    if count > len(found):
        lines.append(messages.BAD_CELLS_MORE.format(count=count - len(found)))
    lines.append(messages.BAD_CELLS_FIX)
    raise UserError("\n".join(lines))
