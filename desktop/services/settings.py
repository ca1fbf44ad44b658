"""The office's settings kept in its database (table `setting`), so a backup carries them and
every PC that opens the file sees the same: one key, one text value."""

from __future__ import annotations

from pathlib import Path

from desktop.services.session import office_session

IDLE_LOCK_MINUTES = "idle_lock_minutes"
BACKUP_FOLDER = "backup_folder"
LAST_DAILY_BACKUP = "last_daily_backup"


def get_setting(db_path: Path, key: str, default: str = "") -> str:
    from desktop.models import Setting

    with office_session(db_path) as session:
        row = session.get(Setting, key)
        return row.value if row is not None else default


def set_setting(db_path: Path, key: str, value: str) -> None:
    from desktop.models import Setting

    with office_session(db_path) as session:
        row = session.get(Setting, key)
        if row is None:
            session.add(Setting(key=key, value=value))
        else:
            row.value = value
