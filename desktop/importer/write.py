"""Applying a checked import plan: one transaction for every record, event, remembered column
and the audit entries, so a crash, a refusal or a Cancel leaves the database as it was.

The audit trail gets one entry per import (the file and its counts) and, for each record the
import updated, an entry with the fields it changed, old → new. New records are counted in the
import's entry, not listed one by one: an entry each would slow a 50,000-member import.

Bulk rows go through SQLAlchemy Core `insert()` with lists of dicts of one shape (the ORM costs
seconds and hundreds of MB at 50,000 rows). A new member's admission event is dated with the join
date the file gives, so targets and the movement report count them in the month they joined.
"""

from __future__ import annotations

import time
from datetime import date, datetime
from typing import TYPE_CHECKING, Any, cast

from desktop.errors import UserError
from desktop.importer import mapping, messages
from desktop.importer.members import MemberRecord
from desktop.importer.plan import ImportOutcome, ImportPlan
from desktop.importer.synonyms import MEMBERS
from desktop.importer.unions import UnionRecord
from desktop.models.base import new_id, utcnow
from desktop.models.member_row import member_values, name_columns
from desktop.progress import CancelToken, ProgressFn, no_progress
from desktop.text import fold

if TYPE_CHECKING:
    from sqlalchemy import Table

    from desktop.store import Store, UnitOfWork

BATCH = 2000
UNION_DEFAULTS: dict[str, Any] = {
    "kind": "workplace",
    "employer_type": "agency",
    "commune_code": "",
    "address": "",
    "phone": "",
    "workforce_total": 0,
    "workforce_women": 0,
    "founded_on": None,
    "dissolved_on": None,
    "dissolved_reason": "",
    "chair_name": "",
    "chair_elected_on": None,
    "chair_trained_on": None,
    "note": "",
}


def _stamps(now: datetime) -> dict[str, Any]:
    return {
        "id": new_id(),
        "created_at": now,
        "updated_at": now,
        "deleted_at": None,
        "unit_code": "",
    }


# Where an updated record's audit entry says the change came from.
IMPORTED_ROW = "nhập từ «{name}», dòng {row}"


def _before(conn: Any, table: Any, ids: list[str], columns: list[str]) -> dict[str, dict[str, Any]]:
    """The stored values of `columns` for the records `ids`, read under the import's lock."""
    from sqlalchemy import select

    found: dict[str, dict[str, Any]] = {}
    for first in range(0, len(ids), BATCH):
        chunk = ids[first : first + BATCH]
        query = select(table.c.id, *(table.c[c] for c in columns)).where(table.c.id.in_(chunk))
        for row in conn.execute(query):
            found[row[0]] = dict(zip(columns, row[1:], strict=True))
    return found


def _changed(
    table: str, record_id: str, name: str, before: dict[str, Any], given: dict[str, Any], why: str
) -> Any:
    """The audit entry for one updated record: each field the import changed, old → new
    (citizen IDs masked), or None when the file only repeated what was stored."""
    from desktop.models.audit_hook import NOISE, changes_json, plain, record_detail
    from desktop.services.audit_chain import NewEntry

    changes = {}
    for column, value in given.items():
        if column in NOISE or column not in before:
            continue
        old, new = plain(table, column, before[column]), plain(table, column, value)
        if old != new:
            changes[column] = [old, new]
    if not changes:
        return None
    detail = f"{record_detail(table, name)} ({why})"
    return NewEntry("edit", detail, table, record_id, changes_json(changes))


# Another import or a save holding the write lock is waited for this long, not the five seconds
# a form's save waits: a 50,000-row import takes longer than that. (SQLite: tried again for as
# long; PostgreSQL's write lock is simply waited for.)
LOCK_WAIT_MS = 600_000
BUSY = (
    "Không nhập được vào {path}: một thao tác khác đang ghi vào cơ sở dữ liệu này quá lâu. "
    "Hãy chờ thao tác đó xong rồi nhập lại; chưa có gì được ghi."
)


def _busy(exc: BaseException) -> bool:
    """Only a writer holding SQLite's lock is "busy"; a read-only file or a full disk is passed
    on, for the command line to say what it is."""
    code = getattr(getattr(exc, "orig", None), "sqlite_errorcode", None)
    return code is not None and code & 0xFF in (5, 6)  # SQLITE_BUSY, SQLITE_LOCKED


def apply(
    store: Store,
    plan: ImportPlan,
    progress: ProgressFn = no_progress,
    token: CancelToken | None = None,
) -> ImportOutcome:
    """Write `plan` (which must have no problems) in one transaction.

    The transaction first takes the database's write lock, then compares what the plan was made
    from with the database as it is now: when another writer (a second import of the same file,
    a form) changed the records in between, the plan is made again under the lock and that one
    is written (or refused), so two imports of one file add each person once."""
    from desktop.services.roles import Action, permit

    permit(Action.IMPORT)
    from sqlalchemy.exc import OperationalError

    if plan.problems:
        raise UserError(
            messages.REFUSED.format(
                path=plan.request.path, count=len(plan.problems), sheet=plan.sheet.name
            )
        )
    token = token or CancelToken()
    deadline = time.monotonic() + LOCK_WAIT_MS / 1000
    while True:
        try:
            with store.unit_of_work() as uow:
                plan = _write(store, uow, plan, progress, token)
            break
        except OperationalError as exc:
            # Rolled back whole: trying again from the start writes the same, or nothing.
            if not _busy(exc):
                raise
            if time.monotonic() >= deadline:
                raise UserError(BUSY.format(path=store.label)) from None
            token.check()
    progress(1.0, messages.DONE.format(path=store.label))
    return plan.outcome(written=True)


def _write(
    store: Store, uow: UnitOfWork, plan: ImportPlan, progress: ProgressFn, token: CancelToken
) -> ImportPlan:
    """The import's one transaction, the write lock held: the plan that was written."""
    from desktop.importer.plan import data_version, prepare
    from desktop.services.audit_chain import NewEntry, append

    conn = uow.connection
    if plan.seen_version != data_version(uow.plain()):
        # Read through another connection: with the lock held, it sees what this one does.
        plan = prepare(store, plan.request, progress, token)
        if plan.problems:
            from desktop.importer.error_book import refusal

            raise refusal(plan)
    # One stamp for the records and the audit row: a form opened before the import then
    # names the import as what changed its record, however long the import took.
    now = utcnow()
    if plan.request.kind == MEMBERS:
        trail = _members(conn, plan, progress, token, now)
    else:
        trail = _unions(conn, plan, progress, token, now)
    mapping.remember(conn, plan.request.kind, plan.header, plan.mapping)
    summary = (
        f"{plan.request.kind} từ {plan.request.path.name}: {len(plan.new)} mới, "
        f"{len(plan.updates)} cập nhật, {len(plan.kept)} giữ nguyên"
    )
    append(conn, [*trail, NewEntry("import", summary)], now)
    token.check()  # the last moment a Cancel can still undo everything
    return plan


def _in_batches(
    conn: Any,
    table: Any,
    rows: list[dict[str, Any]],
    token: CancelToken,
    progress: ProgressFn,
    start: float,
    span: float,
) -> None:
    from sqlalchemy import insert

    for first in range(0, len(rows), BATCH):
        token.check()
        conn.execute(insert(table), rows[first : first + BATCH])
        progress(start + span * (first + BATCH) / max(len(rows), 1), messages.PROGRESS_WRITING)


MEMBER_FIELDS = [
    "full_name",
    "gender",
    "birth_date",
    "citizen_id",
    "phone",
    "card_number",
    "ethnicity",
    "job_title",
    "note",
]


def _members(
    conn: Any, plan: ImportPlan, progress: ProgressFn, token: CancelToken, now: datetime
) -> list[Any]:
    """Write the new and updated members; returns the audit entries of the updated ones (one
    per member whose fields changed), for the import's own entry to follow."""
    from sqlalchemy import update

    from desktop.models import Member, MemberEvent

    reason = messages.IMPORTED_FROM.format(name=plan.request.path.name)
    members: list[dict[str, Any]] = []
    events: list[dict[str, Any]] = []
    for planned in plan.new:
        r: MemberRecord = planned.values  # type: ignore[assignment]
        member = _stamps(now) | member_values(
            union_id=r.union.id,
            full_name=r.full_name,
            gender=r.gender,
            birth_date=r.birth_date,
            joined_on=r.joined_on,
            citizen_id=r.citizen_id,
            card_number=r.texts.get("card_number", ""),
            phone=r.phone,
            ethnicity=r.texts.get("ethnicity", ""),
            job_title=r.texts.get("job_title", ""),
            note=r.texts.get("note", ""),
        )
        members.append(member)
        events.append(
            _stamps(now)
            | {
                "member_id": member["id"],
                "kind": "admitted",
                "event_date": r.joined_on,
                "from_union_id": None,
                "to_union_id": r.union.id,
                "reason": reason,
            }
        )
    _in_batches(conn, Member.__table__, members, token, progress, 0.9, 0.04)
    _in_batches(conn, MemberEvent.__table__, events, token, progress, 0.94, 0.03)
    ids = [p.existing_id for p in plan.updates if p.existing_id]
    stored = _before(conn, Member.__table__, ids, MEMBER_FIELDS)
    trail = []
    for planned in plan.updates:
        token.check()
        r = planned.values  # type: ignore[assignment]
        given: dict[str, Any] = name_columns(r.full_name) | {
            "gender": r.gender,
            "birth_date": r.birth_date,
        }
        if r.citizen_id:
            given["citizen_id"] = r.citizen_id
        if r.phone:
            given["phone"] = r.phone
        given.update({k: v for k, v in r.texts.items() if v})
        member_id = str(planned.existing_id)
        member_table = cast("Table", Member.__table__)
        conn.execute(
            update(member_table)
            .where(member_table.c.id == member_id)
            .values(**given, updated_at=now)
        )
        why = IMPORTED_ROW.format(name=plan.request.path.name, row=planned.row)
        entry = _changed("member", member_id, r.full_name, stored.get(member_id, {}), given, why)
        if entry is not None:
            trail.append(entry)
    return trail


def _unions(
    conn: Any, plan: ImportPlan, progress: ProgressFn, token: CancelToken, now: datetime
) -> list[Any]:
    """Write the new and updated unions; returns the audit entries of the updated ones (a
    chair replaced, and each union's changed fields)."""
    from sqlalchemy import update

    from desktop.models import GrassrootsUnion
    from desktop.services.audit_chain import NewEntry

    table = cast("Table", GrassrootsUnion.__table__)
    rows = []
    for planned in plan.new:
        r: UnionRecord = planned.values  # type: ignore[assignment]
        rows.append(
            _stamps(now)
            | UNION_DEFAULTS
            | {k: v for k, v in r.values.items() if v is not None}
            | {"name": r.name, "name_key": fold(r.name)}
        )
    _in_batches(conn, table, rows, token, progress, 0.9, 0.07)
    said = set(plan.mapping.values())
    columns = ["name", *UNION_DEFAULTS, "sector"]
    stored = _before(conn, table, [p.existing_id for p in plan.updates if p.existing_id], columns)
    from desktop.services.chairs import follow_chairs

    # Each chair as it was before the file, if no term recorded it yet (its dates stay its own).
    follow_chairs(conn, [str(p.existing_id) for p in plan.updates], now.date())
    trail = []
    for planned in plan.updates:
        token.check()
        r = planned.values  # type: ignore[assignment]
        union_id = str(planned.existing_id)
        given = {k: v for k, v in r.values.items() if v is not None}
        changed_from = given.pop("chair_changed_from", None)
        if changed_from is not None:
            from desktop.services.unions import chair_change_detail

            given["chair_elected_on"] = given["chair_trained_on"] = None
            given["chair_reelected"] = False  # a new chair is nobody's re-election
            old_name, old_elected = cast(tuple[str, date | None], changed_from)
            detail = chair_change_detail(
                union_id, old_name, old_elected, str(r.values["chair_name"] or "")
            )
            trail.append(NewEntry("edit", detail))
        # The name matched (case, tones and prefix aside) and stays as the office wrote it; a
        # rename belongs in the union's form. Sector and employer type are guessed from the name
        # when no column says them: a guess never overwrites what the office recorded.
        if not said & {"sector", "sector_state", "sector_non_state"}:
            given.pop("sector", None)
        if not any(f == "employer_type" or f.startswith("employer_type=") for f in said):
            given.pop("employer_type", None)
            given.pop("kind", None)
        conn.execute(update(table).where(table.c.id == union_id).values(**given, updated_at=now))
        why = IMPORTED_ROW.format(name=plan.request.path.name, row=planned.row)
        entry = _changed("grassroots_union", union_id, r.name, stored.get(union_id, {}), given, why)
        if entry is not None:
            trail.append(entry)
    # The unions' chairs as records, in this transaction: a new chair ends the sitting term today.
    changed = [row["id"] for row in rows] + [str(p.existing_id) for p in plan.updates]
    follow_chairs(conn, changed, plan.request.today or date.today())
    return trail
