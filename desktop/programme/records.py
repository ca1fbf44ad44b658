"""One look at the store for the metrics (desktop/programme/metrics.py): plain rows scoped to one
office, several, or every row here, with member histories and household reviews read once a look.
"""

from __future__ import annotations

from collections import defaultdict
from datetime import date
from typing import Any

from sqlalchemy import Connection, text

from desktop.programme.moves import IN_FORCE, MOVES_SQL, NO_MOVES, POOR, Counted, Moves, kept
from desktop.sync.format.tables import TABLE_ORDER

LIVE = "deleted_at IS NULL"


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
        counted: list[Counted] | None = None,
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
        self._unions: dict[tuple[str, str | None], list[tuple]] = {}
        self._moves: dict[tuple[date, date], Moves] = {}
        # The offices this look adds up one by one (their moves kept per office), or None: every
        # row here at once (an office's own file).
        self._scope_units = units if units is not None else None if unit is None else (unit,)
        # What this look counted that was not kept yet: its caller keeps it (moves.keep).
        self.counted: list[Counted] = counted if counted is not None else []

    def moves(self, start: date, end: date) -> Moves:
        """Who is in the office at `start` and at `end` (and, for 8, their households): 2b and
        8 of a window ask the same pair of days. Over named offices, each office's kept counts
        where its rows have not changed since, the others counted now (`counted`)."""
        key = (start, end)
        if key not in self._moves:
            if self._scope_units is None:
                self._moves[key] = self.moves_here(start, end)
            else:
                self._moves[key] = self._moves_of_offices(self._scope_units, start, end)
        return self._moves[key]

    def _moves_of_offices(self, units: tuple[str, ...], start: date, end: date) -> Moves:
        versions, found = kept(self, units, start, end)
        total = NO_MOVES
        for code in units:
            moves = found.get(code)
            if moves is None:
                alone = self if units == (code,) else Records(self.con, unit=code)
                moves = alone.moves_here(start, end)
                self.counted.append(Counted(code, start, end, versions[code], moves))
            total = total + moves
        return total

    def moves_here(self, start: date, end: date) -> Moves:
        """Counted now over every row this look sees. PostgreSQL counts them in one query;
        SQLite from the member histories read once (faster there than its window functions)."""
        if self._driver is None:
            return self.moves_in_sql(start, end)
        return self.moves_read(start, end)

    def moves_in_sql(self, start: date, end: date) -> Moves:
        row = self.rows(MOVES_SQL, start=start.isoformat(), end=end.isoformat())[0]
        return Moves(*(int(value) for value in row))

    def moves_read(self, start: date, end: date) -> Moves:
        before, latest0 = self.households(start)
        after, latest1 = self.households(end)
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

    def live_unions(self, day: date, sector: str | None = None) -> list[tuple]:
        """(id, name) of the unions live on `day` (of `sector`), read once per look: several
        targets of a window divide by them."""
        key = (day.isoformat(), sector)
        if key not in self._unions:
            self._unions[key] = self._read_live_unions(day, sector)
        return self._unions[key]

    def _read_live_unions(self, day: date, sector: str | None) -> list[tuple]:
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

    def households(self, day: date) -> tuple[set[str], dict[str, tuple[str, str]]]:
        """Members in the office on `day`, and each reviewed member's latest (status, date)."""
        key = day.isoformat()
        latest = self._latest.get(key)
        if latest is None:
            latest = {}
            for member_id, status, on in self.reviews():
                if on > key:
                    break
                latest[member_id] = (status, on)
            self._latest[key] = latest
        return self.active_members(day), latest
