"""Keys a bundle teaches the province: announcements of a rotated key, checked and taken, and
revocations. Both sides read announcements (verify checks them), so they sit under either side."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from sqlalchemy import select

from desktop.errors import UserError
from desktop.models import UnitKey, utcnow
from desktop.store import Store
from desktop.sync.format import messages
from desktop.sync.format.canonical import canonical
from desktop.sync.format.crypto import CryptoFailure, fingerprint_of, key_id_of, verify_signature
from desktop.sync.format.fields import ANNOUNCEMENT_FIELDS
from desktop.sync.keys import KeyInfo, info
from desktop.sync.ledger import run, stamp

# What an announcement says of the new key, as unit_key's columns name it.
ANNOUNCED_COLUMNS = (
    "key_id",
    "unit_code",
    "sign_public",
    "box_public",
    "valid_from_sequence",
    "replaces_key_id",
)


def check_announcement(entry: Any, signer_public: bytes) -> dict[str, Any] | None:
    """The announcement's fields if `entry` is well formed and signed by `signer_public`."""
    try:
        body = {name: entry[name] for name in ANNOUNCEMENT_FIELDS}
        if key_id_of(bytes.fromhex(body["sign_public"])) != body["key_id"]:
            return None
        if (
            type(body["valid_from_sequence"]) is not int
            or len(bytes.fromhex(body["box_public"])) != 32
        ):
            return None
        verify_signature(signer_public, bytes.fromhex(entry["signature"]), canonical(body))
    except (KeyError, TypeError, ValueError, CryptoFailure):
        return None
    return body


def revoke_key(store: Store, unit_code: str, key_id: str, from_sequence: int) -> KeyInfo:
    """(Province) refuse bundles numbered `from_sequence` and later signed by `key_id`."""
    if from_sequence < 1:
        raise UserError(messages.BAD_SEQUENCE.format(value=from_sequence))
    with store.session() as session:
        row = session.scalars(
            select(UnitKey).where(
                UnitKey.key_id == key_id, UnitKey.unit_code == unit_code, UnitKey.own.is_(False)
            )
        ).first()
        if row is None:
            raise UserError(messages.UNKNOWN_UNIT_KEY.format(key_id=key_id, code=unit_code))
        current = row.revoked_from_sequence
        row.revoked_from_sequence = (
            from_sequence if current is None else min(current, from_sequence)
        )
        session.flush()
        return info(row)


def register_announced_keys(
    con: Any, new_keys: Iterable[dict[str, Any]], unit_name: str, role: str
) -> None:
    """(Province, inside the merge's transaction) keys a bundle announced become the unit's;
    each replaced key ends where its heir starts."""
    for body in new_keys:
        known = run(con, "SELECT 1 FROM unit_key WHERE key_id = :key_id", body).fetchone()
        if known is None:
            run(
                con,
                "INSERT INTO unit_key (key_id, unit_code, unit_name, role, own, sign_public, "
                "box_public, fingerprint, storage, active, valid_from_sequence, "
                "revoked_from_sequence, replaces_key_id, added_at) "
                "VALUES (:key_id, :unit_code, :unit_name, :role, FALSE, :sign_public, "
                ":box_public, :fingerprint, '', TRUE, :valid_from_sequence, NULL, "
                ":replaces_key_id, :added_at)",
                {
                    **{name: body[name] for name in ANNOUNCED_COLUMNS},
                    "unit_name": unit_name,
                    "role": role,
                    "fingerprint": fingerprint_of(
                        bytes.fromhex(body["sign_public"]), bytes.fromhex(body["box_public"])
                    ),
                    "added_at": stamp(utcnow()),
                },
            )
        else:
            # A card registered ahead of its announcement learns what it replaces and from when:
            # packages are then sealed to both generations (packages.package_recipients).
            run(
                con,
                "UPDATE unit_key SET replaces_key_id = :replaces_key_id, "
                "valid_from_sequence = :valid_from_sequence WHERE key_id = :key_id "
                "AND own = FALSE AND replaces_key_id = '' AND valid_from_sequence = 0",
                {name: body[name] for name in ANNOUNCED_COLUMNS},
            )
        run(
            con,
            "UPDATE unit_key SET revoked_from_sequence = :valid_from_sequence "
            "WHERE key_id = :replaces_key_id AND own = FALSE "
            "AND (revoked_from_sequence IS NULL OR revoked_from_sequence > :valid_from_sequence)",
            {name: body[name] for name in ("valid_from_sequence", "replaces_key_id")},
        )
