"""What every form dialog shares (members, unions, prospects, activities, complaints,
inspections, the office's settings): it asks before typed work is thrown away («Lưu / Không lưu /
Hủy» on Esc, «Hủy» and the window's close button), and when its record changed after it opened it
offers to read it again («Tải lại» / «Hủy»). GUI thread only.
"""

from __future__ import annotations

from PySide6.QtWidgets import (
    QAbstractButton,
    QAbstractSpinBox,
    QComboBox,
    QDialog,
    QLineEdit,
    QMessageBox,
    QPlainTextEdit,
    QWidget,
)

from desktop.services.stale import StaleRecord
from desktop.ui import unsaved

RELOADED = "Đã tải lại bản mới nhất; xem lại rồi bấm «Lưu»."
NOT_SAVED = "{statement} Biểu mẫu chưa được lưu."


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

    def mark_clean(self) -> None:
        self._clean = self.values()

    def dirty(self) -> bool:
        return self.values() != getattr(self, "_clean", None)

    def try_save(self) -> bool:
        raise NotImplementedError

    def reload(self) -> None:
        raise NotImplementedError

    def reject(self) -> None:
        """Esc, «Hủy» and the close button all come here: typed work is never lost unasked."""
        if self.dirty():
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
