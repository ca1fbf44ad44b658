"""Table models of the Công đoàn cơ sở screen: grassroots unions and prospects, one frozen row
each, Vietnamese text in the display role and raw values in the sort role. The rows given are
already filtered (by `services.unions.filter_unions` / `services.prospects.filter_prospects`);
a `QSortFilterProxyModel` sorts them by the sort role. GUI thread only."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from enum import IntEnum
from typing import Any, Generic, TypeVar

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtGui import QColor, QFont

from desktop.format import number, vn_date
from desktop.services.prospects import ProspectRow
from desktop.services.unions import RATING_LABELS, RATING_SHORT, SECTOR_LABELS, UnionRow
from desktop.text import text_sort_key
from desktop.ui.members_model import short_union

Index = QModelIndex | QPersistentModelIndex
Row = TypeVar("Row", UnionRow, ProspectRow)
SORT_ROLE = Qt.ItemDataRole.UserRole
DISSOLVED_COLOUR = QColor("#6b7280")  # grey: a dissolved union is history, not work
PRIORITY_BACKGROUND = QColor("#fff4d6")  # amber: ≥ 25 workers, what target 3b counts
RIGHT = int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)


class UnionColumn(IntEnum):
    union = 0
    sector = 1
    commune = 2
    workforce = 3
    members = 4
    chair = 5
    rating = 6
    founded = 7
    status = 8


class ProspectColumn(IntEnum):
    enterprise = 0
    commune = 1
    workforce = 2
    status = 3
    status_on = 4
    note = 5


def _day_key(day: Any) -> str:
    return day.isoformat() if day else ""


class RowsModel(QAbstractTableModel, Generic[Row]):
    """A read-only table of frozen rows; subclasses say what each column shows and sorts by."""

    headers: tuple[str, ...] = ()
    numeric: frozenset[int] = frozenset()

    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self.rows: list[Row] = []

    def set_rows(self, rows: Sequence[Row]) -> None:
        self.beginResetModel()
        self.rows = list(rows)
        self.endResetModel()

    def row_of(self, row_id: str) -> int | None:
        return next((n for n, r in enumerate(self.rows) if r.id == row_id), None)

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.rows)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.headers)

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if orientation != Qt.Orientation.Horizontal or not 0 <= section < len(self.headers):
            return None
        if role == Qt.ItemDataRole.DisplayRole:
            return self.headers[section]
        if role == Qt.ItemDataRole.TextAlignmentRole and section in self.numeric:
            return RIGHT
        return None

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self.rows):
            return None
        row, column = self.rows[index.row()], index.column()
        if role == Qt.ItemDataRole.DisplayRole:
            return self.text(row, column)
        if role == SORT_ROLE:
            return self.sort_value(row, column)
        if role == Qt.ItemDataRole.TextAlignmentRole and column in self.numeric:
            return RIGHT
        return self.styled(row, column, role)

    def text(self, row: Row, column: int) -> str:
        raise NotImplementedError

    def sort_value(self, row: Row, column: int) -> Any:
        raise NotImplementedError

    def styled(self, row: Row, column: int, role: int) -> Any:
        return None


class UnionsModel(RowsModel[UnionRow]):
    numeric = frozenset({UnionColumn.workforce, UnionColumn.members})

    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self.rating_year = 0
        self.set_rating_year(2024)

    def set_rating_year(self, year: int) -> None:
        """The year whose rating the «Xếp loại» column shows."""
        self.rating_year = year
        self.headers = (
            "Tên công đoàn cơ sở",
            "Khu vực",
            "Xã, phường",
            "Lao động",
            "Đoàn viên",
            "Chủ tịch",
            f"Xếp loại {year}",
            "Thành lập",
            "Tình trạng",
        )
        self.headerDataChanged.emit(Qt.Orientation.Horizontal, 0, len(self.headers) - 1)
        if self.rows:
            top, bottom = (
                self.index(0, UnionColumn.rating),
                self.index(len(self.rows) - 1, UnionColumn.rating),
            )
            self.dataChanged.emit(top, bottom)

    def _status(self, u: UnionRow) -> str:
        return f"Giải thể {vn_date(u.dissolved_on)}" if u.dissolved_on else "Đang hoạt động"

    def text(self, u: UnionRow, column: int) -> str:
        rating = u.rating_of(self.rating_year)
        values: dict[int, Callable[[], str]] = {
            UnionColumn.union: lambda: short_union(u.name),
            UnionColumn.sector: lambda: SECTOR_LABELS.get(u.sector, u.sector),
            UnionColumn.commune: lambda: u.commune_name,
            UnionColumn.workforce: lambda: number(u.workforce_total),
            UnionColumn.members: lambda: number(u.members),
            UnionColumn.chair: lambda: u.chair_name,
            UnionColumn.rating: lambda: RATING_SHORT.get(rating, rating) if rating else "",
            UnionColumn.founded: lambda: vn_date(u.founded_on),
            UnionColumn.status: lambda: self._status(u),
        }
        return values[column]()

    def sort_value(self, u: UnionRow, column: int) -> Any:
        order = {r: n for n, r in enumerate(RATING_LABELS)}  # excellent first
        values: dict[int, Callable[[], Any]] = {
            UnionColumn.union: lambda: text_sort_key(short_union(u.name)),  # as shown
            UnionColumn.sector: lambda: u.sector,
            UnionColumn.commune: lambda: text_sort_key(u.commune_name),
            UnionColumn.workforce: lambda: u.workforce_total,
            UnionColumn.members: lambda: u.members,
            UnionColumn.chair: lambda: text_sort_key(u.chair_name),
            UnionColumn.rating: lambda: order.get(u.rating_of(self.rating_year) or "", 9),
            UnionColumn.founded: lambda: _day_key(u.founded_on),
            UnionColumn.status: lambda: _day_key(u.dissolved_on),
        }
        return values[column]()

    def styled(self, u: UnionRow, column: int, role: int) -> Any:
        if role == Qt.ItemDataRole.ForegroundRole and u.dissolved:
            return DISSOLVED_COLOUR
        if role == Qt.ItemDataRole.ToolTipRole and column == UnionColumn.union:
            return u.name
        if role == Qt.ItemDataRole.ToolTipRole and column == UnionColumn.status and u.dissolved:
            return u.dissolved_reason or None
        if role == Qt.ItemDataRole.ToolTipRole and column == UnionColumn.rating:
            rating = u.rating_of(self.rating_year)
            return RATING_LABELS.get(rating, rating) if rating else "Chưa xếp loại"
        return None


class ProspectsModel(RowsModel[ProspectRow]):
    headers = ("Doanh nghiệp", "Xã, phường", "Lao động", "Trạng thái", "Ngày", "Ghi chú")
    numeric = frozenset({ProspectColumn.workforce})

    def text(self, p: ProspectRow, column: int) -> str:
        values: dict[int, Callable[[], str]] = {
            ProspectColumn.enterprise: lambda: p.name,
            ProspectColumn.commune: lambda: p.commune_name,
            ProspectColumn.workforce: lambda: number(p.workforce_total),
            ProspectColumn.status: lambda: p.status_label,
            ProspectColumn.status_on: lambda: vn_date(p.status_on),
            ProspectColumn.note: lambda: p.last_note,
        }
        return values[column]()

    def sort_value(self, p: ProspectRow, column: int) -> Any:
        values: dict[int, Callable[[], Any]] = {
            ProspectColumn.enterprise: lambda: f"{int(not p.priority)}{text_sort_key(p.name)}",
            ProspectColumn.commune: lambda: text_sort_key(p.commune_name),
            ProspectColumn.workforce: lambda: p.workforce_total,
            ProspectColumn.status: lambda: p.status_label,
            ProspectColumn.status_on: lambda: _day_key(p.status_on),
            ProspectColumn.note: lambda: p.last_note,
        }
        return values[column]()

    def styled(self, p: ProspectRow, column: int, role: int) -> Any:
        if role == Qt.ItemDataRole.BackgroundRole and p.priority:
            return PRIORITY_BACKGROUND
        if role == Qt.ItemDataRole.FontRole and p.priority and column == ProspectColumn.workforce:
            font = QFont()
            font.setBold(True)
            return font
        if role == Qt.ItemDataRole.ToolTipRole:
            if column == ProspectColumn.note and p.note:
                return p.note
            if p.priority:
                return "Từ 25 lao động trở lên: ưu tiên thành lập (chỉ tiêu 3b)"
        return None
