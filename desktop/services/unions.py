"""The office's grassroots unions as the Công đoàn cơ sở screen lists them: rows, filters, search,
the detail of one union (members, history, ratings) and the communes a union may be placed in.

Read through the store (a district holds 150–400 unions: the whole list is read at once and
filtered in memory as staff type). Only the office's own rows (unit_code '') are listed: a province database
also holds every district's merged rows. Writes live in `union_form` and `union_events`.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import TYPE_CHECKING, Any

from desktop.admin_units import same_commune
from desktop.models.enums import EmployerType, Rating, Sector, UnionKind
from desktop.text import fold, text_sort_key

if TYPE_CHECKING:
    from sqlalchemy import Connection

    from desktop.store import Store

SECTOR_LABELS: dict[str, str] = {Sector.state: "Nhà nước", Sector.non_state: "Ngoài nhà nước"}
KIND_LABELS: dict[str, str] = {
    UnionKind.workplace: "Công đoàn cơ sở",
    UnionKind.trade_based: "Nghiệp đoàn",
}
EMPLOYER_LABELS: dict[str, str] = {
    EmployerType.agency: "Cơ quan hành chính",
    EmployerType.school: "Trường học, đơn vị sự nghiệp",
    EmployerType.state_enterprise: "Doanh nghiệp nhà nước",
    EmployerType.private_enterprise: "Doanh nghiệp tư nhân",
    EmployerType.fdi_enterprise: "Doanh nghiệp có vốn đầu tư nước ngoài",
    EmployerType.cooperative: "Hợp tác xã",
    EmployerType.trade: "Lao động tự do (nghiệp đoàn)",
}
RATING_LABELS: dict[str, str] = {
    Rating.excellent: "Hoàn thành xuất sắc nhiệm vụ",
    Rating.good: "Hoàn thành tốt nhiệm vụ",
    Rating.completed: "Hoàn thành nhiệm vụ",
    Rating.not_completed: "Không hoàn thành nhiệm vụ",
}
RATING_SHORT: dict[str, str] = {
    Rating.excellent: "Xuất sắc",
    Rating.good: "Tốt",
    Rating.completed: "Hoàn thành",
    Rating.not_completed: "Không hoàn thành",
}
UNRATED = "unrated"  # the rating filter's "no rating that year"
CHAIR_CHANGE = "CĐCS {id}: thay chủ tịch "  # the audit entry of a chair replaced


@dataclass(frozen=True)
class UnionRow:
    id: str
    name: str
    sector: str
    kind: str
    employer_type: str
    commune_code: str
    commune_name: str
    address: str
    phone: str
    workforce_total: int
    workforce_women: int
    founded_on: date | None
    dissolved_on: date | None
    dissolved_reason: str
    chair_name: str
    chair_elected_on: date | None
    chair_trained_on: date | None
    note: str
    members: int  # active members
    ratings: tuple[tuple[int, str], ...] = ()  # (year, rating), oldest first
    folded: str = field(default="", compare=False, repr=False)  # what the search looks in
    version: str = field(default="", compare=False, repr=False)  # what a form's save checks

    def rating_of(self, year: int) -> str | None:
        return next((r for y, r in self.ratings if y == year), None)

    @property
    def dissolved(self) -> bool:
        return self.dissolved_on is not None

    def existed_in(self, year: int) -> bool:
        """Whether the union was working at some time in `year` (so it is due a rating)."""
        founded_ok = self.founded_on is None or self.founded_on.year <= year
        return founded_ok and (self.dissolved_on is None or self.dissolved_on.year >= year)


@dataclass(frozen=True)
class UnionFilter:
    """What the screen's search box and filters ask for; None means "any"."""

    query: str = ""
    sector: str | None = None
    kind: str | None = None
    commune_code: str | None = None
    rating_year: int | None = None
    rating: str | None = None  # a Rating, or UNRATED; read for `rating_year`
    founded_year: int | None = None
    dissolved: bool | None = False  # False: working unions, True: dissolved ones, None: both


@dataclass(frozen=True)
class UnionMember:
    id: str
    full_name: str
    gender: str
    joined_on: date | None
    job_title: str


@dataclass(frozen=True)
class HistoryItem:
    on: date | None
    text: str


@dataclass(frozen=True)
class RatingRow:
    year: int
    rating: str
    rated_on: date | None

    @property
    def label(self) -> str:
        return RATING_LABELS.get(self.rating, self.rating)


@dataclass(frozen=True)
class UnionDetail:
    union: UnionRow
    members: tuple[UnionMember, ...]  # active members, in the Vietnamese order of names
    women: int
    history: tuple[HistoryItem, ...]  # oldest first
    ratings: tuple[RatingRow, ...]  # newest year first


def _day(value: str | None) -> date | None:
    return date.fromisoformat(value) if value else None


def sql(statement: str) -> Any:
    """A statement with `:name` parameters (SQLAlchemy is imported when a screen first reads)."""
    from sqlalchemy import text

    return text(statement)


# Communes -----------------------------------------------------------------------------------------


FORMER = "{old} (trước 01/7/2025, nay {new})"


def office_area(store: Store) -> tuple[str, list[tuple[str, str]]]:
    """(name of the office's area, its communes as (code, name)) from the 2025 administrative
    list: the communes of its province, those that took over its pre-reform district's first;
    then, for records written before the reform, that district's old communes whose codes the
    2025 list does not reuse, each named with its successor. ("", []) when the office has no
    area set, and then any commune may be chosen."""
    with store.reading() as con:
        return area_in(con)


def area_in(con: Connection) -> tuple[str, list[tuple[str, str]]]:
    """`office_area` read inside the caller's transaction."""
    from desktop.admin_units import (
        communes_of_district,
        office_communes,
        office_province,
        successor_of,
    )
    from desktop.admin_units import find as find_unit

    row = con.execute(
        sql("SELECT district_code, province_code FROM office WHERE deleted_at IS NULL LIMIT 1")
    ).first()
    district, province_code = row if row else ("", "")
    province = office_province(district, province_code)
    if province is None:
        return "", []
    area = province.name[:1].lower() + province.name[1:]
    communes = [(u.code, u.name) for u in office_communes(district, province_code)]
    former = [
        (u.code, FORMER.format(old=u.name, new=successor.new.name))
        for u in communes_of_district(district)
        for successor in [successor_of(u.code)]
        if successor is not None and find_unit(u.code, "2025") is None
    ]
    return area, communes + former


def commune_name(code: str, communes: dict[str, str]) -> str:
    """A commune's name today: a 2025 commune by its name, a pre-2025 one by its successor's
    (the record keeps its old code), else the office's list, else the code."""
    from desktop.admin_units import current_commune

    if not code:
        return ""
    unit = current_commune(code)
    if unit is not None:
        return unit.name
    return communes.get(code, code)


# The list -----------------------------------------------------------------------------------------

ROW_SQL = """
SELECT g.id, g.name, g.sector, g.kind, g.employer_type, g.commune_code, g.address, g.phone,
       g.workforce_total, g.workforce_women, g.founded_on, g.dissolved_on, g.dissolved_reason,
       g.chair_name, g.chair_elected_on, g.chair_trained_on, g.note,
       (SELECT COUNT(*) FROM member m WHERE m.union_id = g.id AND m.status = 'active'
        AND m.deleted_at IS NULL),
       g.updated_at
FROM grassroots_union g WHERE g.deleted_at IS NULL AND g.unit_code = ''
"""


def _rows(
    con: Connection, communes: dict[str, str], where: str = "", **args: str
) -> list[UnionRow]:
    ratings: dict[str, list[tuple[int, str]]] = {}
    for union_id, year, rating in con.execute(
        sql(
            "SELECT union_id, year, rating FROM union_rating WHERE deleted_at IS NULL "
            "AND unit_code = '' ORDER BY year"
        )
    ):
        ratings.setdefault(union_id, []).append((year, rating))
    found = []
    for r in con.execute(sql(ROW_SQL + where), args):
        found.append(
            UnionRow(
                id=r[0],
                name=r[1],
                sector=r[2],
                kind=r[3],
                employer_type=r[4],
                commune_code=r[5],
                commune_name=commune_name(r[5], communes),
                address=r[6],
                phone=r[7],
                workforce_total=r[8],
                workforce_women=r[9],
                founded_on=_day(r[10]),
                dissolved_on=_day(r[11]),
                dissolved_reason=r[12],
                chair_name=r[13],
                chair_elected_on=_day(r[14]),
                chair_trained_on=_day(r[15]),
                note=r[16],
                members=r[17],
                ratings=tuple(ratings.get(r[0], ())),
                folded=f" {fold(r[1])} {fold(r[13])}",
                version=str(r[18] or ""),
            )
        )
    return found


def list_unions(store: Store) -> list[UnionRow]:
    """Every grassroots union of the office (working and dissolved), in Vietnamese order."""
    with store.reading() as con:
        rows = _rows(con, dict(area_in(con)[1]))
    return sorted(rows, key=lambda u: text_sort_key(u.name))


def get_union(store: Store, union_id: str) -> UnionRow | None:
    with store.reading() as con:
        return _one(con, union_id)


def _one(con: Connection, union_id: str) -> UnionRow | None:
    rows = _rows(con, dict(area_in(con)[1]), " AND g.id = :id", id=union_id)
    return rows[0] if rows else None


def matches(row: UnionRow, f: UnionFilter) -> bool:
    """Whether `row` passes the filters and the search. Each word of the query (case, tone marks
    and đ/d ignored) must begin a word of the union's name or of its chair's name."""
    if f.dissolved is not None and row.dissolved != f.dissolved:
        return False
    for wanted, value in ((f.sector, row.sector), (f.kind, row.kind)):
        if wanted is not None and value != wanted:
            return False
    if f.commune_code is not None and not same_commune(row.commune_code, f.commune_code):
        return False
    if f.founded_year is not None and (
        row.founded_on is None or row.founded_on.year != f.founded_year
    ):
        return False
    if f.rating is not None and f.rating_year is not None:
        rating = row.rating_of(f.rating_year)
        if f.rating == UNRATED:
            if rating is not None or not row.existed_in(f.rating_year):
                return False
        elif rating != f.rating:
            return False
    return all(" " + word in row.folded for word in fold(f.query).split())


def filter_unions(rows: list[UnionRow], f: UnionFilter) -> list[UnionRow]:
    return [row for row in rows if matches(row, f)]


# One union ----------------------------------------------------------------------------------------


def chair_change_detail(union_id: str, old_name: str, old_elected: date | None, new: str) -> str:
    """The audit entry written when a union changes its chair (the trail shows it; the union's
    history reads the chair_term rows)."""
    on = f"{old_elected:%d/%m/%Y}" if old_elected else "chưa ghi"
    return f"{CHAIR_CHANGE.format(id=union_id)}{old_name} (bầu ngày {on}) bằng {new or '(chưa ghi tên)'}"


def _chairs(con: Connection, u: UnionRow) -> list[HistoryItem]:
    from desktop.services.chairs import Term, chair_terms

    # A union no writer has recorded a term for yet (an office merged in, a file of an older
    # release's rows) shows its sitting chair from its own columns; its next save records it.
    terms = chair_terms(con, u.id) or [
        Term(u.chair_name, u.chair_elected_on, u.chair_trained_on, False, None)
    ]
    items = []
    for term in terms:
        chair = term.chair_name or "(chưa ghi tên)"
        if term.ended_on is not None:  # an earlier term: its election, or the day it ended
            on = term.elected_on or term.ended_on
            items.append(HistoryItem(on, f"Bầu chủ tịch {chair} (nhiệm kỳ trước)"))
            continue
        if term.elected_on:
            items.append(HistoryItem(term.elected_on, f"Bầu chủ tịch {chair}"))
        if term.trained_on:
            items.append(HistoryItem(term.trained_on, f"Chủ tịch {chair} được bồi dưỡng nghiệp vụ"))
    return items


def _history(con: Connection, u: UnionRow, ratings: list[RatingRow]) -> list[HistoryItem]:
    items: list[HistoryItem] = []
    prospect = con.execute(
        sql("SELECT name FROM enterprise WHERE union_id = :u AND deleted_at IS NULL LIMIT 1"),
        {"u": u.id},
    ).first()
    founded = "Thành lập" + (f" sau vận động doanh nghiệp {prospect[0]}" if prospect else "")
    items.append(HistoryItem(u.founded_on, founded))
    items += _chairs(con, u)
    for r in sorted(ratings, key=lambda r: r.year):
        on = r.rated_on or date(r.year, 12, 31)
        items.append(HistoryItem(on, f"Xếp loại năm {r.year}: {r.label}"))
    if u.dissolved_on:
        reason = f": {u.dissolved_reason}" if u.dissolved_reason else ""
        items.append(HistoryItem(u.dissolved_on, f"Giải thể{reason}"))
    # Undated facts (a founding date nobody recorded) come first; the rest by date, stable.
    return sorted(items, key=lambda i: i.on or date.min)


def union_detail(store: Store, union_id: str) -> UnionDetail | None:
    """The detail pane of one union: its active members, its history and its ratings by year."""
    from desktop.store.dialect import in_code_points

    with store.reading() as con:
        union = _one(con, union_id)
        if union is None:
            return None
        members = [
            UnionMember(r[0], r[1], r[2], _day(r[3]), r[4])
            for r in con.execute(
                sql(
                    "SELECT id, full_name, gender, joined_on, job_title FROM member "
                    "WHERE union_id = :u AND status = 'active' AND deleted_at IS NULL "
                    f"ORDER BY {in_code_points(con, 'sort_key')}, id"
                ),
                {"u": union_id},
            )
        ]
        ratings = [
            RatingRow(r[0], r[1], _day(r[2]))
            for r in con.execute(
                sql(
                    "SELECT year, rating, rated_on FROM union_rating WHERE union_id = :u "
                    "AND deleted_at IS NULL ORDER BY year DESC"
                ),
                {"u": union_id},
            )
        ]
        history = _history(con, union, ratings)
    women = sum(1 for m in members if m.gender == "female")
    return UnionDetail(union, tuple(members), women, tuple(history), tuple(ratings))


def rating_years(rows: list[UnionRow], today: date | None = None) -> list[int]:
    """The years a rating filter offers: every year rated, and this one, newest first."""
    years = {y for row in rows for y, _ in row.ratings}
    years.add((today or date.today()).year)
    return sorted(years, reverse=True)


def founded_years(rows: list[UnionRow]) -> list[int]:
    return sorted({r.founded_on.year for r in rows if r.founded_on}, reverse=True)
