"""Registering an office's key card at the province: the card's file, the fingerprint the office
read over the phone (the card is taken only when they match digit for digit) and what kind of
upper union the office is (a card does not say). GUI thread only."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtWidgets import (
    QComboBox,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from desktop.errors import UserError
from desktop.services.province_offices import office_kind_choices, register_office
from desktop.store import shared
from desktop.ui.oversight_form_parts import FieldRows, named, save_buttons
from desktop.ui.record_form import GuardedDialog

BY_NAME = "(theo tên đơn vị)"
INTRO = (
    "Đơn vị gửi tệp thẻ khóa (USB, thư điện tử hoặc Zalo) rồi gọi điện đọc dấu vân tay: 24 chữ "
    "số, từng nhóm 4 số. Gõ dấu vân tay nghe được; thẻ chỉ được nhận khi khớp từng chữ số."
)
FIELDS = {
    "card": "Tệp thẻ khóa",
    "fingerprint": "Dấu vân tay nghe được",
    "kind": "Loại đơn vị",
}


class OfficeCardDialog(GuardedDialog):
    """`registered` holds the TrustResult once the card is taken."""

    what = "Đăng ký thẻ khóa"

    def __init__(self, db_path: Path | str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        named(self, "officeCardDialog", "Đăng ký thẻ khóa của đơn vị")
        self.setWindowTitle("Đăng ký thẻ khóa của đơn vị")
        self.setMinimumWidth(560)
        self.db_path = db_path
        self.registered: object | None = None
        intro = QLabel(INTRO)
        intro.setWordWrap(True)
        self.card = named(QLineEdit(), "officeCardFile", FIELDS["card"])
        self.card.setPlaceholderText("the-khoa-….json")
        browse = named(QPushButton("Chọn tệp…"), "officeCardBrowse", "Chọn tệp thẻ khóa")
        browse.clicked.connect(self.browse)
        file_row = QWidget()
        row = QHBoxLayout(file_row)
        row.setContentsMargins(0, 0, 0, 0)
        row.addWidget(self.card, 1)
        row.addWidget(browse)
        self.fingerprint = named(QLineEdit(), "officeCardFingerprint", FIELDS["fingerprint"])
        self.fingerprint.setPlaceholderText("1234 5678 9012 3456 7890 1234")
        self.kind = named(QComboBox(), "officeCardKind", FIELDS["kind"])
        self.kind.addItem(BY_NAME, "")
        for kind, label in office_kind_choices():
            self.kind.addItem(label, kind)
        form = QFormLayout()
        self.rows = FieldRows(form, "officeCard")
        self.rows.add("card", FIELDS["card"], file_row)
        self.rows.add("fingerprint", FIELDS["fingerprint"], self.fingerprint)
        self.rows.add("kind", FIELDS["kind"], self.kind)
        buttons = save_buttons()
        buttons.button(buttons.StandardButton.Save).setText("Đăng ký")
        buttons.accepted.connect(self.try_save)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addLayout(form)
        layout.addWidget(buttons)
        self.mark_clean()

    def _show(self, found: dict[str, str]) -> None:
        """Each problem under its field; the dialog grows to show them whole."""
        self.rows.show(found)
        self.adjustSize()

    def browse(self) -> None:
        chosen, _ = QFileDialog.getOpenFileName(
            self, "Chọn thẻ khóa của đơn vị", "", "Thẻ khóa (*.json *.card);;Mọi tệp (*)"
        )
        if chosen:
            self.card.setText(chosen)

    def try_save(self) -> bool:
        """Register and close, or say what is wrong beside its field and stay open."""
        path, heard = self.card.text().strip(), self.fingerprint.text().strip()
        found: dict[str, str] = {}
        if not path:
            found["card"] = f"{FIELDS['card']}: chọn tệp thẻ khóa đơn vị gửi."
        elif not Path(path).is_file():
            found["card"] = f"{FIELDS['card']}: không tìm thấy tệp {path}."
        if not heard:
            found["fingerprint"] = (
                f"{FIELDS['fingerprint']}: gõ 24 chữ số đơn vị đọc qua điện thoại."
            )
        self.rows.show(found)
        if found:
            return False
        kind = str(self.kind.currentData() or "") or None
        try:
            self.registered = register_office(shared(self.db_path), Path(path), heard, kind)
        except UserError as exc:
            key = "fingerprint" if "vân tay" in exc.message else "card"
            self._show({key: exc.message})
            return False
        self.accept()
        return True
