"""The ZIP of an .xlsx/.xlsm/.ods looked at before anything in it is inflated.

calamine trusts the archive: a 4 MB file whose sheet inflates to 4 GB was read to the end, and
its Rust zip reader would follow duplicate names and `..` paths as zipfile does. So the end
record is read by hand (zipfile would build one object per listed member, however many), then
every member's name, method, size and ratio is checked, and the small parts calamine reads when
it opens the book are inflated here first, against their declared size and CRC. The sheets
themselves are inflated by their scans (xlsx_scan, ods_scan), which stop at the first cap.
"""

from __future__ import annotations

import struct
import zipfile
import zlib
from collections.abc import Iterator
from pathlib import Path

from desktop.importer import messages
from desktop.importer.limits import Encrypted, Malformed
from desktop.importer.text_rules import FORBIDDEN, group, printable

MAX_MEMBERS = 10_000
MAX_DIRECTORY_BYTES = 16 * 2**20
MAX_PART_BYTES = 512 * 2**20  # one sheet's XML (a 150,000-member sheet is about 110 MB)
MAX_OTHER_BYTES = 64 * 2**20  # styles, relationships, pictures …
MAX_TOTAL_BYTES = 1024 * 2**20
# XML of a real list deflates 5–30 times; a bomb 1,000 times. Below the floor a ratio says little.
MAX_RATIO = 100
RATIO_FLOOR = 1 * 2**20
CHUNK = 1 * 2**20

READ_ERRORS = (
    zipfile.BadZipFile,
    zipfile.LargeZipFile,
    zlib.error,
    ValueError,
    OSError,
    EOFError,
    NotImplementedError,
    RuntimeError,
    KeyError,
    struct.error,
)

_END = struct.Struct("<4sHHHHIIH")
_END64_LOCATOR = struct.Struct("<4sIQI")
_END64 = struct.Struct("<4sQHHIIQQQQ")


def size_text(size: int) -> str:
    """4,1 GB / 512 MB / 13 KB, as the file manager shows sizes."""
    from desktop.format import number

    for unit, scale in (("GB", 2**30), ("MB", 2**20), ("KB", 2**10)):
        if size >= scale:
            value = size / scale
            return f"{number(value, 0 if value >= 100 or value.is_integer() else 1)} {unit}"
    return f"{size} byte"


def _directory_size(path: Path) -> tuple[int, int]:
    """(members listed, central directory bytes) from the end record, before zipfile reads it."""
    with open(path, "rb") as handle:
        handle.seek(0, 2)
        length = handle.tell()
        tail_start = max(0, length - (_END.size + 65535 + _END64_LOCATOR.size))
        handle.seek(tail_start)
        tail = handle.read()
        at = tail.rfind(b"PK\x05\x06")
        if at < 0 or at + _END.size > len(tail):
            raise Malformed(messages.ZIP_NO_DIRECTORY)
        _, _, _, _, count, size, _, _ = _END.unpack_from(tail, at)
        if count == 0xFFFF or size == 0xFFFFFFFF:
            locator = at - _END64_LOCATOR.size
            if locator < 0 or tail[locator : locator + 4] != b"PK\x06\x07":
                raise Malformed(messages.ZIP_NO_DIRECTORY)
            _, _, offset, _ = _END64_LOCATOR.unpack_from(tail, locator)
            if offset + _END64.size > length:
                raise Malformed(messages.ZIP_NO_DIRECTORY)
            handle.seek(offset)
            record = handle.read(_END64.size)
            if record[:4] != b"PK\x06\x06":
                raise Malformed(messages.ZIP_NO_DIRECTORY)
            fields = _END64.unpack(record)
            count, size = fields[7], fields[8]
    return count, size


def _odd_name(name: str) -> bool:
    parts = name.split("/")
    return (
        not name
        or len(name) > 512
        or name.startswith("/")
        or "\\" in name
        or (len(name) > 1 and name[1] == ":")
        or ".." in parts
        or "." in parts
        or "" in parts[:-1]
        or FORBIDDEN.search(name) is not None
    )


def check_archive(path: Path) -> list[zipfile.ZipInfo]:
    """The members of the archive at `path`, every one checked (count, names, method, sizes
    up to MAX_PART_BYTES, total, ratio) before any is inflated. Raises Malformed or Encrypted;
    check_sizes then holds the members that are no sheet to MAX_OTHER_BYTES."""
    try:
        count, directory = _directory_size(path)
    except (OSError, struct.error) as exc:
        raise Malformed(messages.ZIP_NO_DIRECTORY) from exc
    if count > MAX_MEMBERS:
        raise Malformed(messages.ZIP_TOO_MANY.format(count=group(count), cap=group(MAX_MEMBERS)))
    if directory > MAX_DIRECTORY_BYTES:
        raise Malformed(messages.ZIP_DIRECTORY_TOO_LARGE.format(size=size_text(directory)))
    try:
        with zipfile.ZipFile(path) as archive:
            infos = archive.infolist()
    except READ_ERRORS as exc:
        raise Malformed(messages.ZIP_UNREADABLE) from exc
    if len(infos) > MAX_MEMBERS:
        raise Malformed(
            messages.ZIP_TOO_MANY.format(count=group(len(infos)), cap=group(MAX_MEMBERS))
        )
    seen: set[str] = set()
    total = 0
    for info in infos:
        name = info.filename
        shown = printable(info.orig_filename, 60)
        # zipfile cuts a name at its first NUL byte: the name as stored is judged.
        if _odd_name(info.orig_filename) or name != info.orig_filename:
            raise Malformed(messages.ZIP_ODD_NAME.format(name=shown))
        if name.casefold() in seen:
            raise Malformed(messages.ZIP_DUPLICATE.format(name=shown))
        seen.add(name.casefold())
        if info.flag_bits & 0x1:
            raise Encrypted()
        if info.compress_type not in (zipfile.ZIP_STORED, zipfile.ZIP_DEFLATED):
            raise Malformed(messages.ZIP_METHOD.format(name=shown, method=info.compress_type))
        if info.file_size > MAX_PART_BYTES:
            raise Malformed(
                messages.ZIP_PART_TOO_LARGE.format(
                    name=shown, size=size_text(info.file_size), cap=size_text(MAX_PART_BYTES)
                )
            )
        total += info.file_size
        if total > MAX_TOTAL_BYTES:
            raise Malformed(messages.ZIP_TOTAL_TOO_LARGE.format(cap=size_text(MAX_TOTAL_BYTES)))
        ratio = info.file_size / max(info.compress_size, 1)
        if info.file_size > RATIO_FLOOR and ratio > MAX_RATIO:
            raise Malformed(
                messages.ZIP_BOMB.format(
                    name=shown,
                    size=size_text(info.file_size),
                    ratio=f"{ratio:,.0f}".replace(",", "."),
                )
            )
    return infos


def check_sizes(infos: list[zipfile.ZipInfo], large: dict[str, int]) -> None:
    """Each member within its own cap: `large` gives the sheets' and shared strings', every
    other member (styles, relationships, pictures) MAX_OTHER_BYTES."""
    for info in infos:
        cap = large.get(info.filename, MAX_OTHER_BYTES)
        if info.file_size > cap:
            raise Malformed(
                messages.ZIP_PART_TOO_LARGE.format(
                    name=printable(info.filename, 60),
                    size=size_text(info.file_size),
                    cap=size_text(cap),
                )
            )


def verify(path: Path, infos: list[zipfile.ZipInfo], skip: set[str]) -> None:
    """Inflate every member but `skip` against its declared size and CRC (zipfile stops at the
    declared size and checks the CRC at the end), so calamine finds what the directory says."""
    try:
        with zipfile.ZipFile(path) as archive:
            for info in infos:
                if info.filename in skip or info.is_dir():
                    continue
                for _ in stream(archive, info):
                    pass
    except Malformed:
        raise
    except READ_ERRORS as exc:
        raise Malformed(messages.ZIP_UNREADABLE) from exc


def stream(archive: zipfile.ZipFile, info: zipfile.ZipInfo) -> Iterator[bytes]:
    """A member's bytes in chunks; a damaged member (wrong size or CRC) raises Malformed."""
    got = 0
    try:
        with archive.open(info) as handle:
            while True:
                chunk = handle.read(CHUNK)
                if not chunk:
                    break
                got += len(chunk)
                yield chunk
    except READ_ERRORS as exc:
        raise Malformed(messages.ZIP_DAMAGED.format(name=printable(info.filename, 60))) from exc
    if got != info.file_size:
        raise Malformed(messages.ZIP_DAMAGED.format(name=printable(info.filename, 60)))
