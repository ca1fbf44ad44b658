"""(Province) one office's grassroots unions and members as merged from its bundles, read-only.

Every list is scoped by the office's code (`unit_code`): the province's database holds every
office's rows side by side, and another office's union or member never shows here.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from sqlalchemy import text

from desktop.errors import UserError
from desktop.services.member_search import GENDER_LABELS, STATUS_LABELS
from desktop.services.unions import SECTOR_LABELS
from desktop.store import Store


@dataclass(frozen=True)
class OfficeUnion:
    id: str
    name: str
    sector: str  # «Nhà nước» / «Ngoài nhà nước»
    founded_on: date | None
    dissolved_on: date | None
    chair_name: str
    members: int  # members active in it


@dataclass(frozen=True)
class OfficeMember:
    id: str
    full_name: str
    gender: str  # «Nam» / «Nữ»
    birth_date: date | None
    union_id: str
    union_name: str
    joined_on: date | None
    status: str  # «Đang sinh hoạt»…
    card_number: str


@dataclass(frozen=True)
class OfficeHoldings:
    code: str
    name: str
    unions: tuple[OfficeUnion, ...]
    members: tuple[OfficeMember, ...]

    def members_of(self, union_id: str | None) -> tuple[OfficeMember, ...]:
        """The office's members, or one union's (None: all)."""
        if union_id is None:
            return self.members
        return tuple(m for m in self.members if m.union_id == union_id)


def _day(value: object) -> date | None:
    if value is None or value == "":
        return None
    if isinstance(value, date):
        return value
    return date.fromisoformat(str(value)[:10])


def office_holdings(store: Store, unit_code: str) -> OfficeHoldings:
    """The unions and members merged from office `unit_code` (a code registered here)."""
    with store.reading() as con:
        name = con.execute(
            text(
                "SELECT unit_name FROM unit_key WHERE own = FALSE AND unit_code = :code "
                "ORDER BY id DESC"
            ),
            {"code": unit_code},
        ).first()
        held = con.execute(
            text("SELECT COUNT(*) FROM grassroots_union WHERE unit_code = :code"),
            {"code": unit_code},
        ).scalar()
        if name is None and not held:
            raise UserError(f"Không có đơn vị «{unit_code}» đã đăng ký ở LĐLĐ tỉnh.")
        unions = con.execute(
            text(
                "SELECT u.id, u.name, u.sector, u.founded_on, u.dissolved_on, u.chair_name, "
                "(SELECT COUNT(*) FROM member m WHERE m.union_id = u.id AND m.unit_code = :code "
                "AND m.deleted_at IS NULL AND m.status = 'active') "
                "FROM grassroots_union u WHERE u.unit_code = :code AND u.deleted_at IS NULL "
                "ORDER BY u.name_key, u.name"
            ),
            {"code": unit_code},
        ).all()
        members = con.execute(
            text(
                "SELECT m.id, m.full_name, m.gender, m.birth_date, u.id, u.name, m.joined_on, m.status, "
                "m.card_number FROM member m JOIN grassroots_union u ON u.id = m.union_id "
                "WHERE m.unit_code = :code AND m.deleted_at IS NULL "
                "ORDER BY m.sort_key, m.full_name, m.id"
            ),
            {"code": unit_code},
        ).all()
    return OfficeHoldings(
        unit_code,
        str(name[0]) if name is not None and name[0] else unit_code,
        tuple(
            OfficeUnion(
                str(r[0]),
                str(r[1]),
                SECTOR_LABELS.get(str(r[2]), str(r[2])),
                _day(r[3]),
                _day(r[4]),
                str(r[5] or ""),
                int(r[6]),
            )
            for r in unions
        ),
        tuple(
            OfficeMember(
                str(r[0]),
                str(r[1]),
                GENDER_LABELS.get(str(r[2]), str(r[2])),
                _day(r[3]),
                str(r[4]),
                str(r[5]),
                _day(r[6]),
                STATUS_LABELS.get(str(r[7]), str(r[7])),
                str(r[8] or ""),
            )
            for r in members
        ),
    )


def summary_periods(store: Store) -> list[str]:
    """The months Tổng hợp offers, newest first: from January of the first year any office's
    bundle was merged for, to the newest month merged from any office ([] before any merge)."""
    with store.reading() as con:
        first, last = con.execute(
            text(
                "SELECT MIN(period), MAX(period) FROM bundle_ledger "
                "WHERE verdict IN ('merged', 'resolved_take') AND period <> ''"
            )
        ).one()
    if not first or not last:
        return []
    year, month = int(str(first)[:4]), 1
    found: list[str] = []
    while f"{year:04d}-{month:02d}" <= str(last)[:7]:
        found.append(f"{year:04d}-{month:02d}")
        year, month = (year + 1, 1) if month == 12 else (year, month + 1)
    return found[::-1]


def ledger_mark(store: Store) -> int:
    """A number that changes whenever a bundle or a decision is written to the merge ledger
    (Tổng hợp reloads when it changed while the screen was away)."""
    with store.reading() as con:
        return int(
            con.execute(text("SELECT COALESCE(MAX(id), 0) FROM bundle_ledger")).scalar() or 0
        )
