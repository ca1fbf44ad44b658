"""(Province) Chất lượng dữ liệu: what in the merged data needs a person, and what to do about it.

Four kinds of finding, each in plain Vietnamese with the step that clears it:

- the same citizen ID active in two offices (a member transferred without the first office
  recording the departure, or a typing mistake): both offices, the members' names and unions;
- offices late with their monthly bundle or missing months (from the Đơn vị screen's statuses,
  desktop/services/province_offices.py, when that service is present; else from the ledger);
- forks awaiting a decision (an office restored an old backup; nothing of it merges until the
  province keeps its own chain or takes the office's new one: desktop/sync/province/forks.py);
- percentages entered without the two counts behind them (the province cannot add them up, so
  the office's figure is left out of the province's rate), per office and month.

Citizen IDs are shown masked unless the signed-in role may see them whole (Law 91/2025/QH15).
Read-only; Qt-free; plain frozen dataclasses out.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING, Any

from sqlalchemy import Connection, text

from desktop.citizen_id import masked
from desktop.format import percent, period_label

if TYPE_CHECKING:
    from desktop.store import Store

DUPLICATE_ID, LATE, FORK, NO_COUNTS = "duplicate_id", "late", "fork", "no_counts"
KINDS = (DUPLICATE_ID, LATE, FORK, NO_COUNTS)

TITLES = {
    DUPLICATE_ID: "Một số CCCD đang là đoàn viên ở hai đơn vị",
    LATE: "Đơn vị gửi gói chậm hoặc thiếu tháng",
    FORK: "Gói bị rẽ nhánh đang chờ tỉnh quyết định",
    NO_COUNTS: "Tỷ lệ % nhập tay chưa có số đếm",
}
ACTIONS = {
    DUPLICATE_ID: (
        "Liên hệ hai đơn vị để xác định đoàn viên đang sinh hoạt ở đâu: đơn vị kia ghi "
        "chuyển đi hoặc sửa số CCCD nhập nhầm, rồi gửi lại gói tháng."
    ),
    LATE: (
        "Gọi điện nhắc đơn vị xuất gói các tháng còn thiếu (màn hình Đồng bộ của đơn vị) "
        "và gửi cho tỉnh; số liệu tổng hợp của tháng đó chưa tính đơn vị này."
    ),
    FORK: (
        "Vào màn hình Nhận gói: giữ dữ liệu tỉnh đã gộp, hoặc nhận gói mới của đơn vị thay "
        "thế. Trước khi quyết định, không gói nào của đơn vị này được gộp."
    ),
    NO_COUNTS: (
        "Đề nghị đơn vị nhập hai số đếm (số người đạt, số người thuộc phạm vi) cho các tỷ lệ "
        "này trên màn hình Chỉ tiêu rồi gửi lại gói; tỉnh không cộng tỷ lệ thiếu số đếm."
    ),
}
NONE_FOUND = "Không có vấn đề nào."
OWN_OFFICE = "tỉnh"


@dataclass(frozen=True)
class DuplicateMember:
    office_code: str
    office_name: str
    member_name: str
    union_name: str


@dataclass(frozen=True)
class Finding:
    """One thing to look at: `text` says what, in Vietnamese; `offices` names the offices' codes
    concerned (for a screen that opens them)."""

    kind: str
    text: str
    offices: tuple[str, ...]
    citizen_id: str = ""  # shown as the role may see it (masked or whole)
    members: tuple[DuplicateMember, ...] = ()
    periods: tuple[str, ...] = ()


@dataclass(frozen=True)
class FindingGroup:
    kind: str
    title: str
    action: str  # what to do, in one sentence or two
    findings: tuple[Finding, ...]

    @property
    def heading(self) -> str:
        """«Một số CCCD đang là đoàn viên ở hai đơn vị (2)»."""
        return f"{self.title} ({len(self.findings)})"


@dataclass(frozen=True)
class QualityFindings:
    groups: tuple[FindingGroup, ...]  # in the order of KINDS, every kind, even with no finding
    full_ids: bool  # citizen IDs shown whole

    @property
    def total(self) -> int:
        return sum(len(g.findings) for g in self.groups)

    def group(self, kind: str) -> FindingGroup:
        return next(g for g in self.groups if g.kind == kind)


def may_see_full_ids() -> bool:
    """Whether the account signed in to this process may read citizen IDs whole."""
    from desktop.services.accounts import current_user
    from desktop.services.roles import Action, allowed

    return allowed(current_user(), Action.VIEW_FULL_ID)


def quality_findings(
    store: Store, today: date | None = None, *, full_ids: bool | None = None
) -> QualityFindings:
    """Every finding on the province's data as of `today` (default: the PC's date).

    `full_ids`: None shows citizen IDs as the signed-in role may; True is granted only to a role
    that may see them whole (a viewer always reads them masked)."""
    from desktop.services.roles import Action, permit

    permit(Action.VIEW)
    whole = may_see_full_ids() if full_ids is None else (full_ids and may_see_full_ids())
    with store.reading() as con:
        names = _office_names(con)
        duplicates = _duplicates(con, names, whole)
        forks = _forks(con, names)
        no_counts = _no_counts(con, names)
    late = _late(store, names, today)
    if duplicates:  # members' names (and citizen IDs) were shown: on record (Decree 356/2025)
        from desktop.services.audit import record

        shown = "đầy đủ" if whole else "đã che"
        record(
            store,
            "view",
            f"chất lượng dữ liệu: {len(duplicates)} số CCCD trùng giữa các đơn vị (số CCCD {shown})",
        )
    found = {DUPLICATE_ID: duplicates, LATE: late, FORK: forks, NO_COUNTS: no_counts}
    groups = tuple(
        FindingGroup(kind, TITLES[kind], ACTIONS[kind], tuple(found[kind])) for kind in KINDS
    )
    return QualityFindings(groups, whole)


def _rows(con: Connection, sql: str, **params: Any) -> list[tuple[Any, ...]]:
    return [tuple(row) for row in con.execute(text(sql), params)]


def _office_names(con: Connection) -> dict[str, str]:
    """Code → name of every office known here: the registered ones, each key's newest name, and
    this database's own office under '' (its rows carry no code)."""
    from desktop.services.province_figures import registered_offices

    names = {
        str(code): str(name or code)
        for code, name in _rows(
            con,
            "SELECT k.unit_code, k.unit_name FROM unit_key k WHERE k.own = FALSE AND k.id = "
            "(SELECT MAX(n.id) FROM unit_key n WHERE n.own = FALSE AND n.unit_code = k.unit_code)",
        )
    }
    names.update(dict(registered_offices(con)))
    own = _rows(con, "SELECT name FROM office WHERE deleted_at IS NULL")
    names[""] = str(own[0][0]) if own else OWN_OFFICE
    return names


def _office(code: str, names: dict[str, str]) -> str:
    """«LDLD-BATRI – Liên đoàn Lao động huyện Ba Tri»; this database's own office by its name."""
    name = names.get(code, "")
    if not code:
        return name
    return f"{code} – {name}" if name and name != code else code


def _duplicates(con: Connection, names: dict[str, str], whole: bool) -> list[Finding]:
    """Citizen IDs active in two or more offices. Offices that handed their register over are
    left out: their members now travel in the successor's bundles."""
    live = (
        "m.status = 'active' AND m.deleted_at IS NULL AND m.citizen_id <> '' "
        "AND m.unit_code NOT IN (SELECT from_code FROM handover)"
    )
    rows = _rows(
        con,
        "SELECT m.citizen_id, m.unit_code, m.full_name, COALESCE(g.name, '') FROM member m "
        "LEFT JOIN grassroots_union g ON g.id = m.union_id "
        f"WHERE {live} AND m.citizen_id IN (SELECT m.citizen_id FROM member m WHERE {live} "
        "GROUP BY m.citizen_id HAVING COUNT(DISTINCT m.unit_code) > 1) "
        "ORDER BY m.citizen_id, m.unit_code, m.full_name",
    )
    by_id: dict[str, list[DuplicateMember]] = {}
    for citizen_id, code, member, union in rows:
        by_id.setdefault(str(citizen_id), []).append(
            DuplicateMember(str(code), names.get(str(code), str(code)), str(member), str(union))
        )
    found = []
    for citizen_id, members in by_id.items():
        shown = citizen_id if whole else masked(citizen_id)
        parts = "; ".join(
            f"{m.member_name} ({m.union_name}, {_office(m.office_code, names)})" for m in members
        )
        found.append(
            Finding(
                DUPLICATE_ID,
                f"Số CCCD {shown}: {parts}.",
                tuple(dict.fromkeys(m.office_code for m in members)),
                citizen_id=shown,
                members=tuple(members),
            )
        )
    return found


def _forks(con: Connection, names: dict[str, str]) -> list[Finding]:
    """Offices whose fork no decision has closed (the ledger's open fork)."""
    from desktop.sync.ledger import history

    found = []
    codes = _rows(con, "SELECT DISTINCT unit_code FROM bundle_ledger ORDER BY unit_code")
    for (code,) in codes:
        past = history(con, str(code))
        if past.open_fork is None:
            continue
        sequence, file = past.open_fork
        last = past.chain[-1] if past.chain else None
        kept = (
            f"tỉnh đang giữ đến gói số {last[0]} ({period_label(last[1])})"
            if last
            else "tỉnh chưa gộp gói nào của đơn vị"
        )
        named = f" (tệp {file})" if file else ""
        found.append(
            Finding(
                FORK,
                f"{_office(str(code), names)}: gói số {sequence}{named} trùng số với gói đã gộp "
                f"mà nội dung khác (thường do đơn vị khôi phục bản sao lưu cũ); {kept}.",
                (str(code),),
            )
        )
    return found


def _no_counts(con: Connection, names: dict[str, str]) -> list[Finding]:
    """Entered percentages without their two counts, one finding per office and month."""
    rows = _rows(
        con,
        "SELECT e.unit_code, e.period, t.code, e.value FROM progress_entry e "
        "JOIN target t ON t.id = e.target_id WHERE e.deleted_at IS NULL AND t.unit = 'percent' "
        "AND (e.numerator IS NULL OR e.denominator IS NULL) "
        "ORDER BY e.unit_code, e.period, t.position, t.code",
    )
    grouped: dict[tuple[str, str], list[str]] = {}
    for code, period, target, value in rows:
        grouped.setdefault((str(code), str(period)), []).append(f"{target} {percent(float(value))}")
    return [
        Finding(
            NO_COUNTS,
            f"{_office(code, names)}, {period_label(period)}: {', '.join(values)}.",
            (code,),
            periods=(period,),
        )
        for (code, period), values in grouped.items()
    ]


def _late(store: Store, names: dict[str, str], today: date | None) -> list[Finding]:
    """Offices behind with their bundles, as the Đơn vị screen judges them
    (desktop/services/province_offices.py): months of the working year not received, and the
    working month's bundle past the day the province set."""
    from desktop.services.province_offices import office_statuses

    found = []
    for status in office_statuses(store, today or date.today()):
        if not status.missing and not status.late:
            continue
        parts = [
            f"gói mới nhất {status.last_period_text}" if status.last_period else "chưa gửi gói nào"
        ]
        if status.missing:
            parts.append(f"thiếu {status.missing_text}")
        if status.late:
            parts.append(status.state_text[:1].lower() + status.state_text[1:])
        found.append(
            Finding(
                LATE,
                f"{_office(status.code, names)}: {', '.join(parts)}.",
                (status.code,),
                periods=status.missing,
            )
        )
    return found
