"""One office's grassroots unions and members as the province holds them, read-only.

Opened from Tổng hợp (a double click on an office's column). Picking a union lists its members;
«Tất cả đoàn viên» lists the office's. Nothing here can be edited: the office's own Union Desk is
where its records change, and its next bundle brings the change.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QDialogButtonBox,
    QHeaderView,
    QLabel,
    QSplitter,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from desktop.format import number, vn_date
from desktop.services.office_browse import (
    OfficeHoldings,
    OfficeMember,
    OfficeUnion,
    office_holdings,
)
from desktop.store import shared

Index = QModelIndex | QPersistentModelIndex
UNION_HEADERS = ("CĐCS", "Khu vực", "Ngày thành lập", "Chủ tịch", "Đoàn viên")
MEMBER_HEADERS = ("Họ và tên", "Giới tính", "Ngày sinh", "CĐCS", "Ngày vào", "Trạng thái")
ALL_MEMBERS = "Tất cả đoàn viên của đơn vị"


class _Rows(QAbstractTableModel):
    """A read-only table of plain texts."""

    def __init__(self, headers: tuple[str, ...], parent: Any = None) -> None:
        super().__init__(parent)
        self.headers = headers
        self.rows: list[tuple[str, ...]] = []

    def set_rows(self, rows: list[tuple[str, ...]]) -> None:
        self.beginResetModel()
        self.rows = rows
        self.endResetModel()

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.rows)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.headers)

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return self.headers[section]
        return None

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if index.isValid() and role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole):
            return self.rows[index.row()][index.column()]
        return None


def _union_row(u: OfficeUnion) -> tuple[str, ...]:
    name = u.name if u.dissolved_on is None else f"{u.name} (giải thể {vn_date(u.dissolved_on)})"
    return (name, u.sector, vn_date(u.founded_on), u.chair_name, number(u.members))


def _member_row(m: OfficeMember) -> tuple[str, ...]:
    return (
        m.full_name,
        m.gender,
        vn_date(m.birth_date),
        m.union_name,
        vn_date(m.joined_on),
        m.status,
    )


def _table(name: str, model: _Rows) -> QTableView:
    table = QTableView()
    table.setObjectName(name)
    table.setModel(model)
    table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
    table.verticalHeader().setVisible(False)
    table.setAlternatingRowColors(True)
    table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
    return table


class OfficeBrowser(QDialog):
    """The unions and members of office `unit_code`, read-only."""

    def __init__(self, db: Path | str, unit_code: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("officeBrowser")
        self.holdings: OfficeHoldings = office_holdings(shared(db), unit_code)
        held = self.holdings
        self.setWindowTitle(f"{held.code} – {held.name}")
        self.setAccessibleName(f"Đơn vị {held.name}")
        title = QLabel(
            f"<b>{held.code} – {held.name}</b>: {number(len(held.unions))} CĐCS, "
            f"{number(len(held.members))} đoàn viên theo gói đã gộp (chỉ xem; dữ liệu được sửa "
            "ở Union Desk của đơn vị và đến tỉnh bằng gói tháng sau)."
        )
        title.setWordWrap(True)
        title.setObjectName("officeBrowserTitle")
        self.unions_model = _Rows(UNION_HEADERS, self)
        self.unions_model.set_rows(
            [(ALL_MEMBERS, "", "", "", number(sum(u.members for u in held.unions)))]
            + [_union_row(u) for u in held.unions]
        )
        self.members_model = _Rows(MEMBER_HEADERS, self)
        self.unions = _table("officeUnions", self.unions_model)
        self.members = _table("officeMembers", self.members_model)
        for table in (self.unions, self.members):  # the union's name, or the member's
            table.horizontalHeader().setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        self.unions.selectionModel().currentRowChanged.connect(lambda *_: self._show_members())
        self.members_title = QLabel()
        self.members_title.setObjectName("officeMembersTitle")
        lower = QWidget()
        lower_layout = QVBoxLayout(lower)
        lower_layout.setContentsMargins(0, 0, 0, 0)
        lower_layout.addWidget(self.members_title)
        lower_layout.addWidget(self.members)
        split = QSplitter(Qt.Orientation.Vertical)
        split.addWidget(self.unions)
        split.addWidget(lower)
        split.setSizes([220, 360])
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.button(QDialogButtonBox.StandardButton.Close).setText("Đóng")
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(title)
        layout.addWidget(split, 1)
        layout.addWidget(buttons)
        self.resize(900, 620)
        self.unions.selectRow(0)
        self._show_members()

    def select_union(self, union_id: str | None) -> None:
        """Show one union's members (None: all the office's)."""
        row = 0
        if union_id is not None:
            row = 1 + [u.id for u in self.holdings.unions].index(union_id)
        self.unions.selectRow(row)

    def _show_members(self) -> None:
        row = self.unions.currentIndex().row()
        union = self.holdings.unions[row - 1] if row >= 1 else None
        members = self.holdings.members_of(union.id if union is not None else None)
        self.members_model.set_rows([_member_row(m) for m in members])
        where = union.name if union is not None else f"{self.holdings.name} (mọi CĐCS)"
        self.members_title.setText(f"Đoàn viên – {where}: {number(len(members))} người")
