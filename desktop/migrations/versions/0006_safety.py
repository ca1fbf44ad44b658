"""safety: accounts and roles, settings kept in the database, a hash-chained audit trail

account holds who may open the file and with which role; setting holds the office's settings
(backup folder, idle lock minutes, …) so a backup carries them. audit_event gains the record a
change touched, the change itself (field → [old, new]) and the hash chain; the entries already
there are chained (oldest first), and on SQLite two triggers refuse any UPDATE or DELETE of an
entry, so the trail is append-only.

Revision ID: 0006_safety
Revises: 0005_bundle_history
Create Date: 2026-12-03 14:30:00
"""

from __future__ import annotations

import hashlib
import json
import re
from datetime import datetime

import sqlalchemy as sa
from alembic import op

revision = "0006_safety"
down_revision = "0005_bundle_history"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "account",
        sa.Column("name", sa.String(length=60), nullable=False),
        sa.Column("full_name", sa.String(length=120), nullable=False),
        sa.Column("role", sa.String(length=16), nullable=False),
        sa.Column("password_hash", sa.Text(), nullable=False),
        sa.Column("failed_logins", sa.Integer(), nullable=False),
        sa.Column("last_failed_at", sa.DateTime(), nullable=True),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("disabled_at", sa.DateTime(), nullable=True),
        sa.PrimaryKeyConstraint("name", name=op.f("pk_account")),
    )
    op.create_table(
        "setting",
        sa.Column("key", sa.String(length=60), nullable=False),
        sa.Column("value", sa.Text(), nullable=False),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
        sa.PrimaryKeyConstraint("key", name=op.f("pk_setting")),
    )
    with op.batch_alter_table("audit_event", schema=None) as batch_op:
        for name, length in (
            ("record_table", 40),
            ("record_id", 36),
            ("prev_hash", 64),
            ("entry_hash", 64),
        ):
            batch_op.add_column(
                sa.Column(name, sa.String(length=length), server_default="", nullable=False)
            )
        batch_op.add_column(sa.Column("changes", sa.Text(), server_default="", nullable=False))
    _chain_existing_entries()
    if op.get_bind().dialect.name == "sqlite":
        for statement in APPEND_ONLY:
            op.execute(statement)


# Frozen copies of desktop.services.audit_chain (GENESIS, canonical, entry_hash, the head
# mark and the citizen-ID mask) as they were when this revision was written: a migration
# must hash as it did then. tests/unit/test_audit_chain.py keeps the two equal.
GENESIS = "0" * 64
_CITIZEN_ID = re.compile(r"(?<![0-9A-Za-z-])[0-9]{12}(?![0-9A-Za-z])")
APPEND_ONLY = (
    "CREATE TRIGGER audit_event_append_only_update BEFORE UPDATE ON audit_event "
    "BEGIN SELECT RAISE(ABORT, 'Nhật ký hoạt động chỉ được ghi thêm, không được sửa'); END",
    "CREATE TRIGGER audit_event_append_only_delete BEFORE DELETE ON audit_event "
    "BEGIN SELECT RAISE(ABORT, 'Nhật ký hoạt động chỉ được ghi thêm, không được xóa'); END",
)


def _mask(match: re.Match[str]) -> str:
    text = match.group(0)
    return text[:3] + "•" * (len(text) - 5) + text[-2:]


def _canonical(entry_id: int, at: object, *texts: str) -> bytes:
    if isinstance(at, datetime):
        moment = at.strftime("%Y-%m-%d %H:%M:%S.%f")
    else:
        try:
            moment = datetime.fromisoformat(str(at)).strftime("%Y-%m-%d %H:%M:%S.%f")
        except ValueError:
            moment = str(at)
    fields = [entry_id, moment, *texts]
    return json.dumps(fields, ensure_ascii=False, separators=(",", ":")).encode("utf-8")


def _entry_hash(prev_hash: str, canonical_form: bytes) -> str:
    return hashlib.sha256(prev_hash.encode("ascii") + canonical_form).hexdigest()


def _chain_existing_entries() -> None:
    """Chain the entries written before this revision, oldest first; a citizen ID a detail
    holds (a search typed one) is masked first, as every later entry is."""
    bind = op.get_bind()
    rows = bind.execute(
        sa.text("SELECT id, at, actor, action, detail FROM audit_event ORDER BY id")
    ).fetchall()
    prev, updates = GENESIS, []
    for entry_id, at, actor, action, detail in rows:
        detail = _CITIZEN_ID.sub(_mask, detail or "")
        digest = _entry_hash(
            prev, _canonical(int(entry_id), at, actor or "", action or "", detail, "", "", "")
        )
        updates.append({"id": entry_id, "detail": detail, "prev": prev, "hash": digest})
        prev = digest
    if not updates:
        return
    bind.execute(
        sa.text(
            "UPDATE audit_event SET detail = :detail, prev_hash = :prev, entry_hash = :hash "
            "WHERE id = :id"
        ),
        updates,
    )
    # The newest entry's number in the header (dialect.set_audit_head): removing the last
    # entries shows too. PostgreSQL has no header: migration 0012 seeds its audit_head table.
    if bind.dialect.name == "sqlite":
        bind.execute(sa.text(f"PRAGMA user_version = {int(updates[-1]['id']):d}"))


def downgrade() -> None:
    if op.get_bind().dialect.name == "sqlite":
        op.execute("DROP TRIGGER IF EXISTS audit_event_append_only_update")
        op.execute("DROP TRIGGER IF EXISTS audit_event_append_only_delete")
    with op.batch_alter_table("audit_event", schema=None) as batch_op:
        for name in ("changes", "entry_hash", "prev_hash", "record_id", "record_table"):
            batch_op.drop_column(name)
    op.drop_table("setting")
    op.drop_table("account")
