"""Key rotation and revocation, both offline and counted in bundle sequence numbers, not dates.

Rotation: `keys rotate` makes a new key pair that waits. The next bundle is still signed by the old
key and announces the new one (valid from the following sequence); from then on bundles are signed
by the new key and keep carrying every announcement, each signed by the key it replaces, so a
province that missed the announcing bundle can still follow the chain from a key it trusts.
Revocation: the province refuses bundles numbered from N on that a given key signed.
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from desktop.errors import UserError
from desktop.models import UnitKey, utcnow
from desktop.store import Store
from desktop.sync import keystore, messages
from desktop.sync.canonical import canonical
from desktop.sync.crypto import (
    CryptoFailure,
    fingerprint_of,
    generate_key_pair,
    key_id_of,
    verify_signature,
)
from desktop.sync.fields import ANNOUNCEMENT_FIELDS
from desktop.sync.keys import KeyInfo, info, office_of, opened, own_active_row, own_row_for
from desktop.sync.keystore import Passphrase, default_passphrase
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


def rotate_keys(store: Store | Path, *, passphrase: Passphrase = default_passphrase) -> KeyInfo:
    """Make the next key pair; it is announced by the next exported bundle."""
    with opened(store) as db, db.session() as session:
        office = office_of(session, db.label)
        active = own_active_row(session, db.label)
        waiting = pending_rotation(session, active)
        if waiting is not None:
            return info(waiting)  # already waiting for the next bundle
        pair = generate_key_pair()
        storage = keystore.store(office.code, pair, passphrase)
        row = own_row_for(pair, office, storage, replaces_key_id=active.key_id)
        row.active = False
        session.add(row)
        session.flush()
        return info(row)


def pending_rotation(session: Session, active: UnitKey) -> UnitKey | None:
    return session.scalars(
        select(UnitKey).where(
            UnitKey.own.is_(True),
            UnitKey.active.is_(False),
            UnitKey.replaces_key_id == active.key_id,
            UnitKey.valid_from_sequence == 0,
        )
    ).first()


def _announcement(row: UnitKey, valid_from: int) -> dict[str, Any]:
    return {
        "unit_code": row.unit_code,
        "key_id": row.key_id,
        "sign_public": row.sign_public,
        "box_public": row.box_public,
        "replaces_key_id": row.replaces_key_id,
        "valid_from_sequence": valid_from,
    }


def announcements(
    session: Session,
    unit_code: str,
    passphrase: Passphrase,
    pending: UnitKey | None,
    sequence: int,
) -> list[dict[str, Any]]:
    """Every rotation of this office, oldest first, each signed by the key it replaces."""
    rows = list(
        session.scalars(
            select(UnitKey)
            .where(UnitKey.own.is_(True), UnitKey.replaces_key_id != "")
            .order_by(UnitKey.id)
        )
    )
    found = []
    for row in rows:
        if row.valid_from_sequence == 0 and row is not pending:
            continue
        valid_from = sequence + 1 if row is pending else row.valid_from_sequence
        body = _announcement(row, valid_from)
        old = session.scalars(select(UnitKey).where(UnitKey.key_id == row.replaces_key_id)).one()
        old_pair = keystore.load(unit_code, old.key_id, old.storage, passphrase)
        found.append({**body, "signature": old_pair.sign(canonical(body)).hex()})
    return found


def finish_rotation(session: Session, old: UnitKey, new: UnitKey, valid_from: int) -> None:
    old.active = False
    new.active = True
    new.valid_from_sequence = valid_from


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


def revoke_key(store: Store | Path, unit_code: str, key_id: str, from_sequence: int) -> KeyInfo:
    """(Province) refuse bundles numbered `from_sequence` and later signed by `key_id`."""
    if from_sequence < 1:
        raise UserError(messages.BAD_SEQUENCE.format(value=from_sequence))
    with opened(store) as db, db.session() as session:
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
