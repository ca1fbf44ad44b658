"""What PostgreSQL needs that SQLite has by itself: the audit trail's head and append-only rule

SQLite keeps the newest audit entry's number in the file header (PRAGMA user_version);
PostgreSQL keeps it in the one-row table audit_head, seeded here with the trail's newest number.
The append-only rule SQLite's two triggers give (migration 0006) is, on PostgreSQL, one trigger
function refusing UPDATE and DELETE of an entry with the same words, behind two triggers of the
same names, so `uniondesk check` looks for the same two on both (and a third refusing TRUNCATE). Nothing changes on SQLite.

Revision ID: 0012_postgres
Revises: 0011_chair_history
Create Date: 2026-12-03 22:20:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0012_postgres"
down_revision = "0011_chair_history"
branch_labels = None
depends_on = None

# The words of migration 0006's SQLite triggers, so a refused change reads alike on both.
REFUSE_UPDATE = "Nhật ký hoạt động chỉ được ghi thêm, không được sửa"
REFUSE_DELETE = "Nhật ký hoạt động chỉ được ghi thêm, không được xóa"
APPEND_ONLY_FUNCTION = f"""
CREATE FUNCTION audit_event_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP = 'UPDATE' THEN
        RAISE EXCEPTION '{REFUSE_UPDATE}' USING ERRCODE = 'integrity_constraint_violation';
    END IF;
    RAISE EXCEPTION '{REFUSE_DELETE}' USING ERRCODE = 'integrity_constraint_violation';
END
$$
"""
# name: (operation, level). TRUNCATE, which SQLite has not, empties a table without a row
# trigger: it is refused on its own, with the words for a delete.
TRIGGERS = {
    "audit_event_append_only_update": ("UPDATE", "ROW"),
    "audit_event_append_only_delete": ("DELETE", "ROW"),
    "audit_event_append_only_truncate": ("TRUNCATE", "STATEMENT"),
}


def _on_postgres() -> bool:
    return bool(op.get_bind().dialect.name == "postgresql")


def upgrade() -> None:
    if not _on_postgres():
        return
    op.create_table("audit_head", sa.Column("number", sa.Integer(), nullable=False))
    op.execute("INSERT INTO audit_head (number) SELECT coalesce(max(id), 0) FROM audit_event")
    op.execute(APPEND_ONLY_FUNCTION)
    for name, (operation, level) in TRIGGERS.items():
        op.execute(
            f"CREATE TRIGGER {name} BEFORE {operation} ON audit_event "
            f"FOR EACH {level} EXECUTE FUNCTION audit_event_append_only()"
        )


def downgrade() -> None:
    if not _on_postgres():
        return
    for name in TRIGGERS:
        op.execute(f"DROP TRIGGER IF EXISTS {name} ON audit_event")
    op.execute("DROP FUNCTION IF EXISTS audit_event_append_only()")
    op.drop_table("audit_head")
