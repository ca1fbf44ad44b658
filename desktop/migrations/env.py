"""Alembic environment: always given a live connection by desktop.migrations.upgrade_to_head."""

from __future__ import annotations

from alembic import context
from sqlalchemy import Connection, create_engine

from desktop.models import Base

config = context.config
target_metadata = Base.metadata


def run() -> None:
    connection = config.attributes.get("connection")
    if connection is None:
        url = config.get_main_option("sqlalchemy.url") or "sqlite:///:memory:"
        engine = create_engine(url)
        with engine.begin() as connection:
            _run_with(connection)
        return
    _run_with(connection)


def _run_with(connection: Connection) -> None:
    context.configure(
        connection=connection,
        target_metadata=target_metadata,
        render_as_batch=True,
        compare_type=True,
    )
    with context.begin_transaction():
        context.run_migrations()


run()
