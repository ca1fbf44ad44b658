"""(Province) whose figures a province-wide number counts, and every office side by side.

An office's bundle carries its whole database as of the bundle's month, so an office whose newest
merged bundle is for June has no December yet: a December figure counts only the offices whose
merged bundles reach December, and names the others (`missing_units`). Never is one office's
June added to another's December.

The registered offices are the upper-level unions whose key cards the province holds
(`unit_key` rows with own = FALSE), less those that handed their register over to a successor
(`handover.from_code`: their chain is closed and the successor holds their members).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from sqlalchemy import Connection, text

from desktop.periods import parse_month
from desktop.progress import CancelToken, ProgressFn, no_progress
from desktop.services.progress import TargetProgress

if TYPE_CHECKING:
    from desktop.periods import Period
    from desktop.programme.moves import Counted
    from desktop.programme.records import Records
    from desktop.store import Store

# The ledger rows that put an office's data here: a merge, or a person's "take" of a fork's
# branch (which replaces what was merged before it; desktop/sync/province/forks.py).
_MERGED, _TAKEN = "merged", "resolved_take"


def registered_offices(con: Connection) -> list[tuple[str, str]]:
    """(code, name) of every upper-level union registered here, less those that handed over;
    the name is the newest key card's. Sorted by code."""
    own = con.execute(text("SELECT code FROM office WHERE deleted_at IS NULL")).scalars().all()
    rows = con.execute(
        text(
            "SELECT k.unit_code, k.unit_name FROM unit_key k WHERE k.own = FALSE "
            "AND k.role <> 'province' "
            "AND k.id = (SELECT MAX(n.id) FROM unit_key n "
            "WHERE n.own = FALSE AND n.unit_code = k.unit_code) "
            "AND k.unit_code NOT IN (SELECT from_code FROM handover)"
        )
    ).all()
    return sorted(
        ((str(code), str(name or code)) for code, name in rows if code not in own),
        key=lambda row: row[0],
    )


def latest_periods(con: Connection) -> dict[str, str]:
    """Office code → the newest period ('YYYY-MM') of the data merged from it: its merged bundles
    since the last fork it had taken (that take included)."""
    rows = con.execute(
        text(
            "SELECT l.unit_code, MAX(l.period) FROM bundle_ledger l "
            "WHERE l.verdict IN (:merged, :taken) AND l.id >= COALESCE("
            "(SELECT MAX(t.id) FROM bundle_ledger t "
            "WHERE t.unit_code = l.unit_code AND t.verdict = :taken), 0) "
            "GROUP BY l.unit_code"
        ),
        {"merged": _MERGED, "taken": _TAKEN},
    ).all()
    return {str(code): str(period) for code, period in rows if period}


def reporting_offices(con: Connection, period: str) -> tuple[tuple[str, ...], tuple[str, ...]]:
    """(counted, missing) for `period`: the registered offices whose merged bundles reach it, and
    the registered offices without it (none merged, or only earlier months). Each sorted by code."""
    latest = latest_periods(con)
    counted: list[str] = []
    missing: list[str] = []
    for code, _ in registered_offices(con):
        (counted if latest.get(code, "") >= period else missing).append(code)
    return tuple(counted), tuple(missing)


# --- The province's own figures ---------------------------------------------------------------

# Measures a province takes over every registered office from its own records or theirs, reporting
# for the period or not (desktop/programme/metrics.py): 6a, 9a, 9b of the 2024 programme.
OVER_REGISTERED = ("upper_unions_rated_good", "inspected_by_province", "same_level_finance")

# The first number of the programme's province-wide wording: 9.000, ≥ 85 %, 90–95 %, ≥ 1, 6–10 %.
_FIRST_NUMBER = re.compile(r"\d{1,3}(?:\.\d{3})+(?!\d)|\d+(?:,\d+)?")


def province_value_quota(wording: str) -> float | None:
    """The province's quota the programme's own wording gives: "9.000" → 9000, "≥ 85 %" → 85,
    "90–95 %" → 90 (the lower bound of a range), "ưu tiên" → None (no figure)."""
    found = _FIRST_NUMBER.search(wording or "")
    if found is None:
        return None
    return float(found.group(0).replace(".", "").replace(",", "."))


def province_quotas(
    con: Connection, own_code: str, targets: list[tuple[Any, ...]]
) -> dict[str, float | None]:
    """Target id → the province's quota: its own `quota` row (unit_code = its code, `uniondesk
    quotas set --unit <its code>`) when set, else the programme's province-wide figure."""
    own: dict[str, float] = dict(
        con.execute(
            text(
                "SELECT target_id, value FROM quota WHERE deleted_at IS NULL AND unit_code = :code"
            ),
            {"code": own_code},
        ).all()
    )
    return {
        target[0]: own[target[0]] if target[0] in own else province_value_quota(target[7])
        for target in targets
    }


class _Looks:
    """What the province measures each computed target over, one look of each kind (member
    histories are read once per look): every registered office (6a, 9a, 9b); the province's own
    records for a target it leads itself (scope `province`, such as 10); else the offices
    reporting for the period, with the province's own records."""

    def __init__(
        self,
        con: Connection,
        registered: tuple[str, ...],
        counted: tuple[str, ...],
        detail: bool = False,
        fresh: list[Counted] | None = None,
    ) -> None:
        self.con, self.registered, self.counted, self.detail = con, registered, counted, detail
        self.fresh = fresh
        self._own: Records | None = None
        self._counted: Records | None = None

    def of(self, target: tuple[Any, ...]) -> tuple[Records, int]:
        """(the records, how many offices the figure counts)."""
        from desktop.programme.records import Records

        metric, scope = target[6], target[5]
        if metric in OVER_REGISTERED or scope == "province":
            if self._own is None:
                self._own = Records(
                    self.con, self.registered, unit="", detail=self.detail, counted=self.fresh
                )
            return self._own, len(self.registered) if metric in OVER_REGISTERED else 0
        if self._counted is None:
            self._counted = Records(
                self.con,
                self.registered,
                units=(*self.counted, ""),
                detail=self.detail,
                counted=self.fresh,
            )
        return self._counted, len(self.counted)


def province_records(
    con: Connection, period: str, target: tuple[Any, ...], *, detail: bool
) -> tuple[Records, tuple[str, ...]]:
    """The records `progress --explain` lists for one of the province's own figures, and the
    line naming the offices it leaves out for want of a bundle reaching the period."""
    from desktop.format import period_label

    registered = tuple(code for code, _ in registered_offices(con))
    counted, missing = reporting_offices(con, period)
    records, _ = _Looks(con, registered, counted, detail).of(target)
    over_counted = target[6] not in OVER_REGISTERED and target[5] != "province"
    note = (
        (f"Không tính (chưa có số liệu {period_label(period)}): {', '.join(missing)}",)
        if over_counted and missing
        else ()
    )
    return records, note


def _entries(
    con: Connection, counted: tuple[str, ...], period: Period
) -> dict[str, dict[str, list[tuple[str, float, float | None, float | None]]]]:
    """Target id → office → its entries of the year up to the period (period, value, numerator,
    denominator), oldest first; the counted offices only."""
    rows = con.execute(
        text(
            "SELECT target_id, unit_code, period, value, numerator, denominator "
            "FROM progress_entry WHERE deleted_at IS NULL AND period BETWEEN :first AND :last "
            "ORDER BY period"
        ),
        {"first": f"{period.first.year}-01", "last": period.text},
    ).all()
    found: dict[str, dict[str, list[tuple[str, float, float | None, float | None]]]] = {}
    wanted = set(counted)
    for target_id, code, month, value, numerator, denominator in rows:
        if code in wanted:
            found.setdefault(target_id, {}).setdefault(code, []).append(
                (month, value, numerator, denominator)
            )
    return found


def _summed(
    entries: list[tuple[str, float, float | None, float | None]], unit: str
) -> tuple[float | None, int, int]:
    """(province figure, offices counted, offices left out for want of counts) of one entry per
    office: counts added up; a percentage (or ratio) from the summed numerators over the summed
    denominators, an entry typed without its counts left out (never averaged in)."""
    if not entries:
        return None, 0, 0
    if unit == "count":
        return sum(value for _, value, _, _ in entries), len(entries), 0
    with_counts = [(n, d) for _, _, n, d in entries if n is not None and d]
    without = len(entries) - len(with_counts)
    if not with_counts:
        return None, 0, without
    share = sum(n for n, _ in with_counts) / sum(d for _, d in with_counts)
    return (100.0 * share if unit == "percent" else share), len(with_counts), without


def _entered_province(
    target: tuple[Any, ...],
    by_office: dict[str, list[tuple[str, float, float | None, float | None]]],
    period: Period,
) -> tuple[float | None, float | None, int, int]:
    """(month, year to date, offices counted, offices without counts) of an entered target:
    the month from each counted office's entry for the month, the year to date from each one's
    latest entry of the year."""
    unit = target[3]
    month, _, _ = _summed(
        [rows[-1] for rows in by_office.values() if rows[-1][0] == period.text], unit
    )
    ytd, counted, without = _summed([rows[-1] for rows in by_office.values()], unit)
    return month, ytd, counted, without


def entered_lines(
    con: Connection, period: Period, target: tuple[Any, ...], *, year_to_date: bool
) -> tuple[str, ...]:
    """What `progress --explain` says of an entered target on a province: each counted office's
    entry behind the figure (the month's, or its latest of the year), the ones left out and
    why, and the offices without the period's bundle."""
    from desktop.format import number, percent, period_label

    unit = target[3]
    counted, missing = reporting_offices(con, period.text)
    by_office = _entries(con, counted, period).get(target[0], {})
    lines = ["Chỉ tiêu nhập tay theo tháng; toàn tỉnh cộng số liệu của các đơn vị."]
    for code in counted:
        rows = by_office.get(code, [])
        if rows and (year_to_date or rows[-1][0] == period.text):
            month, value, numerator, denominator = rows[-1]
            when = period_label(month)
            if unit == "count":
                lines.append(f"{code} ({when}): {number(value)}")
            elif numerator is not None and denominator:
                lines.append(
                    f"{code} ({when}): {number(numerator)}/{number(denominator)} người = "
                    f"{percent(value, 2)}"
                )
            else:
                lines.append(
                    f"{code} ({when}): {percent(value, 2)} nhập không kèm số người, không tính"
                )
        else:
            lines.append(f"{code}: chưa nhập")
    if missing:
        lines.append(
            f"Không tính (chưa có số liệu {period_label(period.text)}): {', '.join(missing)}"
        )
    return tuple(lines)


def province_targets(
    con: Connection,
    own_code: str,
    period: Period,
    targets: list[tuple[Any, ...]],
    fresh: list[Counted] | None = None,
) -> tuple[list[TargetProgress], tuple[str, ...]]:
    """The province's own figures of every target as of `period`, and the registered offices
    without a bundle reaching it (their figures left out). Offices' moves counted anew go to
    `fresh`, for the caller to keep (desktop/programme/moves.py)."""
    from desktop.services.progress import figures, measure

    registered = tuple(code for code, _ in registered_offices(con))
    counted, missing = reporting_offices(con, period.text)
    quotas = province_quotas(con, own_code, targets)
    entries = _entries(con, counted, period)
    looks = _Looks(con, registered, counted, fresh=fresh)
    rows = []
    for target in targets:
        target_id, method, metric, params = target[0], target[4], target[6], target[9]
        if method == "entered":
            month, ytd, units, without = _entered_province(
                target, entries.get(target_id, {}), period
            )
            rows.append(figures(target, quotas[target_id], month, ytd, units, without))
            continue
        records, units = looks.of(target)
        month = measure(records, metric, params, period.first, period.last).value
        ytd = measure(records, metric, params, period.year_start, period.last).value
        rows.append(figures(target, quotas[target_id], month, ytd, units))
    return rows, missing


# --- Every office side by side ------------------------------------------------------------------


@dataclass(frozen=True)
class OfficeColumn:
    code: str
    name: str
    latest_period: str | None  # the newest period merged from it; None: nothing merged yet
    missing: bool  # no bundle reaching the period: its column is empty, never another month


@dataclass(frozen=True)
class SideBySideRow:
    code: str
    name: str
    unit: str  # count | percent | ratio
    method: str  # computed | entered
    quota: float | None  # the province's quota
    by_office: dict[str, TargetProgress | None]  # office code → its own figures; None: missing
    province: TargetProgress  # the province's own figure (progress_for without a unit)
    units_counted: int


@dataclass(frozen=True)
class SideBySide:
    period: str
    programme_title: str
    programme_missing: bool
    offices: tuple[OfficeColumn, ...]
    rows: tuple[SideBySideRow, ...]
    missing_units: tuple[str, ...]


COUNTING = "Đang tính số liệu của {name} ({done}/{total})…"
COUNTING_PROVINCE = "Đang tính số liệu toàn tỉnh…"


def side_by_side(
    store: Store,
    period: str,
    *,
    progress: ProgressFn = no_progress,
    cancel: CancelToken | None = None,
) -> SideBySide:
    """Every target for every registered office as of `period` (each office's own figures, as
    `progress --unit CODE` gives them; None for an office without a bundle reaching it) and the
    province's own figure. Cancel is checked between offices."""
    from desktop.services.progress import progress_for

    month = parse_month(period).text
    progress(0.0, COUNTING_PROVINCE)
    province = progress_for(store, month)
    with store.reading() as con:
        registered = registered_offices(con)
        latest = latest_periods(con)
    offices = tuple(
        OfficeColumn(code, name, latest.get(code), latest.get(code, "") < month)
        for code, name in registered
    )
    if province.programme_missing:
        return SideBySide(month, "", True, offices, (), province.missing_units)
    figures: dict[str, dict[str, TargetProgress]] = {}
    total = len(offices) + 1
    for done, office in enumerate(offices, start=1):
        if cancel is not None:
            cancel.check()
        progress(done / total, COUNTING.format(name=office.name, done=done, total=len(offices)))
        if not office.missing:
            report = progress_for(store, month, unit=office.code)
            figures[office.code] = {t.code: t for t in report.targets}
    rows = tuple(
        SideBySideRow(
            t.code,
            t.name,
            t.unit,
            t.method,
            t.quota,
            {o.code: figures.get(o.code, {}).get(t.code) for o in offices},
            t,
            t.units_counted or 0,
        )
        for t in province.targets
    )
    progress(1.0, "")
    return SideBySide(month, province.programme_title, False, offices, rows, province.missing_units)
