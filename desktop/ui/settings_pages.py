"""Cài đặt's small tabs: document numbers and the day the monthly bundle is due.

Each page shows the stored values, gives back what is typed (`values`), and shows each problem
beside its field (`rows`). The checks and the saving are desktop/services/preferences.py's.
GUI thread only.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date

from PySide6.QtWidgets import QFormLayout, QLabel, QLineEdit, QWidget

from desktop.format import period_label, vn_date
from desktop.services.preferences import (
    LABELS,
    LAST_DUE_DAY,
    SERIES,
    Preferences,
    bundle_deadline,
)
from desktop.ui.oversight_form_parts import FieldRows, named

NUMBERS_INTRO = (
    "Số văn bản là số thứ tự văn bản đơn vị ban hành trong năm (Nghị định 30/2020): mỗi loại "
    "văn bản một dãy số, bắt đầu lại từ 01 vào ngày 01/01 mỗi năm. Màn hình Báo cáo đề xuất số "
    "tiếp theo và tăng lên khi báo cáo được lưu hoặc in; số gõ tay vẫn được dùng."
)
DUE_INTRO = (
    "Gói dữ liệu tháng trước phải gửi LĐLĐ tỉnh chậm nhất vào ngày này của tháng sau. Tổng quan "
    "(Việc cần làm) và màn hình Đồng bộ nhắc hạn và báo khi quá hạn theo ngày này."
)
PROVINCE_DUE_INTRO = (
    "Các đơn vị phải gửi gói dữ liệu tháng trước cho tỉnh chậm nhất vào ngày này của tháng sau. "
    "Màn hình Đơn vị báo đơn vị nào quá hạn theo ngày này."
)
READ_ONLY_STYLE = "color: #5c3c00;"


def short_field(name: str, label: str, text: str, width: int = 90) -> QLineEdit:
    field = named(QLineEdit(text), name, label)
    field.setMaximumWidth(width)
    return field


def _intro(text: str) -> QLabel:
    label = QLabel(text)
    label.setWordWrap(True)
    return label


class NumbersPage(QWidget):
    """«Số văn bản»: the prefix (the office dialog's own field, moved here) and the next number
    of each kind of document in this year."""

    def __init__(
        self, stored: Preferences, prefix: QLineEdit, put_prefix: Callable[[QFormLayout], None]
    ) -> None:
        super().__init__()
        self.setObjectName("settingsNumbersPage")
        self.year = stored.year
        self.form = QFormLayout(self)
        self.form.addRow(_intro(NUMBERS_INTRO))
        put_prefix(self.form)
        self.rows = FieldRows(self.form, "settings")
        self.prefix = prefix
        self.fields: dict[str, QLineEdit] = {}
        values = stored.values()
        for series in SERIES:
            key = f"next_{series}"
            label = f"{LABELS[key]} năm {self.year}"
            self.fields[key] = short_field(f"settings_{key}", LABELS[key], values[key])
            self.rows.add(key, label, self.fields[key])
        self.example = named(QLabel(), "settingsNumberExample", "Ví dụ số văn bản")
        self.form.addRow("Báo cáo tiếp theo sẽ ghi", self.example)
        for field in (*self.fields.values(), prefix):
            field.textChanged.connect(self.show_example)
        self.show_example()

    def show_example(self) -> None:
        number = self.fields["next_BC"].text().strip()
        number = f"0{number}" if len(number) == 1 else number
        prefix = self.prefix.text().strip()
        self.example.setText(f"Số: {number}/BC" + (f"-{prefix}" if prefix else ""))

    def values(self) -> dict[str, str]:
        return {key: field.text() for key, field in self.fields.items()}


class DuePage(QWidget):
    """«Hạn gửi gói»: the day of the month last month's bundle is due at the province (on a
    province's database, the day its offices' bundles are due: Đơn vị says who is late)."""

    def __init__(
        self, stored: Preferences, today: date | None = None, *, province: bool = False
    ) -> None:
        super().__init__()
        self.setObjectName("settingsDuePage")
        self.today = today or date.today()
        self.form = QFormLayout(self)
        self.form.addRow(_intro(PROVINCE_DUE_INTRO if province else DUE_INTRO))
        self.rows = FieldRows(self.form, "settings")
        self.day = short_field("settings_due_day", LABELS["due_day"], str(stored.due_day))
        self.day.setToolTip(f"Ngày trong tháng, từ 1 đến {LAST_DUE_DAY}")
        self.rows.add("due_day", f"{LABELS['due_day']} (ngày trong tháng)", self.day)
        self.example = named(QLabel(), "settingsDueExample", "Ví dụ hạn gửi gói")
        self.example.setWordWrap(True)
        self.form.addRow("Tháng này", self.example)
        self.day.textChanged.connect(self.show_example)
        self.show_example()

    def show_example(self) -> None:
        text = self.day.text().strip()
        if not (text.isascii() and text.isdigit() and 1 <= int(text) <= LAST_DUE_DAY):
            self.example.setText(f"(ngày từ 1 đến {LAST_DUE_DAY})")
            return
        month = self.today.replace(day=1)
        last = date.fromordinal(month.toordinal() - 1)
        period = f"{last.year}-{last.month:02d}"
        deadline = bundle_deadline(period, int(text))
        self.example.setText(f"gói {period_label(period)} hạn gửi {vn_date(deadline)}")

    def values(self) -> dict[str, str]:
        return {"due_day": self.day.text()}
