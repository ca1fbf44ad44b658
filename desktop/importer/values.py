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
from desktop.importer.text_rules import MAX_TEXT, group, printable, text_problem
from desktop.text import clean, fold

FIRST_YEAR, LAST_YEAR = 1900, 2100
_EXCEL_EPOCH = date(1899, 12, 30)
# ASCII digits only: "²" is a digit to str.isdigit() and int() refuses it; "٠٨٣" is one to \d.
_SCIENTIFIC = re.compile(r"^\d+(?:[.,]\d+)?\s*[eE]\s*[+-]?\d+$", re.ASCII)
_WHOLE_FLOAT = re.compile(r"^(\d+)[.,]0+$", re.ASCII)
# Groups of digits with a space, dot or dash between them: no sign, nothing before or after.
_ID_AS_TYPED = re.compile(r"^[0-9]+(?:[ .\u00a0-][0-9]+)*$")
SHOWN = 60  # characters of a cell quoted in a message
MAX_COUNT = 1_000_000  # workers of one union: the union form's own limit

# The width of the column each text field is stored in (desktop/models): the member and union
# forms keep to it, and it is far inside what a bundle accepts (text_rules.MAX_TEXT), so what an
# import takes the province takes too. Fields not listed hold up to MAX_TEXT (notes).
FIELD_LIMITS: dict[str, int] = {
    "full_name": 120,
    "family_name": 120,
    "given_name": 120,
    "card_number": 20,
    "phone": 20,
    "ethnicity": 40,
    "job_title": 120,
    "union": 250,
    "name": 250,
    "address": 250,
    "chair_name": 120,
    "commune": 250,
}
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


def shown(typed: str) -> str:
    """A cell's text as a message quotes it: printable, and cut after SHOWN characters."""
    return printable(typed, SHOWN)


def field_text(value: Cell, field: str) -> str:
    """text(value) as `field` stores it; ValueProblem when it holds a control character, a
    bidi override or an escape sequence, or is longer than the field holds."""
    typed = text(value)
    limit = FIELD_LIMITS.get(field, MAX_TEXT)
    problem = text_problem(typed, MAX_TEXT)
    if problem is not None and len(typed) <= MAX_TEXT:
        raise ValueProblem(messages.TEXT_BAD_CHARACTER.format(text=shown(typed), problem=problem))
    if len(typed) > limit:
        raise ValueProblem(
            messages.TEXT_TOO_LONG.format(
                text=shown(typed), length=group(len(typed)), limit=group(limit)
            )
        )
    return typed


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
    if len(typed) > 40:  # no date is written this long; the message quotes a short part
        raise ValueProblem(messages.NOT_A_DATE.format(text=shown(typed)))
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
    raise ValueProblem(messages.NOT_A_DATE.format(text=shown(typed)))


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
            raise ValueProblem(messages.SCIENTIFIC_ID.format(text=shown(typed)))
        whole = _WHOLE_FLOAT.match(typed)  # "83080678231.0": a number written out as text
        if whole is None and (len(typed) > 40 or not _ID_AS_TYPED.match(typed)):
            # "-083…", "--083…-…", "083⁰…" or letters: never read as a number.
            raise ValueProblem(messages.ID_NOT_DIGITS.format(text=shown(typed)))
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
    raise ValueProblem(messages.NOT_A_GENDER.format(text=shown(text(value))))


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
        if float(value).is_integer() and 0 <= value <= MAX_COUNT:
            return int(value)
        raise ValueProblem(messages.NOT_A_NUMBER.format(text=cell_text(value)))
    typed = str(value).strip()
    compact = re.sub(r"[ .,\u00a0]", "", typed)
    if compact.isascii() and compact.isdigit() and len(compact) <= 7 and int(compact) <= MAX_COUNT:
        return int(compact)
    raise ValueProblem(messages.NOT_A_NUMBER.format(text=shown(typed)))
