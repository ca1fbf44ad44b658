"""«Nhật ký hoạt động»: the audit trail as a filterable log, and one record's history.

Entries are read a page at a time (newest first) on the task runner as the table scrolls: a
province's trail holds hundreds of thousands. GUI thread only.
"""

from __future__ import annotations

from enum import IntEnum
from pathlib import Path
from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from desktop.progress import CancelToken
from desktop.services.audit_query import AuditFilter, AuditPage, AuditRow
from desktop.store import shared
from desktop.ui.combos import add_items, chosen
from desktop.ui.date_input import DateInput
from desktop.ui.oversight_form_parts import named
from desktop.ui.tasks import Pool, TaskRunner

Index = QModelIndex | QPersistentModelIndex
TITLE = "Nhật ký hoạt động"
HISTORY_TITLE = "Lịch sử thay đổi – {name}"
ALL = "Tất cả"
LOADING = "Đang đọc nhật ký…"
SHOWN = "{count} mục"
SHOWN_MORE = "{count} mục mới nhất; kéo xuống cuối bảng để xem các mục cũ hơn."
NONE = "Không có mục nào khớp."
NO_HISTORY = "Bản ghi này chưa có gì trong nhật ký."
BAD_RANGE = "«Từ ngày» phải không muộn hơn «Đến ngày»."


class AuditColumn(IntEnum):
    when = 0
    actor = 1
    action = 2
    subject = 3
    changes = 4


HEADERS = ("Thời gian", "Người thực hiện", "Hành động", "Đối tượng", "Thay đổi")


def _count(n: int) -> str:
    return f"{n:,}".replace(",", ".")


class AuditModel(QAbstractTableModel):
    """The entries matching one filter, newest first; `fetchMore` reads the next page on the
    runner, so the view asks for more only as it scrolls to the end."""

    loaded = Signal()  # a page arrived (or the filter matched nothing)

    def __init__(
        self, db_path: Path | str, runner: TaskRunner, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.owner = parent  # where a failure to read is shown
        self.db_path = db_path
        self.store = shared(db_path)  # the window's handle, taken on the GUI thread
        self.runner = runner
        self.rows: list[AuditRow] = []
        self.wanted = AuditFilter()
        self.more = False
        self.loading = False
        self._before: int | None = None
        self._generation = 0  # a page asked for under an older filter is dropped

    def set_filter(self, wanted: AuditFilter) -> None:
        self.beginResetModel()
        self.rows = []
        self.wanted = wanted
        self.more, self._before = True, None
        self._generation += 1
        self.loading = False
        self.endResetModel()
        self.fetchMore(QModelIndex())

    def canFetchMore(self, parent: Index = QModelIndex()) -> bool:  # noqa: B008
        return not parent.isValid() and self.more and not self.loading

    def fetchMore(self, parent: Index = QModelIndex()) -> None:  # noqa: B008
        if not self.canFetchMore(parent):
            return
        from desktop.services.audit_query import list_entries

        generation, wanted, before = self._generation, self.wanted, self._before
        store = self.store
        self.loading = True

        def work(_progress: Any, token: CancelToken) -> AuditPage:
            return list_entries(store, wanted, before=before, token=token)

        def arrived(page: AuditPage) -> None:
            if generation != self._generation:
                return
            self.loading = False
            if page.rows:
                first = len(self.rows)
                self.beginInsertRows(QModelIndex(), first, first + len(page.rows) - 1)
                self.rows.extend(page.rows)
                self.endInsertRows()
            self.more, self._before = page.more, page.next_before
            self.loaded.emit()

        def stopped(*_: Any) -> None:
            if generation == self._generation:
                self.loading, self.more = False, False
                self.loaded.emit()

        def failed(exc: BaseException) -> None:
            from desktop.ui.errors import present_error

            stopped()
            present_error(self.owner, exc)

        self.runner.run(LOADING, work, arrived, failed, stopped)

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.rows)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(HEADERS)

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        horizontal = orientation == Qt.Orientation.Horizontal
        if horizontal and role == Qt.ItemDataRole.DisplayRole and 0 <= section < len(HEADERS):
            return HEADERS[section]
        return None

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self.rows):
            return None
        if role == Qt.ItemDataRole.TextAlignmentRole:
            return int(Qt.AlignmentFlag.AlignTop | Qt.AlignmentFlag.AlignLeft)
        if role not in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole):
            return None
        row = self.rows[index.row()]
        column = index.column()
        if column == AuditColumn.when:
            return row.when
        if column == AuditColumn.actor:
            return row.actor
        if column == AuditColumn.action:
            return row.action_label
        if column == AuditColumn.subject:
            return row.subject
        if column == AuditColumn.changes:
            # A new record's fields run on as one paragraph; a change is a line per field.
            return ("; " if row.action == "add" else "\n").join(row.changes)
        return None


class AuditLogDialog(QDialog):
    """The whole trail with its filters, or (`record`: table, id) one record's history."""

    def __init__(
        self,
        db_path: Path | str,
        parent: QWidget | None = None,
        *,
        pool: Pool | None = None,
        record: tuple[str, str] | None = None,
    ) -> None:
        super().__init__(parent)
        self.db_path = db_path  # a file, or a province server's URL (a Path would fold its //)
        self.store = shared(db_path)
        self.record = record
        self.runner = TaskRunner(self, pool)
        named(self, "auditLog", TITLE)
        self.setWindowTitle(TITLE)
        self.resize(1100, 640)
        layout = QVBoxLayout(self)

        self.start = named(DateInput(), "auditFrom", "Từ ngày")
        self.end = named(DateInput(), "auditTo", "Đến ngày")
        self.actor = named(QComboBox(), "auditActor", "Người thực hiện")
        self.action = named(QComboBox(), "auditAction", "Hành động")
        self.search = named(QLineEdit(), "auditSearch", "Tìm trong nhật ký")
        self.search.setPlaceholderText("Tên, nội dung… (gõ không dấu cũng được)")
        self.search.returnPressed.connect(self.apply)
        self.apply_button = named(QPushButton("Lọc"), "auditApply", "Lọc nhật ký")
        self.apply_button.clicked.connect(self.apply)
        self.filters = QWidget()
        bar = QHBoxLayout(self.filters)
        bar.setContentsMargins(0, 0, 0, 0)
        for label, widget in (
            ("Từ ngày", self.start),
            ("Đến ngày", self.end),
            ("Người thực hiện", self.actor),
            ("Hành động", self.action),
            ("Tìm", self.search),
        ):
            bar.addWidget(QLabel(label))
            bar.addWidget(widget, 2 if widget is self.search else 0)
        bar.addWidget(self.apply_button)
        layout.addWidget(self.filters)

        self.model = AuditModel(self.db_path, self.runner, self)
        self.model.loaded.connect(self._say_count)
        self.table = named(QTableView(), "auditTable", "Các mục nhật ký")
        self.table.setModel(self.model)
        self.table.setWordWrap(True)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setAlternatingRowColors(True)
        self.table.verticalHeader().setVisible(False)
        header = self.table.horizontalHeader()
        for column, width in (
            (AuditColumn.when, 125),
            (AuditColumn.actor, 120),
            (AuditColumn.action, 130),
            (AuditColumn.subject, 300),
        ):
            self.table.setColumnWidth(column, width)
        header.setSectionResizeMode(AuditColumn.changes, QHeaderView.ResizeMode.Stretch)
        # Wrapped text is measured at the columns' real widths: again whenever they change.
        header.sectionResized.connect(lambda *_: self.table.resizeRowsToContents())
        layout.addWidget(self.table, 1)

        self.status = named(QLabel(LOADING), "auditStatus", "Số mục đang hiện")
        self.status.setWordWrap(True)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        close = buttons.button(QDialogButtonBox.StandardButton.Close)
        close.setText("Đóng")
        close.setObjectName("auditClose")
        buttons.rejected.connect(self.reject)
        footer = QHBoxLayout()
        footer.addWidget(self.status, 1)
        footer.addWidget(buttons)
        layout.addLayout(footer)

        if record is not None:
            self.filters.hide()
            self._name_record(*record)
        else:
            add_items(self.actor, [(ALL, None)])
            add_items(self.action, [(ALL, None)])
            self._load_choices()
        self.apply()

    def _name_record(self, table: str, record_id: str) -> None:
        from desktop.services.audit_query import record_label

        store = self.store

        def named_as(name: str) -> None:
            self.setWindowTitle(HISTORY_TITLE.format(name=name))
            self.setAccessibleName(self.windowTitle())

        self.runner.run(LOADING, lambda _p, _t: record_label(store, table, record_id), named_as)

    def _load_choices(self) -> None:
        from desktop.services.audit_query import actions, actors

        store = self.store

        def both(_p: Any, _t: Any) -> tuple[list[str], list[tuple[str, str]]]:
            return actors(store), actions(store)

        def fill(found: tuple[list[str], list[tuple[str, str]]]) -> None:
            names, codes = found
            add_items(self.actor, [(n, n) for n in names])
            add_items(self.action, [(label, code) for code, label in codes])

        self.runner.run(LOADING, both, fill)

    def wanted(self) -> AuditFilter | None:
        """The filter as the bar says it, or None (and the reason shown) when a date is wrong."""
        if self.record is not None:
            return AuditFilter(record_table=self.record[0], record_id=self.record[1])
        for field, label in ((self.start, "Từ ngày"), (self.end, "Đến ngày")):
            problem = field.problem()
            if problem:
                self.status.setText(f"{label}: {problem}")
                return None
        start, end = self.start.date(), self.end.date()
        if start is not None and end is not None and start > end:
            self.status.setText(BAD_RANGE)
            return None
        return AuditFilter(
            start,
            end,
            str(chosen(self.actor) or ""),
            str(chosen(self.action) or ""),
            self.search.text(),
        )

    def apply(self) -> None:
        wanted = self.wanted()
        if wanted is None:
            return
        self.status.setText(LOADING)
        self.model.set_filter(wanted)

    def _say_count(self) -> None:
        count = len(self.model.rows)
        if count == 0:
            self.status.setText(NO_HISTORY if self.record is not None else NONE)
        elif self.model.more:
            self.status.setText(SHOWN_MORE.format(count=_count(count)))
        else:
            self.status.setText(SHOWN.format(count=_count(count)))
        self.table.resizeRowsToContents()

    def reject(self) -> None:
        self.runner.cancel_all()
        super().reject()


def show_audit_log(
    parent: QWidget | None, db_path: Path | str, *, pool: Pool | None = None
) -> AuditLogDialog:
    """Open the whole trail (window-modal, returns at once). GUI thread only."""
    dialog = AuditLogDialog(db_path, parent, pool=pool)
    dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    dialog.open()
    return dialog


def show_record_history(
    parent: QWidget | None,
    db_path: Path | str,
    table: str,
    record_id: str,
    *,
    pool: Pool | None = None,
) -> AuditLogDialog:
    """Open one record's history («Lịch sử thay đổi – Đoàn viên …»): its own entries and those
    of the records that belong to it (a member's movements), newest first. GUI thread only."""
    dialog = AuditLogDialog(db_path, parent, pool=pool, record=(table, record_id))
    dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    dialog.open()
    return dialog
