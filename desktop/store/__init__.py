"""The store: the one way into a database, on an office's SQLite file or a province's PostgreSQL.

Names are loaded on first use: parsing `--db` (desktop.store.target) must not import SQLAlchemy,
or every command and the window's start would pay for it before they need a database.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from desktop.store.target import Target, is_url, parse_target

if TYPE_CHECKING:
    from desktop.store.handle import Store, UnitOfWork, open_store

__all__ = ["Store", "Target", "UnitOfWork", "is_url", "open_store", "parse_target", "shared"]


def __getattr__(name: str) -> Any:
    if name in {"Store", "UnitOfWork", "open_store", "shared"}:
        from desktop.store import handle

        return getattr(handle, name)
    raise AttributeError(name)
