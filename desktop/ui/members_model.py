"""The Đoàn viên table over the whole district: positions from the search index, rows fetched in
blocks as they scroll into view, so 150,000 members cost a list of ids, not 150,000 objects.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt

from desktop.citizen_id import masked
from desktop.format import vn_date
from desktop.services.member_search import (
    GENDER_LABELS,
    HOUSEHOLD_LABELS,
    STATUS_LABELS,
    MemberIndex,
    MemberRow,
    fetch_rows,
)

if TYPE_CHECKING:
    from desktop.store import Store

Index = QModelIndex | QPersistentModelIndex
BLOCK = 200


# The abbreviations offices write in their own lists; the column's header already says
# "Công đoàn cơ sở", so the prefix is dropped and the rest tells unions apart.
ABBREVIATIONS = (
    ("Công đoàn cơ sở ", ""),
    ("CĐCS ", ""),
    ("Công ty Trách nhiệm hữu hạn ", "Cty TNHH "),
    ("Công ty TNHH ", "Cty TNHH "),
    ("Công ty Cổ phần ", "CTCP "),
    ("Công ty ", "Cty "),
    ("Ủy ban nhân dân ", "UBND "),
    ("Hợp tác xã ", "HTX "),
)


def short_union(name: str) -> str:
    """A union's name as the table shows it (the full name is the cell's tooltip)."""
    for long, short in ABBREVIATIONS:
        if name.startswith(long):
            name = short + name[len(long) :]
    return name


# (key, header, value of a row); the column chooser lists them in this order.
COLUMNS: tuple[tuple[str, str, Any], ...] = (
    ("full_name", "Họ và tên", lambda m: m.full_name),
    ("gender", "Giới tính", lambda m: GENDER_LABELS.get(m.gender, m.gender)),
    ("birth_date", "Ngày sinh", lambda m: vn_date(m.birth_date)),
    ("citizen_id", "Số CCCD", lambda m: m.citizen_id),
    ("card_number", "Số thẻ", lambda m: m.card_number),
    ("union", "Công đoàn cơ sở", lambda m: short_union(m.union_name)),
    ("status", "Trạng thái", lambda m: STATUS_LABELS.get(m.status, m.status)),
    ("joined_on", "Ngày vào CĐ", lambda m: vn_date(m.joined_on)),
    ("job_title", "Chức danh", lambda m: m.job_title),
    ("phone", "Điện thoại", lambda m: m.phone),
    ("household", "Hộ gia đình", lambda m: HOUSEHOLD_LABELS.get(m.household_status or "", "")),
    ("party", "Giới thiệu cho Đảng", lambda m: vn_date(m.party_introduced_on)),
    ("smartca", "Cài SmartCA", lambda m: vn_date(m.smartca_installed_on)),
)
DEFAULT_HIDDEN = {"card_number", "job_title", "phone", "household", "party", "smartca"}


CITIZEN_ID_COLUMN = next(c for c, (key, _, _) in enumerate(COLUMNS) if key == "citizen_id")


class MembersModel(QAbstractTableModel):
    """`masked_ids`: citizen IDs shown as `083•••••••45` (a role that may not see them whole)."""

    def __init__(
        self,
        store: Store,
        index: MemberIndex,
        parent: Any = None,
        *,
        masked_ids: bool = False,
    ) -> None:
        super().__init__(parent)
        self.masked_ids = masked_ids
        self.store = store
        self.search_index = index
        self.positions: list[int] = []
        self._blocks: dict[int, list[MemberRow]] = {}

    def show(self, positions: list[int]) -> None:
        self.beginResetModel()
        self.positions = positions
        self._blocks.clear()
        self.endResetModel()

    def member_id(self, row: int) -> str:
        return self.search_index.ids[self.positions[row]]

    def member(self, row: int) -> MemberRow | None:
        block = row // BLOCK
        rows = self._blocks.get(block)
        if rows is None:
            start = block * BLOCK
            ids = [self.search_index.ids[p] for p in self.positions[start : start + BLOCK]]
            rows = fetch_rows(self.store, ids)
            if len(self._blocks) > 50:  # keep memory flat while scrolling far
                self._blocks.clear()
            self._blocks[block] = rows
        offset = row % BLOCK
        return rows[offset] if offset < len(rows) else None

    def replace(self, index: MemberIndex) -> None:
        """A fresh index after a write (GUI thread only)."""
        self.search_index = index
        self.show([])

    def shown_ids(self) -> list[str]:
        """The ids of the current view, in order (what "Xuất Excel" writes)."""
        ids = self.search_index.ids
        return [ids[p] for p in self.positions]

    def row_of(self, member_id: str) -> int | None:
        ids = self.search_index.ids
        for row, position in enumerate(self.positions):
            if ids[position] == member_id:
                return row
        return None

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.positions)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(COLUMNS)

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if role != Qt.ItemDataRole.DisplayRole:
            return None
        if orientation == Qt.Orientation.Horizontal:
            return COLUMNS[section][1]
        return str(section + 1)

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or role not in (
            Qt.ItemDataRole.DisplayRole,
            Qt.ItemDataRole.ToolTipRole,
        ):
            return None
        member = self.member(index.row())
        if member is None:
            return None
        if role == Qt.ItemDataRole.ToolTipRole and COLUMNS[index.column()][0] == "union":
            return member.union_name
        if self.masked_ids and index.column() == CITIZEN_ID_COLUMN:
            return masked(member.citizen_id) if member.citizen_id else ""
        return COLUMNS[index.column()][2](member)
