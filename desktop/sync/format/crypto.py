"""The cryptographic primitives of the bundle exchange, in one place so they can be reviewed.

- Ed25519 signs manifests and key cards.
- X25519 + HKDF-SHA256 + AES-256-GCM seals a random content key to each recipient.
- scrypt + AES-256-GCM protects private keys with a passphrase (key file fallback, key backups).
docs/bundle-format.md gives every constant written here; change one and a second implementation breaks.
"""

from __future__ import annotations

import hashlib
import os
from collections.abc import Callable
from dataclasses import dataclass

from cryptography.exceptions import InvalidSignature, InvalidTag
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey
from cryptography.hazmat.primitives.asymmetric.x25519 import X25519PrivateKey, X25519PublicKey
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from cryptography.hazmat.primitives.hashes import SHA256
from cryptography.hazmat.primitives.kdf.hkdf import HKDF
from cryptography.hazmat.primitives.kdf.scrypt import Scrypt
from cryptography.hazmat.primitives.serialization import (
    Encoding,
    NoEncryption,
    PrivateFormat,
    PublicFormat,
)

WRAP_INFO = b"uniondesk bundle v1 key wrap"
FINGERPRINT_LABEL = b"uniondesk key card v1"
SCRYPT_N, SCRYPT_R, SCRYPT_P = 2**15, 8, 1
RAW = (Encoding.Raw, PublicFormat.Raw)


class CryptoFailure(Exception):
    """A signature, tag or key that does not check; callers turn it into a Vietnamese message."""


@dataclass(frozen=True)
class KeyPair:
    """Both private halves of one office key generation (raw 32-byte values)."""

    sign_private: bytes
    box_private: bytes

    @property
    def sign_public(self) -> bytes:
        key = Ed25519PrivateKey.from_private_bytes(self.sign_private)
        return key.public_key().public_bytes(*RAW)

    @property
    def box_public(self) -> bytes:
        key = X25519PrivateKey.from_private_bytes(self.box_private)
        return key.public_key().public_bytes(*RAW)

    @property
    def key_id(self) -> str:
        return key_id_of(self.sign_public)

    def sign(self, data: bytes) -> bytes:
        return Ed25519PrivateKey.from_private_bytes(self.sign_private).sign(data)


def _raw_private(key: Ed25519PrivateKey | X25519PrivateKey) -> bytes:
    return key.private_bytes(Encoding.Raw, PrivateFormat.Raw, NoEncryption())


def generate_key_pair() -> KeyPair:
    return KeyPair(
        _raw_private(Ed25519PrivateKey.generate()), _raw_private(X25519PrivateKey.generate())
    )


def key_id_of(sign_public: bytes) -> str:
    """16 hex digits naming a key in manifests: the start of SHA-256 of the signing public key."""
    return hashlib.sha256(sign_public).hexdigest()[:16]


def fingerprint_of(sign_public: bytes, box_public: bytes) -> str:
    """24 digits in groups of four, short enough to read over the phone (about 80 bits)."""
    digest = hashlib.sha256(FINGERPRINT_LABEL + sign_public + box_public).digest()
    digits = f"{int.from_bytes(digest[:10], 'big') % 10**24:024d}"
    return " ".join(digits[i : i + 4] for i in range(0, 24, 4))


def verify_signature(sign_public: bytes, signature: bytes, data: bytes) -> None:
    try:
        Ed25519PublicKey.from_public_bytes(sign_public).verify(signature, data)
    except (InvalidSignature, ValueError) as exc:
        raise CryptoFailure("bad signature") from exc


def _wrap_key(shared: bytes, ephemeral_public: bytes, recipient_public: bytes) -> bytes:
    return HKDF(
        algorithm=SHA256(), length=32, salt=ephemeral_public + recipient_public, info=WRAP_INFO
    ).derive(shared)


@dataclass(frozen=True)
class WrappedKey:
    recipient_key_id: str
    ephemeral_public: bytes
    nonce: bytes
    wrapped: bytes  # AES-GCM of the content key: 32 bytes + 16-byte tag


def wrap_content_key(
    content_key: bytes,
    recipient_key_id: str,
    box_public: bytes,
    *,
    random_bytes: Callable[[int], bytes] = os.urandom,
) -> WrappedKey:
    # 32 random bytes are an X25519 private key (RFC 7748 clamps them when used).
    ephemeral = X25519PrivateKey.from_private_bytes(random_bytes(32))
    ephemeral_public = ephemeral.public_key().public_bytes(*RAW)
    shared = ephemeral.exchange(X25519PublicKey.from_public_bytes(box_public))
    nonce = random_bytes(12)
    kek = _wrap_key(shared, ephemeral_public, box_public)
    wrapped = AESGCM(kek).encrypt(nonce, content_key, recipient_key_id.encode("ascii"))
    return WrappedKey(recipient_key_id, ephemeral_public, nonce, wrapped)


def unwrap_content_key(wrapped: WrappedKey, pair: KeyPair) -> bytes:
    try:
        private = X25519PrivateKey.from_private_bytes(pair.box_private)
        shared = private.exchange(X25519PublicKey.from_public_bytes(wrapped.ephemeral_public))
        kek = _wrap_key(shared, wrapped.ephemeral_public, pair.box_public)
        key = AESGCM(kek).decrypt(
            wrapped.nonce, wrapped.wrapped, wrapped.recipient_key_id.encode("ascii")
        )
    except (InvalidTag, ValueError) as exc:
        raise CryptoFailure("cannot unwrap") from exc
    if len(key) != 32:
        raise CryptoFailure("bad content key")
    return key


def seal(content_key: bytes, nonce: bytes, plaintext: bytes, associated: bytes) -> bytes:
    return AESGCM(content_key).encrypt(nonce, plaintext, associated)


def open_sealed(content_key: bytes, nonce: bytes, ciphertext: bytes, associated: bytes) -> bytes:
    try:
        return AESGCM(content_key).decrypt(nonce, ciphertext, associated)
    except (InvalidTag, ValueError) as exc:
        raise CryptoFailure("cannot decrypt") from exc


def passphrase_key(
    passphrase: str, salt: bytes, n: int = SCRYPT_N, r: int = SCRYPT_R, p: int = SCRYPT_P
) -> bytes:
    return Scrypt(salt=salt, length=32, n=n, r=r, p=p).derive(passphrase.encode("utf-8"))


def lock_with_passphrase(passphrase: str, plaintext: bytes, associated: bytes) -> dict[str, str]:
    """Encrypt `plaintext` under a passphrase; returns the JSON-ready fields needed to open it."""
    salt, nonce = os.urandom(16), os.urandom(12)
    key = passphrase_key(passphrase, salt)
    return {
        "kdf": "scrypt",
        "n": str(SCRYPT_N),
        "r": str(SCRYPT_R),
        "p": str(SCRYPT_P),
        "salt": salt.hex(),
        "nonce": nonce.hex(),
        "ciphertext": AESGCM(key).encrypt(nonce, plaintext, associated).hex(),
    }


def unlock_with_passphrase(passphrase: str, fields: dict[str, str], associated: bytes) -> bytes:
    try:
        # n, r and p are stored as decimal strings; bounds keep a crafted file from asking for
        # gigabytes of memory or minutes of work.
        n, r, p = int(fields["n"]), int(fields["r"]), int(fields["p"])
        if fields["kdf"] != "scrypt" or not (2**14 <= n <= 2**20) or not (1 <= r <= 16):
            raise CryptoFailure("unsupported kdf")
        if not 1 <= p <= 4:
            raise CryptoFailure("unsupported kdf")
        key = passphrase_key(passphrase, bytes.fromhex(fields["salt"]), n, r, p)
        return AESGCM(key).decrypt(
            bytes.fromhex(fields["nonce"]), bytes.fromhex(fields["ciphertext"]), associated
        )
    except (InvalidTag, KeyError, ValueError, TypeError) as exc:
        raise CryptoFailure("cannot unlock") from exc


def sha256_hex(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()
