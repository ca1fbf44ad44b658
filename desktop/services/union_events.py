"""What happens to a grassroots union over the years: its yearly rating (xếp loại), its
dissolution (giải thể), and taking back a dissolution recorded by mistake.

Dissolving a union that still has active members is refused, and the message says how many: an
office that dissolves a union on paper while its people are still counted as its members would
report members of a union that no longer exists (`uniondesk check` flags exactly that). What a
real office does depends on why the union ends, so the screen offers both roads:

- a merger (sáp nhập, hợp nhất: common since the 2025 reorganisation of agencies and communes):
  choose the receiving union, and every active member is transferred to it on the dissolution
  date, in the same transaction as the dissolution (an ordinary `transferred` member event each,
  so the movement report and the members' histories show it);
- an enterprise that closes: its workers go different ways (another job, another district, leaving
  the union), which only staff can say person by person on the Đoàn viên screen; then dissolve.

Each change is one transaction with its audit row. Ratings are soft-deleted when cleared, so the
tombstone reaches the province with the next bundle.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING

from desktop.errors import UserError
from desktop.format import vn_date
from desktop.services import union_messages as msg
from desktop.services.session import own_row
from desktop.services.unions import RATING_LABELS, RatingRow
from desktop.text import clean

if TYPE_CHECKING:
    from sqlalchemy.orm import Session

    from desktop.models import GrassrootsUnion, UnionRating
    from desktop.store import Store

RATING_FIELDS = {"year": "Năm xếp loại", "rating": "Xếp loại", "rated_on": "Ngày xếp loại"}
DISSOLVE_FIELDS = {
    "dissolved_on": "Ngày giải thể",
    "reason": "Lý do giải thể",
    "transfer_to": "CĐCS nhận đoàn viên",
}


@dataclass(frozen=True)
class Dissolved:
    union_id: str
    name: str
    dissolved_on: date
    transferred: int  # active members moved to `to_union`
    to_union: str


def _own_union(s: Session, union_id: str) -> GrassrootsUnion:
    from desktop.models import GrassrootsUnion

    return own_row(s, GrassrootsUnion, union_id, msg.UNION_GONE)


# Ratings -------------------------------------------------------------------------------------------


def _rating_problems(
    union: GrassrootsUnion, year: int, rating: str, rated_on: date | None, today: date
) -> dict[str, str]:
    found: dict[str, str] = {}
    if rating not in RATING_LABELS:
        found["rating"] = msg.RATING_UNKNOWN
    if year > today.year:
        found["year"] = msg.RATING_YEAR_FUTURE.format(year=year, today=vn_date(today))
    elif union.founded_on and year < union.founded_on.year:
        found["year"] = msg.RATING_YEAR_BEFORE_FOUNDED.format(
            name=union.name, founded=vn_date(union.founded_on), year=year
        )
    elif union.dissolved_on and year > union.dissolved_on.year:
        found["year"] = msg.RATING_YEAR_AFTER_DISSOLVED.format(
            name=union.name, dissolved=vn_date(union.dissolved_on), year=year
        )
    label = RATING_FIELDS["rated_on"]
    if rated_on is None:
        found["rated_on"] = msg.DATE_MISSING.format(label=label)
    elif rated_on > today:
        found["rated_on"] = msg.DATE_FUTURE.format(
            label=label, day=vn_date(rated_on), today=vn_date(today)
        )
    elif rated_on.year < year and "year" not in found:  # one wrong year, one message
        found["rated_on"] = msg.RATED_BEFORE_YEAR.format(day=vn_date(rated_on), year=year)
    return found


def rating_problems(
    store: Store,
    union_id: str,
    year: int,
    rating: str,
    rated_on: date | None,
    today: date | None = None,
) -> dict[str, str]:
    """Field → what to fix in a rating; empty when it can be saved."""
    with store.session() as s:
        union = _own_union(s, union_id)
        return _rating_problems(union, year, rating, rated_on, today or date.today())


def _live_rating(s: Session, union_id: str, year: int) -> UnionRating | None:
    from sqlalchemy import select

    from desktop.models import UnionRating

    return s.scalars(
        select(UnionRating).where(
            UnionRating.union_id == union_id,
            UnionRating.year == year,
            UnionRating.deleted_at.is_(None),
        )
    ).first()


def set_rating(
    store: Store,
    union_id: str,
    year: int,
    rating: str,
    rated_on: date | None,
    today: date | None = None,
) -> RatingRow:
    """Set or change the union's rating for `year`: targets 6b and 6c count good or better
    among the working unions of each sector, from `rated_on` on."""
    from desktop.models import UnionRating
    from desktop.services.member_events import audit_in

    with store.unit_of_work() as uow:
        s = uow.session
        union = _own_union(s, union_id)
        found = _rating_problems(union, year, rating, rated_on, today or date.today())
        if found:
            raise UserError(" ".join(found.values()))
        row = _live_rating(s, union_id, year)
        before = f" (trước: {RATING_LABELS.get(row.rating, row.rating)})" if row else ""
        if row is None:
            row = UnionRating(unit_code="", union_id=union_id, year=year)
            s.add(row)
        row.rating = rating
        row.rated_on = rated_on
        audit_in(s, "edit", f"CĐCS {union_id}: xếp loại năm {year} {RATING_LABELS[rating]}{before}")
    return RatingRow(year, rating, rated_on)


def clear_rating(store: Store, union_id: str, year: int) -> None:
    """Take back the rating of `year` (a tombstone, so the province's copy loses it too)."""
    from desktop.models.base import utcnow
    from desktop.services.member_events import audit_in

    with store.unit_of_work() as uow:
        s = uow.session
        union = _own_union(s, union_id)
        row = _live_rating(s, union_id, year)
        if row is None:
            raise UserError(msg.RATING_NONE.format(name=union.name, year=year))
        row.deleted_at = utcnow()
        audit_in(s, "edit", f"CĐCS {union_id}: bỏ xếp loại năm {year}")


# Dissolution ---------------------------------------------------------------------------------------


def _active_member_ids(s: Session, union_id: str) -> list[str]:
    from sqlalchemy import text

    return list(
        s.scalars(
            text(
                "SELECT id FROM member WHERE union_id = :u AND status = 'active' "
                "AND deleted_at IS NULL ORDER BY sort_key"
            ),
            {"u": union_id},
        )
    )


def active_members(store: Store, union_id: str) -> int:
    """How many active members the union has (what the dissolve dialog says first)."""
    with store.session() as s:
        return len(_active_member_ids(s, union_id))


def _last_movement(s: Session, union_id: str) -> tuple[date, str] | None:
    """The latest member event into or out of the union: (date, member's name)."""
    from sqlalchemy import text

    row = s.execute(
        text(
            "SELECT e.event_date, m.full_name FROM member_event e JOIN member m "
            "ON m.id = e.member_id WHERE e.deleted_at IS NULL AND m.deleted_at IS NULL "
            "AND (e.to_union_id = :u OR e.from_union_id = :u) ORDER BY e.event_date DESC LIMIT 1"
        ),
        {"u": union_id},
    ).first()
    return (date.fromisoformat(str(row[0])), row[1]) if row else None


def _dissolve_problems(
    s: Session,
    union: GrassrootsUnion,
    on: date | None,
    reason: str,
    transfer_to: str | None,
    today: date,
) -> dict[str, str]:
    found: dict[str, str] = {}
    label = DISSOLVE_FIELDS["dissolved_on"]
    if union.dissolved_on is not None:
        raise UserError(
            msg.ALREADY_DISSOLVED.format(name=union.name, day=vn_date(union.dissolved_on))
        )
    if on is None:
        found["dissolved_on"] = msg.DATE_MISSING.format(label=label)
    elif on > today:
        found["dissolved_on"] = msg.DATE_FUTURE.format(
            label=label, day=vn_date(on), today=vn_date(today)
        )
    elif union.founded_on and on < union.founded_on:
        found["dissolved_on"] = msg.DISSOLVED_BEFORE_FOUNDED.format(
            day=vn_date(on), founded=vn_date(union.founded_on)
        )
    else:
        last = _last_movement(s, union.id)
        if last and last[0] > on:
            found["dissolved_on"] = msg.DISSOLVED_BEFORE_EVENT.format(
                day=vn_date(on), event=vn_date(last[0]), member=last[1]
            )
    if not clean(reason):
        found["reason"] = msg.DISSOLVE_REASON
    count = len(_active_member_ids(s, union.id))
    if transfer_to is None or transfer_to == "":
        if count:
            found["transfer_to"] = msg.DISSOLVE_HAS_MEMBERS.format(name=union.name, count=count)
    elif transfer_to == union.id:
        found["transfer_to"] = msg.DISSOLVE_TARGET_SELF
    else:
        target = _own_union(s, transfer_to)
        day = on if "dissolved_on" not in found and on else today
        alive = target.dissolved_on is None and (
            target.founded_on is None or target.founded_on <= day
        )
        if not alive:
            found["transfer_to"] = msg.DISSOLVE_TARGET_DEAD.format(
                name=target.name, day=vn_date(day)
            )
    return found


def dissolve_problems(
    store: Store,
    union_id: str,
    on: date | None,
    reason: str,
    transfer_to: str | None = None,
    today: date | None = None,
) -> dict[str, str]:
    """Field → what to fix before the union can be dissolved; empty when it can."""
    with store.session() as s:
        union = _own_union(s, union_id)
        return _dissolve_problems(s, union, on, reason, transfer_to, today or date.today())


def dissolve_union(
    store: Store,
    union_id: str,
    on: date | None,
    reason: str,
    transfer_to: str | None = None,
    today: date | None = None,
) -> Dissolved:
    """Dissolve the union on `on`; with `transfer_to`, its active members move there that day."""
    from desktop.models import Member, MemberEvent
    from desktop.services.member_events import audit_in

    with store.unit_of_work() as uow:
        s = uow.session
        union = _own_union(s, union_id)
        found = _dissolve_problems(s, union, on, reason, transfer_to, today or date.today())
        if found:
            raise UserError(" ".join(found.values()))
        assert on is not None
        why = clean(reason)
        moved = _active_member_ids(s, union_id)
        target_name = ""
        if moved and transfer_to:
            target_name = _own_union(s, transfer_to).name
            note = f"{union.name} giải thể: {why}"[:250]
            for member_id in moved:
                member = s.get(Member, member_id)
                assert member is not None
                s.add(
                    MemberEvent(
                        unit_code="",
                        member_id=member_id,
                        kind="transferred",
                        event_date=on,
                        from_union_id=union_id,
                        to_union_id=transfer_to,
                        reason=note,
                    )
                )
                member.union_id = transfer_to
        union.dissolved_on = on
        union.dissolved_reason = why[:250]
        detail = f"CĐCS {union_id}: giải thể ngày {vn_date(on)} ({why})"
        if moved:
            detail += f", chuyển {len(moved)} đoàn viên sang CĐCS {transfer_to}"
        audit_in(s, "edit", detail)
        result = Dissolved(union_id, union.name, on, len(moved), target_name)
    return result


def reopen_union(store: Store, union_id: str) -> None:
    """Take back a dissolution recorded by mistake. Members moved at the dissolution stay in the
    union that received them (each transfer can be undone on the Đoàn viên screen)."""
    from desktop.services.member_events import audit_in
    from desktop.services.union_form import name_holder

    with store.unit_of_work() as uow:
        s = uow.session
        union = _own_union(s, union_id)
        if union.dissolved_on is None:
            raise UserError(msg.NOT_DISSOLVED.format(name=union.name))
        other = name_holder(s, union.name, union.id)
        if other:
            raise UserError(msg.REOPEN_NAME_TAKEN.format(name=union.name, other=other))
        day = union.dissolved_on
        union.dissolved_on = None
        union.dissolved_reason = ""
        audit_in(s, "edit", f"CĐCS {union_id}: hủy giải thể ngày {vn_date(day)}")
