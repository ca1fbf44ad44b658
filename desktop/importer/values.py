"""Cell values as offices type them: citizen IDs that became numbers, dates as text or a bare year,
genders in any case, X marks, counts with thousands dots.

Each parser returns the clean value or raises ValueProblem with the Vietnamese sentence that says
what to fix; the caller adds the place (sheet, row, column).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, datetime, timedelta

from desktop.citizen_id import citizen_id_problems, digits_only
from desktop.importer import messages
from desktop.importer.read import Cell, cell_text
from desktop.text import clean, fold

FIRST_YEAR, LAST_YEAR = 1900, 2100
_EXCEL_EPOCH = date(1899, 12, 30)
_SCIENTIFIC = re.compile(r"^\d+(?:[.,]\d+)?\s*[eE]\s*[+-]?\d+$")
_WHOLE_FLOAT = re.compile(r"^(\d+)[.,]0+$")
# "05/04/1986", and "05/04/1986 00:00:00" as a date cell pasted as text carries its midnight.
_DMY = re.compile(r"^(\d{1,2})\s*[/.\-]\s*(\d{1,2})\s*[/.\-]\s*(\d{2,4})(?:\s+0?0:00(?::00)?)?$")
_ISO = re.compile(r"^(\d{4})-(\d{1,2})-(\d{1,2})(?:[ T]\d{1,2}:\d{2}(?::\d{2})?)?$")
_MONTH_YEAR = re.compile(r"^(\d{1,2})\s*[/.\-]\s*(\d{4})$")
_YEAR = re.compile(r"^(\d{4})$")
_MARKS = frozenset({"x", "v", "✓", "✔", "√", "co", "1", "xx"})


class ValueProblem(Exception):
    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


@dataclass(frozen=True)
class DateValue:
    value: date
    partial: bool  # only a year (1 January) or a month and year (the 1st) was written


def is_blank(value: Cell) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())


def text(value: Cell) -> str:
    """NFC, single spaces, trimmed."""
    return clean(cell_text(value))


def _checked(day: int, month: int, year: int, typed: str) -> date:
    if not FIRST_YEAR <= year <= LAST_YEAR:
        raise ValueProblem(messages.YEAR_OUT.format(year=year))
    try:
        return date(year, month, day)
    except ValueError:
        raise ValueProblem(
            messages.IMPOSSIBLE_DATE.format(text=typed, day=day, month=month)
        ) from None


def parse_date(value: Cell) -> DateValue:
    """A date cell, dd/mm/yyyy or d/m/yyyy text, mm/yyyy, a year alone, or Excel's day number."""
    if isinstance(value, datetime):
        return DateValue(value.date(), False)
    if isinstance(value, date):
        return DateValue(value, False)
    if isinstance(value, bool):
        raise ValueProblem(messages.NOT_A_DATE.format(text=cell_text(value)))
    if isinstance(value, int | float):
        if float(value).is_integer() and FIRST_YEAR <= value <= LAST_YEAR:
            return DateValue(date(int(value), 1, 1), True)
        if float(value).is_integer() and 1 <= value <= 73050:
            # A date whose cell lost its date format shows Excel's day count (1 = 01/01/1900).
            return DateValue(_EXCEL_EPOCH + timedelta(days=int(value)), False)
        raise ValueProblem(messages.NOT_A_DATE.format(text=cell_text(value)))
    typed = " ".join(str(value).split())
    found = _DMY.match(typed)
    if found:
        day, month, year = (int(g) for g in found.groups())
        if len(found.group(3)) != 4:
            raise ValueProblem(messages.TWO_DIGIT_YEAR.format(text=typed))
        return DateValue(_checked(day, month, year, typed), False)
    found = _ISO.match(typed)
    if found:
        year, month, day = (int(g) for g in found.groups())
        return DateValue(_checked(day, month, year, typed), False)
    found = _MONTH_YEAR.match(typed)
    if found:
        month, year = int(found.group(1)), int(found.group(2))
        return DateValue(_checked(1, month, year, typed), True)
    found = _YEAR.match(typed)
    if found:
        year = int(found.group(1))
        return DateValue(_checked(1, 1, year, typed), True)
    raise ValueProblem(messages.NOT_A_DATE.format(text=typed))


@dataclass(frozen=True)
class CitizenId:
    number: str
    padded: bool  # leading zeros were put back


def parse_citizen_id(value: Cell, gender: str | None, born: date | None) -> CitizenId:
    """The 12-digit text; zeros a number lost are put back only when the padded ID is valid."""
    if isinstance(value, float) and not value.is_integer():
        raise ValueProblem(messages.FRACTION_ID.format(text=cell_text(value)))
    if isinstance(value, int | float) and not isinstance(value, bool):
        number = str(int(value))
    else:
        typed = str(value).strip()
        if _SCIENTIFIC.match(typed):
            raise ValueProblem(messages.SCIENTIFIC_ID.format(text=typed))
        whole = _WHOLE_FLOAT.match(typed)  # "83080678231.0": a number written out as text
        number = whole.group(1) if whole else digits_only(typed)
    if number.isdigit() and len(number) in (10, 11):
        padded = number.zfill(12)
        if not citizen_id_problems(padded, gender, born):
            return CitizenId(padded, True)
    problems = citizen_id_problems(number, gender, born)
    if problems:
        raise ValueProblem(" ".join(problems))
    return CitizenId(number, False)


_GENDERS = {
    "nam": "male",
    "m": "male",
    "male": "male",
    "nu": "female",
    "f": "female",
    "female": "female",
}
_GENDER_AS_TYPED = {"Nam": "male", "Nữ": "female", "NAM": "male", "NỮ": "female"}


def parse_gender(value: Cell) -> str:
    typed = _GENDER_AS_TYPED.get(value) if isinstance(value, str) else None
    if typed:
        return typed
    key = fold(cell_text(value))
    if key in _GENDERS:
        return _GENDERS[key]
    raise ValueProblem(messages.NOT_A_GENDER.format(text=text(value)))


def is_mark(value: Cell) -> bool:
    """An X in a one-column-per-choice group (X, x, ✓, 1, có)."""
    if isinstance(value, bool):
        return value
    if isinstance(value, int | float):
        return value == 1
    return fold(cell_text(value)) in _MARKS


def parse_count(value: Cell) -> int:
    if isinstance(value, bool):
        raise ValueProblem(messages.NOT_A_NUMBER.format(text=cell_text(value)))
    if isinstance(value, int | float):
        if float(value).is_integer() and value >= 0:
            return int(value)
        raise ValueProblem(messages.NOT_A_NUMBER.format(text=cell_text(value)))
    typed = str(value).strip()
    compact = re.sub(r"[ .,\u00a0]", "", typed)
    if compact.isdigit():
        return int(compact)
    raise ValueProblem(messages.NOT_A_NUMBER.format(text=typed))
