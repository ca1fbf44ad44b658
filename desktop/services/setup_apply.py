"""Creating the office the first-run setup describes, all or nothing.

The database is built in a hidden file beside the target (`.uniondesk.sqlite.1a2b3c4d.partial`)
through the same services as `uniondesk init`, `users add`, `keys create`, `keys backup` and
`keys trust`, and takes the target's name only when every part worked. When a part fails (the USB
stick with the province's card pulled out, a full disk, Cancel) the partial file, the key backup
written for it and the private key made for it are removed: no half-made office is left behind.
"""

from __future__ import annotations

import contextlib
import os
import uuid
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from desktop.errors import UserError
from desktop.models.enums import Role
from desktop.progress import no_progress
from desktop.services import setup_messages as msg

if TYPE_CHECKING:
    from desktop.services.accounts import SignedIn
    from desktop.services.office import OfficeInfo
    from desktop.services.setup_flow import Answers
    from desktop.store import Store
    from desktop.sync.keys import KeyInfo

Report = Callable[[float, str], None]
SQLITE_SIDE_FILES = ("-wal", "-shm", "-journal")


@dataclass(frozen=True)
class SetupResult:
    """What the setup created; `admin` is the account the window opens signed in as."""

    db_path: Path
    office: OfficeInfo
    admin: SignedIn
    key: KeyInfo
    backup: Path
    province: KeyInfo | None  # the province's key, when its card was taken during the setup
    import_lists: bool


def partial_name(target: Path) -> Path:
    """The hidden file the database is built in, beside the target (same disk: the final
    rename cannot half-happen)."""
    return target.with_name(f".{target.name}.{uuid.uuid4().hex[:8]}.partial")


def apply_setup(
    target: Path, answers: Answers, backup: Path, *, report: Report | None = None
) -> SetupResult:
    """Create the office at `target` with its administrator, keys, key backup at `backup` and
    (a district, when chosen) the province's card. `report(fraction, text)` hears each part
    and may raise Cancelled. The signed-in account of this process is the same afterwards."""
    from desktop.services.accounts import current_user, sign_in_as

    tell = report or no_progress
    target = Path(target)
    if target.exists():
        raise UserError(msg.TARGET_EXISTS.format(path=target))
    target.parent.mkdir(parents=True, exist_ok=True)
    partial = partial_name(target)
    previous = current_user()
    made: list[KeyInfo] = []
    backed_up: list[Path] = []
    try:
        result = _build(partial, target, answers, backup, tell, made, backed_up)
        if target.exists():  # made by someone else while this ran: never overwritten
            raise UserError(msg.TARGET_EXISTS.format(path=target))
        os.replace(partial, target)
        return result
    except UserError as exc:
        _undo(partial, made, backed_up)
        raise UserError(msg.APPLY_FAILED.format(reason=exc.message)) from exc
    except BaseException:
        _undo(partial, made, backed_up)
        raise
    finally:
        sign_in_as(previous)


def _build(
    partial: Path,
    target: Path,
    a: Answers,
    backup: Path,
    tell: Report,
    made: list[KeyInfo],
    backed_up: list[Path],
) -> SetupResult:
    from desktop.store import Store

    # One store on the file being built, closed before it is renamed into place.
    with Store(partial) as store:
        return _fill(store, partial, target, a, backup, tell, made, backed_up)


def _fill(
    store: Store,
    partial: Path,
    target: Path,
    a: Answers,
    backup: Path,
    tell: Report,
    made: list[KeyInfo],
    backed_up: list[Path],
) -> SetupResult:
    from desktop.services.accounts import ADMIN, create_account, sign_in, sign_in_as
    from desktop.services.keys import backup_office_keys, create_office_key, trust_office_card
    from desktop.services.office import init_office
    from desktop.services.office_kinds import OTHER_UPPER_UNION
    from desktop.services.setup_flow import CARD_NOW

    # The office is made by whoever runs the program, as `uniondesk init` is: no account of
    # another database signed in here decides what this new one may hold.
    sign_in_as(None)
    tell(0.05, "Đang tạo cơ sở dữ liệu…")
    district = a.district_code.strip() if a.role != Role.province else ""
    office = init_office(
        store,
        role=a.role,
        unit_code=a.code,
        unit_name=a.name,
        kind=a.kind,
        kind_name=a.kind_name if a.kind == OTHER_UPPER_UNION else "",
        parent_body=a.parent_body,
        place_name=a.place_name,
        district_code=district,
        province_code="" if district else a.province_code,
    )
    tell(0.25, "Đang tạo tài khoản quản trị…")
    create_account(store, a.admin_name, a.admin_password, ADMIN, a.admin_full_name)
    admin = sign_in(store, a.admin_name, a.admin_password)  # the account works: proven
    sign_in_as(admin)
    tell(0.45, "Đang tạo khóa ký số…")
    secret = a.key_secret
    key = create_office_key(store, passphrase=lambda _purpose, _new: secret)
    made.append(key)
    tell(0.65, "Đang sao lưu khóa…")

    def backup_secret(_purpose: str, new: bool) -> str:
        return a.backup_passphrase if new else secret

    backup_office_keys(store, backup, passphrase=backup_secret)
    backed_up.append(backup)
    province = None
    if a.role != Role.province and a.card == CARD_NOW:
        tell(0.85, "Đang nhận thẻ khóa của LĐLĐ tỉnh…")
        card = Path(a.card_path.strip())
        province = trust_office_card(store, card, fingerprint=a.card_fingerprint).key
    tell(1.0, "Đã tạo xong.")
    return SetupResult(target, office, admin, key, backup, province, a.import_lists)


def _undo(partial: Path, made: list[KeyInfo], backed_up: list[Path]) -> None:
    """Remove what the failed setup wrote; each part on its own, so one refusal cannot keep
    the others."""
    for suffix in ("", *SQLITE_SIDE_FILES):
        with contextlib.suppress(OSError):
            Path(f"{partial}{suffix}").unlink(missing_ok=True)
    for path in backed_up:
        with contextlib.suppress(OSError):
            path.unlink(missing_ok=True)
    for key in made:
        _forget_private_key(key)


def _forget_private_key(key: KeyInfo) -> None:
    """The private key of an office that was never created serves nobody: out of the keyring
    (named as desktop.sync.keystore names it) or its key file."""
    from desktop.sync import keystore

    if key.storage == "keyring":
        import keyring
        from keyring.errors import KeyringError

        with contextlib.suppress(KeyringError):
            keyring.delete_password(keystore.SERVICE, f"{key.unit_code}/{key.key_id}")
    else:
        with contextlib.suppress(OSError):
            keystore.key_file(key.key_id).unlink(missing_ok=True)
