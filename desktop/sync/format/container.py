"""ZIP containers read in memory with every trick refused, and the outer ZIP written canonically.

Python's zipfile only warns on duplicate names (and reads the last copy), follows no rule about
links or `..`, and ignores most header fields. So a reader here lists the members itself and
refuses: too many members, unexpected or missing names, duplicates, directories, links, absolute
or `..` paths, sizes and compression ratios over the caps, members not kept as the layout says
(outer stored, inner deflated). The outer container must also equal,
byte for byte, the canonical ZIP of its two members: a changed byte anywhere, even in a field
zipfile never reads, is refused.
"""

from __future__ import annotations

import io
import os
import stat
import struct
import zipfile
import zlib
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass

from desktop.sync.format import messages
from desktop.sync.format.errors import BundleRefused

UNIX = 3
FILE_MODE = (stat.S_IFREG | 0o644) << 16
# What zipfile may raise on crafted input (RuntimeError: an "encrypted" member).
READ_ERRORS = (
    zipfile.BadZipFile,
    zlib.error,
    ValueError,
    OSError,
    EOFError,
    NotImplementedError,
    RuntimeError,
)


@dataclass(frozen=True)
class Caps:
    max_members: int
    max_member_bytes: int
    max_total_bytes: int
    max_ratio: float
    method: int  # how every member is kept: 0 stored (outer), 8 deflated (inner)


OUTER_CAPS = Caps(
    max_members=2,
    max_member_bytes=256 * 2**20,
    max_total_bytes=256 * 2**20,
    max_ratio=1.0,
    method=0,
)
INNER_CAPS = Caps(
    max_members=32,
    max_member_bytes=512 * 2**20,
    max_total_bytes=1024 * 2**20,
    max_ratio=200.0,
    method=8,
)


@dataclass(frozen=True)
class Entry:
    """One member as laid out in the file: its compressed bytes and what they inflate to."""

    name: bytes
    method: int  # 0 stored, 8 deflated
    crc: int
    size: int
    data: bytes


DOS_DATE = (1 << 5) | 1  # 1980-01-01; DOS time 00:00:00 is 0
LOCAL = struct.Struct("<4sHHHHHIIIHH")
CENTRAL = struct.Struct("<4sHHHHHHIIIHHHHHII")
END = struct.Struct("<4sHHHHIIH")


def layout(entries: list[Entry]) -> bytes:
    """The canonical ZIP of `entries`: local headers and data back to back, then the central
    directory and the end record; fixed times and attributes, no extra fields, no comments.
    docs/bundle-format.md lists every field."""
    out, central = bytearray(), bytearray()
    for e in entries:
        offset = len(out)
        out += LOCAL.pack(
            b"PK\x03\x04", 20, 0, e.method, 0, DOS_DATE, e.crc, len(e.data), e.size, len(e.name), 0
        )
        out += e.name + e.data
        central += CENTRAL.pack(
            b"PK\x01\x02",
            (UNIX << 8) | 20,
            20,
            0,
            e.method,
            0,
            DOS_DATE,
            e.crc,
            len(e.data),
            e.size,
            len(e.name),
            0,
            0,
            0,
            0,
            FILE_MODE,
            offset,
        )
        central += e.name
    start = len(out)
    out += central
    out += END.pack(b"PK\x05\x06", 0, 0, len(entries), len(entries), len(central), start, 0)
    return bytes(out)


# Above this many bytes the parts are deflated side by side: zlib lets go of the interpreter
# while it works, and a district's members, events and household reviews are each megabytes.
SIDE_BY_SIDE = 1_000_000


def deflated(data: bytes) -> bytes:
    """`data` as a ZIP member stores it: raw deflate, level 6, on its own (so the same bytes
    whichever core or moment made them)."""
    packer = zlib.compressobj(6, zlib.DEFLATED, -15)
    return packer.compress(data) + packer.flush()


class DeflatingAhead:
    """Parts deflated on other cores while the caller goes on (an export digests its rows
    meanwhile); `write_zip` takes what they made. Closed at block end."""

    def __init__(self) -> None:
        self._pool = ThreadPoolExecutor(max_workers=os.cpu_count() or 1)
        self.ready: dict[str, Future[bytes]] = {}

    def start(self, members: list[tuple[str, bytes]]) -> None:
        for name, data in members:
            self.ready[name] = self._pool.submit(deflated, data)

    def __enter__(self) -> DeflatingAhead:
        return self

    def __exit__(self, *_: object) -> None:
        self._pool.shutdown(cancel_futures=True)


def write_zip(
    members: list[tuple[str, bytes]],
    *,
    deflate: bool,
    ahead: DeflatingAhead | None = None,
) -> bytes:
    """A ZIP of `members` in the given order, byte-reproducible (raw deflate, level 6: each part
    on its own, so deflating them on several cores, or `ahead` of time, gives the same bytes)."""
    datas = [data for _, data in members]
    if not deflate:
        packed = datas
    elif ahead is not None:
        packed = [
            ahead.ready[name].result() if name in ahead.ready else deflated(data)
            for name, data in members
        ]
    elif sum(map(len, datas)) > SIDE_BY_SIDE:
        with ThreadPoolExecutor(max_workers=min(len(datas), os.cpu_count() or 1)) as pool:
            packed = list(pool.map(deflated, datas))
    else:
        packed = [deflated(data) for data in datas]
    entries = [
        Entry(name.encode("ascii"), 8 if deflate else 0, zlib.crc32(data), len(data), out)
        for (name, data), out in zip(members, packed, strict=True)
    ]
    return layout(entries)


def check_canonical(data: bytes, infos: list[zipfile.ZipInfo]) -> bool:
    """True when `data` is exactly the canonical layout of its own members' stored bytes."""
    entries = []
    for info in infos:
        start = info.header_offset + LOCAL.size + len(info.filename.encode("utf-8"))
        if info.compress_type not in (0, 8) or not info.filename.isascii():
            return False
        entries.append(
            Entry(
                info.filename.encode("ascii"),
                info.compress_type,
                info.CRC,
                info.file_size,
                data[start : start + info.compress_size],
            )
        )
    return layout(entries) == data


def _kept(method: int) -> str:
    known = {0: messages.STORED, 8: messages.DEFLATED}
    return known.get(method, messages.OTHER_METHOD.format(method=method))


def _unsafe_name(name: str) -> bool:
    parts = name.replace("\\", "/").split("/")
    return (
        name.startswith(("/", "\\"))
        or (len(name) > 1 and name[1] == ":")
        or ".." in parts
        or "" in parts
        or "." in parts
        or any(ord(ch) < 32 for ch in name)
    )


def read_zip(
    data: bytes,
    expected: list[str],
    caps: Caps,
    *,
    where: str,
    optional: frozenset[str] = frozenset(),
) -> dict[str, bytes]:
    """The members of the ZIP `data`, which must be exactly `expected` (+ any of `optional`)."""
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
        infos = archive.infolist()
    except (*READ_ERRORS, zipfile.LargeZipFile) as exc:
        raise BundleRefused(messages.NOT_A_CONTAINER.format(where=where)) from exc
    if len(infos) > caps.max_members:
        raise BundleRefused(messages.TOO_MANY_MEMBERS.format(where=where, count=len(infos)))
    names = [i.filename for i in infos]
    for info in infos:
        kind = stat.S_IFMT(info.external_attr >> 16)
        # A name's last character, not ZipInfo.is_dir(), which fails on an empty name.
        if info.filename.endswith("/") or kind == stat.S_IFDIR:
            raise BundleRefused(
                messages.MEMBER_IS_DIRECTORY.format(where=where, name=info.filename)
            )
        if kind == stat.S_IFLNK:
            raise BundleRefused(messages.MEMBER_IS_LINK.format(where=where, name=info.filename))
        if _unsafe_name(info.filename):
            raise BundleRefused(messages.MEMBER_UNSAFE_PATH.format(where=where, name=info.filename))
    duplicates = sorted({n for n in names if names.count(n) > 1})
    if duplicates:
        raise BundleRefused(messages.MEMBER_DUPLICATE.format(where=where, name=duplicates[0]))
    missing = [n for n in expected if n not in names]
    extra = [n for n in names if n not in expected and n not in optional]
    if extra:
        raise BundleRefused(messages.MEMBER_UNEXPECTED.format(where=where, name=extra[0]))
    if missing:
        raise BundleRefused(messages.MEMBER_MISSING.format(where=where, name=missing[0]))
    total = 0
    for info in infos:
        total += info.file_size
        ratio = info.file_size / max(info.compress_size, 1)
        if info.file_size > caps.max_member_bytes:
            raise BundleRefused(
                messages.MEMBER_TOO_LARGE.format(
                    where=where, name=info.filename, size=info.file_size, cap=caps.max_member_bytes
                )
            )
        if total > caps.max_total_bytes:
            raise BundleRefused(
                messages.MEMBERS_TOO_LARGE.format(
                    where=where, name=info.filename, size=total, cap=caps.max_total_bytes
                )
            )
        if info.file_size > 4096 and ratio > caps.max_ratio:
            raise BundleRefused(messages.MEMBER_RATIO.format(where=where, name=info.filename))
    for info in infos:  # the layout keeps outer members stored, inner ones deflated
        if info.compress_type != caps.method:
            raise BundleRefused(
                messages.MEMBER_METHOD.format(
                    where=where,
                    name=info.filename,
                    found=_kept(info.compress_type),
                    expected=_kept(caps.method),
                ),
                "container",
            )
    found: dict[str, bytes] = {}
    for info in infos:
        try:
            with archive.open(info) as handle:
                content = handle.read(info.file_size + 1)
        except READ_ERRORS as exc:
            raise BundleRefused(
                messages.MEMBER_DAMAGED.format(where=where, name=info.filename)
            ) from exc
        if len(content) != info.file_size:
            raise BundleRefused(messages.MEMBER_DAMAGED.format(where=where, name=info.filename))
        found[info.filename] = content
    if not check_canonical(data, infos):
        raise BundleRefused(messages.CONTAINER_ALTERED.format(file=where), "container")
    return found
