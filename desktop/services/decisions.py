"""The province's word on each office's month: accepted, or returned with a reason.

Province side: `decide` records the decision (the month must be one the province merged a bundle
of that office for) with an audit entry; the receipts package (`bundle package --type receipts`)
carries every decision on that office to it (docs/bundle-format.md §9), and the office's next
bundle for a returned month names the decision it answers, which the merge marks `answered_by`.

Office side: taking the package stores each decision under the office's own code with the same
id; `decisions` then lists what the province said, and `returned_open` the months still to be
corrected and sent again.

A later decision on the same month replaces the earlier one: every list here shows the newest per
(office, month), by `decided_at`.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime
from typing import TYPE_CHECKING, Any

from sqlalchemy import Connection, text

from desktop.errors import UserError
from desktop.models.base import new_id, utcnow
from desktop.periods import parse_month
from desktop.services.roles import Action, permit

if TYPE_CHECKING:
    from desktop.store import Store

# What the command line and the window pass, and what the database keeps.
CHOICES = {"accept": "accepted", "return": "returned"}
LABELS = {"accepted": "đã chấp nhận", "returned": "bị trả lại"}

NO_OFFICE = "Cơ sở dữ liệu {db} chưa có thông tin đơn vị: chạy «uniondesk init» trước."
NOT_PROVINCE = (
    "Chỉ LĐLĐ tỉnh chấp nhận hoặc trả lại báo cáo tháng của đơn vị ({db} là của đơn vị {code})."
)
BAD_CHOICE = "Quyết định «{given}» không hợp lệ: ghi accept (chấp nhận) hoặc return (trả lại)."
NEED_REASON = (
    "Trả lại báo cáo {period} của {unit} cần lý do (--reason «…»): đơn vị phải biết cần sửa gì."
)
REASON_TOO_LONG = "Lý do dài {length} ký tự; tối đa {limit} ký tự."
UNKNOWN_UNIT = (
    "Đơn vị «{unit}» chưa đăng ký ở LĐLĐ tỉnh (các đơn vị đã đăng ký: {known}). "
    "Kiểm tra lại mã đơn vị."
)
NO_MERGED_BUNDLE = (
    "Chưa gộp gói dữ liệu {period} nào của {unit}, nên chưa có báo cáo tháng đó để chấp nhận "
    "hay trả lại. Các tháng đã gộp của đơn vị: {known}."
)
MAX_REASON = 2000


@dataclass(frozen=True)
class DecisionView:
    """One decision as both sides show it. `sent`: a receipts package carried it (at the office,
    always); `answered_by`: the id of the office's bundle that answered a returned month."""

    id: str
    unit_code: str
    period: str  # YYYY-MM
    decision: str  # accepted | returned
    reason: str
    decided_at: datetime
    actor: str
    sent: bool
    answered_by: str

    @property
    def label(self) -> str:
        """`đã chấp nhận`, `bị trả lại`."""
        return LABELS.get(self.decision, self.decision)

    @property
    def local_day(self) -> date:
        """The day of the decision on this PC's clock (stored in UTC: a decision made at 06:30
        in Vietnam is the same day there, not the day before)."""
        return self.decided_at.replace(tzinfo=UTC).astimezone().date()

    @property
    def open(self) -> bool:
        """A returned month the office has not yet answered with a new bundle."""
        return self.decision == "returned" and not self.answered_by


def _rows(con: Connection, sql: str, **params: object) -> list[tuple[Any, ...]]:
    return [tuple(row) for row in con.execute(text(sql), params)]


def _office(con: Connection, label: str) -> tuple[str, str]:
    rows = _rows(con, "SELECT code, role FROM office WHERE deleted_at IS NULL LIMIT 1")
    if not rows:
        raise UserError(NO_OFFICE.format(db=label))
    return str(rows[0][0]), str(rows[0][1])


def registered_units(con: Connection) -> list[str]:
    """Codes of the offices registered at the province (a key card taken), less those that
    handed their register over; sorted."""
    rows = _rows(
        con,
        "SELECT DISTINCT unit_code FROM unit_key WHERE own = FALSE AND role <> 'province' "
        "EXCEPT SELECT from_code FROM handover ORDER BY unit_code",
    )
    return [str(code) for (code,) in rows]


def merged_periods(con: Connection, unit_code: str) -> list[str]:
    """The months of the office's bundles the province merged, oldest first."""
    rows = _rows(
        con,
        "SELECT DISTINCT period FROM bundle_ledger WHERE unit_code = :unit AND verdict = 'merged' "
        "ORDER BY period",
        unit=unit_code,
    )
    return [str(period) for (period,) in rows]


def decide(
    store: Store, unit_code: str, period: str, decision: str, reason: str = ""
) -> DecisionView:
    """(Province) accept an office's month, or return it with a reason, with an audit entry, in
    one unit of work. Refused, with nothing written: on an office's database, for an office not
    registered here, for a month with no merged bundle of that office, a return without a
    reason. The next receipts package to that office carries it."""
    from desktop.services.audit_chain import NewEntry, append

    permit(Action.EDIT)
    unit_code = unit_code.strip()
    month = parse_month(period).text
    if decision not in CHOICES:
        raise UserError(BAD_CHOICE.format(given=decision))
    kept = CHOICES[decision]
    reason = " ".join(reason.split())
    if kept == "returned" and not reason:
        raise UserError(NEED_REASON.format(period=_shown(month), unit=unit_code))
    if len(reason) > MAX_REASON:
        raise UserError(REASON_TOO_LONG.format(length=len(reason), limit=MAX_REASON))
    with store.unit_of_work() as uow:
        con = uow.plain()
        code, role = _office(con, store.label)
        if role != "province":
            raise UserError(NOT_PROVINCE.format(db=store.label, code=code))
        units = registered_units(con)
        if unit_code not in units:
            raise UserError(
                UNKNOWN_UNIT.format(unit=unit_code, known=", ".join(units) or "chưa có")
            )
        merged = merged_periods(con, unit_code)
        if month not in merged:
            shown = ", ".join(_shown(p) for p in merged) or "chưa có"
            raise UserError(
                NO_MERGED_BUNDLE.format(period=_shown(month), unit=unit_code, known=shown)
            )
        from desktop.services.audit import current_actor

        view = DecisionView(
            id=new_id(),
            unit_code=unit_code,
            period=month,
            decision=kept,
            reason=reason,
            decided_at=utcnow(),
            actor=current_actor(),
            sent=False,
            answered_by="",
        )
        insert_decision(con, view, package_id="")
        said = f"{unit_code} {_shown(month)}: {view.label}" + (f" ({reason})" if reason else "")
        append(
            uow.connection,
            [NewEntry("period_decision", said, record_table="period_decision", record_id=view.id)],
        )
    return view


def insert_decision(con: Connection, view: DecisionView, *, package_id: str) -> None:
    """Write one decision row (the province's own, or one a package carried to an office)."""
    from desktop.sync.ledger import stamp

    now = stamp(utcnow())
    con.execute(
        text(
            "INSERT INTO period_decision (id, unit_code, period, decision, reason, decided_at, "
            "actor, package_id, answered_by, created_at, updated_at, deleted_at) VALUES (:id, "
            ":unit, :period, :decision, :reason, :decided_at, :actor, :package_id, :answered_by, "
            ":now, :now, NULL)"
        ),
        {
            "id": view.id,
            "unit": view.unit_code,
            "period": view.period,
            "decision": view.decision,
            "reason": view.reason,
            "decided_at": stamp(view.decided_at),
            "actor": view.actor,
            "package_id": package_id,
            "answered_by": view.answered_by,
            "now": now,
        },
    )


def _shown(period: str) -> str:
    from desktop.format import period_label

    return period_label(period)


def _view(row: tuple[Any, ...]) -> DecisionView:
    id_, unit, period, decision, reason, decided_at, actor, package_id, answered_by = row
    if isinstance(decided_at, str):  # SQLite hands a raw connection's DATETIME back as text
        decided_at = datetime.fromisoformat(decided_at)
    return DecisionView(
        id=str(id_),
        unit_code=str(unit),
        period=str(period),
        decision=str(decision),
        reason=str(reason or ""),
        decided_at=decided_at,
        actor=str(actor or ""),
        sent=bool(package_id),
        answered_by=str(answered_by or ""),
    )


SELECT = (
    "SELECT id, unit_code, period, decision, reason, decided_at, actor, package_id, answered_by "
    "FROM period_decision WHERE deleted_at IS NULL"
)


def all_decisions(con: Connection, unit_code: str | None = None) -> list[DecisionView]:
    """Every decision row (the history), oldest first."""
    sql = SELECT + ("" if unit_code is None else " AND unit_code = :unit")
    rows = _rows(con, sql + " ORDER BY decided_at, id", unit=unit_code)
    return [_view(row) for row in rows]


def newest(views: list[DecisionView]) -> list[DecisionView]:
    """The newest decision per (office, month), newest month first, then by office."""
    latest: dict[tuple[str, str], DecisionView] = {}
    for view in views:  # oldest first: a later one replaces
        latest[(view.unit_code, view.period)] = view
    by_office = sorted(latest.values(), key=lambda v: v.unit_code)
    return sorted(by_office, key=lambda v: v.period, reverse=True)


def decisions_on(con: Connection, unit_code: str | None = None) -> list[DecisionView]:
    """`decisions` on a connection already open (the sync status, the dashboard)."""
    return newest(all_decisions(con, unit_code))


def decisions(store: Store, unit_code: str | None = None) -> list[DecisionView]:
    """The newest decision per (office, month): at the province, its decisions on every office
    (or on `unit_code`); at an office, what the province decided on its months. Newest month
    first."""
    with store.reading() as con:
        return decisions_on(con, unit_code)


def returned_open(store: Store) -> list[DecisionView]:
    """Months whose newest decision is a return not yet answered by a bundle, newest first."""
    return [view for view in decisions(store) if view.open]


@dataclass(frozen=True)
class DecisionLine:
    """A decision in words, as the Đồng bộ screen, `bundle list` and the dashboard say it.
    `pending`: something is to be done about it here (the office: correct the month and send
    it again; the province: an answer awaits its new decision)."""

    view: DecisionView
    text: str
    pending: bool


def _on(value: date) -> str:
    from desktop.format import vn_date

    return vn_date(value)


def resend_advice(period: str, latest_sent: str) -> str:
    """What an office does about a returned month: send that month again, or, once it sent a
    later month (a bundle never goes back in time), its next bundle, which carries the whole
    office and so the corrections too."""
    if latest_sent > period:
        return (
            f"Cần sửa rồi xuất gói mới (đã gửi gói {_shown(latest_sent)} nên không gửi lại gói "
            f"{_shown(period)} được; gói mới mang toàn bộ dữ liệu, kể cả phần sửa)."
        )
    return f"Cần sửa rồi xuất và gửi lại gói {_shown(period)}."


def describe(
    view: DecisionView, answer: int | None, *, province: bool, latest_sent: str = ""
) -> DecisionLine:
    """`answer`: the number of the bundle that answered a return (None when unknown here);
    `latest_sent`: (office) the newest month it sent a bundle of."""
    head = f"{_shown(view.period).capitalize()}: {view.label} ngày {_on(view.local_day)}"
    if province:
        head = f"{view.unit_code} – {head[0].lower()}{head[1:]}"
    if view.decision == "accepted":
        return DecisionLine(view, head + ".", False)
    head += f" – lý do: {view.reason.rstrip('.')}."
    number = f" số {answer}" if answer is not None else ""
    if province:
        carried = "" if view.sent else " Chưa gửi cho đơn vị (gói biên nhận)."
        if view.answered_by:
            return DecisionLine(
                view,
                f"{head} Đơn vị đã gửi lại (gói{number}): chờ chấp nhận hoặc trả lại lần nữa."
                + carried,
                True,
            )
        return DecisionLine(view, f"{head} Chờ đơn vị gửi lại.{carried}", False)
    if view.answered_by:
        return DecisionLine(view, f"{head} Đã gửi lại (gói{number}), chờ tỉnh xem.", False)
    return DecisionLine(view, f"{head} {resend_advice(view.period, latest_sent)}", True)


def decision_lines(con: Connection) -> tuple[DecisionLine, ...]:
    """Every month's newest decision in words, on a reading connection: at the province its
    decisions on every office, at an office the province's on its months."""
    _, role = _office(con, "")
    province = role == "province"
    table = "bundle_ledger" if province else "sent_bundle"
    numbers = {
        str(bundle_id): int(sequence)
        for bundle_id, sequence in _rows(con, f"SELECT bundle_id, sequence FROM {table}")
    }
    latest = "" if province else latest_sent(con)
    return tuple(
        describe(view, numbers.get(view.answered_by), province=province, latest_sent=latest)
        for view in decisions_on(con)
    )


def latest_sent(con: Connection) -> str:
    """(Office) the newest month it exported a bundle of ("" before the first)."""
    rows = _rows(con, "SELECT MAX(period) FROM sent_bundle")
    return str(rows[0][0] or "") if rows else ""
