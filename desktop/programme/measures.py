"""The measures of the catalogue that take parameters (desktop/programme/catalogue.py checks
the parameters; docs/targets.md, «Danh mục cách tính», defines each one).

Each takes its checked parameters, the records and a window [first, last], and returns its value
with the lines that explain it (dates dd/mm/yyyy), as the named measures of metrics.py do.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import cast

from desktop.format import number
from desktop.programme.catalogue import (
    ACTIVITY_KINDS,
    ACTIVITY_SUMS,
    EVENT_KINDS,
    INSPECTION_KINDS,
    MEMBER_DATES,
    SECTORS,
    UNION_PROPERTIES,
)
from desktop.programme.metrics import Measured
from desktop.programme.records import Records


def _d(value: object) -> str:
    text = str(value or "")
    if len(text) >= 10 and text[4] == "-" and text[7] == "-":
        return f"{text[8:10]}/{text[5:7]}/{text[:4]}"
    return text


def _span(first: date, last: date) -> dict[str, object]:
    return {"first": first.isoformat(), "last": last.isoformat()}


def _member_events(params: dict[str, object], r: Records, first: date, last: date) -> Measured:
    kinds = tuple(str(k) for k in cast(list[str], params["kinds"]))
    marks = ", ".join(f":k{i}" for i in range(len(kinds)))
    rows = r.rows(
        "SELECT e.event_date, m.full_name, e.kind FROM member_event e JOIN member m "
        "ON m.id = e.member_id WHERE e.deleted_at IS NULL AND m.deleted_at IS NULL "
        f"AND e.kind IN ({marks}) AND e.event_date BETWEEN :first AND :last "
        "ORDER BY e.event_date, m.sort_key, e.id",
        **_span(first, last),
        **{f"k{i}": kind for i, kind in enumerate(kinds)},
    )
    words = dict(EVENT_KINDS)
    label = ", ".join(words[k] for k in kinds)
    return Measured(
        len(rows),
        (
            f"{number(len(rows))} biến động ({label}) từ {_d(first.isoformat())} "
            f"đến {_d(last.isoformat())}",
            *(f"{_d(on)} {name} ({words.get(kind, kind)})" for on, name, kind in rows),
        ),
    )


def _members_dated(params: dict[str, object], r: Records, first: date, last: date) -> Measured:
    # The column comes from the catalogue's own list, never from the parameter's text.
    field = next(code for code, _ in MEMBER_DATES if code == params["field"])
    rows = r.rows(
        f"SELECT {field}, full_name FROM member WHERE deleted_at IS NULL "
        f"AND {field} BETWEEN :first AND :last ORDER BY {field}, sort_key, id",
        **_span(first, last),
    )
    return Measured(
        len(rows),
        (
            f"{number(len(rows))} đoàn viên có {dict(MEMBER_DATES)[field]} trong kỳ",
            *(f"{_d(on)} {name}" for on, name in rows),
        ),
    )


SUM_UNITS = {"houses": "nhà", "participants": "người", "participants_women": "người", "amount": "đ"}


def _activities(params: dict[str, object], r: Records, first: date, last: date) -> Measured:
    kind, total = str(params["kind"]), params.get("sum")
    rows = r.rows(
        "SELECT held_on, title, houses, participants, participants_women, amount FROM activity "
        "WHERE deleted_at IS NULL AND kind = :kind AND held_on BETWEEN :first AND :last "
        "ORDER BY held_on, title, id",
        kind=kind,
        **_span(first, last),
    )
    word = dict(ACTIVITY_KINDS)[kind]
    if total is None:
        return Measured(
            len(rows),
            (
                f"{number(len(rows))} hoạt động {word} trong kỳ",
                *(f"{_d(row[0])} {row[1]}" for row in rows),
            ),
        )
    column = ("houses", "participants", "participants_women", "amount").index(str(total)) + 2
    lines = []
    value = 0
    for row in rows:
        figure = row[column]
        if figure is None:
            # A house activity written before the houses field existed stands for one house.
            figure = 1 if total == "houses" else 0
            lines.append(f"{_d(row[0])} {row[1]}: chưa ghi số, tính {number(figure)}")
        else:
            lines.append(f"{_d(row[0])} {row[1]}: {number(figure)} {SUM_UNITS[str(total)]}")
        value += int(figure)
    head = (
        f"Cộng {dict(ACTIVITY_SUMS)[str(total)]} của {number(len(rows))} hoạt động {word}: "
        f"{number(value)}"
    )
    return Measured(value, (head, *lines))


def _unions_share(params: dict[str, object], r: Records, first: date, last: date) -> Measured:
    prop = str(params["property"])
    sector = params.get("sector")
    unions = r.live_unions(last, str(sector) if sector else None)
    day = last.isoformat()
    if prop == "rated_good":
        rated = dict(
            r.rows(
                "SELECT union_id, rating FROM union_rating WHERE deleted_at IS NULL "
                "AND year = :year AND (rated_on IS NULL OR rated_on <= :last) "
                # The latest rating wins; one not dated counts as the earliest (as SQLite sorts).
                "ORDER BY CASE WHEN rated_on IS NULL THEN 0 ELSE 1 END, rated_on, "
                "created_at, id",
                year=last.year,
                last=day,
            )
        )
        hit = {uid for uid, _ in unions if rated.get(uid) in ("excellent", "good")}
    elif prop == "chair_trained":
        trained = {
            uid
            for (uid,) in r.rows(
                "SELECT id FROM grassroots_union WHERE deleted_at IS NULL "
                "AND chair_trained_on IS NOT NULL AND chair_trained_on <= :last",
                last=day,
            )
        }
        hit = {uid for uid, _ in unions if uid in trained}
    else:
        inspected = {
            uid
            for (uid,) in r.rows(
                "SELECT DISTINCT union_id FROM inspection WHERE deleted_at IS NULL "
                "AND kind = :kind AND scope = 'grassroots' "
                "AND inspected_on BETWEEN :first AND :last",
                kind=str(params["inspection_kind"]),
                **_span(first, last),
            )
        }
        hit = {uid for uid, _ in unions if uid in inspected}
    whole = len(unions)
    what = dict(UNION_PROPERTIES)[prop]
    if prop == "inspected":
        what = f"được {dict(INSPECTION_KINDS)[str(params['inspection_kind'])]} trong kỳ"
    where = f" {dict(SECTORS)[str(sector)]}" if sector else ""
    value = None if whole == 0 else round(100.0 * len(hit) / whole, 1)
    names = sorted(name for uid, name in unions if uid in hit)
    return Measured(
        value,
        (
            f"{number(len(hit))}/{number(whole)} CĐCS{where} {what} "
            f"(CĐCS đang hoạt động ngày {_d(day)})",
            *names,
        ),
    )


PARAMETERISED_MEASURES: dict[str, Callable[[dict[str, object], Records, date, date], Measured]] = {
    "member_events": _member_events,
    "members_dated": _members_dated,
    "activities": _activities,
    "unions_share": _unions_share,
}
