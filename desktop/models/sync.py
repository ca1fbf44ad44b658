"""What the bundle exchange remembers: keys, the province's ledger, sent bundles and packages.

Private keys are never here: only public halves, fingerprints and where the private half is kept.
Records merged from an upper union keep their own UUIDs; the `unit_code` column that migration
0002_sync adds to every synchronised table says whose they are ('' = this office's own).
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import Boolean, DateTime, Index, Integer, LargeBinary, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from desktop.models.base import Base, utcnow


class UnitKey(Base):
    """One key pair (Ed25519 signing + X25519 encryption) of this office or of a unit it trusts.

    A district trusts its province's card; the province registers every district's card. Rotation
    adds a row whose `valid_from_sequence` is the first bundle it may sign; revocation sets
    `revoked_from_sequence` (bundles numbered from there on are refused).
    """

    __tablename__ = "unit_key"

    id: Mapped[int] = mapped_column(primary_key=True, autoincrement=True)
    key_id: Mapped[str] = mapped_column(String(32), unique=True)
    unit_code: Mapped[str] = mapped_column(String(32), index=True)
    unit_name: Mapped[str] = mapped_column(String(200), default="")
    role: Mapped[str] = mapped_column(String(16))
    own: Mapped[bool] = mapped_column(Boolean, default=False)
    sign_public: Mapped[str] = mapped_column(String(64))  # hex of the raw 32 bytes
    box_public: Mapped[str] = mapped_column(String(64))
    fingerprint: Mapped[str] = mapped_column(String(40))
    storage: Mapped[str] = mapped_column(String(16), default="")  # own keys: keyring | file
    active: Mapped[bool] = mapped_column(Boolean, default=True)
    valid_from_sequence: Mapped[int] = mapped_column(Integer, default=0)
    revoked_from_sequence: Mapped[int | None] = mapped_column(Integer, default=None)
    replaces_key_id: Mapped[str] = mapped_column(String(32), default="")
    added_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)


class BundleLedger(Base):
    """(Province) one row per bundle received from an upper union and authenticated.

    `verdict` is merged, fork (same sequence, other content: flagged for a person to look at),
    rollback or refused; the merged rows are the chain the next bundle of that unit is checked
    against. A province's decision on a fork is a row of its own: resolved_keep (the province
    keeps what it merged, the office continues from it) or resolved_take (the office's new branch
    replaces it); desktop/sync/province/forks.py.
    """

    __tablename__ = "bundle_ledger"
    __table_args__ = (Index("ix_bundle_ledger_unit_sequence", "unit_code", "sequence"),)

    id: Mapped[int] = mapped_column(primary_key=True, autoincrement=True)
    bundle_id: Mapped[str] = mapped_column(String(36))
    unit_code: Mapped[str] = mapped_column(String(32))
    sequence: Mapped[int] = mapped_column(Integer)
    period: Mapped[str] = mapped_column(String(7))
    manifest_sha256: Mapped[str] = mapped_column(String(64), index=True)
    previous_manifest_sha256: Mapped[str] = mapped_column(String(64), default="")
    signing_key_id: Mapped[str] = mapped_column(String(32))
    verdict: Mapped[str] = mapped_column(String(16))
    reason: Mapped[str] = mapped_column(Text, default="")
    gaps: Mapped[str] = mapped_column(Text, default="")
    record_counts: Mapped[str] = mapped_column(Text, default="{}")  # JSON {table: count}
    summary: Mapped[str] = mapped_column(Text, default="{}")  # JSON, the sender's change summary
    file_name: Mapped[str] = mapped_column(String(260), default="")
    created_at: Mapped[str] = mapped_column(String(40), default="")  # the sender's clock, advisory
    received_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)
    merged_at: Mapped[datetime | None] = mapped_column(DateTime, default=None)


class SentBundle(Base):
    """(Upper union) every bundle this office exported, and what the province said about it."""

    __tablename__ = "sent_bundle"

    id: Mapped[int] = mapped_column(primary_key=True, autoincrement=True)
    bundle_id: Mapped[str] = mapped_column(String(36), unique=True)
    sequence: Mapped[int] = mapped_column(Integer, unique=True)
    period: Mapped[str] = mapped_column(String(7))
    manifest_sha256: Mapped[str] = mapped_column(String(64))
    signing_key_id: Mapped[str] = mapped_column(String(32))
    file_name: Mapped[str] = mapped_column(String(260), default="")
    record_counts: Mapped[str] = mapped_column(Text, default="{}")
    created_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)
    state: Mapped[str] = mapped_column(String(16), default="sent")  # sent | received | returned
    reason: Mapped[str] = mapped_column(Text, default="")
    state_at: Mapped[datetime | None] = mapped_column(DateTime, default=None)
    summary: Mapped[str] = mapped_column(Text, default="{}")  # JSON: the summary.json it carried
    # What the bundle held, row by row (desktop/sync/format/summary.py): the next bundle's summary is
    # counted against it. Kept for the latest export only.
    sent_rows: Mapped[bytes | None] = mapped_column(LargeBinary, default=None)


class HeldBundle(Base):
    """(Upper union) a bundle of this office that the province's receipts name but this PC never
    exported or no longer remembers: one sent before an older backup was restored.

    `chain_base` marks the province's last merged bundle when it is one of these: the next export
    continues the chain from it (and takes a sequence after every one the province has seen).
    """

    __tablename__ = "held_bundle"

    id: Mapped[int] = mapped_column(primary_key=True, autoincrement=True)
    bundle_id: Mapped[str] = mapped_column(String(36), unique=True)
    sequence: Mapped[int] = mapped_column(Integer)
    period: Mapped[str] = mapped_column(String(7))
    manifest_sha256: Mapped[str] = mapped_column(String(64))
    state: Mapped[str] = mapped_column(String(16))  # received | returned
    reason: Mapped[str] = mapped_column(Text, default="")
    chain_base: Mapped[bool] = mapped_column(Boolean, default=False)
    learned_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)


class AcceptedPackage(Base):
    """(Upper union) the highest package sequence accepted from the province, per package type."""

    __tablename__ = "accepted_package"

    package_type: Mapped[str] = mapped_column(String(16), primary_key=True)
    sequence: Mapped[int] = mapped_column(Integer)
    bundle_id: Mapped[str] = mapped_column(String(36))
    manifest_sha256: Mapped[str] = mapped_column(String(64))
    period: Mapped[str] = mapped_column(String(7), default="")
    accepted_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)


class SentPackage(Base):
    """(Province) every package sent to an upper union; sequences count per unit and type."""

    __tablename__ = "sent_package"
    __table_args__ = (
        Index(
            "uq_sent_package_unit_type_sequence",
            "unit_code",
            "package_type",
            "sequence",
            unique=True,
        ),
    )

    id: Mapped[int] = mapped_column(primary_key=True, autoincrement=True)
    bundle_id: Mapped[str] = mapped_column(String(36), unique=True)
    unit_code: Mapped[str] = mapped_column(String(32))
    package_type: Mapped[str] = mapped_column(String(16))
    sequence: Mapped[int] = mapped_column(Integer)
    period: Mapped[str] = mapped_column(String(7), default="")
    manifest_sha256: Mapped[str] = mapped_column(String(64))
    file_name: Mapped[str] = mapped_column(String(260), default="")
    created_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)
