"""Add or edit one member; every problem is shown beside its field and the form stays open."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QVBoxLayout,
    QWidget,
)

from desktop.errors import UserError
from desktop.format import vn_date
from desktop.services.member_form import ARRIVALS, MemberInput, member_problems, save_member
from desktop.services.member_search import GENDER_LABELS, HOUSEHOLD_LABELS, MemberRow
from desktop.ui.combos import add_items, chosen, select

DATE_FIELDS = (
    "birth_date",
    "joined_on",
    "arrived_on",
    "party_introduced_on",
    "smartca_installed_on",
)


def parse_day(text: str) -> date | None:
    """dd/mm/yyyy or d/m/yyyy; empty is None; anything else raises ValueError."""
    text = text.strip()
    if not text:
        return None
    day, month, year = (int(part) for part in text.replace("-", "/").replace(".", "/").split("/"))
    if year < 100:
        raise ValueError(text)
    return date(year, month, day)


class MemberDialog(QDialog):
    def __init__(
        self,
        db_path: Path,
        unions: list[tuple[str, str]],
        existing: MemberRow | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("memberForm")
        self.setAccessibleName("Thông tin đoàn viên")
        self.setWindowTitle("Sửa thông tin đoàn viên" if existing else "Thêm đoàn viên")
        self.db_path = db_path
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
        add("birth_date", "Ngày sinh", line("dd/mm/yyyy"))
        add("citizen_id", "Số CCCD", line("12 chữ số"))
        add("card_number", "Số thẻ đoàn viên", line())
        add("phone", "Điện thoại", line())
        add("ethnicity", "Dân tộc", line("Kinh"))
        add("job_title", "Chức danh, nghề nghiệp", line())
        union = QComboBox()
        for uid, name in unions:
            union.addItem(name, uid)
        union.setEnabled(existing is None)  # a move is a transfer, kept in the history
        add("union_id", "Công đoàn cơ sở", union)
        add("joined_on", "Ngày vào công đoàn", line("dd/mm/yyyy"))
        # How a new member comes in decides the first event: a transfer in is not a new member
        # for target 2, so it must not be recorded as kết nạp.
        arrival = add_items(QComboBox(), [(text, key) for key, text in ARRIVALS.items()])
        add("arrival", "Hình thức", arrival)
        add("arrived_on", "Ngày chuyển đến", line("dd/mm/yyyy"))
        arrival.currentIndexChanged.connect(lambda _i: self._show_arrival())
        household = add_items(
            QComboBox(), [("Chưa rà soát", None), *[(t, k) for k, t in HOUSEHOLD_LABELS.items()]]
        )
        add("household_status", "Hộ gia đình", household)
        add("party_introduced_on", "Ngày giới thiệu cho Đảng", line("dd/mm/yyyy"))
        add("smartca_installed_on", "Ngày cài SmartCA", line("dd/mm/yyyy"))
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
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(buttons)
        self.form = form
        if existing:
            self._fill(existing)
        self._show_arrival()

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
        self.set_text("citizen_id", m.citizen_id)
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
            citizen_id=self.text("citizen_id"),
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

    def try_save(self) -> bool:
        """Save and close, or show every problem beside its field and stay open."""
        data, found = self._collect()
        assert data is not None
        member_id = self.existing.id if self.existing else None
        found = {**member_problems(self.db_path, data, member_id), **found}
        for key, label in self.errors.items():
            label.setText(found.get(key, ""))
            label.setVisible(key in found)
        if found:
            return False
        try:
            self.saved_id = save_member(self.db_path, data, member_id)
        except UserError as exc:
            self.errors["full_name"].setText(str(exc))
            self.errors["full_name"].show()
            return False
        self.accept()
        return True
