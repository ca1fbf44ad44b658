"""Counts kept to be read again: who was in each office at two days (targets 2b and 8).

A province of 300,000 members cannot rebuild every member's history each time a screen shows a
month; an office's rows change only when its bundle is merged. So the counts are kept per office
and per pair of days, with the office's version they were counted at. The database raises an
office's version itself (triggers on member, member_event and household_review, migration 0014),
whatever writes the rows, so a kept count is read only while nothing it was counted from has
changed. Neither table travels in a bundle; both are derived data any reader may rebuild.
"""

from __future__ import annotations

from sqlalchemy import Integer, String
from sqlalchemy.orm import Mapped, mapped_column

from desktop.models.base import Base

# Rebuilt by the database and its readers, never copied from another database: a copy of the rows
# raises its own versions.
DERIVED_TABLES = ("unit_version", "kept_moves")


class UnitVersion(Base):
    """How many times the member rows of one office (its code; '' this office's own) changed."""

    __tablename__ = "unit_version"

    unit_code: Mapped[str] = mapped_column(String(32), primary_key=True)
    version: Mapped[int] = mapped_column(Integer, default=0)


class KeptMoves(Base):
    """One office's members at `start_day` and at `end_day` and their households, as counted at
    `version` (desktop/programme/moves.py: Moves)."""

    __tablename__ = "kept_moves"

    unit_code: Mapped[str] = mapped_column(String(32), primary_key=True)
    start_day: Mapped[str] = mapped_column(String(10), primary_key=True)  # ISO, the day before
    end_day: Mapped[str] = mapped_column(String(10), primary_key=True)  # ISO, the window's last
    version: Mapped[int] = mapped_column(Integer)
    members_start: Mapped[int] = mapped_column(Integer)
    members_end: Mapped[int] = mapped_column(Integer)
    came: Mapped[int] = mapped_column(Integer)
    went: Mapped[int] = mapped_column(Integer)
    cohort: Mapped[int] = mapped_column(Integer)
    poor_start: Mapped[int] = mapped_column(Integer)
    poor_end: Mapped[int] = mapped_column(Integer)
    unreviewed: Mapped[int] = mapped_column(Integer)
