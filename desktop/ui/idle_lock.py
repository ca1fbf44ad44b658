"""The window locks itself after some idle minutes (setting `idle_lock_minutes`, 10 by default,
0 never): every window of the program is covered by an opaque sheet, so no personal data stays
on a shared office screen, and only the signed-in account's password takes the sheets away.

Locking hides, it never closes: a form with typed text stays open under its sheet and is there,
as typed, after the password. While locked, input reaches only the sheets (keys, clicks,
shortcuts and closing are held back), and a window that appears meanwhile (a task's message) is
covered too. Each sheet carries the password field, so whichever window is on top can unlock.
GUI thread only.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QEvent, QObject, Qt, QTimer, Signal
from PySide6.QtGui import QColor, QPalette
from PySide6.QtWidgets import (
    QApplication,
    QFrame,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from desktop.errors import UserError
from desktop.services.accounts import SignedIn
from desktop.ui.confirm_password import ERROR_STYLE, Countdown, refused_wait

COVER_COLOUR = "#1d3557"
PANEL_WIDTH = 420
ACTIVITY = frozenset(
    {
        QEvent.Type.KeyPress,
        QEvent.Type.MouseButtonPress,
        QEvent.Type.MouseMove,
        QEvent.Type.Wheel,
        QEvent.Type.TouchBegin,
        QEvent.Type.TabletPress,
    }
)
# What a locked program holds back from everything but the sheets.
INPUT = frozenset(
    {
        QEvent.Type.KeyPress,
        QEvent.Type.KeyRelease,
        QEvent.Type.Shortcut,
        QEvent.Type.ShortcutOverride,
        QEvent.Type.MouseButtonPress,
        QEvent.Type.MouseButtonRelease,
        QEvent.Type.MouseButtonDblClick,
        QEvent.Type.Wheel,
        QEvent.Type.ContextMenu,
        QEvent.Type.TouchBegin,
        QEvent.Type.TouchUpdate,
        QEvent.Type.TouchEnd,
        QEvent.Type.TabletPress,
        QEvent.Type.Close,
        QEvent.Type.InputMethod,
    }
)


def idle_minutes(db_path: Path | str) -> int:
    """The office's idle minutes before the lock (0: never)."""
    from desktop.services.settings import idle_lock_minutes
    from desktop.store import shared

    return idle_lock_minutes(shared(db_path))


class LockCover(QFrame):
    """The opaque sheet over one window, with the way back in."""

    def __init__(self, lock: IdleLock, window: QWidget) -> None:
        super().__init__(window)
        self.setObjectName("lockCover")
        self.lock, self.window_covered = lock, window
        self.setAutoFillBackground(True)
        palette = self.palette()
        palette.setColor(QPalette.ColorRole.Window, QColor(COVER_COLOUR))
        self.setPalette(palette)

        panel = QFrame()
        panel.setObjectName("lockPanel")
        panel.setStyleSheet(
            "QFrame#lockPanel { background: white; border-radius: 6px; }"
            "QLabel#lockTitle { font-size: 14pt; font-weight: 600; color: #1d3557; }"
        )
        self.panel = panel
        title = QLabel("Union Desk đã khóa")
        title.setObjectName("lockTitle")
        minutes = lock.minutes_text()
        explain = QLabel(
            f"Đã khóa sau {minutes} không dùng để bảo vệ dữ liệu cá nhân. Nhập mật khẩu của "
            f"{lock.user.full_name or lock.user.name} để mở lại; công việc đang làm dở vẫn còn "
            "nguyên."
        )
        explain.setObjectName("lockExplain")
        explain.setWordWrap(True)
        self.explain = explain
        self.password = QLineEdit()
        self.password.setObjectName("unlockPassword")
        self.password.setAccessibleName("Mật khẩu")
        self.password.setPlaceholderText("Mật khẩu")
        self.password.setEchoMode(QLineEdit.EchoMode.Password)
        self.password.returnPressed.connect(self.try_unlock)
        self.message = QLabel()
        self.message.setObjectName("unlockMessage")
        self.message.setStyleSheet(ERROR_STYLE)
        self.message.setWordWrap(True)
        self.message.hide()
        self.button = QPushButton("Mở khóa")
        self.button.setObjectName("unlockButton")
        self.button.clicked.connect(self.try_unlock)
        self.countdown = Countdown(self.button)
        inside = self.inside = QVBoxLayout(panel)
        inside.setContentsMargins(20, 16, 20, 16)
        for widget in (title, explain, self.password, self.message, self.button):
            inside.addWidget(widget)
        layout = QVBoxLayout(self)
        layout.addStretch(1)
        layout.addWidget(panel, 0, Qt.AlignmentFlag.AlignHCenter)
        layout.addStretch(2)

        self._fit()
        window.installEventFilter(self)
        self.raise_()
        self.show()

    def _fit(self) -> None:
        # A fixed width lets the wrapped explanation take the height it needs; a small window
        # (a message box) gets a narrower panel.
        self.setGeometry(self.window_covered.rect())
        width = max(200, min(PANEL_WIDTH, self.window_covered.width() - 24))
        self.panel.setFixedWidth(width)
        margins = self.inside.contentsMargins()
        self._inner = width - margins.left() - margins.right()
        for label in (self.explain, self.message):
            if label.text():
                label.setFixedHeight(label.heightForWidth(self._inner))

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if watched is self.window_covered and event.type() == QEvent.Type.Resize:
            self._fit()
        return False

    def try_unlock(self) -> None:
        if not self.button.isEnabled():
            return
        try:
            self.lock.unlock(self.password.text())
        except UserError as exc:
            self.message.setText(exc.message)
            self.message.setFixedHeight(self.message.heightForWidth(self._inner))
            self.message.show()
            self.countdown.hold(refused_wait(exc))
            self.password.clear()
            self.password.setFocus(Qt.FocusReason.OtherFocusReason)

    def remove(self) -> None:
        self.window_covered.removeEventFilter(self)
        self.hide()
        self.deleteLater()


def _coverable(widget: QObject) -> bool:
    """A window of the program that may show data (not a tooltip or an open menu)."""
    return (
        isinstance(widget, QWidget)
        and widget.isWindow()
        and widget.windowType() not in (Qt.WindowType.ToolTip, Qt.WindowType.Popup)
    )


def _inside_cover(widget: QObject) -> bool:
    found: QObject | None = widget
    while found is not None:
        if isinstance(found, LockCover):
            return True
        found = found.parent()
    return False


class IdleLock(QObject):
    """Locks the program `interval_ms` after the last key, click or mouse move anywhere in it
    (0: never). `locked_changed(True/False)` says when it locks and unlocks."""

    locked_changed = Signal(bool)

    def __init__(
        self, db_path: Path | str, user: SignedIn, interval_ms: int, parent: QObject | None = None
    ) -> None:
        super().__init__(parent)
        self.db_path, self.user = db_path, user
        self.covers: list[LockCover] = []
        self._focus: QWidget | None = None
        self.timer = QTimer(self)
        self.timer.setSingleShot(True)
        self.timer.timeout.connect(self.lock)
        app = QApplication.instance()
        assert app is not None
        app.installEventFilter(self)
        self.start(interval_ms)

    def start(self, interval_ms: int) -> None:
        """Count idle time from now with this interval (0 stops counting)."""
        self.timer.stop()
        self.timer.setInterval(max(interval_ms, 0))
        if interval_ms > 0 and not self.locked:
            self.timer.start()

    @property
    def locked(self) -> bool:
        return bool(self.covers)

    def minutes_text(self) -> str:
        minutes = self.timer.interval() // 60_000
        return f"{minutes} phút" if minutes >= 1 else "một lúc"

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        kind = event.type()
        if not self.covers:
            if kind in ACTIVITY and self.timer.interval() > 0:
                self.timer.start()
            return False
        if kind == QEvent.Type.Show and _coverable(watched):
            if not _inside_cover(watched) and not self._covered(watched):  # type: ignore[arg-type]
                QTimer.singleShot(0, watched, lambda w=watched: self._cover_late(w))
            return False
        if kind not in INPUT:
            return False
        if kind == QEvent.Type.Close:
            if not event.spontaneous():
                return False  # the program closing a finished progress dialog
            event.ignore()  # else Qt closes the window without asking about unsaved work
            return True
        if isinstance(watched, QWidget):
            return not _inside_cover(watched)
        # Shortcuts reach actions; other input reaches the platform window first, then the widget.
        return kind == QEvent.Type.Shortcut

    def _covered(self, window: QWidget) -> bool:
        return any(c.window_covered is window for c in self.covers)

    def _cover_late(self, window: QWidget) -> None:
        from shiboken6 import isValid

        if self.covers and isValid(window) and window.isVisible() and not self._covered(window):
            self.covers.append(LockCover(self, window))

    def lock(self) -> None:
        """Cover every window of the program now."""
        if self.covers:
            return
        self.timer.stop()
        popup = QApplication.activePopupWidget()
        if popup is not None:
            popup.close()  # an open menu or list would stay above the sheet
        self._focus = QApplication.focusWidget()
        top = QApplication.activeModalWidget() or QApplication.activeWindow()
        for window in QApplication.topLevelWidgets():
            if window.isVisible() and _coverable(window) and not _inside_cover(window):
                self.covers.append(LockCover(self, window))
        target = next((c for c in self.covers if c.window_covered is top), None)
        if target is None:
            target = next((c for c in self.covers if c.window_covered is self.parent()), None)
        if target is None and self.covers:
            target = self.covers[0]
        if target is not None:
            target.password.setFocus(Qt.FocusReason.OtherFocusReason)
        self.locked_changed.emit(True)

    def unlock(self, password: str) -> None:
        """Take the sheets away if `password` is the signed-in account's; UserError otherwise
        (the service's words, with any wait after repeated failures)."""
        from desktop.services.accounts import confirm_password
        from desktop.store import shared

        confirm_password(shared(self.db_path), self.user, password)
        self.release()

    def release(self) -> None:
        """Remove every sheet and count idle time again (after the password was confirmed)."""
        from shiboken6 import isValid

        covers, self.covers = self.covers, []
        for cover in covers:
            if isValid(cover):
                cover.remove()
        if self._focus is not None and isValid(self._focus):
            self._focus.setFocus(Qt.FocusReason.OtherFocusReason)  # typing goes on where it was
        self._focus = None
        if self.timer.interval() > 0:
            self.timer.start()
        self.locked_changed.emit(False)

    def stop(self) -> None:
        """The window closes: no more counting, no filter left on the application."""
        self.timer.stop()
        app = QApplication.instance()
        if app is not None:
            app.removeEventFilter(self)
