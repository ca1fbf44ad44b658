"""What PostgreSQL needs that SQLite has by itself: the audit trail's head and append-only rule

Revision ID: 0012_postgres
Revises: 0011_chair_history
Create Date: 2026-12-03 22:20:00
"""

from __future__ import annotations

revision = "0012_postgres"
down_revision = "0011_chair_history"
branch_labels = None
depends_on = None


def upgrade() -> None:
    pass  # filled by the PostgreSQL change


def downgrade() -> None:
    pass
