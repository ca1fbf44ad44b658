"""The chairs a grassroots union has had, one row per term.

The union's own columns (chair_name, chair_elected_on, …) stay the current chair that target 5
and bundles read; these rows are the office's record of every chair, the sitting one included
(ended_on empty). The union's history reads them, never the audit log's text. Office-local: not
in bundles (the province reads the current chair from the union's columns).
"""

from __future__ import annotations

from datetime import date

from sqlalchemy import Date, ForeignKey, String, false
from sqlalchemy.orm import Mapped, mapped_column

from desktop.models.base import Base, Owned, Record


class ChairTerm(Owned, Record, Base):
    __tablename__ = "chair_term"

    union_id: Mapped[str] = mapped_column(ForeignKey("grassroots_union.id"), index=True)
    chair_name: Mapped[str] = mapped_column(String(120), default="")
    elected_on: Mapped[date | None] = mapped_column(Date)
    trained_on: Mapped[date | None] = mapped_column(Date)
    reelected: Mapped[bool] = mapped_column(default=False, server_default=false())
    # The day another chair took over (or the name was cleared); empty for the sitting chair.
    ended_on: Mapped[date | None] = mapped_column(Date)
