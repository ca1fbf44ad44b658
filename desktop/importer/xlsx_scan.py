"""An .xlsx sheet measured before calamine builds it: its real extent, cells and text.

calamine turns a sheet into a dense rectangle from its first to its last value, and into a
Python list from A1: one cell at XFD1048576 asked for 549,755,813,888 bytes and aborted the
process. It also copies a shared string into every cell that uses it, so a 13 KB file of one
long string used 100,000 times took 5.4 GB. The sheet's declared `<dimension>` proves nothing
(calamine ignores it, and so does this scan): the cells themselves are counted, streamed.

Two ways over the same XML. The quick one counts with bytes.count and C regular expressions, and
holds only for the layout Excel, LibreOffice and the usual writers produce (`<c r="B7" … t="s">
<v>12</v></c>`, no namespace prefix); every count is checked against a second one, and any
difference hands the sheet to the exact way, an expat parse (no DTD, no entities) that follows
calamine's own rules for rows and cells without an address. Both stop at the first cap.
"""

from __future__ import annotations

import re
import zipfile
from array import array
from collections.abc import Callable, Iterator
from xml.parsers import expat

from desktop.importer import messages, zipcheck
from desktop.importer.limits import (
    MAX_ELEMENTS,
    MAX_SHEETS,
    MAX_STRINGS,
    Extent,
    Malformed,
    Over,
)

WORKBOOK = "xl/workbook.xml"
RELATIONS = "xl/_rels/workbook.xml.rels"
SHARED = "xl/sharedStrings.xml"
SHARED_CAP = 128 * 2**20
SHEET_CAP = zipcheck.MAX_PART_BYTES
MAX_INDEX_BYTES = 4 * 2**20  # workbook.xml and its relationships, read whole
SHARED_MARKUP = 12  # bytes of `<t>`, `</t>` and `</si>`: the least markup a rich string has
MAX_SEGMENT = 64 * 2**20  # bytes between two cell ends: far more than any real cell

_CELL_OPENINGS = (b"<c ", b"<c>", b"<c/")
# Two searches, not one alternation: each keeps its literal prefix and scans at memchr speed.
_ODD_CELL = (re.compile(rb":c[\s/>]"), re.compile(rb"<c[\t\n\r]"))
_ODD_ATTRIBUTES = (b"='", b" =", b"= ")
_STRING_OPENINGS = (b"<si>", b"<si ", b"<si/", b"<si\t", b"<si\n", b"<si\r")
_PREFIXED_STRING = re.compile(rb"<[A-Za-z_][\w.\-]*:si[\s/>]")
_COLUMNS = re.compile(rb'<c r="([A-Z]{1,3})[1-9]')
_ROWS = re.compile(rb'<c r="[A-Z]{1,3}([1-9][0-9]{0,6})"')
_VALUED = re.compile(rb'<c r="([A-Z]{1,3})([1-9][0-9]{0,6})"[^>]*(?<!/)>')
_SHARED_INDEX = re.compile(rb't="s"><v>([0-9]{1,10})</v>')
_PLAIN_STRING = re.compile(rb'<si><t(?: xml:space="preserve")?>([^<]*)</t></si>')
_INLINE = (b"inlineStr", b't="str"', b"<is>", b't="d"')
_REFERENCE = re.compile(r"^([A-Za-z]{1,3})([0-9]{1,7})$")


def column_number(letters: bytes | str) -> int:
    """A → 1, Z → 26, AA → 27, XFD → 16384."""
    number = 0
    for char in letters.upper() if isinstance(letters, str) else letters.decode().upper():
        number = number * 26 + ord(char) - 64
    return number


def xml_parser(part: str) -> expat.XMLParserType:
    """expat with no DTD at all: no entity can expand, nothing outside the archive is fetched."""
    parser = expat.ParserCreate()
    parser.ordered_attributes = True
    parser.buffer_text = True

    def refuse(*_: object) -> None:
        raise Malformed(messages.XML_DTD.format(name=part))

    parser.StartDoctypeDeclHandler = refuse
    parser.EntityDeclHandler = refuse
    parser.ExternalEntityRefHandler = refuse  # type: ignore[assignment]
    return parser


def feed(
    parser: expat.XMLParserType, part: str, chunks: Iterator[bytes], after: Callable[[], None]
) -> None:
    try:
        for chunk in chunks:
            parser.Parse(chunk, False)
            after()
        parser.Parse(b"", True)
    except expat.ExpatError as exc:
        raise Malformed(
            messages.XML_BROKEN.format(name=part, detail=expat.ErrorString(exc.code))
        ) from exc
    after()


def _read_small(archive: zipfile.ZipFile, name: str) -> bytes | None:
    try:
        info = archive.getinfo(name)
    except KeyError:
        return None
    if info.file_size > MAX_INDEX_BYTES:
        raise Malformed(
            messages.ZIP_PART_TOO_LARGE.format(
                name=name,
                size=zipcheck.size_text(info.file_size),
                cap=zipcheck.size_text(MAX_INDEX_BYTES),
            )
        )
    return b"".join(zipcheck.stream(archive, info))


def _attributes(pairs: list[str]) -> dict[str, str]:
    return dict(zip(pairs[::2], pairs[1::2], strict=True))


def sheet_parts(archive: zipfile.ZipFile) -> dict[str, str]:
    """Sheet name → archive member, resolved as calamine resolves them (xl/workbook.xml, its
    relationships by Id, a target under xl/ unless it starts with xl/ or /xl/)."""
    relations: dict[str, str] = {}
    sheets: list[tuple[str, str]] = []
    data = _read_small(archive, RELATIONS)
    if data is None:
        raise Malformed(messages.PART_MISSING.format(name=RELATIONS))

    def relation(tag: str, pairs: list[str]) -> None:
        if tag.rpartition(":")[2] == "Relationship":
            found = _attributes(pairs)
            relations[found.get("Id", "")] = found.get("Target", "")

    parser = xml_parser(RELATIONS)
    parser.StartElementHandler = relation
    feed(parser, RELATIONS, iter([data]), lambda: None)
    data = _read_small(archive, WORKBOOK)
    if data is None:
        return {}

    def sheet(tag: str, pairs: list[str]) -> None:
        if tag.rpartition(":")[2] == "sheet":
            found = _attributes(pairs)
            rid = found.get("r:id", found.get("relationships:id"))
            target = relations.get(rid or "")
            if rid is not None and target is None:
                raise Malformed(messages.PART_MISSING.format(name=rid))
            sheets.append((found.get("name", ""), target or ""))
            if len(sheets) > MAX_SHEETS:
                raise Over("sheets", len(sheets))

    parser = xml_parser(WORKBOOK)
    parser.StartElementHandler = sheet
    feed(parser, WORKBOOK, iter([data]), lambda: None)
    parts: dict[str, str] = {}
    for name, target in sheets:
        if target.startswith("/xl/"):
            target = target[1:]
        elif not target.startswith("xl/"):
            target = f"xl/{target}"
        parts.setdefault(name, target)
    return parts


def _segments(chunks: Iterator[bytes], marks: tuple[bytes, ...]) -> Iterator[bytes]:
    """The stream cut right after the last of `marks` in each chunk, so no counted token (none
    holds a mark) is ever split between two segments."""
    carry = b""
    for chunk in chunks:
        data = carry + chunk
        cut = max(data.rfind(mark) + len(mark) if mark in data else 0 for mark in marks)
        if cut == 0:
            if len(data) > MAX_SEGMENT:
                raise Over("text", len(data))
            carry = data
            continue
        carry = data[cut:]
        yield data[:cut]
    if carry:
        yield carry


def shared_lengths(archive: zipfile.ZipFile, info: zipfile.ZipInfo) -> array:
    """For each shared string, how many bytes of text it holds at most: exactly for a plain
    `<si><t>…</t></si>`, the element's bytes less the least markup for a rich one."""
    lengths = array("L")
    for segment in _segments(zipcheck.stream(archive, info), (b"</si>",)):
        if b"<!DOCTYPE" in segment or b"<!ENTITY" in segment:
            raise Malformed(messages.XML_DTD.format(name=info.filename))
        plain = segment.count(b"<si>")
        if plain != sum(segment.count(o) for o in _STRING_OPENINGS) or _PREFIXED_STRING.search(
            segment
        ):
            return _shared_exactly(archive, info)
        found = _PLAIN_STRING.findall(segment)
        if len(found) == plain:
            lengths.extend(map(len, found))
        else:
            pieces = segment.split(b"<si>")[1:]
            lengths.extend(max(0, len(piece) - SHARED_MARKUP) for piece in pieces)
        if len(lengths) > MAX_STRINGS:
            raise Over("strings", len(lengths))
    return lengths


def _shared_exactly(archive: zipfile.ZipFile, info: zipfile.ZipInfo) -> array:
    lengths = array("L")
    state = {"depth": 0, "length": 0, "elements": 0}

    def start(tag: str, _: list[str]) -> None:
        state["elements"] += 1
        if state["depth"]:
            state["depth"] += 1
        elif tag.rpartition(":")[2] == "si":
            state["depth"], state["length"] = 1, 0

    def end(_: str) -> None:
        if state["depth"]:
            state["depth"] -= 1
            if not state["depth"]:
                lengths.append(state["length"])

    def text(data: str) -> None:
        if state["depth"]:
            state["length"] += len(data.encode("utf-8", "surrogatepass"))

    def after() -> None:
        if len(lengths) > MAX_STRINGS:
            raise Over("strings", len(lengths))
        if state["elements"] > MAX_ELEMENTS:
            raise Over("elements", state["elements"])

    parser = xml_parser(info.filename)
    parser.StartElementHandler = start
    parser.EndElementHandler = end
    parser.CharacterDataHandler = text
    feed(parser, info.filename, zipcheck.stream(archive, info), after)
    return lengths


def scan_sheet(
    archive: zipfile.ZipFile, info: zipfile.ZipInfo, lengths: array, sheet: str
) -> Extent:
    """The sheet's extent as calamine will build it; Over at the first cap it passes."""
    extent = Extent(sheet)
    done = _quickly(archive, info, lengths, extent, exact=False)
    if done is None:
        extent = Extent(sheet)
        done = _quickly(archive, info, lengths, extent, exact=True)
    if done:
        return extent
    extent = Extent(sheet)
    _exactly(archive, info, lengths, extent)
    return extent


def _quickly(
    archive: zipfile.ZipFile, info: zipfile.ZipInfo, lengths: array, extent: Extent, exact: bool
) -> bool | None:
    """False as soon as the XML is not in the usual layout (then nothing is concluded); None
    when the bound on text was too loose to conclude (then `exact` adds up each cell's)."""
    longest = max(lengths, default=0)
    loose = False
    for segment in _segments(zipcheck.stream(archive, info), (b"</c>", b"/>", b"</row>")):
        if b"<!DOCTYPE" in segment or b"<!ENTITY" in segment:
            raise Malformed(messages.XML_DTD.format(name=info.filename))
        openings = sum(segment.count(o) for o in _CELL_OPENINGS)
        if any(odd.search(segment) for odd in _ODD_CELL) or any(
            mark in segment for mark in _ODD_ATTRIBUTES
        ):
            return False  # a prefix, a break after `<c`, quotes or spaces no usual writer puts
        if segment.count(b' r="') - segment.count(b'<row r="') != openings:
            return False  # a cell with two addresses (calamine takes the last)
        columns = _COLUMNS.findall(segment)
        rows = _ROWS.findall(segment)
        if len(columns) != openings or len(rows) != openings:
            return False
        if columns:
            last_column = max(map(column_number, set(columns)))
            last_row = max(map(int, set(rows)))
            if (last_row > extent.rows or last_column > extent.columns) and _over_if(
                last_row, last_column, extent
            ):
                # Beyond a cap: only cells holding a value count (a styled empty `<c …/>` far
                # away is skipped by calamine too).
                valued = _VALUED.findall(segment)
                last_row = max((int(r) for _, r in valued), default=0)
                last_column = max((column_number(c) for c, _ in valued), default=0)
            extent.rows = max(extent.rows, last_row)
            extent.columns = max(extent.columns, last_column)
        extent.cells += segment.count(b"</c>")
        shared = segment.count(b't="s"')
        if shared and exact:
            found = _SHARED_INDEX.findall(segment)
            if len(found) != shared:
                return False
            try:
                extent.text += sum(map(lengths.__getitem__, map(int, found)))
            except IndexError:
                return False
        elif shared:
            extent.text += shared * longest  # as if each used the longest string
            loose = loose or longest > 0
        if any(mark in segment for mark in _INLINE):
            extent.text += len(segment)
        extent.merges += segment.count(b"<mergeCell ")
        try:
            extent.check()
        except Over as over:
            if loose and over.what == "text":
                return None
            raise
    return True


def _over_if(rows: int, columns: int, extent: Extent) -> bool:
    probe = Extent(extent.sheet)
    probe.rows, probe.columns = max(rows, extent.rows), max(columns, extent.columns)
    try:
        probe.check()
    except Over:
        return True
    return False


class _Cells:
    """expat handlers that place cells the way calamine does: a cell's `r` wins; without one,
    the row's `r` (or the row after the last) and the column after the last cell."""

    def __init__(self, part: str, lengths: array, extent: Extent) -> None:
        self.part = part
        self.lengths = lengths
        self.extent = extent
        self.in_data = False
        self.row = 0
        self.column = 0
        self.depth = 0  # inside a <c>: 1 + nesting
        self.valued = False
        self.shared = False
        self.index = ""
        self.chars = 0
        self.place = (0, 0)
        self.elements = 0

    def start(self, tag: str, pairs: list[str]) -> None:
        self.elements += 1
        local = tag.rpartition(":")[2]
        if self.depth:
            self.depth += 1
            self.valued = True
            return
        if local == "sheetData":
            self.in_data = True
        elif local == "mergeCell":
            self.extent.merges += 1
        elif self.in_data and local == "row":
            found = _attributes(pairs).get("r")
            if found is not None:
                if not found.isdigit() or not found.isascii() or len(found) > 7:
                    raise Malformed(messages.CELL_REFERENCE.format(name=self.part, ref=found[:20]))
                self.row = int(found) - 1
        elif self.in_data and local == "c":
            found_attrs = _attributes(pairs)
            ref = found_attrs.get("r")
            if ref is not None:
                match = _REFERENCE.match(ref)
                if match is None:
                    raise Malformed(messages.CELL_REFERENCE.format(name=self.part, ref=ref[:20]))
                self.column = column_number(match.group(1)) - 1
                self.place = (int(match.group(2)) - 1, self.column)
            else:
                self.place = (self.row, self.column)
            self.depth, self.valued, self.chars, self.index = 1, False, 0, ""
            self.shared = found_attrs.get("t") == "s"

    def end(self, tag: str) -> None:
        if self.depth:
            self.depth -= 1
            if self.depth:
                return
            if self.valued:
                extent = self.extent
                extent.cells += 1
                extent.rows = max(extent.rows, self.place[0] + 1)
                extent.columns = max(extent.columns, self.place[1] + 1)
                if self.shared:
                    number = self.index.strip()
                    if number.isdigit() and int(number) < len(self.lengths):
                        extent.text += self.lengths[int(number)]
                else:
                    extent.text += self.chars
            self.column += 1
            return
        local = tag.rpartition(":")[2]
        if local == "row" and self.in_data:
            self.row += 1
            self.column = 0
        elif local == "sheetData":
            self.in_data = False

    def text(self, data: str) -> None:
        if self.depth:
            if self.shared and len(self.index) < 16:
                self.index += data
            self.chars += len(data.encode("utf-8", "surrogatepass"))

    def after(self) -> None:
        if self.elements > MAX_ELEMENTS:
            raise Over("elements", self.elements, self.extent.sheet)
        self.extent.check()


def _exactly(
    archive: zipfile.ZipFile, info: zipfile.ZipInfo, lengths: array, extent: Extent
) -> None:
    cells = _Cells(info.filename, lengths, extent)
    parser = xml_parser(info.filename)
    parser.StartElementHandler = cells.start
    parser.EndElementHandler = cells.end
    parser.CharacterDataHandler = cells.text
    feed(parser, info.filename, zipcheck.stream(archive, info), cells.after)
