"""chair_term: every chair a grassroots union has had, kept as records instead of read from audit text

Filled from what an earlier release kept: the audit log's entries of a chair replaced («CĐCS ID:
thay chủ tịch NAME (bầu ngày DD/MM/YYYY) bằng NEW», its election date or «chưa ghi»), each an
ended term that ended on the entry's day, and each own union's current chair (its name, dates and
re-election) as the sitting term. The union's history then shows the same chairs as before.

Revision ID: 0011_chair_history
Revises: 0010_issued_reports
Create Date: 2026-12-03 22:20:00
"""

from __future__ import annotations

import re
import uuid
from datetime import UTC, date, datetime

import sqlalchemy as sa
from alembic import op

revision = "0011_chair_history"
down_revision = "0010_issued_reports"
branch_labels = None
depends_on = None

# The audit text earlier releases wrote, written out here: a migration must not change when the
# services do.
CHANGE = re.compile(
    r"^CĐCS (?P<union>[^:]+): thay chủ tịch (?P<name>.+) "
    r"\(bầu ngày (?P<on>\d\d/\d\d/\d{4}|chưa ghi)\) bằng .+$"
)
INSERT = sa.text(
    "INSERT INTO chair_term (id, created_at, updated_at, deleted_at, unit_code, union_id, "
    "chair_name, elected_on, trained_on, reelected, ended_on) VALUES (:id, :created_at, "
    ":created_at, NULL, :unit_code, :union_id, :chair_name, :elected_on, :trained_on, "
    ":reelected, :ended_on)"
)


def _day(text: str) -> date | None:
    return date(int(text[6:]), int(text[3:5]), int(text[:2])) if text[0].isdigit() else None


def upgrade() -> None:
    op.create_table(
        "chair_term",
        sa.Column("union_id", sa.String(length=36), nullable=False),
        sa.Column("chair_name", sa.String(length=120), nullable=False),
        sa.Column("elected_on", sa.Date(), nullable=True),
        sa.Column("trained_on", sa.Date(), nullable=True),
        sa.Column("reelected", sa.Boolean(), server_default=sa.false(), nullable=False),
        sa.Column("ended_on", sa.Date(), nullable=True),
        sa.Column("id", sa.String(length=36), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
        sa.Column("deleted_at", sa.DateTime(), nullable=True),
        sa.Column("unit_code", sa.String(length=32), server_default="", nullable=False),
        sa.ForeignKeyConstraint(
            ["union_id"],
            ["grassroots_union.id"],
            name=op.f("fk_chair_term_union_id_grassroots_union"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_chair_term")),
    )
    op.create_index(op.f("ix_chair_term_union_id"), "chair_term", ["union_id"], unique=False)
    op.create_index(op.f("ix_chair_term_unit_code"), "chair_term", ["unit_code"], unique=False)
    bind = op.get_bind()
    unions = {
        r[0]: r[1:]
        for r in bind.execute(
            sa.text(
                "SELECT id, unit_code, chair_name, chair_elected_on, chair_trained_on, "
                "chair_reelected FROM grassroots_union"
            )
        )
    }
    rows = []
    found = bind.execute(
        sa.text(
            "SELECT at, detail FROM audit_event WHERE action = 'edit' "
            "AND detail LIKE 'CĐCS %: thay chủ tịch %' ORDER BY id"
        )
    )
    for at, detail in found:
        match = CHANGE.match(detail or "")
        if match is None or match["union"] not in unions:
            continue
        rows.append(
            {
                "id": str(uuid.uuid4()),
                "created_at": str(at),  # the change's own time keeps the order of the changes
                "unit_code": unions[match["union"]][0],
                "union_id": match["union"],
                "chair_name": match["name"],
                "elected_on": _day(match["on"]),
                "trained_on": None,
                "reelected": False,
                "ended_on": date.fromisoformat(str(at)[:10]),
            }
        )
    now = datetime.now(UTC).replace(tzinfo=None)
    for union_id, (unit_code, name, elected, trained, reelected) in unions.items():
        if name or elected or trained:
            rows.append(
                {
                    "id": str(uuid.uuid4()),
                    "created_at": now,
                    "unit_code": unit_code,
                    "union_id": union_id,
                    "chair_name": name,
                    "elected_on": elected,
                    "trained_on": trained,
                    "reelected": bool(reelected),
                    "ended_on": None,
                }
            )
    if rows:
        bind.execute(INSERT, rows)


def downgrade() -> None:
    op.drop_index(op.f("ix_chair_term_unit_code"), table_name="chair_term")
    op.drop_index(op.f("ix_chair_term_union_id"), table_name="chair_term")
    op.drop_table("chair_term")
