"""The office's working settings beyond the letterhead: document numbers, the day the monthly
bundle is due, the second backup folder and the idle lock.

All of them live in the database's `setting` table (desktop/services/settings.py), so a backup
carries them and every PC that opens the file sees the same; a province's PostgreSQL database
keeps them the same way. `update_preferences` checks every field first and then writes them all
in one transaction, audited in it. Each problem is a
Vietnamese sentence keyed by field and starting with the field's label, so the «Cài đặt» dialog
shows it beside its field.

Document numbers (Decree 30/2020, Article 15): a document's number is its place among the
documents the office issued that year, so the series starts again at 01 every 1 January. Each
kind of document counted in the number line (`BC` reports, `DS` lists: «Số: 12/BC-LĐLĐ») has
its own series, so two reports never share a number; the counter is kept per kind and year.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING

from desktop.errors import UserError
from desktop.format import period_label, vn_date
from desktop.periods import parse_month
from desktop.services.settings import (
    BACKUP_FOLDER,
    DEFAULT_IDLE_LOCK_MINUTES,
    IDLE_LOCK_MINUTES,
    IDLE_LOCK_OUT_OF_RANGE,
    MAX_IDLE_LOCK_MINUTES,
)

if TYPE_CHECKING:
    from desktop.store import Store

DUE_DAY = "bundle_due_day"
NUMBER_KEY = "doc_number:{series}:{year}"  # the NEXT number of a series in a year
# The number line's abbreviation of each document kind (desktop/reports/content.py) and its name.
SERIES = {"BC": "Báo cáo", "DS": "Danh sách"}
MAX_NUMBER = 9999
# Until an office sets its own day, the dashboard keeps last month's bundle on its list for the
# whole month after it (as it always has): 28 is the latest day every month has.
DEFAULT_DUE_DAY = 28
LAST_DUE_DAY = 28  # February has 28 days: any later day would move from month to month

LABELS = {
    **{
        f"next_{series}": f"Số tiếp theo của {name.lower()} ({series})"
        for series, name in SERIES.items()
    },
    "due_day": "Hạn gửi gói dữ liệu tháng",
    "backup_folder": "Thư mục sao lưu thứ hai",
    "idle_lock_minutes": "Khóa màn hình sau (phút)",
}
NOT_A_NUMBER = "{label}: phải là số nguyên từ 1 đến {limit}; đã ghi «{text}»."
BAD_DUE_DAY = (
    "{label}: phải là một ngày trong tháng, số nguyên từ 1 đến {last} (tháng Hai chỉ có 28 "
    "ngày); đã ghi «{text}»."
)
NO_FOLDER = "{label}: không tìm thấy thư mục «{folder}» trên máy này."
NOT_A_FOLDER = "{label}: «{folder}» là một tệp, không phải thư mục."
UNKNOWN_SERIES = "Không có loại văn bản «{series}»; các loại: {choices}."


@dataclass(frozen=True)
class Preferences:
    year: int  # the year of `next_numbers`
    next_numbers: tuple[tuple[str, int], ...]  # (series, next number), in SERIES order
    due_day: int
    backup_folder: str  # "" when none was chosen
    idle_lock_minutes: int

    def values(self) -> dict[str, str]:
        """Every field as the «Cài đặt» dialog shows it."""
        numbers = {f"next_{series}": str(value) for series, value in self.next_numbers}
        return numbers | {
            "due_day": str(self.due_day),
            "backup_folder": self.backup_folder,
            "idle_lock_minutes": str(self.idle_lock_minutes),
        }


def _read(store: Store, keys: list[str]) -> dict[str, str]:
    from sqlalchemy import text

    marks = ", ".join(f":k{i}" for i in range(len(keys)))
    bound = {f"k{i}": key for i, key in enumerate(keys)}
    with store.reading() as con:
        rows = con.execute(text(f"SELECT key, value FROM setting WHERE key IN ({marks})"), bound)
        return {key: value for key, value in rows}


def _whole(text: str) -> int | None:
    """`12` → 12; anything but plain ASCII digits (`١٢`, `12a`, `-1`, ``) → None."""
    cleaned = text.strip()
    return int(cleaned) if cleaned.isascii() and cleaned.isdigit() else None


def number_key(series: str, year: int) -> str:
    if series not in SERIES:
        raise UserError(UNKNOWN_SERIES.format(series=series, choices=", ".join(SERIES)))
    return NUMBER_KEY.format(series=series, year=year)


def next_number(store: Store, series: str, year: int) -> int:
    """The number the next document of `series` issued in `year` takes (1 in a new year)."""
    key = number_key(series, year)
    found = _whole(_read(store, [key]).get(key, ""))
    return found if found is not None and 1 <= found <= MAX_NUMBER else 1


def number_used(store: Store, series: str, issued_on: date, number: str | None) -> int:
    """A document of `series` went out (saved or printed) with `number`: the series goes on
    after it. A number typed lower than the next one (a document issued again, or one the office
    numbered by hand) never takes the series back; a blank or non-numeric number (`12a`, room
    left to write by hand) leaves it as it is. Returns the next number now."""
    key = number_key(series, issued_on.year)
    used = _whole(number or "")
    current = next_number(store, series, issued_on.year)
    if used is None or used < current or used >= MAX_NUMBER:
        return current
    from desktop.services.settings import set_setting

    set_setting(store, key, str(used + 1))
    return used + 1


def bundle_due_day(store: Store) -> int:
    """The day of the month by which last month's bundle is due at the province."""
    found = _whole(_read(store, [DUE_DAY]).get(DUE_DAY, ""))
    return found if found is not None and 1 <= found <= LAST_DUE_DAY else DEFAULT_DUE_DAY


def bundle_deadline(period: str, due_day: int) -> date:
    """`2026-11` with day 5 → 05/12/2026: the bundle of a month is due in the month after it."""
    last = parse_month(period).last
    following = date(last.year + (last.month == 12), last.month % 12 + 1, 1)
    return following.replace(day=due_day)


def is_current(period: str, today: date) -> bool:
    """Whether `period` is the month just before `today`'s: the bundle a working office owes now
    (an archive or the demo, opened years later, owes nothing by a date)."""
    first = parse_month(period).first
    return (first.year * 12 + first.month) + 1 == today.year * 12 + today.month


def bundle_due_note(period: str, due_day: int, today: date, *, sent: bool) -> str:
    """What the dashboard's to-do line adds about the date: «, hạn 05/12/2026» before it,
    «, quá hạn từ 05/12/2026» after it while unsent; "" once sent or for an earlier month."""
    if sent or not is_current(period, today):
        return ""
    deadline = bundle_deadline(period, due_day)
    if today > deadline:
        return f", quá hạn từ {vn_date(deadline)}"
    return f", hạn {vn_date(deadline)}"


def bundle_deadline_text(store: Store, period: str, today: date, *, sent: bool) -> str:
    """The Đồng bộ screen's line for the month chosen: «Hạn gửi gói tháng 11/2026: 05/12/2026»,
    then whether it went, or is late."""
    deadline = bundle_deadline(period, bundle_due_day(store))
    text = f"Hạn gửi gói {period_label(period)}: {vn_date(deadline)}"
    if sent:
        return text + " (đã xuất)"
    if is_current(period, today) and today > deadline:
        return text + " (đã quá hạn)"
    return text


def read_preferences(store: Store, year: int) -> Preferences:

    return _preferences(store, year)


def _preferences(store: Store, year: int) -> Preferences:
    keys = [number_key(series, year) for series in SERIES]
    stored = _read(store, [*keys, DUE_DAY, BACKUP_FOLDER, IDLE_LOCK_MINUTES])
    minutes = _whole(stored.get(IDLE_LOCK_MINUTES, ""))
    if minutes is None or minutes > MAX_IDLE_LOCK_MINUTES:
        minutes = DEFAULT_IDLE_LOCK_MINUTES
    return Preferences(
        year=year,
        next_numbers=tuple((series, next_number(store, series, year)) for series in SERIES),
        due_day=bundle_due_day(store),
        backup_folder=stored.get(BACKUP_FOLDER, "").strip(),
        idle_lock_minutes=minutes,
    )


def preference_problems(changes: Mapping[str, str]) -> dict[str, str]:
    """Field → what is wrong with its new value; empty when every value can be saved."""
    problems: dict[str, str] = {}
    for key, text in changes.items():
        if key not in LABELS:
            raise ValueError(f"unknown preference {key!r}")
        label, value = LABELS[key], _whole(text)
        if key.startswith("next_") and (value is None or not 1 <= value <= MAX_NUMBER):
            problems[key] = NOT_A_NUMBER.format(label=label, limit=MAX_NUMBER, text=text)
        elif key == "due_day" and (value is None or not 1 <= value <= LAST_DUE_DAY):
            problems[key] = BAD_DUE_DAY.format(label=label, last=LAST_DUE_DAY, text=text)
        elif key == "idle_lock_minutes" and (value is None or value > MAX_IDLE_LOCK_MINUTES):
            problems[key] = IDLE_LOCK_OUT_OF_RANGE.format(text=text)
        elif key == "backup_folder" and text.strip():
            folder = Path(text.strip())
            if not folder.exists():
                problems[key] = NO_FOLDER.format(label=label, folder=folder)
            elif not folder.is_dir():
                problems[key] = NOT_A_FOLDER.format(label=label, folder=folder)
    return problems


def _permit(keys: set[str]) -> None:
    """Each setting asks the right it guards: the idle lock is an administrator's, the backup
    folder follows the backups, the rest is the office's data."""
    from desktop.services.roles import Action, permit

    if "idle_lock_minutes" in keys:
        permit(Action.USERS)
    if "backup_folder" in keys:
        permit(Action.BACKUP)
    if keys - {"idle_lock_minutes", "backup_folder"}:
        permit(Action.EDIT)


def update_preferences(store: Store, changes: Mapping[str, str], year: int) -> Preferences:
    """Save the given fields (numbers for `year`); refuses every problem at once, else writes
    them all in one transaction."""
    _permit(set(changes))
    problems = preference_problems(changes)
    if problems:
        raise UserError("\n".join(problems.values()))
    if not changes:
        return read_preferences(store, year)
    stored: dict[str, str] = {}
    for key, text in changes.items():
        if key.startswith("next_"):
            stored[number_key(key.removeprefix("next_"), year)] = str(_whole(text))
        elif key == "due_day":
            stored[DUE_DAY] = str(_whole(text))
        elif key == "idle_lock_minutes":
            stored[IDLE_LOCK_MINUTES] = str(_whole(text))
        else:
            stored[BACKUP_FOLDER] = str(Path(text.strip())) if text.strip() else ""
    from desktop.models import Setting
    from desktop.services.audit_chain import NewEntry, append

    with store.unit_of_work() as uow:
        for key, value in stored.items():
            row = uow.session.get(Setting, key)
            if row is None:
                uow.session.add(Setting(key=key, value=value))
            else:
                row.value = value
        uow.session.flush()
        detail = "cài đặt: " + ", ".join(LABELS[key] for key in changes)
        append(uow.connection, [NewEntry("edit", detail)])
    return read_preferences(store, year)
