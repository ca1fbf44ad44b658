"""Pieces the activity and oversight forms share: named widgets, a form row with its inline error,
the union combo and the typed date field (the question before typed changes are thrown away is
`record_form.GuardedDialog`'s). GUI thread only."""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import TypeVar

from PySide6.QtWidgets import (
    QComboBox,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QWidget,
)

from desktop.services.oversight import live_unions
from desktop.store import shared
from desktop.ui.date_input import DateInput

W = TypeVar("W", bound=QWidget)
ERROR_STYLE = "color: #b3261e;"


def named(widget: W, name: str, accessible: str) -> W:
    widget.setObjectName(name)
    widget.setAccessibleName(accessible)
    return widget


def date_edit(name: str, accessible: str, day: date | None) -> DateInput:
    """A required date typed as dd/mm/yyyy (separators optional). No range of its own on purpose:
    a mistyped year must reach the service's check, which says what is wrong."""
    return named(DateInput(day, allow_empty=False), name, accessible)


def typed_date_problems(fields: dict[str, tuple[str, DateInput]]) -> dict[str, str]:
    """Field → what is wrong with the text typed in its date field, after the field's label
    (`{"received_on": ("Ngày nhận đơn", field)}`); only enabled fields are read."""
    found: dict[str, str] = {}
    for key, (label, field) in fields.items():
        problem = field.problem() if field.isEnabled() else None
        if problem:
            found[key] = f"{label}: {problem[0].lower()}{problem[1:]}"
    return found


class FieldRows:
    """Adds `label: widget` rows to a form, each followed by a hidden red error line."""

    def __init__(self, form: QFormLayout, prefix: str) -> None:
        self.form = form
        self.prefix = prefix
        self.errors: dict[str, QLabel] = {}
        self.fields: dict[str, QWidget] = {}

    def add(self, key: str, label: str, widget: QWidget) -> None:
        caption = named(QLabel(label), f"{self.prefix}Label_{key}", label)
        caption.setBuddy(widget)
        self.form.addRow(caption, widget)
        error = named(QLabel(), f"{self.prefix}Error_{key}", f"Lỗi: {label}")
        error.setStyleSheet(ERROR_STYLE)
        error.setWordWrap(True)
        error.hide()
        self.form.addRow(None, error)  # type: ignore[call-overload]
        self.errors[key] = error
        self.fields[key] = widget

    def show(self, found: dict[str, str]) -> None:
        """Show each problem beside its field; clear the fields that are now right."""
        for key, label in self.errors.items():
            label.setText(found.get(key, ""))
            label.setVisible(key in found)
        first = next((k for k in self.errors if k in found), None)
        if first is not None:  # the keyboard user lands where the first fix is needed
            self.fields[first].setFocus()


def fill_unions(
    combo: QComboBox, db_path: Path | str, on: date, none_text: str, keep: str | None = None
) -> None:
    """The office's unions alive on `on`, after a `none_text` choice. The union chosen before
    stays in the list even if not alive that day, so the form's check can say why."""
    wanted = keep if keep is not None else combo.currentData()
    previous = {str(combo.itemData(i)): combo.itemText(i) for i in range(1, combo.count())}
    choices = live_unions(shared(db_path), on)
    combo.blockSignals(True)
    combo.clear()
    combo.addItem(none_text, "")  # never None as item data (see desktop/ui/combos.py)
    for uid, name in choices:
        combo.addItem(name, uid)
    if wanted and combo.findData(wanted) < 0 and wanted in previous:
        combo.addItem(previous[wanted], wanted)
    combo.setCurrentIndex(max(0, combo.findData(wanted)) if wanted else 0)
    combo.blockSignals(False)


def save_buttons() -> QDialogButtonBox:
    buttons = QDialogButtonBox(
        QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel
    )
    named(buttons, "formButtons", "Lưu hoặc hủy")
    save = buttons.button(QDialogButtonBox.StandardButton.Save)
    named(save, "saveButton", "Lưu").setText("Lưu")
    cancel = buttons.button(QDialogButtonBox.StandardButton.Cancel)
    named(cancel, "cancelButton", "Hủy").setText("Hủy")
    return buttons
