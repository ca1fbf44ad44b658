"""Who may do what on screen: the signed-in account's role decides which actions are enabled (a
disabled one says why on hover), and the password is asked again before personal data or keys
leave the program (exports, saved and printed reports, bundles, key cards and backups).

The screens only mirror the rules: every service still checks the role itself
(`desktop.services.roles.require`), so a hidden button is never the only guard. On a database
without accounts nobody signs in (`current_user()` is None) and everything is allowed, as before
accounts existed. GUI thread only.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, Qt, QTimer
from PySide6.QtGui import QAction
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from desktop.errors import UserError

if TYPE_CHECKING:
    from desktop.services.accounts import SignedIn
    from desktop.services.roles import Action

ERROR_STYLE = "color: #b3261e;"


def signed_in() -> SignedIn | None:
    """The account this process works for; None on a database without accounts."""
    from desktop.services.accounts import current_user

    return current_user()


def may(action: Action, user: SignedIn | None = None) -> bool:
    """May `user` (by default the one signed in) do `action`?"""
    from desktop.services.roles import allowed

    return allowed(user if user is not None else signed_in(), action)


def refusal(action: Action, user: SignedIn | None = None) -> str:
    """Why `user` may not do `action`, in the role service's own words; "" when allowed."""
    from desktop.services.roles import require

    try:
        require(user if user is not None else signed_in(), action)
    except UserError as exc:
        return exc.message
    return ""


def gate(target: QWidget | QAction, action: Action, user: SignedIn | None = None) -> bool:
    """Enable `target` only for a role that may do `action`; a refused one says why on hover.
    True when allowed (the caller may then apply its own conditions)."""
    reason = refusal(action, user)
    if reason:
        target.setEnabled(False)
        target.setToolTip(reason)
        return False
    return True


def who(user: SignedIn) -> str:
    """«Nguyễn Văn An (Quản trị)»: how the title, the status bar and prompts name an account."""
    return f"{user.full_name or user.name} ({user.role_label})"


class Countdown(QObject):
    """The wait the account service imposes after repeated failures, kept on screen: the button
    stays disabled and counts down («Chờ 4 giây»), then takes its own text back. A try made
    sooner would only be refused again (and the service refuses it anyway)."""

    def __init__(self, button: QPushButton) -> None:
        super().__init__(button)
        self.button, self.text, self.left = button, button.text(), 0
        self.timer = QTimer(self)
        self.timer.setInterval(1000)
        self.timer.timeout.connect(self.tick)

    def hold(self, seconds: int) -> None:
        self.left = seconds
        if seconds > 0:
            self.button.setEnabled(False)
            self.button.setText(f"Chờ {seconds} giây")
            self.timer.start()

    def tick(self) -> None:
        """One second has passed."""
        self.left -= 1
        if self.left > 0:
            self.button.setText(f"Chờ {self.left} giây")
            return
        self.timer.stop()
        self.button.setText(self.text)
        self.button.setEnabled(True)


def refused_wait(exc: UserError) -> int:
    """Seconds before the next try may be made (0 for a plain refusal)."""
    return int(getattr(exc, "wait_seconds", 0))


class PasswordAgainDialog(QDialog):
    """«Nhập lại mật khẩu của … để …»: accepted only once the service confirms the password; a
    wrong one is said inside the dialog (with any waiting time) and the dialog stays open."""

    def __init__(
        self, db_path: Path | str, user: SignedIn, what: str, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.setObjectName("passwordAgain")
        self.setWindowTitle("Xác nhận mật khẩu")
        self.db_path, self.user = db_path, user
        prompt = QLabel(f"Nhập lại mật khẩu của {user.full_name or user.name} để {what}.")
        prompt.setObjectName("passwordAgainPrompt")
        prompt.setWordWrap(True)
        self.password = QLineEdit()
        self.password.setObjectName("passwordAgainField")
        self.password.setAccessibleName("Mật khẩu")
        self.password.setEchoMode(QLineEdit.EchoMode.Password)
        self.message = QLabel()
        self.message.setObjectName("passwordAgainMessage")
        self.message.setStyleSheet(ERROR_STYLE)
        self.message.setWordWrap(True)
        self.message.hide()
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        for which, name, text in (
            (QDialogButtonBox.StandardButton.Ok, "passwordAgainOk", "Xác nhận"),
            (QDialogButtonBox.StandardButton.Cancel, "passwordAgainCancel", "Hủy"),
        ):
            button = buttons.button(which)
            button.setText(text)
            button.setObjectName(name)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        self.buttons = buttons
        self.ok_button = buttons.button(QDialogButtonBox.StandardButton.Ok)
        self.countdown = Countdown(self.ok_button)
        layout = QVBoxLayout(self)
        layout.addWidget(prompt)
        layout.addWidget(self.password)
        layout.addWidget(self.message)
        layout.addWidget(buttons)
        self.setMinimumWidth(380)
        self.password.setFocus(Qt.FocusReason.OtherFocusReason)

    def accept(self) -> None:
        from desktop.services.accounts import confirm_password
        from desktop.store import shared

        if not self.ok_button.isEnabled():
            return  # still waiting after failures
        try:
            confirm_password(shared(self.db_path), self.user, self.password.text())
        except UserError as exc:
            self.message.setText(exc.message)
            self.message.show()
            self.adjustSize()  # room for the message without squeezing the question
            self.countdown.hold(refused_wait(exc))
            self.password.clear()
            self.password.setFocus(Qt.FocusReason.OtherFocusReason)
            return
        super().accept()


def confirm_again(parent: QWidget | None, db_path: Path | str, what: str) -> bool:
    """Ask the signed-in account's password before `what` (Vietnamese, «xuất danh sách đoàn
    viên»); True when confirmed, and at once on a database without accounts."""
    user = signed_in()
    if user is None:
        return True
    dialog = PasswordAgainDialog(db_path, user, what, parent)
    return dialog.exec() == QDialog.DialogCode.Accepted
