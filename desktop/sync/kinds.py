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
from collections.abc import Callable, Iterable
from datetime import date, datetime
from functools import partial
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


def _strings_matching(values: list[Any], pattern: re.Pattern[str]) -> bool:
    return _only(values, str) and all(map(pattern.fullmatch, values))


def _column_check(kind: str) -> Callable[[list[Any]], bool]:
    if kind in ENUMS:
        allowed = ENUMS[kind]
        return lambda values: _only(values, str) and set(values) <= allowed
    if kind == "uuid" or kind.startswith("ref."):
        return lambda values: _strings_matching(values, UUID)
    if kind == "text":
        return lambda values: (
            _only(values, str)
            and max(map(len, values), default=0) <= MAX_TEXT
            and all(map(is_nfc, values))
        )
    if kind == "derived":
        return lambda values: _only(values, str)
    if kind == "int":
        return lambda values: _only(values, int) and all(map(is_int, set(values)))
    if kind == "bool":
        return lambda values: _only(values, int) and set(values) <= {0, 1}
    # Dates, times and periods repeat a lot: each distinct one is checked once.
    single = {"date": real_date, "datetime": real_datetime, "period": is_period, "float": _is_float}
    check = single[kind]
    return lambda values: all(map(check, set(values) if _only(values, str) else values))


def column_check(kind: str, nullable: bool) -> Callable[[tuple[Any, ...]], bool]:
    """True when every value of the column is a valid `kind` (or null where allowed)."""
    check = _column_check(kind)
    if nullable:
        return lambda column: check([v for v in column if v is not None])
    return lambda column: check(list(column))
