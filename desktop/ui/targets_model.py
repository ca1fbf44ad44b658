"""The Chỉ tiêu table: one row per target; quota and entered month values are edited in place."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import (
    QAbstractTableModel,
    QModelIndex,
    QPersistentModelIndex,
    QRect,
    Qt,
)
from PySide6.QtGui import QColor, QPainter, QPen
from PySide6.QtWidgets import QStyledItemDelegate, QStyleOptionViewItem

from desktop.format import number, percent, period_label
from desktop.periods import Period
from desktop.programme.entered_values import EnteredFigure, count_fields
from desktop.programme.pace import PACE_COLOURS, PACE_LABELS, expected_share, expected_text, pace

if TYPE_CHECKING:  # the dashboard's first paint builds this model before SQLAlchemy loads
    from desktop.services.progress import TargetProgress

Index = QModelIndex | QPersistentModelIndex
COLUMNS = (
    "Mã",
    "Chỉ tiêu",
    "Chỉ tiêu tỉnh",
    "Chỉ tiêu giao",
    "Trong tháng",
    "Lũy kế năm",
    "% chỉ tiêu giao",
    "Tiến độ",
)
CODE, NAME, PROVINCE, QUOTA, MONTH, YTD, PERCENT, PACE = range(len(COLUMNS))
# The notice of a year whose programme has not arrived (Chỉ tiêu, Tổng quan, Hoạt động, Báo
# cáo), looking like Báo cáo's draft warning: a notice to act on, not an error.
MISSING_STYLE = "background: #fff4ce; border: 1px solid #e0a100; padding: 8px; color: #5c3c00;"
PACE_ROLE = Qt.ItemDataRole.UserRole + 1
EXPECTED_ROLE = Qt.ItemDataRole.UserRole + 2
SHARE_ROLE = Qt.ItemDataRole.UserRole + 3  # share of the quota reached, 0.5 = half
# The short mark under a percentage entered without its two counts (the tooltip says it whole).
NO_COUNTS_MARK = "không kèm số người"
MARK_COLOUR = "#8a5a00"

# (column, target, typed text) -> an error message, or None when saved.
Editor = Callable[[int, "TargetProgress", str], str | None]


def shown(value: float | None, unit: str) -> str:
    if value is None:
        return ""
    if unit == "percent":
        return percent(value)
    return number(value, 2 if unit == "ratio" else 0)


class TargetsModel(QAbstractTableModel):
    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self.targets: tuple[TargetProgress, ...] = ()
        self.period: Period | None = None
        self.editor: Editor | None = None  # None: read-only (the dashboard)
        self.headers: tuple[str, ...] = COLUMNS
        # The office's own entries of its entered targets (services.targets.entered_figures):
        # an entered percentage then shows its counts, or the mark of one kept without them,
        # and (with an editor) is typed as its two counts, not in the cell.
        self.entered: dict[str, tuple[EnteredFigure, ...]] = {}

    def set_targets(
        self,
        targets: tuple[TargetProgress, ...],
        period: Period,
        role: str = "district",
        entered: dict[str, tuple[EnteredFigure, ...]] | None = None,
    ) -> None:
        """The office's targets: a province sees its own (6a, 9a, 10) too, an upper union not."""
        self.beginResetModel()
        self.targets = tuple(t for t in targets if role == "province" or t.scope != "province")
        self.period = period
        self.entered = entered or {}
        self.endResetModel()

    def asks_counts(self, t: TargetProgress) -> bool:
        """An entered percentage of this office: typed as two counts (the counts editor)."""
        return t.method == "entered" and t.unit == "percent" and t.code in self.entered

    def month_entry(self, t: TargetProgress) -> EnteredFigure | None:
        """The entry of the month shown, as kept (None: nothing entered for the month)."""
        entries = self.entered.get(t.code, ())
        if self.period and entries and entries[-1].period == self.period.text:
            return entries[-1]
        return None

    def latest_entry(self, t: TargetProgress) -> EnteredFigure | None:
        """The newest entry of the year up to the month shown: what the year to date shows."""
        entries = self.entered.get(t.code, ())
        return entries[-1] if entries else None

    def _entry(self, t: TargetProgress, column: int) -> EnteredFigure | None:
        if t.unit != "percent":
            return None
        if column == MONTH:
            return self.month_entry(t)
        return self.latest_entry(t) if column == YTD else None

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.targets)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(COLUMNS)

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return self.headers[section]
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.ToolTipRole:
            return COLUMNS[section]
        return None

    def flags(self, index: Index) -> Qt.ItemFlag:
        base = super().flags(index)
        if not index.isValid() or self.editor is None:
            return base
        target = self.targets[index.row()]
        typed_in_cell = target.method == "entered" and not self.asks_counts(target)
        if index.column() == QUOTA or (index.column() == MONTH and typed_in_cell):
            return base | Qt.ItemFlag.ItemIsEditable
        return base

    def opens_counts(self, index: Index) -> bool:
        """True for the «Trong tháng» cell of an entered percentage on an editable table."""
        if not index.isValid() or self.editor is None or index.column() != MONTH:
            return False
        return self.asks_counts(self.targets[index.row()])

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or self.period is None:
            return None
        t = self.targets[index.row()]
        column = index.column()
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.EditRole):
            return self._text(t, column, role == Qt.ItemDataRole.EditRole)
        if role == Qt.ItemDataRole.TextAlignmentRole and column >= QUOTA:
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        if role == Qt.ItemDataRole.ToolTipRole:
            if column == PACE:
                return (
                    f"{PACE_LABELS[pace(t, self.period)]}: {expected_text(t.pacing, self.period)}"
                )
            entry = self._entry(t, column)
            if column in (MONTH, YTD) and entry is not None:
                where = "Kết quả" if column == MONTH else "Lũy kế năm lấy kết quả"
                kept = f"{where} {period_label(entry.period)}: {entry.text()}"
                if column == MONTH and self.opens_counts(index):
                    return f"{kept}\n{self._counts_hint(t)}"
                return kept
            if self.opens_counts(index):
                return self._counts_hint(t)
            if column == MONTH and t.method == "entered":
                return "Nhập kết quả của tháng (nhấp đúp để sửa)"
            if column == QUOTA:
                return "Chỉ tiêu LĐLĐ tỉnh giao cho đơn vị (nhấp đúp để sửa)"
            return t.name
        if role == Qt.ItemDataRole.BackgroundRole and (
            self.flags(index) & Qt.ItemFlag.ItemIsEditable or self.opens_counts(index)
        ):
            return QColor("#fffbe6")
        if role == Qt.ItemDataRole.ForegroundRole:
            entry = self._entry(t, column)
            if entry is not None and not entry.unmarked:
                return QColor(MARK_COLOUR)
        if role == PACE_ROLE:
            return pace(t, self.period)
        if role == SHARE_ROLE:
            return None if t.percent_of_quota is None else t.percent_of_quota / 100
        if role == EXPECTED_ROLE:
            return expected_share(t.pacing, self.period)
        return None

    def _text(self, t: TargetProgress, column: int, editing: bool) -> str:
        if column == CODE:
            return t.code
        if column == NAME:
            return t.name
        if column == PROVINCE:
            return t.province_value
        if column == QUOTA:
            return shown(t.quota, t.unit).replace(" %", "") if editing else shown(t.quota, t.unit)
        if column == MONTH:
            text = shown(t.month, t.unit)
            return text.replace(" %", "") if editing else text + self._counts_line(t, column)
        if column == YTD:
            return shown(t.year_to_date, t.unit) + self._counts_line(t, column)
        if column == PERCENT:
            return "" if t.percent_of_quota is None else percent(t.percent_of_quota)
        if column == PACE:
            return PACE_LABELS[pace(t, self.period)] if self.period else ""
        return ""

    def _counts_line(self, t: TargetProgress, column: int) -> str:
        """Under an entered percentage: its counts (`1.850/2.000`) or the mark of none."""
        entry = self._entry(t, column)
        if entry is None:
            return ""
        if entry.with_counts:
            return f"\n{number(entry.reached)}/{number(entry.in_scope)}"
        return f"\n{NO_COUNTS_MARK}"

    @staticmethod
    def _counts_hint(t: TargetProgress) -> str:
        reached, in_scope = (field.lower() for field in count_fields(t.name))
        return f"Nhấp đúp để nhập {reached} và {in_scope.lower()} của tháng"

    def setData(self, index: Index, value: Any, role: int = Qt.ItemDataRole.EditRole) -> bool:
        if role != Qt.ItemDataRole.EditRole or self.editor is None or not index.isValid():
            return False
        if not self.flags(index) & Qt.ItemFlag.ItemIsEditable:
            return False
        problem = self.editor(index.column(), self.targets[index.row()], str(value))
        return problem is None


class PaceBarDelegate(QStyledItemDelegate):
    """The share of the quota reached as a bar, coloured by pace, with a tick where it should be."""

    def paint(self, painter: QPainter, option: QStyleOptionViewItem, index: Index) -> None:
        state = index.data(PACE_ROLE)
        expected = index.data(EXPECTED_ROLE)  # None: not judged yet, no tick
        rect: QRect = option.rect.adjusted(6, 7, -6, -7)  # type: ignore[attr-defined]
        painter.save()
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        painter.setPen(Qt.PenStyle.NoPen)
        painter.setBrush(QColor("#e6e9ef"))
        painter.drawRoundedRect(rect, 3, 3)
        reached = index.data(SHARE_ROLE)
        if reached is not None:
            filled = QRect(rect)
            filled.setWidth(max(2, int(rect.width() * min(reached, 1.0))))
            painter.setBrush(QColor(PACE_COLOURS[state]))
            painter.drawRoundedRect(filled, 3, 3)
            if expected is not None:
                x = rect.left() + int(rect.width() * min(expected, 1.0))
                painter.setPen(QPen(QColor("#1a202c"), 2))
                painter.drawLine(x, rect.top() - 3, x, rect.bottom() + 3)
        painter.restore()
