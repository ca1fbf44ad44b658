"""Nhận gói (province): pick or drop many offices' bundle files, read each one's verdict before
anything is written, merge the chosen ones with progress and Cancel, and decide a fork here.

Checking is `bundle verify` and writes nothing; merging is `bundle merge` one file at a time (a
Cancel stops before the next file, never inside one); a fork offers the two decisions the command
line has (`bundle resolve --keep`, `bundle accept-fork`), explained, after a confirmation. All
work goes through desktop.services.incoming on the task runner.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtGui import QColor, QDragEnterEvent, QDropEvent
from PySide6.QtWidgets import (
    QCheckBox,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QRadioButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from desktop.errors import UserError
from desktop.format import period_label
from desktop.services.incoming import Checked, MergeOutcome
from desktop.services.roles import Action
from desktop.store import shared
from desktop.ui.confirm_password import gate, refusal
from desktop.ui.tasks import TaskRunner

COLUMNS = ("Gộp", "Tệp", "Đơn vị", "Kỳ", "Gói số", "Kết quả kiểm tra", "Lý do, thay đổi")
KIND_COLOURS = {
    "merge": "#1b6e20",
    "merged": "#1b6e20",
    "duplicate": "#5f6368",
    "fork": "#8a6d00",
    "refused": "#b3261e",
}
PENDING = "Đang kiểm tra…"
FILTER = "Gói dữ liệu Union Desk (*.udb);;Mọi tệp (*)"
HINT = (
    "Chọn hoặc kéo thả các tệp gói (.udb) các đơn vị gửi. Union Desk kiểm tra từng tệp và cho "
    "biết kết quả trước khi ghi bất cứ điều gì; chỉ các tệp được đánh dấu «Gộp» mới được gộp."
)
EMPTY = (
    "Chưa có tệp nào. Bấm «Chọn tệp gói…» hoặc kéo thả các tệp gói (.udb) các đơn vị gửi vào "
    "màn hình này."
)
Index = QModelIndex | QPersistentModelIndex


class IncomingModel(QAbstractTableModel):
    """One row a file: its verdict once checked; mergeable rows carry a check box."""

    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self.paths: list[Path] = []
        self.checked: dict[Path, Checked] = {}
        self.chosen: set[Path] = set()

    def add(self, paths: list[Path]) -> list[Path]:
        """Append the files not listed yet; the new ones."""
        new = [p for p in dict.fromkeys(paths) if p not in self.paths]
        if new:
            self.beginInsertRows(QModelIndex(), len(self.paths), len(self.paths) + len(new) - 1)
            self.paths.extend(new)
            self.endInsertRows()
        return new

    def clear(self) -> None:
        self.beginResetModel()
        self.paths, self.checked, self.chosen = [], {}, set()
        self.endResetModel()

    def set_results(self, results: tuple[Checked, ...] | list[Checked]) -> None:
        for result in results:
            self.checked[result.path] = result
            if result.mergeable:
                self.chosen.add(result.path)
            else:
                self.chosen.discard(result.path)
        self.dataChanged.emit(self.index(0, 0), self.index(self.rowCount() - 1, len(COLUMNS) - 1))

    def result(self, row: int) -> Checked | None:
        return self.checked.get(self.paths[row]) if 0 <= row < len(self.paths) else None

    def to_merge(self) -> list[Path]:
        return [
            p
            for p in self.paths
            if p in self.chosen and p in self.checked and self.checked[p].mergeable
        ]

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.paths)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(COLUMNS)

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return COLUMNS[section]
        return None

    def flags(self, index: Index) -> Qt.ItemFlag:
        flags = Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable
        result = self.result(index.row())
        if index.column() == 0 and result is not None and result.mergeable:
            flags |= Qt.ItemFlag.ItemIsUserCheckable
        return flags

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        path, column = self.paths[index.row()], index.column()
        result = self.checked.get(path)
        if role == Qt.ItemDataRole.CheckStateRole and column == 0:
            if result is None or not result.mergeable:
                return None
            chosen = path in self.chosen
            return Qt.CheckState.Checked if chosen else Qt.CheckState.Unchecked
        if role == Qt.ItemDataRole.ForegroundRole and column == 5 and result is not None:
            return QColor(KIND_COLOURS[result.kind])
        if role == Qt.ItemDataRole.ToolTipRole and result is not None:
            return result.text
        if role != Qt.ItemDataRole.DisplayRole:
            return None
        if column == 1:
            return path.name
        if result is None:
            return PENDING if column == 5 else ""
        v = result.verdict
        if column == 2:  # the code and the name in full: the tooltip and the details
            return result.unit_name or v.unit_code
        if column == 3:
            return period_label(v.period) if len(v.period) == 7 else v.period
        if column == 4:
            return "" if v.sequence is None else str(v.sequence)
        if column == 5:
            return result.headline
        if column == 6:
            return result.brief
        return None

    def setData(self, index: Index, value: Any, role: int = Qt.ItemDataRole.EditRole) -> bool:
        if role != Qt.ItemDataRole.CheckStateRole or index.column() != 0:
            return False
        path = self.paths[index.row()]
        if Qt.CheckState(value) == Qt.CheckState.Checked:
            self.chosen.add(path)
        else:
            self.chosen.discard(path)
        self.dataChanged.emit(index, index)
        return True


class ForkDialog(QDialog):
    """The two decisions a fork allows, each explained; «Ghi quyết định» stays off until a choice
    is made and the box «đã liên hệ đơn vị» is ticked."""

    def __init__(self, checked: Checked, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        assert checked.fork is not None
        self.setObjectName("forkDialog")
        self.setWindowTitle("Quyết định gói rẽ nhánh")
        self.checked = checked
        intro = QLabel(
            f"<b>{checked.office}</b>: tệp <b>{checked.path.name}</b> rẽ nhánh khỏi chuỗi gói "
            "LĐLĐ tỉnh đã gộp (thường do đơn vị khôi phục một bản sao lưu cũ). Mọi gói sau của "
            "đơn vị bị từ chối cho đến khi tỉnh chọn một trong hai cách dưới đây."
        )
        intro.setWordWrap(True)
        self.keep = QRadioButton("Giữ dữ liệu đã gộp")
        self.keep.setObjectName("forkKeep")
        keep_text = QLabel(
            checked.fork.keep or "Đơn vị chưa có gói nào được gộp: không có gì để giữ."
        )
        keep_text.setWordWrap(True)
        keep_text.setObjectName("forkKeepText")
        self.keep.setEnabled(bool(checked.fork.keep))
        self.take = QRadioButton("Nhận gói này thay cho dữ liệu đã gộp")
        self.take.setObjectName("forkTake")
        take_text = QLabel(checked.fork.take)
        take_text.setWordWrap(True)
        take_text.setObjectName("forkTakeText")
        for text in (keep_text, take_text):
            text.setContentsMargins(24, 0, 0, 8)
        self.sure = QCheckBox("Tôi đã liên hệ đơn vị và chắc chắn về lựa chọn này")
        self.sure.setObjectName("forkSure")
        self.buttons = QDialogButtonBox()
        self.ok = self.buttons.addButton("Ghi quyết định", QDialogButtonBox.ButtonRole.AcceptRole)
        self.ok.setObjectName("forkDecide")
        cancel = self.buttons.addButton("Hủy", QDialogButtonBox.ButtonRole.RejectRole)
        cancel.setObjectName("forkCancel")
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        for button in (self.keep, self.take, self.sure):
            button.toggled.connect(self._update)
        layout = QVBoxLayout(self)
        for widget in (intro, self.keep, keep_text, self.take, take_text, self.sure):
            layout.addWidget(widget)
        layout.addWidget(self.buttons)
        self.setMinimumWidth(560)
        self._update()

    @property
    def choice(self) -> str | None:
        if self.keep.isChecked():
            return "keep"
        if self.take.isChecked():
            return "take"
        return None

    def _update(self) -> None:
        self.ok.setEnabled(self.choice is not None and self.sure.isChecked())


class IncomingScreen(QWidget):
    def __init__(
        self, db: Path | str, parent: QWidget | None = None, runner: TaskRunner | None = None
    ) -> None:
        super().__init__(parent)
        self.setObjectName("incomingScreen")
        self.setAccessibleName("Nhận gói")
        self.db = db
        self.runner = runner or TaskRunner(self)
        self._secret: str | None = None
        self.fork_dialog: ForkDialog | None = None
        self.setAcceptDrops(True)

        title = QLabel("Nhận gói dữ liệu tháng của các đơn vị")
        title.setStyleSheet("font-size: 15px; font-weight: bold;")
        hint = QLabel(HINT)
        hint.setWordWrap(True)
        self.pick_button = self._button("Chọn tệp gói…", "pickBundles", self.choose_files)
        self.merge_button = self._button("Gộp các tệp đã đánh dấu", "mergeBundles", self.merge)
        self.fork_button = self._button("Quyết định gói rẽ nhánh…", "decideFork", self.ask_fork)
        self.clear_button = self._button("Xóa danh sách", "clearBundles", self.clear)
        self.can_merge = gate(self.merge_button, Action.IMPORT)
        actions = QHBoxLayout()
        for button in (self.pick_button, self.merge_button, self.fork_button):
            actions.addWidget(button)
        actions.addStretch(1)
        actions.addWidget(self.clear_button)

        self.model = IncomingModel(self)
        self.table = QTableView()
        self.table.setObjectName("incomingFiles")
        self.table.setAccessibleName("Các tệp gói")
        self.table.setModel(self.model)
        self.table.verticalHeader().setVisible(False)
        self.table.setSelectionBehavior(QTableView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QTableView.SelectionMode.SingleSelection)
        self.table.setAlternatingRowColors(True)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(6, QHeaderView.ResizeMode.Stretch)
        self.table.setWordWrap(False)
        self.table.setTextElideMode(Qt.TextElideMode.ElideRight)
        self.table.selectionModel().currentRowChanged.connect(lambda *_: self._show_details())
        self.model.dataChanged.connect(lambda *_: self._update())
        self.model.rowsInserted.connect(lambda *_: self._update())
        self.model.modelReset.connect(lambda *_: self._update())

        self.details = QLabel()
        self.details.setObjectName("bundleVerdict")
        self.details.setWordWrap(True)
        self.details.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.details.setMinimumHeight(90)
        self.details.setAlignment(Qt.AlignmentFlag.AlignTop | Qt.AlignmentFlag.AlignLeft)
        self.forks = QLabel()
        self.forks.setObjectName("openForks")
        self.forks.setWordWrap(True)
        self.forks.setStyleSheet(f"color: {KIND_COLOURS['fork']};")
        self.outcome = QLabel()
        self.outcome.setObjectName("incomingOutcome")
        self.outcome.setWordWrap(True)
        self.outcome.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)

        layout = QVBoxLayout(self)
        layout.addWidget(title)
        layout.addWidget(hint)
        layout.addLayout(actions)
        layout.addWidget(self.forks)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.details)
        layout.addWidget(self.outcome)
        self._show_details()
        self.show_forks()

    def show_forks(self) -> None:
        """The offices whose fork waits for a decision (recorded by an earlier merge)."""
        from desktop.services.incoming import open_forks

        waiting = open_forks(shared(self.db))
        self.forks.setText("\n".join(waiting))
        self.forks.setVisible(bool(waiting))

    @staticmethod
    def _button(text: str, name: str, slot: Any) -> QPushButton:
        button = QPushButton(text)
        button.setObjectName(name)
        button.clicked.connect(slot)
        return button

    # -- files in ------------------------------------------------------------------------------

    def choose_files(self) -> None:
        files, _ = QFileDialog.getOpenFileNames(self, "Chọn các tệp gói của đơn vị", "", FILTER)
        if files:
            self.add_files([Path(f) for f in files])

    def dragEnterEvent(self, event: QDragEnterEvent) -> None:
        if event.mimeData().hasUrls():
            event.acceptProposedAction()

    def dropEvent(self, event: QDropEvent) -> None:
        files = [Path(u.toLocalFile()) for u in event.mimeData().urls() if u.isLocalFile()]
        files = [f for f in files if f.is_file()]
        if files:
            event.acceptProposedAction()
            self.add_files(files)

    def add_files(self, files: list[Path]) -> None:
        """List the files and check the new ones (nothing is written)."""
        new = self.model.add(files)
        if not new:
            self.say(
                "Các tệp này đã có trong danh sách." if files else "Chưa chọn tệp nào.", error=False
            )
            return
        passphrase = self._passphrase()
        if passphrase is None:
            return
        from desktop.services.incoming import check_files

        def work(progress: Any, token: Any) -> Any:
            return check_files(shared(self.db), new, passphrase=passphrase, progress=progress)

        def done(results: list[Checked]) -> None:
            self.model.set_results(results)
            mergeable = sum(1 for r in results if r.mergeable)
            self.say(f"Đã kiểm tra {len(results)} tệp: {mergeable} tệp có thể gộp.")
            self._select_first(new)

        def cancelled() -> None:
            self._forget(new)
            self.say("Đã dừng kiểm tra: các tệp chưa được kiểm tra đã bỏ khỏi danh sách.")

        self.runner.run(
            "Đang kiểm tra các tệp gói…", work, done, self._failed(new), on_cancel=cancelled
        )

    def _forget(self, paths: list[Path]) -> None:
        keep = [p for p in self.model.paths if p not in paths or p in self.model.checked]
        results = [self.model.checked[p] for p in keep if p in self.model.checked]
        chosen = set(self.model.chosen)
        self.model.clear()
        self.model.add(keep)
        self.model.set_results(results)
        self.model.chosen = chosen & set(keep)

    def _failed(self, paths: list[Path]) -> Any:
        def failed(exc: BaseException) -> None:
            from desktop.ui.errors import present_error

            self._forget(paths)
            if isinstance(exc, UserError):
                self.say(str(exc), error=True)
            else:
                present_error(self, exc)

        return failed

    def _passphrase(self) -> Any:
        """The signing key's passphrase where the key sits in a protected file (asked once);
        None on Hủy."""
        from desktop.services.sync_status import sync_status
        from desktop.ui.sync_keys import ask_text

        if self._secret is None:
            if sync_status(shared(self.db)).needs_passphrase:
                text = ask_text(
                    self, "Mật khẩu khóa", "Mật khẩu mở khóa của LĐLĐ tỉnh:", secret=True
                )
                if text is None:
                    return None
                self._secret = text
            else:
                self._secret = ""
        if not self._secret:
            from desktop.services.incoming import default_passphrase

            return default_passphrase
        secret = self._secret
        return lambda _purpose, _new: secret

    def clear(self) -> None:
        self.model.clear()
        self.say("")
        self._show_details()

    # -- merge ---------------------------------------------------------------------------------

    def merge(self) -> None:
        """Merge the ticked files (each checked «Sẽ gộp») in a worker, with Cancel."""
        if not self.can_merge:
            self.say(refusal(Action.IMPORT), error=True)
            return
        files = self.model.to_merge()
        if not files:
            self.say("Chưa có tệp nào được đánh dấu để gộp.", error=True)
            return
        passphrase = self._passphrase()
        if passphrase is None:
            return
        from desktop.services.incoming import merge_files

        def work(progress: Any, token: Any) -> Any:
            return merge_files(
                shared(self.db), files, passphrase=passphrase, progress=progress, cancel=token
            )

        def done(outcome: MergeOutcome) -> None:
            self.model.set_results(outcome.results)
            self.say(outcome.message, error=outcome.cancelled)
            self._show_details()
            self.show_forks()

        self.runner.run(f"Đang gộp {len(files)} tệp gói…", work, done)

    # -- forks ---------------------------------------------------------------------------------

    def current(self) -> Checked | None:
        return self.model.result(self.table.currentIndex().row())

    def ask_fork(self) -> None:
        """Open the fork's two choices for the selected file (window-modal, not blocking)."""
        checked = self.current()
        if checked is None or checked.fork is None:
            self.say("Chọn một tệp «Gói rẽ nhánh – chờ quyết định» trong danh sách.", error=True)
            return
        if not self.can_merge:
            self.say(refusal(Action.IMPORT), error=True)
            return
        dialog = ForkDialog(checked, self)
        dialog.accepted.connect(lambda: self.decide_fork(checked, dialog.choice or ""))
        dialog.finished.connect(lambda _: setattr(self, "fork_dialog", None))
        self.fork_dialog = dialog
        dialog.open()

    def decide_fork(self, checked: Checked, choice: str) -> None:
        passphrase = self._passphrase()
        if passphrase is None:
            return
        from desktop.services.incoming import check_files, decide_fork

        def work(progress: Any, token: Any) -> Any:
            store = shared(self.db)
            said = decide_fork(store, checked, choice, passphrase=passphrase)  # type: ignore[arg-type]
            return said, check_files(store, [checked.path], passphrase=passphrase)

        def done(result: tuple[str, list[Checked]]) -> None:
            said, again = result
            if choice == "take":  # the file is what was merged now: say so, not «đã gộp trước»
                again = [
                    Checked(
                        c.path, c.verdict, "merged", c.unit_name, "Đã gộp (nhận nhánh mới)", c.lines
                    )
                    for c in again
                ]
            self.model.set_results(again)
            self.say(said)
            self._show_details()
            self.show_forks()

        self.runner.run("Đang ghi quyết định về gói rẽ nhánh…", work, done, self._failed([]))

    # -- what is shown -------------------------------------------------------------------------

    def _select_first(self, paths: list[Path]) -> None:
        if self.table.currentIndex().isValid() or not paths:
            self._show_details()
            return
        row = self.model.paths.index(paths[0])
        self.table.selectRow(row)
        self._show_details()

    def _show_details(self) -> None:
        checked = self.current()
        if checked is None:
            self.details.setText("" if self.model.paths else EMPTY)
        else:
            colour = KIND_COLOURS[checked.kind]
            lines = "".join(f"<br>{_escape(line)}" for line in checked.lines)
            self.details.setText(
                f"<b>{_escape(checked.path.name)}</b>: "
                f"<span style='color:{colour}'><b>{_escape(checked.headline)}</b></span>{lines}"
            )
        self._update()

    def _update(self) -> None:
        checked = self.current()
        self.fork_button.setEnabled(checked is not None and checked.fork is not None)
        if self.can_merge:
            self.merge_button.setEnabled(bool(self.model.to_merge()))
        self.clear_button.setEnabled(bool(self.model.paths))

    def say(self, text: str, *, error: bool = False) -> None:
        colour = "#b3261e" if error else "#1b1b1b"
        self.outcome.setText(f"<span style='color:{colour}'>{_escape(text)}</span>" if text else "")


def _escape(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
