"""One unit of work on an office database, for services that write through the ORM."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, TypeVar

from desktop.errors import UserError

if TYPE_CHECKING:
    from sqlalchemy.orm import Session

    from desktop.store import Store

T = TypeVar("T")


@contextmanager
def office_session(db: Store | Path | str) -> Iterator[Session]:
    """A session on the database: the store's own (`Store.session`), or, for callers still
    holding a path (a file, or a postgresql:// URL), a store opened for this one unit of work
    and closed after it. Commits when the block ends normally, rolls back on any exception.
    SQLAlchemy is imported only here, when a write really happens (see CONTRIBUTING.md on the
    start-up path)."""
    from desktop.store import Store

    if isinstance(db, Store):
        with db.session() as session:
            yield session
        return
    opened = Store(db)
    try:
        with opened.session() as session:
            yield session
    finally:
        opened.close()


def own_row(session: Session, model: type[T], row_id: str | None, gone: str) -> T:
    """This office's live row `row_id` of `model`, or a UserError saying `gone` (deleted
    meanwhile, or another office's row merged into a province database)."""
    row = session.get(model, row_id) if row_id else None
    if row is None or row.deleted_at is not None or row.unit_code != "":  # type: ignore[attr-defined]
        raise UserError(gone)
    return row
