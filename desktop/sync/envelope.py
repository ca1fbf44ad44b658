"""The outer layer of a bundle file: a canonical ZIP holding a clear envelope and the ciphertext.

envelope.json says who can open the payload (a content key wrapped to each recipient's X25519 key);
payload.bin is the inner ZIP under AES-256-GCM, with the envelope's exact bytes as associated data,
so changing either member is caught. docs/bundle-format.md, "Outer container".
"""

from __future__ import annotations

import json
import os
from collections.abc import Mapping
from typing import Any

from desktop.sync import messages
from desktop.sync.canonical import canonical
from desktop.sync.container import OUTER_CAPS, read_zip, write_zip
from desktop.sync.crypto import (
    CryptoFailure,
    KeyPair,
    WrappedKey,
    open_sealed,
    seal,
    unwrap_content_key,
    wrap_content_key,
)
from desktop.sync.errors import BundleRefused

FORMAT = "uniondesk-bundle"
FORMAT_VERSION = 1
ENVELOPE, PAYLOAD = "envelope.json", "payload.bin"
MAX_FILE_BYTES = 256 * 2**20
MIN_FILE_BYTES = 22  # an empty ZIP


def seal_bundle(inner: bytes, recipients: list[tuple[str, bytes]]) -> bytes:
    """Encrypt the inner ZIP to every (key id, X25519 public key) and wrap it in the outer ZIP."""
    content_key, nonce = os.urandom(32), os.urandom(12)
    wrapped = [wrap_content_key(content_key, key_id, public) for key_id, public in recipients]
    envelope = canonical(
        {
            "format": FORMAT,
            "format_version": FORMAT_VERSION,
            "cipher": "AES-256-GCM",
            "key_wrap": "X25519-HKDF-SHA256-AES-256-GCM",
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


def _envelope(raw: bytes, file: str) -> dict[str, Any]:
    try:
        data = json.loads(raw.decode("utf-8"))
        if not isinstance(data, dict):
            raise ValueError("không phải đối tượng JSON")
    except (UnicodeDecodeError, ValueError) as exc:
        raise BundleRefused(messages.ENVELOPE_DAMAGED.format(file=file, detail=exc)) from exc
    if data.get("format") != FORMAT:
        raise BundleRefused(messages.ENVELOPE_DAMAGED.format(file=file, detail="sai «format»"))
    version = data.get("format_version")
    if type(version) is not int:
        raise BundleRefused(messages.ENVELOPE_DAMAGED.format(file=file, detail="thiếu phiên bản"))
    if version > FORMAT_VERSION:
        raise BundleRefused(
            messages.NEWER_FORMAT.format(file=file, found=version, supported=FORMAT_VERSION),
            "newer_format",
        )
    if version < 1 or raw != canonical(data):
        raise BundleRefused(messages.ENVELOPE_DAMAGED.format(file=file, detail="sai dạng chuẩn"))
    return data


def _wrapped(entry: object) -> WrappedKey:
    if not isinstance(entry, dict):
        raise ValueError("recipient")
    return WrappedKey(
        str(entry["key_id"]),
        bytes.fromhex(entry["ephemeral_public"]),
        bytes.fromhex(entry["nonce"]),
        bytes.fromhex(entry["wrapped_key"]),
    )


def open_bundle(data: bytes, file: str, own_keys: Mapping[str, KeyPair]) -> tuple[bytes, str]:
    """Checks 1-3 of DESIGN.md (size caps, container shape, decryption): the inner ZIP and the
    key id it was opened with."""
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
    envelope = _envelope(members[ENVELOPE], file)
    try:
        recipients = [_wrapped(e) for e in envelope["recipients"]]
        nonce = bytes.fromhex(envelope["payload_nonce"])
    except (KeyError, TypeError, ValueError) as exc:
        raise BundleRefused(messages.ENVELOPE_DAMAGED.format(file=file, detail=exc)) from exc
    mine = [r for r in recipients if r.recipient_key_id in own_keys]
    if not mine:
        found = ", ".join(r.recipient_key_id for r in recipients) or "không có"
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
    return inner, wrapped.recipient_key_id
