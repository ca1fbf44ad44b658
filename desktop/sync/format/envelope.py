"""The outer layer of a bundle file: a canonical ZIP holding a clear envelope and the ciphertext.

envelope.json says who can open the payload (a content key wrapped to each recipient's X25519 key);
payload.bin is the inner ZIP under AES-256-GCM, with the envelope's exact bytes as associated data,
so changing either member is caught. docs/bundle-format.md, "Outer container".
"""

from __future__ import annotations

import json
import os
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

from desktop.sync.format import messages
from desktop.sync.format.canonical import canonical
from desktop.sync.format.container import OUTER_CAPS, read_zip, write_zip
from desktop.sync.format.crypto import (
    CryptoFailure,
    KeyPair,
    WrappedKey,
    open_sealed,
    seal,
    unwrap_content_key,
    wrap_content_key,
)
from desktop.sync.format.errors import BundleRefused
from desktop.sync.format.fields import fields_problem, hex_problem

FORMAT = "uniondesk-bundle"
FORMAT_VERSION = 1
ENVELOPE, PAYLOAD = "envelope.json", "payload.bin"
MAX_FILE_BYTES = 256 * 2**20
MIN_FILE_BYTES = 22  # an empty ZIP


CIPHER, KEY_WRAP = "AES-256-GCM", "X25519-HKDF-SHA256-AES-256-GCM"
ENVELOPE_FIELDS = (
    "cipher",
    "format",
    "format_version",
    "key_wrap",
    "payload_nonce",
    "payload_size",
    "recipients",
)
RECIPIENT_FIELDS = ("ephemeral_public", "key_id", "nonce", "wrapped_key")
RECIPIENT_HEX = {"ephemeral_public": 64, "key_id": 16, "nonce": 24, "wrapped_key": 96}


def seal_bundle(
    inner: bytes,
    recipients: list[tuple[str, bytes]],
    *,
    random_bytes: Callable[[int], bytes] = os.urandom,
) -> bytes:
    """Encrypt the inner ZIP to every (key id, X25519 public key) and wrap it in the outer ZIP.
    `random_bytes` is the system's randomness, except when the test vectors are written again."""
    content_key, nonce = random_bytes(32), random_bytes(12)
    wrapped = [
        wrap_content_key(content_key, key_id, public, random_bytes=random_bytes)
        for key_id, public in recipients
    ]
    envelope = canonical(
        {
            "format": FORMAT,
            "format_version": FORMAT_VERSION,
            "cipher": CIPHER,
            "key_wrap": KEY_WRAP,
            "payload_nonce": nonce.hex(),
            "payload_size": len(inner) + 16,
            "recipients": [
                {
                    "key_id": w.recipient_key_id,
                    "ephemeral_public": w.ephemeral_public.hex(),
                    "nonce": w.nonce.hex(),
                    "wrapped_key": w.wrapped.hex(),
                }
                for w in wrapped
            ],
        }
    )
    payload = seal(content_key, nonce, inner, envelope)
    return write_zip([(ENVELOPE, envelope), (PAYLOAD, payload)], deflate=False)


def _damaged(file: str, detail: object) -> BundleRefused:
    return BundleRefused(messages.ENVELOPE_DAMAGED.format(file=file, detail=detail))


def _envelope(raw: bytes, file: str, payload_size: int) -> dict[str, Any]:
    try:
        data = json.loads(raw.decode("utf-8"))
        if not isinstance(data, dict):
            raise ValueError(messages.NOT_AN_OBJECT)
    except (UnicodeDecodeError, ValueError) as exc:
        raise _damaged(file, exc) from exc
    if data.get("format") != FORMAT:
        raise _damaged(file, messages.FIELD_VALUE.format(what="format", expected=FORMAT))
    version = data.get("format_version")
    if type(version) is not int:
        raise _damaged(file, "thiếu phiên bản")
    if version > FORMAT_VERSION:
        raise BundleRefused(
            messages.NEWER_FORMAT.format(file=file, found=version, supported=FORMAT_VERSION),
            "newer_format",
        )
    problem = fields_problem(data, ENVELOPE_FIELDS, "envelope")
    if version < 1 or problem or raw != canonical(data):
        raise _damaged(file, problem or messages.NOT_CANONICAL)
    problem = _fields_problem(data, payload_size)
    if problem:
        raise _damaged(file, problem)
    return data


def _fields_problem(data: dict[str, Any], payload_size: int) -> str | None:
    """The envelope's fields as §4 writes them, the payload's size included."""
    if data["cipher"] != CIPHER:
        return messages.FIELD_VALUE.format(what="cipher", expected=CIPHER)
    if data["key_wrap"] != KEY_WRAP:
        return messages.FIELD_VALUE.format(what="key_wrap", expected=KEY_WRAP)
    problem = hex_problem(data["payload_nonce"], 24, "payload_nonce")
    if problem:
        return problem
    if data["payload_size"] != payload_size or type(data["payload_size"]) is not int:
        return messages.PAYLOAD_SIZE.format(declared=data["payload_size"], found=payload_size)
    recipients = data["recipients"]
    if not isinstance(recipients, list) or not recipients:
        return messages.FIELD_VALUE.format(
            what="recipients", expected=messages.EXPECT_RECIPIENT_LIST
        )
    for entry in recipients:
        problem = fields_problem(entry, RECIPIENT_FIELDS, "recipients[]")
        for name, digits in RECIPIENT_HEX.items():
            problem = problem or hex_problem(entry[name], digits, f"recipients[].{name}")
        if problem:
            return problem
    if len({e["key_id"] for e in recipients}) != len(recipients):
        return messages.FIELD_VALUE.format(what="recipients", expected=messages.EXPECT_KEY_ONCE)
    return None


def _wrapped(entry: dict[str, str]) -> WrappedKey:
    return WrappedKey(
        entry["key_id"],
        bytes.fromhex(entry["ephemeral_public"]),
        bytes.fromhex(entry["nonce"]),
        bytes.fromhex(entry["wrapped_key"]),
    )


@dataclass(frozen=True)
class Opened:
    """The decrypted inner ZIP, the key id that opened it and every key id it was sealed to."""

    inner: bytes
    key_id: str
    sealed_to: tuple[str, ...]


def open_bundle(data: bytes, file: str, own_keys: Mapping[str, KeyPair]) -> Opened:
    """Checks 1-3 of DESIGN.md (size caps, container shape, decryption)."""
    if len(data) > MAX_FILE_BYTES:
        raise BundleRefused(
            messages.FILE_TOO_LARGE.format(file=file, size=len(data), cap=MAX_FILE_BYTES), "size"
        )
    if len(data) < MIN_FILE_BYTES:
        raise BundleRefused(messages.FILE_TOO_SMALL.format(file=file, size=len(data)), "size")
    members = read_zip(data, [ENVELOPE, PAYLOAD], OUTER_CAPS, where=f"Tệp {file}")
    if (
        write_zip([(ENVELOPE, members[ENVELOPE]), (PAYLOAD, members[PAYLOAD])], deflate=False)
        != data
    ):
        raise BundleRefused(messages.CONTAINER_ALTERED.format(file=file), "container")
    envelope = _envelope(members[ENVELOPE], file, len(members[PAYLOAD]))
    recipients = [_wrapped(e) for e in envelope["recipients"]]
    nonce = bytes.fromhex(envelope["payload_nonce"])
    mine = [r for r in recipients if r.recipient_key_id in own_keys]
    if not mine:
        found = ", ".join(r.recipient_key_id for r in recipients)
        ours = ", ".join(own_keys) or "chưa có"
        raise BundleRefused(
            messages.NOT_FOR_US.format(file=file, found=found, ours=ours), "recipient"
        )
    try:
        wrapped = mine[0]
        content_key = unwrap_content_key(wrapped, own_keys[wrapped.recipient_key_id])
        inner = open_sealed(content_key, nonce, members[PAYLOAD], members[ENVELOPE])
    except CryptoFailure as exc:
        raise BundleRefused(messages.CANNOT_DECRYPT.format(file=file), "decrypt") from exc
    sealed_to = tuple(r.recipient_key_id for r in recipients)
    return Opened(inner, wrapped.recipient_key_id, sealed_to)
