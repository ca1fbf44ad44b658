"""Refuse-or-warn for database files on network shares and removable drives.

SQLite's locking and WAL are unreliable over SMB/NFS, and a USB stick can be pulled mid-write: both
lose data. We warn (the office may have no other disk) and say why.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

NETWORK_FS = {"nfs", "nfs4", "cifs", "smbfs", "smb3", "fuse.sshfs", "9p", "afs", "ncpfs"}
REMOVABLE_PREFIXES = ("/media/", "/run/media/", "/mnt/usb")

NETWORK_WARNING = (
    "Cơ sở dữ liệu {path} nằm trên ổ mạng: SQLite không an toàn khi ghi qua mạng, có thể hỏng dữ liệu. "
    "Hãy chép tệp về ổ đĩa trong máy."
)
REMOVABLE_WARNING = (
    "Cơ sở dữ liệu {path} nằm trên ổ di động (USB): rút ổ khi đang ghi sẽ hỏng dữ liệu. "
    "Hãy chép tệp về ổ đĩa trong máy."
)


def _linux_fs_type(path: Path) -> str | None:
    try:
        mounts = Path("/proc/mounts").read_text().splitlines()
    except OSError:
        return None
    best, best_type = "", None
    target = str(path.resolve())
    for line in mounts:
        parts = line.split()
        if len(parts) < 3 or len(parts[1]) <= len(best):
            continue
        if target == parts[1] or target.startswith(parts[1].rstrip("/") + "/"):
            best, best_type = parts[1], parts[2]
    return best_type


def _windows_drive_type(path: Path) -> int | None:
    import ctypes

    drive = os.path.splitdrive(str(path.resolve()))[0]
    if not drive:
        return None
    if drive.startswith("\\\\"):
        return 4  # a UNC path is a network location
    return int(ctypes.windll.kernel32.GetDriveTypeW(drive + "\\"))  # type: ignore[attr-defined]


def storage_warning(path: Path) -> str | None:
    """A Vietnamese warning when `path` is on a network share or removable drive, else None."""
    folder = path.parent if not path.is_dir() else path
    if sys.platform == "win32":
        kind = _windows_drive_type(folder)
        if kind == 4:  # DRIVE_REMOTE
            return NETWORK_WARNING.format(path=path)
        if kind == 2:  # DRIVE_REMOVABLE
            return REMOVABLE_WARNING.format(path=path)
        return None
    fs_type = _linux_fs_type(folder)
    if fs_type in NETWORK_FS:
        return NETWORK_WARNING.format(path=path)
    if str(folder.resolve()).startswith(REMOVABLE_PREFIXES):
        return REMOVABLE_WARNING.format(path=path)
    return None
