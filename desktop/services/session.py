"""One unit of work on an office database, for services that write through the ORM."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, TypeVar

from desktop.errors import UserError

if TYPE_CHECKING:
    from sqlalchemy.orm import Session

T = TypeVar("T")


@contextmanager
def office_session(db_path: Path) -> Iterator[Session]:
    """A session on the file at `db_path`: commits when the block ends normally, rolls back on
    any exception, and disposes of the engine either way. SQLAlchemy is imported only here, when
    a write really happens (see CONTRIBUTING.md on the start-up path)."""
    from desktop.store import Store

    db = Store(db_path)
    try:
        with db.session() as session:
            yield session
    finally:
        db.close()


def own_row(session: Session, model: type[T], row_id: str | None, gone: str) -> T:
    """This office's live row `row_id` of `model`, or a UserError saying `gone` (deleted
    meanwhile, or another office's row merged into a province database)."""
    row = session.get(model, row_id) if row_id else None
    if row is None or row.deleted_at is not None or row.unit_code != "":  # type: ignore[attr-defined]
        raise UserError(gone)
    return row
