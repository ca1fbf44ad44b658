"""Cài đặt's «Khóa và thẻ khóa» tab: the Đồng bộ screen's keys panel (desktop/ui/sync_keys.py).

This office's card (export it, its fingerprint in groups of four to read over the phone) and
the province's card (shown once trusted, taken with the fingerprint typed) work exactly as on
Đồng bộ: the same widget and the same services. Each operation asks the password again and is
for the role that may do it. GUI thread only.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel, QVBoxLayout, QWidget

from desktop.services.sync_status import sync_status
from desktop.store import shared
from desktop.ui.oversight_form_parts import named
from desktop.ui.sync_keys import KeysPanel
from desktop.ui.tasks import TaskRunner

KEYS_INTRO = (
    "Gói dữ liệu tháng được ký bằng khóa của đơn vị và mã hóa bằng khóa của LĐLĐ tỉnh. "
    "Gửi thẻ khóa của đơn vị cho tỉnh rồi đọc dấu vân tay qua điện thoại; nhận thẻ khóa "
    "của tỉnh và gõ dấu vân tay tỉnh đã đọc. Các thao tác này cũng có ở màn hình Đồng bộ."
)


class KeysPage(QWidget):
    def __init__(self, db_path: Path | str, runner: TaskRunner) -> None:
        super().__init__()
        self.setObjectName("settingsKeysPage")
        self.db_path = db_path
        intro = QLabel(KEYS_INTRO)
        intro.setWordWrap(True)
        self.panel = KeysPanel(db_path, runner, self.refresh, self.say)
        self.outcome = named(QLabel(), "settingsKeysOutcome", "Kết quả")
        self.outcome.setWordWrap(True)
        self.outcome.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addWidget(self.panel)
        layout.addWidget(self.outcome)
        layout.addStretch(1)
        self.refresh()

    def refresh(self) -> None:
        """Read the keys again (after one was made, restored or trusted)."""
        self.panel.show_status(sync_status(shared(self.db_path)))

    def say(self, text: str) -> None:
        self.outcome.setText(text)
