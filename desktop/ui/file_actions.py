"""Tệp menu actions that look after the database: back up, restore, check."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import Any

from PySide6.QtWidgets import QFileDialog, QMessageBox, QWidget

from desktop.format import number
from desktop.ui.tasks import TaskRunner


def back_up(parent: QWidget, runner: TaskRunner, db_path: Path) -> None:
    suggested = db_path.with_name(f"{db_path.stem}-saoluu-{date.today():%Y%m%d}.sqlite")
    chosen, _ = QFileDialog.getSaveFileName(
        parent, "Sao lưu cơ sở dữ liệu", str(suggested), "Cơ sở dữ liệu (*.sqlite)"
    )
    if not chosen:
        return

    def work(progress: Any, token: Any) -> Any:
        from desktop.services.backup import backup

        return backup(db_path, Path(chosen))

    def done(info: Any) -> None:
        QMessageBox.information(
            parent, "Sao lưu", f"Đã sao lưu {number(info.members)} đoàn viên vào\n{info.path}"
        )

    runner.run("Đang sao lưu…", work, done)


def restore_from(
    parent: QWidget,
    runner: TaskRunner,
    db_path: Path,
    reopen: Any,
    may_rebuild: Callable[[str], bool] | None = None,
) -> None:
    """Replace the data with a backup; `may_rebuild` first asks about unsaved work and work under
    way on the screens, which are all rebuilt afterwards."""
    chosen, _ = QFileDialog.getOpenFileName(
        parent, "Khôi phục từ bản sao lưu", str(db_path.parent), "Cơ sở dữ liệu (*.sqlite *.db)"
    )
    if not chosen:
        return
    answer = QMessageBox.question(
        parent,
        "Khôi phục",
        f"Thay toàn bộ dữ liệu hiện tại bằng bản sao lưu\n{chosen}?\n\n"
        "Dữ liệu hiện tại sẽ được giữ lại thành một bản sao an toàn bên cạnh.",
    )
    if answer != QMessageBox.StandardButton.Yes:
        return
    if may_rebuild is not None and not may_rebuild("khôi phục"):
        return

    def work(progress: Any, token: Any) -> Any:
        from desktop.services.backup import restore

        return restore(Path(chosen), db_path)

    def done(result: Any) -> None:
        info, safety = result
        QMessageBox.information(
            parent,
            "Khôi phục",
            f"Đã khôi phục {number(info.members)} đoàn viên.\nDữ liệu cũ được giữ tại:\n{safety}",
        )
        reopen()

    runner.run("Đang khôi phục…", work, done)


def check(parent: QWidget, runner: TaskRunner, db_path: Path) -> None:
    def work(progress: Any, token: Any) -> Any:
        from desktop.services.check import check_database

        return check_database(db_path)

    def done(report: Any) -> None:
        lines = [f"{label}: {number(count)}" for label, count in report.counts]
        for finding in report.findings:
            tag = "LỖI" if finding.level == "error" else "Cảnh báo"
            lines.append(f"{tag}: {finding.message}")
            lines.extend(f"   – {example}" for example in finding.examples[:5])
        if not report.findings:
            lines.append("Không phát hiện lỗi.")
        box = QMessageBox(parent)
        box.setObjectName("checkReport")
        box.setWindowTitle("Kiểm tra dữ liệu")
        box.setIcon(QMessageBox.Icon.Information if report.ok else QMessageBox.Icon.Warning)
        box.setText("\n".join(lines))
        box.exec()

    runner.run("Đang kiểm tra dữ liệu…", work, done)
