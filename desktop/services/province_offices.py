"""(Province) the registered upper-level unions as the «Đơn vị» screen shows them: each office's
kind, keys, the months it sent and the months it owes.

An office's bundle for a month carries its whole database as of that month, so «last period
received» is the newest month merged from it; the months of the working year up to the working
period (last month; December of an earlier year for an archive or a demo opened later) that
have no merged bundle of their own are «missing». An office is «late» when the working period is
last month, its bundle is not here and today is past the day of the month the province set
(the `bundle_due_day` setting, «Cài đặt → Hạn gửi gói», the same key an office reads for itself).

A key card does not say what kind of upper union an office is (a district federation, a sector
union, the industrial-zones union…): the province says so when it registers the card, kept in
the `setting` table (`office_kind:CODE`); until it does, the kind is read from the office's name.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any

from desktop.errors import UserError
from desktop.format import period_label, vn_date
from desktop.text import fold

if TYPE_CHECKING:
    from sqlalchemy import Connection

    from desktop.store import Store
    from desktop.store.probe import Peek
    from desktop.sync.keys import TrustResult

# Kept free of SQLAlchemy at import: the window asks `office_role` before its first paint.
# The OfficeKind values an upper-level union may take (desktop.models.enums, office_kinds).
DISTRICT_FEDERATION = "district_federation"
SECTOR_UNION = "sector_union"
INDUSTRIAL_ZONES_UNION = "industrial_zones_union"
OTHER_UPPER_UNION = "other_upper_union"

KIND_SETTING = "office_kind:{code}"
NOT_A_PROVINCE = (
    "{label} là cơ sở dữ liệu của một đơn vị cấp trên trực tiếp cơ sở, không phải của LĐLĐ tỉnh: "
    "{what} chỉ có ở cơ sở dữ liệu của tỉnh."
)
UNKNOWN_KIND = "Loại đơn vị «{kind}» không có trong danh mục; chọn: {choices}."
NOT_REGISTERED = (
    "Đơn vị «{code}» chưa đăng ký với tỉnh (chưa có thẻ khóa); hãy đăng ký thẻ khóa của đơn vị "
    "trước."
)
_MERGED = ("merged", "resolved_take")  # ledger rows that put an office's month here


@dataclass(frozen=True)
class OfficeKey:
    """One key the province holds for an office, as the screen lists it."""

    key_id: str
    fingerprint: str
    state: str  # in_use | pending | retired | revoked
    valid_from_sequence: int
    revoked_from_sequence: int | None

    @property
    def state_label(self) -> str:
        return KEY_STATE_LABELS[self.state]


KEY_STATE_LABELS = {
    "in_use": "đang dùng",
    "pending": "khóa mới, chờ gói đầu tiên",
    "retired": "đã thay bằng khóa mới",
    "revoked": "đã thu hồi",
}


@dataclass(frozen=True)
class OfficeStatus:
    """A registered upper-level union as the province sees it today."""

    code: str
    name: str
    kind: str  # an OfficeKind value
    kind_label: str
    keys: tuple[OfficeKey, ...]
    last_period: str | None  # the newest month merged from it ('YYYY-MM')
    last_sequence: int  # the number of its newest merged bundle (0: none yet)
    missing: tuple[str, ...]  # months of the working year up to the working period, not received
    received: tuple[str, ...]  # every month merged from it, oldest first
    working_period: str  # the month the statuses are judged on
    due_on: date | None  # when the working period's bundle is due (None: an earlier year's)
    late: bool  # the working period's bundle is past its due day and not here

    @property
    def fingerprints(self) -> tuple[str, ...]:
        """The fingerprints of the keys in use (and of a new key waiting for its first bundle)."""
        return tuple(k.fingerprint for k in self.keys if k.state in ("in_use", "pending"))

    @property
    def revoked(self) -> tuple[str, ...]:
        """Fingerprints of keys the province revoked (bundles they sign are refused)."""
        return tuple(k.fingerprint for k in self.keys if k.state == "revoked")

    @property
    def rotation_pending(self) -> bool:
        """The office announced (or the province registered) a new key that has not yet signed
        a bundle merged here."""
        return any(k.state == "pending" for k in self.keys)

    @property
    def last_period_text(self) -> str:
        return period_label(self.last_period) if self.last_period else "chưa nhận gói nào"

    @property
    def missing_text(self) -> str:
        """`tháng 2, 9–11/2024`, or `—` when nothing is missing."""
        return months_text(self.missing) or "—"

    @property
    def received_text(self) -> str:
        """`tháng 1–6/2024`, or `chưa có` before the first bundle."""
        return months_text(self.received) or "chưa có"

    @property
    def state_text(self) -> str:
        """One line in plain words: late, behind, or up to date."""
        if self.late and self.due_on is not None:
            return (
                f"Quá hạn gửi gói {period_label(self.working_period)} (hạn {vn_date(self.due_on)})"
            )
        if self.working_period in self.missing:
            return f"Chưa gửi gói {period_label(self.working_period)}" + (
                f" (hạn {vn_date(self.due_on)})" if self.due_on is not None else ""
            )
        if self.missing:
            return f"Thiếu {len(self.missing)} tháng"
        return "Đã gửi đủ gói"


def _runs(months: list[int]) -> str:
    """[2, 9, 10, 11] → `2, 9–11`: a run of three months or more is written as a span."""
    parts: list[str] = []
    start = previous = months[0]
    for month in [*months[1:], 0]:
        if month == previous + 1:
            previous = month
            continue
        if previous - start >= 2:
            parts.append(f"{start}–{previous}")
        else:
            parts.extend(str(m) for m in range(start, previous + 1))
        start = previous = month
    return ", ".join(parts)


def months_text(periods: tuple[str, ...]) -> str:
    """('2023-12', '2024-01', '2024-02', '2024-05') → `tháng 12/2023; tháng 1, 2, 5/2024`."""
    years: dict[str, list[int]] = {}
    for period in sorted(periods):
        years.setdefault(period[:4], []).append(int(period[5:7]))
    return "; ".join(f"tháng {_runs(months)}/{year}" for year, months in years.items())


_ROLE = "SELECT role FROM office WHERE deleted_at IS NULL"


def office_role(db: Store | Peek) -> str:
    """'province' or 'district' ('' before the office is set up). A file is peeked at without
    SQLAlchemy (the window's first paint); a server is read through its store."""
    from desktop.store.probe import Peek, peek

    if isinstance(db, Peek):
        with peek(db.path) as con:
            row = con.execute(_ROLE).fetchone()
        return str(row[0]) if row else ""
    from sqlalchemy import text

    with db.reading() as reading:
        found = reading.execute(text(_ROLE)).first()
    return str(found[0]) if found is not None else ""


def _role(con: Connection) -> str:
    from sqlalchemy import text

    found = con.execute(text(_ROLE)).first()
    return str(found[0]) if found is not None else ""


def require_province(con: Connection, label: str, what: str) -> None:
    """UserError unless the database is a province's: offices' records are a province's own."""
    if _role(con) != "province":
        raise UserError(NOT_A_PROVINCE.format(label=label, what=what))


def guess_kind(name: str) -> str:
    """The kind an office's name says: «Công đoàn ngành Giáo dục» is a sector union."""
    words = fold(name)
    if "khu cong nghiep" in words or "khu kinh te" in words or " kcn" in f" {words}":
        return INDUSTRIAL_ZONES_UNION
    if words.startswith(("cong doan nganh", "cd nganh")):
        return SECTOR_UNION
    if words.startswith(("lien doan lao dong", "ldld")):
        return DISTRICT_FEDERATION
    return OTHER_UPPER_UNION


def _kinds(con: Connection) -> dict[str, str]:
    from sqlalchemy import text

    prefix = KIND_SETTING.format(code="")
    rows = con.execute(
        text("SELECT key, value FROM setting WHERE key LIKE :prefix"), {"prefix": prefix + "%"}
    )
    return {str(key)[len(prefix) :]: str(value) for key, value in rows}


def _months_up_to(period: str) -> list[str]:
    year, month = int(period[:4]), int(period[5:7])
    return [f"{year}-{m:02d}" for m in range(1, month + 1)]


def _keys(rows: list[Any], used: set[str]) -> tuple[OfficeKey, ...]:
    """Each key's state: a key replaced by rotation ends where its heir starts (retired); one
    ended otherwise was revoked; an unrevoked key that never signed a merged bundle, while
    another did, waits for its first bundle."""
    starts = {str(r.replaces_key_id): int(r.valid_from_sequence) for r in rows if r.replaces_key_id}
    found = []
    for row in rows:
        revoked_from = row.revoked_from_sequence
        if revoked_from is not None:
            retired = starts.get(str(row.key_id)) == int(revoked_from)
            state = "retired" if retired else "revoked"
        elif not row.active:
            state = "retired"
        elif used and str(row.key_id) not in used:
            state = "pending"
        else:
            state = "in_use"
        found.append(
            OfficeKey(
                str(row.key_id),
                str(row.fingerprint),
                state,
                int(row.valid_from_sequence or 0),
                None if revoked_from is None else int(revoked_from),
            )
        )
    return tuple(found)


def office_statuses(store: Store, today: date | None = None) -> list[OfficeStatus]:
    """Every registered upper-level union with its keys, the months received and owed, sorted
    by code. `today` fixes the clock (tests, a report made later)."""
    from sqlalchemy import text

    from desktop.services.office_kinds import KIND_LABELS
    from desktop.services.preferences import bundle_deadline, bundle_due_day, is_current
    from desktop.services.province_figures import latest_periods, registered_offices
    from desktop.services.targets import working_period

    today = today or date.today()
    working = working_period(store, today)
    due_day = bundle_due_day(store)
    due_on = bundle_deadline(working, due_day) if is_current(working, today) else None
    with store.reading() as con:
        require_province(con, store.label, "danh sách đơn vị đăng ký")
        offices = registered_offices(con)
        latest = latest_periods(con)
        kinds = _kinds(con)
        keys = con.execute(
            text(
                "SELECT unit_code, key_id, fingerprint, active, valid_from_sequence, "
                "revoked_from_sequence, replaces_key_id FROM unit_key WHERE own = FALSE "
                "ORDER BY id"
            )
        ).all()
        ledger = con.execute(
            text(
                "SELECT unit_code, period, sequence, signing_key_id FROM bundle_ledger "
                "WHERE verdict IN (:merged, :taken)"
            ),
            {"merged": _MERGED[0], "taken": _MERGED[1]},
        ).all()
    received: dict[str, set[str]] = {}
    used: dict[str, set[str]] = {}
    sequences: dict[str, int] = {}
    for code, period, sequence, key_id in ledger:
        received.setdefault(str(code), set()).add(str(period))
        used.setdefault(str(code), set()).add(str(key_id))
        sequences[str(code)] = max(sequences.get(str(code), 0), int(sequence))
    statuses = []
    for code, name in offices:
        kind = kinds.get(code) or guess_kind(name)
        got = received.get(code, set())
        missing = tuple(p for p in _months_up_to(working) if p not in got)
        statuses.append(
            OfficeStatus(
                code=code,
                name=name,
                kind=kind,
                kind_label=KIND_LABELS.get(kind, kind),
                keys=_keys([k for k in keys if k.unit_code == code], used.get(code, set())),
                last_period=latest.get(code),
                last_sequence=sequences.get(code, 0),
                missing=missing,
                received=tuple(sorted(got)),
                working_period=working,
                due_on=due_on,
                late=due_on is not None and working not in got and today > due_on,
            )
        )
    return statuses


def office_kind_choices() -> list[tuple[str, str]]:
    """(kind, label) an upper-level union may be, in the order a list offers them."""
    from desktop.services.office_kinds import KIND_LABELS, kinds_for

    return [(kind, KIND_LABELS[kind]) for kind in kinds_for("district")]


def set_office_kind(store: Store, code: str, kind: str) -> None:
    """Say what kind of upper union a registered office is (its card does not)."""
    from desktop.services.roles import Action, permit
    from desktop.services.settings import set_setting

    permit(Action.EDIT)
    if kind not in dict(office_kind_choices()):
        choices = ", ".join(label for _, label in office_kind_choices())
        raise UserError(UNKNOWN_KIND.format(kind=kind, choices=choices))
    from desktop.services.province_figures import registered_offices

    with store.reading() as con:
        require_province(con, store.label, "loại của đơn vị đăng ký")
        if code not in dict(registered_offices(con)):
            raise UserError(NOT_REGISTERED.format(code=code))
    set_setting(store, KIND_SETTING.format(code=code), kind)


def register_office(
    store: Store, card: Path, fingerprint: str, kind: str | None = None
) -> TrustResult:
    """Register an office's key card with the fingerprint the office read over the phone; with
    `kind`, say what kind of upper union it is."""
    from desktop.services.keys import trust_office_card

    with store.reading() as con:
        require_province(con, store.label, "đăng ký thẻ khóa của đơn vị")
    if not fingerprint.strip():
        raise UserError(
            f"Tệp {card}: nhập dấu vân tay đơn vị đọc qua điện thoại để đối chiếu với thẻ khóa."
        )
    result = trust_office_card(store, card, fingerprint=fingerprint)
    if kind is not None:
        set_office_kind(store, result.key.unit_code, kind)
    return result


def office_names(store: Store) -> list[tuple[str, str]]:
    """(code, name) of every registered office, by code: the forms' list of offices."""
    from desktop.services.province_figures import registered_offices

    with store.reading() as con:
        return registered_offices(con)
