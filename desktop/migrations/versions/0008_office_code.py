"""Office codes that change (the 2025 reform)

Revision ID: 0008_office_code
Revises: 0007_years
Create Date: 2026-12-03 17:40:00
"""

from __future__ import annotations

revision = "0008_office_code"
down_revision = "0007_years"
branch_labels = None
depends_on = None


def upgrade() -> None:
    pass


def downgrade() -> None:
    pass
