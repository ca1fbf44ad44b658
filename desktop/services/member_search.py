"""Finding members: the one search behind the Đoàn viên screen and `uniondesk members search`.

A query is folded (case, tone marks and đ/d ignored; `Hòa` and `Hoà` alike) and split into words.
A word of letters must begin a word of the name (`nguyen van duc` finds `Nguyễn Văn Đức`, `duc`
alone finds him too); a word with a digit must begin the citizen ID or the card number. Matches come
in the Vietnamese order of names (`desktop.text.name_sort_key`). The screen asks for ids only and
fetches the rows it shows in blocks, so a district of 150,000 members stays light.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING, Any

from desktop.services.accounts import current_user
from desktop.services.roles import Action, allowed
from desktop.text import fold

if TYPE_CHECKING:
    from sqlalchemy import Connection

    from desktop.store import Store

STATUS_LABELS = {
    "active": "Đang sinh hoạt",
    "left": "Đã ra khỏi tổ chức",
    "transferred_out": "Đã chuyển đi",
}
GENDER_LABELS = {"male": "Nam", "female": "Nữ"}
HOUSEHOLD_LABELS = {
    "none": "Không nghèo",
    "poor": "Hộ nghèo",
    "near_poor": "Hộ cận nghèo",
    "escaped": "Đã thoát nghèo",
}


@dataclass(frozen=True)
class MemberFilter:
    union_id: str | None = None
    gender: str | None = None
    status: str | None = None
    joined_from: date | None = None
    joined_to: date | None = None
    smartca: bool | None = None
    household_status: str | None = None
    party_introduced: bool | None = None


@dataclass(frozen=True)
class MemberRow:
    id: str
    full_name: str
    gender: str
    birth_date: date | None
    citizen_id: str
    card_number: str
    union_id: str
    union_name: str
    status: str
    joined_on: date | None
    phone: str
    job_title: str
    household_status: str | None
    party_introduced_on: date | None
    smartca_installed_on: date | None
    ethnicity: str = "Kinh"
    note: str = ""


ROW_COLUMNS = (
    "m.id, m.full_name, m.gender, m.birth_date, m.citizen_id, m.card_number, m.union_id, g.name, "
    "m.status, m.joined_on, m.phone, m.job_title, m.household_status, m.party_introduced_on, "
    "m.smartca_installed_on, m.ethnicity, m.note"
)


def _day(text: str | None) -> date | None:
    return date.fromisoformat(text) if text else None


def _row(r: tuple[Any, ...]) -> MemberRow:
    return MemberRow(
        r[0],
        r[1],
        r[2],
        _day(r[3]),
        r[4],
        r[5],
        r[6],
        r[7],
        r[8],
        _day(r[9]),
        r[10],
        r[11],
        r[12],
        _day(r[13]),
        _day(r[14]),
        r[15],
        r[16],
    )


class MemberIndex:
    """The columns search and filters need, for every member, in the screen's order.

    Loaded once (about half a second for 150,000 members); each keystroke then filters lists in
    memory, narrowing the previous result when the query only grew, instead of scanning the
    table in SQL (which costs 40–140 ms a keystroke at that size).
    """

    def __init__(self, con: Connection) -> None:
        """`con`: a reading of the store (`Store.reading()`: plain rows, dates as text)."""
        from sqlalchemy import text

        from desktop.store.dialect import in_code_points

        rows = con.execute(
            text(
                "SELECT id, ' ' || name_key, citizen_id, card_number, union_id, gender, status, "
                "joined_on, household_status, CASE WHEN party_introduced_on IS NULL THEN 0 "
                "ELSE 1 END, CASE WHEN smartca_installed_on IS NULL THEN 0 ELSE 1 END "
                "FROM member WHERE deleted_at IS NULL AND unit_code = '' "
                f"ORDER BY {in_code_points(con, 'sort_key')}, id"
            )
        ).fetchall()
        (
            self.ids,
            self.names,
            self.citizen_ids,
            self.cards,
            self.unions,
            self.genders,
            self.statuses,
            self.joined,
            self.households,
            self.party,
            self.smartca,
        ) = (list(column) for column in zip(*rows, strict=True)) if rows else ([],) * 11
        # The query is folded, so the cards are too (plain ASCII ones only need lower case:
        # folding each of 150,000 would double the time the index takes to build).
        self.cards = [c.lower() if c.isascii() else fold(c) for c in self.cards]
        if not allowed(current_user(), Action.VIEW_FULL_ID):
            # A viewer sees IDs masked: searching by the hidden digits would reveal them.
            self.citizen_ids = [""] * len(self.ids)
        self._last: tuple[str, MemberFilter, list[int]] | None = None

    def __len__(self) -> int:
        return len(self.ids)

    def find(self, query: str = "", filters: MemberFilter | None = None) -> list[int]:
        """Positions (in the Vietnamese order) of the members matching `query` and `filters`."""
        filters = filters or MemberFilter()
        folded = " ".join(fold(query).split())
        last = self._last
        if last and last[1] == filters and last[0] and _narrows(last[0], folded):
            found = self._match(folded, last[2])  # typing on: only the last matches can match
        else:
            found = self._match(folded, self._filtered(filters))
        self._last = (folded, filters, found)
        return found

    def _match(self, folded: str, within: list[int] | range) -> list[int]:
        found = within
        for word in folded.split():
            if _is_number(word):
                ids, cards = self.citizen_ids, self.cards
                found = [i for i in found if ids[i].startswith(word) or cards[i].startswith(word)]
            else:
                needle, names = " " + word, self.names
                found = [i for i in found if needle in names[i]]
        return list(found)

    def _filtered(self, f: MemberFilter) -> list[int] | range:
        found: list[int] | range = range(len(self.ids))
        for column, value in (
            (self.unions, f.union_id),
            (self.genders, f.gender),
            (self.statuses, f.status),
            (self.households, f.household_status),
        ):
            if value is not None:
                found = [i for i in found if column[i] == value]
        if f.joined_from is not None:
            start = f.joined_from.isoformat()
            found = [i for i in found if (self.joined[i] or "") >= start]
        if f.joined_to is not None:
            end = f.joined_to.isoformat()
            found = [i for i in found if self.joined[i] and self.joined[i] <= end]
        for flags, wanted in ((self.smartca, f.smartca), (self.party, f.party_introduced)):
            if wanted is not None:
                found = [i for i in found if bool(flags[i]) == wanted]
        return found


def _is_number(word: str) -> bool:
    """A word with a digit is a citizen ID or card number prefix (cards may carry letters)."""
    return any(ch.isdigit() for ch in word)


def _narrows(before: str, now: str) -> bool:
    """Whether every match of `now` is a match of `before` (typing on, word kinds unchanged)."""
    if not now.startswith(before):
        return False
    kinds = [_is_number(w) for w in now.split()]
    return all(_is_number(w) == kinds[i] for i, w in enumerate(before.split()))


def fetch_rows(store: Store, ids: list[str]) -> list[MemberRow]:
    """The rows of `ids`, in the order given (a block of the table being shown)."""
    if not ids:
        return []
    with store.reading() as con:
        return rows_in(con, ids)


def rows_in(con: Connection, ids: list[str]) -> list[MemberRow]:
    """`fetch_rows` inside the caller's reading."""
    from sqlalchemy import bindparam, text

    if not ids:
        return []
    statement = text(
        f"SELECT {ROW_COLUMNS} FROM member m JOIN grassroots_union g ON g.id = m.union_id "
        "WHERE m.id IN :ids"
    ).bindparams(bindparam("ids", expanding=True))
    found = {r[0]: _row(tuple(r)) for r in con.execute(statement, {"ids": list(ids)})}
    return [found[i] for i in ids if i in found]


def search(
    store: Store, query: str = "", filters: MemberFilter | None = None, limit: int | None = None
) -> list[MemberRow]:
    """Matches in the screen's order; what `uniondesk members search` prints."""
    with store.reading() as con:
        index = MemberIndex(con)
        ids = [index.ids[i] for i in index.find(query, filters)]
        if limit is not None:
            ids = ids[:limit]
        rows: list[MemberRow] = []
        for start in range(0, len(ids), 500):
            rows += rows_in(con, ids[start : start + 500])
        return rows


def union_options(store: Store, alive_only: bool = False) -> list[tuple[str, str]]:
    """(id, name) of the office's grassroots unions in Vietnamese order: all of them for the
    filter (members of a dissolved union are still looked up), the living ones for a choice."""
    from sqlalchemy import text

    from desktop.text import text_sort_key

    alive = " AND dissolved_on IS NULL" if alive_only else ""
    with store.reading() as con:
        rows = con.execute(
            text(
                "SELECT id, name FROM grassroots_union WHERE deleted_at IS NULL "
                "AND unit_code = ''" + alive
            )
        ).fetchall()
    return sorted(((r[0], r[1]) for r in rows), key=lambda r: text_sort_key(r[1]))
