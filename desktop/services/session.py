"""One unit of work on an office database, for services that write through the ORM."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from typing import TYPE_CHECKING, TypeVar

from desktop.errors import UserError

if TYPE_CHECKING:
    from sqlalchemy.orm import Session

    from desktop.store import Store

T = TypeVar("T")


@contextmanager
def office_session(store: Store) -> Iterator[Session]:
    """The store's ORM unit of work (`Store.session`): commits when the block ends normally,
    rolls back on any exception. The caller opened the store once (a command's `open_db`, the
    window's `shared`); nothing is opened here."""
    with store.session() as session:
        yield session


def own_row(session: Session, model: type[T], row_id: str | None, gone: str) -> T:
    """This office's live row `row_id` of `model`, or a UserError saying `gone` (deleted
    meanwhile, or another office's row merged into a province database)."""
    row = session.get(model, row_id) if row_id else None
    if row is None or row.deleted_at is not None or row.unit_code != "":  # type: ignore[attr-defined]
        raise UserError(gone)
    return row
