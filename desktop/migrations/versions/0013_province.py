"""The province's own records and the counts behind entered percentages

- progress_entry.numerator / denominator: the two counts behind a percentage target (people
  reached, people in scope); existing entries keep their value with both empty, read as a
  percentage entered without its counts.
- office_rating: the province's rating of each upper-level union by year (target 6a).
- office_inspection: the province's inspections of upper-level unions (target 9a).
- period_decision: the province's decision on an office's month (accepted, or returned with a
  reason), at the province and, once its package is taken, at the office.

Revision ID: 0013_province
Revises: 0012_postgres
Create Date: 2026-12-04 04:40:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0013_province"
down_revision = "0012_postgres"
branch_labels = None
depends_on = None


def _record_columns() -> list[sa.Column]:
    return [
        sa.Column("id", sa.String(length=36), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
        sa.Column("deleted_at", sa.DateTime(), nullable=True),
    ]


def upgrade() -> None:
    # Plain ADD COLUMN on both stores: no table is rebuilt, the partial unique index stays.
    op.add_column("progress_entry", sa.Column("numerator", sa.Float(), nullable=True))
    op.add_column("progress_entry", sa.Column("denominator", sa.Float(), nullable=True))

    op.create_table(
        "office_rating",
        sa.Column("office_code", sa.String(length=32), nullable=False),
        sa.Column("year", sa.Integer(), nullable=False),
        sa.Column("grade", sa.String(length=16), nullable=False),
        sa.Column("note", sa.Text(), nullable=False),
        *_record_columns(),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_office_rating")),
    )
    op.create_index(
        "uq_office_rating_live",
        "office_rating",
        ["office_code", "year"],
        unique=True,
        sqlite_where=sa.text("deleted_at IS NULL"),
        postgresql_where=sa.text("deleted_at IS NULL"),
    )

    op.create_table(
        "office_inspection",
        sa.Column("office_code", sa.String(length=32), nullable=False),
        sa.Column("kind", sa.String(length=16), nullable=False),
        sa.Column("inspected_on", sa.Date(), nullable=False),
        sa.Column("findings", sa.Text(), nullable=False),
        *_record_columns(),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_office_inspection")),
    )
    op.create_index(op.f("ix_office_inspection_office_code"), "office_inspection", ["office_code"])
    op.create_index(
        op.f("ix_office_inspection_inspected_on"), "office_inspection", ["inspected_on"]
    )

    op.create_table(
        "period_decision",
        sa.Column("unit_code", sa.String(length=32), nullable=False),
        sa.Column("period", sa.String(length=7), nullable=False),
        sa.Column("decision", sa.String(length=16), nullable=False),
        sa.Column("reason", sa.Text(), nullable=False),
        sa.Column("decided_at", sa.DateTime(), nullable=False),
        sa.Column("actor", sa.String(length=120), nullable=False),
        sa.Column("package_id", sa.String(length=64), nullable=False),
        sa.Column("answered_by", sa.String(length=64), nullable=False),
        *_record_columns(),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_period_decision")),
    )
    op.create_index("ix_period_decision_unit_period", "period_decision", ["unit_code", "period"])


def downgrade() -> None:
    op.drop_table("period_decision")
    op.drop_table("office_inspection")
    op.drop_table("office_rating")
    with op.batch_alter_table("progress_entry") as batch:
        batch.drop_column("denominator")
        batch.drop_column("numerator")
