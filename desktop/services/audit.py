"""The audit trail the personal-data law asks for: every export and full-list view of members."""

from __future__ import annotations

import getpass
import sqlite3
from datetime import UTC, datetime
from pathlib import Path


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
            (datetime.now(UTC).replace(tzinfo=None).isoformat(sep=" "), _actor(), action, detail),
        )
    con.close()
