"""bundle history: what each sent bundle carried (its summary and its rows' digests), and the
bundles the province holds that this PC no longer remembers

sent_bundle.summary keeps the summary.json a bundle carried, for `bundle list`; sent_bundle.
sent_rows keeps the digest of every row it held, so the next bundle's summary counts what really
changed (not what this PC's clock says). held_bundle keeps the bundles the province's receipts
name that this PC did not export (sent before an older backup was restored): the chain continues
from the province's last one.

Revision ID: 0005_bundle_history
Revises: 0004_target_pacing
Create Date: 2026-12-01 15:00:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0005_bundle_history"
down_revision = "0004_target_pacing"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("sent_bundle", schema=None) as batch_op:
        batch_op.add_column(sa.Column("summary", sa.Text(), server_default="{}", nullable=False))
        batch_op.add_column(sa.Column("sent_rows", sa.LargeBinary(), nullable=True))
    op.create_table(
        "held_bundle",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("bundle_id", sa.String(length=36), nullable=False),
        sa.Column("sequence", sa.Integer(), nullable=False),
        sa.Column("period", sa.String(length=7), nullable=False),
        sa.Column("manifest_sha256", sa.String(length=64), nullable=False),
        sa.Column("state", sa.String(length=16), nullable=False),
        sa.Column("reason", sa.Text(), nullable=False),
        sa.Column("chain_base", sa.Boolean(), nullable=False),
        sa.Column("learned_at", sa.DateTime(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_held_bundle")),
        sa.UniqueConstraint("bundle_id", name=op.f("uq_held_bundle_bundle_id")),
    )


def downgrade() -> None:
    op.drop_table("held_bundle")
    with op.batch_alter_table("sent_bundle", schema=None) as batch_op:
        batch_op.drop_column("sent_rows")
        batch_op.drop_column("summary")
