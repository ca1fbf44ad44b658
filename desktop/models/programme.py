"""The province's yearly work programme: targets, task areas, quotas and entered progress."""

from __future__ import annotations

from sqlalchemy import Float, ForeignKey, Index, Integer, String, Text, text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from desktop.models.base import Base, Owned, Record


class Programme(Record, Base):
    __tablename__ = "programme"

    year: Mapped[int] = mapped_column(Integer, unique=True)
    number: Mapped[str] = mapped_column(String(60), default="")
    title: Mapped[str] = mapped_column(String(300))
    theme: Mapped[str] = mapped_column(Text, default="")
    source_sha256: Mapped[str] = mapped_column(String(64), default="")

    targets: Mapped[list[Target]] = relationship(
        back_populates="programme", order_by="Target.position"
    )
    task_areas: Mapped[list[TaskArea]] = relationship(
        back_populates="programme", order_by="TaskArea.number"
    )


class Target(Record, Base):
    __tablename__ = "target"
    __table_args__ = (Index("uq_target_programme_code", "programme_id", "code", unique=True),)

    programme_id: Mapped[str] = mapped_column(ForeignKey("programme.id"))
    code: Mapped[str] = mapped_column(String(8))
    position: Mapped[int] = mapped_column(Integer, default=0)
    name: Mapped[str] = mapped_column(Text)
    unit: Mapped[str] = mapped_column(String(8))
    method: Mapped[str] = mapped_column(String(10))
    scope: Mapped[str] = mapped_column(String(16))
    metric: Mapped[str] = mapped_column(String(40), default="")
    province_value: Mapped[str] = mapped_column(String(40), default="")
    value_min: Mapped[float | None] = mapped_column(Float)
    value_max: Mapped[float | None] = mapped_column(Float)
    # linear | level | year_end: where the office should be at a date of the year
    pacing: Mapped[str] = mapped_column(String(10), default="", server_default="")
    # The parameters of `metric` from the catalogue of measures (JSON); empty for a named measure.
    measure: Mapped[str] = mapped_column(Text, default="", server_default="")

    programme: Mapped[Programme] = relationship(back_populates="targets")


class TaskArea(Record, Base):
    __tablename__ = "task_area"
    __table_args__ = (
        Index("uq_task_area_programme_number", "programme_id", "number", unique=True),
    )

    programme_id: Mapped[str] = mapped_column(ForeignKey("programme.id"))
    number: Mapped[int] = mapped_column(Integer)
    title: Mapped[str] = mapped_column(Text)
    points: Mapped[str] = mapped_column(Text, default="")

    programme: Mapped[Programme] = relationship(back_populates="task_areas")


class Quota(Record, Base):
    """The share of one target assigned to one upper union (by its code), from the allocation letter."""

    __tablename__ = "quota"
    __table_args__ = (
        Index(
            "uq_quota_live",
            "target_id",
            "unit_code",
            unique=True,
            sqlite_where=text("deleted_at IS NULL"),
        ),
    )

    target_id: Mapped[str] = mapped_column(ForeignKey("target.id"))
    unit_code: Mapped[str] = mapped_column(String(32))
    value: Mapped[float] = mapped_column(Float)


class ProgressEntry(Record, Base):
    """A hand-entered value of a target for one month (targets whose method is `entered`)."""

    __tablename__ = "progress_entry"
    __table_args__ = (
        Index(
            "uq_progress_entry_live",
            "target_id",
            "unit_code",
            "period",
            unique=True,
            sqlite_where=text("deleted_at IS NULL"),
        ),
    )

    target_id: Mapped[str] = mapped_column(ForeignKey("target.id"))
    unit_code: Mapped[str] = mapped_column(String(32))
    period: Mapped[str] = mapped_column(String(7))
    value: Mapped[float] = mapped_column(Float)
    note: Mapped[str] = mapped_column(Text, default="")
    # A percentage target's two counts (people reached, people in scope): `value` is then their
    # quotient, and a province adds counts up instead of averaging percentages. Both empty: a
    # percentage entered by hand without its counts (older entries), shown as such.
    numerator: Mapped[float | None] = mapped_column(Float, default=None)
    denominator: Mapped[float | None] = mapped_column(Float, default=None)


class Narrative(Owned, Record, Base):
    """The office's monthly account of one task area, printed in the monthly report."""

    __tablename__ = "narrative"
    __table_args__ = (
        Index(
            "uq_narrative_live",
            "unit_code",
            "task_area_id",
            "period",
            unique=True,
            sqlite_where=text("deleted_at IS NULL"),
        ),
    )

    task_area_id: Mapped[str] = mapped_column(ForeignKey("task_area.id"))
    period: Mapped[str] = mapped_column(String(7))
    text: Mapped[str] = mapped_column(Text, default="")
