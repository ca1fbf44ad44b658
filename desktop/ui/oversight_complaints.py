"""The Khiếu nại, tố cáo panel of the Hoạt động screen: the complaints received in the month (or,
with «Cả năm», the year), and apart from them the older complaints still open when it began, so the
count above each list is the count of that list. GUI thread only.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from PySide6.QtCore import QSortFilterProxyModel
from PySide6.QtWidgets import QDialog, QLabel, QPushButton, QTableView, QVBoxLayout, QWidget

from desktop.format import vn_date
from desktop.periods import parse_period
from desktop.services.oversight import ComplaintRow
from desktop.services.roles import Action
from desktop.store import shared
from desktop.ui.confirm_password import may
from desktop.ui.oversight_form_parts import named
from desktop.ui.oversight_models import SORT_ROLE, ComplaintColumn, ComplaintsModel
from desktop.ui.oversight_widgets import OversightPanel
from desktop.ui.tasks import TaskRunner


class ComplaintsPanel(OversightPanel[ComplaintRow]):
    """Đơn thư khiếu nại, tố cáo: received, resolved (target 9e). The period's list holds the
    complaints received in it; below it, apart, those received earlier and still open when the
    period began, until they are resolved."""

    noun = "đơn thư"
    prefix = "complaints"

    def __init__(
        self, db_path: Path | str, runner: TaskRunner, parent: QWidget | None = None
    ) -> None:
        super().__init__(db_path, runner, ComplaintsModel(), parent)
        self.model.setParent(self)
        named(self, "complaintsPanel", "Khiếu nại, tố cáo")
        self.resolve_button = named(
            QPushButton("Giải quyết…"), "complaintsResolve", "Ghi kết quả giải quyết đơn"
        )
        self.resolve_button.clicked.connect(self.resolve_selected)
        self.top.insertWidget(self.top.indexOf(self.delete_button), self.resolve_button)
        self.older_title = named(
            QLabel(), "complaintsOlderTitle", "Đơn thư trước kỳ chưa giải quyết"
        )
        self.older_title.setStyleSheet("font-weight: 600; color: #1a202c;")
        self.older_title.setWordWrap(True)
        self.older_model = ComplaintsModel(self)
        self.older_proxy = QSortFilterProxyModel(self)
        self.older_proxy.setSourceModel(self.older_model)
        self.older_proxy.setSortRole(SORT_ROLE)
        self.older_table = named(
            QTableView(), "complaintsOlderTable", "Đơn thư trước kỳ chưa giải quyết"
        )
        self._set_up_table(self.older_table, self.older_proxy)
        layout = self.layout()
        assert isinstance(layout, QVBoxLayout)
        at = layout.indexOf(self.message)
        layout.insertWidget(at, self.older_title)
        layout.insertWidget(at + 1, self.older_table, 1)
        # One selection between the two lists: Sửa, Giải quyết and Xóa act on it.
        self.table.selectionModel().selectionChanged.connect(
            lambda selected, _old: self._only_one(selected, self.older_table)
        )
        self.older_table.selectionModel().selectionChanged.connect(
            lambda selected, _old: self._only_one(selected, self.table)
        )
        self._enable()

    def _only_one(self, selected: Any, other: QTableView) -> None:
        if not selected.isEmpty():
            other.clearSelection()
        self._enable()

    def _enable(self) -> None:
        super()._enable()
        if hasattr(self, "resolve_button"):
            row = self.selected()
            self.resolve_button.setEnabled(
                row is not None and not row.resolved and may(Action.EDIT)
            )

    def selected(self) -> ComplaintRow | None:
        found = super().selected()
        if found is not None or not hasattr(self, "older_table"):
            return found
        index = self.older_table.currentIndex()
        if not index.isValid() or not self.older_table.selectionModel().isSelected(index):
            return None
        row = self.older_proxy.mapToSource(index).row()
        rows = self.older_model.rows
        return rows[row] if 0 <= row < len(rows) else None

    def select_older_row(self, row: int) -> None:
        """Select the older list's `row` (whatever the sort order)."""
        index = self.older_proxy.mapFromSource(self.older_model.index(row, 0))
        self.older_table.selectRow(index.row())

    def load(self, period_text: str) -> tuple[list[ComplaintRow], list[ComplaintRow]]:
        from desktop.services.oversight import complaints_carried_over, complaints_in

        return (
            complaints_in(shared(self.db_path), period_text),
            complaints_carried_over(shared(self.db_path), period_text),
        )

    def show_loaded(self, loaded: Any, label: str) -> None:
        rows, older = loaded
        super().show_loaded(rows, label)
        self.older_model.set_rows(older)
        self.older_title.setText(self.older_summary(older, label))
        self.older_table.setVisible(bool(older))
        self.fit_columns()

    def summary(self, rows: list[ComplaintRow], label: str) -> str:
        if not rows:
            return f"Không có đơn thư nào nhận trong {label}"
        done = sum(1 for r in rows if r.resolved)
        return (
            f"{len(rows)} đơn thư nhận trong {label}: {done} đã giải quyết, "
            f"{len(rows) - done} đang giải quyết"
        )

    def older_summary(self, rows: list[ComplaintRow], label: str) -> str:
        before = "năm trước" if label.startswith("năm") else "tháng trước"
        if not rows:
            return f"Không có đơn thư {before} chưa giải quyết."
        period = parse_period(self.shown_period)
        done = sum(1 for r in rows if r.resolved_on is not None and r.resolved_on <= period.last)
        return (
            f"Đơn thư {before} chưa giải quyết ({len(rows)}): {done} giải quyết trong {label}, "
            f"{len(rows) - done} còn tồn"
        )

    def form(self, existing: ComplaintRow | None = None, resolving: bool = False) -> QDialog:
        from desktop.ui.complaint_form import ComplaintForm

        return ComplaintForm(
            self.db_path,
            day=self.default_day(),
            existing=existing,
            resolving=resolving,
            parent=self,
        )

    def resolve_selected(self) -> None:
        row = self.selected()
        if row is None or row.resolved:
            self.message.setText("Chọn một đơn đang giải quyết trong bảng.")
            return
        if self.form(row, resolving=True).exec():
            self.reload(f"Đã ghi kết quả giải quyết đơn «{row.subject}».")

    def remove(self, row: ComplaintRow) -> None:
        from desktop.services.oversight import delete_complaint

        delete_complaint(shared(self.db_path), row.id)

    def describe(self, row: ComplaintRow) -> str:
        return f"đơn «{row.subject}» nhận ngày {vn_date(row.received_on)}"

    def fit_columns(self) -> None:
        long = frozenset({ComplaintColumn.subject, ComplaintColumn.union})
        self._fit(ComplaintColumn.outcome, long)
        if hasattr(self, "older_table"):
            self._fit(ComplaintColumn.outcome, long, self.older_table)
