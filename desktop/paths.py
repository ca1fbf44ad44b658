"""Where Union Desk keeps its files.

Every folder can be moved with an environment variable so tests and portable installs never touch the
user's real data: UNIONDESK_DATA_DIR for the database, backups and logs.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

APP_NAME = "UnionDesk"
APP_AUTHOR = "UnionDesk"


def data_dir() -> Path:
    override = os.environ.get("UNIONDESK_DATA_DIR")
    if override:
        path = Path(override)
    else:
        import platformdirs

        path = Path(platformdirs.user_data_dir(APP_NAME, APP_AUTHOR))
    path.mkdir(parents=True, exist_ok=True)
    return path


def default_db_path() -> Path:
    return data_dir() / "uniondesk.sqlite"


def demo_db_path() -> Path:
    return data_dir() / "demo.sqlite"


def log_dir() -> Path:
    path = data_dir() / "logs"
    path.mkdir(parents=True, exist_ok=True)
    return path


def resources_dir() -> Path:
    """The shipped `resources/` folder (programmes, fonts, administrative units).

    Frozen (PyInstaller): `resources/` inside the bundle. Installed from a wheel: the package's own
    `desktop/resources/` (pyproject maps the top-level folder there). A checkout or an editable
    install: the top-level `resources/` beside the package.
    """
    frozen_root = getattr(sys, "_MEIPASS", None)
    if frozen_root:
        return Path(frozen_root) / "resources"
    package = Path(__file__).resolve().parent
    installed = package / "resources"
    if installed.is_dir():
        return installed
    return package.parent / "resources"
