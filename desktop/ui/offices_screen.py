"""Đơn vị (province mode): the registered upper-level unions, each with its keys, the months it
sent and owes (late ones in red, behind in amber, in words too), the province's rating of it for
the year (6a) and its inspections of it (9a); a card is registered here, a month accepted or
returned, and packages sent to the office chosen.

The statuses are a few dozen rows read at once (desktop/services/province_offices.py); a form's
save reads them again. GUI thread only.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from pathlib import Path

from PySide6.QtCore import QSortFilterProxyModel, Qt
from PySide6.QtGui import QShowEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QHBoxLayout,
    QHeaderView,
    QInputDialog,
    QLabel,
    QMessageBox,
    QPushButton,
    QSplitter,
    QTableView,
    QTableWidget,
    QTableWidgetItem,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from desktop.errors import UserError
from desktop.format import period_label, vn_date
from desktop.services.decisions import DecisionView, decide, decisions
from desktop.services.province_offices import OfficeStatus, office_statuses
from desktop.services.province_records import (
    OfficeInspectionRow,
    OfficeRatingRow,
    office_inspections,
    office_ratings,
    remove_office_inspection,
    remove_rating,
)
from desktop.services.roles import Action
from desktop.store import shared
from desktop.ui.confirm_password import gate
from desktop.ui.errors import present_error
from desktop.ui.office_card_dialog import OfficeCardDialog
from desktop.ui.office_inspection_form import OfficeInspectionForm
from desktop.ui.office_rating_form import OfficeRatingForm
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
DECISION_LABELS = {"accepted": "Đã chấp nhận", "returned": "Đã trả lại"}


def _table(name: str, label: str, headers: list[str], stretch: int = -1) -> QTableWidget:
    """A small read-only list; column `stretch` (the last by default) takes the room left."""
    table = named(QTableWidget(0, len(headers)), name, label)
    table.setProperty("stretch", stretch % len(headers))
    table.setHorizontalHeaderLabels(headers)
    table.verticalHeader().setVisible(False)
    table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
    table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    table.setWordWrap(True)
    table.verticalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
    table.verticalHeader().setMinimumSectionSize(26)
    return table


def _fill(table: QTableWidget, rows: list[list[str]], ids: list[str]) -> None:
    table.setRowCount(len(rows))
    for r, (cells, key) in enumerate(zip(rows, ids, strict=True)):
        for c, text in enumerate(cells):
            item = QTableWidgetItem(text)
            item.setData(Qt.ItemDataRole.UserRole, key)
            item.setToolTip(text)
            table.setItem(r, c, item)
    header = table.horizontalHeader()
    stretch = int(table.property("stretch"))
    for column in range(table.columnCount()):
        if column != stretch:
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.ResizeToContents)
    header.setSectionResizeMode(stretch, QHeaderView.ResizeMode.Stretch)


def _button(text: str, name: str, slot: Callable[[], None], needs: Action) -> QPushButton:
    """A button for a role that may do `needs`; a refused one says why on hover."""
    button = named(QPushButton(text), name, text.rstrip("…"))
    button.clicked.connect(slot)
    gate(button, needs)
    return button


def _buttons(*specs: tuple[str, str, Callable[[], None], Action]) -> QHBoxLayout:
    row = QHBoxLayout()
    for spec in specs:
        row.addWidget(_button(*spec))
    row.addStretch(1)
    return row


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
        self.register_button = _button(
            "Đăng ký thẻ khóa…", "registerCardButton", self.register_card, Action.KEYS
        )
        self.packages_button = _button(
            "Gửi gói cho đơn vị…", "sendPackagesButton", self.send_packages, Action.EXPORT
        )
        reload = _button("Tải lại", "reloadOfficesButton", self.refresh, Action.VIEW)
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

        self.detail_title = named(QLabel(), "officeDetailTitle", "Đơn vị đang chọn")
        self.detail_title.setStyleSheet("font-weight: 600;")
        self.tabs = named(QTabWidget(), "officeTabs", "Chi tiết đơn vị")
        self.keys_label = named(QLabel(), "officeKeys", "Khóa và các tháng đã nhận")
        self.keys_label.setWordWrap(True)
        self.keys_label.setAlignment(Qt.AlignmentFlag.AlignTop)
        self.keys_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.tabs.addTab(self.keys_label, "Khóa và gói")
        self.rating_table = _table(
            "officeRatings", "Xếp loại của tỉnh", ["Năm", "Xếp loại", "Ghi chú"]
        )
        ratings = _buttons(
            ("Xếp loại…", "addRatingButton", self.add_rating, Action.EDIT),
            ("Sửa…", "editRatingButton", self.edit_rating, Action.EDIT),
            ("Xóa", "removeRatingButton", self.remove_rating, Action.EDIT),
        )
        self.tabs.addTab(self._page(self.rating_table, ratings), "Xếp loại (6a)")
        self.inspection_table = _table(
            "officeInspections", "Tỉnh kiểm tra đơn vị", ["Ngày", "Nội dung", "Kết luận"]
        )
        inspections = _buttons(
            ("Thêm cuộc kiểm tra…", "addInspectionButton", self.add_inspection, Action.EDIT),
            ("Sửa…", "editInspectionButton", self.edit_inspection, Action.EDIT),
            ("Xóa", "removeInspectionButton", self.remove_inspection, Action.EDIT),
        )
        self.tabs.addTab(self._page(self.inspection_table, inspections), "Kiểm tra (9a)")
        self.tabs.addTab(self._decisions_page(), "Duyệt báo cáo tháng")

        below = QWidget()
        below_layout = QVBoxLayout(below)
        below_layout.setContentsMargins(0, 4, 0, 0)
        below_layout.addWidget(self.detail_title)
        below_layout.addWidget(self.tabs)
        split = QSplitter(Qt.Orientation.Vertical)
        split.addWidget(self.table)
        split.addWidget(below)
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

    @staticmethod
    def _page(table: QTableWidget, buttons: QHBoxLayout) -> QWidget:
        page = QWidget()
        layout = QVBoxLayout(page)
        layout.setContentsMargins(4, 4, 4, 4)
        layout.addLayout(buttons)
        layout.addWidget(table)
        return page

    def _decisions_page(self) -> QWidget:
        self.decision_period = named(QComboBox(), "decisionPeriod", "Tháng")
        self.decision_period.setMinimumContentsLength(14)
        self.decision_state = named(QLabel(), "decisionState", "Quyết định của tháng")
        self.decision_state.setWordWrap(True)
        self.decision_period.currentIndexChanged.connect(lambda _i: self._show_decision())
        row = _buttons(
            ("Chấp nhận", "acceptMonthButton", self.accept_month, Action.EDIT),
            ("Trả lại…", "returnMonthButton", self.return_month, Action.EDIT),
        )
        row.insertWidget(0, QLabel("Tháng:"))
        row.insertWidget(1, self.decision_period)
        self.decision_table = _table(
            "officeDecisions",
            "Các quyết định đã có",
            ["Tháng", "Quyết định", "Lý do", "Ngày", "Đã gửi đơn vị"],
            stretch=2,
        )
        page = QWidget()
        layout = QVBoxLayout(page)
        layout.setContentsMargins(4, 4, 4, 4)
        layout.addLayout(row)
        layout.addWidget(self.decision_state)
        layout.addWidget(self.decision_table)
        return page

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
        for widget in (self.tabs, self.packages_button):
            widget.setEnabled(status is not None)
        if status is None:
            self.detail_title.setText("Chọn một đơn vị trong bảng để xem chi tiết.")
            self.keys_label.setText("")
            _fill(self.rating_table, [], [])
            _fill(self.inspection_table, [], [])
            return
        self.detail_title.setText(f"{status.code} – {status.name} ({status.kind_label})")
        self.keys_label.setText(self._keys_html(status))
        ratings = [r for r in self.ratings if r.office_code == status.code]
        _fill(
            self.rating_table,
            [[str(r.year), r.grade_label, r.note] for r in ratings],
            [r.id for r in ratings],
        )
        inspections = [i for i in self.inspections if i.office_code == status.code]
        _fill(
            self.inspection_table,
            [[vn_date(i.inspected_on), i.kind_label, i.findings] for i in inspections],
            [i.id for i in inspections],
        )
        self._fill_decisions(status)

    @staticmethod
    def _keys_html(status: OfficeStatus) -> str:
        keys = "".join(
            f"<li><b>{k.fingerprint}</b> — {k.state_label}"
            + (f", từ gói số {k.valid_from_sequence}" if k.valid_from_sequence else "")
            + "</li>"
            for k in status.keys
        )
        missing = status.missing_text if status.missing else "không"
        return (
            f"Khóa đã đăng ký:<ul>{keys}</ul>"
            f"Gói gần nhất: {status.last_period_text}"
            + (f" (gói số {status.last_sequence})" if status.last_sequence else "")
            + f".<br>Các tháng đã nhận: {status.received_text}."
            + f"<br>Tháng còn thiếu: {missing}.<br>Tình trạng: {status.state_text}."
        )

    # -- decisions --------------------------------------------------------------------------

    def _fill_decisions(self, status: OfficeStatus) -> None:
        wanted = self.decision_period.currentData()
        self.decision_period.blockSignals(True)
        self.decision_period.clear()
        for period in reversed(status.received):
            self.decision_period.addItem(period_label(period), period)
        index = self.decision_period.findData(wanted)
        self.decision_period.setCurrentIndex(max(0, index))
        self.decision_period.blockSignals(False)
        found = [d for d in self.decisions if d.unit_code == status.code]
        _fill(
            self.decision_table,
            [
                [
                    period_label(d.period),
                    DECISION_LABELS.get(d.decision, d.decision),
                    d.reason,
                    vn_date(d.decided_at.date()),
                    ("Đã gửi" if d.sent else "Chưa gửi")
                    + ("; đơn vị đã gửi gói sửa" if d.answered_by else ""),
                ]
                for d in found
            ],
            [str(d.id) for d in found],
        )
        self._shown_decisions = found
        self._show_decision()

    def _show_decision(self) -> None:
        period = self.decision_period.currentData()
        if not period:
            self.decision_state.setText("Chưa nhận gói nào của đơn vị này để duyệt.")
            return
        said = next((d for d in getattr(self, "_shown_decisions", []) if d.period == period), None)
        if said is None:
            text = f"{period_label(period)}: chưa duyệt."
        else:
            text = f"{period_label(period)}: {DECISION_LABELS.get(said.decision, said.decision)}"
            text += f" — lý do: {said.reason}" if said.reason else ""
            text += "." if said.sent else " (chưa gửi gói báo cho đơn vị: bấm «Gửi gói…»)."
        self.decision_state.setText(text)

    def _decide(self, decision: str, reason: str = "") -> None:
        status, period = self.status(), self.decision_period.currentData()
        if status is None or not period:
            return
        try:
            decide(shared(self.db_path), status.code, str(period), decision, reason)
        except UserError as exc:
            present_error(self, exc)
            return
        self.refresh()

    def accept_month(self) -> None:
        self._decide("accept")

    def ask_reason(self, period: str) -> str | None:
        """The reason a month goes back, typed by the clerk; None when cancelled."""
        text, ok = QInputDialog.getMultiLineText(
            self,
            "Trả lại báo cáo tháng",
            f"Lý do trả lại {period_label(period)} (đơn vị sẽ đọc lý do này):",
        )
        return text if ok else None

    def return_month(self) -> None:
        period = self.decision_period.currentData()
        if not period:
            return
        reason = self.ask_reason(str(period))
        if reason is None:
            return
        if not reason.strip():
            QMessageBox.information(
                self, "Trả lại báo cáo tháng", "Cần ghi lý do trả lại để đơn vị biết phải sửa gì."
            )
            return
        self._decide("return", reason.strip())

    # -- forms ------------------------------------------------------------------------------

    def offices(self) -> list[tuple[str, str]]:
        return [(s.code, s.name) for s in self.statuses]

    def _chosen(self, table: QTableWidget) -> str:
        row = table.currentRow()
        item = table.item(row, 0) if row >= 0 else None
        return str(item.data(Qt.ItemDataRole.UserRole)) if item is not None else ""

    def register_card(self) -> None:
        dialog = OfficeCardDialog(self.db_path, self)
        if dialog.exec():
            self.refresh()
            registered = getattr(dialog.registered, "key", None)
            if registered is not None:
                self.select(registered.unit_code)

    def rating_form(self, existing: OfficeRatingRow | None = None) -> OfficeRatingForm:
        return OfficeRatingForm(
            self.db_path,
            self.offices(),
            self.selected_code(),
            year=self.year,
            existing=existing,
            parent=self,
        )

    def add_rating(self) -> None:
        if self.rating_form().exec():
            self.refresh()

    def edit_rating(self) -> None:
        chosen = self._chosen(self.rating_table)
        existing = next((r for r in self.ratings if r.id == chosen), None)
        if existing is not None and self.rating_form(existing).exec():
            self.refresh()

    def remove_rating(self) -> None:
        chosen = self._chosen(self.rating_table)
        existing = next((r for r in self.ratings if r.id == chosen), None)
        if existing is None or not self.confirm(
            f"Xóa xếp loại năm {existing.year} của {existing.office_code} ({existing.grade_label})?"
        ):
            return
        self._write(lambda: remove_rating(shared(self.db_path), existing.id))

    def inspection_form(self, existing: OfficeInspectionRow | None = None) -> OfficeInspectionForm:
        return OfficeInspectionForm(
            self.db_path, self.offices(), self.selected_code(), existing=existing, parent=self
        )

    def add_inspection(self) -> None:
        if self.inspection_form().exec():
            self.refresh()

    def edit_inspection(self) -> None:
        chosen = self._chosen(self.inspection_table)
        existing = next((i for i in self.inspections if i.id == chosen), None)
        if existing is not None and self.inspection_form(existing).exec():
            self.refresh()

    def remove_inspection(self) -> None:
        chosen = self._chosen(self.inspection_table)
        existing = next((i for i in self.inspections if i.id == chosen), None)
        if existing is None or not self.confirm(
            f"Xóa cuộc {existing.kind_label.lower()} {existing.office_code} ngày "
            f"{vn_date(existing.inspected_on)}?"
        ):
            return
        self._write(lambda: remove_office_inspection(shared(self.db_path), existing.id))

    def confirm(self, question: str) -> bool:
        answer = QMessageBox.question(self, "Union Desk", question)
        return answer == QMessageBox.StandardButton.Yes

    def _write(self, change: Callable[[], object]) -> None:
        try:
            change()
        except UserError as exc:
            present_error(self, exc)
        self.refresh()

    def send_packages(self) -> None:
        """H7's dialog: quotas, the programme and the decisions, to the office chosen."""
        from desktop.ui.province_packages import SendPackagesDialog

        SendPackagesDialog(self.db_path, self.selected_code() or None, self).exec()
        self.refresh()
