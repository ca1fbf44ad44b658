"""An office's register handed over to its successor

handover: (province) one row per signed handover notice taken; the closed office's chain ends
at `last_sequence`, and `to_code` names the office its grassroots unions went to
(docs/bundle-format.md §12).

Revision ID: 0009_handover
Revises: 0008_office_code
Create Date: 2026-12-03 17:40:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0009_handover"
down_revision = "0008_office_code"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "handover",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("from_code", sa.String(length=32), nullable=False),
        sa.Column("from_name", sa.String(length=200), nullable=False),
        sa.Column("to_code", sa.String(length=32), nullable=False),
        sa.Column("to_name", sa.String(length=200), nullable=False),
        sa.Column("handed_over_on", sa.String(length=10), nullable=False),
        sa.Column("last_sequence", sa.Integer(), nullable=False),
        sa.Column("last_manifest_sha256", sa.String(length=64), nullable=False),
        sa.Column("notice_sequence", sa.Integer(), nullable=False),
        sa.Column("notice_bundle_id", sa.String(length=36), nullable=False),
        sa.Column("notice_manifest_sha256", sa.String(length=64), nullable=False),
        sa.Column("unions_json", sa.Text(), nullable=False),
        sa.Column("file_name", sa.String(length=260), nullable=False),
        sa.Column("received_at", sa.DateTime(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_handover")),
        sa.UniqueConstraint("from_code", name=op.f("uq_handover_from_code")),
        sa.UniqueConstraint("notice_bundle_id", name=op.f("uq_handover_notice_bundle_id")),
    )
    op.create_index(op.f("ix_handover_to_code"), "handover", ["to_code"], unique=False)


def downgrade() -> None:
    op.drop_index(op.f("ix_handover_to_code"), table_name="handover")
    op.drop_table("handover")
