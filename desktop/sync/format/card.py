"""The public key card: what one office hands the other to be trusted.

A small UTF-8 JSON file (docs/bundle-format.md, "Key card") with the unit's code, name, role, both
public keys, and a self-signature that proves the sender holds the signing key. The fingerprint is
recomputed from the keys, never taken from the file: it is what people read to each other by phone.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path

from desktop.errors import UserError
from desktop.sync.format import messages
from desktop.sync.format.canonical import canonical
from desktop.sync.format.crypto import (
    CryptoFailure,
    KeyPair,
    fingerprint_of,
    key_id_of,
    verify_signature,
)

CARD_TYPE = "uniondesk-key-card"
CARD_VERSION = 1
MAX_CARD_BYTES = 64 * 1024


@dataclass(frozen=True)
class KeyCard:
    unit_code: str
    unit_name: str
    role: str
    sign_public: bytes
    box_public: bytes
    created_at: str = ""

    @property
    def key_id(self) -> str:
        return key_id_of(self.sign_public)

    @property
    def fingerprint(self) -> str:
        return fingerprint_of(self.sign_public, self.box_public)

    def body(self) -> dict[str, object]:
        return {
            "type": CARD_TYPE,
            "version": CARD_VERSION,
            "unit_code": self.unit_code,
            "unit_name": self.unit_name,
            "role": self.role,
            "key_id": self.key_id,
            "sign_public": self.sign_public.hex(),
            "box_public": self.box_public.hex(),
            "created_at": self.created_at,
        }


def card_bytes(card: KeyCard, pair: KeyPair) -> bytes:
    """The card file: its body, the fingerprint for people, and the body's signature."""
    body = card.body()
    document = {
        **body,
        "fingerprint": card.fingerprint,
        "signature": pair.sign(canonical(body)).hex(),
    }
    return (json.dumps(document, ensure_ascii=False, indent=2) + "\n").encode("utf-8")


def read_card(path: Path) -> KeyCard:
    """Parse and self-verify a card file; every problem is a UserError naming the file."""
    try:
        raw = path.read_bytes()
        if len(raw) > MAX_CARD_BYTES:
            raise ValueError("tệp quá lớn")
        data = json.loads(raw.decode("utf-8"))
        if not isinstance(data, dict) or data.get("type") != CARD_TYPE:
            raise ValueError("thiếu «type»: uniondesk-key-card")
        if data.get("version") != CARD_VERSION:
            raise ValueError(f"phiên bản thẻ {data.get('version')!r} chưa hỗ trợ")
        fields = ("unit_code", "unit_name", "role", "sign_public", "box_public", "signature")
        for name in fields:
            if not isinstance(data.get(name), str):
                raise ValueError(f"thiếu trường «{name}»")
        card = KeyCard(
            unit_code=data["unit_code"].strip(),
            unit_name=data["unit_name"].strip(),
            role=data["role"],
            sign_public=bytes.fromhex(data["sign_public"]),
            box_public=bytes.fromhex(data["box_public"]),
            created_at=str(data.get("created_at", "")),
        )
        signature = bytes.fromhex(data["signature"])
        if len(card.sign_public) != 32 or len(card.box_public) != 32 or not card.unit_code:
            raise ValueError("khóa công khai phải dài 32 byte")
    except (OSError, UnicodeDecodeError, ValueError) as exc:
        raise UserError(messages.CARD_UNREADABLE.format(path=path, detail=exc)) from exc
    body = {**card.body(), "created_at": card.created_at}
    try:
        verify_signature(card.sign_public, signature, canonical(body))
    except CryptoFailure as exc:
        raise UserError(messages.CARD_BAD_SIGNATURE.format(path=path, code=card.unit_code)) from exc
    return card
