"""chair_term: every chair a grassroots union has had, kept as records instead of read from audit text

Revision ID: 0011_chair_history
Revises: 0010_issued_reports
Create Date: 2026-12-03 22:20:00
"""

from __future__ import annotations

revision = "0011_chair_history"
down_revision = "0010_issued_reports"
branch_labels = None
depends_on = None


def upgrade() -> None:
    pass  # filled by the chair history change


def downgrade() -> None:
    pass
