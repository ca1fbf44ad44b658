"""import_mapping: the column headers an office mapped by hand, remembered for its next file

Revision ID: 0003_import_mapping
Revises: 0002_sync
Create Date: 2026-12-01 10:00:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0003_import_mapping"
down_revision = "0002_sync"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "import_mapping",
        sa.Column("kind", sa.String(length=16), nullable=False),
        sa.Column("header_key", sa.String(length=250), nullable=False),
        sa.Column("field", sa.String(length=40), nullable=False),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
        sa.PrimaryKeyConstraint("kind", "header_key", name=op.f("pk_import_mapping")),
    )


def downgrade() -> None:
    op.drop_table("import_mapping")
