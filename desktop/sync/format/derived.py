"""Columns the receiver computes again instead of trusting the file (docs/bundle-format.md §6.5).

`name_key` (the folded name that search compares) and `sort_key` (the Vietnamese order of names)
follow from a name. A foreign writer's guess, or an office database made by an older release,
would silently break the province's search and sort, so the merge throws the file's values away
and computes them with the builder every form and import of the office uses: a member's keys come
from `desktop.models.member_row.name_columns`, a union's from `desktop.text.fold`.

Names repeat a great deal in a district (the same family, middle and given names), so each
distinct name is computed once per bundle.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from desktop.models.member_row import name_columns
from desktop.sync.format.tables import BUNDLE_SCHEMA, SPECS
from desktop.text import fold


def member_fold(full_name: str) -> str:
    """A member's `name_key`, as every writer of a member row stores it."""
    return name_columns(full_name)["name_key"]


def member_sort_key(full_name: str) -> str:
    """A member's `sort_key`, as every writer of a member row stores it."""
    return name_columns(full_name)["sort_key"]


# table → [(derived column, the column it is computed from, how)]
DERIVED: dict[str, tuple[tuple[str, str, Callable[[str], str]], ...]] = {
    "grassroots_union": (("name_key", "name", fold),),
    "member": (
        ("name_key", "full_name", member_fold),
        ("sort_key", "full_name", member_sort_key),
    ),
}


def _position(table: str, column: str) -> int:
    return [c.name for c in SPECS[BUNDLE_SCHEMA][table]].index(column)


def recompute(table: str, rows: list[list[Any]]) -> list[list[Any]]:
    """`rows` (bundle column order) with every derived column computed from its source."""
    rules = DERIVED.get(table)
    if not rules or not rows:
        return rows
    fixed = [list(row) for row in rows]
    for derived, source, how in rules:
        to, start = _position(table, derived), _position(table, source)
        values = {name: how(name) for name in {row[start] for row in fixed}}
        for row in fixed:
            row[to] = values[row[start]]
    return fixed
