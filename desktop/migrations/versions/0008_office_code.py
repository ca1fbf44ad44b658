"""Office codes that change (the 2025 reform), and the kind of office as the province names it

- office.kind_name: the name of an upper union of a kind the province itself sets up ("Công đoàn
  cấp trên khác do tỉnh quy định"); empty for the kinds the program knows.
- office_code_change: every change of an office's code. At the office it is what the next bundle
  tells the province (`previous_unit_codes`); at the province, the offices whose registry, ledger
  and records moved to a new code when such a bundle merged.

Revision ID: 0008_office_code
Revises: 0007_years
Create Date: 2026-12-03 17:40:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0008_office_code"
down_revision = "0007_years"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.add_column(
        "office", sa.Column("kind_name", sa.String(length=200), server_default="", nullable=False)
    )
    op.create_table(
        "office_code_change",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("old_code", sa.String(length=32), nullable=False),
        sa.Column("new_code", sa.String(length=32), nullable=False),
        sa.Column("unit_name", sa.String(length=200), nullable=False),
        sa.Column("changed_at", sa.DateTime(), nullable=False),
        sa.Column("bundle_id", sa.String(length=36), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_office_code_change")),
    )
    op.create_index(
        op.f("ix_office_code_change_new_code"), "office_code_change", ["new_code"], unique=False
    )


def downgrade() -> None:
    op.drop_index(op.f("ix_office_code_change_new_code"), table_name="office_code_change")
    op.drop_table("office_code_change")
    op.drop_column("office", "kind_name")
