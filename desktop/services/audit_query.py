"""Reading the audit trail back for people: a page of entries at a time, newest first, filtered
by period, account, action and a search that ignores tone marks; or one record's history.

Qt-free: the log window (`desktop.ui.audit_log`) and `uniondesk audit` both call it, off the
GUI thread. A province's trail holds hundreds of thousands of entries, so pages are read by
entry number (`before`), never by offset. Reads only, on either store; the search compares in
Python (the same `searchable` on SQLite and PostgreSQL), a batch of entries at a time, so a
cancelled search stops between two batches.
"""

from __future__ import annotations

import json
import re
import unicodedata
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from typing import TYPE_CHECKING, Any

from desktop.errors import Cancelled
from desktop.progress import CancelToken
from desktop.services.audit_labels import action_label, field_label, form_order, value_text

if TYPE_CHECKING:
    from sqlalchemy import Connection

    from desktop.store import Store

PAGE = 200
SEARCH_BATCH = 2000  # entries read at a time while searching (a cancel is seen between two)
COLUMNS = "id, at, actor, action, detail, record_table, record_id, changes"
# Service entries name their record as "<prefix> <id>: …" (desktop.services.stale.PREFIXES).
PREFIXES = {
    "member": "đoàn viên",
    "grassroots_union": "CĐCS",
    "enterprise": "doanh nghiệp",
    "activity": "hoạt động",
    "inspection": "kiểm tra",
    "complaint": "đơn thư",
}
# A record's history includes the records that belong to it (a member's movements).
RELATED = {
    "member": (("member_event", "member_id"), ("household_review", "member_id")),
    "grassroots_union": (
        ("union_rating", "union_id"),
        ("inspection", "union_id"),
        ("complaint", "union_id"),
    ),
}
# Where a linked record's name is read: an id in a change or a detail shows as this name.
NAMES = (
    ("member", "full_name"),
    ("grassroots_union", "name"),
    ("enterprise", "name"),
    ("activity", "title"),
    ("complaint", "subject"),
)
_UUID = re.compile(r"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}")


@dataclass(frozen=True)
class AuditFilter:
    """What the log shows: local dates (both ends included), an account, an action code, a
    text found in the entry (tone marks and case ignored), or one record and its own."""

    start: date | None = None
    end: date | None = None
    actor: str = ""
    action: str = ""
    text: str = ""
    record_table: str = ""
    record_id: str = ""


@dataclass(frozen=True)
class AuditRow:
    id: int
    at: datetime  # local time, aware
    when: str  # dd/mm/yyyy HH:MM, local
    actor: str
    action: str
    action_label: str
    subject: str  # đối tượng: the record or what was exported, printed, imported
    changes: tuple[str, ...]  # «Họ và tên: Nguyễn Văn A → Nguyễn Văn B»
    record_table: str
    record_id: str
    raw_changes: dict[str, list[Any]]  # field → [old, new] as stored (citizen IDs masked)


@dataclass(frozen=True)
class AuditPage:
    rows: tuple[AuditRow, ...]
    more: bool  # older entries match too: ask again with before=next_before
    next_before: int


def searchable(text: str) -> str:
    """`text` as the search compares it: lower case, tone and letter marks gone, đ → d, and
    only ASCII kept. The log's search runs it on every entry it passes over, so it is made of
    C-speed steps (`desktop.text.fold` works word by word, ten times slower here)."""
    bare = unicodedata.normalize("NFD", text.lower().replace("đ", "d"))
    return bare.encode("ascii", "ignore").decode("ascii")


def _run(con: Connection, sql: str, params: dict[str, Any] | None = None) -> Any:
    from sqlalchemy import text

    return con.execute(text(sql), params or {})


def _bound(day: date) -> str:
    """Local midnight of `day` as the stored UTC text compares (no fraction: a time stored
    without one still sorts after it)."""
    moment = datetime.combine(day, time()).astimezone().astimezone(UTC)
    return moment.strftime("%Y-%m-%d %H:%M:%S")


def _where(f: AuditFilter) -> tuple[str, dict[str, Any]]:
    clauses: list[str] = []
    params: dict[str, Any] = {}
    if f.start is not None:
        clauses.append("at >= :low")
        params["low"] = _bound(f.start)
    if f.end is not None:
        clauses.append("at < :high")
        params["high"] = _bound(f.end + timedelta(days=1))
    if f.actor:
        clauses.append("actor = :actor")
        params["actor"] = f.actor
    if f.action:
        clauses.append("action = :action")
        params["action"] = f.action
    if f.record_id:
        own = ["(record_table = :table AND record_id = :id)"]
        params |= {"table": f.record_table, "id": f.record_id}
        for n, (child, column) in enumerate(RELATED.get(f.record_table, ())):
            own.append(
                f"(record_table = :child{n} AND record_id IN "
                f"(SELECT id FROM {child} WHERE {column} = :id))"
            )
            params[f"child{n}"] = child
        prefix = PREFIXES.get(f.record_table)
        if prefix:
            said = f"{prefix} {f.record_id}:"
            own.append("substr(detail, 1, :said_length) = :said")
            params |= {"said": said, "said_length": len(said)}
        clauses.append("(" + " OR ".join(own) + ")")
    return " AND ".join(clauses) or "TRUE", params


def list_entries(
    store: Store,
    f: AuditFilter = AuditFilter(),
    *,
    before: int | None = None,
    limit: int = PAGE,
    token: CancelToken | None = None,
) -> AuditPage:
    """The newest `limit` entries matching `f`, older than entry number `before` if given.
    A search that finds little reads the whole trail (seconds for a province's): `token`
    stops it midway (Cancelled)."""
    where, params = _where(f)
    if before is not None:
        where += " AND id < :before"
        params["before"] = before
    wanted = " ".join(searchable(f.text).split())
    with store.reading() as con:
        if wanted:
            rows = _searched(con, where, params, wanted, limit + 1, token)
        else:
            params["limit"] = limit + 1
            sql = f"SELECT {COLUMNS} FROM audit_event WHERE {where} ORDER BY id DESC LIMIT :limit"
            rows = [tuple(r) for r in _run(con, sql, params)]
        more = len(rows) > limit
        rows = rows[:limit]
        shown = _shown(con, rows)
    return AuditPage(shown, more, shown[-1].id if shown else 0)


def _searched(
    con: Connection,
    where: str,
    params: dict[str, Any],
    wanted: str,
    count: int,
    token: CancelToken | None,
) -> list[tuple[Any, ...]]:
    """The newest `count` entries matching `where` whose account, detail or changes hold
    `wanted` (as `searchable` writes it), read a batch at a time from the newest down."""
    found: list[tuple[Any, ...]] = []
    below: int | None = None
    sql = f"SELECT {COLUMNS} FROM audit_event WHERE {where}"
    while len(found) < count:
        if token is not None and token.cancelled:
            raise Cancelled()
        bounded = sql + (" AND id < :below" if below is not None else "")
        batch = [
            tuple(r)
            for r in _run(
                con,
                bounded + " ORDER BY id DESC LIMIT :batch",
                {**params, "below": below, "batch": SEARCH_BATCH},
            )
        ]
        for row in batch:
            said = f"{row[2] or ''} {row[4] or ''} {row[7] or ''}"
            if wanted in searchable(said):
                found.append(row)
        if len(batch) < SEARCH_BATCH:
            break
        below = int(batch[-1][0])
    return found[:count]


def record_history(store: Store, table: str, record_id: str) -> list[AuditRow]:
    """Every entry about one record and the records that belong to it, oldest first."""
    found: list[AuditRow] = []
    before = None
    while True:
        page = list_entries(
            store, AuditFilter(record_table=table, record_id=record_id), before=before
        )
        found.extend(page.rows)
        if not page.more:
            return found[::-1]
        before = page.next_before


def record_table_of(store: Store, record_id: str) -> str:
    """The table of the record `record_id`, from the trail (a record deleted long ago is still
    named there); '' when the trail never named it."""
    with store.reading() as con:
        found = _run(
            con,
            "SELECT record_table FROM audit_event WHERE record_id = :id AND record_table <> '' "
            "ORDER BY id LIMIT 1",
            {"id": record_id},
        ).first()
    return str(found[0]) if found else ""


def record_label(store: Store, table: str, record_id: str) -> str:
    """«Đoàn viên Nguyễn Văn An»: the record as its history's title names it."""
    from desktop.services.audit_labels import TABLE_LABELS

    column = dict(NAMES).get(table)
    name = ""
    if column:
        with store.reading() as con:
            row = _run(con, f"SELECT {column} FROM {table} WHERE id = :id", {"id": record_id})
            found = row.first()
            name = str(found[0]) if found else ""
    return f"{TABLE_LABELS.get(table, table)} {name}".strip()


def actors(store: Store) -> list[str]:
    """Every account or login name the trail holds, in alphabetical order."""
    with store.reading() as con:
        return sorted(r[0] for r in _run(con, "SELECT DISTINCT actor FROM audit_event") if r[0])


def actions(store: Store) -> list[tuple[str, str]]:
    """(code, words) of every action the trail holds, in the words' order."""
    with store.reading() as con:
        codes = [r[0] for r in _run(con, "SELECT DISTINCT action FROM audit_event")]
    return sorted(((c, action_label(c)) for c in codes), key=lambda pair: pair[1])


def _shown(con: Connection, rows: list[tuple[Any, ...]]) -> tuple[AuditRow, ...]:
    decoded = [_changes(r[7]) for r in rows]
    ids = {v for d in decoded for pair in d.values() for v in pair if isinstance(v, str)}
    ids |= {m for r in rows for m in _UUID.findall(r[4] or "")}
    names = _names(con, {i for i in ids if _UUID.fullmatch(i)})
    shown = []
    for (entry_id, at, actor, action, detail, table, record_id, _), changes in zip(
        rows, decoded, strict=True
    ):
        moment = _local(str(at))
        subject = _UUID.sub(lambda m: names.get(m.group(0), m.group(0)), detail or "")
        lines = tuple(
            _line(table, name, changes[name], names, added=action == "add")
            for name in form_order(table, list(changes))
        )
        shown.append(
            AuditRow(
                int(entry_id),
                moment,
                moment.strftime("%d/%m/%Y %H:%M") if moment.year > 1 else str(at),
                actor or "",
                action,
                action_label(action),
                subject[:1].upper() + subject[1:],
                lines,
                table or "",
                record_id or "",
                changes,
            )
        )
    return tuple(shown)


def _line(table: str, name: str, change: list[Any], names: dict[str, str], *, added: bool) -> str:
    """«Họ và tên: Nguyễn Văn A → Nguyễn Văn B»; a new record's field without the arrow."""
    old, new = change
    label = field_label(table, name)
    if added and old is None:
        return f"{label}: {value_text(table, name, new, names)}"
    return f"{label}: {value_text(table, name, old, names)} → {value_text(table, name, new, names)}"


def _changes(text: str | None) -> dict[str, list[Any]]:
    if not text:
        return {}
    try:
        found = json.loads(text)
    except ValueError:
        return {}
    if not isinstance(found, dict):
        return {}
    return {str(k): list(v) for k, v in found.items() if isinstance(v, list) and len(v) == 2}


def _names(con: Connection, ids: set[str]) -> dict[str, str]:
    if not ids:
        return {}
    from sqlalchemy import bindparam, text

    found: dict[str, str] = {}
    wanted = sorted(ids)
    for table, column in NAMES:
        query = text(f"SELECT id, {column} FROM {table} WHERE id IN :ids").bindparams(
            bindparam("ids", expanding=True)
        )
        for first in range(0, len(wanted), 500):
            chunk = wanted[first : first + 500]
            found.update((str(i), str(n)) for i, n in con.execute(query, {"ids": chunk}))
    return found


def _local(stored: str) -> datetime:
    try:
        return datetime.fromisoformat(stored).replace(tzinfo=UTC).astimezone()
    except ValueError:
        return datetime.min.replace(tzinfo=UTC)
