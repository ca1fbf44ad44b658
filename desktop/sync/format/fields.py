"""Shapes of the fields of the signed documents: envelope, manifest, key announcements, package
contents (docs/bundle-format.md §4, §5, §8, §9).

Each check answers with the Vietnamese reason a field is wrong, or None. An object must have
exactly its documented fields: a field added by a writer means a new format version, which an
older reader refuses with update advice instead of ignoring something it cannot understand.
"""

from __future__ import annotations

import re
from datetime import datetime
from typing import Any

from desktop.sync.format import messages
from desktop.sync.format.kinds import INT_BOUND, is_period, is_uuid

_HEX = {n: re.compile(f"[0-9a-f]{{{n}}}") for n in (16, 24, 64, 96, 128)}
CREATED_AT = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}:[0-9]{2}(\.[0-9]{1,6})?Z")
ROLES = ("district", "province")
# A key announcement (§8): the six signed fields, then the replaced key's signature over them.
ANNOUNCEMENT_FIELDS = (
    "unit_code",
    "key_id",
    "sign_public",
    "box_public",
    "replaces_key_id",
    "valid_from_sequence",
)


def is_hex(value: Any, digits: int) -> bool:
    """Lower-case hexadecimal of exactly `digits` digits."""
    return type(value) is str and _HEX[digits].fullmatch(value) is not None


def is_count(value: Any, least: int = 0) -> bool:
    return type(value) is int and least <= value < INT_BOUND


def is_created_at(value: Any) -> bool:
    """ISO 8601 in UTC with a `Z`: `2024-07-01T08:30:00Z` (fraction of a second allowed)."""
    if type(value) is not str or CREATED_AT.fullmatch(value) is None:
        return False
    try:
        datetime.fromisoformat(value[:-1])
    except ValueError:
        return False
    return True


def fields_problem(value: Any, names: tuple[str, ...], what: str) -> str | None:
    """Why `value` is not an object with exactly the fields `names`."""
    if not isinstance(value, dict):
        return messages.FIELD_NOT_OBJECT.format(what=what)
    missing = [n for n in names if n not in value]
    if missing:
        return messages.FIELD_MISSING.format(what=what, name=missing[0])
    extra = sorted(set(value) - set(names))
    if extra:
        return messages.FIELD_EXTRA.format(what=what, name=str(extra[0])[:40])
    return None


def hex_problem(value: Any, digits: int, what: str) -> str | None:
    return None if is_hex(value, digits) else messages.FIELD_HEX.format(what=what, digits=digits)


def count_problem(value: Any, what: str, least: int = 0) -> str | None:
    return None if is_count(value, least) else messages.FIELD_COUNT.format(what=what, least=least)


def text_problem(value: Any, what: str) -> str | None:
    if type(value) is str and value.strip():
        return None
    return messages.FIELD_EMPTY.format(what=what)


def party_problem(value: Any, side: str) -> str | None:
    """`unit` / `addressee`: {code, name, role}, code and name non-empty."""
    problem = fields_problem(value, ("code", "name", "role"), side)
    if problem:
        return problem
    for name in ("code", "name"):
        problem = text_problem(value[name], f"{side}.{name}")
        if problem:
            return problem
    if value["role"] not in ROLES:
        return messages.FIELD_ROLE.format(what=f"{side}.role")
    return None


def uuid_problem(value: Any, what: str) -> str | None:
    return None if is_uuid(value) else messages.FIELD_UUID.format(what=what)


def period_problem(value: Any, what: str) -> str | None:
    if is_period(value):
        return None
    return messages.FIELD_PERIOD.format(what=what, value=repr(str(value)[:20]))


def created_at_problem(value: Any, what: str) -> str | None:
    if is_created_at(value):
        return None
    return messages.FIELD_CREATED_AT.format(what=what, value=repr(str(value)[:30]))
