"""A report's content, independent of PDF or Excel: header facts, title, paragraphs and tables."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date


@dataclass(frozen=True)
class Column:
    header: str
    width: float  # millimetres on paper; Excel widths derive from it
    kind: str = "text"  # text, int, money, percent, date, decimal


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
    number: str  # "Số: 12/BC-LĐLĐ"
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


def place_and_date(place: str, day: date) -> str:
    """`Ba Tri, ngày 05 tháng 4 năm 2024`: days 1–9 and months 1–2 take a leading zero."""
    month = f"{day.month:02d}" if day.month <= 2 else str(day.month)
    return f"{place}, ngày {day.day:02d} tháng {month} năm {day.year}"
