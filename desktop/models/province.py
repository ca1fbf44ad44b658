"""What the province records itself about its offices: its ratings of them (target 6a), its
inspections of them (9a) and its decision on each office's month (accepted or returned).

None of these travel in an office's bundle; a decision travels to the office in a signed package
and is kept there too (`period_decision` rows of the office's own code), so both sides read one
record of the same decision by its id.
"""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import Date, DateTime, Index, Integer, String, Text, text
from sqlalchemy.orm import Mapped, mapped_column

from desktop.models.base import Base, Record, utcnow

GRADES = ("excellent", "good", "done", "not_done")
GOOD_GRADES = ("excellent", "good")  # «hoàn thành tốt nhiệm vụ» and above: what 6a counts
DECISIONS = ("accepted", "returned")


class OfficeRating(Record, Base):
    """The province's year-end rating of one upper-level union (one live rating per year)."""

    __tablename__ = "office_rating"
    __table_args__ = (
        Index(
            "uq_office_rating_live",
            "office_code",
            "year",
            unique=True,
            sqlite_where=text("deleted_at IS NULL"),
        ),
    )

    office_code: Mapped[str] = mapped_column(String(32))
    year: Mapped[int] = mapped_column(Integer)
    grade: Mapped[str] = mapped_column(String(16))  # one of GRADES
    note: Mapped[str] = mapped_column(Text, default="")


class OfficeInspection(Record, Base):
    """An inspection the province made of one upper-level union (finance or charter; 9a)."""

    __tablename__ = "office_inspection"

    office_code: Mapped[str] = mapped_column(String(32), index=True)
    kind: Mapped[str] = mapped_column(String(16))  # finance | charter
    inspected_on: Mapped[date] = mapped_column(Date, index=True)
    findings: Mapped[str] = mapped_column(Text, default="")


class PeriodDecision(Record, Base):
    """The province's word on one office's month: accepted, or returned with a reason.

    At the province `unit_code` is the office's code; at the office it is the office's own code.
    A later decision on the same month replaces the earlier one (the newest `decided_at` holds);
    `answered_by` is the id of the office's bundle that answered a returned month."""

    __tablename__ = "period_decision"
    __table_args__ = (Index("ix_period_decision_unit_period", "unit_code", "period"),)

    unit_code: Mapped[str] = mapped_column(String(32))
    period: Mapped[str] = mapped_column(String(7))
    decision: Mapped[str] = mapped_column(String(16))  # one of DECISIONS
    reason: Mapped[str] = mapped_column(Text, default="")
    decided_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)
    actor: Mapped[str] = mapped_column(String(120), default="")
    package_id: Mapped[str] = mapped_column(String(64), default="")  # the package that carried it
    answered_by: Mapped[str] = mapped_column(String(64), default="")
