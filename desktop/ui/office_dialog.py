"""Tệp → Thông tin đơn vị…: what the office is (code, kind) and the names, number prefix, signer and
recipients every document carries.

Each problem is shown beside its field and the dialog stays open until the settings can be saved;
closing it with changes typed asks «Lưu / Không lưu / Hủy» first (`record_form.GuardedDialog`).
GUI thread only; the settings service does its own (short) database work.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QFormLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QVBoxLayout,
    QWidget,
)

from desktop.errors import UserError
from desktop.services.office_kinds import KIND_LABELS, OTHER_UPPER_UNION, kinds_for
from desktop.services.office_settings import (
    FIELDS,
    IDENTITY,
    OfficeSettings,
    change_problems,
    read_settings,
    update_settings,
)
from desktop.store import shared
from desktop.ui.combos import add_items, select
from desktop.ui.errors import present_error
from desktop.ui.oversight_form_parts import FieldRows, named, save_buttons
from desktop.ui.record_form import GuardedDialog

PLACEHOLDERS = {
    "unit_name": "Liên đoàn Lao động huyện Ba Tri",
    "parent_body": "LĐLĐ tỉnh Bến Tre",
    "place_name": "Ba Tri",
    "district_code": "836 (huyện Ba Tri), nếu đơn vị còn gắn với huyện cũ",
    "province_code": "86 (tỉnh Vĩnh Long), cho đơn vị không còn huyện",
    "doc_prefix": "LĐLĐ",
    "signer_on_behalf": "TM. BAN THƯỜNG VỤ",
    "signer_title": "CHỦ TỊCH",
    "signer_name": "Nguyễn Văn A",
}


class OfficeDialog(GuardedDialog):
    what = "Thông tin đơn vị"

    def __init__(self, db_path: Path | str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("officeDialog")
        self.setAccessibleName("Thông tin đơn vị")
        self.setWindowTitle("Thông tin đơn vị")
        self.setMinimumWidth(560)
        self.db_path = db_path
        settings = read_settings(shared(db_path))
        form = QFormLayout()
        earlier = (
            f" (trước đây: {', '.join(settings.previous_codes)})" if settings.previous_codes else ""
        )
        intro = QLabel(
            f"Mã đơn vị {settings.code}{earlier}. Các thông tin này in ở phần đầu và phần cuối "
            "mọi báo cáo."
        )
        intro.setWordWrap(True)
        form.addRow(intro)
        self.rows = FieldRows(form, "office")
        self._identity(settings)
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
                        "Mã huyện theo danh mục trước sắp xếp 2025: cho biết tỉnh, và điền địa "
                        "danh, cơ quan cấp trên nếu còn trống. Để trống nếu đơn vị không còn "
                        "gắn với huyện."
                    )
                if key == "province_code":
                    widget.setToolTip(
                        "Mã tỉnh theo danh mục từ 01/7/2025, cho đơn vị không còn huyện: các xã, "
                        "phường lấy theo danh mục mới của tỉnh."
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

    def _identity(self, settings: OfficeSettings) -> None:
        """Code, kind and the province's name for a kind it set up: what the office is."""
        role, kind = settings.role, settings.office_kind
        label, _, limit, _ = IDENTITY["unit_code"]
        self.code = named(QLineEdit(settings.code), "office_unit_code", label)
        self.code.setMaxLength(limit)
        self.code.setToolTip(
            "Đổi mã khi sắp xếp 2025 đổi mã hay tên đơn vị: gói dữ liệu tháng kế tiếp báo cho "
            "LĐLĐ tỉnh mã cũ để tỉnh chuyển đơn vị sang mã mới."
        )
        self.rows.add("unit_code", label, self.code)
        label = IDENTITY["office_kind"][0]
        self.kind = named(QComboBox(), "office_office_kind", label)
        choices = kinds_for(role) + ([kind] if kind and kind not in kinds_for(role) else [])
        add_items(self.kind, [(KIND_LABELS.get(value, value), value) for value in choices])
        select(self.kind, kind)
        self.rows.add("office_kind", label, self.kind)
        label, _, limit, _ = IDENTITY["kind_name"]
        self.kind_name = named(QLineEdit(settings.kind_name), "office_kind_name", label)
        self.kind_name.setMaxLength(limit)
        self.kind_name.setPlaceholderText("Công đoàn Viên chức tỉnh")
        self.rows.add("kind_name", label, self.kind_name)
        self.kind.currentIndexChanged.connect(self._kind_changed)
        self._kind_changed()

    def _kind_changed(self) -> None:
        """Only a kind the province set up takes a name of its own."""
        other = self.kind.currentData() == OTHER_UPPER_UNION
        self.kind_name.setEnabled(other)
        if not other:
            self.kind_name.clear()

    @staticmethod
    def _recipient_names(lines: tuple[str, ...]) -> list[str]:
        """The printed lines without their dashes and stops, the automatic `Lưu: VT` left out."""
        names = [line.lstrip("- ").rstrip(";.") for line in lines]
        return [name for name in names if name != "Lưu: VT"]

    def values(self) -> dict[str, str]:
        identity = {
            "unit_code": self.code.text(),
            "office_kind": str(self.kind.currentData()),
            "kind_name": self.kind_name.text(),
        }
        return identity | {
            key: widget.toPlainText() if isinstance(widget, QPlainTextEdit) else widget.text()
            for key, widget in self.fields.items()
        }

    def try_save(self) -> bool:
        """Save and close, or show each problem beside its field and stay open."""
        values = self.values()
        changed, problems = change_problems(values, self._initial)
        self.rows.show(problems)
        if problems:
            return False
        try:
            update_settings(shared(self.db_path), changed)
        except UserError as exc:
            present_error(self, exc)
            return False
        self.accept()
        return True


def edit_office(parent: QWidget, db_path: Path | str) -> bool:
    """Open the dialog; True when the settings were saved."""
    return OfficeDialog(db_path, parent).exec() == QDialog.DialogCode.Accepted
