"""Figures of the dashboard (Tổng quan): through the store, or at start-up through a `Peek` at
the office's file (desktop.store.probe); the same SQL on both.

Start-up paints the dashboard first, so a file is read without SQLAlchemy: importing its ORM
alone costs twice the time of a bare window.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING, Any

from desktop.store.probe import Peek, peek

if TYPE_CHECKING:
    from desktop.services.targets import DueItem
    from desktop.store import Store

LIVE = "deleted_at IS NULL"
IN_KINDS = ("admitted", "readmitted", "transferred_in")
OUT_KINDS = ("left", "transferred_out")


@dataclass(frozen=True)
class DashboardFigures:
    office_name: str
    year: int
    unions_state: int
    unions_non_state: int
    members_active: int
    members_women: int
    admitted_in_year: int
    left_in_year: int
    transferred_out_in_year: int
    unions_without_rating: int
    members_by_month: tuple[tuple[str, int], ...]  # ("2024-01", active members at month end)

    @property
    def unions_total(self) -> int:
        return self.unions_state + self.unions_non_state


@dataclass(frozen=True)
class _Look:
    """One read of the database: `rows` runs `:name`-parameter SQL, `month` gives the SQL of a
    date column's 'YYYY-MM' on this database."""

    rows: Callable[..., list[tuple[Any, ...]]]
    month: Callable[[str], str]


@contextmanager
def _look(db: Store | Peek) -> Iterator[_Look]:
    if isinstance(db, Peek):
        with peek(db.path) as con:
            yield _Look(
                lambda sql, params=None: con.execute(sql, params or {}).fetchall(),
                lambda column: f"substr({column}, 1, 7)",
            )
        return
    from sqlalchemy import text

    from desktop.store import dialect

    with db.reading() as reading:
        yield _Look(
            lambda sql, params=None: [tuple(r) for r in reading.execute(text(sql), params or {})],
            lambda column: dialect.month_of(column, reading),
        )


def office_name(db: Store | Peek) -> str:
    with _look(db) as look:
        rows = look.rows(f"SELECT name FROM office WHERE {LIVE} LIMIT 1")
    return rows[0][0] if rows else ""


def working_year(db: Store | Peek, today: date | None = None) -> int:
    """The year the screens open on: the latest year the office's work has reached.

    A programme in the database counts as soon as it is there (the province sent it for the new
    year); otherwise the year of the latest member event or activity, whether or not its
    programme has arrived (the screens say so and records go on). A year after today's never
    counts, and with no records at all it is today's. A demo or an archive opened years later
    shows its own data, not an empty current year.
    """
    today = today or date.today()
    with _look(db) as look:
        loaded = {int(y) for (y,) in look.rows(f"SELECT year FROM programme WHERE {LIVE}")}
        latest = look.rows(
            f"""SELECT MAX(d) FROM (
                  SELECT MAX(event_date) AS d FROM member_event WHERE {LIVE}
                  UNION ALL SELECT MAX(held_on) FROM activity WHERE {LIVE}) AS latest"""
        )[0][0]
    years = loaded | ({int(str(latest)[:4])} if latest else set())
    years = {y for y in years if y <= today.year}
    return max(years) if years else today.year


def years_offered(db: Store | Peek, today: date | None = None) -> tuple[int, ...]:
    """The years every year picker lists (Chỉ tiêu, Hoạt động): each year with records (an
    activity, a member event, a grassroots union founded), each year with a programme in the
    database or shipped with the app, today's year and the working period's (in January that is
    last December)."""
    from desktop.programme.loader import shipped_years

    today = today or date.today()
    with _look(db) as look:

        def year(column: str) -> str:
            return f"substr({look.month(column)}, 1, 4)"

        rows = look.rows(
            f"""SELECT CAST(year AS VARCHAR(4)) FROM programme WHERE {LIVE}
                UNION SELECT DISTINCT {year("held_on")} FROM activity WHERE {LIVE}
                UNION SELECT DISTINCT {year("event_date")} FROM member_event WHERE {LIVE}
                UNION SELECT DISTINCT {year("founded_on")} FROM grassroots_union
                      WHERE {LIVE} AND founded_on IS NOT NULL"""
        )
    years = {int(y) for (y,) in rows if str(y).isdigit()}
    working = working_year(db, today)
    # The working period's year (desktop.services.targets.working_period): last month's, or
    # December of an earlier working year.
    reported = min(working, today.year - (today.month == 1))
    return tuple(sorted(years | set(shipped_years()) | {today.year, working, reported}))


def _month_ends(year: int) -> list[tuple[str, str]]:
    ends = []
    for month in range(1, 13):
        following = date(year + (month == 12), month % 12 + 1, 1)
        ends.append(
            (f"{year}-{month:02d}", date.fromordinal(following.toordinal() - 1).isoformat())
        )
    return ends


def _trend(look: _Look, year: int, active_now: int) -> tuple[tuple[str, int], ...]:
    """Active members at each month end, walking back from today's count through the events.

    One grouped query instead of a per-member scan per month; transfers inside the district
    leave the district's total unchanged, so only entries and exits count.
    """
    month = look.month("event_date")
    net_by_month = dict(
        look.rows(
            f"""SELECT {month},
                   SUM(CASE WHEN kind IN {IN_KINDS} THEN 1 WHEN kind IN {OUT_KINDS} THEN -1
                       ELSE 0 END)
                FROM member_event WHERE {LIVE} AND event_date > :start GROUP BY {month}""",
            {"start": f"{year}-01-01"},
        )
    )
    trend = []
    for label, _end in _month_ends(year):
        later = sum(net for month, net in net_by_month.items() if month > label)
        trend.append((label, active_now - int(later)))
    return tuple(trend)


def load_dashboard(db: Store | Peek, year: int) -> DashboardFigures:
    first, last = f"{year}-01-01", f"{year}-12-31"
    with _look(db) as look:
        name = look.rows(f"SELECT name FROM office WHERE {LIVE} LIMIT 1")
        sectors = dict(
            look.rows(
                f"SELECT sector, COUNT(*) FROM grassroots_union WHERE {LIVE} "
                "AND dissolved_on IS NULL GROUP BY sector"
            )
        )
        active, women = look.rows(
            "SELECT COUNT(*), COALESCE(SUM(CASE WHEN gender = 'female' THEN 1 ELSE 0 END), 0) "
            f"FROM member WHERE {LIVE} AND status = 'active'"
        )[0]
        by_kind = dict(
            look.rows(
                f"SELECT kind, COUNT(*) FROM member_event WHERE {LIVE} "
                "AND event_date BETWEEN :first AND :last GROUP BY kind",
                {"first": first, "last": last},
            )
        )
        unrated = look.rows(
            f"""SELECT COUNT(*) FROM grassroots_union g WHERE g.{LIVE} AND g.dissolved_on IS NULL
                AND NOT EXISTS (SELECT 1 FROM union_rating r WHERE r.union_id = g.id
                                AND r.{LIVE} AND r.year = :year)""",
            {"year": year},
        )[0][0]
        trend = _trend(look, year, int(active))
    return DashboardFigures(
        office_name=name[0][0] if name else "",
        year=year,
        unions_state=int(sectors.get("state", 0)),
        unions_non_state=int(sectors.get("non_state", 0)),
        members_active=int(active),
        members_women=int(women),
        admitted_in_year=int(by_kind.get("admitted", 0) + by_kind.get("readmitted", 0)),
        left_in_year=int(by_kind.get("left", 0)),
        transferred_out_in_year=int(by_kind.get("transferred_out", 0)),
        unions_without_rating=int(unrated),
        members_by_month=trend,
    )


def to_do(store: Store, period: str, today: date | None = None) -> list[DueItem]:
    """«Việc cần làm» for `period` (YYYY-MM). An office: each month the province returned and the
    office has not sent again, first, then what it owes for the month (the bundle, the report,
    ratings). A province: its own work, never an office's: offices that have not sent the month,
    reports it has not yet accepted or returned, months returned and not yet sent again, months
    sent again awaiting its word, forks awaiting its decision."""
    from desktop.services.targets import due_this_month

    with store.reading() as con:
        role = look_role(con)
        if role == "province":
            return _province_to_do(con, period)
        returned = _returned_here(con)
    return returned + due_this_month(store, period, today)


def look_role(con: Any) -> str:
    from sqlalchemy import text

    row = con.execute(text(f"SELECT role FROM office WHERE {LIVE} LIMIT 1")).fetchone()
    return str(row[0]) if row else "district"


def _returned_here(con: Any) -> list[DueItem]:
    from desktop.format import period_label
    from desktop.services.decisions import decisions_on, latest_sent, resend_advice
    from desktop.services.targets import DueItem

    latest = latest_sent(con)
    return [
        DueItem(
            f"returned:{view.period}",
            f"LĐLĐ tỉnh trả lại báo cáo {period_label(view.period)}: {view.reason.rstrip('.')}. "
            f"{resend_advice(view.period, latest)[:-1]} (màn hình Đồng bộ)",
            False,
        )
        for view in decisions_on(con)
        if view.open
    ]


def _listed(codes: list[str], limit: int = 6) -> str:
    shown = ", ".join(codes[:limit])
    return shown + (f" và {len(codes) - limit} đơn vị khác" if len(codes) > limit else "")


def _province_to_do(con: Any, period: str) -> list[DueItem]:
    from desktop.format import period_label
    from desktop.services.decisions import decisions_on
    from desktop.services.province_figures import registered_offices, reporting_offices
    from desktop.services.targets import DueItem
    from desktop.sync.ledger import history

    label = period_label(period)
    offices = [code for code, _ in registered_offices(con)]
    if not offices:
        return [
            DueItem(
                "province_offices",
                "Chưa đăng ký đơn vị nào: nhận thẻ khóa của các đơn vị (màn hình Đơn vị)",
                False,
            )
        ]
    counted, missing = reporting_offices(con, period)
    items = [
        DueItem(
            "province_missing",
            f"Chưa nhận gói {label} của {len(missing)} đơn vị: {_listed(list(missing))} "
            "(màn hình Nhận gói)"
            if missing
            else f"Đã nhận gói {label} của cả {len(offices)} đơn vị",
            not missing,
        )
    ]
    views = decisions_on(con)
    decided = {view.unit_code for view in views if view.period == period}
    undecided = [code for code in counted if code not in decided]
    if counted:
        items.append(
            DueItem(
                "province_undecided",
                f"Báo cáo {label} chưa chấp nhận hay trả lại: {_listed(undecided)} "
                "(màn hình Tổng hợp)"
                if undecided
                else f"Đã chấp nhận hoặc trả lại báo cáo {label} của mọi đơn vị đã gửi",
                not undecided,
            )
        )
    answered = [
        f"{v.unit_code} {period_label(v.period)}"
        for v in views
        if v.decision == "returned" and v.answered_by
    ]
    waiting = [f"{v.unit_code} {period_label(v.period)}" for v in views if v.open]
    if answered:
        items.append(
            DueItem(
                "province_answered",
                f"Đơn vị đã gửi lại báo cáo bị trả lại, chờ tỉnh xem: {_listed(answered)}",
                False,
            )
        )
    if waiting:
        items.append(
            DueItem(
                "province_returned",
                f"Chờ đơn vị gửi lại báo cáo bị trả lại: {_listed(waiting)}",
                False,
            )
        )
    forks = [code for code in offices if history(con, code).open_fork is not None]
    items.append(
        DueItem(
            "province_forks",
            f"Gói rẽ nhánh chờ tỉnh quyết định: {_listed(forks)} (màn hình Nhận gói)"
            if forks
            else "Không có gói rẽ nhánh nào chờ quyết định",
            not forks,
        )
    )
    return items
