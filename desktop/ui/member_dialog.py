"""Add or edit one member; every problem is shown beside its field and the form stays open.

The «Thông tin» tab is the form; «Quá trình» lists everything dated in the member's record. The
form opens on the member as stored at that moment, and saves only over that (see
`services.stale`); typed work is never thrown away unasked (`ui.record_form`).
"""

from __future__ import annotations

from datetime import date
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QDialogButtonBox,
    QFormLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QTableWidget,
    QTableWidgetItem,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from desktop.citizen_id import masked
from desktop.errors import UserError
from desktop.format import parse_typed_date, vn_date
from desktop.services.member_form import (
    ARRIVALS,
    MemberInput,
    member_problems,
    open_member,
    save_member,
)
from desktop.services.member_search import GENDER_LABELS, HOUSEHOLD_LABELS, MemberRow
from desktop.services.roles import Action
from desktop.services.stale import StaleRecord
from desktop.store import shared
from desktop.ui.combos import add_items, chosen, select
from desktop.ui.confirm_password import may, refusal
from desktop.ui.date_input import DateInput
from desktop.ui.history_button import add_history_button
from desktop.ui.record_form import GuardedDialog

DATE_FIELDS = (
    "birth_date",
    "joined_on",
    "arrived_on",
    "party_introduced_on",
    "smartca_installed_on",
)
TIMELINE_COLUMNS = ("Ngày", "Nội dung", "Từ CĐCS", "Đến CĐCS", "Lý do")
NO_HISTORY = "Chưa có gì trong quá trình của đoàn viên này."


def parse_day(text: str) -> date | None:
    """A date as typed: dd/mm/yyyy, d/m/yyyy, 05.04.2024 or 05042024; empty is None; anything
    else raises ValueError."""
    return parse_typed_date(text)


class MemberDialog(GuardedDialog):
    what = "Hồ sơ đoàn viên"

    def __init__(
        self,
        db_path: Path | str,
        unions: list[tuple[str, str]],
        existing: MemberRow | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("memberForm")
        self.setAccessibleName("Thông tin đoàn viên")
        self.setWindowTitle("Sửa thông tin đoàn viên" if existing else "Thêm đoàn viên")
        self.setMinimumWidth(600)
        self.db_path = db_path
        self.version: str | None = None
        # A role that may not see citizen IDs whole sees them masked, and can never type over
        # the stored number with the masked text.
        self.full_ids = may(Action.VIEW_FULL_ID)
        if existing is not None:
            # The form shows the member as stored now, not as the list read them earlier.
            opened = open_member(shared(db_path), existing.id)
            if opened is not None:  # else gone: the save says so
                existing, self.version = opened
        self.existing = existing
        self.saved_id: str | None = None
        self.fields: dict[str, QWidget] = {}
        self.errors: dict[str, QLabel] = {}
        form = QFormLayout()

        def add(key: str, label: str, widget: QWidget) -> None:
            widget.setObjectName(f"member_{key}")
            widget.setAccessibleName(label)
            self.fields[key] = widget
            form.addRow(label, widget)
            error = QLabel()
            error.setObjectName(f"error_{key}")
            error.setStyleSheet("color: #b3261e;")
            error.setWordWrap(True)
            error.hide()
            self.errors[key] = error
            form.addRow("", error)

        def line(placeholder: str = "") -> QLineEdit:
            edit = QLineEdit()
            edit.setPlaceholderText(placeholder)
            return edit

        add("full_name", "Họ và tên", line("Nguyễn Văn A"))
        gender = add_items(QComboBox(), [("", None), *[(t, k) for k, t in GENDER_LABELS.items()]])
        add("gender", "Giới tính", gender)
        add("birth_date", "Ngày sinh", DateInput())
        add("citizen_id", "Số CCCD", line("12 chữ số"))
        if not self.full_ids:
            citizen_id = self.fields["citizen_id"]
            assert isinstance(citizen_id, QLineEdit)
            citizen_id.setReadOnly(True)
            citizen_id.setToolTip(refusal(Action.VIEW_FULL_ID))
        add("card_number", "Số thẻ đoàn viên", line())
        add("phone", "Điện thoại", line())
        add("ethnicity", "Dân tộc", line("Kinh"))
        add("job_title", "Chức danh, nghề nghiệp", line())
        union = QComboBox()
        union.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
        union.setMinimumContentsLength(32)  # long names never widen the form past the screen
        for uid, name in unions:
            union.addItem(name, uid)
        union.setEnabled(existing is None)  # a move is a transfer, kept in the history
        add("union_id", "Công đoàn cơ sở", union)
        add("joined_on", "Ngày vào công đoàn", DateInput())
        # How a new member comes in decides the first event: a transfer in is not a new member
        # for target 2, so it must not be recorded as kết nạp.
        arrival = add_items(QComboBox(), [(text, key) for key, text in ARRIVALS.items()])
        add("arrival", "Hình thức", arrival)
        add("arrived_on", "Ngày chuyển đến", DateInput())
        arrival.currentIndexChanged.connect(lambda _i: self._show_arrival())
        household = add_items(
            QComboBox(), [("Chưa rà soát", None), *[(t, k) for k, t in HOUSEHOLD_LABELS.items()]]
        )
        add("household_status", "Hộ gia đình", household)
        add("party_introduced_on", "Ngày giới thiệu cho Đảng", DateInput())
        add("smartca_installed_on", "Ngày cài SmartCA", DateInput())
        add("note", "Ghi chú", line())

        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel
        )
        for which, name, text in (
            (QDialogButtonBox.StandardButton.Save, "memberSave", "Lưu"),
            (QDialogButtonBox.StandardButton.Cancel, "memberCancel", "Hủy"),
        ):
            button = buttons.button(which)
            button.setText(text)
            button.setObjectName(name)
            button.setAccessibleName(text)
        buttons.accepted.connect(self.try_save)
        buttons.rejected.connect(self.reject)
        if existing is not None:
            add_history_button(buttons, self, db_path, "member", existing.id, "memberHistory")
        info = QWidget()
        info.setLayout(form)
        self.tabs = QTabWidget()
        self.tabs.setObjectName("memberTabs")
        self.tabs.setAccessibleName("Thông tin và quá trình của đoàn viên")
        self.tabs.addTab(info, "Thông tin")
        self.timeline = self._timeline_table()
        if existing is not None:
            self.tabs.addTab(self.timeline, "Quá trình")
        layout = QVBoxLayout(self)
        layout.addWidget(self.tabs)
        layout.addWidget(buttons)
        self.form = form
        if existing:
            self._fill(existing)
            self.show_timeline()
        self._show_arrival()
        self.mark_clean()

    # --- the history tab --------------------------------------------------------------------

    def _timeline_table(self) -> QTableWidget:
        table = QTableWidget(0, len(TIMELINE_COLUMNS))
        table.setObjectName("memberTimeline")
        table.setAccessibleName("Quá trình sinh hoạt của đoàn viên")
        table.setHorizontalHeaderLabels(list(TIMELINE_COLUMNS))
        table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        table.setWordWrap(True)
        table.setTextElideMode(Qt.TextElideMode.ElideNone)
        table.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        table.verticalHeader().hide()
        header = table.horizontalHeader()
        # The date keeps its width; the texts share the rest and wrap, so nothing needs
        # scrolling sideways whatever the dialog's width.
        header.setSectionResizeMode(QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.ResizeToContents)
        header.sectionResized.connect(lambda *_: table.resizeRowsToContents())
        return table

    def show_timeline(self) -> None:
        from desktop.services.member_events import timeline

        assert self.existing is not None
        rows = timeline(shared(self.db_path), self.existing.id)
        table = self.timeline
        table.setRowCount(0)
        table.setRowCount(len(rows))
        for r, row in enumerate(rows):
            texts = (vn_date(row.on), row.what, row.from_union, row.to_union, row.reason)
            for c, text in enumerate(texts):
                item = QTableWidgetItem(text)
                item.setToolTip(text)
                table.setItem(r, c, item)
        if not rows:
            table.setRowCount(1)
            table.setSpan(0, 0, 1, len(TIMELINE_COLUMNS))
            table.setItem(0, 0, QTableWidgetItem(NO_HISTORY))
        table.resizeRowsToContents()

    def timeline_texts(self) -> list[list[str]]:
        """The «Quá trình» table as read on screen, row by row."""
        table = self.timeline

        def text(r: int, c: int) -> str:
            item = table.item(r, c)
            return item.text() if item is not None else ""

        return [[text(r, c) for c in range(table.columnCount())] for r in range(table.rowCount())]

    # --- the form ---------------------------------------------------------------------------

    def _show_arrival(self) -> None:
        """The arrival fields matter only for a new member; the date only for a transfer in."""
        new = self.existing is None
        transfer = new and self.choice("arrival") == "transferred_in"
        self.form.setRowVisible(self.fields["arrival"], new)
        self.form.setRowVisible(self.fields["arrived_on"], transfer)
        if not transfer:
            self.errors["arrived_on"].hide()

    def choice(self, key: str) -> object:
        widget = self.fields[key]
        assert isinstance(widget, QComboBox)
        return chosen(widget)

    def text(self, key: str) -> str:
        widget = self.fields[key]
        assert isinstance(widget, QLineEdit)
        return widget.text()

    def set_text(self, key: str, value: str) -> None:
        widget = self.fields[key]
        assert isinstance(widget, QLineEdit)
        widget.setText(value)

    def choose(self, key: str, data: object) -> None:
        widget = self.fields[key]
        assert isinstance(widget, QComboBox)
        select(widget, data)

    def _fill(self, m: MemberRow) -> None:
        self.set_text("full_name", m.full_name)
        self.choose("gender", m.gender)
        self.set_text("birth_date", vn_date(m.birth_date))
        self.set_text("citizen_id", m.citizen_id if self.full_ids else masked(m.citizen_id))
        self.set_text("card_number", m.card_number)
        self.set_text("phone", m.phone)
        self.set_text("job_title", m.job_title)
        self.choose("union_id", m.union_id)
        self.set_text("joined_on", vn_date(m.joined_on))
        self.choose("household_status", m.household_status)
        self.set_text("party_introduced_on", vn_date(m.party_introduced_on))
        self.set_text("smartca_installed_on", vn_date(m.smartca_installed_on))
        # Every stored field is shown, or saving the form would wipe it.
        self.set_text("ethnicity", m.ethnicity)
        self.set_text("note", m.note)

    def reload(self) -> None:
        """Read the member again: every field and the history as stored now."""
        assert self.existing is not None
        opened = open_member(shared(self.db_path), self.existing.id)
        if opened is None:
            return  # gone: the next save says so
        self.existing, self.version = opened
        union = self.fields["union_id"]
        assert isinstance(union, QComboBox)
        if union.findData(self.existing.union_id) < 0:  # moved to a union the list lacks
            union.addItem(self.existing.union_name, self.existing.union_id)
        self._fill(self.existing)
        self.show_timeline()

    def _collect(self) -> tuple[MemberInput | None, dict[str, str]]:
        found: dict[str, str] = {}
        days: dict[str, date | None] = {}
        for key in DATE_FIELDS:
            try:
                days[key] = parse_day(self.text(key))
            except ValueError:
                found[key] = (
                    f"«{self.text(key)}» không phải ngày; ghi dd/mm/yyyy, ví dụ 02/09/1985."
                )
                days[key] = None

        data = MemberInput(
            full_name=self.text("full_name"),
            gender=str(self.choice("gender") or ""),
            union_id=str(self.choice("union_id") or ""),
            citizen_id=self._citizen_id(),
            card_number=self.text("card_number"),
            phone=self.text("phone"),
            ethnicity=self.text("ethnicity") or "Kinh",
            job_title=self.text("job_title"),
            household_status=self.choice("household_status"),  # type: ignore[arg-type]
            arrival=str(self.choice("arrival")),
            note=self.text("note"),
            **days,  # type: ignore[arg-type]
        )
        return data, found

    def _citizen_id(self) -> str:
        """What the field holds, or for masked IDs the number as stored (never the mask)."""
        if self.full_ids:
            return self.text("citizen_id")
        return self.existing.citizen_id if self.existing is not None else ""

    def show_errors(self, found: dict[str, str]) -> None:
        for key, label in self.errors.items():
            label.setText(found.get(key, ""))
            label.setVisible(key in found)
        if found:
            self.tabs.setCurrentIndex(0)

    def try_save(self) -> bool:
        """Save and close, or show every problem beside its field and stay open."""
        data, found = self._collect()
        assert data is not None
        member_id = self.existing.id if self.existing else None
        found = {**member_problems(shared(self.db_path), data, member_id), **found}
        self.show_errors(found)
        if found:
            return False
        try:
            self.saved_id = save_member(shared(self.db_path), data, member_id, version=self.version)
        except StaleRecord as exc:
            self.show_errors({"full_name": self.after_stale(exc)})
            return False
        except UserError as exc:
            self.show_errors({"full_name": str(exc)})
            return False
        self.accept()
        return True
