"""What every form dialog shares (members, unions, prospects, activities, complaints,
inspections, the office's settings): it asks before typed work is thrown away («Lưu / Không lưu /
Hủy» on Esc, «Hủy» and the window's close button), and when its record changed after it opened it
offers to read it again («Tải lại» / «Hủy»). A role that may not edit (a viewer) gets every
form read-only: fields locked, «Lưu» disabled saying why, «Hủy» reads «Đóng». GUI thread only.
"""

from __future__ import annotations

from PySide6.QtGui import QShowEvent
from PySide6.QtWidgets import (
    QAbstractButton,
    QAbstractItemView,
    QAbstractSpinBox,
    QBoxLayout,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPlainTextEdit,
    QPushButton,
    QTextEdit,
    QWidget,
)

from desktop.services.stale import StaleRecord
from desktop.ui import unsaved

RELOADED = "Đã tải lại bản mới nhất; xem lại rồi bấm «Lưu»."
NOT_SAVED = "{statement} Biểu mẫu chưa được lưu."
READ_ONLY = "Chỉ xem: {reason}"


def ask_reload(parent: QWidget | None, message: str) -> bool:
    """«Tải lại» (True) or «Hủy» (False, the form stays as typed); Esc is «Hủy»."""
    return unsaved.ask_two_ways(
        parent,
        "staleQuestion",
        "Đã có thay đổi khác",
        message,
        ("Tải lại", "staleReload"),
        ("Hủy", "staleCancel"),
        icon=QMessageBox.Icon.Warning,
        default_go=True,
    )


def _value(widget: QWidget) -> object:
    if isinstance(widget, QLineEdit):
        return widget.text()
    if isinstance(widget, QPlainTextEdit):
        return widget.toPlainText()
    if isinstance(widget, QComboBox):
        return widget.currentIndex()
    if isinstance(widget, QAbstractSpinBox):
        return widget.text()
    if isinstance(widget, QAbstractButton) and widget.isCheckable():
        return widget.isChecked()
    return None


class GuardedDialog(QDialog):
    """A form dialog: `try_save()` saves and accepts (or shows what to fix and stays open);
    `reload()` reads its record again. Call `mark_clean()` once the fields are filled; the form
    is changed ("dirty") while `values()` differs from what it was then."""

    what = "Biểu mẫu"  # how the «Lưu / Không lưu / Hủy» question names the form

    def values(self) -> object:
        """Everything typed or chosen in the dialog's fields, in a fixed order. A form whose
        choices live outside plain fields (checked list items…) returns what it would save."""
        found = (_value(w) for w in self.findChildren(QWidget))
        return tuple(v for v in found if v is not None)

    read_only = False

    def mark_clean(self) -> None:
        self._apply_role()
        self._clean = self.values()

    def showEvent(self, event: QShowEvent) -> None:
        self._apply_role()
        super().showEvent(event)

    def _apply_role(self) -> None:
        from desktop.services.roles import Action
        from desktop.ui.confirm_password import refusal

        if not self.read_only:
            reason = refusal(Action.EDIT)
            if reason:
                self.make_read_only(reason)

    def make_read_only(self, reason: str) -> None:
        """Lock every field and every button that would write; say why above the form."""
        self.read_only = True
        for widget in self.findChildren(QWidget):
            if isinstance(widget, QLineEdit | QPlainTextEdit | QTextEdit | QAbstractSpinBox):
                widget.setReadOnly(True)
            elif isinstance(widget, QComboBox) or (
                isinstance(widget, QAbstractButton) and widget.isCheckable()
            ):
                widget.setEnabled(False)
            elif isinstance(widget, QAbstractItemView):
                widget.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        closing: set[QAbstractButton] = set()
        for box in self.findChildren(QDialogButtonBox):
            for button in box.buttons():
                if box.buttonRole(button) == QDialogButtonBox.ButtonRole.RejectRole:
                    button.setText("Đóng")
                    closing.add(button)
        for button in self.findChildren(QPushButton):
            if button not in closing and not button.isCheckable():
                button.setEnabled(False)
                button.setToolTip(reason)
        layout = self.layout()
        if isinstance(layout, QBoxLayout):  # else the disabled «Lưu» says it on hover
            banner = QLabel(READ_ONLY.format(reason=reason))
            banner.setObjectName("readOnlyNotice")
            banner.setWordWrap(True)
            banner.setStyleSheet(
                "background: #fff4ce; border: 1px solid #e0a100; padding: 6px; color: #5c3c00;"
            )
            layout.insertWidget(0, banner)

    def dirty(self) -> bool:
        return self.values() != getattr(self, "_clean", None)

    def try_save(self) -> bool:
        raise NotImplementedError

    def reload(self) -> None:
        raise NotImplementedError

    def reject(self) -> None:
        """Esc, «Hủy» and the close button all come here: typed work is never lost unasked."""
        if not self.read_only and self.dirty():
            answer = unsaved.ask_unsaved(self, self.what)
            if answer == "cancel":
                return
            if answer == "save":
                self.try_save()  # closes when saved; shows what to fix otherwise
                return
        super().reject()

    def after_stale(self, exc: StaleRecord) -> str:
        """Ask whether to read the record again; what to show beside the form's first field."""
        if ask_reload(self, exc.message):
            self.reload()
            self.mark_clean()
            return RELOADED
        return NOT_SAVED.format(statement=exc.statement)
