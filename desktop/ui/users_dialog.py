"""Tệp → Tài khoản người dùng…: the administrator's list of accounts, where accounts are added,
given another role, given a new password, locked and opened again.

Every change goes through desktop.services.accounts after `roles.require(…, USERS)`; what the
service refuses (a bad name, a short password, taking the last administrator's rights) is said
inside the dialog that asked. GUI thread only.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from desktop.errors import UserError
from desktop.format import vn_date
from desktop.services import accounts
from desktop.services.accounts import ROLE_LABELS, AccountInfo, SignedIn
from desktop.services.roles import Action, require
from desktop.store import Store, shared
from desktop.ui import unsaved
from desktop.ui.combos import add_items, chosen, select
from desktop.ui.confirm_password import ERROR_STYLE, signed_in

COLUMNS = ("Tên đăng nhập", "Họ và tên", "Vai trò", "Trạng thái", "Ngày tạo")
ROLE_HELP = {
    accounts.ADMIN: "mọi việc, kể cả tài khoản, khóa ký và khôi phục",
    accounts.STAFF: "nhập, sửa, xuất, in, sao lưu",
    accounts.VIEWER: "chỉ xem; số CCCD bị che",
}
FORM_TITLES = {
    "add": "Thêm tài khoản",
    "role": "Đổi vai trò",
    "password": "Đặt lại mật khẩu",
    "own": "Đổi mật khẩu của tôi",
}
DIFFERENT = "Hai lần nhập mật khẩu không khớp."
SELF_DISABLE = "Không thể khóa tài khoản đang đăng nhập; hãy đăng nhập bằng quản trị khác."


def _allowed() -> None:
    """The signed-in role may manage accounts (UserError otherwise)."""
    require(signed_in(), Action.USERS)


def _password_field(name: str) -> QLineEdit:
    field = QLineEdit()
    field.setObjectName(name)
    field.setEchoMode(QLineEdit.EchoMode.Password)
    return field


class AccountForm(QDialog):
    """One change to one account: «add» (every field), «role», «password» (an administrator's
    reset) or «own» (the signed-in account's new password, after its current one). `accept()`
    asks the service and stays open with its message when refused."""

    def __init__(
        self,
        db_path: Path | str,
        mode: str,
        account: AccountInfo | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("accountForm")
        self.setWindowTitle(FORM_TITLES[mode])
        self.db_path, self.mode, self.account = db_path, mode, account
        self.store = shared(db_path)  # the window's handle on this database
        form = QFormLayout()
        self.name = QLineEdit()
        self.name.setObjectName("accountName")
        self.name.setPlaceholderText("ví dụ lan.nguyen")
        self.full_name = QLineEdit()
        self.full_name.setObjectName("accountFullName")
        self.role = add_items(
            QComboBox(),
            [(f"{label} — {ROLE_HELP[code]}", code) for code, label in ROLE_LABELS.items()],
        )
        self.role.setObjectName("accountRole")
        self.current = _password_field("accountCurrentPassword")
        self.password = _password_field("accountPassword")
        self.again = _password_field("accountPasswordAgain")
        if mode == "add":
            form.addRow("Tên đăng nhập", self.name)
            form.addRow("Họ và tên", self.full_name)
            select(self.role, accounts.STAFF)
        else:
            assert account is not None
            shown = f"{account.name} ({account.full_name})" if account.full_name else account.name
            form.addRow("Tài khoản", QLabel(shown))
        if mode in ("add", "role"):
            form.addRow("Vai trò", self.role)
            if account is not None:
                select(self.role, account.role)
        if mode == "own":
            form.addRow("Mật khẩu đang dùng", self.current)
        if mode in ("add", "password", "own"):
            form.addRow("Mật khẩu mới" if mode != "add" else "Mật khẩu", self.password)
            form.addRow("Nhập lại mật khẩu", self.again)
        self.message = QLabel()
        self.message.setObjectName("accountMessage")
        self.message.setStyleSheet(ERROR_STYLE)
        self.message.setWordWrap(True)
        self.message.hide()
        buttons = QDialogButtonBox()
        ok = buttons.addButton("Lưu", QDialogButtonBox.ButtonRole.AcceptRole)
        ok.setObjectName("accountSave")
        cancel = buttons.addButton("Hủy", QDialogButtonBox.ButtonRole.RejectRole)
        cancel.setObjectName("accountCancel")
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.message)
        layout.addWidget(buttons)
        self.setMinimumWidth(460)

    def accept(self) -> None:
        try:
            self.apply()
        except UserError as exc:
            self.message.setText(exc.message)
            self.message.show()
            return
        super().accept()

    def apply(self) -> None:
        if self.mode != "own":
            _allowed()
        role = str(chosen(self.role))
        if self.mode != "role" and self.password.text() != self.again.text():
            raise UserError(DIFFERENT)
        if self.mode == "own":
            assert self.account is not None
            me = SignedIn(self.account.name, self.account.full_name, self.account.role)
            accounts.confirm_password(self.store, me, self.current.text())
            accounts.change_password(self.store, me.name, self.password.text())
            return
        if self.mode == "add":
            accounts.create_account(
                self.store, self.name.text(), self.password.text(), role, self.full_name.text()
            )
            return
        assert self.account is not None
        if self.mode == "role":
            accounts.set_role(self.store, self.account.name, role)
        else:
            accounts.change_password(self.store, self.account.name, self.password.text())


class UsersDialog(QDialog):
    def __init__(self, db_path: Path | str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("usersDialog")
        self.setWindowTitle("Tài khoản người dùng")
        self.db_path = db_path
        self.store = shared(db_path)  # the window's handle on this database
        self.accounts: list[AccountInfo] = []
        self.table = QTableWidget(0, len(COLUMNS))
        self.table.setObjectName("accountsTable")
        self.table.setAccessibleName("Danh sách tài khoản")
        self.table.setHorizontalHeaderLabels(list(COLUMNS))
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.verticalHeader().hide()
        self.table.horizontalHeader().setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        self.table.currentCellChanged.connect(lambda *_: self._enable())
        self.message = QLabel()
        self.message.setObjectName("usersMessage")
        self.message.setWordWrap(True)
        self.buttons: dict[str, QPushButton] = {}
        row = QHBoxLayout()
        for key, text, slot in (
            ("add", "Thêm tài khoản…", lambda: self._form("add")),
            ("role", "Đổi vai trò…", lambda: self._form("role")),
            ("password", "Đặt lại mật khẩu…", lambda: self._form("password")),
            ("disable", "Khóa tài khoản", self.disable_selected),
            ("enable", "Mở lại tài khoản", self.enable_selected),
        ):
            button = QPushButton(text)
            button.setObjectName(f"users_{key}")
            button.clicked.connect(slot)
            self.buttons[key] = button
            row.addWidget(button)
        row.addStretch(1)
        close = QPushButton("Đóng")
        close.setObjectName("usersClose")
        close.clicked.connect(self.accept)
        row.addWidget(close)
        layout = QVBoxLayout(self)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.message)
        layout.addLayout(row)
        self.resize(760, 420)
        self.refresh()

    def refresh(self, keep: str | None = None) -> None:
        """Read the accounts again; select `keep` (a name) if given."""
        self.accounts = accounts.list_accounts(self.store)
        self.table.setRowCount(len(self.accounts))
        for r, a in enumerate(self.accounts):
            texts = (
                a.name,
                a.full_name,
                a.role_label,
                "Đang dùng" if a.active else "Đã khóa",
                vn_date(a.created_at.date()),
            )
            for c, text in enumerate(texts):
                self.table.setItem(r, c, QTableWidgetItem(text))
        self.table.resizeColumnToContents(0)
        names = [a.name for a in self.accounts]
        if keep in names:
            self.table.selectRow(names.index(keep))
        self._enable()

    def selected(self) -> AccountInfo | None:
        row = self.table.currentRow()
        return self.accounts[row] if 0 <= row < len(self.accounts) else None

    def _enable(self) -> None:
        account = self.selected()
        for key in ("role", "password"):
            self.buttons[key].setEnabled(account is not None)
        self.buttons["disable"].setEnabled(account is not None and account.active)
        self.buttons["enable"].setEnabled(account is not None and not account.active)

    def form(self, mode: str) -> AccountForm:
        """The form for `mode` on the selected account (a new one for «add»)."""
        return AccountForm(self.db_path, mode, None if mode == "add" else self.selected(), self)

    def _form(self, mode: str) -> None:
        form = self.form(mode)
        if form.exec() == QDialog.DialogCode.Accepted:
            name = form.name.text().strip().lower() if mode == "add" else form.account.name  # type: ignore[union-attr]
            self.refresh(name)
            self.message.setText(
                {
                    "add": f"Đã thêm tài khoản {name}.",
                    "role": f"Đã đổi vai trò của {name}; có hiệu lực từ lần đăng nhập sau.",
                    "password": f"Đã đặt lại mật khẩu của {name}.",
                }[mode]
            )

    def _change(self, what: Callable[[Store, str], None], said: str, name: str) -> None:
        try:
            _allowed()
            what(self.store, name)
        except UserError as exc:
            self.message.setText(f"<span style='color:#b3261e'>{exc.message}</span>")
            return
        self.refresh(name)
        self.message.setText(said)

    def disable_selected(self, confirm: bool = True) -> None:
        account = self.selected()
        if account is None:
            return
        me = signed_in()
        if me is not None and me.name == account.name:
            self.message.setText(f"<span style='color:#b3261e'>{SELF_DISABLE}</span>")
            return
        if confirm and not unsaved.ask_two_ways(
            self,
            "disableQuestion",
            "Khóa tài khoản",
            f"Khóa tài khoản «{account.name}»? Người này sẽ không đăng nhập được nữa "
            "(các dòng nhật ký mang tên họ vẫn được giữ).",
            ("Khóa", "disableGo"),
            ("Không khóa", "disableStay"),
        ):
            return
        self._change(accounts.disable_account, f"Đã khóa tài khoản {account.name}.", account.name)

    def enable_selected(self) -> None:
        account = self.selected()
        if account is not None:
            self._change(
                accounts.enable_account, f"Đã mở lại tài khoản {account.name}.", account.name
            )


def change_own_password(parent: QWidget | None, db_path: Path | str, user: SignedIn) -> bool:
    """Tệp → Đổi mật khẩu…: the signed-in account's new password; True once changed."""
    from datetime import datetime

    me = AccountInfo(user.name, user.full_name, user.role, True, datetime.now(), 0)
    return AccountForm(db_path, "own", me, parent).exec() == QDialog.DialogCode.Accepted
