"""How each computed target is measured from the records (see docs/targets.md for the definitions).

Every metric takes a window [first, last] (a month, or 1 January to the month's end) and returns its
value and the records behind it, so every number can explain itself.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from sqlalchemy import Connection, text

from desktop.format import number
from desktop.sync.format.tables import TABLE_ORDER
from desktop.text import name_sort_key

IN_FORCE = ("admitted", "readmitted", "transferred_in", "transferred")
ENTERPRISES = ("state_enterprise", "private_enterprise", "fdi_enterprise")
LIVE = "deleted_at IS NULL"


def _d(iso: object) -> str:
    """A date read from SQL (`2024-12-28`) as every line shows it: `28/12/2024`."""
    text = str(iso or "")
    if len(text) >= 10 and text[4] == "-" and text[7] == "-":
        return f"{text[8:10]}/{text[5:7]}/{text[:4]}"
    return text


def _share(part: int, whole: int) -> str:
    return f"{number(part)}/{number(whole)} = {number(100 * part / whole, 2)} %"


@dataclass(frozen=True)
class Measured:
    value: float | None
    records: tuple[str, ...] = ()


# What the metrics read: the records a bundle carries (one list, desktop/sync/format/tables.py),
# but the entered results and narratives, read by the progress service itself. A province keeps
# each office's rows apart by `unit_code`.
SCOPED_TABLES = tuple(t for t in TABLE_ORDER if t not in ("progress_entry", "narrative"))


def _scoping(con: Connection, count: int = 1) -> str:
    """A WITH clause that shadows every scoped table by its rows of one office (`:scope_unit`),
    or of `count` offices (`:scope_0` …); none when `count` is 0.

    Each table is named with its schema inside, so the clause is not read as a recursive one and
    every metric's SQL runs unchanged on both stores; none can forget the filter."""
    from desktop.store.dialect import table_owner

    owner = table_owner(con)
    if count == 0:
        where = "1 = 0"
    elif count == 1:
        where = "unit_code = :scope_unit"
    else:
        where = "unit_code IN (" + ", ".join(f":scope_{n}" for n in range(count)) + ")"
    return "WITH " + ", ".join(
        f"{table} AS (SELECT * FROM {owner}.{table} WHERE {where})" for table in SCOPED_TABLES
    )


@dataclass(frozen=True)
class Moves:
    """Members in the office at two days (the day before a window, its last day), counted in SQL:
    what 2b and 8 report without listing anybody."""

    before: int  # in the office at the start
    after: int  # at the end
    came: int  # at the end, not at the start
    went: int  # at the start, not at the end
    cohort: int  # at both ends, their household reviewed by the start (target 8)
    poor_before: int  # of the cohort, poor or near-poor by their latest review at the start
    poor_after: int  # … at the end
    unreviewed: int  # at both ends, no review by the start


def _last_rows(table: str, columns: str, day: str, where: str) -> str:
    """Per member, the rows of `table` that hold its state on :end (its last row) and on :start
    (its last row dated on or before :start): rows in the order Python reads them (the day, then
    created_at, id), each with the next row's day and member (NULL on the member's last row)."""
    order = f"{day}, {table}.created_at, {table}.id"
    window = f"OVER (PARTITION BY {table}.member_id ORDER BY {order})"
    return (
        f"SELECT * FROM (SELECT {table}.member_id AS member_id, {columns}, {day} AS day, "
        f"LEAD({day}) {window} AS next_day, LEAD({table}.member_id) {window} AS next_member "
        f"{where}) x WHERE next_member IS NULL OR (day <= :start AND next_day > :start)"
    )


_IN_FORCE_SQL = "(" + ", ".join(f"'{kind}'" for kind in IN_FORCE) + ")"
_POOR_SQL = "('poor', 'near_poor')"
_AT_END = "next_member IS NULL"
_AT_START = "day <= :start AND (next_member IS NULL OR next_day > :start)"
_MOVES_SQL = (
    "SELECT COALESCE(SUM(a0), 0), COALESCE(SUM(a1), 0), "
    "COALESCE(SUM(CASE WHEN a1 = 1 AND a0 = 0 THEN 1 ELSE 0 END), 0), "
    "COALESCE(SUM(CASE WHEN a0 = 1 AND a1 = 0 THEN 1 ELSE 0 END), 0), "
    "COALESCE(SUM(CASE WHEN a0 = 1 AND a1 = 1 AND has0 = 1 THEN 1 ELSE 0 END), 0), "
    f"COALESCE(SUM(CASE WHEN a0 = 1 AND a1 = 1 AND has0 = 1 AND st0 IN {_POOR_SQL} "
    "THEN 1 ELSE 0 END), 0), "
    f"COALESCE(SUM(CASE WHEN a0 = 1 AND a1 = 1 AND has0 = 1 AND st1 IN {_POOR_SQL} "
    "THEN 1 ELSE 0 END), 0), "
    "COALESCE(SUM(CASE WHEN a0 = 1 AND a1 = 1 AND has0 = 0 THEN 1 ELSE 0 END), 0) "
    "FROM (SELECT member_id, MAX(a0) AS a0, MAX(a1) AS a1, MAX(has0) AS has0, "
    "MAX(st0) AS st0, MAX(st1) AS st1 FROM ("
    f"SELECT member_id, CASE WHEN {_AT_END} AND kind IN {_IN_FORCE_SQL} THEN 1 ELSE 0 END AS a1, "
    f"CASE WHEN {_AT_START} AND kind IN {_IN_FORCE_SQL} THEN 1 ELSE 0 END AS a0, "
    "0 AS has0, NULL AS st0, NULL AS st1 FROM ("
    + _last_rows(
        "member_event",
        "member_event.kind AS kind",
        "member_event.event_date",
        "FROM member_event JOIN member ON member.id = member_event.member_id "
        "WHERE member_event.deleted_at IS NULL AND member.deleted_at IS NULL "
        "AND member_event.event_date <= :end",
    )
    + ") e UNION ALL SELECT member_id, 0, 0, CASE WHEN day <= :start THEN 1 ELSE 0 END, "
    f"CASE WHEN {_AT_START} THEN status END, CASE WHEN {_AT_END} THEN status END FROM ("
    + _last_rows(
        "household_review",
        "household_review.status AS status",
        "household_review.reviewed_on",
        "FROM household_review WHERE household_review.deleted_at IS NULL "
        "AND household_review.reviewed_on <= :end",
    )
    + ") v) w GROUP BY member_id) m"
)


class Records:
    """The records read through one look at the store (plain rows), with member histories loaded
    once per engine.

    `unit` set: only that office's rows are seen ('' is this office's own); `units` set: only
    those offices' rows (a province's figures over the offices that reported for the period and
    its own). `offices` is set only for a province's own, province-wide figures: the codes of the
    upper unions registered there (province-only targets such as 6a, 9a are measured over them,
    reporting or not).
    """

    def __init__(
        self,
        con: Connection,
        offices: tuple[str, ...] | None = None,
        *,
        unit: str | None = None,
        units: tuple[str, ...] | None = None,
        detail: bool = False,
    ) -> None:
        self.con = con
        self.offices = offices
        # Explaining a figure lists every member behind it; the figures alone skip that work.
        self.detail = detail
        self._params: dict[str, object] = {}
        if units is not None and len(units) != 1:
            self._scope = _scoping(con, len(units)) + " "
            self._params = {f"scope_{n}": code for n, code in enumerate(units)}
        elif units is not None or unit is not None:
            self._scope = _scoping(con) + " "
            self._params = {"scope_unit": units[0] if units is not None else unit}
        else:
            self._scope = ""
        # SQLite: the driver's own cursor on the same transaction reads the same plain rows
        # without the per-row wrapping, a third of the time on a large register.
        driver = con.connection.driver_connection if con.dialect.name == "sqlite" else None
        self._driver: Any = driver
        self._history: dict[str, list[tuple[str, str]]] | None = None
        self._active: dict[str, set[str]] = {}
        self._latest: dict[str, dict[str, tuple[str, str]]] = {}
        self._names: dict[str, str] | None = None
        self._reviews: list[tuple] | None = None
        self._moves: dict[tuple[date, date], Moves] = {}

    def moves(self, start: date, end: date) -> Moves:
        """Who is in the office at `start` and at `end` (and, for 8, their households): 2b and
        8 of a window ask the same pair of days. PostgreSQL counts them in one query; SQLite
        from the member histories read once (faster there than its window functions)."""
        key = (start, end)
        if key not in self._moves:
            sql = self._driver is None
            self._moves[key] = self.moves_in_sql(start, end) if sql else self.moves_read(start, end)
        return self._moves[key]

    def moves_in_sql(self, start: date, end: date) -> Moves:
        row = self.rows(_MOVES_SQL, start=start.isoformat(), end=end.isoformat())[0]
        return Moves(*(int(value) for value in row))

    def moves_read(self, start: date, end: date) -> Moves:
        before, latest0 = _households(self, start)
        after, latest1 = _households(self, end)
        both = before & after
        cohort = {m for m in both if m in latest0 and m in latest1}
        return Moves(
            len(before),
            len(after),
            len(after - before),
            len(before - after),
            len(cohort),
            sum(1 for m in cohort if latest0[m][0] in POOR),
            sum(1 for m in cohort if latest1[m][0] in POOR),
            len(both - cohort),
        )

    def rows(self, sql: str, **params: object) -> list[tuple]:
        return self._run(self._scope + sql, {**params, **self._params})

    def plain_rows(self, sql: str, **params: object) -> list[tuple]:
        """`sql` over every row of the database, whatever office this look is scoped to: the
        province's own tables (its ratings and inspections of offices) and the offices' own
        rows as the province-only measures read them."""
        return self._run(sql, params)

    def _run(self, sql: str, params: dict[str, object]) -> list[tuple]:
        if self._driver is not None:
            return self._driver.execute(sql, params).fetchall()  # type: ignore[no-any-return]
        # Fetched in one go: a province's histories run to hundreds of thousands of rows.
        return list(map(tuple, self.con.execute(text(sql), params).fetchall()))

    def _histories(self) -> dict[str, list[tuple[str, str]]]:
        if self._history is None:
            history: dict[str, list[tuple[str, str]]] = defaultdict(list)
            # Same-day events in the order they were made (created_at, then id: both stores).
            for member_id, kind, on in self.rows(
                f"SELECT e.member_id, e.kind, e.event_date FROM member_event e JOIN member m "
                f"ON m.id = e.member_id WHERE e.{LIVE} AND m.{LIVE} "
                "ORDER BY e.member_id, e.event_date, e.created_at, e.id"
            ):
                history[member_id].append((kind, on))
            self._history = history
        return self._history

    def reviews(self) -> list[tuple]:
        """Every household review (member, status, date), oldest first, read once: the target
        looks at several days and windows of the same reviews."""
        if self._reviews is None:
            self._reviews = self.rows(
                f"SELECT member_id, status, reviewed_on FROM household_review WHERE {LIVE} "
                "ORDER BY reviewed_on, created_at, id"
            )
        return self._reviews

    def name(self, member_id: str) -> str:
        if self._names is None:
            self._names = dict(self.rows(f"SELECT id, full_name FROM member WHERE {LIVE}"))
        return self._names.get(member_id, member_id)

    def last_event(
        self, member_id: str, day: date, kinds: tuple[str, ...] | None = None
    ) -> tuple[str, str] | None:
        """The member's latest (kind, date) on or before `day`, of `kinds` if given."""
        found = None
        for kind, on in self._histories().get(member_id, ()):
            if on > day.isoformat():
                break
            if kinds is None or kind in kinds:
                found = (kind, on)
        return found

    def active_members(self, day: date) -> set[str]:
        """The members in the office on `day` (read-only: the set is shared by every caller)."""
        key = day.isoformat()
        if key in self._active:
            return self._active[key]
        found = set()
        for member_id, events in self._histories().items():
            state = None
            for kind, on in events:
                if on > key:
                    break
                state = kind
            if state in IN_FORCE:
                found.add(member_id)
        self._active[key] = found
        return found

    def live_unions(self, day: date, sector: str | None = None) -> list[tuple[str, str]]:
        sql = (
            f"SELECT id, name FROM grassroots_union WHERE {LIVE} "
            "AND (founded_on IS NULL OR founded_on <= :day) "
            "AND (dissolved_on IS NULL OR dissolved_on > :day)"
        )
        # Listed in the order the unions were registered, the same on both stores.
        order = " ORDER BY created_at, id"
        if sector:
            sql += " AND sector = :sector"
        return self.rows(sql + order, day=day.isoformat(), sector=sector)


def _span(first: date, last: date) -> dict[str, str]:
    return {"first": first.isoformat(), "last": last.isoformat()}


def _pct(part: int, whole: int) -> float | None:
    return None if whole == 0 else round(100.0 * part / whole, 1)


def new_members(r: Records, first: date, last: date) -> Measured:
    rows = r.rows(
        f"SELECT e.event_date, m.full_name, e.kind FROM member_event e JOIN member m ON m.id = "
        f"e.member_id WHERE e.{LIVE} AND m.{LIVE} AND e.kind IN ('admitted', 'readmitted') "
        "AND e.event_date BETWEEN :first AND :last ORDER BY e.event_date, e.created_at, e.id",
        **_span(first, last),
    )
    label = {"admitted": "kết nạp", "readmitted": "kết nạp lại"}
    return Measured(len(rows), tuple(f"{_d(d)} {n} ({label[k]})" for d, n, k in rows))


EVENT_WORDS = {
    "admitted": "kết nạp",
    "readmitted": "kết nạp lại",
    "transferred_in": "chuyển đến",
    "transferred": "chuyển sinh hoạt",
    "transferred_out": "chuyển đi",
    "left": "ra khỏi tổ chức",
}
ARRIVALS = ("admitted", "readmitted", "transferred_in")


def net_increase(r: Records, first: date, last: date) -> Measured:
    """Members in the office at the window's end minus the day before it; explained member by
    member: who came in (and how) and who went (and how)."""
    if not r.detail:
        moved = r.moves(first - timedelta(days=1), last)
        return Measured(
            moved.after - moved.before,
            (
                f"Đầu kỳ {number(moved.before)} đoàn viên",
                f"Cuối kỳ {number(moved.after)} đoàn viên",
                f"Vào {number(moved.came)}, ra {number(moved.went)}",
            ),
        )
    before = r.active_members(first - timedelta(days=1))
    after = r.active_members(last)
    lines = [
        f"Đầu kỳ {number(len(before))} đoàn viên",
        f"Cuối kỳ {number(len(after))} đoàn viên",
        f"Vào {number(len(after - before))}, ra {number(len(before - after))}",
    ]
    if r.detail:
        moves = []
        for side, members, kinds in (
            ("Vào", after - before, ARRIVALS),
            ("Ra", before - after, None),
        ):
            for member_id in members:
                # How they came (their latest arrival) or went (their latest event).
                kind, on = r.last_event(member_id, last, kinds) or ("", "")
                moves.append((on, side, r.name(member_id), EVENT_WORDS.get(kind, kind)))
        lines += [f"{side}: {_d(on)} {name} ({word})" for on, side, name, word in sorted(moves)]
    return Measured(len(after) - len(before), tuple(lines))


def _founded(r: Records, first: date, last: date, extra: str = "") -> list[tuple]:
    return r.rows(
        f"SELECT founded_on, name, workforce_total FROM grassroots_union WHERE {LIVE} "
        f"AND founded_on BETWEEN :first AND :last {extra} ORDER BY founded_on, created_at, id",
        **_span(first, last),
    )


def new_unions(r: Records, first: date, last: date) -> Measured:
    rows = _founded(r, first, last)
    return Measured(len(rows), tuple(f"{_d(d)} {n} ({number(w)} lao động)" for d, n, w in rows))


def new_unions_25(r: Records, first: date, last: date) -> Measured:
    rows = _founded(r, first, last, f"AND employer_type IN {ENTERPRISES} AND workforce_total >= 25")
    return Measured(len(rows), tuple(f"{_d(d)} {n} ({number(w)} lao động)" for d, n, w in rows))


def party_per_union(r: Records, first: date, last: date) -> Measured:
    rows = r.rows(
        f"SELECT party_introduced_on, full_name FROM member WHERE {LIVE} "
        "AND party_introduced_on BETWEEN :first AND :last "
        "ORDER BY party_introduced_on, created_at, id",
        **_span(first, last),
    )
    unions = len(r.live_unions(last))
    value = None if unions == 0 else round(len(rows) / unions, 2)
    return Measured(
        value,
        (
            f"{len(rows)} đoàn viên được giới thiệu / {unions} CĐCS",
            *tuple(f"{_d(d)} {n}" for d, n in rows),
        ),
    )


def new_chairs_trained(r: Records, first: date, last: date) -> Measured:
    """Chairs newly elected in the window (of unions still live at its end) trained by its end ÷
    those chairs. A re-elected chair is not new: listed, not counted. A training dated before
    the election counts for that term (the chair came to it trained)."""
    rows = r.rows(
        f"SELECT name, chair_name, chair_elected_on, chair_trained_on, chair_reelected "
        f"FROM grassroots_union WHERE {LIVE} AND chair_elected_on BETWEEN :first AND :last "
        "AND (dissolved_on IS NULL OR dissolved_on > :last) ORDER BY chair_elected_on, name, id",
        **_span(first, last),
    )
    end = last.isoformat()
    new = [row for row in rows if not row[4]]
    trained = [row for row in new if row[3] and row[3] <= end]

    def state(elected: str, trained_on: str | None, reelected: int) -> str:
        if reelected:
            return "tái cử, không tính"
        if not trained_on or trained_on > end:
            return "chưa bồi dưỡng"
        before = " (trước khi bầu)" if trained_on < elected else ""
        return f"đã bồi dưỡng {_d(trained_on)}{before}"

    return Measured(
        _pct(len(trained), len(new)),
        (
            f"{number(len(trained))}/{number(len(new))} chủ tịch bầu mới đã bồi dưỡng; "
            f"{number(len(rows) - len(new))} chủ tịch tái cử không tính",
            *(
                f"{_d(e)} {c or '(chưa ghi tên)'} – {n}: {state(e, t, again)}"
                for n, c, e, t, again in rows
            ),
        ),
    )


def _rated_good(r: Records, last: date, sector: str) -> Measured:
    unions = r.live_unions(last, sector)
    ratings = dict(
        r.rows(
            f"SELECT union_id, rating FROM union_rating WHERE {LIVE} AND year = :year "
            "AND (rated_on IS NULL OR rated_on <= :last)",
            year=last.year,
            last=last.isoformat(),
        )
    )
    good = [name for uid, name in unions if ratings.get(uid) in ("excellent", "good")]
    unrated = [name for uid, name in unions if uid not in ratings]
    return Measured(
        _pct(len(good), len(unions)),
        (
            f"{len(good)}/{len(unions)} CĐCS xếp loại tốt trở lên",
            f"Chưa xếp loại: {len(unrated)}",
            *tuple(good),
        ),
    )


def rated_good_state(r: Records, first: date, last: date) -> Measured:
    return _rated_good(r, last, "state")


def rated_good_non_state(r: Records, first: date, last: date) -> Measured:
    return _rated_good(r, last, "non_state")


def _activities(r: Records, first: date, last: date, kind: str) -> Measured:
    rows = r.rows(
        f"SELECT held_on, title FROM activity WHERE {LIVE} AND kind = :kind "
        "AND held_on BETWEEN :first AND :last ORDER BY held_on, title, id",
        kind=kind,
        **_span(first, last),
    )
    return Measured(len(rows), tuple(f"{_d(d)} {t}" for d, t in rows))


def houses(r: Records, first: date, last: date) -> Measured:
    """Houses the house activities of the window built or repaired: one record may hand over
    several. A record made before the number was asked (NULL) counts one house and says so."""
    rows = r.rows(
        f"SELECT held_on, title, houses FROM activity WHERE {LIVE} AND kind = 'house' "
        "AND held_on BETWEEN :first AND :last ORDER BY held_on, title, id",
        **_span(first, last),
    )
    total = sum(1 if n is None else n for _, _, n in rows)
    unrecorded = sum(1 for _, _, n in rows if n is None)
    lines = [
        f"{number(total)} căn nhà từ {number(len(rows))} hoạt động"
        + (f"; {number(unrecorded)} hoạt động chưa ghi số căn, tính 1 căn" if unrecorded else ""),
        *(
            f"{_d(d)} {t}: " + ("chưa ghi số căn, tính 1 căn" if n is None else f"{number(n)} căn")
            for d, t, n in rows
        ),
    ]
    return Measured(total, tuple(lines))


def social_criticism(r: Records, first: date, last: date) -> Measured:
    return _activities(r, first, last, "social_criticism")


POOR = ("poor", "near_poor")
HOUSEHOLD_WORDS = {
    "none": "không nghèo",
    "poor": "hộ nghèo",
    "near_poor": "hộ cận nghèo",
    "escaped": "đã thoát nghèo",
}


def _households(r: Records, day: date) -> tuple[set[str], dict[str, tuple[str, str]]]:
    """Members in the office on `day`, and each reviewed member's latest (status, review date)."""
    key = day.isoformat()
    latest = r._latest.get(key)
    if latest is None:
        latest = {}
        for member_id, status, on in r.reviews():
            if on > key:
                break
            latest[member_id] = (status, on)
        r._latest[key] = latest
    return r.active_members(day), latest


def household_reduction(r: Records, first: date, last: date) -> Measured:
    """Relative fall of the poor and near-poor share among the members reviewed at both ends:
    in the office the day before the window and at its end, with a review on or before each.

    Over one cohort the share's denominator is the same at both ends, so the value is the fall
    in its poor and near-poor households. Members who left or arrived in between, or whose
    household had no review by the start, are listed and never counted: a poor member who
    leaves is not lifted out of poverty, a newcomer not yet reviewed is not known to be poor."""
    start = first - timedelta(days=1)
    if not r.detail:
        both = r.moves(start, last)
        return _reduction(
            both.cohort,
            both.poor_before,
            both.poor_after,
            [
                *_household_lines(both.cohort, both.poor_before, both.poor_after),
                f"Không tính: {number(both.went)} ra khỏi đơn vị, {number(both.came)} mới "
                f"vào, {number(both.unreviewed)} chưa rà soát đầu kỳ",
            ],
        )
    active0, latest0 = _households(r, start)
    active1, latest1 = _households(r, last)
    cohort = {m for m in active0 & active1 if m in latest0 and m in latest1}
    poor0 = {m for m in cohort if latest0[m][0] in POOR}
    poor1 = {m for m in cohort if latest1[m][0] in POOR}
    left, arrived = active0 - active1, active1 - active0
    unreviewed = (active0 & active1) - cohort
    n, p0, p1 = len(cohort), len(poor0), len(poor1)
    lines = [
        *_household_lines(n, p0, p1),
        f"Không tính: {number(len(left))} ra khỏi đơn vị, {number(len(arrived))} mới vào, "
        f"{number(len(unreviewed))} chưa rà soát đầu kỳ",
    ]
    if r.detail:

        def status(member_id: str, latest: dict[str, tuple[str, str]]) -> str:
            kind, on = latest.get(member_id, ("", ""))
            return f"{HOUSEHOLD_WORDS.get(kind, kind)} ({_d(on)})" if on else "chưa rà soát"

        def moved(member_id: str, kinds: tuple[str, ...] | None) -> str:
            kind, on = r.last_event(member_id, last, kinds) or ("", "")
            return f"{_d(on)} ({EVENT_WORDS.get(kind, kind)})"

        def by_name(members: set[str]) -> list[str]:
            return sorted(members, key=lambda m: name_sort_key(r.name(m)))

        lines += [
            f"{r.name(m)}: {status(m, latest0)} → {status(m, latest1)}"
            for m in by_name(poor0 | poor1)
        ]
        lines += [
            f"Không tính – {r.name(m)}: ra khỏi đơn vị {moved(m, None)}, "
            f"đầu kỳ {status(m, latest0)}"
            for m in by_name(left)
        ]
        lines += [
            f"Không tính – {r.name(m)}: vào đơn vị {moved(m, ARRIVALS)}, "
            f"cuối kỳ {status(m, latest1)}"
            for m in by_name(arrived)
        ]
        lines += [
            f"Không tính – {r.name(m)}: "
            + (
                f"chưa rà soát đầu kỳ, cuối kỳ {status(m, latest1)}"
                if m in latest1
                else "chưa rà soát"
            )
            for m in by_name(unreviewed)
        ]
    return _reduction(n, p0, p1, lines)


def _household_lines(n: int, p0: int, p1: int) -> list[str]:
    return [
        f"Rà soát cả hai đầu kỳ: {number(n)} đoàn viên",
        f"Đầu kỳ {_share(p0, n)}" if n else "Đầu kỳ 0 đoàn viên",
        f"Cuối kỳ {_share(p1, n)}" if n else "Cuối kỳ 0 đoàn viên",
    ]


def _reduction(n: int, p0: int, p1: int, lines: list[str]) -> Measured:
    if p0 == 0:
        return Measured(None, ("Không có hộ nghèo, cận nghèo đầu kỳ để so sánh", *lines))
    return Measured(round(100 * (p0 - p1) / p0, 1), tuple(lines))


def inspected_unions(
    r: Records, first: date, last: date, kind: str
) -> tuple[list[tuple[str, str]], list[tuple[str, str]]]:
    """The grassroots unions inspected (`kind`) in the window, each once as (id, name): those
    targets 9c/9d count (alive at the window's end) and those they leave out (dissolved, or
    removed from the register, by then). Reports tell the same count from here."""
    rows = r.rows(
        f"SELECT DISTINCT i.union_id, g.name FROM inspection i JOIN grassroots_union g "
        f"ON g.id = i.union_id WHERE i.{LIVE} AND i.kind = :kind AND i.scope = 'grassroots' "
        "AND i.inspected_on BETWEEN :first AND :last ORDER BY g.name, i.union_id",
        kind=kind,
        **_span(first, last),
    )
    live = {uid for uid, _ in r.live_unions(last)}
    counted = [(uid, name) for uid, name in rows if uid in live]
    return counted, [(uid, name) for uid, name in rows if uid not in live]


def _inspected(r: Records, first: date, last: date, kind: str) -> Measured:
    unions = r.live_unions(last)
    hit = [name for _, name in inspected_unions(r, first, last, kind)[0]]
    return Measured(_pct(len(hit), len(unions)), (f"{len(hit)}/{len(unions)} CĐCS", *tuple(hit)))


def finance_inspected(r: Records, first: date, last: date) -> Measured:
    return _inspected(r, first, last, "finance")


def charter_supervised(r: Records, first: date, last: date) -> Measured:
    return _inspected(r, first, last, "charter")


def _own_inspection(r: Records, first: date, last: date, scope: str) -> Measured:
    rows = r.rows(
        f"SELECT inspected_on, findings FROM inspection WHERE {LIVE} AND kind = 'finance' "
        "AND scope = :scope AND inspected_on BETWEEN :first AND :last "
        "ORDER BY inspected_on, created_at, id",
        scope=scope,
        **_span(first, last),
    )
    return Measured(100.0 if rows else 0.0, tuple(f"{_d(d)} {f}" for d, f in rows))


def same_level_finance(r: Records, first: date, last: date) -> Measured:
    """An office: 100 % with a same-level finance inspection in the window, else 0 %. A
    province's own figure: the share of its registered upper unions that had one (each office's
    own `inspection` rows of scope same_level), reporting for the period or not."""
    if r.offices is None:
        return _own_inspection(r, first, last, "same_level")
    rows = r.plain_rows(
        f"SELECT unit_code, MIN(inspected_on) FROM inspection WHERE {LIVE} AND kind = 'finance' "
        "AND scope = 'same_level' AND inspected_on BETWEEN :first AND :last "
        "GROUP BY unit_code ORDER BY unit_code",
        **_span(first, last),
    )
    return _offices_share(
        r, [(code, on) for code, on in rows if code in r.offices], "tự kiểm tra tài chính cùng cấp"
    )


PROVINCE_ONLY = (
    "Chỉ tiêu của LĐLĐ tỉnh: tính trên các công đoàn cấp trên, trong cơ sở dữ liệu của tỉnh."
)


def _offices_share(r: Records, hit: list[tuple[str, Any]], word: str) -> Measured:
    """`hit` (office code, its dated fact) over every registered upper union: a percentage of
    one decimal, null with none registered; every office listed, those without it too."""
    offices = r.offices or ()
    found = {code: on for code, on in hit}
    return Measured(
        _pct(len(found), len(offices)),
        (
            f"{len(found)}/{len(offices)} công đoàn cấp trên",
            *(
                f"{_d(found[code])} {code}" if code in found else f"{code}: chưa {word}"
                for code in offices
            ),
        ),
    )


def inspected_by_province(r: Records, first: date, last: date) -> Measured:
    """Registered upper unions the province inspected (finance or charter; its own
    `office_inspection` rows) in the window ÷ every registered upper union, reporting or not."""
    if r.offices is None:
        return Measured(None, (PROVINCE_ONLY,))
    rows = r.plain_rows(
        f"SELECT office_code, MIN(inspected_on) FROM office_inspection WHERE {LIVE} "
        "AND inspected_on BETWEEN :first AND :last GROUP BY office_code ORDER BY office_code",
        **_span(first, last),
    )
    return _offices_share(r, [(c, on) for c, on in rows if c in r.offices], "được tỉnh kiểm tra")


def complaints_resolved(r: Records, first: date, last: date) -> Measured:
    rows = r.rows(
        f"SELECT received_on, subject, resolved_on FROM complaint WHERE {LIVE} "
        "AND within_authority = TRUE AND received_on BETWEEN :first AND :last "
        "ORDER BY received_on, created_at, id",
        **_span(first, last),
    )
    done = [row for row in rows if row[2] and row[2] <= last.isoformat()]
    return Measured(
        _pct(len(done), len(rows)),
        tuple(
            f"{_d(d)} {s}: "
            + (f"đã giải quyết {_d(x)}" if x and x <= last.isoformat() else "đang giải quyết")
            for d, s, x in rows
        ),
    )


def smartca(r: Records, first: date, last: date) -> Measured:
    rows = r.rows(
        f"SELECT smartca_installed_on, full_name FROM member WHERE {LIVE} "
        "AND smartca_installed_on BETWEEN :first AND :last "
        "ORDER BY smartca_installed_on, created_at, id",
        **_span(first, last),
    )
    return Measured(len(rows), tuple(f"{_d(d)} {n}" for d, n in rows))


def upper_unions_rated_good(r: Records, first: date, last: date) -> Measured:
    """Registered upper unions the province rated excellent or good for the window's year (its
    own `office_rating` rows) ÷ every registered upper union (no rating counts as not good)."""
    from desktop.models.province import GOOD_GRADES

    if r.offices is None:
        return Measured(None, (PROVINCE_ONLY,))
    rated = dict(
        r.plain_rows(
            f"SELECT office_code, grade FROM office_rating WHERE {LIVE} AND year = :year",
            year=last.year,
        )
    )
    good = [code for code in r.offices if rated.get(code) in GOOD_GRADES]
    return Measured(
        _pct(len(good), len(r.offices)),
        (
            f"{len(good)}/{len(r.offices)} công đoàn cấp trên xếp loại hoàn thành tốt "
            f"nhiệm vụ trở lên năm {last.year}",
            f"Chưa xếp loại: {sum(1 for code in r.offices if code not in rated)}",
            *(
                f"{code}: {GRADE_WORDS.get(rated.get(code, ''), 'chưa xếp loại')}"
                for code in r.offices
            ),
        ),
    )


GRADE_WORDS = {
    "excellent": "hoàn thành xuất sắc nhiệm vụ",
    "good": "hoàn thành tốt nhiệm vụ",
    "done": "hoàn thành nhiệm vụ",
    "not_done": "không hoàn thành nhiệm vụ",
}


METRICS: dict[str, Callable[[Records, date, date], Measured]] = {
    "new_members": new_members,
    "net_increase": net_increase,
    "new_unions": new_unions,
    "new_unions_25": new_unions_25,
    "party_per_union": party_per_union,
    "new_chairs_trained": new_chairs_trained,
    "upper_unions_rated_good": upper_unions_rated_good,
    "rated_good_state": rated_good_state,
    "rated_good_non_state": rated_good_non_state,
    "houses": houses,
    "household_reduction": household_reduction,
    "inspected_by_province": inspected_by_province,
    "same_level_finance": same_level_finance,
    "finance_inspected": finance_inspected,
    "charter_supervised": charter_supervised,
    "complaints_resolved": complaints_resolved,
    "social_criticism": social_criticism,
    "smartca": smartca,
}
