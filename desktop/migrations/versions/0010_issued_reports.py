"""issued_report: the reports this office issued, kept as records instead of read from audit text

Filled from the audit log's entries of issued reports («monthly-progress 2024-06 → FILE», action
report, export or print), so "Việc cần làm" still knows the months already reported. Their number
and date were not recorded: left empty.

Revision ID: 0010_issued_reports
Revises: 0009_handover
Create Date: 2026-12-03 19:20:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0010_issued_reports"
down_revision = "0009_handover"
branch_labels = None
depends_on = None

# Written out rather than read from the catalogue: a migration must not change when it does.
REPORTS = (
    "monthly-progress",
    "member-movement",
    "member-list",
    "union-list",
    "mid-year-review",
    "year-end-review",
)
HOW = {"report": "saved", "export": "saved", "print": "printed"}


def upgrade() -> None:
    op.create_table(
        "issued_report",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("report", sa.String(length=40), nullable=False),
        sa.Column("period", sa.String(length=10), nullable=False),
        sa.Column("how", sa.String(length=8), nullable=False),
        sa.Column("destination", sa.Text(), nullable=False),
        sa.Column("number", sa.String(length=20), nullable=False),
        sa.Column("issued_on", sa.Date(), nullable=True),
        sa.Column("issued_at", sa.DateTime(), nullable=False),
        sa.Column("actor", sa.String(length=120), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_issued_report")),
    )
    op.create_index("ix_issued_report_report_period", "issued_report", ["report", "period"])
    rows = []
    bind = op.get_bind()
    found = bind.execute(
        sa.text(
            "SELECT action, detail, at, actor FROM audit_event "
            "WHERE action IN ('report', 'export', 'print') ORDER BY id"
        )
    )
    for action, detail, at, actor in found:
        head, arrow, destination = (detail or "").partition(" → ")
        report, _, period = head.partition(" ")
        if report in REPORTS and period and arrow:
            rows.append(
                {
                    "report": report,
                    "period": period,
                    "how": HOW[action],
                    "destination": destination,
                    "number": "",
                    "issued_on": None,
                    "issued_at": at,
                    "actor": actor or "",
                }
            )
    if rows:  # the audit's own stored time, as it is (plain SQL: no type conversion)
        bind.execute(
            sa.text(
                "INSERT INTO issued_report (report, period, how, destination, number, issued_on, "
                "issued_at, actor) VALUES (:report, :period, :how, :destination, :number, "
                ":issued_on, :issued_at, :actor)"
            ),
            rows,
        )


def downgrade() -> None:
    op.drop_index("ix_issued_report_report_period", table_name="issued_report")
    op.drop_table("issued_report")
