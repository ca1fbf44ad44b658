"""The documents this office issued: which report, for which period, with which number, where to.

"Việc cần làm" reads whether the month's report went out from here, never from the audit log's
text; the audit log keeps its own entry of each issue, to show the trail.
"""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import Date, DateTime, Index, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from desktop.models.base import Base, utcnow


class IssuedReport(Base):
    """One report saved to a file or sent to a printer (local to this office; not in bundles)."""

    __tablename__ = "issued_report"
    __table_args__ = (Index("ix_issued_report_report_period", "report", "period"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    report: Mapped[str] = mapped_column(String(40))  # its name: monthly-progress, member-list, …
    period: Mapped[str] = mapped_column(String(10))  # 2024-06, or 2024 for a year's review
    how: Mapped[str] = mapped_column(String(8))  # saved | printed
    destination: Mapped[str] = mapped_column(Text, default="")  # the file, or the printer
    number: Mapped[str] = mapped_column(String(20), default="")  # as printed after «Số:»
    issued_on: Mapped[date | None] = mapped_column(Date)  # the date the document bears
    issued_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)
    actor: Mapped[str] = mapped_column(String(120), default="")
