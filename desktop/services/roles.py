"""What each role may do: the whole matrix in one table, read by the window and the command line.

Administrators do everything. Staff keep the records, import, export and print, and take
backups; accounts, key operations (create, rotate, back up, restore, trust keys) and restoring a
backup over the data are for administrators. Viewers look: they see citizen IDs masked and can
neither change, import, export nor print (Law 91/2025/QH15: access limited by role).
"""

from __future__ import annotations

from enum import StrEnum

from desktop.errors import UserError
from desktop.services.accounts import ADMIN, ROLE_LABELS, STAFF, VIEWER, SignedIn


class Action(StrEnum):
    VIEW = "view"
    VIEW_FULL_ID = "view_full_id"
    EDIT = "edit"
    IMPORT = "import"
    EXPORT = "export"
    PRINT = "print"
    BACKUP = "backup"
    KEYS = "keys"
    USERS = "users"
    RESTORE = "restore"


# What a refusal says the account may not do: "Tài khoản lan (Chỉ xem) không được …".
ACTION_LABELS: dict[Action, str] = {
    Action.VIEW: "xem dữ liệu",
    Action.VIEW_FULL_ID: "xem đầy đủ số CCCD",
    Action.EDIT: "sửa dữ liệu",
    Action.IMPORT: "nhập dữ liệu",
    Action.EXPORT: "xuất dữ liệu",
    Action.PRINT: "in danh sách, báo cáo",
    Action.BACKUP: "sao lưu dữ liệu",
    Action.KEYS: "thao tác với khóa ký, khóa mã hóa",
    Action.USERS: "quản lý tài khoản",
    Action.RESTORE: "khôi phục dữ liệu từ bản sao lưu",
}

MATRIX: dict[str, frozenset[Action]] = {
    ADMIN: frozenset(Action),
    STAFF: frozenset(Action) - {Action.KEYS, Action.USERS, Action.RESTORE},
    VIEWER: frozenset({Action.VIEW}),
}

REFUSED = "Tài khoản {name} ({role}) không được {action}."


def allowed(user: SignedIn | None, action: Action) -> bool:
    """Whether `user` may do `action`; None (a database without accounts) may do everything."""
    if user is None:
        return True
    return action in MATRIX.get(user.role, frozenset())


def require(user: SignedIn | None, action: Action) -> None:
    """UserError naming the account, its role and the action when `user` may not do it."""
    if user is not None and not allowed(user, action):
        raise UserError(
            REFUSED.format(
                name=user.name,
                role=ROLE_LABELS.get(user.role, user.role),
                action=ACTION_LABELS[action],
            )
        )


def permit(action: Action) -> None:
    """`require` for the account signed in to this process: the services ask it themselves,
    so a button that was not disabled, or a script calling them, cannot get round a role."""
    from desktop.services.accounts import current_user

    require(current_user(), action)
