"""This installation's own identity and the settings every document is printed with."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import DateTime, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from desktop.models.base import Base, Record, utcnow


class Office(Record, Base):
    """The upper union (or province) that runs this copy; exactly one row.

    Names, number prefixes and signers of printed documents come from here, never from code.
    """

    __tablename__ = "office"

    role: Mapped[str] = mapped_column(String(16))
    kind: Mapped[str] = mapped_column(String(32))  # desktop.models.enums.OfficeKind
    # The kind's name when the province sets up a kind of its own (OfficeKind.other_upper_union).
    kind_name: Mapped[str] = mapped_column(String(200), default="", server_default="")
    code: Mapped[str] = mapped_column(String(32))
    name: Mapped[str] = mapped_column(String(200))
    short_name: Mapped[str] = mapped_column(String(60), default="")
    parent_body: Mapped[str] = mapped_column(String(200), default="")
    place_name: Mapped[str] = mapped_column(String(100), default="")
    province_code: Mapped[str] = mapped_column(String(8), default="")
    district_code: Mapped[str] = mapped_column(String(8), default="")
    doc_prefix: Mapped[str] = mapped_column(String(40), default="LĐLĐ")
    signer_name: Mapped[str] = mapped_column(String(120), default="")
    signer_title: Mapped[str] = mapped_column(String(80), default="CHỦ TỊCH")
    signer_on_behalf: Mapped[str] = mapped_column(String(80), default="TM. BAN THƯỜNG VỤ")
    recipients: Mapped[str] = mapped_column(Text, default="")


class OfficeCodeChange(Base):
    """One change of an office's code (the 2025 reform renumbers and renames offices).

    At the office: the codes it had before, which every later bundle names
    (`previous_unit_codes`) so that the province follows it. At the province: an office whose key
    registry, ledger and records moved from `old_code` to `new_code` when the bundle `bundle_id`
    merged.
    """

    __tablename__ = "office_code_change"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    old_code: Mapped[str] = mapped_column(String(32))
    new_code: Mapped[str] = mapped_column(String(32), index=True)
    unit_name: Mapped[str] = mapped_column(String(200), default="")
    changed_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)
    bundle_id: Mapped[str] = mapped_column(String(36), default="")  # '' at the office itself


class AuditEvent(Base):
    """Who looked at or carried personal data out, as the personal-data law requires."""

    __tablename__ = "audit_event"

    id: Mapped[int] = mapped_column(primary_key=True, autoincrement=True)
    at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)
    actor: Mapped[str] = mapped_column(String(120), default="")
    action: Mapped[str] = mapped_column(String(40))
    detail: Mapped[str] = mapped_column(Text, default="")
    # The record a change touched and what changed (JSON: field → [old, new]); empty for
    # events that are not a change of one record (an export, a print, an import's totals).
    record_table: Mapped[str] = mapped_column(String(40), default="")
    record_id: Mapped[str] = mapped_column(String(36), default="")
    changes: Mapped[str] = mapped_column(Text, default="")
    # Each entry's hash covers its own fields and the previous entry's hash, so removing or
    # altering an entry breaks the chain from there on (`uniondesk check` finds it).
    prev_hash: Mapped[str] = mapped_column(String(64), default="")
    entry_hash: Mapped[str] = mapped_column(String(64), default="")


class ImportMapping(Base):
    """A column header this office mapped by hand in an import, remembered for its next file.

    Local to this PC's database, never carried in bundles: it is how this office's own lists are
    laid out, not a record of the union.
    """

    __tablename__ = "import_mapping"

    kind: Mapped[str] = mapped_column(String(16), primary_key=True)
    header_key: Mapped[str] = mapped_column(String(250), primary_key=True)
    field: Mapped[str] = mapped_column(String(40))
    updated_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow, onupdate=utcnow)
