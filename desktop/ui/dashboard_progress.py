"""The dashboard's programme panel: each target's year to date and pace, and what is due."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, QRect, Qt, QTimer
from PySide6.QtGui import QColor, QPainter
from PySide6.QtWidgets import (
    QHeaderView,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QSizePolicy,
    QStyleOptionViewItem,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from desktop.format import period_label
from desktop.periods import parse_month
from desktop.ui.targets_model import (
    CODE,
    COLUMNS,
    MISSING_STYLE,
    MONTH,
    NAME,
    PACE,
    PERCENT,
    QUOTA,
    YTD,
    PaceBarDelegate,
    TargetsModel,
)

if TYPE_CHECKING:  # the window's first paint builds this panel before SQLAlchemy loads
    from desktop.programme.entered_values import EnteredFigure
    from desktop.services.progress import ProgressReport
    from desktop.services.targets import DueItem

# DESIGN.md's Tổng quan: each key target with quota, this month, year to date, % and a bar.
SHOWN = (CODE, NAME, QUOTA, MONTH, YTD, PERCENT, PACE)
# Short headers for half a window; the full ones are the headers' tooltips.
HEADERS = ("Mã", "Chỉ tiêu", "Tỉnh", "Giao", "Tháng", "Lũy kế", "%", "Tiến độ")
ROW_HEIGHT = 24
PACE_WIDTH = 64  # the bar: enough to see the share and the tick, the rest goes to the names
Index = QModelIndex | QPersistentModelIndex
HEADING = "font-size: 11pt; font-weight: 600; color: #1a202c;"


class CentredPaceBar(PaceBarDelegate):
    """The pace bar at one line's height in the middle of a row made tall by a wrapped name."""

    def paint(self, painter: QPainter, option: QStyleOptionViewItem, index: Index) -> None:
        band = QStyleOptionViewItem(option)
        rect = QRect(option.rect)  # type: ignore[attr-defined]
        if rect.height() > ROW_HEIGHT:
            rect.setTop(rect.top() + (rect.height() - ROW_HEIGHT) // 2)
            rect.setHeight(ROW_HEIGHT)
        band.rect = rect  # type: ignore[attr-defined]
        super().paint(painter, band, index)


class ProgrammePanel(QWidget):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("programmePanel")
        self.setAccessibleName("Tiến độ chỉ tiêu và việc cần làm")
        self.targets_title = QLabel("Tiến độ chỉ tiêu")
        self.targets_title.setObjectName("dashboardTargetsTitle")
        self.targets_title.setStyleSheet(HEADING)
        self.model = TargetsModel(self)
        self.model.headers = HEADERS
        self.table = QTableView()
        self.table.setObjectName("dashboardTargets")
        self.table.setAccessibleName("Tiến độ chỉ tiêu")
        self.table.setModel(self.model)
        self.table.setItemDelegateForColumn(PACE, CentredPaceBar(self.table))
        rows = self.table.verticalHeader()
        rows.setVisible(False)
        # A target's name is long and in half a 1024-pixel window its column is narrow: the name
        # wraps onto as many lines as it needs (each row as tall as its name), whole on hover too.
        # Rows are fitted when the names' column changes width, not on every layout pass: the
        # ResizeToContents mode asked the model ~11,000 times while the window first painted.
        rows.setMinimumSectionSize(ROW_HEIGHT)
        self._fit_pending = False
        self.table.setEditTriggers(QTableView.EditTrigger.NoEditTriggers)
        self.table.setSelectionMode(QTableView.SelectionMode.NoSelection)
        self.table.setWordWrap(True)
        self.table.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.table.setVerticalScrollMode(QTableView.ScrollMode.ScrollPerPixel)
        for column in range(len(COLUMNS)):
            self.table.setColumnHidden(column, column not in SHOWN)
        # Before the year's programme arrives: said where the targets would be, never an error.
        self.missing = QLabel()
        self.missing.setObjectName("dashboardProgrammeMissing")
        self.missing.setAccessibleName("Chương trình chưa đến")
        self.missing.setWordWrap(True)
        self.missing.setStyleSheet(MISSING_STYLE)
        self.missing.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Maximum)
        self.missing.setVisible(False)
        self.due_title = QLabel("Việc cần làm")
        self.due_title.setObjectName("dueTitle")
        self.due_title.setStyleSheet(HEADING)
        self.due = QListWidget()
        self.due.setObjectName("dueList")
        self.due.setAccessibleName("Việc cần làm tháng này")
        # Wrapped, never scrolled sideways: in half a 1024-pixel window a line is cut otherwise.
        self.due.setWordWrap(True)
        self.due.setResizeMode(QListWidget.ResizeMode.Adjust)
        self.due.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.due.setMaximumHeight(104)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.targets_title)
        layout.addWidget(self.missing)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.due_title)
        layout.addWidget(self.due)
        # Takes the table's room while the notice stands in for it (the table's stretch wins).
        layout.addStretch(0)

    def show_progress(
        self, report: ProgressReport, entered: dict[str, tuple[EnteredFigure, ...]] | None = None
    ) -> None:
        """The targets' table; `entered`: the office's own entries, shown with their counts (or
        marked as typed without them), as on Chỉ tiêu."""
        self.targets_title.setText(f"Tiến độ chỉ tiêu đến hết {period_label(report.period)}")
        # A province's figures: the offices left out are named, as on Chỉ tiêu.
        self.missing.setText(report.missing_text or report.uncounted_text)
        self.missing.setVisible(bool(self.missing.text()))
        self.table.setVisible(not report.programme_missing)

        period = parse_month(report.period)
        self.model.set_targets(report.targets, period, report.unit.role, entered)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(NAME, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(PACE, QHeaderView.ResizeMode.Fixed)
        header.resizeSection(PACE, PACE_WIDTH)
        header.sectionResized.connect(self._name_resized, Qt.ConnectionType.UniqueConnection)
        self._fit_rows_later()

    def _name_resized(self, section: int, _old: int, _new: int) -> None:
        if section == NAME:
            self._fit_rows_later()

    def _fit_rows_later(self) -> None:
        # Once per burst of resizes: a window being dragged wider resizes the column many times.
        if not self._fit_pending:
            self._fit_pending = True
            QTimer.singleShot(0, self, self._fit_rows)  # not after the table is gone

    def _fit_rows(self) -> None:
        self._fit_pending = False
        self.table.resizeRowsToContents()

    def show_due(self, period: str, items: list[DueItem]) -> None:
        self.due_title.setText(f"Việc cần làm cho {period_label(period)}")
        self.due.clear()
        for entry in items:
            item = QListWidgetItem(("✔ " if entry.done else "○ ") + entry.text)
            item.setData(Qt.ItemDataRole.UserRole, entry.key)
            item.setForeground(QColor("#718096" if entry.done else "#1a202c"))
            self.due.addItem(item)
