"""The checks of the first-run setup's steps that need more than a glance (place, account, keys,
the province's card): each problem in Vietnamese, naming the field the wizard shows."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from desktop.errors import UserError
from desktop.models.enums import Role
from desktop.services import setup_messages as msg

if TYPE_CHECKING:
    from desktop.services.setup_flow import Answers

FINGERPRINT_DIGITS = 24


def place_problems(a: Answers) -> list[str]:
    from desktop.admin_units import province_2025
    from desktop.services.setup_places import district_choices

    problems: list[str] = []
    code = a.province_code.strip()
    province = province_2025(code) if code else None
    if not code:
        problems.append(msg.PROVINCE_MISSING)
    elif province is None:
        problems.append(msg.PROVINCE_UNKNOWN.format(code=code))
    district = a.district_code.strip()
    if district and a.role == Role.province:
        problems.append(msg.DISTRICT_FOR_PROVINCE_OFFICE)
    elif (
        district
        and province is not None
        and district not in {unit.code for unit in district_choices(province.code)}
    ):
        problems.append(msg.DISTRICT_UNKNOWN.format(code=district, province=province.name))
    if not a.place_name.strip():
        problems.append(msg.PLACE_MISSING)
    if not a.parent_body.strip():
        problems.append(msg.PARENT_MISSING)
    return problems


def admin_problems(a: Answers) -> list[str]:
    from desktop.services.accounts import ADMIN, name_problems, password_problems

    problems: list[str] = []
    if not a.admin_full_name.strip():
        problems.append(msg.FULL_NAME_MISSING)
    if not a.admin_name.strip():
        problems.append(msg.ADMIN_NAME_MISSING)
        names_ok = True
    else:
        named = name_problems(a.admin_name, ADMIN, a.admin_full_name)
        problems += named
        names_ok = not named
    password = password_problems(a.admin_password, a.admin_name if names_ok else "")
    problems += password
    if not password and a.admin_password_again != a.admin_password:
        problems.append(msg.PASSWORD_AGAIN_DIFFERS)
    return problems


def key_problems(a: Answers, keyring: bool, backup: Path) -> list[str]:
    from desktop.services.keys import backup_passphrase_problem
    from desktop.sync.keystore import MIN_PASSPHRASE

    problems: list[str] = []
    if not keyring:
        if len(a.key_secret) < MIN_PASSPHRASE:
            problems.append(msg.KEY_SECRET_SHORT.format(count=MIN_PASSPHRASE))
        elif a.key_secret_again != a.key_secret:
            problems.append(msg.KEY_SECRET_DIFFERS)
    folder = a.backup_folder.strip()
    if not folder:
        problems.append(msg.BACKUP_FOLDER_MISSING)
    elif not Path(folder).is_dir():
        problems.append(msg.BACKUP_FOLDER_NOT_FOUND.format(folder=folder))
    elif backup.exists():
        problems.append(msg.BACKUP_FILE_EXISTS.format(path=backup))
    passphrase = backup_passphrase_problem(a.backup_passphrase, a.backup_passphrase_again)
    if passphrase:
        problems.append(msg.BACKUP_PASSPHRASE.format(problem=passphrase))
    return problems


def card_problems(a: Answers) -> list[str]:
    from desktop.services.setup_flow import CARD_LATER, CARD_NOW

    if a.card == CARD_LATER:
        return []
    if a.card != CARD_NOW:
        return [msg.CARD_CHOICE_MISSING]
    problems: list[str] = []
    path = Path(a.card_path.strip()) if a.card_path.strip() else None
    if path is None:
        problems.append(msg.CARD_FILE_MISSING)
    elif not path.is_file():
        problems.append(msg.CARD_FILE_NOT_FOUND.format(path=path))
        path = None
    typed = "".join(ch for ch in a.card_fingerprint if ch in "0123456789")
    if not typed:
        problems.append(msg.FINGERPRINT_MISSING)
    elif len(typed) != FINGERPRINT_DIGITS:
        problems.append(msg.FINGERPRINT_LENGTH.format(count=len(typed)))
    if path is None:
        return problems
    from desktop.sync.format.card import read_card

    try:
        card = read_card(path)
    except UserError as exc:
        return [*problems, f"Tệp thẻ khóa của LĐLĐ tỉnh: {exc.message}"]
    if card.role != Role.province:
        problems.append(msg.CARD_NOT_PROVINCE.format(path=path, code=card.unit_code))
    elif len(typed) == FINGERPRINT_DIGITS and typed != card.fingerprint.replace(" ", ""):
        problems.append(
            msg.FINGERPRINT_DIFFERS.format(
                path=path.name, found=card.fingerprint, typed=_groups(typed)
            )
        )
    return problems


def _groups(digits: str) -> str:
    return " ".join(digits[i : i + 4] for i in range(0, len(digits), 4))
