"""The audit trail the personal-data law asks for: every export and full-list view of members."""

from __future__ import annotations

import getpass
import sqlite3
from datetime import UTC, datetime
from pathlib import Path

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
    except OSError:
        return ""


def record(db_path: Path, action: str, detail: str) -> None:
    """Append one audit row; its own tiny transaction so it survives whatever follows."""
    with sqlite3.connect(db_path) as con:
        con.execute("PRAGMA busy_timeout=5000")
        con.execute(
            "INSERT INTO audit_event (at, actor, action, detail) VALUES (?, ?, ?, ?)",
            (
                datetime.now(UTC).replace(tzinfo=None).isoformat(sep=" "),
                current_actor(),
                action,
                detail,
            ),
        )
    con.close()
