from pathlib import Path

from desktop.services.settings import BACKUP_FOLDER, get_setting, set_setting
from desktop.store import shared


def test_settings_round_trip(tmp_path: Path) -> None:
    db = tmp_path / "office.sqlite"
    from desktop.store.schema import ensure_schema

    ensure_schema(db)
    assert get_setting(shared(db), BACKUP_FOLDER, "none") == "none"
    set_setting(shared(db), BACKUP_FOLDER, "/media/usb")
    set_setting(shared(db), BACKUP_FOLDER, "/media/usb2")
    assert get_setting(shared(db), BACKUP_FOLDER) == "/media/usb2"
