"""A report's content, independent of PDF or Excel: header facts, title, paragraphs and tables."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

# Decree 30/2020 Appendix III: the abbreviation of each document type in its number.
DOCUMENT_KINDS = {"BÁO CÁO": "BC", "DANH SÁCH": "DS"}
# Room for the registry number a clerk writes by hand: spaces that neither collapse nor break.
BLANK_NUMBER = "\u00a0" * 10
# Decree 30/2020 Appendix I: A4, top and bottom 20–25 mm, left 30–35 mm, right 15–20 mm. The page
# number sits in the top margin, `header` from the edge. Shared by the PDF and the workbook.
MARGINS_MM = {"top": 20.0, "bottom": 20.0, "left": 30.0, "right": 15.0, "header": 10.0}


@dataclass(frozen=True)
class Column:
    header: str
    width: float  # millimetres on paper; Excel widths derive from it
    kind: str = "text"  # text, int, money, percent, date, decimal


@dataclass(frozen=True)
class Typed:
    """A cell whose kind is not its column's: the targets table holds counts, percentages and
    ratios in the same columns, each row in its own unit."""

    value: object
    kind: str


def unwrap(value: object, kind: str) -> tuple[object, str]:
    """The cell's value and kind, its own when it is `Typed`, else the column's."""
    if isinstance(value, Typed):
        return value.value, value.kind
    return value, kind


@dataclass(frozen=True)
class Table:
    columns: tuple[Column, ...]
    rows: tuple[tuple[object, ...], ...]
    total: tuple[object, ...] | None = None
    # Row indexes (into rows) that are section headings spanning the table, e.g. a union's name.
    sections: frozenset[int] = frozenset()
    caption: str = ""


@dataclass(frozen=True)
class Paragraph:
    text: str
    bold: bool = False
    heading: bool = False


@dataclass(frozen=True)
class Letterhead:
    """What the office's settings put on every document (Decree 30/2020 header and footer)."""

    parent_body: str
    issuer: str
    registry_number: str  # "12"; "" leaves the room a clerk fills in by hand
    doc_prefix: str  # the issuer's part of the number: "LĐLĐ" in "Số: 12/BC-LĐLĐ"
    place: str
    issued_on: date
    signer_on_behalf: str
    signer_title: str
    signer_name: str
    recipients: tuple[str, ...]


@dataclass(frozen=True)
class Report:
    name: str
    title: str  # document type, e.g. "BÁO CÁO"
    subject: str
    letterhead: Letterhead
    blocks: tuple[Paragraph | Table, ...] = field(default_factory=tuple)
    landscape: bool = False
    personal_data: bool = False  # lists of members: warn before it leaves the PC

    @property
    def number_line(self) -> str:
        """`Số: 12/BC-LĐLĐ`, the type's abbreviation taken from the title (a list is `DS`);
        numbers under 10 take a leading zero (`Số: 07/BC-LĐLĐ`, Decree 30/2020 Appendix I)."""
        head = self.letterhead
        issuer = f"-{head.doc_prefix}" if head.doc_prefix else ""
        kind = DOCUMENT_KINDS[self.title]
        number = head.registry_number
        if len(number) == 1 and number in "0123456789":
            number = f"0{number}"
        return f"Số: {number or BLANK_NUMBER}/{kind}{issuer}"


def place_and_date(place: str, day: date) -> str:
    """`Ba Tri, ngày 05 tháng 4 năm 2024`: days 1–9 and months 1–2 take a leading zero.

    Without a place name (a draft: the report warns) the date stands alone, `Ngày 05 tháng 4
    năm 2024`, never after a dangling comma.
    """
    month = f"{day.month:02d}" if day.month <= 2 else str(day.month)
    when = f"ngày {day.day:02d} tháng {month} năm {day.year}"
    return f"{place.strip()}, {when}" if place.strip() else when[:1].upper() + when[1:]
