"""Trợ giúp → Giới thiệu shows the version, the data folder and the database in use; both entry
points print the version."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
from PySide6.QtGui import QAction, QTextDocument
from PySide6.QtWidgets import QMessageBox
from pytestqt.qtbot import QtBot

from desktop import __version__
from desktop.ui.main_window import MainWindow

UNIONDESK = Path(sys.executable).with_name("uniondesk")


def _plain(html: str) -> list[str]:
    document = QTextDocument()
    document.setHtml(html)
    return [line for line in document.toPlainText().splitlines() if line.strip()]


def test_about_from_the_help_menu_names_version_data_folder_and_database(
    qtbot: QtBot,
    small_district: Path,
    private_data_dir: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    shown: list[tuple[str, str]] = []
    monkeypatch.setattr(
        QMessageBox, "exec", lambda box: shown.append((box.windowTitle(), box.text())) or 0
    )
    window = MainWindow(small_district)
    qtbot.addWidget(window)
    window.findChild(QAction, "actionAbout").trigger()
    [(title, text)] = shown
    assert title == "Giới thiệu Union Desk"
    assert _plain(text) == [
        f"Union Desk {__version__}",
        "Phần mềm quản lý công tác công đoàn cấp trên trực tiếp cơ sở, chạy không cần mạng.",
        f"Thư mục dữ liệu: {private_data_dir}",
        f"Cơ sở dữ liệu đang mở: {small_district}",
    ]


@pytest.mark.parametrize(
    "command",
    [[sys.executable, "-m", "desktop", "--version"], [str(UNIONDESK), "--version"]],
    ids=["python -m desktop", "uniondesk"],
)
def test_version_on_the_command_line(command: list[str]) -> None:
    done = subprocess.run(command, capture_output=True, text=True, timeout=60)
    assert (done.returncode, done.stdout, done.stderr) == (0, f"Union Desk {__version__}\n", "")
