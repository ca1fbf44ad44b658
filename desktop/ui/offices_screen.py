"""Đơn vị (province mode): the registered upper-level unions, each with its keys, the months it
sent and owes (late ones in red, behind in amber, in words too), the province's rating of it for
the year (6a) and its inspections of it (9a); a card is registered here, a month accepted or
returned, and packages sent to the office chosen.

The statuses are a few dozen rows read at once (desktop/services/province_offices.py); a form's
save reads them again. GUI thread only.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path

from PySide6.QtCore import QSortFilterProxyModel, Qt
from PySide6.QtGui import QShowEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QSplitter,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from desktop.format import period_label
from desktop.services.decisions import DecisionView, decisions
from desktop.services.province_offices import OfficeStatus, office_statuses
from desktop.services.province_records import (
    OfficeInspectionRow,
    OfficeRatingRow,
    office_inspections,
    office_ratings,
)
from desktop.services.roles import Action
from desktop.store import shared
from desktop.ui.office_card_dialog import OfficeCardDialog
from desktop.ui.office_detail import OfficeDetail, gated_button
from desktop.ui.offices_model import CODE_ROLE, SORT_ROLE, Columns, OfficeRow, OfficesModel
from desktop.ui.oversight_form_parts import named
from desktop.ui.tasks import TaskRunner

TITLE_STYLE = "font-size: 14pt; font-weight: 600; color: #1a202c;"
WIDTHS = {
    Columns.CODE: 112,
    Columns.LAST: 82,
    Columns.KEYS: 122,
    Columns.RATING: 84,
    Columns.INSPECTED: 84,
}


class OfficesScreen(QWidget):
    def __init__(
        self,
        db_path: Path | str,
        parent: QWidget | None = None,
        runner: TaskRunner | None = None,
        *,
        today: date | None = None,
    ) -> None:
        super().__init__(parent)
        named(self, "officesScreen", "Đơn vị")
        self.db_path = db_path
        self.today = today  # None: the clock's day at each reading
        self.runner = runner or TaskRunner(self)
        self.statuses: list[OfficeStatus] = []
        self.ratings: list[OfficeRatingRow] = []
        self.inspections: list[OfficeInspectionRow] = []
        self.decisions: list[DecisionView] = []  # the newest per office and month
        self.year = 0

        self.title = named(QLabel("Các đơn vị đăng ký với tỉnh"), "officesTitle", "Đơn vị")
        self.title.setStyleSheet(TITLE_STYLE)
        self.summary = named(QLabel(), "officesSummary", "Tóm tắt")
        self.summary.setWordWrap(True)
        self.register_button = gated_button(
            "Đăng ký thẻ khóa…", "registerCardButton", self.register_card, Action.KEYS
        )
        self.packages_button = gated_button(
            "Gửi gói cho đơn vị…", "sendPackagesButton", self.send_packages, Action.EXPORT
        )
        self._may_send = self.packages_button.isEnabled()
        reload = gated_button("Tải lại", "reloadOfficesButton", self.refresh, Action.VIEW)
        top = QHBoxLayout()
        top.addWidget(self.title, 1)
        for button in (self.register_button, self.packages_button, reload):
            top.addWidget(button)

        self.model = OfficesModel(self)
        self.proxy = QSortFilterProxyModel(self)
        self.proxy.setSourceModel(self.model)
        self.proxy.setSortRole(SORT_ROLE)
        self.table = named(QTableView(), "officesTable", "Bảng đơn vị")
        self.table.setModel(self.proxy)
        self.table.setSortingEnabled(True)
        self.table.sortByColumn(Columns.CODE, Qt.SortOrder.AscendingOrder)
        self.table.verticalHeader().setVisible(False)
        # Each row as tall as its wrapped texts (a late office's state takes three lines); a few
        # dozen rows are measured again whenever the columns' widths change.
        self.table.verticalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        self.table.verticalHeader().setMinimumSectionSize(48)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setWordWrap(True)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(Columns.NAME, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(Columns.STATE, QHeaderView.ResizeMode.Stretch)
        for column, width in WIDTHS.items():
            self.table.setColumnWidth(column, width)
        self.table.selectionModel().currentRowChanged.connect(lambda *_: self.show_office())

        self.detail = OfficeDetail(db_path, self)
        self.detail.changed.connect(self.refresh)

        split = QSplitter(Qt.Orientation.Vertical)
        split.addWidget(self.table)
        split.addWidget(self.detail)
        split.setStretchFactor(0, 3)
        split.setStretchFactor(1, 2)
        split.setSizes([600, 400])  # the table first: 3 parts of 5, whatever the hints say
        split.setChildrenCollapsible(False)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.summary)
        layout.addWidget(split, 1)
        self.refresh()

    def showEvent(self, event: QShowEvent) -> None:
        """Read again each time the screen comes back: bundles merged on Nhận gói, a month
        decided on Tổng hợp or packages sent meanwhile change what it shows."""
        if not event.spontaneous():
            self.refresh()
        super().showEvent(event)

    # -- loading ----------------------------------------------------------------------------

    def refresh(self) -> None:
        """Read every status again, keeping the office chosen."""
        keep = self.selected_code()
        store = shared(self.db_path)
        self.statuses = office_statuses(store, self.today)
        self.year = int(self.statuses[0].working_period[:4]) if self.statuses else 0
        if not self.year:
            from desktop.services.targets import working_period

            self.year = int(working_period(store)[:4])
        self.ratings = office_ratings(store)
        self.inspections = office_inspections(store)
        graded = {r.office_code: r.grade for r in self.ratings if r.year == self.year}
        counted: dict[str, int] = {}
        for i in self.inspections:
            if i.inspected_on.year == self.year:
                counted[i.office_code] = counted.get(i.office_code, 0) + 1
        self.decisions = decisions(store)
        returned: dict[str, list[str]] = {}
        for d in self.decisions:
            if d.open:
                returned.setdefault(d.unit_code, []).append(d.period)
        rows = [
            OfficeRow(
                s, graded.get(s.code), counted.get(s.code, 0), tuple(returned.get(s.code, ()))
            )
            for s in self.statuses
        ]
        self.model.show(rows, self.year)
        self.summary.setText(self._summary_text())
        self.select(keep or (self.statuses[0].code if self.statuses else ""))
        self.show_office()

    def _summary_text(self) -> str:
        if not self.statuses:
            return (
                "Chưa có đơn vị nào đăng ký. Bấm «Đăng ký thẻ khóa…» khi một đơn vị gửi thẻ khóa "
                "và đọc dấu vân tay qua điện thoại."
            )
        period = period_label(self.statuses[0].working_period)
        late = [s.code for s in self.statuses if s.late]
        behind = [s.code for s in self.statuses if s.missing and not s.late]
        parts = [f"{len(self.statuses)} đơn vị đăng ký; kỳ đang làm: {period}."]
        if late:
            parts.append(f"Quá hạn gửi gói: {', '.join(late)}.")
        if behind:
            parts.append(f"Còn thiếu tháng: {', '.join(behind)}.")
        if not late and not behind:
            parts.append("Mọi đơn vị đã gửi đủ gói.")
        waiting = [r.status.code for r in self.model.rows if r.returned]
        if waiting:
            parts.append(f"Đã trả lại, chờ gói sửa: {', '.join(waiting)}.")
        unrated = sum(1 for r in self.model.rows if r.grade is None)
        if unrated:
            parts.append(f"{unrated} đơn vị chưa được xếp loại năm {self.year}.")
        return " ".join(parts)

    def selected_code(self) -> str:
        index = self.table.currentIndex() if hasattr(self, "table") else None
        if index is None or not index.isValid():
            return ""
        return str(self.proxy.data(index, CODE_ROLE) or "")

    def select(self, code: str) -> None:
        for row in range(self.proxy.rowCount()):
            index = self.proxy.index(row, 0)
            if self.proxy.data(index, CODE_ROLE) == code:
                self.table.setCurrentIndex(index)
                return

    def status(self) -> OfficeStatus | None:
        code = self.selected_code()
        return next((s for s in self.statuses if s.code == code), None)

    def show_office(self) -> None:
        """The chosen office's keys, months, ratings, inspections and decisions below."""
        status = self.status()
        self.packages_button.setEnabled(status is not None and self._may_send)
        offices = [(s.code, s.name) for s in self.statuses]
        self.detail.show_office(
            status, offices, self.year, self.ratings, self.inspections, self.decisions
        )

    def register_card(self) -> None:
        dialog = OfficeCardDialog(self.db_path, self)
        if dialog.exec():
            self.refresh()
            registered = getattr(dialog.registered, "key", None)
            if registered is not None:
                self.select(registered.unit_code)

    def send_packages(self) -> None:
        """H7's dialog: quotas, the programme and the decisions, to the office chosen."""
        from desktop.ui.province_packages import SendPackagesDialog

        SendPackagesDialog(self.db_path, self.selected_code() or None, self).exec()
        self.refresh()
