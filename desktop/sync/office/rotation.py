"""Key rotation and revocation, both offline and counted in bundle sequence numbers, not dates.

Rotation: `keys rotate` makes a new key pair that waits. The next bundle is still signed by the old
key and announces the new one (valid from the following sequence); from then on bundles are signed
by the new key and keep carrying every announcement, each signed by the key it replaces, so a
province that missed the announcing bundle can still follow the chain from a key it trusts.
Revocation: the province refuses bundles numbered from N on that a given key signed.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from desktop.models import UnitKey
from desktop.store import Store
from desktop.sync import keystore
from desktop.sync.format.canonical import canonical
from desktop.sync.format.crypto import (
    generate_key_pair,
)
from desktop.sync.keys import (
    KeyInfo,
    info,
    office_of,
    own_active_row,
    own_row_for,
    pending_rotation,
)
from desktop.sync.keystore import Passphrase, default_passphrase


def rotate_keys(store: Store, *, passphrase: Passphrase = default_passphrase) -> KeyInfo:
    """Make the next key pair; it is announced by the next exported bundle."""
    with store.session() as session:
        office = office_of(session, store.label)
        active = own_active_row(session, store.label)
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
