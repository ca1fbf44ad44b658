"""Members, the dated events that move them, and the yearly review of their household status."""

from __future__ import annotations

from datetime import date

from sqlalchemy import Date, ForeignKey, Index, String, Text, text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from desktop.models.base import Base, Owned, Record
from desktop.models.unions import GrassrootsUnion


class Member(Owned, Record, Base):
    """A union member; belongs to one grassroots union at a time.

    `status` and `union_id` are the current state; `MemberEvent` rows are the dated history from which
    any month's movement is computed.
    """

    __tablename__ = "member"
    __table_args__ = (
        # A citizen ID identifies one living membership; former members may reappear later.
        Index(
            "uq_member_citizen_id_active",
            "unit_code",
            "citizen_id",
            unique=True,
            sqlite_where=text("status = 'active' AND deleted_at IS NULL AND citizen_id <> ''"),
            postgresql_where=text("status = 'active' AND deleted_at IS NULL AND citizen_id <> ''"),
        ),
        Index("ix_member_union_status", "union_id", "status"),
        Index("ix_member_sort_key", "sort_key"),
        # A province's 4 and 11 of a month: each office's few dated rows, not its whole register.
        Index("ix_member_unit_party", "unit_code", "party_introduced_on"),
        Index("ix_member_unit_smartca", "unit_code", "smartca_installed_on"),
    )

    union_id: Mapped[str] = mapped_column(ForeignKey("grassroots_union.id"))
    full_name: Mapped[str] = mapped_column(String(120))
    name_key: Mapped[str] = mapped_column(String(120), default="")
    sort_key: Mapped[str] = mapped_column(String(400), default="")
    gender: Mapped[str] = mapped_column(String(8))
    birth_date: Mapped[date | None] = mapped_column(Date)
    citizen_id: Mapped[str] = mapped_column(String(12), default="", index=True)
    card_number: Mapped[str] = mapped_column(String(20), default="", index=True)
    phone: Mapped[str] = mapped_column(String(20), default="")
    ethnicity: Mapped[str] = mapped_column(String(40), default="Kinh")
    job_title: Mapped[str] = mapped_column(String(120), default="")
    joined_on: Mapped[date | None] = mapped_column(Date)
    status: Mapped[str] = mapped_column(String(16), default="active")
    household_status: Mapped[str | None] = mapped_column(String(16))
    party_introduced_on: Mapped[date | None] = mapped_column(Date)
    smartca_installed_on: Mapped[date | None] = mapped_column(Date)
    note: Mapped[str] = mapped_column(Text, default="")

    union: Mapped[GrassrootsUnion] = relationship()
    events: Mapped[list[MemberEvent]] = relationship(
        back_populates="member", order_by="MemberEvent.event_date"
    )


class MemberEvent(Owned, Record, Base):
    """One dated movement of a member: admitted, transferred in / out / within, left, re-admitted."""

    __tablename__ = "member_event"
    __table_args__ = (Index("ix_member_event_kind_date", "kind", "event_date"),)

    member_id: Mapped[str] = mapped_column(ForeignKey("member.id"), index=True)
    kind: Mapped[str] = mapped_column(String(20))
    event_date: Mapped[date] = mapped_column(Date)
    from_union_id: Mapped[str | None] = mapped_column(ForeignKey("grassroots_union.id"))
    to_union_id: Mapped[str | None] = mapped_column(ForeignKey("grassroots_union.id"))
    reason: Mapped[str] = mapped_column(String(250), default="")

    member: Mapped[Member] = relationship(back_populates="events")


class HouseholdReview(Owned, Record, Base):
    """A member's household status as found by one yearly poverty review (target 8)."""

    __tablename__ = "household_review"
    __table_args__ = (Index("ix_household_review_member_date", "member_id", "reviewed_on"),)

    member_id: Mapped[str] = mapped_column(ForeignKey("member.id"))
    reviewed_on: Mapped[date] = mapped_column(Date)
    status: Mapped[str] = mapped_column(String(16))
