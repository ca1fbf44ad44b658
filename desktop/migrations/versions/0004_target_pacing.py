"""target.pacing: each target's pacing rule (linear, level, year_end) kept with the target

The rule came from the programme file shipped with the app, so a programme that reached an office
only in a province package had none. Rows already loaded get the rule the 2024 file gives, or the
unit's default (counts build up over the year, rates are rates).

Revision ID: 0004_target_pacing
Revises: 0003_import_mapping
Create Date: 2026-12-01 11:00:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0004_target_pacing"
down_revision = "0003_import_mapping"
branch_labels = None
depends_on = None

# Written out rather than read from resources/: a migration must not change when the files do.
PACING_2024 = {
    "5": "level",
    "6a": "year_end",
    "6b": "year_end",
    "6c": "year_end",
    "8": "year_end",
    "9b": "year_end",
    "9e": "level",
}


def upgrade() -> None:
    with op.batch_alter_table("target", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column("pacing", sa.String(length=10), server_default="", nullable=False)
        )
    op.execute("UPDATE target SET pacing = CASE WHEN unit = 'count' THEN 'linear' ELSE 'level' END")
    op.execute(
        "UPDATE target SET pacing = 'linear' WHERE unit <> 'count' AND programme_id IN "
        "(SELECT id FROM programme WHERE year = 2024)"
    )
    for code, pacing in PACING_2024.items():
        op.execute(
            sa.text(
                "UPDATE target SET pacing = :pacing WHERE code = :code AND programme_id IN "
                "(SELECT id FROM programme WHERE year = 2024)"
            ).bindparams(pacing=pacing, code=code)
        )


def downgrade() -> None:
    with op.batch_alter_table("target", schema=None) as batch_op:
        batch_op.drop_column("pacing")
