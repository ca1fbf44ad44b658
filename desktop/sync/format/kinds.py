"""The value kinds of bundle records (docs/bundle-format.md §6.1), checked two ways.

`value_check(kind)` judges one value: it finds the exact row and field a refusal names.
`column_check(kind, nullable)` judges a whole column at once with C-level passes (`map`, `set`,
`max`), so a 150,000-member merge does not pay a Python call per value; only a column that fails
is walked value by value to name its first bad row. Both accept exactly the same values.

Patterns use `fullmatch` and `[0-9]`: `$` also matches before a final newline and `\\d` takes
any script's digits, and neither is a date.
"""

from __future__ import annotations

import math
import re
import unicodedata
from collections import deque
from collections.abc import Callable, Iterable, Sequence
from datetime import date, datetime
from functools import partial
from operator import is_not, itemgetter
from typing import Any

from desktop.models import enums

MAX_TEXT = 20_000
INT_BOUND = 2**62
FLOAT_BOUND = 1e15

UUID = re.compile(r"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}")
DATE = re.compile(r"[0-9]{4}-(0[1-9]|1[0-2])-(0[1-9]|[12][0-9]|3[01])")
DATETIME = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}[ T][0-9]{2}:[0-9]{2}:[0-9]{2}(\.[0-9]{1,6})?")
PERIOD = re.compile(r"[0-9]{4}-(0[1-9]|1[0-2])")

ENUMS: dict[str, frozenset[str]] = {
    "sector": frozenset(enums.Sector),
    "union_kind": frozenset(enums.UnionKind),
    "employer_type": frozenset(enums.EmployerType),
    "rating": frozenset(enums.Rating),
    "gender": frozenset(enums.Gender),
    "member_status": frozenset(enums.MemberStatus),
    "household_status": frozenset(enums.HouseholdStatus),
    "event_kind": frozenset(enums.MemberEventKind),
    "prospect_status": frozenset(enums.ProspectStatus),
    "activity_kind": frozenset(enums.ActivityKind),
    "inspection_kind": frozenset(enums.InspectionKind),
    "inspection_scope": frozenset(enums.InspectionScope),
}

is_nfc: Callable[[str], bool] = partial(unicodedata.is_normalized, "NFC")


def real_date(value: Any) -> bool:
    """`YYYY-MM-DD` naming a day of the calendar (no 31 February)."""
    if type(value) is not str or DATE.fullmatch(value) is None:
        return False
    try:
        date.fromisoformat(value)
    except ValueError:
        return False
    return True


def real_datetime(value: Any) -> bool:
    if type(value) is not str or DATETIME.fullmatch(value) is None:
        return False
    try:
        datetime.fromisoformat(value)
    except ValueError:
        return False
    return True


def is_period(value: Any) -> bool:
    return type(value) is str and PERIOD.fullmatch(value) is not None


def is_uuid(value: Any) -> bool:
    return type(value) is str and UUID.fullmatch(value) is not None


def is_int(value: Any) -> bool:
    return type(value) is int and -INT_BOUND < value < INT_BOUND


def _is_float(value: Any) -> bool:
    if type(value) is float:
        return math.isfinite(value) and abs(value) < FLOAT_BOUND
    return is_int(value)


def _is_text(value: Any) -> bool:
    return type(value) is str and len(value) <= MAX_TEXT and is_nfc(value)


_SIMPLE: dict[str, Callable[[Any], bool]] = {
    "uuid": is_uuid,
    "text": _is_text,
    "derived": lambda v: type(v) is str,  # recomputed by the reader (§6.5): only its type counts
    "int": is_int,
    "float": _is_float,
    "bool": lambda v: type(v) is int and v in (0, 1),
    "date": real_date,
    "datetime": real_datetime,
    "period": is_period,
}


def value_check(kind: str) -> Callable[[Any], bool]:
    """The check of one value of `kind` (an enum name, a simple kind or ref.TABLE)."""
    if kind in ENUMS:
        allowed = ENUMS[kind]
        return lambda v: type(v) is str and v in allowed
    if kind.startswith("ref."):
        return is_uuid
    return _SIMPLE[kind]


def _only(values: Sequence[Any], *types: type) -> bool:
    return set(map(type, values)) <= set(types)


_DIGITS, _HEX = b"0123456789", b"0123456789abcdef"
_UUID_SHAPE = {8: "-", 13: "-", 18: "-", 23: "-"}
_DATE_SHAPE = {4: "-", 7: "-"}
_CLOCK_SHAPE = {**_DATE_SHAPE, 10: " T", 13: ":", 16: ":"}
_MONTHS = {f"{m:02d}" for m in range(1, 13)}
_NOT_NULL = partial(is_not, None)


def _shaped(values: Sequence[Any], width: int, marks: dict[int, str], fill: bytes) -> bool:
    """Every value a string of `width` ASCII characters with one of `marks[i]` at each place
    `i` and a character of `fill` everywhere else. Over the column joined: a few C passes
    instead of a regex call per value."""
    if not _only(values, str) or not set(map(len, values)) <= {width}:
        return False
    joined = "".join(values)
    if not joined.isascii():
        return False
    for place, allowed in marks.items():
        if not set(joined[place::width]) <= set(allowed):
            return False
    # The marks are no fill characters: whatever is left once the fill is gone is exactly
    # the marks, or a wrong character sits somewhere else.
    left = joined.encode("ascii").translate(None, delete=fill)
    return len(left) == len(values) * len(marks)


def _calendar(values: Iterable[str], parse: Callable[[str], Any]) -> bool:
    """Every value a real day (and time): the parser refuses 31 February and 24:00."""
    try:
        deque(map(parse, values), maxlen=0)
    except ValueError:
        return False
    return True


def _uuids(values: Sequence[Any]) -> bool:
    return _shaped(values, 36, _UUID_SHAPE, _HEX)


def _dates(values: Sequence[Any]) -> bool:
    return _shaped(values, 10, _DATE_SHAPE, _DIGITS) and _calendar(set(values), date.fromisoformat)


def _datetimes(values: Sequence[Any]) -> bool:
    """Whole seconds (19 characters) or a fraction of 1 to 6 digits, one width a column (a
    column of mixed widths is checked value by value)."""
    if not _only(values, str):
        return False
    widths = set(map(len, values))
    if len(widths) != 1:
        return all(map(real_datetime, set(values)))
    width = widths.pop()
    if width == 19:
        marks = _CLOCK_SHAPE
    elif 21 <= width <= 26:
        marks = {**_CLOCK_SHAPE, 19: "."}
    else:
        return False
    return _shaped(values, width, marks, _DIGITS) and _calendar(values, datetime.fromisoformat)


def _periods(values: Sequence[Any]) -> bool:
    if not _shaped(values, 7, {4: "-"}, _DIGITS):
        return False
    return set(map(itemgetter(slice(5, 7)), values)) <= _MONTHS


def _ints(values: Sequence[Any]) -> bool:
    return _only(values, int) and (
        not values or (min(values) > -INT_BOUND and max(values) < INT_BOUND)
    )


def _texts(values: Sequence[Any]) -> bool:
    return (
        _only(values, str)
        and max(map(len, values), default=0) <= MAX_TEXT
        and all(map(is_nfc, values))
    )


def _column_check(kind: str) -> Callable[[Sequence[Any]], bool]:
    if kind in ENUMS:
        allowed = ENUMS[kind]
        return lambda values: _only(values, str) and set(values) <= allowed
    if kind.startswith("ref."):
        return _uuids
    simple: dict[str, Callable[[Sequence[Any]], bool]] = {
        "uuid": _uuids,
        "text": _texts,
        "derived": lambda values: _only(values, str),
        "int": _ints,
        "float": lambda values: all(map(_is_float, values)),
        "bool": lambda values: _only(values, int) and set(values) <= {0, 1},
        "date": _dates,
        "datetime": _datetimes,
        "period": _periods,
    }
    return simple[kind]


def column_check(kind: str, nullable: bool) -> Callable[[Sequence[Any]], bool]:
    """True when every value of the column is a valid `kind` (or null where allowed)."""
    check = _column_check(kind)
    if nullable:
        return lambda column: check(list(filter(_NOT_NULL, column)))
    return check
