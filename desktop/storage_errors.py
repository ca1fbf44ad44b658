"""The Vietnamese words for a storage failure (full disk, read-only or unreadable database),
shared by the command line and the window so both say the same thing.

Found by error codes, never by the error's text: SQLAlchemy's text names the statement. SQLite's
codes are read by desktop.store.probe (the store is the one place that speaks to SQLite's driver);
PostgreSQL's by their SQLSTATE.
"""

from __future__ import annotations

import errno

DISK_FULL = (
    "Ổ đĩa đã đầy, không ghi được{where}. Không có gì bị thay đổi; hãy giải phóng chỗ trống "
    "trên ổ đĩa rồi làm lại."
)
CANNOT_OPEN = (
    "Không mở được cơ sở dữ liệu{where}: tài khoản này không có quyền đọc tệp, hoặc thư mục "
    "của nó không tồn tại. Không có gì bị thay đổi."
)
NOT_A_DATABASE = (
    "Tệp{where} không phải cơ sở dữ liệu Union Desk (hoặc đã hỏng); hãy chỉ đúng tệp (--db) "
    "hoặc khôi phục từ bản sao lưu. Không có gì bị thay đổi."
)
READ_ONLY = (
    "Không ghi được vào cơ sở dữ liệu (tệp chỉ đọc hoặc tài khoản này không có quyền ghi). "
    "Không có gì bị thay đổi."
)
_FULL = (errno.ENOSPC, getattr(errno, "EDQUOT", errno.ENOSPC))  # no EDQUOT on Windows


# PostgreSQL's SQLSTATE for a full disk on the server, and for a read-only transaction (a standby).
_SERVER = {"53100": "disk_full", "25006": "read_only"}


def storage_refusal(exc: BaseException, db: object = None) -> str | None:
    """What to tell the user about `exc` when it is a storage failure, else None (a real bug)."""
    from desktop.store.probe import failure_kind

    cause = getattr(exc, "orig", None) or exc  # SQLAlchemy keeps the driver's error as .orig
    if isinstance(cause, OSError) and cause.errno in _FULL:
        where = f" tệp {cause.filename}" if cause.filename else ""
        return DISK_FULL.format(where=where)
    kind = failure_kind(cause) or _SERVER.get(str(getattr(cause, "sqlstate", "") or ""))
    if kind == "disk_full":
        return DISK_FULL.format(where=" vào cơ sở dữ liệu")
    if kind == "read_only":
        return READ_ONLY
    if kind == "not_a_database":
        return NOT_A_DATABASE.format(where=f" {db}" if db else "")
    if kind == "cannot_open":
        return CANNOT_OPEN.format(where=f" {db}" if db else "")
    return None
