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
from collections.abc import Callable, Iterable
from datetime import date, datetime
from functools import cache, partial
from operator import itemgetter
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


def _only(values: Iterable[Any], *types: type) -> bool:
    return set(map(type, values)) <= set(types)


def _run(pattern: str) -> re.Pattern[str]:
    """Any number of `pattern` back to back: one regex pass over a column joined together."""
    return re.compile(f"(?:{pattern})*")


_UUIDS = _run(UUID.pattern)
_DATES = _run(DATE.pattern)
# The clock checked by the pattern; the day against the calendar comes after.
_CLOCK = r"[0-9]{4}-(0[1-9]|1[0-2])-[0-3][0-9][ T]([01][0-9]|2[0-3]):[0-5][0-9]:[0-5][0-9]"


@cache
def _datetimes_of(width: int) -> re.Pattern[str] | None:
    """The pattern of a column of datetimes all `width` characters long (19: whole seconds,
    21 to 26: a fraction of 1 to 6 digits)."""
    if width == 19:
        return _run(_CLOCK)
    if 21 <= width <= 26:
        return _run(_CLOCK + rf"\.[0-9]{{{width - 20}}}")
    return None


_FIRST_TEN = itemgetter(slice(0, 10))


def _same_width(values: list[Any], width: int) -> bool:
    return _only(values, str) and set(map(len, values)) <= {width}


def _calendar_days(days: Iterable[str]) -> bool:
    try:
        deque(map(date.fromisoformat, set(days)), maxlen=0)
    except ValueError:
        return False
    return True


def _uuids(values: list[Any]) -> bool:
    return _same_width(values, 36) and _UUIDS.fullmatch("".join(values)) is not None


def _dates(values: list[Any]) -> bool:
    if not _same_width(values, 10) or _DATES.fullmatch("".join(values)) is None:
        return False
    return _calendar_days(values)


def _datetimes(values: list[Any]) -> bool:
    """A column of one width is one pass; mixed widths are checked value by value."""
    if not _only(values, str):
        return False
    widths = set(map(len, values))
    pattern = _datetimes_of(widths.pop()) if len(widths) == 1 else None
    if pattern is None:
        return all(map(real_datetime, set(values)))
    if pattern.fullmatch("".join(values)) is None:
        return False
    return _calendar_days(map(_FIRST_TEN, values))


def _ints(values: list[Any]) -> bool:
    return _only(values, int) and (
        not values or (min(values) > -INT_BOUND and max(values) < INT_BOUND)
    )


def _column_check(kind: str) -> Callable[[list[Any]], bool]:
    if kind in ENUMS:
        allowed = ENUMS[kind]
        return lambda values: _only(values, str) and set(values) <= allowed
    if kind == "uuid" or kind.startswith("ref."):
        return _uuids
    if kind == "text":
        return lambda values: (
            _only(values, str)
            and max(map(len, values), default=0) <= MAX_TEXT
            and all(map(is_nfc, values))
        )
    if kind == "derived":
        return lambda values: _only(values, str)
    if kind == "bool":
        return lambda values: _only(values, int) and set(values) <= {0, 1}
    if kind == "period":
        return lambda values: _only(values, str) and all(map(is_period, set(values)))
    if kind == "float":
        return lambda values: all(map(_is_float, values))
    return {"int": _ints, "date": _dates, "datetime": _datetimes}[kind]


def column_check(kind: str, nullable: bool) -> Callable[[tuple[Any, ...]], bool]:
    """True when every value of the column is a valid `kind` (or null where allowed)."""
    check = _column_check(kind)
    if nullable:
        return lambda column: check([v for v in column if v is not None])
    return lambda column: check(list(column))
