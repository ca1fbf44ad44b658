"""An office's register handed over to its successor

Revision ID: 0009_handover
Revises: 0008_office_code
Create Date: 2026-12-03 17:40:00
"""

from __future__ import annotations

revision = "0009_handover"
down_revision = "0008_office_code"
branch_labels = None
depends_on = None


def upgrade() -> None:
    pass


def downgrade() -> None:
    pass
