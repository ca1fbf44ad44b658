"""«Lịch sử thay đổi…» on a record's form: that record's entries of the audit trail."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtWidgets import QDialogButtonBox, QPushButton, QWidget


def add_history_button(
    buttons: QDialogButtonBox,
    form: QWidget,
    db_path: Path | str,
    table: str,
    record_id: str,
    name: str,
) -> QPushButton:
    """A button beside Lưu/Hủy opening the record's history; the log is loaded only on a click."""
    text = "Lịch sử thay đổi…"
    button = buttons.addButton(text, QDialogButtonBox.ButtonRole.ActionRole)
    button.setObjectName(name)
    button.setAccessibleName(text)
    button.setAutoDefault(False)  # Enter in a field still saves

    def show() -> None:
        from desktop.ui.audit_log import show_record_history

        show_record_history(form, db_path, table, record_id)

    button.clicked.connect(show)
    return button
