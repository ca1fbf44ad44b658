"""The audit trail's hash chain: how an entry is written, and how the chain is checked.

Each entry's hash covers its own fields and the previous entry's hash, so an entry removed or
altered afterwards breaks the chain from there on, and `uniondesk check` names the first one.

The canonical form of an entry (what is hashed) is the UTF-8 encoding of the JSON array

    [id, at, actor, action, detail, record_table, record_id, changes]

written with no whitespace between tokens (separators "," and ":"), `id` an integer, the others
strings; `at` is the entry's UTC time written `YYYY-MM-DD HH:MM:SS.ffffff` (six fraction digits
always; a stored time that does not read as an ISO date and time is taken as stored); the other
strings exactly as stored. Inside strings only `"` and `\\` are escaped (`\\"`, `\\\\`), and the
characters U+0000-U+001F: `\\b \\f \\n \\r \\t` for those five, `\\u00xx` (lower-case hex) for the
rest; every other character is written as itself (Python's `json.dumps(...,
ensure_ascii=False, separators=(",", ":"))`).

    entry_hash = lower-case hex SHA-256 of (prev_hash as ASCII + canonical form)

`prev_hash` is the previous entry's `entry_hash`, or 64 zeros (GENESIS) for the first entry.
The newest entry's number is also kept apart from the trail, written in the same transaction
(SQLite: the file header's `PRAGMA user_version`; PostgreSQL: the one-row table audit_head; see
desktop.store.dialect.audit_head), so removing the last entries shows too. Every writer appends
through `append`, which takes the database's write lock before it reads the last entry: two
processes appending at once cannot both chain onto the same entry.

Migration 0006 chains the entries an older database already holds with its own frozen copy of
`entry_hash` (a test keeps the two equal).
"""

from __future__ import annotations

import hashlib
import json
import re
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

GENESIS = "0" * 64
AT_FORMAT = "%Y-%m-%d %H:%M:%S.%f"
# A write statement that changes nothing: on a raw SQLite connection it takes the write lock
# before the last entry is read (desktop.store.dialect.take_write_lock does it on the others).
COLUMNS = ("id", "at", "actor", "action", "detail", "record_table", "record_id", "changes")
INSERT = (
    "INSERT INTO audit_event (id, at, actor, action, detail, record_table, record_id, changes, "
    "prev_hash, entry_hash) VALUES (:id, :at, :actor, :action, :detail, :record_table, "
    ":record_id, :changes, :prev_hash, :entry_hash)"
)
# Twelve digits standing alone in a text are a citizen ID (a search typed one, a file named one);
# not the last group of a record's UUID (after a hyphen), nor part of a longer code.
_CITIZEN_ID = re.compile(r"(?<![0-9A-Za-z-])[0-9]{12}(?![0-9A-Za-z])")


@dataclass(frozen=True)
class NewEntry:
    """An entry to append; `actor` None names whoever is signed in to this process."""

    action: str
    detail: str = ""
    record_table: str = ""
    record_id: str = ""
    changes: str = ""  # JSON text: field → [old, new]
    actor: str | None = None


_ENCODER = json.JSONEncoder(ensure_ascii=False, separators=(",", ":"))
_CANONICAL_AT = re.compile(r"\d{4}-\d\d-\d\d \d\d:\d\d:\d\d\.\d{6}")


def canonical_at(value: datetime | str) -> str:
    if isinstance(value, datetime):
        return value.strftime(AT_FORMAT)
    if _CANONICAL_AT.fullmatch(value):  # already as written: checking 300,000 entries is quicker
        return value
    try:
        return datetime.fromisoformat(value).strftime(AT_FORMAT)
    except ValueError:
        return value


def canonical(
    entry_id: int,
    at: datetime | str,
    actor: str,
    action: str,
    detail: str,
    record_table: str,
    record_id: str,
    changes: str,
) -> bytes:
    fields = [entry_id, canonical_at(at), actor, action, detail, record_table, record_id, changes]
    return _ENCODER.encode(fields).encode("utf-8")


def entry_hash(prev_hash: str, canonical_form: bytes) -> str:
    return hashlib.sha256(prev_hash.encode("ascii") + canonical_form).hexdigest()


def mask_citizen_ids(text: str) -> str:
    """`text` with every standalone 12-digit number masked as `desktop.citizen_id.masked` does."""
    from desktop.citizen_id import masked

    return _CITIZEN_ID.sub(lambda m: masked(m.group(0)), text)


def _executor(con: Any) -> Callable[[str, Any], Any]:
    """`:name`-parameter SQL on the store's connection."""
    from sqlalchemy import text

    return lambda sql, params: con.execute(text(sql), params)


def _head(con: Any) -> int:
    from desktop.store import dialect

    return dialect.audit_head(con)


def append(con: Any, entries: Sequence[NewEntry], now: datetime | None = None) -> None:
    """Append `entries` in the transaction `con` is in (an SQLAlchemy connection on either
    store, in a unit of work or a session's transaction); the caller commits them with its own
    change.

    The write lock is taken first, then the last entry is read: another process's entry can no
    longer come in between."""
    if not entries:
        return
    from desktop.models.base import utcnow
    from desktop.services.audit import current_actor
    from desktop.store import dialect

    run = _executor(con)
    dialect.take_write_lock(con)
    last = run("SELECT id, entry_hash FROM audit_event ORDER BY id DESC LIMIT 1", {}).fetchone()
    prev, next_id = (last[1], last[0] + 1) if last else (GENESIS, 1)
    at = canonical_at(now or utcnow())
    rows = []
    for entry in entries:
        actor = current_actor() if entry.actor is None else entry.actor
        detail = mask_citizen_ids(entry.detail)
        form = canonical(
            next_id,
            at,
            actor,
            entry.action,
            detail,
            entry.record_table,
            entry.record_id,
            entry.changes,
        )
        digest = entry_hash(prev, form)
        rows.append(
            {
                "id": next_id,
                "at": at,
                "actor": actor,
                "action": entry.action,
                "detail": detail,
                "record_table": entry.record_table,
                "record_id": entry.record_id,
                "changes": entry.changes,
                "prev_hash": prev,
                "entry_hash": digest,
            }
        )
        prev, next_id = digest, next_id + 1
    run(INSERT, rows)
    dialect.set_audit_head(con, next_id - 1)


@dataclass(frozen=True)
class Break:
    """Where the chain is broken. `kind`: "altered" (the entry is not what was hashed),
    "unchained" (no hash, or added after the newest entry Union Desk wrote: written outside it),
    "removed" (entries `first`..`last` are gone: a gap in the numbers, the first entries, or
    the last ones), "relinked" (numbers follow on but the previous hash does not match: entries
    removed and the rest renumbered, or replaced), "head_missing" (the header's mark of the
    newest entry was cleared, so removed last entries would not show)."""

    kind: str
    entry_id: int  # the entry named: the altered one, or the first one after what was removed
    at: str  # its time as stored ("" when the removed entries were the last ones)
    first: int = 0  # the removed entries' numbers (for "removed")
    last: int = 0
    before_id: int = 0  # the entry before the break, and its time
    before_at: str = ""


@dataclass(frozen=True)
class ChainReport:
    entries: int
    breaks: tuple[Break, ...]  # in the order of the trail, at most MAX_BREAKS

    @property
    def ok(self) -> bool:
        return not self.breaks


MAX_BREAKS = 10
FETCH = 5000


def _rows(con: Any) -> Iterator[tuple[Any, ...]]:
    cursor = _executor(con)(
        "SELECT id, at, actor, action, detail, record_table, record_id, changes, prev_hash, "
        "entry_hash FROM audit_event ORDER BY id",
        {},
    )
    while batch := cursor.fetchmany(FETCH):
        yield from batch


def verify(con: Any) -> ChainReport:
    """Walk the whole trail in order and list where it is broken (the first MAX_BREAKS); `con`
    is a connection to either store."""
    breaks: list[Break] = []
    count = 0
    expected_prev, expected_id = GENESIS, 1
    before: tuple[int, str] = (0, "")

    def add(item: Break) -> None:
        if len(breaks) < MAX_BREAKS:
            breaks.append(item)

    for row in _rows(con):
        count += 1
        entry_id, at = int(row[0]), str(row[1])
        stored_prev, stored_hash = str(row[8]), str(row[9])
        if entry_id != expected_id:
            add(Break("removed", entry_id, at, expected_id, entry_id - 1, *before))
        elif stored_prev != expected_prev and stored_hash:
            add(Break("relinked", entry_id, at, 0, 0, *before))
        if not stored_hash:
            add(Break("unchained", entry_id, at, 0, 0, *before))
        else:
            fields = [str(v) if v is not None else "" for v in row[1:8]]
            form = canonical(entry_id, fields[0], *fields[1:])
            if entry_hash(stored_prev, form) != stored_hash:
                add(Break("altered", entry_id, at, 0, 0, *before))
        expected_prev, expected_id = stored_hash, entry_id + 1
        before = (entry_id, at)
    head = _head(con)
    last_id = expected_id - 1
    if head > last_id:
        add(Break("removed", 0, "", last_id + 1, head, *before))
    elif head == 0 and count:
        add(Break("head_missing", 0, "", 0, 0, *before))
    elif head < last_id and not any(b.entry_id > head for b in breaks):
        after = _executor(con)(
            "SELECT id, at FROM audit_event WHERE id > :head ORDER BY id LIMIT 1", {"head": head}
        ).fetchone()
        add(Break("unchained", int(after[0]), str(after[1])))
    return ChainReport(count, tuple(breaks))


def local_time(stored: str) -> str:
    """A stored UTC time as the office reads it: local `dd/mm/yyyy HH:MM` (as stored when it
    does not read as a time)."""
    try:
        moment = datetime.fromisoformat(stored)
    except ValueError:
        return stored
    return moment.replace(tzinfo=UTC).astimezone().strftime("%d/%m/%Y %H:%M")


def _entry(entry_id: int, at: str) -> str:
    return f"mục số {entry_id} (lúc {local_time(at)})"


def _numbers(first: int, last: int) -> str:
    return f"mục số {first}" if first == last else f"các mục số {first} đến {last}"


def describe(found: Break) -> str:
    """One break in the words `uniondesk check` prints."""
    if found.kind == "altered":
        return f"{_entry(found.entry_id, found.at)} đã bị sửa sau khi ghi."
    if found.kind == "unchained":
        return (
            f"{_entry(found.entry_id, found.at)} không do Union Desk ghi (không có mã kiểm tra "
            "hợp lệ): có người đã ghi thẳng vào tệp."
        )
    if found.kind == "relinked":
        return (
            f"{_entry(found.entry_id, found.at)} không nối tiếp "
            f"{_entry(found.before_id, found.before_at)}: có mục đã bị xóa rồi đánh số lại, "
            "hoặc bị thay."
        )
    if found.kind == "head_missing":
        return (
            "Dấu mục cuối cùng của nhật ký đã bị xóa, nên không biết các mục cuối còn đủ không "
            f"(mục cuối còn lại là {_entry(found.before_id, found.before_at)})."
        )
    gone = _numbers(found.first, found.last)
    if found.entry_id == 0:
        kept = (
            f"; mục cuối còn lại là {_entry(found.before_id, found.before_at)}"
            if found.before_id
            else ""
        )
        return f"{gone.capitalize()} (cuối nhật ký) đã bị xóa{kept}."
    if found.before_id == 0:
        first = _entry(found.entry_id, found.at)
        return f"{gone.capitalize()} (đầu nhật ký) đã bị xóa; mục còn lại đầu tiên là {first}."
    return (
        f"{gone.capitalize()} đã bị xóa (giữa {_entry(found.before_id, found.before_at)} "
        f"và {_entry(found.entry_id, found.at)})."
    )
