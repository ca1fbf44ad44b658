"""Every change of a record through the ORM written to the audit trail, in the change's own
transaction: one entry per record, with each field's old and new value.

Installed once on the session factory (`desktop.store.Store`), so no service has to
remember it. `after_flush` sees what the flush wrote while the attributes still hold their
history; by then the flush's writes hold the database's write lock, and the entries are
appended through `desktop.services.audit_chain.append` on the same connection. Audit entries a
service adds itself (`AuditEvent` objects) are taken out of the flush before it starts and
appended the same way after the changes they sum up, so they are chained too.

Not recorded: the columns every record carries or that are derived (`id`, `created_at`,
`updated_at`, the search and sort keys), the login failure counters, and the bookkeeping tables
of bundles and imports (the export, merge and import entries say what those did). A citizen ID
is written masked, a password hash never (only that it changed). A soft delete (`deleted_at`
set) is a "delete" entry, clearing it a "restore".
"""

from __future__ import annotations

import json
from datetime import date, datetime
from decimal import Decimal
from enum import Enum
from typing import Any

from sqlalchemy import event, inspect
from sqlalchemy.orm import Session, sessionmaker

from desktop.models.office import AuditEvent

PENDING = "audit_pending"  # session.info key: a service's entries waiting for its changes
NOISE = frozenset(
    {"id", "created_at", "updated_at", "name_key", "sort_key", "failed_logins", "last_failed_at"}
)
NOT_RECORDED = frozenset(
    {
        "audit_event",
        "import_mapping",
        "issued_report",  # each issue writes its own entry (desktop/services/issued_reports.py)
        "chair_term",  # follows the union's chair columns, whose change has its own entries
        "bundle_ledger",
        "sent_bundle",
        "held_bundle",
        "accepted_package",
        "sent_package",
        # The programme comes from the program's own files or the province's signed package
        # (whose taking is one entry): its 37 rows are not an office's changes.
        "programme",
        "task_area",
        "target",
    }
)
SECRET = frozenset({"password_hash"})
# A record that belongs to another is named by its owner: «Biến động đoàn viên Nguyễn Văn An».
OWNERS = {
    "member_event": ("member_id", "SELECT full_name FROM member WHERE id = :id"),
    "household_review": ("member_id", "SELECT full_name FROM member WHERE id = :id"),
    "union_rating": ("union_id", "SELECT name FROM grassroots_union WHERE id = :id"),
    "inspection": ("union_id", "SELECT name FROM grassroots_union WHERE id = :id"),
    "complaint": ("union_id", "SELECT name FROM grassroots_union WHERE id = :id"),
}
HIDDEN = "••••••"
NAME_COLUMNS = ("full_name", "name", "unit_name", "title", "subject", "key", "code")


def install(factory: sessionmaker[Session]) -> None:
    event.listen(factory, "before_flush", _before_flush)
    event.listen(factory, "after_flush", _after_flush)
    event.listen(factory, "before_commit", _before_commit)
    event.listen(factory, "after_rollback", _after_rollback)


def plain(table: str, column: str, value: Any) -> Any:
    """A column's value as the trail stores it (JSON): dates ISO, citizen IDs masked."""
    if value is None or isinstance(value, bool | int | float):
        return value
    if column in SECRET:
        return HIDDEN
    if isinstance(value, Enum):
        value = value.value
    if isinstance(value, datetime):
        return value.isoformat(sep=" ", timespec="seconds")
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, Decimal):
        return str(value)
    if isinstance(value, bytes):
        return None  # packed digests and the like: nothing a person reads
    text = str(value)
    if column == "citizen_id" and text:
        from desktop.citizen_id import masked

        return masked(text)
    return text


def changes_json(changes: dict[str, list[Any]]) -> str:
    return json.dumps(changes, ensure_ascii=False, sort_keys=True, separators=(",", ":"))


def record_detail(table: str, name: str) -> str:
    from desktop.services.audit_labels import TABLE_LABELS

    return f"{TABLE_LABELS.get(table, table)} {name}".strip()


def _before_flush(session: Session, _context: Any, _instances: Any) -> None:
    """Take the service's own entries out of the flush; they follow the changes they sum up
    (`_after_flush`), or go in at once when the flush has nothing else to write (it would end
    before `after_flush`)."""
    from desktop.services.audit_chain import NewEntry, append

    added = [obj for obj in session.new if isinstance(obj, AuditEvent)]
    if not added:
        return
    entries = [
        NewEntry(
            obj.action,
            obj.detail or "",
            obj.record_table or "",
            obj.record_id or "",
            obj.changes or "",
        )
        for obj in added
    ]
    for obj in added:
        session.expunge(obj)
    if session.new or session.deleted or session.dirty:
        session.info.setdefault(PENDING, []).extend(entries)
    else:
        append(session.connection(), entries)


def _after_flush(session: Session, _context: Any) -> None:
    from desktop.services.audit_chain import append

    entries = _record_changes(session) + session.info.pop(PENDING, [])
    if entries:
        append(session.connection(), entries)


def _before_commit(session: Session) -> None:
    # A flush whose only work fell away (an orphan expunged) never reached `after_flush`.
    from desktop.services.audit_chain import append

    left = session.info.pop(PENDING, [])
    if left:
        append(session.connection(), left)


def _after_rollback(session: Session) -> None:
    session.info.pop(PENDING, None)


def _record_changes(session: Session) -> list[Any]:
    from desktop.services.audit_chain import NewEntry

    entries: list[NewEntry] = []
    for obj in list(session.new):
        found = _described(session, obj)
        if found is not None:
            table, key, values, name = found
            given = {c: [None, v] for c, v in values.items() if v is not None and v != ""}
            entries.append(
                NewEntry("add", record_detail(table, name), table, key, changes_json(given))
            )
    for obj in list(session.dirty):
        found = _described(session, obj)
        if found is None:
            continue
        table, key, _, name = found
        changed = _changed(obj, table)
        if not changed:
            continue
        action = "edit"
        if "deleted_at" in changed:
            before, after = changed.pop("deleted_at")
            action = "delete" if after is not None else "restore" if before is not None else action
        entries.append(
            NewEntry(action, record_detail(table, name), table, key, changes_json(changed))
        )
    for obj in list(session.deleted):
        found = _described(session, obj)
        if found is not None:
            table, key, values, name = found
            gone = {c: [v, None] for c, v in values.items() if v is not None and v != ""}
            entries.append(
                NewEntry("delete", record_detail(table, name), table, key, changes_json(gone))
            )
    return entries


def _described(session: Session, obj: Any) -> tuple[str, str, dict[str, Any], str] | None:
    """(table, record id, recorded columns' values as loaded, the record's name) or None for
    a table the trail leaves out."""
    if isinstance(obj, AuditEvent):
        return None
    state = inspect(obj)
    table = state.mapper.local_table.name
    if table in NOT_RECORDED:
        return None
    identity = state.identity or state.mapper.primary_key_from_instance(obj)
    key = "/".join(str(part) for part in identity)
    values: dict[str, Any] = {}
    for attr in state.mapper.column_attrs:
        column = attr.columns[0].name
        if column in NOISE or column == "deleted_at" or attr.key not in state.dict:
            continue
        values[column] = plain(table, column, state.dict[attr.key])
    name = next((str(values[c]) for c in NAME_COLUMNS if values.get(c)), "")
    if table in OWNERS:
        column, query = OWNERS[table]
        owner = state.dict.get(column)
        if owner:
            from sqlalchemy import text

            name = session.connection().execute(text(query), {"id": owner}).scalar() or ""
    return table, key, values, name


def _changed(obj: Any, table: str) -> dict[str, list[Any]]:
    state = inspect(obj)
    changed: dict[str, list[Any]] = {}
    for attr in state.mapper.column_attrs:
        column = attr.columns[0].name
        if column in NOISE:
            continue
        history = state.attrs[attr.key].history
        if not history.added and not history.deleted:
            continue
        before = history.deleted[0] if history.deleted else None
        after = history.added[0] if history.added else None
        old, new = plain(table, column, before), plain(table, column, after)
        if old != new or column in SECRET:
            changed[column] = [old, new]
    return changed
