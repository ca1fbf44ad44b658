"""Checking a members sheet against itself and the database.

A person already in the database is found by citizen ID among active members, or, for a row
without one, by name, birth date and union. Someone who has left keeps their record: re-admission
is an action with a date (the Đoàn viên screen), never a second record made by an import.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING

from sqlalchemy import text

from desktop.errors import UserError
from desktop.importer import messages
from desktop.importer.members import MemberReader, MemberRecord
from desktop.importer.plan import ImportPlan, Planned, data_version
from desktop.importer.rows import DataRow, Layout, Report
from desktop.importer.unions import KnownUnion, UnionIndex
from desktop.importer.values import ValueProblem
from desktop.progress import CancelToken, ProgressFn
from desktop.text import fold

if TYPE_CHECKING:
    from sqlalchemy import Connection

    from desktop.store import Store

STEP = 500


@dataclass(frozen=True)
class Present:
    id: str
    name: str
    union_id: str
    union_name: str
    status: str
    birth_date: date | None
    citizen_id: str


def office_unions(con: Connection, store: Store) -> list[KnownUnion]:
    if con.execute(text("SELECT COUNT(*) FROM office")).scalar() == 0:
        raise UserError(messages.NO_OFFICE.format(path=store.label))
    return [
        KnownUnion(r[0], r[1], r[2] is not None)
        for r in con.execute(
            text(
                "SELECT id, name, dissolved_on FROM grassroots_union "
                "WHERE unit_code = '' AND deleted_at IS NULL"
            )
        )
    ]


@dataclass
class PresentMembers:
    """The office's members as the file's rows are looked up: active ones by citizen ID, by
    name, birth date and union (all, and those still without an ID), former ones by ID."""

    by_id: dict[str, Present]
    by_person: dict[tuple[str, str, str], Present]
    by_person_without_id: dict[tuple[str, str, str], Present]
    former: dict[str, Present]
    # (name, birth year, union) → the members it fits, for a file that gives only the year
    by_birth_year: dict[tuple[str, str, str], list[Present]]


def _present(con: Connection) -> PresentMembers:
    found = PresentMembers({}, {}, {}, {}, {})
    rows = con.execute(
        text(
            "SELECT m.id, m.full_name, m.union_id, g.name, m.status, m.citizen_id, m.name_key, "
            "m.birth_date FROM member m JOIN grassroots_union g ON g.id = m.union_id "
            "WHERE m.unit_code = '' AND m.deleted_at IS NULL"
        )
    )
    for member_id, name, union_id, union_name, status, number, key, stored in rows:
        born = stored or ""  # plain rows: the ISO date, as on the file
        day = date.fromisoformat(born) if born else None
        member = Present(member_id, name, union_id, union_name, status, day, number)
        if status == "active":
            person = (key, born, union_id)
            found.by_person[person] = member
            found.by_birth_year.setdefault((key, born[:4], union_id), []).append(member)
            if number:
                found.by_id[number] = member
            else:
                found.by_person_without_id[person] = member
        elif number:
            found.former[number] = member
    return found


def person_key(record: MemberRecord) -> tuple[str, str, str]:
    return (fold(record.full_name), record.birth_date.isoformat(), record.union.id)


def check(
    store: Store, plan: ImportPlan, layout: Layout, progress: ProgressFn, token: CancelToken
) -> None:
    request = plan.request
    with store.reading() as con:  # one snapshot: the version and the records it stands for
        plan.seen_version = data_version(con)
        unions = UnionIndex(office_unions(con, store))
        members = _present(con)
    default_union: KnownUnion | None = None
    if request.union_name:
        try:
            default_union = unions.find(request.union_name)
        except ValueProblem:
            raise UserError(messages.UNKNOWN_UNION_OPTION.format(name=request.union_name)) from None
    reader = MemberReader(layout, unions, default_union, request.today or date.today())
    seen: dict[str, int] = {}
    seen_person: dict[tuple[str, str, str], int] = {}  # rows without a citizen ID
    rows = list(layout.rows())
    for number, row in enumerate(rows):
        if number % STEP == 0:
            token.check()
            progress(0.1 + 0.8 * number / max(len(rows), 1), messages.PROGRESS_CHECKING)
        plan.rows_read += 1
        record, problems = reader.read(row)
        plan.problems.extend(problems)
        if record is None:
            continue

        def bad(field_id: str | None, message: str, row: DataRow = row) -> None:
            plan.problems.append(layout.problem(row, field_id, message))

        if record.citizen_id:
            if record.citizen_id in seen:
                bad(
                    "citizen_id",
                    messages.DUPLICATE_ID.format(
                        number=record.citizen_id, row=seen[record.citizen_id]
                    ),
                )
                continue
            seen[record.citizen_id] = record.row
        else:
            person = person_key(record)
            if person in seen_person:
                bad("full_name", messages.DUPLICATE_PERSON.format(row=seen_person[person]))
                continue
            seen_person[person] = record.row
        present = _find(members, record)
        if present is None and record.citizen_id in members.former:
            gone = members.former[record.citizen_id]
            bad(
                "citizen_id",
                messages.FORMER_MEMBER.format(
                    number=record.citizen_id, name=gone.name, union=gone.union_name
                ),
            )
            continue
        _place(plan, record, present, bad)
    plan.padded_ids = sum(
        1 for p in plan.new + plan.updates if isinstance(p.values, MemberRecord) and p.values.padded
    )
    plan.partial_dates = reader.partial_dates
    progress(0.9, messages.PROGRESS_CHECKED)


def _find(members: PresentMembers, record: MemberRecord) -> Present | None:
    """The member a row stands for. A row that brings a citizen ID for someone entered without
    one is that person (the ID is filled in on update), not a second record."""
    if record.citizen_id:
        found = members.by_id.get(record.citizen_id)
        if found is not None or not members.by_person_without_id:
            return found
        return members.by_person_without_id.get(person_key(record))
    if record.birth_partial:  # "1985": the one member of that name and union born that year
        name, born, union = person_key(record)
        fits = members.by_birth_year.get((name, born[:4], union), [])
        return fits[0] if len(fits) == 1 else None
    return members.by_person.get(person_key(record))


def _place(plan: ImportPlan, record: MemberRecord, present: Present | None, bad: Report) -> None:
    """New, updated or left alone; a clash with what the database says is a problem."""
    planned = Planned(record.row, record.full_name, record)
    if present is None:
        if record.joined_on is None:
            bad("joined_on", messages.NEW_NEEDS_JOIN_DATE.format(name=record.full_name))
            return
        plan.new.append(planned)
        return
    planned.existing_id = present.id
    if record.citizen_id and fold(present.name) != fold(record.full_name):
        # Spelling and tone marks may be corrected; another name is another person or a typo in
        # the ID, whether or not the file updates: "left alone" would hide that row's person.
        bad(
            "full_name",
            messages.OTHER_NAME.format(
                number=record.citizen_id, name=present.name, given=record.full_name
            ),
        )
        return
    if not plan.request.update_existing:
        plan.kept.append(planned)
        return
    if present.union_id != record.union.id:
        bad(
            "union",
            messages.OTHER_UNION.format(
                name=present.name,
                number=record.citizen_id or "—",
                current=present.union_name,
                given=record.union.name,
            ),
        )
        return
    if (
        record.birth_partial
        and present.birth_date
        and present.birth_date.year == (record.birth_date.year)
    ):
        record.birth_date = present.birth_date  # a bare year never overwrites the full date
    plan.updates.append(planned)
