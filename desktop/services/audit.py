"""The audit trail the personal-data law asks for: every change of a record, every export,
import, print, bundle and full-list view, with who did it (the signed-in account)."""

from __future__ import annotations

import getpass
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from desktop.store import Store

_signed_in: str | None = None


def set_actor(name: str | None) -> None:
    """The account signed in to this process (the window's login or a command's `--user`);
    None when the database has no accounts, so entries name the operating-system user."""
    global _signed_in
    _signed_in = name


def current_actor() -> str:
    if _signed_in:
        return _signed_in
    return _actor()


def _actor() -> str:
    try:
        return getpass.getuser()
    except (OSError, KeyError):  # no login name (some services, containers)
        return ""


def record(store: Store, action: str, detail: str) -> None:
    """Append one audit entry, chained to the one before (`desktop.services.audit_chain`), in
    its own short transaction so it survives whatever follows. The write lock is held before the
    last entry is read, so another process cannot append in between; the entry waits for an
    import or a merge holding the lock rather than be lost after the export or view it records
    has already happened."""
    from desktop.services.audit_chain import NewEntry, append

    with store.unit_of_work(patient=True) as uow:
        append(uow.connection, [NewEntry(action, detail)])
