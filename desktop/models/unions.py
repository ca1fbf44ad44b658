"""Grassroots unions, their yearly ratings, and the enterprises that have no union yet."""

from __future__ import annotations

from datetime import date

from sqlalchemy import Date, ForeignKey, Index, Integer, String, Text, false, text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from desktop.models.base import Base, Owned, Record


class GrassrootsUnion(Owned, Record, Base):
    __tablename__ = "grassroots_union"

    name: Mapped[str] = mapped_column(String(250))
    name_key: Mapped[str] = mapped_column(String(250), default="", index=True)
    sector: Mapped[str] = mapped_column(String(16))
    kind: Mapped[str] = mapped_column(String(16), default="workplace")
    employer_type: Mapped[str] = mapped_column(String(24), default="agency")
    commune_code: Mapped[str] = mapped_column(String(8), default="", index=True)
    address: Mapped[str] = mapped_column(String(250), default="")
    phone: Mapped[str] = mapped_column(String(40), default="")
    workforce_total: Mapped[int] = mapped_column(Integer, default=0)
    workforce_women: Mapped[int] = mapped_column(Integer, default=0)
    founded_on: Mapped[date | None] = mapped_column(Date)
    dissolved_on: Mapped[date | None] = mapped_column(Date)
    dissolved_reason: Mapped[str] = mapped_column(String(250), default="")
    chair_name: Mapped[str] = mapped_column(String(120), default="")
    chair_elected_on: Mapped[date | None] = mapped_column(Date)
    chair_trained_on: Mapped[date | None] = mapped_column(Date)
    # The current chair was re-elected: target 5 counts newly elected chairs only.
    chair_reelected: Mapped[bool] = mapped_column(default=False, server_default=false())
    note: Mapped[str] = mapped_column(Text, default="")

    ratings: Mapped[list[UnionRating]] = relationship(back_populates="union")


class UnionRating(Owned, Record, Base):
    """The yearly rating (xếp loại) of one grassroots union; target 6 counts good or better."""

    __tablename__ = "union_rating"
    __table_args__ = (
        Index(
            "uq_union_rating_live",
            "union_id",
            "year",
            unique=True,
            sqlite_where=text("deleted_at IS NULL"),
            postgresql_where=text("deleted_at IS NULL"),
        ),
    )

    union_id: Mapped[str] = mapped_column(ForeignKey("grassroots_union.id"), index=True)
    year: Mapped[int] = mapped_column(Integer)
    rating: Mapped[str] = mapped_column(String(16))
    rated_on: Mapped[date | None] = mapped_column(Date)

    union: Mapped[GrassrootsUnion] = relationship(back_populates="ratings")


class Enterprise(Owned, Record, Base):
    """An employer with no grassroots union yet (a prospect); ≥ 25 workers come first (target 3)."""

    __tablename__ = "enterprise"

    name: Mapped[str] = mapped_column(String(250))
    employer_type: Mapped[str] = mapped_column(String(24), default="private_enterprise")
    commune_code: Mapped[str] = mapped_column(String(8), default="")
    address: Mapped[str] = mapped_column(String(250), default="")
    workforce_total: Mapped[int] = mapped_column(Integer, default=0)
    workforce_women: Mapped[int] = mapped_column(Integer, default=0)
    status: Mapped[str] = mapped_column(String(16), default="identified")
    status_on: Mapped[date | None] = mapped_column(Date)
    union_id: Mapped[str | None] = mapped_column(ForeignKey("grassroots_union.id"))
    note: Mapped[str] = mapped_column(Text, default="")
