"""The office's settings kept in its database (table `setting`), so a backup carries them and
every PC that opens the file sees the same: one key, one text value."""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from desktop.store import Store

IDLE_LOCK_MINUTES = "idle_lock_minutes"
BACKUP_FOLDER = "backup_folder"
LAST_DAILY_BACKUP = "last_daily_backup"


def get_setting(store: Store, key: str, default: str = "") -> str:
    from desktop.models import Setting

    with store.session() as session:
        row = session.get(Setting, key)
        return row.value if row is not None else default


def set_setting(store: Store, key: str, value: str) -> None:
    from desktop.models import Setting

    with store.session() as session:
        row = session.get(Setting, key)
        if row is None:
            session.add(Setting(key=key, value=value))
        else:
            row.value = value


DEFAULT_IDLE_LOCK_MINUTES = 10
MAX_IDLE_LOCK_MINUTES = 480
IDLE_LOCK_OUT_OF_RANGE = (
    "Số phút khóa màn hình phải là số nguyên từ 0 (không bao giờ khóa) đến "
    f"{MAX_IDLE_LOCK_MINUTES}; đã ghi «{{text}}»."
)


def idle_lock_minutes(store: Store) -> int:
    """Idle minutes before the window locks (0: never); a value nobody could mean is the default."""
    text = get_setting(store, IDLE_LOCK_MINUTES, str(DEFAULT_IDLE_LOCK_MINUTES)).strip()
    try:
        minutes = int(text)
    except ValueError:
        return DEFAULT_IDLE_LOCK_MINUTES
    return minutes if 0 <= minutes <= MAX_IDLE_LOCK_MINUTES else DEFAULT_IDLE_LOCK_MINUTES


def set_idle_lock_minutes(store: Store, text: str) -> int:
    """Set the idle minutes for every PC that opens this database (an administrator's choice:
    a shorter lock guards the personal data on a shared PC)."""
    from desktop.errors import UserError
    from desktop.services.roles import Action, permit

    permit(Action.USERS)
    cleaned = text.strip()
    if not (cleaned.isascii() and cleaned.isdigit()) or int(cleaned) > MAX_IDLE_LOCK_MINUTES:
        raise UserError(IDLE_LOCK_OUT_OF_RANGE.format(text=text))
    set_setting(store, IDLE_LOCK_MINUTES, str(int(cleaned)))
    return int(cleaned)
