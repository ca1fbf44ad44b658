"""Issuing a report: the record of what went out (issued_report) and its audit entry, together.

The Báo cáo screen and `uniondesk report` both issue through here; "Việc cần làm" asks
`was_issued`, never the audit log's text.
"""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING

from sqlalchemy import Connection, text

if TYPE_CHECKING:
    from desktop.store import Store


def issue(
    store: Store,
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
    and write the audit entry (an export when it carries personal data): one unit of work."""
    from desktop.models import IssuedReport
    from desktop.services.audit import current_actor
    from desktop.services.audit_chain import NewEntry, append

    action = "print" if printed else ("export" if personal_data else "report")
    with store.unit_of_work() as uow:
        uow.session.add(
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
        uow.session.flush()
        append(uow.connection, [NewEntry(action, f"{name} {period} → {destination}")])


def was_issued(con: Connection, name: str, period: str) -> bool:
    """Whether report `name` of `period` was saved or printed here (on an open connection)."""
    found = con.execute(
        text("SELECT 1 FROM issued_report WHERE report = :name AND period = :period LIMIT 1"),
        {"name": name, "period": period},
    ).first()
    return found is not None


def issued(store: Store, name: str, period: str) -> bool:

    with store.reading() as con:
        return was_issued(con, name, period)
