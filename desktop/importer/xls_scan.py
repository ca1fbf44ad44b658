"""An .xls workbook (OLE compound file, BIFF records) checked the way calamine will read it.

calamine trusts the file's own numbers: a FAT length or a DIMENSIONS record reserves memory
before a cell is seen, a cycle in a sector chain grows a buffer for ever, a record shorter than
its fields panics, and every sheet is built when the file is opened. So the compound file is
walked here first with every sector number, chain and length checked, and the Workbook stream's
records are replayed with calamine's rules: what it would reserve, the cells it would place
(a shared string copied into each cell that uses it) and the records it would index past
their end. Only a file that passes reaches calamine.
"""

from __future__ import annotations

import struct
from array import array
from dataclasses import dataclass

from desktop.importer import messages
from desktop.importer.limits import (
    MAX_AREA,
    MAX_CELLS,
    MAX_SHEETS,
    MAX_STRINGS,
    MAX_TEXT,
    Encrypted,
    Extent,
    Malformed,
    Over,
)

SIGNATURE = bytes.fromhex("D0CF11E0A1B11AE1")
MAX_XLS_BYTES = 64 * 2**20  # the .xls format ends at 65,536 rows; a full list is ~20 MB
ENDOFCHAIN = 0xFFFFFFFE
RESERVED = 0xFFFFFFFA
DIFSECT = 0xFFFFFFFC
MINI = 64
_U16 = struct.Struct("<H")
_U32 = struct.Struct("<I")


def _broken(detail: str) -> Malformed:
    return Malformed(messages.OLE_BROKEN.format(detail=detail))


def _bad_record(detail: str) -> Malformed:
    return Malformed(messages.BIFF_BROKEN.format(detail=detail))


@dataclass
class _Entry:
    name: str
    start: int
    length: int


class _Compound:
    def __init__(self, data: bytes) -> None:
        if len(data) < 512 or data[:8] != SIGNATURE:
            raise _broken("chữ ký OLE")
        self.data = data
        shift = _U16.unpack_from(data, 30)[0]
        if shift not in (9, 12) or _U16.unpack_from(data, 32)[0] != 6:
            raise _broken("cỡ sector")
        self.size = 1 << shift
        self.count = len(data) // self.size - 1  # whole sectors after the header
        if self.count < 1:
            raise _broken("quá ngắn")
        version = _U16.unpack_from(data, 26)[0]
        fat_len, dir_start = _U32.unpack_from(data, 44)[0], _U32.unpack_from(data, 48)[0]
        mini_start, mini_len = _U32.unpack_from(data, 60)[0], _U32.unpack_from(data, 64)[0]
        difat_start = _U32.unpack_from(data, 68)[0]
        # calamine reserves room for this many entries, read across two header fields.
        if _U32.unpack_from(data, 62)[0] > 16 * 2**20 or fat_len > self.count:
            raise _broken("số sector FAT")
        if mini_len > self.count:
            raise _broken("số sector MiniFAT")
        difat = list(array("I", data[76:512]))
        seen: set[int] = set()
        sector = difat_start
        while sector < RESERVED:
            if sector >= self.count or sector in seen:
                raise _broken("chuỗi DIFAT")
            seen.add(sector)
            difat.extend(self._words(sector))
            sector = difat.pop()
        self.fat: list[int] = []
        for sector in difat:
            if sector < DIFSECT:
                if sector >= self.count:
                    raise _broken("sector FAT")
                self.fat.extend(self._words(sector))
        self.mini_fat: list[int] = []
        self.mini_stream = b""
        directory = self._chain(dir_start, self.fat, self.count, None)
        self.entries = [self._entry(directory[i : i + 128]) for i in range(0, len(directory), 128)]
        if not self.entries or (version != 3 and self.entries[0].start == ENDOFCHAIN):
            raise _broken("thư mục gốc")
        if mini_len:
            root = self.entries[0]
            self.mini_stream = self._chain(root.start, self.fat, self.count, root.length)
            table = self._chain(mini_start, self.fat, self.count, mini_len * self.size)
            self.mini_fat = list(array("I", table[: len(table) // 4 * 4]))

    def _words(self, sector: int) -> list[int]:
        start = (sector + 1) * self.size
        return list(array("I", self.data[start : start + self.size]))

    def _entry(self, raw: bytes) -> _Entry:
        name = raw[:64].decode("utf-16-le", "replace").split("\x00", 1)[0]
        start = _U32.unpack_from(raw, 116)[0]
        if self.size == 512:
            length = _U32.unpack_from(raw, 120)[0]
        else:
            length = struct.unpack_from("<Q", raw, 120)[0]
        return _Entry(name, start, length)

    def _chain(self, sector: int, fat: list[int], count: int, limit: int | None) -> bytes:
        """A stream as calamine gathers it: sector after sector until ENDOFCHAIN or `limit`
        bytes, every sector inside the file, never one twice."""
        mini = fat is self.mini_fat
        size = MINI if mini else self.size
        out = bytearray()
        seen: set[int] = set()
        while sector != ENDOFCHAIN:
            if sector >= count or sector in seen:
                raise _broken("chuỗi sector")
            seen.add(sector)
            if mini:
                piece = self.mini_stream[sector * MINI : (sector + 1) * MINI]
            else:
                piece = self.data[(sector + 1) * size : (sector + 2) * size]
            if limit is not None:
                piece = piece[: limit - len(out)]
            out += piece
            if limit is not None and len(out) >= limit:
                break
            if sector >= len(fat):
                raise _broken("bảng FAT")
            sector = fat[sector]
        return bytes(out)

    def stream(self, name: str) -> bytes | None:
        entry = next((e for e in self.entries if e.name == name), None)
        if entry is None:
            return None
        if entry.length < 4096:
            return self._chain(
                entry.start, self.mini_fat, len(self.mini_stream) // MINI, entry.length
            )
        return self._chain(entry.start, self.fat, self.count, entry.length)


def _records(stream: bytes, at: int = 0):  # type: ignore[no-untyped-def]
    """(type, data, continues) as calamine's RecordIter cuts them."""
    while at < len(stream):
        if len(stream) - at < 4:
            raise _bad_record("độ dài bản ghi")
        kind, length = struct.unpack_from("<HH", stream, at)
        if len(stream) - at < length + 4:
            raise _bad_record("độ dài bản ghi")
        data = stream[at + 4 : at + 4 + length]
        at += 4 + length
        continues: list[bytes] = []
        while len(stream) - at > 4 and _U16.unpack_from(stream, at)[0] == 0x003C:
            length = _U16.unpack_from(stream, at + 2)[0]
            if len(stream) - at < length + 4:
                raise _bad_record("bản ghi CONTINUE")
            continues.append(stream[at + 4 : at + 4 + length])
            at += 4 + length
        yield kind, data, continues


class _Reader:
    """Walks a record and its CONTINUE parts as calamine's Record does."""

    def __init__(self, data: bytes, continues: list[bytes]) -> None:
        self.data = data
        self.rest = list(continues)

    def next_part(self) -> bool:
        if not self.rest:
            return False
        self.data = self.rest.pop(0)
        return True

    def skip(self, length: int) -> None:
        while length > 0:
            if not self.data and not self.next_part():
                raise _bad_record("chuỗi chữ dùng chung")
            step = min(length, len(self.data))
            self.data = self.data[step:]
            length -= step


def _shared_strings(data: bytes, continues: list[bytes]) -> array:
    """Each SST string's size in bytes of text at most (UTF-8: 3 a character)."""
    if len(data) < 8:
        raise _bad_record("SST")
    reader = _Reader(data[8:], continues)
    lengths = array("L")
    while reader.data or reader.next_part():
        if not reader.data:
            lengths.append(0)
            continue
        if len(reader.data) < 3:
            raise _bad_record("SST")
        count, flags = _U16.unpack_from(reader.data)[0], reader.data[2]
        reader.data = reader.data[3:]
        runs = extra = 0
        if flags & 0x8:
            if len(reader.data) < 2:
                raise _bad_record("SST")
            runs, reader.data = _U16.unpack_from(reader.data)[0], reader.data[2:]
        if flags & 0x4:
            if len(reader.data) < 4:
                raise _bad_record("SST")
            extra, reader.data = _U32.unpack_from(reader.data)[0], reader.data[4:]
        wide, left = bool(flags & 0x1), count
        while left > 0:
            taken = min(len(reader.data) // (2 if wide else 1), left)
            reader.data = reader.data[taken * (2 if wide else 1) :]
            left -= taken
            if left > 0:
                if not reader.next_part() or not reader.data:
                    raise _bad_record("SST")
                wide, reader.data = bool(reader.data[0] & 0x1), reader.data[1:]
        reader.skip(runs * 4)
        reader.skip(extra)
        lengths.append(3 * count)
        if len(lengths) > MAX_STRINGS:
            raise Over("strings", len(lengths))
    return lengths


def _label_bytes(data: bytes, biff8: bool) -> int:
    if len(data) < 4:
        raise _bad_record("LABEL")
    count = _U16.unpack_from(data)[0]
    wide = biff8 and bool(data[2] & 0x1)
    room = len(data) - (3 if biff8 else 2)
    return 3 * min(count, room // 2 if wide else room)


def _sheet_name(data: bytes, biff8: bool) -> str:
    body = data[6:]
    if len(body) < 2:
        raise _bad_record("BOUNDSHEET")
    count = body[0]
    if biff8 and body[1] & 0x1:
        return body[2 : 2 + 2 * count].decode("utf-16-le", "replace")
    return body[(2 if biff8 else 1) : (2 if biff8 else 1) + count].decode("cp1252", "replace")


def _globals(stream: bytes) -> tuple[list[tuple[int, str]], array, bool]:
    sheets: list[tuple[int, str]] = []
    strings = array("L")
    biff8 = True
    for kind, data, continues in _records(stream):
        if kind in (0x002F, 0x0042, 0x0022, 0x0809, 0x0017) and len(data) < 2:
            raise _bad_record(f"bản ghi 0x{kind:04X} quá ngắn")
        if kind == 0x002F and _U16.unpack_from(data)[0] != 0:
            raise Encrypted()
        if kind == 0x0809:
            version = _U16.unpack_from(data)[0]
            kind_of = _U16.unpack_from(data, 2)[0] if len(data) >= 4 else 0
            biff8 = (
                version == 0x0600
                or (version == 0 and kind_of != 0x1000)
                or version not in (0x0200, 0x0002, 0x0007, 0x0300, 0x0400, 0x0500, 0)
            )
        elif kind == 0x0085:
            if len(data) < 6:
                raise _bad_record("BOUNDSHEET")
            position = _U32.unpack_from(data)[0]
            if position > len(stream):
                raise _bad_record("vị trí trang tính")
            sheets.append((position, _sheet_name(data, biff8)))
            if len(sheets) > MAX_SHEETS:
                raise Over("sheets", len(sheets))
        elif kind == 0x0018:
            if len(data) < 14:
                raise _bad_record("tên định nghĩa")
            characters, formula = data[3], _U16.unpack_from(data, 4)[0]
            if formula > len(data) or (biff8 and len(data) < 15 + characters):
                raise _bad_record("tên định nghĩa")
        elif kind == 0x00FC:
            strings = _shared_strings(data, continues)
        elif kind == 0x000A:
            break
    return sheets, strings, biff8


def _place(extent: Extent, data: bytes, width: int = 1) -> None:
    row, column = struct.unpack_from("<HH", data)
    extent.rows = max(extent.rows, row + 1)
    extent.columns = max(extent.columns, column + width)
    extent.cells += width


def _sheet(
    stream: bytes, position: int, name: str, strings: array, biff8: bool
) -> tuple[Extent, int]:
    """The sheet's extent, and the cells calamine reserves for its DIMENSIONS records."""
    extent = Extent(name)
    reserved, depth, seen_bof = 0, 0, False
    minimum = {0x0203: 14, 0x0205: 8, 0x027E: 10, 0x00FD: 10, 0x0006: 20, 0x0204: 6, 0x00D6: 6}
    for kind, data, _ in _records(stream, position):
        if depth:
            depth += {0x0809: 1, 0x000A: -1}.get(kind, 0)
            continue
        if kind == 0x0809:
            depth, seen_bof = (1, True) if seen_bof else (0, True)
        elif kind == 0x000A:
            break
        elif len(data) < minimum.get(kind, 0):
            raise _bad_record(f"bản ghi ô 0x{kind:04X}")
        elif kind == 0x0200:
            rows, columns = _dimensions(data)
            reserved += rows * columns
            if reserved > MAX_AREA:
                raise Over("area", rows, name, columns)
        elif kind in (0x0203, 0x0205, 0x027E, 0x0006):
            _place(extent, data)
        elif kind in (0x0204, 0x00D6):
            _place(extent, data)
            extent.text += _label_bytes(data[6:], biff8)
        elif kind == 0x0207:
            extent.cells += 1
            extent.text += _label_bytes(data, biff8)
        elif kind == 0x00FD:
            index = _U32.unpack_from(data, 6)[0]
            if index < len(strings) and strings[index]:
                _place(extent, data)
                extent.text += strings[index]
        elif kind == 0x00BD:
            if len(data) < 6:
                raise _bad_record("MULRK")
            first, last = _U16.unpack_from(data, 2)[0], _U16.unpack_from(data, len(data) - 2)[0]
            width = (last - first + 1) & 0xFFFF
            if len(data) == 6 + 6 * width:
                _place(extent, data, width)
        elif kind == 0x00E5:
            merges = _U16.unpack_from(data)[0] if len(data) >= 2 else 1
            if len(data) < 2 + 8 * merges:
                raise _bad_record("MERGECELLS")
            extent.merges += merges
        if extent.cells > MAX_CELLS or extent.text > MAX_TEXT:
            extent.check()
    extent.check()
    return extent, reserved


def _dimensions(data: bytes) -> tuple[int, int]:
    if len(data) == 10:
        first_row, last_row, first_col, last_col = struct.unpack_from("<HHHH", data)
    elif len(data) == 14:
        first_row, last_row, first_col, last_col = struct.unpack_from("<IIHH", data)
    else:
        raise _bad_record("DIMENSIONS")
    if first_col > 0xFF or last_col < first_col:
        first_col = 0
    if last_row >= 1 and last_col >= 1:
        end_row, end_col = last_row - 1, last_col - 1
    else:
        end_row, end_col = first_row, first_col
    # calamine computes these in wrapping 32-bit arithmetic, then reserves rows × columns cells.
    return ((end_row - first_row) + 1) & 0xFFFFFFFF, ((end_col - first_col) + 1) & 0xFFFFFFFF


def scan_book(data: bytes) -> dict[str, Extent]:
    """Each sheet's extent by name; Over at the first cap, Malformed or Encrypted otherwise."""
    compound = _Compound(data)
    stream = compound.stream("Workbook")
    if stream is None:
        stream = compound.stream("Book")
    if stream is None:
        raise _broken("không có luồng Workbook")
    sheets, strings, biff8 = _globals(stream)
    found: dict[str, Extent] = {}
    area = cells = text = reserved = 0
    for position, name in sheets:
        extent, reserve = _sheet(stream, position, name, strings, biff8)
        found.setdefault(name, extent)
        area += extent.rows * extent.columns
        cells, text, reserved = cells + extent.cells, text + extent.text, reserved + reserve
        if area > MAX_AREA:
            raise Over("area", extent.rows, name, extent.columns)
        if reserved > MAX_AREA:
            raise Over("area", reserved, name, 1)
        if cells > MAX_CELLS:
            raise Over("cells", cells)
        if text > MAX_TEXT:
            raise Over("text", text)
    return found
