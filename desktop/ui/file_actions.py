"""Tệp menu actions that look after the database: back up, automatic backups, restore, check."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import Any

from PySide6.QtWidgets import (
    QDialog,
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QMessageBox,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from desktop.errors import UserError
from desktop.format import number, vn_date
from desktop.ui.tasks import Pool, TaskRunner


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


def check(parent: QWidget, runner: TaskRunner, db_path: Path | str) -> None:
    def work(progress: Any, token: Any) -> Any:
        from desktop.services.check import check_database
        from desktop.store import shared

        return check_database(shared(db_path))

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


AUTO_INTRO = (
    "Union Desk tự sao lưu mỗi ngày một lần và mỗi lần đóng chương trình, rồi giữ bản mới nhất "
    "của 7 ngày, 4 tuần và 12 tháng gần nhất. Nên chọn thêm một thư mục thứ hai ở ổ khác, "
    "ví dụ một thẻ nhớ USB: máy hỏng vẫn còn bản sao lưu."
)
NO_SECOND_FOLDER = "(chưa chọn)"
NO_BACKUPS = "Chưa có bản sao lưu tự động nào."


class AutoBackupDialog(QDialog):
    """Tệp › Sao lưu tự động…: where the copies go, the newest ones with their times, a second
    folder chosen or cleared, and a copy now. GUI thread only."""

    def __init__(
        self, db_path: Path | str, pool: Pool | None = None, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.setObjectName("autoBackupDialog")
        self.setWindowTitle("Sao lưu tự động")
        self.setAccessibleName("Sao lưu tự động")
        self.setMinimumWidth(620)
        self.db_path = db_path
        self.runner = TaskRunner(self, pool)
        intro = QLabel(AUTO_INTRO)
        intro.setWordWrap(True)
        self.main_folder = _selectable("autoBackupFolder")
        self.second_folder = _selectable("autoBackupSecondFolder")
        self.choose_button = _button("Chọn thư mục thứ hai…", "autoBackupChoose", self.choose)
        self.clear_button = _button("Bỏ thư mục thứ hai", "autoBackupClear", self.clear)
        self.listing = QListWidget()
        self.listing.setObjectName("autoBackupList")
        self.listing.setAccessibleName("Các bản sao lưu tự động")
        self.outcome = QLabel()
        self.outcome.setObjectName("autoBackupResult")
        self.outcome.setWordWrap(True)
        self.now_button = _button("Sao lưu ngay", "autoBackupNow", self.back_up_now)
        close = _button("Đóng", "autoBackupClose", self.accept)

        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addWidget(QLabel("Thư mục chính:"))
        layout.addWidget(self.main_folder)
        layout.addWidget(QLabel("Thư mục thứ hai (thẻ nhớ USB, ổ khác):"))
        layout.addWidget(self.second_folder)
        folder_row = QHBoxLayout()
        folder_row.addWidget(self.choose_button)
        folder_row.addWidget(self.clear_button)
        folder_row.addStretch(1)
        layout.addLayout(folder_row)
        layout.addWidget(QLabel("Các bản sao lưu gần nhất:"))
        layout.addWidget(self.listing, 1)
        layout.addWidget(self.outcome)
        buttons = QHBoxLayout()
        buttons.addWidget(self.now_button)
        buttons.addStretch(1)
        buttons.addWidget(close)
        layout.addLayout(buttons)
        self.refresh()

    def refresh(self) -> None:
        """Read the folders and the copies in them again."""
        from desktop.services.auto_backup import backups_folder, chosen_folder, kept_backups

        main = backups_folder(self.db_path)
        second = chosen_folder(self.db_path)
        self.main_folder.setText(str(main))
        self.second_folder.setText(str(second) if second is not None else NO_SECOND_FOLDER)
        self.clear_button.setEnabled(second is not None)
        kept = [(k, "thư mục chính") for k in kept_backups(self.db_path)]
        if second is not None:
            kept += [(k, "thư mục thứ hai") for k in kept_backups(self.db_path, second)]
        kept.sort(key=lambda pair: pair[0].taken_at, reverse=True)
        self.listing.clear()
        for backup, where in kept:
            size = number(backup.size / 1024 / 1024, 1)
            moment = backup.taken_at
            line = f"{vn_date(moment.date())} {moment:%H:%M} · {size} MB · {where}"
            self.listing.addItem(line)
            self.listing.item(self.listing.count() - 1).setToolTip(backup.path)
        if not kept:
            self.listing.addItem(NO_BACKUPS)

    def choose(self) -> None:
        from desktop.services.auto_backup import choose_folder

        chosen = QFileDialog.getExistingDirectory(
            self, "Chọn thư mục sao lưu thứ hai (thẻ nhớ USB, ổ khác)", str(Path.home())
        )
        if not chosen:
            return
        try:
            choose_folder(self.db_path, Path(chosen))
        except UserError as exc:
            from desktop.ui.errors import present_error

            present_error(self, exc)
        self.refresh()

    def clear(self) -> None:
        from desktop.services.auto_backup import choose_folder

        choose_folder(self.db_path, None)
        self.refresh()

    def back_up_now(self) -> None:
        db_path = self.db_path

        def work(progress: Any, token: Any) -> Any:
            from desktop.services.auto_backup import take_backup

            return take_backup(db_path, "now", None, lambda fraction: progress(fraction, ""))

        def done(made: Any) -> None:
            lines = []
            if made.main is not None:
                lines.append(
                    f"Đã sao lưu {number(made.main.members)} đoàn viên vào {made.main.path}"
                )
            lines += [f"Đã chép vào {path}" for path in made.copies]
            lines += list(made.problems)
            self.outcome.setText("\n".join(lines))
            self.refresh()

        self.runner.run("Đang sao lưu…", work, done)


def _selectable(name: str) -> QLabel:
    from PySide6.QtCore import Qt

    label = QLabel()
    label.setObjectName(name)
    label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
    return label


def _button(text: str, name: str, slot: Callable[[], None]) -> QPushButton:
    button = QPushButton(text)
    button.setObjectName(name)
    button.clicked.connect(slot)
    return button


def auto_backups(parent: QWidget, runner: TaskRunner, db_path: Path) -> None:
    """Tệp › Sao lưu tự động…; its copy now runs on the window's pool."""
    AutoBackupDialog(db_path, runner.pool, parent).exec()
