"""The schema on both stores: a new database opens at the newest revision (a second open changes
nothing), soft-deleted rows never hold a key a live row needs, the audit trail is append-only."""

from __future__ import annotations

from datetime import datetime

import pytest
from sqlalchemy import text
from sqlalchemy.exc import DBAPIError, IntegrityError

from desktop.migrations import HEAD
from desktop.models import GrassrootsUnion, Office, UnionRating
from desktop.services.audit_chain import verify
from desktop.store import Store, dialect


def _office() -> Office:
    return Office(role="district", kind="district_federation", code="LDLD-THU", name="LĐLĐ huyện")


def test_a_new_database_opens_at_the_newest_revision_once(
    db_target: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    first = Store(db_target)
    with first.unit_of_work() as uow:
        uow.session.add(_office())
    first.close()

    def migrate_again(_connection: object) -> None:
        raise AssertionError("a database at the newest revision was migrated again")

    monkeypatch.setattr("desktop.store.schema.upgrade_to_head", migrate_again)
    second = Store(db_target)  # already at head: nothing is migrated again, nothing lost
    with second.reading() as con:
        assert con.execute(text("SELECT version_num FROM alembic_version")).scalar() == HEAD
        assert con.execute(text("SELECT count(*) FROM office")).scalar() == 1
        assert dialect.audit_head(con) == 1
    second.close()


def test_postgres_keeps_the_audit_head_in_one_row(pg_url: str) -> None:
    store = Store(pg_url)
    with store.unit_of_work() as uow:
        uow.session.add(_office())
    Store(pg_url).close()
    with store.reading() as con:
        assert con.execute(text("SELECT number FROM audit_head")).scalars().all() == [1]
    store.close()


def test_soft_deleted_rows_never_clash_with_the_live_one(db_target: str) -> None:
    store = Store(db_target)
    gone = datetime(2024, 5, 1, 8, 0)
    with store.session() as s:
        union = GrassrootsUnion(name="CĐCS A", name_key="cdcs a", sector="state")
        s.add(union)
        s.flush()
        for deleted_at in (gone, gone, None):
            s.add(UnionRating(union_id=union.id, year=2024, rating="good", deleted_at=deleted_at))
        union_id = union.id
    with store.reading() as con:
        assert con.execute(text("SELECT count(*) FROM union_rating")).scalar() == 3
    # A second live rating of the same union and year is still refused.
    with pytest.raises(IntegrityError), store.session() as s:
        s.add(UnionRating(union_id=union_id, year=2024, rating="weak"))
    store.close()


def test_every_unique_index_of_live_rows_is_partial_on_postgres(pg_url: str) -> None:
    store = Store(pg_url)
    with store.reading() as con:
        found = dict(
            con.execute(
                text(
                    "SELECT indexname, indexdef FROM pg_indexes WHERE schemaname = current_schema()"
                    " AND (indexname LIKE 'uq\\_%\\_live' OR indexname = 'uq_member_citizen_id_active')"
                )
            ).all()
        )
    store.close()
    assert sorted(found) == [
        "uq_member_citizen_id_active",
        "uq_narrative_live",
        "uq_office_rating_live",
        "uq_progress_entry_live",
        "uq_quota_live",
        "uq_union_rating_live",
    ]
    assert all("WHERE" in definition for definition in found.values()), found


@pytest.mark.parametrize(
    ("statement", "words"),
    [
        ("UPDATE audit_event SET detail = 'khác'", "chỉ được ghi thêm, không được sửa"),
        ("DELETE FROM audit_event", "chỉ được ghi thêm, không được xóa"),
    ],
)
def test_the_audit_trail_refuses_changes_on_both(
    db_target: str, statement: str, words: str
) -> None:
    store = Store(db_target)
    with store.unit_of_work() as uow:
        uow.session.add(_office())
    with pytest.raises(DBAPIError, match=words), store.unit_of_work() as uow:
        uow.connection.execute(text(statement))
    with store.reading() as con:
        assert con.execute(text("SELECT count(*) FROM audit_event")).scalar() == 1
    store.close()


def test_the_chain_is_whole_after_writes_on_both(db_target: str) -> None:
    store = Store(db_target)
    with store.unit_of_work() as uow:
        uow.session.add(_office())
    for number in range(3):
        with store.session() as s:
            s.add(GrassrootsUnion(name=f"CĐCS {number}", name_key=f"cdcs {number}", sector="state"))
    with store.reading() as con:
        report = verify(con)
        assert dialect.audit_head(con) == 4
    assert report.ok, report.breaks
    assert report.entries == 4
    store.close()


def test_postgres_refuses_emptying_the_trail_at_once(pg_url: str) -> None:
    store = Store(pg_url)
    with store.unit_of_work() as uow:
        uow.session.add(_office())
    refused = pytest.raises(DBAPIError, match="chỉ được ghi thêm, không được xóa")
    with refused, store.unit_of_work() as uow:
        uow.connection.execute(text("TRUNCATE audit_event"))
    with store.reading() as con:
        assert con.execute(text("SELECT count(*) FROM audit_event")).scalar() == 1
    store.close()


def test_models_and_migrations_describe_the_same_schema_on_postgres(pg_url: str) -> None:
    """As tests/integration/test_migrations.py checks on SQLite: a column type or an index the
    migrations make differently on PostgreSQL would only show on a province's server. audit_head
    is PostgreSQL's own (SQLite keeps the head in the file header), so no model has it."""
    from alembic.autogenerate import compare_metadata
    from alembic.runtime.migration import MigrationContext

    from desktop.models import Base

    def ours(_object: object, name: str | None, kind: str, _reflected: bool, _to: object) -> bool:
        return not (kind == "table" and name == "audit_head")

    store = Store(pg_url)
    with store.engine.connect() as connection:
        options = {"compare_type": True, "include_object": ours}
        context = MigrationContext.configure(connection, opts=options)
        diffs = compare_metadata(context, Base.metadata)
    store.close()
    assert diffs == []
