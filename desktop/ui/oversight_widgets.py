"""The office's inspections and complaints, as two panels for the Hoạt động screen's tabs.

Each panel lists a month (or, with «Cả năm», the whole year) in a sortable table, with Thêm / Sửa /
Xóa and a small form per record. The complaints panel is in oversight_complaints. Lists are read on the task runner; a reply that arrives after the
period changed again is dropped. Call every method from the GUI thread.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import Any, Generic

from PySide6.QtCore import (
    QEvent,
    QObject,
    QSortFilterProxyModel,
    Qt,
)
from PySide6.QtWidgets import (
    QCheckBox,
    QDialog,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QMessageBox,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from desktop.errors import UserError
from desktop.format import period_label, vn_date
from desktop.services.oversight import InspectionRow
from desktop.services.roles import Action
from desktop.store import shared
from desktop.ui.confirm_password import may, refusal
from desktop.ui.errors import present_error
from desktop.ui.oversight_form_parts import named
from desktop.ui.oversight_models import (
    SORT_ROLE,
    InspectionColumn,
    InspectionsModel,
    Row,
    RowsModel,
)
from desktop.ui.tasks import TaskRunner


def fit_columns(
    table: QTableView,
    stretch: int,
    long: frozenset[int],
    *,
    least: int = 120,
    smallest: int = 60,
) -> None:
    """Short columns fit their text and header; the long ones fit theirs while the table is wide
    enough and share what is left when it is not, down to `least` pixels or their header each
    (elided, full text as tooltip); `stretch` takes the rest but keeps room for its header. So dates, kinds and
    headers are never cut, and a narrow window squeezes only the long texts."""
    header = table.horizontalHeader()
    header.setMinimumSectionSize(smallest)
    wanted = {
        column: max(table.sizeHintForColumn(column), header.sectionSizeHint(column))
        for column in range(table.model().columnCount())
    }
    fixed = sum(w for c, w in wanted.items() if c != stretch and c not in long)
    shared = {c: wanted[c] for c in long}
    room = table.viewport().width() - fixed - max(header.sectionSizeHint(stretch), 160)
    if sum(shared.values()) > room:
        total = sum(shared.values()) or 1
        shared = {
            c: max(least, header.sectionSizeHint(c), w * max(room, 0) // total)
            for c, w in shared.items()
        }
    for column, width in wanted.items():
        if column == stretch:
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.Stretch)
            continue
        header.setSectionResizeMode(column, QHeaderView.ResizeMode.Interactive)
        header.resizeSection(column, shared.get(column, width))


class OversightPanel(QWidget, Generic[Row]):
    """What both panels share: the period, the year box, the table, the buttons, the message."""

    noun = ""  # «cuộc kiểm tra», «đơn thư»: in the panel's sentences
    prefix = ""  # objectName prefix

    def __init__(
        self, db_path: Path | str, runner: TaskRunner, model: RowsModel[Row], parent: QWidget | None
    ) -> None:
        super().__init__(parent)
        self.db_path = db_path  # a file, or a province server's URL (a Path would fold its //)
        self.runner = runner
        self.period = ""  # `YYYY-MM`, set by set_period
        self._generation = 0  # drops list replies that arrive after the period changed again

        self.title = named(QLabel(), f"{self.prefix}Title", "Tiêu đề")
        self.title.setStyleSheet("font-weight: 600; color: #1a202c;")
        self.whole_year = named(QCheckBox("Cả năm"), f"{self.prefix}WholeYear", "Cả năm")
        self.whole_year.setToolTip("Xem cả năm thay vì tháng đang chọn")
        self.whole_year.toggled.connect(lambda _on: self.reload())
        self.add_button = named(QPushButton("Thêm…"), f"{self.prefix}Add", f"Thêm {self.noun}")
        self.edit_button = named(QPushButton("Sửa…"), f"{self.prefix}Edit", f"Sửa {self.noun}")
        self.delete_button = named(QPushButton("Xóa"), f"{self.prefix}Delete", f"Xóa {self.noun}")
        self.add_button.clicked.connect(self.add)
        self.edit_button.clicked.connect(self.edit_selected)
        self.delete_button.clicked.connect(self.delete_selected)
        self.title.setWordWrap(True)  # a long summary wraps instead of widening the panel
        self.top = QHBoxLayout()
        for button in (self.add_button, self.edit_button, self.delete_button):
            self.top.addWidget(button)
        self.top.addStretch(1)
        self.top.addWidget(self.whole_year)

        self.model: RowsModel[Row] = model
        self.proxy = QSortFilterProxyModel(self)
        self.proxy.setSourceModel(model)
        self.proxy.setSortRole(SORT_ROLE)
        self.table = named(QTableView(), f"{self.prefix}Table", f"Danh sách {self.noun}")
        self._set_up_table(self.table, self.proxy)
        self.table.selectionModel().selectionChanged.connect(lambda *_: self._enable())
        self.message = named(QLabel(), f"{self.prefix}Message", "Thông báo")
        self.message.setWordWrap(True)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(6, 6, 6, 6)
        layout.addWidget(self.title)
        layout.addLayout(self.top)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.message)
        self._enable()

    def _set_up_table(self, table: QTableView, proxy: QSortFilterProxyModel) -> None:
        table.setModel(proxy)
        table.setSortingEnabled(True)
        table.sortByColumn(0, Qt.SortOrder.AscendingOrder)
        table.verticalHeader().setVisible(False)
        table.setSelectionBehavior(QTableView.SelectionBehavior.SelectRows)
        table.setSelectionMode(QTableView.SelectionMode.SingleSelection)
        table.setAlternatingRowColors(True)
        table.setWordWrap(False)
        table.setTextElideMode(Qt.TextElideMode.ElideRight)
        table.doubleClicked.connect(lambda _index: self.edit_selected())
        table.viewport().installEventFilter(self)

    # -- what each panel supplies -----------------------------------------------------------

    def load(self, period_text: str) -> Any:
        """What the period shows (read on the runner): the rows, or whatever `show_loaded` takes."""
        raise NotImplementedError

    def summary(self, rows: list[Row], label: str) -> str:
        raise NotImplementedError

    def show_loaded(self, loaded: Any, label: str) -> None:
        self.model.set_rows(loaded)
        self.fit_columns()
        self.title.setText(self.summary(loaded, label))

    def form(self, existing: Row | None = None) -> QDialog:
        raise NotImplementedError

    def remove(self, row: Row) -> None:
        raise NotImplementedError

    def describe(self, row: Row) -> str:
        raise NotImplementedError

    def fit_columns(self) -> None:
        raise NotImplementedError

    # -- shared behaviour ---------------------------------------------------------------------

    def set_period(self, period_text: str) -> None:
        """Show `YYYY-MM` (or its whole year when «Cả năm» is ticked)."""
        self.period = period_text
        self.reload()

    @property
    def shown_period(self) -> str:
        return self.period[:4] if self.whole_year.isChecked() else self.period

    def reload(self, then: str = "") -> None:
        """Read the shown period's rows on the runner; `then` is the message to show after."""
        if not self.period:
            return
        self._generation += 1
        generation, shown = self._generation, self.shown_period

        def work(_progress: Callable[[float, str], None], _token: Any) -> Any:
            return self.load(shown)

        def loaded(result: Any) -> None:
            if generation != self._generation:
                return
            self.show_loaded(result, period_label(shown))
            self.message.setText(then)
            self._enable()

        self.runner.run(f"Đang tải {self.noun}…", work, loaded, self._failed)

    def _failed(self, exc: BaseException) -> None:
        if isinstance(exc, UserError):
            self.message.setText(exc.message)
        else:
            present_error(self, exc)

    def _enable(self) -> None:
        has_row = self.selected() is not None
        may_edit = may(Action.EDIT)  # a viewer opens the form read-only, adds and deletes nothing
        self.add_button.setEnabled(bool(self.period) and may_edit)
        self.edit_button.setEnabled(has_row)
        self.delete_button.setEnabled(has_row and may_edit)
        for button in (self.add_button, self.delete_button):
            button.setToolTip("" if may_edit else refusal(Action.EDIT))

    def selected(self) -> Row | None:
        index = self.table.currentIndex()
        if not index.isValid() or not self.table.selectionModel().isSelected(index):
            return None
        row = self.proxy.mapToSource(index).row()
        return self.model.rows[row] if 0 <= row < len(self.model.rows) else None

    def select_row(self, row: int) -> None:
        """Select the model's `row` (whatever the sort order)."""
        index = self.proxy.mapFromSource(self.model.index(row, 0))
        self.table.selectRow(index.row())

    def default_day(self) -> date:
        """Today in the month shown, else the month's first day: new records land where looked."""
        today = date.today()
        year, month = int(self.period[:4]), int(self.period[5:7])
        if today.year == year and (self.whole_year.isChecked() or today.month == month):
            return today
        return date(year, month, 1)

    def add(self) -> None:
        if self.form().exec():
            self.reload(f"Đã thêm {self.noun}.")

    def edit_selected(self) -> None:
        row = self.selected()
        if row is None:
            self.message.setText(f"Chọn một {self.noun} trong bảng để sửa.")
            return
        if self.form(row).exec():
            self.reload(f"Đã lưu {self.noun}.")

    def delete_selected(self) -> None:
        row = self.selected()
        if row is None:
            self.message.setText(f"Chọn một {self.noun} trong bảng để xóa.")
            return
        what = self.describe(row)
        answer = QMessageBox.question(
            self,
            f"Xóa {self.noun}",
            f"Xóa {what}?\nBản ghi được đánh dấu đã xóa và gửi kèm gói dữ liệu tháng.",
        )
        if answer != QMessageBox.StandardButton.Yes:
            return

        def work(_progress: Callable[[float, str], None], _token: Any) -> None:
            self.remove(row)

        self.runner.run(
            f"Đang xóa {self.noun}…",
            work,
            lambda _result: self.reload(f"Đã xóa {what}."),
            self._failed,
        )

    def _fit(self, stretch: int, long: frozenset[int], table: QTableView | None = None) -> None:
        fit_columns(table or self.table, stretch, long)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        # The table's own area, not the panel: its size is known only once the layout has run.
        viewports = [t.viewport() for t in self.findChildren(QTableView)]
        if watched in viewports and event.type() == QEvent.Type.Resize:
            self.fit_columns()
        return super().eventFilter(watched, event)


class InspectionsPanel(OversightPanel[InspectionRow]):
    """Kiểm tra, giám sát: finance inspections and charter supervision (target 9)."""

    noun = "cuộc kiểm tra"
    prefix = "inspections"

    def __init__(
        self, db_path: Path | str, runner: TaskRunner, parent: QWidget | None = None
    ) -> None:
        super().__init__(db_path, runner, InspectionsModel(), parent)
        self.model.setParent(self)
        named(self, "inspectionsPanel", "Kiểm tra, giám sát")

    def load(self, period_text: str) -> list[InspectionRow]:
        from desktop.services.oversight import inspections_in

        return inspections_in(shared(self.db_path), period_text)

    def summary(self, rows: list[InspectionRow], label: str) -> str:
        if not rows:
            return f"Không có cuộc kiểm tra nào trong {label}"
        finance = sum(1 for r in rows if r.kind == "finance")
        return (
            f"{len(rows)} cuộc kiểm tra trong {label}: {finance} kiểm tra tài chính, "
            f"{len(rows) - finance} giám sát Điều lệ"
        )

    def form(self, existing: InspectionRow | None = None) -> QDialog:
        from desktop.ui.inspection_form import InspectionForm

        return InspectionForm(self.db_path, day=self.default_day(), existing=existing, parent=self)

    def remove(self, row: InspectionRow) -> None:
        from desktop.services.oversight import delete_inspection

        delete_inspection(shared(self.db_path), row.id)

    def describe(self, row: InspectionRow) -> str:
        where = f" {row.union_name}" if row.union_name else ""
        return f"cuộc {row.kind_label.lower()}{where} ngày {vn_date(row.inspected_on)}"

    def fit_columns(self) -> None:
        self._fit(InspectionColumn.findings, frozenset({InspectionColumn.union}))
