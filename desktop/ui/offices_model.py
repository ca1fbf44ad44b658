"""The «Đơn vị» table: one row per registered upper-level union, late and missing months said in
words and colour. Raw values in the sort role, Vietnamese text in the display role. GUI thread."""

from __future__ import annotations

from dataclasses import dataclass
from enum import IntEnum
from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtGui import QBrush, QColor, QFont

from desktop.services.province_offices import OfficeStatus, months_text

SORT_ROLE = Qt.ItemDataRole.UserRole + 1
CODE_ROLE = Qt.ItemDataRole.UserRole + 2
Index = QModelIndex | QPersistentModelIndex

LATE_BACKGROUND, LATE_TEXT = "#fde8e8", "#b3261e"
BEHIND_BACKGROUND, BEHIND_TEXT = "#fff4ce", "#7a4f00"
DONE_TEXT = "#1e6b34"
SHORT_GRADES = {
    "excellent": "Xuất sắc",
    "good": "Tốt",
    "done": "Hoàn thành",
    "not_done": "Không hoàn thành",
}


class Columns(IntEnum):
    CODE = 0
    NAME = 1
    LAST = 2
    STATE = 3
    KEYS = 4
    RATING = 5
    INSPECTED = 6


@dataclass(frozen=True)
class OfficeRow:
    """A status with the province's records of the working year beside it."""

    status: OfficeStatus
    grade: str | None  # the year's rating, None when not rated yet
    inspections: int  # the province's inspections of it in the year
    returned: tuple[str, ...] = ()  # months returned to it and not yet answered by a bundle


def keys_text(status: OfficeStatus) -> str:
    """Each fingerprint on two lines of three groups (as read over the phone), then what is
    special: a new key waiting for its first bundle, keys revoked."""
    lines = [f"{f[:14]}\n{f[15:]}" for f in status.fingerprints] or ["(không có khóa)"]
    if status.rotation_pending:
        lines.append("Đổi khóa: chờ gói đầu")
    if status.revoked:
        lines.append(f"{len(status.revoked)} khóa đã thu hồi")
    return "\n".join(lines)


def state_text(status: OfficeStatus, returned: tuple[str, ...] = ()) -> str:
    """Late or behind, then the months missing, then the months returned and not yet sent
    again: «Quá hạn gửi gói tháng 3/2024 (hạn 10/04/2024) / Thiếu tháng 2, 3/2024»."""
    if not status.missing:
        lines = [] if returned else [status.state_text]
    elif status.state_text.startswith("Thiếu"):
        lines = [f"Thiếu {status.missing_text}"]
    else:
        lines = [status.state_text, f"Thiếu {status.missing_text}"]
    if returned:
        lines.append(f"Đã trả lại {months_text(returned)}, chờ gói sửa")
    return "\n".join(lines)


class OfficesModel(QAbstractTableModel):
    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self.rows: list[OfficeRow] = []
        self.year = 0

    def headers(self) -> list[str]:
        return [
            "Mã",
            "Đơn vị",
            "Gói gần\nnhất",
            "Tình trạng gửi gói",
            "Dấu vân tay\nkhóa",
            f"Xếp loại\nnăm {self.year}",
            f"Tỉnh kiểm\ntra {self.year}",
        ]

    def show(self, rows: list[OfficeRow], year: int) -> None:
        self.beginResetModel()
        self.rows = rows
        self.year = year
        self.endResetModel()
        self.headerDataChanged.emit(Qt.Orientation.Horizontal, 0, len(Columns) - 1)

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.rows)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(Columns)

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if orientation != Qt.Orientation.Horizontal or not 0 <= section < len(Columns):
            return None
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole):
            text = self.headers()[section]
            return text if role == Qt.ItemDataRole.DisplayRole else text.replace("\n", " ")
        return None

    def text(self, row: OfficeRow, column: Columns) -> str:
        s = row.status
        match column:
            case Columns.CODE:
                return s.code
            case Columns.NAME:
                return f"{s.name}\n{s.kind_label}"
            case Columns.LAST:
                return s.last_period_text
            case Columns.STATE:
                return state_text(s, row.returned)
            case Columns.KEYS:
                return keys_text(s)
            case Columns.RATING:
                return SHORT_GRADES.get(row.grade, row.grade) if row.grade else "Chưa xếp loại"
            case Columns.INSPECTED:
                return f"{row.inspections} lần" if row.inspections else "Chưa kiểm tra"
        return ""

    def sort_value(self, row: OfficeRow, column: Columns) -> Any:
        s = row.status
        match column:
            case Columns.LAST:
                return s.last_period or ""
            case Columns.STATE:
                # One number (Qt compares no Python tuples): late, then behind, by months owed.
                level = 2 if s.late else 1 if s.missing or row.returned else 0
                return level * 100 + len(s.missing)
            case Columns.RATING:
                order = list(SHORT_GRADES)
                return order.index(row.grade) if row.grade in order else len(order)
            case Columns.INSPECTED:
                return row.inspections
            case Columns.NAME:
                return s.name
        return self.text(row, column)

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or index.row() >= len(self.rows):
            return None
        row, column = self.rows[index.row()], Columns(index.column())
        s = row.status
        if role == Qt.ItemDataRole.DisplayRole:
            return self.text(row, column)
        if role == Qt.ItemDataRole.ToolTipRole:
            if column == Columns.KEYS:
                return "\n".join(f"{k.fingerprint}: {k.state_label}" for k in s.keys)
            return self.text(row, column).replace("\n", " — ")
        if role == SORT_ROLE:
            return self.sort_value(row, column)
        if role == CODE_ROLE:
            return s.code
        if role == Qt.ItemDataRole.BackgroundRole:
            if s.late:
                return QBrush(QColor(LATE_BACKGROUND))
            if s.missing or row.returned:
                return QBrush(QColor(BEHIND_BACKGROUND))
            return None
        if role == Qt.ItemDataRole.ForegroundRole:
            if column == Columns.STATE:
                behind = s.missing or row.returned
                colour = LATE_TEXT if s.late else BEHIND_TEXT if behind else DONE_TEXT
                return QBrush(QColor(colour))
            if column == Columns.RATING and row.grade is None:
                return QBrush(QColor(BEHIND_TEXT))
            return None
        if role == Qt.ItemDataRole.FontRole and column == Columns.STATE and s.late:
            font = QFont()
            font.setBold(True)
            return font
        return None
