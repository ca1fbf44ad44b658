"""How each computed target is measured from the records (see docs/targets.md for the definitions).

Every metric takes a window [first, last] (a month, or 1 January to the month's end) and returns its
value and the records behind it, so every number can explain itself.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from desktop.format import number
from desktop.programme.moves import POOR
from desktop.programme.records import LIVE, Records
from desktop.text import name_sort_key

ENTERPRISES = ("state_enterprise", "private_enterprise", "fdi_enterprise")


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


def _span(first: date, last: date) -> dict[str, str]:
    return {"first": first.isoformat(), "last": last.isoformat()}


def _pct(part: int, whole: int) -> float | None:
    return None if whole == 0 else round(100.0 * part / whole, 1)


def _listed(
    r: Records, columns: str, body: str, order: str, **params: object
) -> tuple[int, list[tuple]]:
    """(how many rows `body` finds, and when the look explains itself the rows with `columns`
    in `order`): a figure alone only counts, a province's months run to thousands of rows."""
    if not r.detail:
        return int(r.rows(f"SELECT COUNT(*) {body}", **params)[0][0]), []
    rows = r.rows(f"SELECT {columns} {body} ORDER BY {order}", **params)
    return len(rows), rows


def new_members(r: Records, first: date, last: date) -> Measured:
    found, rows = _listed(
        r,
        "e.event_date, m.full_name, e.kind",
        f"FROM member_event e JOIN member m ON m.id = e.member_id WHERE e.{LIVE} AND m.{LIVE} "
        "AND e.kind IN ('admitted', 'readmitted') AND e.event_date BETWEEN :first AND :last",
        "e.event_date, e.created_at, e.id",
        **_span(first, last),
    )
    label = {"admitted": "kết nạp", "readmitted": "kết nạp lại"}
    return Measured(found, tuple(f"{_d(d)} {n} ({label[k]})" for d, n, k in rows))


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
    found, rows = _listed(
        r,
        "party_introduced_on, full_name",
        f"FROM member WHERE {LIVE} AND party_introduced_on BETWEEN :first AND :last",
        "party_introduced_on, created_at, id",
        **_span(first, last),
    )
    unions = len(r.live_unions(last))
    value = None if unions == 0 else round(found / unions, 2)
    return Measured(
        value,
        (
            f"{found} đoàn viên được giới thiệu / {unions} CĐCS",
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


HOUSEHOLD_WORDS = {
    "none": "không nghèo",
    "poor": "hộ nghèo",
    "near_poor": "hộ cận nghèo",
    "escaped": "đã thoát nghèo",
}


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
    active0, latest0 = r.households(start)
    active1, latest1 = r.households(last)
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
    found, rows = _listed(
        r,
        "smartca_installed_on, full_name",
        f"FROM member WHERE {LIVE} AND smartca_installed_on BETWEEN :first AND :last",
        "smartca_installed_on, created_at, id",
        **_span(first, last),
    )
    return Measured(found, tuple(f"{_d(d)} {n}" for d, n in rows))


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
