"""Table models of the oversight panels: one row per inspection or complaint, Vietnamese text in
the display role and raw values in the sort role. GUI thread only."""

from __future__ import annotations

from collections.abc import Sequence
from enum import IntEnum
from typing import Any, Generic, TypeVar

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtGui import QColor

from desktop.format import vn_date
from desktop.services.oversight import ComplaintRow, InspectionRow
from desktop.text import text_sort_key

Index = QModelIndex | QPersistentModelIndex
Row = TypeVar("Row", InspectionRow, ComplaintRow)
SORT_ROLE = Qt.ItemDataRole.UserRole
PENDING_COLOUR = QColor("#b45309")  # amber: an open complaint is what the office must act on


class InspectionColumn(IntEnum):
    date = 0
    kind = 1
    scope = 2
    union = 3
    findings = 4


class ComplaintColumn(IntEnum):
    received = 0
    subject = 1
    union = 2
    authority = 3
    resolved = 4
    outcome = 5


INSPECTION_HEADERS = ("Ngày", "Loại", "Phạm vi", "CĐCS được kiểm tra", "Kết quả kiểm tra")
COMPLAINT_HEADERS = (
    "Ngày nhận",
    "Nội dung đơn",
    "CĐCS liên quan",
    "Thẩm quyền",
    "Ngày giải quyết",
    "Kết quả giải quyết",
)


def _one_line(text: str) -> str:
    return " ".join(text.split())


def _short_union(name: str) -> str:
    """The usual abbreviation: «Công đoàn cơ sở» takes a third of a narrow column otherwise."""
    long = "Công đoàn cơ sở "
    return "CĐCS " + name[len(long) :] if name.startswith(long) else name


class RowsModel(QAbstractTableModel, Generic[Row]):
    """A read-only table of frozen rows: Vietnamese text for display, raw values to sort by."""

    headers: tuple[str, ...] = ()
    long_columns: frozenset[int] = frozenset()  # elided in the view: their full text as tooltip

    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self.rows: list[Row] = []

    def set_rows(self, rows: Sequence[Row]) -> None:
        self.beginResetModel()
        self.rows = list(rows)
        self.endResetModel()

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.rows)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.headers)

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return self.headers[section] if 0 <= section < len(self.headers) else None
        return None

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self.rows):
            return None
        row, column = self.rows[index.row()], index.column()
        if role == Qt.ItemDataRole.DisplayRole:
            return self.display(row)[column]
        if role == SORT_ROLE:
            return self.sort_keys(row)[column]
        if role == Qt.ItemDataRole.ToolTipRole and column in self.long_columns:
            return self.display(row)[column] or None
        if role == Qt.ItemDataRole.ForegroundRole:
            return self.colour(row, column)
        return None

    def display(self, row: Row) -> tuple[str, ...]:
        raise NotImplementedError

    def sort_keys(self, row: Row) -> tuple[str, ...]:
        raise NotImplementedError

    def colour(self, row: Row, column: int) -> QColor | None:
        return None


class InspectionsModel(RowsModel[InspectionRow]):
    headers = INSPECTION_HEADERS
    long_columns = frozenset({InspectionColumn.union, InspectionColumn.findings})

    def display(self, row: InspectionRow) -> tuple[str, ...]:
        return (
            vn_date(row.inspected_on),
            row.kind_label,
            row.scope_label,
            _short_union(row.union_name),
            _one_line(row.findings),
        )

    def sort_keys(self, row: InspectionRow) -> tuple[str, ...]:
        return (
            row.inspected_on.isoformat(),
            text_sort_key(row.kind_label),
            text_sort_key(row.scope_label),
            text_sort_key(row.union_name),
            text_sort_key(row.findings),
        )


class ComplaintsModel(RowsModel[ComplaintRow]):
    headers = COMPLAINT_HEADERS
    long_columns = frozenset(
        {ComplaintColumn.subject, ComplaintColumn.union, ComplaintColumn.outcome}
    )

    def display(self, row: ComplaintRow) -> tuple[str, ...]:
        return (
            vn_date(row.received_on),
            row.subject,
            _short_union(row.union_name),
            "Thuộc" if row.within_authority else "Không thuộc",
            vn_date(row.resolved_on) if row.resolved_on else "Đang giải quyết",
            _one_line(row.outcome),
        )

    def sort_keys(self, row: ComplaintRow) -> tuple[str, ...]:
        return (
            row.received_on.isoformat(),
            text_sort_key(row.subject),
            text_sort_key(row.union_name),
            "1" if row.within_authority else "0",
            row.resolved_on.isoformat() if row.resolved_on else "9999",  # open ones last
            text_sort_key(row.outcome),
        )

    def colour(self, row: ComplaintRow, column: int) -> QColor | None:
        return PENDING_COLOUR if column == ComplaintColumn.resolved and not row.resolved else None
