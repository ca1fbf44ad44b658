"""Tệp → Thông tin đơn vị…: the names, number prefix, signer and recipients every document carries.

Each problem is shown beside its field and the dialog stays open until the settings can be saved;
closing it with changes typed asks «Lưu / Không lưu / Hủy» first (`record_form.GuardedDialog`).
GUI thread only; the settings service does its own (short) database work.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtWidgets import (
    QDialog,
    QFormLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QVBoxLayout,
    QWidget,
)

from desktop.errors import UserError
from desktop.services.office_settings import (
    FIELDS,
    read_settings,
    settings_problems,
    update_settings,
)
from desktop.ui.errors import present_error
from desktop.ui.oversight_form_parts import FieldRows, named, save_buttons
from desktop.ui.record_form import GuardedDialog

PLACEHOLDERS = {
    "unit_name": "Liên đoàn Lao động huyện Ba Tri",
    "parent_body": "LĐLĐ tỉnh Bến Tre",
    "place_name": "Ba Tri",
    "district_code": "836 (huyện Ba Tri)",
    "doc_prefix": "LĐLĐ",
    "signer_on_behalf": "TM. BAN THƯỜNG VỤ",
    "signer_title": "CHỦ TỊCH",
    "signer_name": "Nguyễn Văn A",
}


class OfficeDialog(GuardedDialog):
    what = "Thông tin đơn vị"

    def __init__(self, db_path: Path, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("officeDialog")
        self.setAccessibleName("Thông tin đơn vị")
        self.setWindowTitle("Thông tin đơn vị")
        self.setMinimumWidth(560)
        self.db_path = db_path
        settings = read_settings(db_path)
        form = QFormLayout()
        intro = QLabel(
            f"Mã đơn vị {settings.code}. Các thông tin này in ở phần đầu và phần cuối mọi báo cáo."
        )
        intro.setWordWrap(True)
        form.addRow(intro)
        self.rows = FieldRows(form, "office")
        self.fields: dict[str, QLineEdit | QPlainTextEdit] = {}
        for key, (label, _, limit, _) in FIELDS.items():
            widget: QLineEdit | QPlainTextEdit
            if key == "recipients":
                widget = QPlainTextEdit("\n".join(self._recipient_names(settings.recipients)))
                widget.setPlaceholderText("Mỗi nơi nhận một dòng; «- Lưu: VT.» tự thêm ở cuối.")
                widget.setFixedHeight(110)
            else:
                widget = QLineEdit(getattr(settings, key))
                widget.setMaxLength(limit)
                widget.setPlaceholderText(PLACEHOLDERS[key])
                if key == "district_code":
                    widget.setToolTip(
                        "Mã huyện theo danh mục đơn vị hành chính: cho biết tỉnh, các xã khi "
                        "nhập danh sách, và điền địa danh, cơ quan cấp trên nếu còn trống."
                    )
            self.fields[key] = named(widget, f"office_{key}", label)
            self.rows.add(key, label, widget)
        buttons = save_buttons()
        buttons.accepted.connect(self.try_save)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(buttons)
        self._initial = self.values()  # what is stored: only changed fields are written
        self.mark_clean()

    @staticmethod
    def _recipient_names(lines: tuple[str, ...]) -> list[str]:
        """The printed lines without their dashes and stops, the automatic `Lưu: VT` left out."""
        names = [line.lstrip("- ").rstrip(";.") for line in lines]
        return [name for name in names if name != "Lưu: VT"]

    def values(self) -> dict[str, str]:
        return {
            key: widget.toPlainText() if isinstance(widget, QPlainTextEdit) else widget.text()
            for key, widget in self.fields.items()
        }

    def try_save(self) -> bool:
        """Save and close, or show each problem beside its field and stay open."""
        values = self.values()
        problems = settings_problems(values)
        self.rows.show(problems)
        if problems:
            return False
        changed = {key: value for key, value in values.items() if value != self._initial[key]}
        try:
            update_settings(self.db_path, changed)
        except UserError as exc:
            present_error(self, exc)
            return False
        self.accept()
        return True


def edit_office(parent: QWidget, db_path: Path) -> bool:
    """Open the dialog; True when the settings were saved."""
    return OfficeDialog(db_path, parent).exec() == QDialog.DialogCode.Accepted
