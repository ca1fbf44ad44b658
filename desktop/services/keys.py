"""Setting up sync, the same for `uniondesk keys …` and the Đồng bộ screen.

An office's sync works once three things are done: the province holds the office's key card (and
has heard its fingerprint by phone), the office trusts the province's card, and the private keys
are backed up. A clerk does them from the screen or a script calls the command line; both come
here, so the card, the backup and the checks on it are one thing. Qt-free; plain values out.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from desktop.errors import UserError
from desktop.periods import parse_month
from desktop.services.roles import Action, permit
from desktop.sync.keystore import Passphrase as Passphrase  # the callers name it from here
from desktop.sync.keystore import default_passphrase
from desktop.text import fold

if TYPE_CHECKING:  # these import SQLAlchemy: only when a key is really touched
    from desktop.store import Store
    from desktop.sync.keybackup import KeyBackupInfo
    from desktop.sync.keys import KeyInfo, KeysOverview, TrustResult

# The backup travels on a USB stick and can be attacked offline: longer than the key file's 8.
MIN_BACKUP_PASSPHRASE = 10
BACKUP_PASSPHRASE_RULE = (
    f"Mật khẩu bản sao khóa cần ít nhất {MIN_BACKUP_PASSPHRASE} ký tự, gồm cả chữ cái và "
    "chữ số (hoặc dấu cách, ký hiệu)."
)
BACKUP_PASSPHRASES_DIFFER = "Hai lần nhập mật khẩu không giống nhau."

CARD_SENT_STEPS = (
    "Gửi tệp thẻ khóa này cho LĐLĐ tỉnh (USB, thư điện tử hoặc Zalo).",
    "Gọi điện cho LĐLĐ tỉnh và đọc dấu vân tay, từng nhóm 4 chữ số; tỉnh chỉ nhận thẻ khi "
    "khớp từng chữ số.",
)
PROVINCE_CARD_SENT_STEPS = (
    "Gửi tệp thẻ khóa này cho các đơn vị (USB, thư điện tử hoặc Zalo).",
    "Đọc dấu vân tay cho từng đơn vị qua điện thoại, từng nhóm 4 chữ số; đơn vị chỉ nhận thẻ "
    "khi khớp từng chữ số.",
)
BACKUP_KEEP_STEPS = (
    "Chép tệp này vào USB và cất USB ở nơi khác, xa máy tính này (tủ có khóa của cơ quan).",
    "Ghi mật khẩu ra giấy, cất riêng, không để cùng chỗ với USB.",
    "Khi cài lại máy, khôi phục khóa từ bản sao này: LĐLĐ tỉnh vẫn nhận gói của đơn vị mà "
    "không phải đăng ký lại.",
)


@dataclass(frozen=True)
class CardWritten:
    key: KeyInfo
    path: Path

    @property
    def fingerprint(self) -> str:
        """Four-digit groups, as they are read over the phone."""
        return self.key.fingerprint

    @property
    def steps(self) -> tuple[str, ...]:
        """What to do with the card now: who gets the file, who hears the fingerprint."""
        return PROVINCE_CARD_SENT_STEPS if self.key.role == "province" else CARD_SENT_STEPS


def _slug(text: str) -> str:
    """`LDLD-BATRI` → `ldld-batri`: file names that survive USB sticks and chat apps."""
    return re.sub(r"[^a-z0-9]+", "-", fold(text)).strip("-") or "don-vi"


def card_file_name(unit_code: str) -> str:
    """Default name of this office's key card: `the-khoa-ldld-batri.json`."""
    return f"the-khoa-{_slug(unit_code)}.json"


def backup_file_name(unit_code: str) -> str:
    """Default name of the key backup: `sao-luu-khoa-ldld-batri.ukb`."""
    return f"sao-luu-khoa-{_slug(unit_code)}.ukb"


def bundle_file_name(unit_code: str, period: str) -> str:
    """Default name of a month's bundle: `goi-du-lieu-ldld-batri-06-2024.udb`."""
    month = parse_month(period).text
    return f"goi-du-lieu-{_slug(unit_code)}-{month[5:7]}-{month[:4]}.udb"


def backup_passphrase_problem(first: str, second: str | None = None) -> str | None:
    """Why this passphrase may not lock a key backup, or None when it may.

    Two kinds of character at least: a date (`01012024`) or one long word is guessed first.
    """
    if len(first) < MIN_BACKUP_PASSPHRASE:
        return BACKUP_PASSPHRASE_RULE
    letters = any(ch.isalpha() for ch in first)
    others = any(not ch.isalpha() for ch in first)
    if not (letters and others) or len(set(first)) < 4:
        return BACKUP_PASSPHRASE_RULE
    if second is not None and second != first:
        return BACKUP_PASSPHRASES_DIFFER
    return None


def keyring_available() -> bool:
    """True when this PC has an OS keyring that gives back what it keeps (tried with a throw-away
    entry); else a new key goes to a passphrase-locked file."""
    from desktop.sync.keystore import keyring_keeps

    return keyring_keeps()


def create_office_key(store: Store, *, passphrase: Passphrase = default_passphrase) -> KeyInfo:
    """Give the office its keys (see desktop.sync.keys.create_office_keys)."""
    permit(Action.KEYS)

    from desktop.sync.keys import create_office_keys

    return create_office_keys(store, passphrase=passphrase)


def export_office_card(
    store: Store,
    out: Path,
    *,
    passphrase: Passphrase = default_passphrase,
    pending: bool = False,
) -> CardWritten:
    """Write this office's public key card (see desktop.sync.keys.export_card)."""
    permit(Action.EXPORT)

    from desktop.sync.keys import export_card

    return CardWritten(export_card(store, out, passphrase=passphrase, pending=pending), out)


def backup_office_keys(
    store: Store, out: Path, *, passphrase: Passphrase = default_passphrase
) -> KeyBackupInfo:
    """Write every private key of the office to `out`, locked by a passphrase that passes
    `backup_passphrase_problem`. `passphrase(purpose, new)` gives the new backup passphrase when
    `new`, and the key file's own passphrase otherwise (only where there is no OS keyring)."""
    permit(Action.KEYS)

    from desktop.sync.keybackup import backup_keys

    def checked(purpose: str, new: bool) -> str:
        value = passphrase(purpose, new)
        if new:
            problem = backup_passphrase_problem(value)
            if problem is not None:
                raise UserError(problem)
        return value

    return backup_keys(store, out, passphrase=checked)


def restore_office_keys(
    store: Store, backup: Path, *, passphrase: Passphrase = default_passphrase
) -> tuple[KeyInfo, ...]:
    """Put the keys of a backup back on this PC (see desktop.sync.keybackup.restore_keys)."""
    permit(Action.KEYS)

    from desktop.sync.keybackup import restore_keys

    return restore_keys(store, backup, passphrase=passphrase)


def trust_office_card(store: Store, card: Path, *, fingerprint: str | None = None) -> TrustResult:
    """District: trust the province's card; province: register an office's card. With the
    fingerprint heard by phone, the card must match it digit for digit."""
    permit(Action.KEYS)

    from desktop.sync.keys import trust_card

    return trust_card(store, card, fingerprint=fingerprint)


def create_keys_with_office(store: Store) -> KeyInfo:
    """`uniondesk setup`: the office's keys, made with the office itself (no account yet to ask)."""
    from desktop.sync.keys import create_office_keys

    return create_office_keys(store)


def show_office_keys(store: Store) -> KeysOverview:
    """This office's own keys and the keys it trusts (`uniondesk keys show`)."""
    from desktop.sync.keys import show_keys

    return show_keys(store)


def rotate_office_key(store: Store, *, passphrase: Passphrase = default_passphrase) -> KeyInfo:
    """A new key pair that waits for the next bundle to announce it (`uniondesk keys rotate`)."""
    from desktop.sync.office.rotation import rotate_keys

    return rotate_keys(store, passphrase=passphrase)


def revoke_unit_key(store: Store, unit_code: str, key_id: str, from_sequence: int) -> KeyInfo:
    """(Province) refuse a unit's bundles from `from_sequence` on signed by `key_id`."""
    from desktop.sync.key_chain import revoke_key

    return revoke_key(store, unit_code, key_id, from_sequence)
