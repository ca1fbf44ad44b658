"""The quotas grid of the packages dialog: a row per target, a column per office, cells typed
the Vietnamese way (`1.250`, `92,5`). Typed cells stay pending (shaded) until saved; the service
checks them and names a bad one by office and target. GUI thread only."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtGui import QBrush, QColor

from desktop.services.province_packages import QuotaGrid, shown_value

Index = QModelIndex | QPersistentModelIndex
PENDING = QColor("#fff4c2")
UNITS = {"percent": "%", "ratio": "tỷ số", "count": "số lượng"}
TARGET_HEADER = "Chỉ tiêu"


class QuotaGridModel(QAbstractTableModel):
    """Column 0 names the target; columns 1… are the offices (their code; the name on hover)."""

    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self.grid: QuotaGrid | None = None
        self.pending: dict[tuple[str, str], str] = {}  # (office, target) → text typed

    def set_grid(self, grid: QuotaGrid) -> None:
        self.beginResetModel()
        self.grid, self.pending = grid, {}
        self.endResetModel()

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() or self.grid is None else len(self.grid.targets)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() or self.grid is None else 1 + len(self.grid.offices)

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if self.grid is None or orientation != Qt.Orientation.Horizontal:
            return None
        if section == 0:
            return TARGET_HEADER if role == Qt.ItemDataRole.DisplayRole else None
        code, name = self.grid.offices[section - 1]
        if role == Qt.ItemDataRole.DisplayRole:
            return code
        if role == Qt.ItemDataRole.ToolTipRole:
            return name
        return None

    def cell(self, index: Index) -> tuple[str, str] | None:
        """(office, target) of a quota cell; None for the target's name."""
        if self.grid is None or index.column() == 0:
            return None
        return self.grid.offices[index.column() - 1][0], self.grid.targets[index.row()].code

    def flags(self, index: Index) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        found = Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable
        if index.column() > 0:
            found |= Qt.ItemFlag.ItemIsEditable
        return found

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if self.grid is None or not index.isValid():
            return None
        target = self.grid.targets[index.row()]
        where = self.cell(index)
        if where is None:
            if role == Qt.ItemDataRole.DisplayRole:
                return f"{target.code}. {target.name} ({UNITS.get(target.unit, target.unit)})"
            if role == Qt.ItemDataRole.ToolTipRole:
                return target.name
            return None
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.EditRole):
            if where in self.pending:
                return self.pending[where]
            return shown_value(self.grid.value(*where))
        if role == Qt.ItemDataRole.TextAlignmentRole:
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        if role == Qt.ItemDataRole.BackgroundRole and where in self.pending:
            return QBrush(PENDING)
        if role == Qt.ItemDataRole.ToolTipRole and where in self.pending:
            return "Đã sửa, chưa lưu"
        return None

    def setData(self, index: Index, value: Any, role: int = Qt.ItemDataRole.EditRole) -> bool:
        where = self.cell(index)
        if where is None or role != Qt.ItemDataRole.EditRole or self.grid is None:
            return False
        typed = str(value).strip()
        if typed == shown_value(self.grid.value(*where)):
            self.pending.pop(where, None)  # typed back as it was: nothing to save
        else:
            self.pending[where] = typed
        self.dataChanged.emit(index, index)
        return True

    def index_of(self, office: str, target: str) -> QModelIndex:
        """The cell of `office` and `target` (an invalid index when not shown)."""
        if self.grid is None:
            return QModelIndex()
        columns = [code for code, _ in self.grid.offices]
        rows = [t.code for t in self.grid.targets]
        if office not in columns or target not in rows:
            return QModelIndex()
        return self.index(rows.index(target), 1 + columns.index(office))
