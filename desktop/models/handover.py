"""(Province) the closed chains: an office that handed its whole register to its successor.

One row per signed handover notice taken (docs/bundle-format.md §12). After it, a bundle of the
closed office numbered past its last one is refused naming the successor, and the successor's
bundles may carry the closed office's records (they came with its register).
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import DateTime, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from desktop.models.base import Base, utcnow


class Handover(Base):
    __tablename__ = "handover"

    id: Mapped[int] = mapped_column(primary_key=True, autoincrement=True)
    from_code: Mapped[str] = mapped_column(String(32), unique=True)  # a chain closes once
    from_name: Mapped[str] = mapped_column(String(200), default="")
    to_code: Mapped[str] = mapped_column(String(32), index=True)
    to_name: Mapped[str] = mapped_column(String(200), default="")
    handed_over_on: Mapped[str] = mapped_column(String(10))  # YYYY-MM-DD, the source's own day
    last_sequence: Mapped[int] = mapped_column(Integer)
    last_manifest_sha256: Mapped[str] = mapped_column(String(64), default="")
    notice_sequence: Mapped[int] = mapped_column(Integer)
    notice_bundle_id: Mapped[str] = mapped_column(String(36), unique=True)
    notice_manifest_sha256: Mapped[str] = mapped_column(String(64))
    unions_json: Mapped[str] = mapped_column(Text, default="[]")  # [{"id", "name"}, …]
    file_name: Mapped[str] = mapped_column(String(260), default="")
    received_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)
