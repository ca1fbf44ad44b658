"""A passphrase-protected copy of the office's private keys, so a reinstalled PC keeps its identity.

The province registered this office's key by its fingerprint; a new key after a reinstall would mean
calling the province again. The backup holds every key generation of the office (old ones still
open old packages), encrypted with scrypt + AES-GCM under a passphrase of at least 8 characters.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from sqlalchemy import select

from desktop.errors import UserError
from desktop.models import UnitKey
from desktop.store import Store
from desktop.sync import keystore
from desktop.sync.format import messages
from desktop.sync.format.canonical import canonical
from desktop.sync.format.crypto import (
    CryptoFailure,
    KeyPair,
    lock_with_passphrase,
    unlock_with_passphrase,
)
from desktop.sync.keys import KeyInfo, info, office_of, own_row_for
from desktop.sync.keystore import (
    Passphrase,
    checked_new_passphrase,
    default_passphrase,
    write_private,
)

BACKUP_FORMAT = "uniondesk-key-backup"
MAX_BACKUP_BYTES = 1024 * 1024


@dataclass(frozen=True)
class KeyBackupInfo:
    path: str
    unit_code: str
    keys: tuple[str, ...]  # key ids, oldest first
    active_key_id: str


def backup_keys(
    store: Store, out: Path, *, passphrase: Passphrase = default_passphrase
) -> KeyBackupInfo:
    if out.exists():
        raise UserError(messages.BACKUP_EXISTS.format(path=out))
    with store.session() as session:
        office = office_of(session, store.label)
        rows = list(
            session.scalars(select(UnitKey).where(UnitKey.own.is_(True)).order_by(UnitKey.id))
        )
        if not rows:
            raise UserError(messages.NO_OWN_KEY.format(code=office.code, path=store.label))
        code, role, name = office.code, office.role, office.name
        keys = [(info(r), r.replaces_key_id, r.valid_from_sequence) for r in rows]
    entries = []
    for key, replaces, valid_from in keys:
        pair = keystore.load(code, key.key_id, key.storage, passphrase)
        entries.append(
            {
                "key_id": key.key_id,
                "sign_private": pair.sign_private.hex(),
                "box_private": pair.box_private.hex(),
                "active": key.active,
                "replaces_key_id": replaces,
                "valid_from_sequence": valid_from,
            }
        )
    header = {"format": BACKUP_FORMAT, "version": 1, "unit_code": code, "unit_name": name}
    secret = checked_new_passphrase(passphrase, "cho bản sao khóa")
    payload = json.dumps({"role": role, "keys": entries}).encode("utf-8")
    document = {**header, **lock_with_passphrase(secret, payload, canonical(header))}
    out.parent.mkdir(parents=True, exist_ok=True)
    write_private(out, json.dumps(document, ensure_ascii=False, indent=1).encode("utf-8"))
    active = next((k.key_id for k, _, _ in keys if k.active), keys[-1][0].key_id)
    return KeyBackupInfo(str(out), code, tuple(k.key_id for k, _, _ in keys), active)


def _read_backup(path: Path, passphrase: Passphrase) -> tuple[dict[str, str], list[dict[str, Any]]]:
    try:
        raw = path.read_bytes()
        if len(raw) > MAX_BACKUP_BYTES:
            raise ValueError("too large")
        document = json.loads(raw.decode("utf-8"))
        if not isinstance(document, dict) or document.get("format") != BACKUP_FORMAT:
            raise ValueError("not a key backup")
        header = {k: document[k] for k in ("format", "version", "unit_code", "unit_name")}
    except (OSError, ValueError, KeyError, UnicodeDecodeError) as exc:
        raise UserError(messages.BACKUP_UNREADABLE.format(path=path)) from exc
    secret = passphrase("của bản sao khóa", False)
    try:
        plain = unlock_with_passphrase(secret, document, canonical(header))
    except CryptoFailure as exc:
        raise UserError(messages.BACKUP_WRONG_PASSPHRASE.format(path=path)) from exc
    try:
        entries = json.loads(plain)["keys"]
        for entry in entries:
            pair = KeyPair(
                bytes.fromhex(entry["sign_private"]), bytes.fromhex(entry["box_private"])
            )
            if pair.key_id != entry["key_id"]:
                raise ValueError("key id")
    except (ValueError, KeyError, TypeError) as exc:
        raise UserError(messages.BACKUP_UNREADABLE.format(path=path)) from exc
    return header, entries


def restore_keys(
    store: Store, backup_file: Path, *, passphrase: Passphrase = default_passphrase
) -> tuple[KeyInfo, ...]:
    """Put the backed-up keys back on this machine and make the backup's active key the office's.

    A key the office made since (for example by `init` on the reinstalled PC) stays recorded but
    inactive: the province only knows the old one.
    """
    header, entries = _read_backup(backup_file, passphrase)
    with store.session() as session:
        office = office_of(session, store.label)
        if header["unit_code"] != office.code:
            raise UserError(
                messages.BACKUP_OTHER_UNIT.format(
                    path=backup_file, found=header["unit_code"], code=office.code
                )
            )
        restored_ids = {e["key_id"] for e in entries}
        for row in session.scalars(select(UnitKey).where(UnitKey.own.is_(True))):
            if row.key_id not in restored_ids:
                row.active = False
        restored = []
        for entry in entries:
            pair = KeyPair(
                bytes.fromhex(entry["sign_private"]), bytes.fromhex(entry["box_private"])
            )
            storage = keystore.store(office.code, pair, passphrase)
            found = session.scalars(select(UnitKey).where(UnitKey.key_id == pair.key_id)).first()
            if found is not None:
                row = found
            else:
                row = own_row_for(
                    pair,
                    office,
                    storage,
                    replaces_key_id=entry.get("replaces_key_id", ""),
                    valid_from_sequence=int(entry.get("valid_from_sequence", 0)),
                )
                session.add(row)
            row.storage, row.active = storage, bool(entry["active"])
            session.flush()
            restored.append(info(row))
        return tuple(restored)
