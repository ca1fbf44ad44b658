"""Cài đặt's «Sao lưu» tab: where the automatic backups go, when they are made, and the idle lock.

The schedule is the automatic backups' own (desktop/services/auto_backup.py): a copy each day
and on every close, kept by rotation; what an office chooses is the second folder (a USB
stick), the same setting Tệp → Sao lưu tự động… writes. That dialog still lists the copies and
takes one now; this tab opens it. The idle lock is an administrator's choice: others see it
read-only. GUI thread only.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QWidget,
)

from desktop.services.accounts import SignedIn
from desktop.services.preferences import LABELS, Preferences
from desktop.services.roles import Action
from desktop.ui.confirm_password import confirm_again, gate, refusal
from desktop.ui.file_actions import AUTO_INTRO, AutoBackupDialog
from desktop.ui.oversight_form_parts import FieldRows, named
from desktop.ui.settings_pages import READ_ONLY_STYLE, short_field
from desktop.ui.tasks import Pool

IDLE_HINT = "0: không bao giờ khóa. Sau chừng ấy phút không dùng, chương trình khóa màn hình."


class BackupPage(QWidget):
    folder_stored = Signal(str)  # Tệp → Sao lưu tự động… changed the stored folder itself

    def __init__(
        self,
        db_path: Path | str,
        stored: Preferences,
        user: SignedIn | None,
        pool: Pool | None = None,
    ) -> None:
        super().__init__()
        self.setObjectName("settingsBackupPage")
        self.db_path, self.pool = db_path, pool
        from desktop.services.auto_backup import backups_folder

        form = QFormLayout(self)
        intro = QLabel(AUTO_INTRO)
        intro.setWordWrap(True)
        form.addRow(intro)
        self.rows = FieldRows(form, "settings")
        main = named(QLabel(str(backups_folder(db_path))), "settingsMainFolder", "Thư mục chính")
        main.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        main.setWordWrap(True)
        form.addRow("Thư mục chính", main)
        self.folder = named(
            QLineEdit(stored.backup_folder), "settings_backup_folder", LABELS["backup_folder"]
        )
        self.folder.setPlaceholderText("(chưa chọn) ví dụ E:\\SaoLuu trên thẻ nhớ USB")
        self.rows.add("backup_folder", LABELS["backup_folder"], self.folder)
        self.choose = named(QPushButton("Chọn thư mục…"), "settingsChooseFolder", "Chọn thư mục")
        self.choose.clicked.connect(self.choose_folder)
        self.clear = named(QPushButton("Bỏ thư mục thứ hai"), "settingsClearFolder", "Bỏ thư mục")
        self.clear.clicked.connect(self.folder.clear)
        self.copies = named(
            QPushButton("Các bản sao lưu, sao lưu ngay…"), "settingsBackupCopies", "Các bản sao lưu"
        )
        self.copies.clicked.connect(self.show_copies)
        buttons = QHBoxLayout()
        for button in (self.choose, self.clear, self.copies):
            buttons.addWidget(button)
        buttons.addStretch(1)
        form.addRow(None, buttons)  # type: ignore[call-overload]
        self.may_back_up = all(
            [gate(button, Action.BACKUP, user) for button in (self.choose, self.clear, self.copies)]
        )
        if not self.may_back_up:
            self.folder.setReadOnly(True)
        self.minutes = short_field(
            "settings_idle_lock_minutes",
            LABELS["idle_lock_minutes"],
            str(stored.idle_lock_minutes),
        )
        self.minutes.setToolTip(IDLE_HINT)
        row = form.rowCount()  # the field's row; its error line follows
        self.rows.add("idle_lock_minutes", LABELS["idle_lock_minutes"], self.minutes)
        self.idle_note = named(QLabel(IDLE_HINT), "settingsIdleNote", "Khóa màn hình")
        self.idle_note.setWordWrap(False)  # one short line: wrapped, the form gave it two
        form.insertRow(row + 1, "", self.idle_note)  # under the field, above its error line
        reason = refusal(Action.USERS, user)
        if reason:
            self.minutes.setReadOnly(True)
            self.idle_note.setText(f"Chỉ quản trị viên đổi được: {reason}")
            self.idle_note.setStyleSheet(READ_ONLY_STYLE)

    def choose_folder(self) -> None:
        start = self.folder.text().strip() or str(Path.home())
        chosen = QFileDialog.getExistingDirectory(
            self, "Chọn thư mục sao lưu thứ hai (thẻ nhớ USB, ổ khác)", start
        )
        if chosen:
            self.folder.setText(str(Path(chosen)))

    def show_copies(self) -> None:
        """Tệp → Sao lưu tự động… itself: the copies kept, and one now. A folder it chose or
        cleared is shown here afterwards when nothing was typed over it."""
        from desktop.services.auto_backup import chosen_folder

        if not confirm_again(self, self.db_path, "đặt sao lưu tự động"):
            return
        before = chosen_folder(self.db_path)
        AutoBackupDialog(self.db_path, self.pool, self).exec()
        after = chosen_folder(self.db_path)
        if after != before:
            self.folder.setText(str(after) if after is not None else "")
            self.folder_stored.emit(self.folder.text())

    def values(self) -> dict[str, str]:
        return {"backup_folder": self.folder.text(), "idle_lock_minutes": self.minutes.text()}
