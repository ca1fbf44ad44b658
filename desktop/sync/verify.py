"""Every check of DESIGN.md on one received file, in its fixed order, storing nothing.

1 size caps, 2 container shape, 3 decryption (envelope.py); 4 the manifest, its signature by a
registered key (or a key announced by one), 5 that key belongs to the sender and is not revoked,
6 the recipient is this office, 7 every part's hash, 8 schema and records (records.py); the ledger
(ledger.py) comes last and only for unit-state bundles at the province.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from desktop.errors import UserError
from desktop.models import UnitKey
from desktop.sync import keystore
from desktop.sync.format import messages
from desktop.sync.format.crypto import CryptoFailure, KeyPair, verify_signature
from desktop.sync.format.envelope import Opened, open_bundle
from desktop.sync.format.errors import BundleRefused
from desktop.sync.format.manifest import (
    SUMMARY_PART,
    UNIT_STATE,
    Manifest,
    check_part_hashes,
    open_inner,
)
from desktop.sync.format.records import Rows, check_schema, validate_records
from desktop.sync.format.summary import check_summary
from desktop.sync.key_chain import check_announcement
from desktop.sync.keystore import Passphrase


@dataclass(frozen=True)
class Authenticated:
    """A file whose sender is proven: its manifest, parts, and keys it announced."""

    file: str
    manifest: Manifest
    parts: dict[str, bytes]
    signer_key_id: str
    new_keys: tuple[dict[str, Any], ...] = field(default=())  # announcements to register


@dataclass(frozen=True)
class Verified:
    authenticated: Authenticated
    rows: Rows  # unit-state bundles only

    @property
    def manifest(self) -> Manifest:
        return self.authenticated.manifest


def own_pairs(session: Session, passphrase: Passphrase) -> dict[str, KeyPair]:
    """Every key generation of this office that can still open what was sealed to it."""
    rows = session.scalars(select(UnitKey).where(UnitKey.own.is_(True)).order_by(UnitKey.id.desc()))
    pairs = {}
    for row in rows:
        try:
            pairs[row.key_id] = keystore.load(row.unit_code, row.key_id, row.storage, passphrase)
        except UserError:
            if row.active:
                raise  # an old generation lost with a reinstall only matters for old files
    return pairs


def read_file(path: Path) -> bytes:
    from desktop.sync.format.envelope import MAX_FILE_BYTES

    try:
        size = path.stat().st_size
        if size > MAX_FILE_BYTES:
            raise BundleRefused(
                messages.FILE_TOO_LARGE.format(file=path.name, size=size, cap=MAX_FILE_BYTES),
                "size",
            )
        return path.read_bytes()
    except OSError as exc:
        raise BundleRefused(messages.FILE_MISSING.format(file=path), "size") from exc


def _signer(
    session: Session, manifest: Manifest, file: str
) -> tuple[UnitKey | None, dict[str, Any] | None]:
    """The registered key that signed, or the announcement (chained from one) that names it."""
    key_id = manifest.signing_key_id
    row = session.scalars(
        select(UnitKey).where(UnitKey.key_id == key_id, UnitKey.own.is_(False))
    ).first()
    if row is not None:
        return row, None
    known = {
        r.key_id: bytes.fromhex(r.sign_public)
        for r in session.scalars(
            select(UnitKey).where(
                UnitKey.unit_code.in_(manifest.sender_codes),  # a code changed: the old one's
                UnitKey.own.is_(False),
                UnitKey.revoked_from_sequence.is_(None),
            )
        )
    }
    chain: dict[str, dict[str, Any]] = {}
    entries = [e for e in manifest.key_announcements if isinstance(e, dict)][:16]
    changed = True
    while changed:
        changed = False
        for entry in entries:
            old, new = str(entry.get("replaces_key_id")), str(entry.get("key_id"))
            if old in known and new not in known:
                body = check_announcement(entry, known[old])
                if body is not None and body["unit_code"] == manifest.unit_code:
                    known[new] = bytes.fromhex(body["sign_public"])
                    chain[new] = body
                    changed = True
    return None, chain.get(key_id)


def authenticate(
    session: Session,
    data: bytes,
    file: str,
    pairs: dict[str, KeyPair],
    *,
    office_code: str,
    expect_province: bool,
) -> Authenticated:
    """Checks 1-7: everything but the records and the ledger."""
    opened = open_bundle(data, file, pairs)
    manifest, signature, parts = open_inner(opened.inner, file)
    row, announced = _signer(session, manifest, file)
    if row is None and announced is None:
        raise BundleRefused(
            messages.UNKNOWN_KEY.format(
                file=file, key_id=manifest.signing_key_id, unit=manifest.unit_code
            ),
            "unknown_key",
        )
    public = bytes.fromhex(row.sign_public if row is not None else announced["sign_public"])  # type: ignore[index]
    try:
        verify_signature(public, signature, manifest.raw)
    except CryptoFailure as exc:
        raise BundleRefused(messages.BAD_SIGNATURE.format(file=file), "signature") from exc
    if row is not None:
        _check_key(row, manifest, file, expect_province)
    elif manifest.sequence < announced["valid_from_sequence"]:  # type: ignore[index]
        raise BundleRefused(
            messages.KEY_NOT_YET_VALID.format(
                file=file,
                sequence=manifest.sequence,
                key_id=manifest.signing_key_id,
                valid=announced["valid_from_sequence"],  # type: ignore[index]
            ),
            "revoked",
        )
    _check_recipient(manifest, opened, file, office_code)
    check_part_hashes(manifest, parts, file)
    new_keys = tuple(
        body
        for entry in manifest.key_announcements
        if isinstance(entry, dict)
        for body in [_known_announcement(session, entry, manifest)]
        if body is not None
    )
    return Authenticated(file, manifest, parts, manifest.signing_key_id, new_keys)


def _check_recipient(manifest: Manifest, opened: Opened, file: str, office_code: str) -> None:
    """Check 6: the manifest names this office, and the keys it says it is sealed to are the
    envelope's recipients, the one that opened it among them."""
    if manifest.addressee["code"] != office_code:
        raise BundleRefused(
            messages.WRONG_RECIPIENT.format(
                file=file, found=manifest.addressee["code"], ours=office_code
            ),
            "recipient",
        )
    listed = tuple(manifest.recipient_key_ids)
    if opened.key_id not in listed or listed != opened.sealed_to:
        raise BundleRefused(
            messages.RECIPIENT_KEYS_DIFFER.format(
                file=file,
                listed=", ".join(listed),
                sealed=", ".join(opened.sealed_to),
                opened=opened.key_id,
            ),
            "recipient",
        )


def _known_announcement(
    session: Session, entry: dict[str, Any], manifest: Manifest
) -> dict[str, Any] | None:
    """An announcement to register at merge: signed by a key of the sender that we hold or learn."""
    old = session.scalars(
        select(UnitKey).where(
            UnitKey.key_id == entry.get("replaces_key_id"), UnitKey.own.is_(False)
        )
    ).first()
    signer = bytes.fromhex(old.sign_public) if old is not None else None
    if signer is None:
        for other in manifest.key_announcements:
            if isinstance(other, dict) and other.get("key_id") == entry.get("replaces_key_id"):
                try:
                    signer = bytes.fromhex(other["sign_public"])
                except (KeyError, TypeError, ValueError):
                    signer = None
    if signer is None:
        return None
    body = check_announcement(entry, signer)
    if body is None or body["unit_code"] not in manifest.sender_codes:
        return None
    return body


def _check_key(row: UnitKey, manifest: Manifest, file: str, expect_province: bool) -> None:
    # A unit whose code changed signs with the key registered under its old code.
    codes = manifest.sender_codes if not expect_province else (manifest.unit_code,)
    if row.unit_code not in codes or (row.role == "province") != expect_province:
        raise BundleRefused(
            messages.KEY_OTHER_UNIT.format(file=file, unit=manifest.unit_code, owner=row.unit_code),
            "key_unit",
        )
    revoked = row.revoked_from_sequence
    if revoked is not None and manifest.sequence >= revoked:
        raise BundleRefused(
            messages.KEY_REVOKED.format(
                file=file,
                sequence=manifest.sequence,
                key_id=row.key_id,
                revoked=revoked,
                unit=manifest.unit_code,
            ),
            "revoked",
        )
    if manifest.sequence < row.valid_from_sequence:
        raise BundleRefused(
            messages.KEY_NOT_YET_VALID.format(
                file=file,
                sequence=manifest.sequence,
                key_id=row.key_id,
                valid=row.valid_from_sequence,
            ),
            "revoked",
        )
    if not row.active and expect_province:
        raise BundleRefused(messages.KEY_INACTIVE.format(file=file, key_id=row.key_id), "revoked")


def validate_unit_state(authenticated: Authenticated) -> Verified:
    manifest, file = authenticated.manifest, authenticated.file
    if manifest.bundle_type != UNIT_STATE:
        raise BundleRefused(
            messages.WRONG_BUNDLE_TYPE.format(
                file=file, found=manifest.bundle_type, expected="gói dữ liệu tháng"
            ),
            "records",
        )
    check_schema(manifest, file)
    check_summary(authenticated.parts[SUMMARY_PART], file)
    rows = validate_records(manifest, authenticated.parts, file)
    return Verified(authenticated, rows)
