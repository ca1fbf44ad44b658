"""Issuing a report: the record of what went out (issued_report) and its audit entry, together.

The Báo cáo screen and `uniondesk report` both issue through here; "Việc cần làm" asks
`was_issued`, never the audit log's text.
"""

from __future__ import annotations

import sqlite3
from contextlib import closing
from datetime import date
from pathlib import Path


def issue(
    db_path: Path,
    name: str,
    period: str,
    *,
    printed: bool,
    destination: str,
    personal_data: bool = False,
    number: str | None = None,
    issued_on: date | None = None,
) -> None:
    """Remember that report `name` of `period` was saved to a file or printed at `destination`,
    and write the audit entry (an export when it carries personal data)."""
    from desktop.models import IssuedReport
    from desktop.services.audit import current_actor, record
    from desktop.store import Store

    db = Store(db_path)
    try:
        with db.session() as session:
            session.add(
                IssuedReport(
                    report=name,
                    period=period,
                    how="printed" if printed else "saved",
                    destination=destination,
                    number=(number or "").strip(),
                    issued_on=issued_on,
                    actor=current_actor(),
                )
            )
    finally:
        db.close()
    action = "print" if printed else ("export" if personal_data else "report")
    record(db_path, action, f"{name} {period} → {destination}")


def was_issued(con: sqlite3.Connection, name: str, period: str) -> bool:
    """Whether report `name` of `period` was saved or printed here (on an open connection)."""
    found = con.execute(
        "SELECT 1 FROM issued_report WHERE report = ? AND period = ? LIMIT 1", (name, period)
    ).fetchone()
    return found is not None


def issued(db_path: Path, name: str, period: str) -> bool:
    with closing(sqlite3.connect(f"file:{db_path}?mode=ro", uri=True)) as con:
        return was_issued(con, name, period)
