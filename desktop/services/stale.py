"""A form saves only over the record it showed.

A form reads a record together with its version (the stored `updated_at`, as text). Its save
first claims the record inside the writing transaction: `UPDATE … SET updated_at = updated_at
WHERE id = ? AND updated_at = ?` takes SQLite's write lock and matches only the record as the
form read it, so nothing can change it between the check and the write. When it no longer
matches (another window, a command-line import, a dissolution moved it), the save is refused
with `StaleRecord`, whose message says when the record changed and, from the audit trail, what
changed it, and the form offers to load the record again. Every write path bumps `updated_at`:
the ORM's `onupdate` does, and the importer sets it on its Core updates.
"""

from __future__ import annotations

import getpass
from datetime import UTC, datetime, timedelta
from typing import TYPE_CHECKING

from desktop.errors import UserError

if TYPE_CHECKING:
    from sqlalchemy import Connection
    from sqlalchemy.orm import Session

CHANGED = "{what} đã được sửa lúc {when}{origin} sau khi mở biểu mẫu."
CHANGED_NO_TIME = "{what} đã được sửa{origin} sau khi mở biểu mẫu."
QUESTION = "Tải lại để xem bản mới?"
FORM_EDIT = "sửa trên biểu mẫu ở cửa sổ khác"
IMPORTED = "nhập từ bảng tính {name}"
BY = "tài khoản {actor}"
# The audit rows name a record as "<prefix> <id>: …"; an import names the kind of list.
PREFIXES = {"member": "đoàn viên", "grassroots_union": "CĐCS", "enterprise": "doanh nghiệp"}
IMPORT_KINDS = {"member": "members", "grassroots_union": "unions"}
# How the message names the record, from its name as stored now.
WHAT = {
    "member": ("full_name", "Hồ sơ của {name}"),
    "grassroots_union": ("name", "Thông tin của {name}"),
    "enterprise": ("name", "Thông tin doanh nghiệp {name}"),
}
# How far from the record's stamp its audit row may be: the ORM stamps both within one flush;
# an import stamps its audit row once its rows are written.
NEAR = timedelta(seconds=1)


class StaleRecord(UserError):
    """The record changed after the form read it. `statement` says when and what changed it;
    the message adds the question the form asks."""

    def __init__(self, statement: str) -> None:
        super().__init__(f"{statement} {QUESTION}")
        self.statement = statement


def read_version(con: Connection, table: str, record_id: str) -> str | None:
    """The version of a live record as a form reads it (None when there is no such record)."""
    from sqlalchemy import text

    from desktop.store.dialect import version_text

    row = con.execute(
        text(
            f"SELECT {version_text('updated_at', con)} FROM {table} WHERE id = :id AND deleted_at IS NULL"
        ),
        {"id": record_id},
    ).first()
    return None if row is None else str(row[0])


def claim(session: Session, table: str, record_id: str, version: str | None) -> None:
    """Take the write lock and make sure the record is still at `version` (None: no form read
    it, nothing to compare). Call it first in the transaction that writes, before the record is
    read; a record gone meanwhile is left to the caller, which says so in its own words."""
    from sqlalchemy import text

    if version is None:
        return
    from desktop.store.dialect import version_text

    # The stored stamp as a plain row gives it: the version the form read compares equal.
    stamp = version_text("updated_at", session.connection())
    claimed = session.execute(
        text(f"UPDATE {table} SET updated_at = updated_at WHERE id = :id AND {stamp} = :version"),
        {"id": record_id, "version": version},
    )
    if claimed.rowcount == 1:  # type: ignore[attr-defined]
        return
    column, what = WHAT[table]
    row = session.execute(
        text(f"SELECT {stamp}, deleted_at, {column} FROM {table} WHERE id = :id"),
        {"id": record_id},
    ).first()
    if row is None or row[1] is not None:
        return
    named = what.format(name=row[2])
    raise StaleRecord(describe(session, table, record_id, str(row[0]), named))


def _stored_time(text: str) -> datetime | None:
    try:
        return datetime.fromisoformat(text.strip())
    except ValueError:
        return None


def local_time(stored: datetime) -> str:
    """`10:42 03/12/2026`: a stored UTC time as the clock on this PC reads it."""
    return stored.replace(tzinfo=UTC).astimezone().strftime("%H:%M %d/%m/%Y")


def _me() -> str:
    try:
        return getpass.getuser()
    except (OSError, KeyError):
        return ""


def _audit_rows(session: Session, changed: datetime) -> list[tuple[datetime, str, str, str]]:
    from sqlalchemy import text

    bounds = [(changed + step).isoformat(sep=" ") for step in (-NEAR, NEAR)]
    rows = session.execute(
        text(
            "SELECT at, actor, action, detail FROM audit_event WHERE at >= :low AND at <= :high "
            "ORDER BY id"
        ),
        {"low": bounds[0], "high": bounds[1]},
    )
    found = []
    for at, actor, action, detail in rows:
        stamp = at if isinstance(at, datetime) else _stored_time(str(at))
        if stamp is not None:
            found.append((stamp, actor or "", action, detail or ""))
    return found


def origin(session: Session, table: str, record_id: str, changed: datetime | None) -> str:
    """What changed the record at `changed`, from the audit row written with that change: a row
    naming the record (stamped in the same flush as the record), or an import of its kind of
    list (stamped when the import ends, so never before the records it wrote). The nearest in
    time wins; '' when the trail does not say."""
    if changed is None:
        return ""
    prefix = f"{PREFIXES.get(table, table)} {record_id}: "
    imported = f"{IMPORT_KINDS[table]} từ " if table in IMPORT_KINDS else None
    best: tuple[timedelta, str, str] | None = None
    for at, actor, action, detail in _audit_rows(session, changed):
        if action == "import" and imported and detail.startswith(imported) and at >= changed:
            name = detail[len(imported) :].rsplit(": ", 1)[0]
            said = IMPORTED.format(name=name)
        elif detail.startswith(prefix) and not detail.startswith(prefix + "thay chủ tịch"):
            # A new chair is written beside the form's own «sửa» row, and by an import too.
            rest = detail[len(prefix) :].split(" (", 1)[0]  # the date and the step, not the why
            # «Đã tiếp cận 03/12/2026» inside a sentence starts small.
            said = FORM_EDIT if rest.startswith("sửa ") else rest[:1].lower() + rest[1:]
        else:
            continue
        distance = abs(at - changed)
        if best is None or distance < best[0]:
            best = (distance, said, actor)
    if best is None:
        return ""
    _, said, actor = best
    if actor and actor != _me():
        said += ", " + BY.format(actor=actor)
    return said


def describe(session: Session, table: str, record_id: str, version: str, what: str) -> str:
    """«Hồ sơ của Nguyễn Văn A đã được sửa lúc 10:42 03/12/2026 (nhập từ bảng tính ds.xlsx) sau
    khi mở biểu mẫu.»"""
    changed = _stored_time(version)
    said = origin(session, table, record_id, changed)
    told = f" ({said})" if said else ""
    if changed is None:
        return CHANGED_NO_TIME.format(what=what, origin=told)
    return CHANGED.format(what=what, when=local_time(changed), origin=told)
