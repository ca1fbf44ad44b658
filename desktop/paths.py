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
    path.mkdir(mode=0o700, parents=True, exist_ok=True)
    owner_only(path)
    return path


def owner_only(folder: Path) -> None:
    """0700 on POSIX: the folder holds personal data, other accounts on the PC must not list it."""
    if os.name != "posix":
        return
    try:
        if folder.stat().st_mode & 0o077:
            os.chmod(folder, 0o700)
    except OSError:
        pass  # not ours to change (a shared folder named by UNIONDESK_DATA_DIR): leave it


def tighten_database(path: Path) -> None:
    """Make a database and its -wal/-shm readable by the owner only (POSIX).

    A file made by an older release, or copied in, may be 0644; SQLite gives new -wal/-shm the
    rights of the database, so the database's own rights are the ones that matter.
    """
    if os.name != "posix":
        return
    for each in (path, Path(f"{path}-wal"), Path(f"{path}-shm")):
        try:
            if each.stat().st_mode & 0o077:
                os.chmod(each, 0o600)
        except OSError:
            pass  # missing, or another account's file: opening it reports what matters


# Names the program writes under before renaming into place (`x.partial`, `.x.tmp`,
# `x.restoring`); a kill or a power cut between the two leaves one behind.
LEFTOVER_PATTERNS = ("*.partial", ".*.tmp", "*.restoring")
# Younger than this it may be another window's write still under way, not a leftover.
LEFTOVER_AGE_SECONDS = 60.0


def remove_leftovers(
    folder: Path, *, subfolders: bool = True, now: float | None = None
) -> list[Path]:
    """Delete what interrupted writes left in `folder` (and its direct subfolders: keys, logs,
    backups); returns what went."""
    import time

    moment = time.time() if now is None else now
    removed: list[Path] = []
    folders = [folder]
    if subfolders:
        try:
            folders += [p for p in folder.iterdir() if p.is_dir() and not p.is_symlink()]
        except OSError:
            return removed
    for each in folders:
        for pattern in LEFTOVER_PATTERNS:
            for found in each.glob(pattern):
                try:
                    if not found.is_file() or found.is_symlink():
                        continue
                    if moment - found.stat().st_mtime < LEFTOVER_AGE_SECONDS:
                        continue
                    found.unlink()
                except OSError:
                    continue
                removed.append(found)
    return removed


def default_db_path() -> Path:
    return data_dir() / "uniondesk.sqlite"


def demo_db_path() -> Path:
    return data_dir() / "demo.sqlite"


def log_dir() -> Path:
    path = data_dir() / "logs"
    path.mkdir(mode=0o700, parents=True, exist_ok=True)
    owner_only(path)
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


GUIDE_NAME = "huong-dan.md"


def guide_path() -> Path:
    """The user guide (`huong-dan.md`, its pictures in `huong-dan/` beside it) that F1 opens.

    Frozen (PyInstaller): `docs/` inside the bundle. Installed from a wheel: the package's own
    `desktop/docs/` (pyproject maps the guide there). A checkout or an editable install: the
    top-level `docs/` beside the package. The file may be missing (a stripped install): the
    caller says so.
    """
    frozen_root = getattr(sys, "_MEIPASS", None)
    if frozen_root:
        return Path(frozen_root) / "docs" / GUIDE_NAME
    package = Path(__file__).resolve().parent
    installed = package / "docs" / GUIDE_NAME
    if installed.is_file():
        return installed
    return package.parent / "docs" / GUIDE_NAME
