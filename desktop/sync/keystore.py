"""Where private keys live: the OS keyring, else a passphrase-encrypted file. Never the database.

`keyring` picks the platform's store (Windows Credential Manager, macOS Keychain, Secret Service) and
honours PYTHON_KEYRING_BACKEND. Where it has none (its `fail` backend, a headless machine) each key
pair is written to `<data dir>/keys/<key id>.ukey`, encrypted with scrypt + AES-GCM under a passphrase
from UNIONDESK_KEY_PASSPHRASE, the terminal, or the GUI (a `Passphrase` callback).
"""

from __future__ import annotations

import contextlib
import json
import os
import sys
from collections.abc import Callable
from pathlib import Path

from desktop import paths
from desktop.errors import UserError
from desktop.sync.format import messages
from desktop.sync.format.crypto import (
    CryptoFailure,
    KeyPair,
    lock_with_passphrase,
    unlock_with_passphrase,
)

SERVICE = "UnionDesk"
PASSPHRASE_ENV = "UNIONDESK_KEY_PASSPHRASE"
MIN_PASSPHRASE = 8
KEY_FILE_FORMAT = "uniondesk-key-file"

# Given the purpose (Vietnamese) and whether the passphrase is new (ask twice); returns it.
Passphrase = Callable[[str, bool], str]

_unlocked: dict[str, KeyPair] = {}  # one passphrase prompt per process, not one per bundle


def default_passphrase(purpose: str, new: bool) -> str:
    """The environment variable for scripts, else a prompt on a terminal, else a clear refusal."""
    value = os.environ.get(PASSPHRASE_ENV)
    if value:
        return value
    if not sys.stdin or not sys.stdin.isatty():
        raise UserError(messages.NEED_PASSPHRASE.format(purpose=purpose))
    import getpass

    first = getpass.getpass(f"Mật khẩu {purpose}: ")
    if new and getpass.getpass("Nhập lại mật khẩu: ") != first:
        raise UserError(messages.PASSPHRASES_DIFFER)
    return first


def checked_new_passphrase(passphrase: Passphrase, purpose: str) -> str:
    value = passphrase(purpose, True)
    if len(value) < MIN_PASSPHRASE:
        raise UserError(messages.PASSPHRASE_TOO_SHORT.format(minimum=MIN_PASSPHRASE))
    return value


# Said when a keyring took the key but could not give it back (keyring.backends.null, a broken
# Secret Service): the key would otherwise be lost at the next export.
KEYRING_DID_NOT_KEEP = (
    "Kho khóa của hệ thống không giữ được khóa ({reason}); khóa được cất trong tệp có mật khẩu: "
    "{path}"
)

notices: list[str] = []  # what store() said, for a window to show (the command line has stderr)


def keyring_available() -> bool:
    """False when keyring would only raise NoKeyringError (its `fail` backend or an empty chain).

    True is no promise that it keeps anything (its `null` backend): see keyring_keeps."""
    import keyring
    from keyring.backends import chainer, fail

    backend = keyring.get_keyring()
    if isinstance(backend, fail.Keyring):
        return False
    return not (isinstance(backend, chainer.ChainerBackend) and not backend.backends)


def keyring_keeps() -> bool:
    """True when the keyring gives back what was stored in it (a throw-away probe entry)."""
    if not keyring_available():
        return False
    import secrets

    probe = f"kiem-tra/{secrets.token_hex(8)}"
    value = secrets.token_hex(16)
    return _round_trip(probe, value, keep=False) is None


def _backend_name() -> str:
    import keyring

    backend = keyring.get_keyring()
    return f"{type(backend).__module__}.{type(backend).__name__}"


def _round_trip(username: str, value: str, *, keep: bool = True) -> str | None:
    """Store `value` and read it back; None when it came back unchanged, else why not.

    What did not come back is removed (no half-kept copy), and so is a probe (`keep=False`).
    """
    import keyring
    from keyring.errors import KeyringError

    try:
        keyring.set_password(SERVICE, username, value)
        back = keyring.get_password(SERVICE, username)
    except KeyringError as exc:
        return f"{_backend_name()}: {exc}"
    if back == value and keep:
        return None
    with contextlib.suppress(KeyringError):
        keyring.delete_password(SERVICE, username)
    if back == value:
        return None
    found = "không thấy khóa" if back is None else "được một khóa khác"
    return f"{_backend_name()}: đọc lại {found}"


def _username(unit_code: str, key_id: str) -> str:
    return f"{unit_code}/{key_id}"


def _encode(pair: KeyPair) -> str:
    return json.dumps({"sign": pair.sign_private.hex(), "box": pair.box_private.hex()})


def _decode(text: str) -> KeyPair:
    data = json.loads(text)
    return KeyPair(bytes.fromhex(data["sign"]), bytes.fromhex(data["box"]))


def key_file(key_id: str) -> Path:
    folder = paths.data_dir() / "keys"
    folder.mkdir(parents=True, exist_ok=True)
    return folder / f"{key_id}.ukey"


def store(unit_code: str, pair: KeyPair, passphrase: Passphrase = default_passphrase) -> str:
    """Keep `pair` on this machine; returns where ("keyring" or "file").

    The keyring is trusted only when it gives the key back: one that keeps nothing would lose
    the office's key unnoticed, so the passphrase-locked file takes it instead, and says so.
    """
    reason: str | None = None
    if keyring_available():
        reason = _round_trip(_username(unit_code, pair.key_id), _encode(pair))
        if reason is None:
            _unlocked[pair.key_id] = pair
            return "keyring"
    secret = checked_new_passphrase(passphrase, "bảo vệ khóa bí mật của đơn vị")
    fields = lock_with_passphrase(secret, _encode(pair).encode(), pair.key_id.encode())
    document = {"format": KEY_FILE_FORMAT, "version": 1, "key_id": pair.key_id, **fields}
    path = key_file(pair.key_id)
    write_private(path, json.dumps(document, indent=1).encode("utf-8"))
    _unlocked[pair.key_id] = pair
    if reason is not None:
        _notice(KEYRING_DID_NOT_KEEP.format(reason=reason, path=path))
    return "file"


def _notice(text: str) -> None:
    notices.append(text)
    if sys.stderr is not None:  # a windowed build has no console
        print(text, file=sys.stderr, flush=True)


def write_private(path: Path, data: bytes) -> None:
    """Write a file only its owner can read (0600 on POSIX), under a temporary name, then rename.

    The key file is encrypted, but an offline guess at a weak passphrase starts with a copy of
    it: other accounts on a shared office PC must not be able to read it.
    """
    partial = path.with_name(path.name + ".partial")
    if partial.exists():
        partial.unlink()
    handle = os.open(partial, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    try:
        with os.fdopen(handle, "wb") as out:
            out.write(data)
            out.flush()
            os.fsync(out.fileno())
        os.chmod(partial, 0o600)  # whatever the umask
        os.replace(partial, path)
    finally:
        partial.unlink(missing_ok=True)  # a full disk leaves no half-written file behind


def load(
    unit_code: str, key_id: str, storage: str, passphrase: Passphrase = default_passphrase
) -> KeyPair:
    """The private halves of `key_id`, from wherever `store` put them."""
    if key_id in _unlocked:
        return _unlocked[key_id]
    if storage == "keyring":
        import keyring
        from keyring.errors import KeyringError

        try:
            text = keyring.get_password(SERVICE, _username(unit_code, key_id))
        except KeyringError as exc:
            raise UserError(
                messages.PRIVATE_KEY_MISSING.format(key_id=key_id, where=f"kho khóa: {exc}")
            ) from exc
        if text is None:
            raise UserError(messages.PRIVATE_KEY_MISSING.format(key_id=key_id, where="kho khóa"))
        pair = _decode(text)
    else:
        pair = _load_file(key_id, passphrase)
    if pair.key_id != key_id:
        raise UserError(messages.PRIVATE_KEY_MISSING.format(key_id=key_id, where="khóa không khớp"))
    _unlocked[key_id] = pair
    return pair


def _load_file(key_id: str, passphrase: Passphrase) -> KeyPair:
    path = key_file(key_id)
    if not path.exists():
        raise UserError(messages.PRIVATE_KEY_MISSING.format(key_id=key_id, where=str(path)))
    try:
        document = json.loads(path.read_text(encoding="utf-8"))
        if document.get("format") != KEY_FILE_FORMAT or document.get("key_id") != key_id:
            raise ValueError("not a key file")
    except (ValueError, OSError) as exc:
        raise UserError(messages.KEY_FILE_DAMAGED.format(path=path)) from exc
    secret = passphrase("mở khóa bí mật của đơn vị", False)
    try:
        plain = unlock_with_passphrase(secret, document, key_id.encode())
    except CryptoFailure as exc:
        raise UserError(messages.WRONG_PASSPHRASE.format(path=path)) from exc
    return _decode(plain.decode())


def is_unlocked(key_id: str) -> bool:
    return key_id in _unlocked


def forget_unlocked() -> None:
    """Drop the keys held in memory (tests; a GUI 'lock' action)."""
    _unlocked.clear()
