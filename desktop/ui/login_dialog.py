"""«Đăng nhập»: the name and password asked before a window opens on a database with accounts.

The account service decides everything (one message for an unknown name and a wrong password,
the growing wait after failures); the dialog shows its message, keeps the button disabled for
the wait, and hands back the account signed in. GUI thread only.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QVBoxLayout,
    QWidget,
)

from desktop.errors import UserError
from desktop.services.accounts import SignedIn
from desktop.store.target import parse_target
from desktop.ui.confirm_password import ERROR_STYLE, Countdown, refused_wait


class LoginDialog(QDialog):
    """`user` is the account once accepted; «Thoát» (or Esc, or the close button) rejects."""

    def __init__(
        self, db_path: Path | str, office: str = "", parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.setObjectName("loginDialog")
        self.setWindowTitle("Đăng nhập — Union Desk")
        self.db_path = db_path
        self.user: SignedIn | None = None
        heading = QLabel(office or "Union Desk")
        heading.setObjectName("loginOffice")
        heading.setWordWrap(True)
        heading.setStyleSheet("font-size: 13pt; font-weight: 600; color: #1d3557;")
        target = parse_target(db_path)  # named without opening it: the dialog shows at once
        # A file by its name (the whole path on hover); a server by its URL, never its password.
        named = target.path.name if target.path is not None else target.label
        where = QLabel(f"Cơ sở dữ liệu: {named}")
        where.setObjectName("loginDatabase")
        where.setToolTip(str(target.path.resolve()) if target.path is not None else target.label)
        self.name = QLineEdit()
        self.name.setObjectName("loginName")
        self.name.setAccessibleName("Tên đăng nhập")
        self.password = QLineEdit()
        self.password.setObjectName("loginPassword")
        self.password.setAccessibleName("Mật khẩu")
        self.password.setEchoMode(QLineEdit.EchoMode.Password)
        form = QFormLayout()
        form.addRow("Tên đăng nhập", self.name)
        form.addRow("Mật khẩu", self.password)
        self.message = QLabel()
        self.message.setObjectName("loginMessage")
        self.message.setStyleSheet(ERROR_STYLE)
        self.message.setWordWrap(True)
        self.message.hide()
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        self.login_button = buttons.button(QDialogButtonBox.StandardButton.Ok)
        self.quit_button = buttons.button(QDialogButtonBox.StandardButton.Cancel)
        for button, name, text in (
            (self.login_button, "loginButton", "Đăng nhập"),
            (self.quit_button, "loginQuit", "Thoát"),
        ):
            button.setText(text)
            button.setObjectName(name)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        self.countdown = Countdown(self.login_button)
        layout = QVBoxLayout(self)
        layout.addWidget(heading)
        layout.addWidget(where)
        layout.addLayout(form)
        layout.addWidget(self.message)
        layout.addWidget(buttons)
        self.setMinimumWidth(420)
        self.name.setFocus(Qt.FocusReason.OtherFocusReason)

    def accept(self) -> None:
        """Ask the service; on refusal say its message here and stay open."""
        from desktop.services.accounts import sign_in
        from desktop.store import shared

        if not self.login_button.isEnabled():
            return  # still waiting after failures
        if not self.name.text().strip():
            self.say("Hãy nhập tên đăng nhập.")
            self.name.setFocus(Qt.FocusReason.OtherFocusReason)
            return
        try:
            self.user = sign_in(shared(self.db_path), self.name.text(), self.password.text())
        except UserError as exc:
            self.say(exc.message)
            self.countdown.hold(refused_wait(exc))
            self.password.clear()
            self.password.setFocus(Qt.FocusReason.OtherFocusReason)
            return
        super().accept()

    def say(self, text: str) -> None:
        self.message.setText(text)
        self.message.show()
        self.adjustSize()


def ask_sign_in(
    db_path: Path | str, office: str = "", parent: QWidget | None = None
) -> SignedIn | None:
    """The account that signed in on `db_path`, or None when the user chose «Thoát»."""
    dialog = LoginDialog(db_path, office, parent)
    if dialog.exec() == QDialog.DialogCode.Accepted:
        return dialog.user
    return None
