"""What the office does: activities, inspections and complaints."""

from __future__ import annotations

from datetime import date

from sqlalchemy import Column, Date, ForeignKey, Integer, String, Table, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from desktop.models.base import Base, Owned, Record
from desktop.models.unions import GrassrootsUnion

activity_union = Table(
    "activity_union",
    Base.metadata,
    Column("activity_id", ForeignKey("activity.id"), primary_key=True),
    Column("union_id", ForeignKey("grassroots_union.id"), primary_key=True),
    Column("unit_code", String(32), nullable=False, default="", server_default="", index=True),
)


class Activity(Owned, Record, Base):
    """Something done under a task area on a date, with participants and money (in đồng)."""

    __tablename__ = "activity"

    task_area: Mapped[int] = mapped_column(Integer, index=True)
    kind: Mapped[str] = mapped_column(String(24), index=True)
    subkind: Mapped[str] = mapped_column(String(60), default="")
    title: Mapped[str] = mapped_column(String(300))
    held_on: Mapped[date] = mapped_column(Date, index=True)
    participants: Mapped[int] = mapped_column(Integer, default=0)
    participants_women: Mapped[int] = mapped_column(Integer, default=0)
    amount: Mapped[int] = mapped_column(Integer, default=0)
    # Houses built or repaired (kind "house"); NULL on records made before it was asked.
    houses: Mapped[int | None] = mapped_column(Integer)
    beneficiary_member_id: Mapped[str | None] = mapped_column(ForeignKey("member.id"))
    note: Mapped[str] = mapped_column(Text, default="")

    unions: Mapped[list[GrassrootsUnion]] = relationship(secondary=activity_union)


class Inspection(Owned, Record, Base):
    """A financial inspection or a charter supervision (target 9)."""

    __tablename__ = "inspection"

    kind: Mapped[str] = mapped_column(String(16))
    scope: Mapped[str] = mapped_column(String(16), default="grassroots")
    union_id: Mapped[str | None] = mapped_column(ForeignKey("grassroots_union.id"), index=True)
    inspected_on: Mapped[date] = mapped_column(Date, index=True)
    findings: Mapped[str] = mapped_column(Text, default="")


class Complaint(Owned, Record, Base):
    """A complaint or denunciation received; target 9 asks that all within authority be resolved."""

    __tablename__ = "complaint"

    received_on: Mapped[date] = mapped_column(Date, index=True)
    resolved_on: Mapped[date | None] = mapped_column(Date)
    subject: Mapped[str] = mapped_column(String(300))
    union_id: Mapped[str | None] = mapped_column(ForeignKey("grassroots_union.id"))
    within_authority: Mapped[bool] = mapped_column(default=True)
    outcome: Mapped[str] = mapped_column(Text, default="")
