"""safety: accounts and roles, settings kept in the database, a hash-chained audit trail

account holds who may open the file and with which role; setting holds the office's settings
(backup folder, idle lock minutes, …) so a backup carries them. audit_event gains the record a
change touched, the change itself (field → [old, new]) and the hash chain.

Revision ID: 0006_safety
Revises: 0005_bundle_history
Create Date: 2026-12-03 14:30:00
"""

from __future__ import annotations

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


def downgrade() -> None:
    with op.batch_alter_table("audit_event", schema=None) as batch_op:
        for name in ("changes", "entry_hash", "prev_hash", "record_id", "record_table"):
            batch_op.drop_column(name)
    op.drop_table("setting")
    op.drop_table("account")
