"""Cài đặt's first tabs: the office and its letterhead, and the signer with the recipients.

The fields are Thông tin đơn vị's own (desktop/ui/office_dialog.py): that dialog is built, never
shown, and its rows are moved onto these tabs, so the widgets stay one thing; the checks and the
saving are the settings service's (`office_settings.settings_problems`, `update_settings`). Only
the fields changed are checked and written, as `update_settings` itself does: an office set up
with its district keeps that district's province code (`83`), which the 2025 list would refuse.
The document number prefix goes to the Số văn bản tab. GUI thread only.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtWidgets import QFormLayout, QLabel, QWidget

from desktop.errors import UserError
from desktop.services.office_settings import change_problems, update_settings
from desktop.store import shared
from desktop.ui.errors import present_error
from desktop.ui.office_dialog import OfficeDialog

SIGNER_KEYS = ("signer_on_behalf", "signer_title", "signer_name", "recipients")
NUMBER_KEYS = ("doc_prefix",)
SIGNER_INTRO = (
    "Phần cuối mọi văn bản: thẩm quyền ký (TM. BAN THƯỜNG VỤ), chức vụ và họ tên người ký "
    "bên phải; nơi nhận bên trái, dòng «- Lưu: VT.» tự thêm ở cuối."
)


class OfficeFields:
    """The office dialog's fields, split over the tabs that show them."""

    def __init__(self, db_path: Path | str, parent: QWidget) -> None:
        self.dialog = OfficeDialog(db_path, parent)
        self.dialog.hide()
        self.form = self.dialog.rows.form
        self.errors = self.dialog.rows.errors
        self.office = QWidget()
        self.office.setObjectName("settingsOfficePage")
        office_form = QFormLayout(self.office)
        first = self.form.itemAt(0, QFormLayout.ItemRole.SpanningRole)
        intro = first.widget() if first is not None else None
        assert intro is not None  # the dialog's intro: the office's code, and what prints where
        self.form.takeRow(0)
        office_form.addRow(intro)
        self.signer = QWidget()
        self.signer.setObjectName("settingsSignerPage")
        signer_form = QFormLayout(self.signer)
        said = QLabel(SIGNER_INTRO)
        said.setWordWrap(True)
        signer_form.addRow(said)
        self.number_rows: list[tuple[QWidget, QWidget, QLabel]] = []
        for key, widget in self.dialog.rows.fields.items():
            moved = (*self._take(widget), self.errors[key])
            if key in SIGNER_KEYS:
                self._put(signer_form, *moved)
            elif key in NUMBER_KEYS:
                self.number_rows.append(moved)
            else:
                self._put(office_form, *moved)
        self.db_path = db_path
        self.initial = self.values()  # what is stored: only changed fields are checked, written

    def _take(self, widget: QWidget) -> tuple[QWidget, QWidget]:
        """Take a field's row out of the dialog's form (its error row with it)."""
        taken = self.form.takeRow(widget)
        caption = taken.labelItem.widget() if taken.labelItem is not None else None
        assert caption is not None  # every field of the dialog has its caption
        return caption, widget

    def _put(self, form: QFormLayout, caption: QWidget, widget: QWidget, error: QLabel) -> None:
        self.form.takeRow(error)
        form.addRow(caption, widget)
        form.addRow(None, error)  # type: ignore[call-overload]

    def put_number_rows(self, form: QFormLayout) -> None:
        for caption, widget, error in self.number_rows:
            self._put(form, caption, widget, error)

    def values(self) -> dict[str, str]:
        return self.dialog.values()

    def changes(self) -> dict[str, str]:
        return {k: v for k, v in self.values().items() if v != self.initial[k]}

    def problems(self) -> dict[str, str]:
        """Each problem of a changed field shown beside it; field → problem."""
        _, found = change_problems(self.values(), self.initial)
        self.dialog.rows.show(found)
        return found

    def save(self) -> bool:
        """Save what changed; False after saying why not (a refusal of the whole, e.g. a kind
        that does not suit the office's role)."""
        changed = self.changes()
        if not changed:
            return True
        try:
            update_settings(shared(self.db_path), changed)
        except UserError as exc:
            present_error(self.office, exc)
            return False
        self.initial = self.values()
        return True
