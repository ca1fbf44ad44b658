"""What the two tabs of the Công đoàn cơ sở screen share: a search box, a commune filter, a bar of
buttons with a count, a sortable table of frozen rows read on the task runner and filtered in
memory as staff type, and a message line. GUI thread only."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any, Generic

from PySide6.QtCore import QEvent, QObject, QSortFilterProxyModel, Qt
from PySide6.QtWidgets import (
    QComboBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QTableView,
    QWidget,
)

from desktop.store import shared
from desktop.ui.combos import add_items, chosen, select
from desktop.ui.oversight_form_parts import named
from desktop.ui.tasks import TaskRunner
from desktop.ui.unions_model import SORT_ROLE, Row, RowsModel

ALL_COMMUNES = "Mọi xã, phường"


def combo(name: str, accessible: str, items: list[tuple[str, object]]) -> QComboBox:
    return add_items(named(QComboBox(), name, accessible), items)


def fitted(box: QComboBox, characters: int | None = None) -> QComboBox:
    """A filter box as wide as its longest choice, or (`characters`: long names, such as
    communes) as wide as that many characters; the popup still shows every choice in full."""
    if characters is None:
        box.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToContents)
    else:
        box.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
        box.setMinimumContentsLength(characters)
    return box


class ReadableColumn(QObject):
    """The table's name column takes the width the other columns leave, but never less than
    `floor` pixels: on a narrow window the table scrolls sideways instead of squeezing the
    names into a few letters. Call `fit()` after showing or hiding a column."""

    def __init__(self, table: QTableView, column: int, floor: int) -> None:
        super().__init__(table)
        self.table, self.column, self.floor = table, column, floor
        header = table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        header.setStretchLastSection(False)
        header.sectionResized.connect(self._resized)
        table.viewport().installEventFilter(self)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.Resize:
            self.fit()
        return False

    def _resized(self, section: int, _old: int, _new: int) -> None:
        if section != self.column:
            self.fit()

    def fit(self) -> None:
        header = self.table.horizontalHeader()
        if self.column >= header.count():
            return  # no model yet
        others = sum(
            header.sectionSize(c)
            for c in range(header.count())
            if c != self.column and not header.isSectionHidden(c)
        )
        width = max(self.floor, self.table.viewport().width() - others)
        if header.sectionSize(self.column) != width:
            header.resizeSection(self.column, width)


def refill(box: QComboBox, items: list[tuple[str, object]]) -> None:
    """New items, keeping the choice made before when it is still offered (no signal)."""
    keep = chosen(box)
    box.blockSignals(True)
    box.clear()
    add_items(box, items)
    select(box, keep)
    box.blockSignals(False)


class RegistryPanel(QWidget, Generic[Row]):
    """Subclasses supply `read` (runs on the worker, Qt-free), `shown` (the rows the filters
    keep), `counted` (the count line) and `show_selected` (the pane under the table)."""

    loading = ""  # the progress dialog's text

    def __init__(
        self,
        db_path: Path | str,
        runner: TaskRunner,
        model: RowsModel[Row],
        prefix: str,
        search_hint: str,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.db_path, self.runner = db_path, runner
        self.all_rows: list[Row] = []
        self.communes: list[tuple[str, str]] = []
        self._generation = 0
        self.search = named(QLineEdit(), f"{prefix}Search", search_hint.split(" (")[0])
        self.search.setPlaceholderText(f"{search_hint}…")
        self.search.setClearButtonEnabled(True)
        self.search.textChanged.connect(lambda _t: self.apply())
        self.commune = combo(
            f"{prefix}FilterCommune", "Lọc theo xã, phường", [(ALL_COMMUNES, None)]
        )
        self.commune.currentIndexChanged.connect(lambda _i: self.apply())
        self.count = named(QLabel("Đang nạp danh sách…"), f"{prefix}Count", "Số đang hiện")
        self.buttons: dict[str, QPushButton] = {}
        self.model: RowsModel[Row] = model
        self.model.setParent(self)
        self.proxy = QSortFilterProxyModel(self)
        self.proxy.setSourceModel(model)
        self.proxy.setSortRole(SORT_ROLE)
        self.table = named(QTableView(), f"{prefix}Table", "Danh sách")
        self.table.setModel(self.proxy)
        self.table.setSortingEnabled(True)
        self.table.sortByColumn(0, Qt.SortOrder.AscendingOrder)
        self.table.verticalHeader().setVisible(False)
        self.table.verticalHeader().setDefaultSectionSize(24)
        self.table.setSelectionBehavior(QTableView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QTableView.SelectionMode.SingleSelection)
        self.table.setWordWrap(False)
        self.table.setTextElideMode(Qt.TextElideMode.ElideRight)
        self.table.selectionModel().currentRowChanged.connect(lambda *_: self.show_selected())
        self.message = named(QLabel(), f"{prefix}Message", "Thông báo")
        self.message.setWordWrap(True)

    def button_bar(
        self,
        prefix: str,
        specs: Sequence[tuple[str, str, str, Callable[[], Any]]],
        count: bool = True,
    ) -> QHBoxLayout:
        """(key, text, accessible name, slot) per button, then (`count`) the count at the right."""
        bar = QHBoxLayout()
        for key, text, accessible, slot in specs:
            button = named(QPushButton(text), f"{prefix}_{key}", accessible)
            button.clicked.connect(slot)
            self.buttons[key] = button
            bar.addWidget(button)
        bar.addStretch(1)
        if count:
            bar.addWidget(self.count)
        return bar

    # --- what each tab supplies -----------------------------------------------------------

    def read(self, db_path: Path | str) -> list[Row]:
        raise NotImplementedError

    def shown(self) -> list[Row]:
        raise NotImplementedError

    def counted(self, rows: list[Row]) -> str:
        raise NotImplementedError

    def show_selected(self) -> None:
        raise NotImplementedError

    def after_read(self) -> None:
        """Refill the filters that depend on the rows read (years, say)."""

    # --- shared behaviour -------------------------------------------------------------------

    def load(self, then: str = "", keep: str | None = None) -> None:
        """Read the rows on the runner; then filter, show `then` and select `keep` again."""
        from desktop.services.unions import office_area

        self._generation += 1
        generation, db_path = self._generation, self.db_path
        keep = keep if keep is not None else self.selected_id()

        def work(_progress: Callable[[float, str], None], _token: Any) -> Any:
            return self.read(db_path), office_area(shared(db_path))[1]

        def loaded(result: Any) -> None:
            if generation != self._generation:
                return  # an older read finishing after a newer one
            self.all_rows, self.communes = result
            refill(self.commune, [(ALL_COMMUNES, None), *[(n, c) for c, n in self.communes]])
            self.after_read()
            self.apply(keep)
            self.message.setText(then)

        self.runner.run(self.loading, work, loaded)

    def apply(self, keep: str | None = None) -> None:
        """Filter what was read; select `keep` again, else the first row (the pane is never
        empty while there are rows)."""
        keep = keep if keep is not None else self.selected_id()
        rows = self.shown()
        self.model.set_rows(rows)
        self.count.setText(self.counted(rows))
        if not (keep and self.select_id(keep)) and rows:
            self.table.setCurrentIndex(self.proxy.index(0, 0))
        self.show_selected()

    def selected(self) -> Row | None:
        index = self.table.currentIndex()
        if not index.isValid():
            return None
        row = self.proxy.mapToSource(index).row()
        return self.model.rows[row] if 0 <= row < len(self.model.rows) else None

    def selected_id(self) -> str | None:
        row = self.selected()
        return row.id if row else None

    def select_id(self, row_id: str) -> bool:
        row = self.model.row_of(row_id)
        if row is None:
            return False
        index = self.proxy.mapFromSource(self.model.index(row, 0))
        self.table.setCurrentIndex(index)
        self.table.scrollTo(index)
        return True
