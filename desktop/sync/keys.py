"""Keys of this office and of the units it trusts: create, export the card, trust a card, show.

Services take the open store (an office's file or a province's PostgreSQL database) and return
frozen dataclasses; private halves go through keystore, keyed by unit code and key id, never by
where the database lives, so a province's server and an office's file keep keys alike.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from sqlalchemy import select
from sqlalchemy.orm import Session

from desktop.errors import UserError
from desktop.models import Office, UnitKey
from desktop.store import Store
from desktop.sync import keystore
from desktop.sync.format import messages
from desktop.sync.format.card import KeyCard, card_bytes, read_card
from desktop.sync.format.crypto import KeyPair, generate_key_pair
from desktop.sync.keystore import Passphrase, default_passphrase


@dataclass(frozen=True)
class KeyInfo:
    unit_code: str
    unit_name: str
    role: str
    key_id: str
    fingerprint: str
    own: bool
    active: bool
    storage: str
    valid_from_sequence: int
    revoked_from_sequence: int | None


@dataclass(frozen=True)
class KeysOverview:
    office_code: str
    office_role: str
    own: tuple[KeyInfo, ...]
    trusted: tuple[KeyInfo, ...]


@dataclass(frozen=True)
class TrustResult:
    key: KeyInfo
    already: bool  # the same key was trusted before: nothing changed
    replaced: tuple[
        str, ...
    ]  # key ids no longer used for this unit (a district's old province key)


def info(row: UnitKey) -> KeyInfo:
    return KeyInfo(
        row.unit_code,
        row.unit_name,
        row.role,
        row.key_id,
        row.fingerprint,
        row.own,
        row.active,
        row.storage,
        row.valid_from_sequence,
        row.revoked_from_sequence,
    )


def office_of(session: Session, label: str | Path) -> Office:
    """The office this database belongs to; `label` names the database in the refusal."""
    office = session.scalars(select(Office).where(Office.deleted_at.is_(None))).first()
    if office is None:
        raise UserError(messages.NO_OFFICE.format(path=label))
    return office


def own_active_row(session: Session, label: str | Path) -> UnitKey:
    office = office_of(session, label)
    row = session.scalars(
        select(UnitKey).where(UnitKey.own.is_(True), UnitKey.active.is_(True))
    ).first()
    if row is None:
        raise UserError(messages.NO_OWN_KEY.format(code=office.code, path=label))
    return row


def stamp() -> str:
    return datetime.now(UTC).replace(microsecond=0).isoformat().replace("+00:00", "Z")


def card_of(row: UnitKey) -> KeyCard:
    return KeyCard(
        row.unit_code,
        row.unit_name,
        row.role,
        bytes.fromhex(row.sign_public),
        bytes.fromhex(row.box_public),
        row.added_at.replace(microsecond=0).isoformat() + "Z",
    )


def own_row_for(pair: KeyPair, office: Office, storage: str, **extra: object) -> UnitKey:
    return UnitKey(
        key_id=pair.key_id,
        unit_code=office.code,
        unit_name=office.name,
        role=office.role,
        own=True,
        sign_public=pair.sign_public.hex(),
        box_public=pair.box_public.hex(),
        fingerprint=KeyCard(office.code, "", "", pair.sign_public, pair.box_public).fingerprint,
        storage=storage,
        active=True,
        **extra,
    )


def create_office_keys(store: Store, *, passphrase: Passphrase = default_passphrase) -> KeyInfo:
    """Give the office its signing and encryption keys (called by `uniondesk init`).

    Refuses when the office already has an active key: a second key would silently orphan the
    first one that the province registered.
    """
    with store.session() as session:
        office = office_of(session, store.label)
        existing = session.scalars(
            select(UnitKey).where(UnitKey.own.is_(True), UnitKey.active.is_(True))
        ).first()
        if existing is not None:
            raise UserError(
                messages.KEYS_EXIST.format(
                    code=office.code, key_id=existing.key_id, fingerprint=existing.fingerprint
                )
            )
        pair = generate_key_pair()
        storage = keystore.store(office.code, pair, passphrase)
        row = own_row_for(pair, office, storage)
        session.add(row)
        session.flush()
        return info(row)


def load_own_pair(
    store: Store, *, passphrase: Passphrase = default_passphrase
) -> tuple[KeyInfo, KeyPair]:
    """This office's active key and its private halves (may ask for the key file passphrase)."""
    with store.session() as session:
        row = own_active_row(session, store.label)
        key = info(row)
    return key, keystore.load(key.unit_code, key.key_id, key.storage, passphrase)


def export_card(
    store: Store,
    out: Path,
    *,
    passphrase: Passphrase = default_passphrase,
    pending: bool = False,
) -> KeyInfo:
    """Write this office's public key card to `out` (self-signed, so it needs the private key).

    With `pending`, the card of the key `keys rotate` made that no bundle has announced yet: the
    card to read to the other side before the switch (a province hands its new card to its
    offices this way).
    """
    with store.session() as session:
        row = own_active_row(session, store.label)
        if pending:
            waiting = pending_rotation(session, row)
            if waiting is None:
                raise UserError(messages.NO_PENDING_KEY.format(code=row.unit_code))
            row = waiting
        key, card = info(row), card_of(row)
    pair = keystore.load(key.unit_code, key.key_id, key.storage, passphrase)
    out.parent.mkdir(parents=True, exist_ok=True)
    partial = out.with_name(out.name + ".partial")
    try:
        partial.write_bytes(card_bytes(card, pair))
        partial.replace(out)
    finally:
        partial.unlink(missing_ok=True)  # a full disk leaves no half-written card behind
    return key


def _normalise(fingerprint: str) -> str:
    return "".join(ch for ch in fingerprint if ch.isdigit())


def trust_card(store: Store, card_path: Path, *, fingerprint: str | None = None) -> TrustResult:
    """District: trust the province's card. Province: register an upper union's card.

    With `fingerprint` (as read over the phone) the card must match it digit for digit.
    """
    card = read_card(card_path)
    if fingerprint is not None and _normalise(fingerprint) != _normalise(card.fingerprint):
        raise UserError(
            messages.CARD_FINGERPRINT_MISMATCH.format(
                path=card_path, found=card.fingerprint, expected=fingerprint, code=card.unit_code
            )
        )
    with store.session() as session:
        return _trust(session, store.label, card, card_path)


def _trust(session: Session, label: str, card: KeyCard, card_path: Path) -> TrustResult:
    office = office_of(session, label)
    if card.unit_code == office.code:
        raise UserError(messages.CARD_IS_OWN.format(path=card_path, code=office.code))
    if office.role == "province" and card.role == "province":
        raise UserError(
            messages.CARD_WRONG_ROLE_PROVINCE.format(path=card_path, code=card.unit_code)
        )
    if office.role != "province" and card.role != "province":
        raise UserError(
            messages.CARD_WRONG_ROLE_DISTRICT.format(
                path=card_path, code=card.unit_code, role=card.role
            )
        )
    existing = session.scalars(select(UnitKey).where(UnitKey.key_id == card.key_id)).first()
    if existing is not None:
        if existing.unit_code != card.unit_code or existing.own:
            raise UserError(
                messages.CARD_KEY_TAKEN.format(
                    key_id=card.key_id,
                    path=card_path,
                    other=existing.unit_code,
                    code=card.unit_code,
                )
            )
        existing.unit_name = card.unit_name
        existing.active = True
        return TrustResult(info(existing), True, ())
    replaced: list[str] = []
    if office.role != "province":
        # A district answers to one province key at a time: the new card replaces the old one.
        for old in session.scalars(
            select(UnitKey).where(UnitKey.own.is_(False), UnitKey.active.is_(True))
        ):
            old.active = False
            replaced.append(old.key_id)
    row = UnitKey(
        key_id=card.key_id,
        unit_code=card.unit_code,
        unit_name=card.unit_name,
        role=card.role,
        own=False,
        sign_public=card.sign_public.hex(),
        box_public=card.box_public.hex(),
        fingerprint=card.fingerprint,
        storage="",
        active=True,
    )
    session.add(row)
    session.flush()
    return TrustResult(info(row), False, tuple(replaced))


def show_keys(store: Store) -> KeysOverview:
    with store.session() as session:
        office = office_of(session, store.label)
        rows = session.scalars(select(UnitKey).order_by(UnitKey.unit_code, UnitKey.id)).all()
        earlier = _earlier_codes(session)
        return KeysOverview(
            office.code,
            office.role,
            tuple(info(r) for r in rows if r.own),
            tuple(_with_earlier(info(r), earlier) for r in rows if not r.own),
        )


def _earlier_codes(session: Session) -> dict[str, list[str]]:
    """(Province) new code → the codes that office had before (desktop/sync/province/code_change.py)."""
    from desktop.models.office import OfficeCodeChange

    found: dict[str, list[str]] = {}
    moves = session.scalars(
        select(OfficeCodeChange)
        .where(OfficeCodeChange.bundle_id != "")
        .order_by(OfficeCodeChange.id)
    )
    for move in moves:
        found.setdefault(move.new_code, [])
        for old in [*found.get(move.old_code, []), move.old_code]:
            if old != move.new_code and old not in found[move.new_code]:
                found[move.new_code].append(old)
    return found


def _with_earlier(key: KeyInfo, earlier: dict[str, list[str]]) -> KeyInfo:
    """A registered office whose code changed is named with its old code(s) too."""
    codes = earlier.get(key.unit_code)
    if not codes:
        return key
    from dataclasses import replace

    return replace(key, unit_name=f"{key.unit_name} (trước đây: {', '.join(codes)})")


def trusted_keys(session: Session, unit_code: str | None = None) -> list[UnitKey]:
    query = select(UnitKey).where(UnitKey.own.is_(False))
    if unit_code is not None:
        query = query.where(UnitKey.unit_code == unit_code)
    return list(session.scalars(query.order_by(UnitKey.id)))


def pending_rotation(session: Session, active: UnitKey) -> UnitKey | None:
    return session.scalars(
        select(UnitKey).where(
            UnitKey.own.is_(True),
            UnitKey.active.is_(False),
            UnitKey.replaces_key_id == active.key_id,
            UnitKey.valid_from_sequence == 0,
        )
    ).first()
