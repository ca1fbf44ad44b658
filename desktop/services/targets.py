"""The Chỉ tiêu screen's writes: quotas and entered monthly values, and what is due this month.
How a typed value is checked is desktop.programme.entered_values; pace is desktop.programme.pace.

Figures themselves come from desktop.services.progress; this module never recomputes them.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING, Any

from sqlalchemy import Connection, text

from desktop.errors import UserError
from desktop.format import number, period_label
from desktop.periods import parse_month
from desktop.programme.entered_values import (
    EnteredFigure,
    check_counts,
    check_value,
    counts_percent,
    parse_value,
    shown,
)
from desktop.services.progress import ensure_programme, programme_missing_text
from desktop.services.roles import Action, permit

if TYPE_CHECKING:
    from desktop.store import Store

NOT_ENTERED = "Chỉ tiêu {code} được tính từ hồ sơ, không nhập tay theo tháng."
UNKNOWN_TARGET = "Không có chỉ tiêu mã «{code}» trong chương trình năm {year}."
NOT_A_PERCENT = (
    "Chỉ tiêu {code} không tính bằng phần trăm: ghi một giá trị trong ô «Trong tháng», "
    "không ghi số người."
)


def _first(con: Connection, sql: str, **params: object) -> tuple[Any, ...] | None:
    row = con.execute(text(sql), params).first()
    return None if row is None else tuple(row)


def _office_code(con: Connection) -> str:
    row = _first(con, "SELECT code FROM office WHERE deleted_at IS NULL LIMIT 1")
    if row is None:
        raise UserError("Cơ sở dữ liệu chưa được khởi tạo cho đơn vị nào.")
    return str(row[0])


def _target(con: Connection, year: int, code: str) -> tuple[str, str, str]:
    row = _first(
        con,
        "SELECT t.id, t.unit, t.method FROM target t JOIN programme p ON p.id = t.programme_id "
        "WHERE p.year = :year AND t.code = :code AND t.deleted_at IS NULL "
        "AND p.deleted_at IS NULL",
        year=year,
        code=code,
    )
    if row is None:
        raise UserError(UNKNOWN_TARGET.format(code=code, year=year))
    return row[0], row[1], row[2]


def upsert_value(
    con: Connection,
    table: str,
    match: dict[str, object],
    value: float | None,
    extra: Mapping[str, object] | None = None,
) -> None:
    """One live row per key in `table` (quota, progress_entry); clearing soft-deletes it so a
    bundle carries the tombstone. `extra`: more columns written with the value (an entry's
    numerator and denominator). Runs in the caller's unit of work."""
    from datetime import UTC, datetime

    from desktop.models.base import new_id

    now = datetime.now(UTC).replace(tzinfo=None).isoformat(sep=" ")
    where = " AND ".join(f"{k} = :{k}" for k in match)
    row = _first(con, f"SELECT id FROM {table} WHERE deleted_at IS NULL AND {where}", **match)
    if row and value is None:
        con.execute(
            text(f"UPDATE {table} SET deleted_at = :now, updated_at = :now WHERE id = :id"),
            {"now": now, "id": row[0]},
        )
    elif row:
        sets = "".join(f", {k} = :{k}" for k in extra or {})
        con.execute(
            text(f"UPDATE {table} SET value = :value{sets}, updated_at = :now WHERE id = :id"),
            {"value": value, **(extra or {}), "now": now, "id": row[0]},
        )
    elif value is not None:
        values = {
            "id": new_id(),
            **match,
            "value": value,
            **(extra or {}),
            "created_at": now,
            "updated_at": now,
        }
        if table == "progress_entry":
            values["note"] = ""
        con.execute(
            text(
                f"INSERT INTO {table} ({', '.join(values)}) "
                f"VALUES ({', '.join(':' + k for k in values)})"
            ),
            values,
        )


def _upsert(
    store: Store,
    table: str,
    match: dict[str, object],
    value: float | None,
    what: str,
    extra: Mapping[str, object] | None = None,
) -> None:
    """The value and its audit entry, in one unit of work."""
    from desktop.services.audit_chain import NewEntry, append

    with store.unit_of_work() as uow:
        upsert_value(uow.plain(), table, match, value, extra)
        written = "(xóa)" if value is None else shown(value)
        append(uow.connection, [NewEntry("edit", f"{what} = {written}")])


def _programme_here(store: Store, year: int) -> None:
    """A quota or an entered value belongs to a target of the year's programme: before the
    programme arrives there is none to give it to, and the message says how to get it."""
    if ensure_programme(store, year) is None:
        raise UserError(programme_missing_text(year))


def set_quota(store: Store, year: int, code: str, text: str) -> float | None:
    """The quota the province allocated to this office for one target (from its letter)."""
    permit(Action.EDIT)
    _programme_here(store, year)
    with store.reading() as con:
        office = _office_code(con)
        target_id, unit, _ = _target(con, year, code)
    value = parse_value(text, code)
    if value is not None:
        check_value(code, unit, value)
    match: dict[str, object] = {"target_id": target_id, "unit_code": office}
    _upsert(store, "quota", match, value, f"chỉ tiêu giao {code} năm {year}")
    return value


def set_entry(store: Store, period_text: str, code: str, text: str) -> float | None:
    """The month's value of a target entered by hand: a count as typed; a percentage typed
    without its counts is kept, and read back marked WITHOUT_COUNTS (set_entry_counts is the
    way a percentage is entered)."""
    permit(Action.EDIT)
    period = parse_month(period_text)
    _programme_here(store, period.first.year)
    with store.reading() as con:
        office = _office_code(con)
        target_id, unit, method = _target(con, period.first.year, code)
    if method != "entered":
        raise UserError(NOT_ENTERED.format(code=code))
    value = parse_value(text, code)
    if value is not None:
        check_value(code, unit, value)
    match: dict[str, object] = {
        "target_id": target_id,
        "unit_code": office,
        "period": period.text,
    }
    # A value typed over an entry that had counts drops them: they no longer make the value.
    counts = {"numerator": None, "denominator": None}
    _upsert(store, "progress_entry", match, value, f"kết quả {code} {period.text}", counts)
    return value


def set_entry_counts(
    store: Store, period_text: str, code: str, reached: str, in_scope: str
) -> float | None:
    """The month's entered percentage from its two counts (people reached, people in scope):
    both kept, so a province adds counts up instead of averaging percentages, and the value is
    their quotient (counts_percent). Both empty clears the month's entry."""
    permit(Action.EDIT)
    period = parse_month(period_text)
    _programme_here(store, period.first.year)
    with store.reading() as con:
        office = _office_code(con)
        target_id, unit, method = _target(con, period.first.year, code)
        named = _first(con, "SELECT name FROM target WHERE id = :id", id=target_id)
    name = str(named[0]) if named else code
    if method != "entered":
        raise UserError(NOT_ENTERED.format(code=code))
    if unit != "percent":
        raise UserError(NOT_A_PERCENT.format(code=code))
    counts = check_counts(code, name, reached, in_scope)
    match: dict[str, object] = {
        "target_id": target_id,
        "unit_code": office,
        "period": period.text,
    }
    if counts is None:
        _upsert(store, "progress_entry", match, None, f"kết quả {code} {period.text}")
        return None
    value = counts_percent(*counts)
    what = f"kết quả {code} {period.text} ({number(counts[0])}/{number(counts[1])} người)"
    extra = {"numerator": float(counts[0]), "denominator": float(counts[1])}
    _upsert(store, "progress_entry", match, value, what, extra)
    return value


def entered_figures(store: Store, period_text: str) -> dict[str, tuple[EnteredFigure, ...]]:
    """Every entered target of the year's programme (by code) with this office's entries from
    January to `period`, oldest first: the month's own is the last when its period is
    `period`; the last is the one the year to date shows. Empty before the programme arrives."""
    period = parse_month(period_text)
    with store.reading() as con:
        office = _first(con, "SELECT code FROM office WHERE deleted_at IS NULL LIMIT 1")
        targets = con.execute(
            text(
                "SELECT t.id, t.code, t.unit FROM target t "
                "JOIN programme p ON p.id = t.programme_id WHERE p.year = :year "
                "AND t.method = 'entered' AND t.deleted_at IS NULL AND p.deleted_at IS NULL"
            ),
            {"year": period.first.year},
        ).all()
        if office is None or not targets:
            return {}
        rows = con.execute(
            text(
                "SELECT e.target_id, e.period, e.value, e.numerator, e.denominator "
                "FROM progress_entry e JOIN target t ON t.id = e.target_id "
                "JOIN programme p ON p.id = t.programme_id "
                "WHERE e.deleted_at IS NULL AND e.unit_code = :unit AND p.year = :year "
                "AND e.period BETWEEN :first AND :last ORDER BY e.period"
            ),
            {
                "unit": office[0],
                "year": period.first.year,
                "first": f"{period.first.year}-01",
                "last": period.text,
            },
        ).all()
    by_id = {str(t[0]): (str(t[1]), str(t[2])) for t in targets}
    found: dict[str, list[EnteredFigure]] = {code: [] for code, _ in by_id.values()}
    for target_id, month, value, numerator, denominator in rows:
        if str(target_id) not in by_id:
            continue
        code, unit = by_id[str(target_id)]
        counted = numerator is not None and denominator is not None
        found[code].append(
            EnteredFigure(
                code,
                unit,
                str(month),
                float(value),
                int(numerator) if counted else None,
                int(denominator) if counted else None,
            )
        )
    return {code: tuple(entries) for code, entries in found.items()}


@dataclass(frozen=True)
class DueItem:
    key: str  # bundle, report, ratings
    text: str
    done: bool


def working_period(store: Store, today: date | None = None) -> str:
    """The month staff report on: last month, or December of an earlier working year (a demo)."""
    from desktop.services.dashboard import working_year

    today = today or date.today()
    year = working_year(store, today)
    last_month = (today.year, today.month - 1) if today.month > 1 else (today.year - 1, 12)
    if last_month > (year, 12):
        return f"{year}-12"
    return f"{last_month[0]}-{last_month[1]:02d}"


def due_this_month(store: Store, period_text: str, today: date | None = None) -> list[DueItem]:
    """What the office owes for `period`: the bundle (by the office's due day, when `period` is
    last month), the monthly report, missing ratings."""
    from desktop.services.issued_reports import was_issued
    from desktop.services.preferences import bundle_due_day, bundle_due_note

    period = parse_month(period_text)
    label = period_label(period.text)
    year = period.first.year - (1 if period.last.month < 12 else 0)
    with store.reading() as con:
        sent = _first(
            con, "SELECT 1 FROM sent_bundle WHERE period = :period LIMIT 1", period=period.text
        )
        reported = was_issued(con, "monthly-progress", period.text)
        unrated = con.execute(
            text(
                """SELECT COUNT(*) FROM grassroots_union g WHERE g.deleted_at IS NULL
               AND g.dissolved_on IS NULL AND g.unit_code = ''
               AND NOT EXISTS (SELECT 1 FROM union_rating r WHERE r.union_id = g.id
                               AND r.deleted_at IS NULL AND r.year = :year)"""
            ),
            {"year": year},
        ).scalar_one()
    due_day = bundle_due_day(store)
    return [
        DueItem(
            "bundle",
            f"Xuất gói dữ liệu {label} gửi LĐLĐ tỉnh"
            + bundle_due_note(period.text, due_day, today or date.today(), sent=bool(sent))
            + (" — đã xuất" if sent else " (màn hình Đồng bộ)"),
            bool(sent),
        ),
        DueItem(
            "report",
            f"Báo cáo kết quả thực hiện chương trình {label}"
            + (" — đã lập" if reported else " (màn hình Báo cáo)"),
            bool(reported),
        ),
        DueItem(
            "ratings",
            f"{unrated} CĐCS chưa được xếp loại năm {year}"
            if unrated
            else f"Mọi CĐCS đã được xếp loại năm {year}",
            unrated == 0,
        ),
    ]
