"""The dated events that move a member: transfer, transfer out, leave, re-admit; history; undo.

Every movement is one transaction that writes the `MemberEvent`, updates the member's current
`status` and `union_id`, and appends the audit row, so the history, the table and the audit trail
never disagree. Reports compute any month's movement from these events (`services.movement`).
"""

from __future__ import annotations

import getpass
from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING, Any

from desktop.errors import UserError
from desktop.text import clean

if TYPE_CHECKING:
    from sqlalchemy import Connection
    from sqlalchemy.orm import Session

    from desktop.store import Store

EVENT_LABELS = {
    "admitted": "Kết nạp",
    "readmitted": "Kết nạp lại",
    "transferred_in": "Chuyển đến",
    "transferred": "Chuyển sinh hoạt",
    "transferred_out": "Chuyển đi",
    "left": "Ra khỏi tổ chức",
}
# Which events a member in a status can take, and the status each leaves.
ALLOWED = {
    "transferred": ("active",),
    "transferred_out": ("active",),
    "left": ("active",),
    "readmitted": ("left", "transferred_out"),
}
STATUS_AFTER = {
    "admitted": "active",
    "readmitted": "active",
    "transferred_in": "active",
    "transferred": "active",
    "transferred_out": "transferred_out",
    "left": "left",
}
NEEDS_UNION = ("transferred", "readmitted")
MOVES = ("transferred", "transferred_out", "left", "readmitted")  # as the screen lists them
GONE = "Đoàn viên này không còn trong cơ sở dữ liệu."


@dataclass(frozen=True)
class HistoryRow:
    id: str
    kind: str
    label: str
    event_date: date
    from_union: str
    to_union: str
    reason: str


def audit_in(session: Session, action: str, detail: str) -> None:
    """Append the audit row inside the caller's transaction: the change and its trace commit
    together (`services.audit.record` commits separately, which suits reads and exports)."""
    from desktop.models import AuditEvent

    try:
        actor = getpass.getuser()
    except (OSError, KeyError):  # no login name (some services, containers)
        actor = ""
    session.add(AuditEvent(actor=actor, action=action, detail=detail))


def allowed_moves(status: str | None) -> tuple[str, ...]:
    """The movements a member in `status` can take (what the screen's buttons offer)."""
    return tuple(kind for kind in MOVES if status in ALLOWED[kind])


def _sql(statement: str) -> Any:
    from sqlalchemy import text

    return text(statement)


def history(store: Store, member_id: str) -> list[HistoryRow]:
    """The member's events in the order they happened (undone ones are left out)."""
    with store.reading() as con:
        return history_in(con, member_id)


def history_in(con: Connection, member_id: str) -> list[HistoryRow]:
    """`history` read inside the caller's transaction (plain rows: dates as text)."""
    rows = con.execute(
        _sql(
            "SELECT e.id, e.kind, e.event_date, COALESCE(f.name, ''), COALESCE(t.name, ''), "
            "e.reason FROM member_event e LEFT JOIN grassroots_union f ON f.id = e.from_union_id "
            "LEFT JOIN grassroots_union t ON t.id = e.to_union_id "
            "WHERE e.member_id = :m AND e.deleted_at IS NULL "
            "ORDER BY e.event_date, e.created_at, e.id"
        ),
        {"m": member_id},
    ).fetchall()
    return [
        HistoryRow(
            r[0], r[1], EVENT_LABELS.get(r[1], r[1]), date.fromisoformat(r[2]), r[3], r[4], r[5]
        )
        for r in rows
    ]


@dataclass(frozen=True)
class TimelineRow:
    """One line of a member's «Quá trình»: a movement, a household review or a dated fact."""

    on: date
    what: str
    from_union: str
    to_union: str
    reason: str


def timeline(store: Store, member_id: str) -> list[TimelineRow]:
    """Everything dated in the member's record, oldest first: the movements (undone ones left
    out), each yearly household review, the introduction to the Party and the SmartCA install.
    On one day the movements come first, in the order they were recorded."""
    from desktop.services.member_search import HOUSEHOLD_LABELS

    with store.reading() as con:
        rows = [
            TimelineRow(h.event_date, h.label, h.from_union, h.to_union, h.reason)
            for h in history_in(con, member_id)
        ]
        for on, status in con.execute(
            _sql(
                "SELECT reviewed_on, status FROM household_review WHERE member_id = :m "
                "AND deleted_at IS NULL ORDER BY reviewed_on, created_at, id"
            ),
            {"m": member_id},
        ):
            label = HOUSEHOLD_LABELS.get(status, status)
            rows.append(
                TimelineRow(date.fromisoformat(on), f"Rà soát hộ gia đình: {label}", "", "", "")
            )
        facts = con.execute(
            _sql("SELECT party_introduced_on, smartca_installed_on FROM member WHERE id = :m"),
            {"m": member_id},
        ).first()
    for on, what in zip(
        facts or (), ("Giới thiệu cho Đảng", "Cài chữ ký số SmartCA"), strict=False
    ):
        if on:
            rows.append(TimelineRow(date.fromisoformat(on), what, "", "", ""))
    return sorted(rows, key=lambda r: r.on)  # stable: movements stay first on their day


def union_alive(session: Session, union_id: str | None) -> bool:
    """A grassroots union of this office that is neither deleted nor dissolved."""
    from desktop.models import GrassrootsUnion

    union = session.get(GrassrootsUnion, union_id) if union_id else None
    return (
        union is not None
        and union.deleted_at is None
        and union.dissolved_on is None
        and union.unit_code == ""
    )


def citizen_id_holder(
    session: Session, citizen_id: str, member_id: str | None
) -> tuple[str, str] | None:
    """(name, union) of the active member other than `member_id` who holds `citizen_id`."""
    from sqlalchemy import text

    if not citizen_id:
        return None
    row = session.execute(
        text(
            "SELECT m.full_name, g.name FROM member m JOIN grassroots_union g ON g.id = m.union_id "
            "WHERE m.citizen_id = :number AND m.status = 'active' AND m.deleted_at IS NULL "
            "AND m.unit_code = '' AND m.id <> :member"
        ),
        {"number": citizen_id, "member": member_id or ""},
    ).first()
    return (row[0], row[1]) if row else None


def clash_message(citizen_id: str, holder: tuple[str, str]) -> str:
    return (
        f"Số CCCD {citizen_id} đã thuộc đoàn viên {holder[0]} ({holder[1]}) đang sinh hoạt; "
        "mỗi số CCCD chỉ của một đoàn viên đang sinh hoạt."
    )


def _check_date(label: str, on: date | None, today: date, last: HistoryRow | None) -> date:
    if on is None:
        raise UserError(f"{label}: nhập ngày (dd/mm/yyyy).")
    if on > today:
        raise UserError(f"{label}: ngày {on:%d/%m/%Y} ở tương lai.")
    if last is not None and on < last.event_date:
        raise UserError(
            f"{label}: ngày {on:%d/%m/%Y} trước biến động gần nhất "
            f"({last.label.lower()} ngày {last.event_date:%d/%m/%Y})."
        )
    return on


def move_member(
    store: Store,
    member_id: str,
    kind: str,
    on: date | None,
    *,
    to_union_id: str | None = None,
    reason: str = "",
    today: date | None = None,
) -> HistoryRow:
    """Transfer within the district, transfer out, leave (with a reason) or re-admit. The history
    it checks the date against, the event, the member and the audit entry are read and written
    in one unit of work: nothing recorded meanwhile can slip between the check and the write."""
    from desktop.models import Member, MemberEvent

    today = today or date.today()
    if kind not in ALLOWED:
        raise UserError(f"Thao tác «{kind}» không có.")
    label = EVENT_LABELS[kind]
    with store.unit_of_work() as uow:
        s = uow.session
        past = history_in(uow.plain(), member_id)
        on = _check_date(label, on, today, past[-1] if past else None)
        if kind == "left" and not clean(reason):
            raise UserError("Ra khỏi tổ chức: ghi lý do (ví dụ: nghỉ việc, nghỉ hưu, tự nguyện).")
        member = s.get(Member, member_id)
        if member is None or member.deleted_at is not None:
            raise UserError(GONE)
        if member.status not in ALLOWED[kind]:
            raise UserError(
                f"{label}: {member.full_name} đang ở trạng thái không cho phép thao tác này."
            )
        if kind in NEEDS_UNION and not union_alive(s, to_union_id):
            raise UserError(f"{label}: chọn công đoàn cơ sở đang hoạt động.")
        if kind == "transferred" and to_union_id == member.union_id:
            raise UserError("Chuyển sinh hoạt: chọn một công đoàn cơ sở khác nơi đang sinh hoạt.")
        if kind == "readmitted":
            holder = citizen_id_holder(s, member.citizen_id, member.id)
            if holder:
                raise UserError(f"{label}: {clash_message(member.citizen_id, holder)}")
        event = MemberEvent(
            unit_code="",
            member_id=member.id,
            kind=kind,
            event_date=on,
            from_union_id=None if kind == "readmitted" else member.union_id,
            to_union_id=to_union_id if kind in NEEDS_UNION else None,
            reason=clean(reason),
        )
        s.add(event)
        member.status = STATUS_AFTER[kind]
        if kind in NEEDS_UNION:
            member.union_id = to_union_id  # type: ignore[assignment]
        s.flush()
        audit_in(s, "edit", f"đoàn viên {member.id}: {label.lower()} {on:%d/%m/%Y}")
        s.flush()
        return next(h for h in history_in(uow.plain(), member_id) if h.id == event.id)


def undo_last_event(store: Store, member_id: str) -> HistoryRow:
    """Take back the latest movement: the event becomes a tombstone (so the province's copy
    learns of the undo too) and the member returns to the state the event before left."""
    from desktop.models import Member, MemberEvent
    from desktop.models.base import utcnow

    with store.unit_of_work() as uow:
        s = uow.session
        past = history_in(uow.plain(), member_id)
        if len(past) < 2:
            raise UserError(
                "Không có biến động nào để hoàn tác: kết nạp là bản ghi đầu tiên của đoàn viên."
            )
        last, before = past[-1], past[-2]
        event, previous = s.get(MemberEvent, last.id), s.get(MemberEvent, before.id)
        member = s.get(Member, member_id)
        if event is None or previous is None or member is None:
            raise UserError(GONE)
        status = STATUS_AFTER.get(before.kind, "active")
        back_to = previous.to_union_id or previous.from_union_id or member.union_id
        if status == "active" and not union_alive(s, back_to):
            # A member moved out by their union's dissolution cannot go back into it.
            raise UserError(
                f"Không hoàn tác được «{last.label.lower()}»: công đoàn cơ sở trước đó đã "
                "giải thể; hủy giải thể trên màn hình Công đoàn cơ sở trước."
            )
        if status == "active" and member.status != "active":
            holder = citizen_id_holder(s, member.citizen_id, member.id)
            if holder:
                raise UserError(
                    f"Không hoàn tác được «{last.label.lower()}»: "
                    + clash_message(member.citizen_id, holder)
                )
        event.deleted_at = utcnow()
        member.status = status
        member.union_id = back_to
        audit_in(
            s,
            "edit",
            f"đoàn viên {member_id}: hoàn tác {last.label.lower()} {last.event_date:%d/%m/%Y}",
        )
    return last
