"""kept counts: each office's members at two days, kept for a province's figures

- unit_version: how many times each office's member rows changed; the database raises it itself
  (triggers on member, member_event and household_review), whatever program or command writes.
- kept_moves: an office's members at two days and their households (targets 2b and 8) as counted
  at its version; read again only while the version is the same (desktop/programme/moves.py).
- member(unit_code, party_introduced_on) and member(unit_code, smartca_installed_on): a
  province's 4 and 11 of a month read each office's few dated rows, not its whole register.

SQLite's triggers are per row; PostgreSQL's are per statement over its transition tables, so a
merge of thousands of rows raises each office's version once per statement.

Revision ID: 0014_kept_counts
Revises: 0013_province
Create Date: 2026-12-04 10:40:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0014_kept_counts"
down_revision = "0013_province"
branch_labels = None
depends_on = None

WATCHED = ("member", "member_event", "household_review")

_RAISE = (
    "INSERT INTO unit_version (unit_code, version) VALUES ({row}.unit_code, 1) "
    "ON CONFLICT (unit_code) DO UPDATE SET version = unit_version.version + 1;"
)


def _sqlite_triggers(table: str) -> list[str]:
    return [
        f"CREATE TRIGGER {table}_version_insert AFTER INSERT ON {table} "
        f"BEGIN {_RAISE.format(row='NEW')} END",
        f"CREATE TRIGGER {table}_version_update AFTER UPDATE ON {table} "
        f"BEGIN {_RAISE.format(row='NEW')} END",
        # Rows moved to another office's code (a code change) change the office they left too.
        f"CREATE TRIGGER {table}_version_move AFTER UPDATE ON {table} "
        f"WHEN OLD.unit_code <> NEW.unit_code BEGIN {_RAISE.format(row='OLD')} END",
        f"CREATE TRIGGER {table}_version_delete AFTER DELETE ON {table} "
        f"BEGIN {_RAISE.format(row='OLD')} END",
    ]


# One function per shape of transition table: the rows a statement wrote (or removed), and an
# update's rows before and after (a code change moves rows from one office to another).
_PG_FUNCTIONS = (
    "CREATE FUNCTION unit_version_raise() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN "
    "INSERT INTO unit_version (unit_code, version) "
    "SELECT DISTINCT unit_code, 1 FROM changed_rows "
    "ON CONFLICT (unit_code) DO UPDATE SET version = unit_version.version + 1; "
    "RETURN NULL; END $$",
    "CREATE FUNCTION unit_version_raise_update() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN "
    "INSERT INTO unit_version (unit_code, version) "
    "SELECT unit_code, 1 FROM (SELECT unit_code FROM old_rows "
    "UNION SELECT unit_code FROM changed_rows) codes "
    "ON CONFLICT (unit_code) DO UPDATE SET version = unit_version.version + 1; "
    "RETURN NULL; END $$",
    "CREATE FUNCTION unit_version_raise_all() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN "
    "UPDATE unit_version SET version = version + 1; RETURN NULL; END $$",
)


def _pg_triggers(table: str) -> list[str]:
    each = "FOR EACH STATEMENT EXECUTE FUNCTION"
    return [
        f"CREATE TRIGGER {table}_version_insert AFTER INSERT ON {table} "
        f"REFERENCING NEW TABLE AS changed_rows {each} unit_version_raise()",
        f"CREATE TRIGGER {table}_version_update AFTER UPDATE ON {table} "
        f"REFERENCING OLD TABLE AS old_rows NEW TABLE AS changed_rows "
        f"{each} unit_version_raise_update()",
        f"CREATE TRIGGER {table}_version_delete AFTER DELETE ON {table} "
        f"REFERENCING OLD TABLE AS changed_rows {each} unit_version_raise()",
        f"CREATE TRIGGER {table}_version_truncate AFTER TRUNCATE ON {table} "
        f"{each} unit_version_raise_all()",
    ]


def upgrade() -> None:
    op.create_table(
        "unit_version",
        sa.Column("unit_code", sa.String(length=32), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("unit_code", name=op.f("pk_unit_version")),
    )
    op.create_table(
        "kept_moves",
        sa.Column("unit_code", sa.String(length=32), nullable=False),
        sa.Column("start_day", sa.String(length=10), nullable=False),
        sa.Column("end_day", sa.String(length=10), nullable=False),
        *(
            sa.Column(name, sa.Integer(), nullable=False)
            for name in (
                "version",
                "members_start",
                "members_end",
                "came",
                "went",
                "cohort",
                "poor_start",
                "poor_end",
                "unreviewed",
            )
        ),
        sa.PrimaryKeyConstraint("unit_code", "start_day", "end_day", name=op.f("pk_kept_moves")),
    )
    op.create_index("ix_member_unit_party", "member", ["unit_code", "party_introduced_on"])
    op.create_index("ix_member_unit_smartca", "member", ["unit_code", "smartca_installed_on"])
    if op.get_bind().dialect.name == "postgresql":
        for statement in _PG_FUNCTIONS:
            op.execute(statement)
        statements = [s for table in WATCHED for s in _pg_triggers(table)]
    else:
        statements = [s for table in WATCHED for s in _sqlite_triggers(table)]
    for statement in statements:
        op.execute(statement)


def downgrade() -> None:
    postgres = op.get_bind().dialect.name == "postgresql"
    for table in WATCHED:
        for operation in ("insert", "update", "move", "delete", "truncate"):
            on = f" ON {table}" if postgres else ""
            op.execute(f"DROP TRIGGER IF EXISTS {table}_version_{operation}{on}")
    if postgres:
        for name in ("unit_version_raise", "unit_version_raise_update", "unit_version_raise_all"):
            op.execute(f"DROP FUNCTION IF EXISTS {name}()")
    op.drop_index("ix_member_unit_smartca", table_name="member")
    op.drop_index("ix_member_unit_party", table_name="member")
    op.drop_table("kept_moves")
    op.drop_table("unit_version")
