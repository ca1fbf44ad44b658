"""The lower half of «Đơn vị»: the office chosen in the table, tab by tab: its keys and the
months it sent, the province's ratings of it (6a), its inspections of it (9a), and the decision
on each month it sent (accepted, or returned with a reason). Every write goes through a service;
`changed` then asks the screen to read everything again. GUI thread only.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QHBoxLayout,
    QHeaderView,
    QInputDialog,
    QLabel,
    QMessageBox,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from desktop.errors import UserError
from desktop.format import period_label, vn_date
from desktop.services.decisions import DecisionView, decide
from desktop.services.province_offices import (
    OfficeStatus,
    office_kind_choices,
    set_office_kind,
)
from desktop.services.province_records import (
    OfficeInspectionRow,
    OfficeRatingRow,
    remove_office_inspection,
    remove_rating,
)
from desktop.services.roles import Action
from desktop.store import shared
from desktop.ui.confirm_password import gate
from desktop.ui.errors import present_error
from desktop.ui.office_inspection_form import OfficeInspectionForm
from desktop.ui.office_rating_form import OfficeRatingForm
from desktop.ui.oversight_form_parts import named

DECISION_LABELS = {"accepted": "Đã chấp nhận", "returned": "Đã trả lại"}


def small_table(name: str, label: str, headers: list[str], stretch: int = -1) -> QTableWidget:
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


def fill_table(table: QTableWidget, rows: list[list[str]], ids: list[str]) -> None:
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


def gated_button(text: str, name: str, slot: Callable[[], None], needs: Action) -> QPushButton:
    """A button for a role that may do `needs`; a refused one says why on hover."""
    button = named(QPushButton(text), name, text.rstrip("…"))
    button.clicked.connect(slot)
    gate(button, needs)
    return button


def button_row(*specs: tuple[str, str, Callable[[], None], Action]) -> QHBoxLayout:
    row = QHBoxLayout()
    for spec in specs:
        row.addWidget(gated_button(*spec))
    row.addStretch(1)
    return row


class OfficeDetail(QWidget):
    """What the province knows of one office; `show_office` fills it, `changed` follows a write."""

    changed = Signal()

    def __init__(self, db_path: Path | str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        named(self, "officeDetail", "Chi tiết đơn vị")
        self.db_path = db_path
        self.status: OfficeStatus | None = None
        self.offices: list[tuple[str, str]] = []
        self.year = 0
        self.ratings: list[OfficeRatingRow] = []
        self.inspections: list[OfficeInspectionRow] = []
        self.decisions: list[DecisionView] = []

        self.title = named(QLabel(), "officeDetailTitle", "Đơn vị đang chọn")
        self.title.setStyleSheet("font-weight: 600;")
        self.tabs = named(QTabWidget(), "officeTabs", "Chi tiết đơn vị")
        self.keys_label = named(QLabel(), "officeKeys", "Khóa và các tháng đã nhận")
        self.keys_label.setWordWrap(True)
        self.keys_label.setAlignment(Qt.AlignmentFlag.AlignTop)
        self.keys_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        kind = button_row(("Đổi loại đơn vị…", "officeKindButton", self.change_kind, Action.EDIT))
        keys_page = QWidget()
        keys_layout = QVBoxLayout(keys_page)
        keys_layout.setContentsMargins(4, 4, 4, 4)
        keys_layout.addWidget(self.keys_label, 1)
        keys_layout.addLayout(kind)
        self.tabs.addTab(keys_page, "Khóa và gói")
        self.rating_table = small_table(
            "officeRatings", "Xếp loại của tỉnh", ["Năm", "Xếp loại", "Ghi chú"]
        )
        ratings = button_row(
            ("Xếp loại…", "addRatingButton", self.add_rating, Action.EDIT),
            ("Sửa…", "editRatingButton", self.edit_rating, Action.EDIT),
            ("Xóa", "removeRatingButton", self.remove_rating, Action.EDIT),
        )
        self.tabs.addTab(self._page(self.rating_table, ratings), "Xếp loại (6a)")
        self.inspection_table = small_table(
            "officeInspections", "Tỉnh kiểm tra đơn vị", ["Ngày", "Nội dung", "Kết luận"]
        )
        inspections = button_row(
            ("Thêm cuộc kiểm tra…", "addInspectionButton", self.add_inspection, Action.EDIT),
            ("Sửa…", "editInspectionButton", self.edit_inspection, Action.EDIT),
            ("Xóa", "removeInspectionButton", self.remove_inspection, Action.EDIT),
        )
        self.tabs.addTab(self._page(self.inspection_table, inspections), "Kiểm tra (9a)")
        self.tabs.addTab(self._decisions_page(), "Duyệt báo cáo tháng")
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 4, 0, 0)
        layout.addWidget(self.title)
        layout.addWidget(self.tabs)

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
        row = button_row(
            ("Chấp nhận", "acceptMonthButton", self.accept_month, Action.EDIT),
            ("Trả lại…", "returnMonthButton", self.return_month, Action.EDIT),
        )
        row.insertWidget(0, QLabel("Tháng:"))
        row.insertWidget(1, self.decision_period)
        self.decision_table = small_table(
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

    def show_office(
        self,
        status: OfficeStatus | None,
        offices: list[tuple[str, str]],
        year: int,
        ratings: list[OfficeRatingRow],
        inspections: list[OfficeInspectionRow],
        decisions: list[DecisionView],
    ) -> None:
        """Show `status` (None: nothing chosen) with the province's records of that office."""
        self.status, self.offices, self.year = status, offices, year
        code = status.code if status is not None else None
        self.ratings = [r for r in ratings if r.office_code == code]
        self.inspections = [i for i in inspections if i.office_code == code]
        self.decisions = [d for d in decisions if d.unit_code == code]
        self.tabs.setEnabled(status is not None)
        fill_table(
            self.rating_table,
            [[str(r.year), r.grade_label, r.note] for r in self.ratings],
            [r.id for r in self.ratings],
        )
        fill_table(
            self.inspection_table,
            [[vn_date(i.inspected_on), i.kind_label, i.findings] for i in self.inspections],
            [i.id for i in self.inspections],
        )
        if status is None:
            self.title.setText("Chọn một đơn vị trong bảng để xem chi tiết.")
            self.keys_label.setText("")
            fill_table(self.decision_table, [], [])
            return
        self.title.setText(f"{status.code} – {status.name} ({status.kind_label})")
        self.keys_label.setText(self._keys_html(status))
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
        found = self.decisions
        fill_table(
            self.decision_table,
            [
                [
                    period_label(d.period),
                    DECISION_LABELS.get(d.decision, d.decision),
                    d.reason,
                    vn_date(d.local_day),
                    ("Đã gửi" if d.sent else "Chưa gửi")
                    + ("; đơn vị đã gửi gói sửa" if d.answered_by else ""),
                ]
                for d in found
            ],
            [str(d.id) for d in found],
        )
        self._show_decision()

    def _show_decision(self) -> None:
        period = self.decision_period.currentData()
        if not period:
            self.decision_state.setText("Chưa nhận gói nào của đơn vị này để duyệt.")
            return
        said = next((d for d in self.decisions if d.period == period), None)
        if said is None:
            text = f"{period_label(period)}: chưa duyệt."
        else:
            text = f"{period_label(period)}: {DECISION_LABELS.get(said.decision, said.decision)}"
            text += f" — lý do: {said.reason}" if said.reason else ""
            text += "." if said.sent else " (chưa gửi gói báo cho đơn vị: bấm «Gửi gói…»)."
        self.decision_state.setText(text)

    def _decide(self, decision: str, reason: str = "") -> None:
        status, period = self.status, self.decision_period.currentData()
        if status is None or not period:
            return
        try:
            decide(shared(self.db_path), status.code, str(period), decision, reason)
        except UserError as exc:
            present_error(self, exc)
            return
        self.changed.emit()

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

    def _chosen(self, table: QTableWidget) -> str:
        row = table.currentRow()
        item = table.item(row, 0) if row >= 0 else None
        return str(item.data(Qt.ItemDataRole.UserRole)) if item is not None else ""

    def rating_form(self, existing: OfficeRatingRow | None = None) -> OfficeRatingForm:
        return OfficeRatingForm(
            self.db_path,
            self.offices,
            self._code(),
            year=self.year,
            existing=existing,
            parent=self,
        )

    def add_rating(self) -> None:
        if self.rating_form().exec():
            self.changed.emit()

    def edit_rating(self) -> None:
        chosen = self._chosen(self.rating_table)
        existing = next((r for r in self.ratings if r.id == chosen), None)
        if existing is not None and self.rating_form(existing).exec():
            self.changed.emit()

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
            self.db_path, self.offices, self._code(), existing=existing, parent=self
        )

    def add_inspection(self) -> None:
        if self.inspection_form().exec():
            self.changed.emit()

    def edit_inspection(self) -> None:
        chosen = self._chosen(self.inspection_table)
        existing = next((i for i in self.inspections if i.id == chosen), None)
        if existing is not None and self.inspection_form(existing).exec():
            self.changed.emit()

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
        self.changed.emit()

    def ask_kind(self, current: str) -> str | None:
        """The kind of upper union the clerk picks for the office; None when cancelled."""
        choices = office_kind_choices()
        labels = [label for _, label in choices]
        at = next((i for i, (kind, _) in enumerate(choices) if kind == current), 0)
        label, ok = QInputDialog.getItem(
            self, "Loại đơn vị", f"{self._code()} là:", labels, at, False
        )
        return next((kind for kind, text in choices if text == label), None) if ok else None

    def change_kind(self) -> None:
        """Say what kind of upper union the office is (its key card does not)."""
        if self.status is None:
            return
        kind = self.ask_kind(self.status.kind)
        if kind is not None and kind != self.status.kind:
            self._write(lambda: set_office_kind(shared(self.db_path), self._code(), kind))

    def _code(self) -> str:
        return self.status.code if self.status is not None else ""
