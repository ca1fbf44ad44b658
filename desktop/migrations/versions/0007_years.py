"""Every year's programme and targets measured as worded: measure parameters, houses, re-election

- target.measure: the parameters of a target's measure from the catalogue (JSON), so a new year's
  targets are data; empty for the named measures the 2024 programme uses.
- activity.houses: how many houses a house activity built or repaired (target 7 counts houses,
  not records); NULL on rows written before, which target 7 counts as one house each and lists.
- grassroots_union.chair_reelected: the current chair was re-elected (target 5 counts only newly
  elected chairs); 0 on rows written before, as nobody recorded it.

Revision ID: 0007_years
Revises: 0006_safety
Create Date: 2026-12-03 17:30:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0007_years"
down_revision = "0006_safety"
branch_labels = None
depends_on = None


# Plain ADD COLUMN, not a batch copy: copying a table the others point at breaks their keys.
def upgrade() -> None:
    op.add_column("target", sa.Column("measure", sa.Text(), server_default="", nullable=False))
    op.add_column("activity", sa.Column("houses", sa.Integer(), nullable=True))
    op.add_column(
        "grassroots_union",
        sa.Column("chair_reelected", sa.Boolean(), server_default=sa.false(), nullable=False),
    )


def downgrade() -> None:
    op.drop_column("grassroots_union", "chair_reelected")
    op.drop_column("activity", "houses")
    op.drop_column("target", "measure")
