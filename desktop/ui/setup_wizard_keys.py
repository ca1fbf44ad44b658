"""The setup wizard's pages about keys: where the key backup goes (and the key file's passphrase
on a PC without an OS keyring), and the province's key card, taken now or later. Call everything
from the GUI thread."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtWidgets import (
    QButtonGroup,
    QFileDialog,
    QHBoxLayout,
    QLineEdit,
    QPushButton,
    QRadioButton,
    QWidget,
)

from desktop.services.setup_flow import CARD_LATER, CARD_NOW, Step
from desktop.ui.setup_wizard_pages import StepPage, line_edit, note_label

if TYPE_CHECKING:
    from desktop.ui.setup_wizard import SetupWizard


def _browse_row(field: QLineEdit, button_name: str, choose: object) -> QWidget:
    row = QWidget()
    layout = QHBoxLayout(row)
    layout.setContentsMargins(0, 0, 0, 0)
    layout.addWidget(field, 1)
    button = QPushButton("Chọn…")
    button.setObjectName(button_name)
    button.clicked.connect(choose)
    layout.addWidget(button)
    return row


class KeysPage(StepPage):
    step = Step.KEYS

    def __init__(self, wizard: SetupWizard) -> None:
        super().__init__(
            wizard,
            "Chương trình tạo khóa ký số cho đơn vị: LĐLĐ tỉnh nhận gói dữ liệu tháng nhờ khóa "
            "này. Một bản sao khóa, khóa bằng mật khẩu, được ghi vào thư mục chọn dưới đây "
            "(nên là USB cất xa máy): cài lại máy thì khôi phục khóa từ bản sao.",
        )
        self.key_secret = line_edit("setupKeySecret", secret=True)
        self.key_again = line_edit("setupKeySecretAgain", secret=True)
        if not self.flow.keyring:
            self.form.addRow(
                note_label(
                    "Máy này không có kho khóa của hệ điều hành: khóa được cất trong tệp có "
                    "mật khẩu, mỗi lần gửi gói sẽ hỏi mật khẩu này."
                )
            )
            self.form.addRow("Mật khẩu tệp khóa:", self.key_secret)
            self.form.addRow("Nhập lại mật khẩu tệp khóa:", self.key_again)
        self.folder = line_edit("setupBackupFolder", hint="ví dụ: E:\\ (USB)")
        self.form.addRow(
            "Thư mục lưu bản sao khóa:",
            _browse_row(self.folder, "setupBackupFolderChoose", self._choose_folder),
        )
        self.passphrase = line_edit("setupBackupPassphrase", secret=True)
        self.passphrase_again = line_edit("setupBackupPassphraseAgain", secret=True)
        self.form.addRow("Mật khẩu bản sao khóa:", self.passphrase)
        self.form.addRow("Nhập lại mật khẩu bản sao:", self.passphrase_again)
        self.layout_.addWidget(
            note_label(
                "Mật khẩu bản sao khóa: ít nhất 10 ký tự, có cả chữ cái và chữ số. Ghi ra giấy, "
                "cất riêng, không để cùng chỗ với USB."
            )
        )
        self.finish_layout()

    def _choose_folder(self) -> None:
        chosen_folder = QFileDialog.getExistingDirectory(
            self, "Chọn thư mục lưu bản sao khóa", self.folder.text()
        )
        if chosen_folder:
            self.folder.setText(chosen_folder)

    def store(self) -> None:
        a = self.flow.answers
        a.key_secret, a.key_secret_again = self.key_secret.text(), self.key_again.text()
        a.backup_folder = self.folder.text()
        a.backup_passphrase = self.passphrase.text()
        a.backup_passphrase_again = self.passphrase_again.text()

    def show_answers(self) -> None:
        a = self.flow.answers
        self.key_secret.setText(a.key_secret)
        self.key_again.setText(a.key_secret_again)
        self.folder.setText(a.backup_folder)
        self.passphrase.setText(a.backup_passphrase)
        self.passphrase_again.setText(a.backup_passphrase_again)


class CardPage(StepPage):
    step = Step.CARD

    def __init__(self, wizard: SetupWizard) -> None:
        super().__init__(
            wizard,
            "Gói dữ liệu tháng được khóa cho LĐLĐ tỉnh bằng thẻ khóa của tỉnh: một tệp nhỏ tỉnh "
            "gửi qua USB, thư điện tử hoặc Zalo, và dấu vân tay 24 chữ số tỉnh đọc qua điện "
            "thoại. Chưa có thì để sau: nhận ở màn hình Đồng bộ.",
        )
        self.now = QRadioButton("Nhận thẻ ngay")
        self.now.setObjectName("setupCardNow")
        self.later = QRadioButton("Để sau")
        self.later.setObjectName("setupCardLater")
        group = QButtonGroup(self)
        row = QHBoxLayout()
        for button in (self.now, self.later):
            group.addButton(button)
            row.addWidget(button)
            button.toggled.connect(self._chose)
        row.addStretch(1)
        self.form.addRow("Thẻ khóa của LĐLĐ tỉnh:", row)
        self.path = line_edit("setupCardPath")
        self.path_row = _browse_row(self.path, "setupCardChoose", self._choose_card)
        self.fingerprint = line_edit(
            "setupCardFingerprint", hint="ví dụ: 1234 5678 9012 3456 7890 1234"
        )
        self.form.addRow("Tệp thẻ khóa:", self.path_row)
        self.form.addRow("Dấu vân tay đã nghe:", self.fingerprint)
        self.finish_layout()

    def _chose(self) -> None:
        now = self.now.isChecked()
        self.path_row.setEnabled(now)
        self.fingerprint.setEnabled(now)

    def _choose_card(self) -> None:
        path, _ = QFileDialog.getOpenFileName(
            self, "Chọn thẻ khóa của LĐLĐ tỉnh", "", "Thẻ khóa (*.json *.card);;Mọi tệp (*)"
        )
        if path:
            self.path.setText(path)

    def store(self) -> None:
        a = self.flow.answers
        a.card = CARD_NOW if self.now.isChecked() else CARD_LATER if self.later.isChecked() else ""
        a.card_path, a.card_fingerprint = self.path.text(), self.fingerprint.text()

    def show_answers(self) -> None:
        a = self.flow.answers
        self.now.setChecked(a.card == CARD_NOW)
        self.later.setChecked(a.card == CARD_LATER)
        self.path.setText(a.card_path)
        self.fingerprint.setText(a.card_fingerprint)
        self._chose()
