"""Trợ giúp → Giới thiệu: version, data folder and database in use."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtWidgets import QMessageBox, QWidget

from desktop import __version__, paths


def about_text(db_path: Path) -> str:
    return (
        f"<h3>Union Desk {__version__}</h3>"
        "<p>Phần mềm quản lý công tác công đoàn cấp trên trực tiếp cơ sở, chạy không cần mạng.</p>"
        f"<p><b>Thư mục dữ liệu:</b> {paths.data_dir()}<br>"
        f"<b>Cơ sở dữ liệu đang mở:</b> {db_path}</p>"
    )


def show_about(parent: QWidget, db_path: Path) -> None:
    box = QMessageBox(parent)
    box.setObjectName("aboutDialog")
    box.setWindowTitle("Giới thiệu Union Desk")
    box.setText(about_text(db_path))
    box.exec()
