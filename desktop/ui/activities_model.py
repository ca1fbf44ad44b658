"""The Hoạt động screen's table: one row per activity of the month shown, Vietnamese text, the
long texts' whole as their tooltip. GUI thread only."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt

from desktop.format import money, number, vn_date
from desktop.services.activities import ActivityRow

Index = QModelIndex | QPersistentModelIndex
COLUMNS = ("Ngày", "NV", "Loại", "Tên hoạt động", "CĐCS tham gia", "Người", "Nữ", "Số tiền")
KIND, TITLE, UNIONS = 2, 3, 4


class ActivitiesModel(QAbstractTableModel):
    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self.rows: list[ActivityRow] = []

    def set_rows(self, rows: list[ActivityRow]) -> None:
        self.beginResetModel()
        self.rows = rows
        self.endResetModel()

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.rows)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(COLUMNS)

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return COLUMNS[section]
        return None

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        row = self.rows[index.row()]
        column = index.column()
        if role == Qt.ItemDataRole.DisplayRole:
            return (
                vn_date(row.held_on),
                str(row.task_area),
                row.kind_label
                + (f" – {row.subkind}" if row.subkind else "")
                + (f" ({row.houses_text})" if row.houses_text else ""),
                row.title,
                "; ".join(row.unions) if len(row.unions) <= 2 else f"{len(row.unions)} CĐCS",
                number(row.participants),
                number(row.participants_women),
                money(row.amount) if row.amount else "",
            )[column]
        if role == Qt.ItemDataRole.ToolTipRole and column == UNIONS:
            return "\n".join(row.unions) or None
        if role == Qt.ItemDataRole.ToolTipRole and column in (KIND, TITLE):
            return self.data(index) or None
        if role == Qt.ItemDataRole.TextAlignmentRole and column >= 5:
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        return None
