"""What the rows of a unit-state bundle must say together (docs/bundle-format.md §6.1, §6.4).

- Nothing dated after the bundle's period: a bundle is the office's state at the end of its month,
  so a later event, activity or monthly value is a writer's mistake, and the province would count
  it in a month that has not come.
- One live row per key the province's database keeps unique (a union's rating of a year, a
  target's value or a task area's account of a month, an active member's citizen ID). Checked
  here so that `bundle verify` refuses what `bundle merge` could not store.
"""

from __future__ import annotations

import calendar
from collections.abc import Iterator
from functools import partial
from itertools import compress
from operator import eq, is_, is_not, itemgetter
from typing import Any

from desktop.format import number as grouped
from desktop.format import period_label
from desktop.sync.format import messages
from desktop.sync.format.errors import BundleRefused
from desktop.sync.format.kinds import DATE, DATETIME, MAX_TEXT, is_nfc
from desktop.sync.format.tables import BUNDLE_SCHEMA, DATED, SPECS, TABLE_ORDER

Rows = dict[str, list[list[Any]]]

# Dates that may not pass the period's last day, table by table (§6.4).
ENDS_BY_DAY: dict[str, tuple[str, ...]] = {
    **{table: (column,) for table, column in DATED.items()},
    "member": ("party_introduced_on", "smartca_installed_on"),
}
ENDS_BY_PERIOD = {"progress_entry": "period", "narrative": "period"}
_NOT_NULL = partial(is_not, None)
_IS_NULL = partial(is_, None)
_IS_ACTIVE = partial(eq, "active")


def _at(table: str, column: str) -> int:
    return [c.name for c in SPECS[BUNDLE_SCHEMA][table]].index(column)


def last_day(period: str) -> str:
    year, month = int(period[:4]), int(period[5:7])
    return f"{period}-{calendar.monthrange(year, month)[1]:02d}"


def value_problem(kind: str, value: Any) -> str:
    """Why a value is not of its kind, in Vietnamese."""
    if kind == "text" and type(value) is str:
        if len(value) > MAX_TEXT:
            return messages.TEXT_TOO_LONG.format(
                length=grouped(len(value)), limit=grouped(MAX_TEXT)
            )
        if not is_nfc(value):
            return messages.TEXT_NOT_NFC
    if type(value) is str and (
        (kind == "date" and DATE.fullmatch(value))
        or (kind == "datetime" and DATETIME.fullmatch(value))
    ):
        return messages.NO_SUCH_DAY.format(value=value)
    return messages.BAD_VALUE.format(value=repr(str(value)[:40]))


def _refuse(message: str) -> BundleRefused:
    return BundleRefused(message, "records")


def _check_ends(rows: Rows, period: str, file: str) -> None:
    end, label = last_day(period), period_label(period)
    for table in TABLE_ORDER:
        columns = [(c, end) for c in ENDS_BY_DAY.get(table, ())]
        if table in ENDS_BY_PERIOD:
            columns.append((ENDS_BY_PERIOD[table], period))
        for column, limit in columns:
            index = _at(table, column)
            latest = max(filter(_NOT_NULL, map(itemgetter(index), rows[table])), default=None)
            if latest is None or latest <= limit:
                continue
            for number, row in enumerate(rows[table], start=1):
                if row[index] is not None and row[index] > limit:
                    raise _refuse(
                        messages.RECORD_AFTER_PERIOD.format(
                            file=file,
                            table=table,
                            row=number,
                            field=column,
                            value=row[index],
                            period=label,
                        )
                    )


# What the activity form takes: target 7 sums these, so a bundle may not carry less or more.
HOUSES = (1, 1000)


def _check_houses(rows: Rows, file: str) -> None:
    index = _at("activity", "houses")
    for number, row in enumerate(rows["activity"], start=1):
        houses = row[index]
        if houses is not None and not HOUSES[0] <= houses <= HOUSES[1]:
            raise _refuse(
                messages.HOUSES_OUT_OF_RANGE.format(
                    file=file, row=number, value=houses, least=HOUSES[0], most=HOUSES[1]
                )
            )


def _check_joined(rows: Rows, period: str, file: str) -> None:
    """A member who joined after the end is in the bundle only through a live event by then."""
    end = last_day(period)
    joined, member_id = _at("member", "joined_on"), _at("member", "id")
    later = [row for row in rows["member"] if row[joined] is not None and row[joined] > end]
    if not later:
        return
    of, gone = _at("member_event", "member_id"), _at("member_event", "deleted_at")
    with_events = {row[of] for row in rows["member_event"] if row[gone] is None}
    for number, row in enumerate(rows["member"], start=1):
        if row[joined] is not None and row[joined] > end and row[member_id] not in with_events:
            raise _refuse(
                messages.RECORD_JOINED_AFTER.format(
                    file=file, row=number, value=row[joined], period=period_label(period)
                )
            )


_LIVE_KEYS = {
    "union_rating": ("union_id", "year"),
    "member": ("citizen_id",),
    "progress_entry": ("programme_year", "target_code", "period"),
    "narrative": ("programme_year", "task_area_number", "period"),
}


def _counted(table: str, rows: list[list[Any]]) -> list[bool]:
    """Which rows hold their key alone: live ones (and for members: active, with an ID)."""

    def column(name: str) -> Iterator[Any]:
        return map(itemgetter(_at(table, name)), rows)

    tests = [map(_IS_NULL, column("deleted_at"))]
    if table == "member":
        tests += [map(_IS_ACTIVE, column("status")), map(bool, column("citizen_id"))]
    return list(map(all, zip(*tests, strict=True)))


def _what(table: str, key: tuple[Any, ...]) -> str:
    if table == "member":
        return messages.SAME_CITIZEN_ID
    if table == "union_rating":
        return messages.SAME_RATING.format(union=key[0], year=key[1])
    if table == "progress_entry":
        return messages.SAME_PROGRESS.format(code=key[1], year=key[0], period=key[2])
    return messages.SAME_NARRATIVE.format(number=key[1], year=key[0], period=key[2])


def _check_unique_live(rows: Rows, file: str) -> None:
    for table, names in _LIVE_KEYS.items():
        counted = _counted(table, rows[table])
        keys = list(zip(*(map(itemgetter(_at(table, n)), rows[table]) for n in names), strict=True))
        chosen = list(compress(keys, counted))
        if len(set(chosen)) == len(chosen):
            continue
        seen: dict[tuple[Any, ...], int] = {}
        for number, (key, alone) in enumerate(zip(keys, counted, strict=True), start=1):
            first = seen.setdefault(key, number) if alone else number
            if first != number:
                raise _refuse(
                    messages.RECORD_SAME_KEY.format(
                        file=file, table=table, row=number, what=_what(table, key), first=first
                    )
                )


def check_rules(rows: Rows, period: str, file: str) -> None:
    """The rules between rows, once every value is known to be of its kind."""
    _check_ends(rows, period, file)
    _check_joined(rows, period, file)
    _check_houses(rows, file)
    _check_unique_live(rows, file)
