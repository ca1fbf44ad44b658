"""The add/edit form of one activity: problems are shown beside their field, never in a pop-up;
typed changes are never thrown away without asking."""

from __future__ import annotations

import re
from datetime import date
from pathlib import Path

from PySide6.QtCore import QLocale, Qt
from PySide6.QtWidgets import (
    QComboBox,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPlainTextEdit,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from desktop.errors import UserError
from desktop.services.activities import (
    KIND_LABELS,
    SUBKINDS,
    ActivityInput,
    ActivityRow,
    TaskAreaRow,
    problems,
    save_activity,
    union_choices,
)
from desktop.store import shared
from desktop.text import fold
from desktop.ui.oversight_form_parts import date_edit
from desktop.ui.record_form import GuardedDialog

# Numbers as offices write them: 9.000 people, 60.000.000 đ (Qt's default locale groups with ",").
VIETNAMESE = QLocale(QLocale.Language.Vietnamese, QLocale.Country.Vietnam)
WHOLE = re.compile("[0-9]{1,9}")


def _named(widget: QWidget, name: str, accessible: str) -> QWidget:
    widget.setObjectName(name)
    widget.setAccessibleName(accessible)
    return widget


class ActivityForm(GuardedDialog):
    what = "Hoạt động"

    def __init__(
        self,
        db_path: Path | str,
        areas: list[TaskAreaRow],
        *,
        area: int | None = None,
        day: date | None = None,
        existing: ActivityRow | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        _named(self, "activityForm", "Hoạt động")
        self.setWindowTitle("Sửa hoạt động" if existing else "Thêm hoạt động")
        self.db_path = db_path
        self.existing = existing
        self.saved_id: str | None = None

        self.area = QComboBox()
        _named(self.area, "activityArea", "Nhiệm vụ")
        for a in areas:
            self.area.addItem(f"{a.number}. {a.title}", a.number)
        self.area.setMaximumWidth(560)
        self.kind = QComboBox()
        _named(self.kind, "activityKind", "Loại hoạt động")
        for key, label in KIND_LABELS.items():
            self.kind.addItem(label, key)
        self.subkind = QComboBox()
        _named(self.subkind, "activitySubkind", "Chương trình")
        self.subkind.setEditable(True)
        self.kind.currentIndexChanged.connect(self._offer_subkinds)
        self.title = QLineEdit()
        _named(self.title, "activityTitle", "Tên hoạt động")
        self.held_on = date_edit("activityDate", "Ngày tổ chức", None)
        self.participants = QSpinBox()
        _named(self.participants, "activityParticipants", "Số người tham gia")
        self.participants.setRange(0, 1_000_000)
        self.participants.setGroupSeparatorShown(True)
        self.women = QSpinBox()
        _named(self.women, "activityWomen", "Trong đó nữ")
        self.women.setRange(0, 1_000_000)
        self.women.setGroupSeparatorShown(True)
        self.amount = QSpinBox()
        _named(self.amount, "activityAmount", "Số tiền (đồng)")
        self.amount.setRange(0, 2_000_000_000)
        self.amount.setSingleStep(100_000)
        self.amount.setGroupSeparatorShown(True)
        self.amount.setSuffix(" đ")
        # Typed, not a spin box: an empty field or a slip must be refused and named, never
        # taken silently as the box's lowest value.
        self.houses = QLineEdit()
        _named(self.houses, "activityHouses", "Số căn nhà")
        self.houses.setPlaceholderText("số căn, ví dụ 2")
        self.houses.setMaximumWidth(140)
        for box in (self.participants, self.women, self.amount):
            box.setLocale(VIETNAMESE)
        self.union_filter = QLineEdit()
        _named(self.union_filter, "activityUnionFilter", "Tìm CĐCS")
        self.union_filter.setPlaceholderText("Tìm CĐCS (gõ không dấu cũng được)…")
        self.union_filter.textChanged.connect(self._filter_unions)
        self.unions = QListWidget()
        _named(self.unions, "activityUnions", "CĐCS tham gia")
        self.unions.setMinimumHeight(140)
        for uid, name in union_choices(shared(db_path)):
            item = QListWidgetItem(name)
            item.setData(Qt.ItemDataRole.UserRole, uid)
            item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
            item.setCheckState(Qt.CheckState.Unchecked)
            self.unions.addItem(item)
        self.note = QPlainTextEdit()
        _named(self.note, "activityNote", "Ghi chú")
        self.note.setMaximumHeight(60)

        self.errors: dict[str, QLabel] = {}
        form = QFormLayout()
        for key, label, widget in (
            ("task_area", "Nhiệm vụ", self.area),
            ("kind", "Loại hoạt động", self.kind),
            ("subkind", "Chương trình", self.subkind),
            ("title", "Tên hoạt động", self.title),
            ("held_on", "Ngày tổ chức", self.held_on),
            ("participants", "Số người tham gia", self.participants),
            ("participants_women", "Trong đó nữ", self.women),
            ("amount", "Số tiền", self.amount),
            ("houses", "Số căn nhà", self.houses),
            ("unions", "CĐCS tham gia", self.union_filter),
        ):
            form.addRow(label, widget)
            if key == "unions":
                form.addRow("", self.unions)
            error = QLabel()
            error.setObjectName(f"error_{key}")
            error.setStyleSheet("color: #b3261e;")
            error.setWordWrap(True)
            error.hide()
            form.addRow("", error)
            self.errors[key] = error
        form.addRow("Ghi chú", self.note)

        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel
        )
        buttons.button(QDialogButtonBox.StandardButton.Save).setText("Lưu")
        buttons.button(QDialogButtonBox.StandardButton.Cancel).setText("Hủy")
        buttons.accepted.connect(self.try_save)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(buttons)
        self.form = form
        self.kind.currentIndexChanged.connect(self._show_houses)
        self._fill(existing, area, day)
        self._show_houses()
        self.mark_clean()

    def _fill(self, existing: ActivityRow | None, area: int | None, day: date | None) -> None:
        self.held_on.setDate(existing.held_on if existing else (day or date.today()))
        chosen_area = existing.task_area if existing else area
        if chosen_area is not None:
            self.area.setCurrentIndex(max(0, self.area.findData(chosen_area)))
        self._offer_subkinds()
        if existing is None:
            return
        self.kind.setCurrentIndex(max(0, self.kind.findData(existing.kind)))
        self.subkind.setCurrentText(existing.subkind)
        self.title.setText(existing.title)
        self.participants.setValue(existing.participants)
        self.women.setValue(existing.participants_women)
        self.amount.setValue(existing.amount)
        self.houses.setText("" if existing.houses is None else str(existing.houses))
        self.note.setPlainText(existing.note)
        names = set(existing.unions)
        for i in range(self.unions.count()):
            item = self.unions.item(i)
            if item.text() in names:
                item.setCheckState(Qt.CheckState.Checked)

    def _offer_subkinds(self) -> None:
        current = self.subkind.currentText()
        self.subkind.clear()
        self.subkind.addItems(["", *SUBKINDS.get(str(self.kind.currentData()), ())])
        self.subkind.setCurrentText(current)

    def _show_houses(self) -> None:
        """Only a house activity is asked how many houses it built or repaired (target 7)."""
        house = self.kind.currentData() == "house"
        self.form.setRowVisible(self.houses, house)
        if not house:
            self.errors["houses"].hide()  # nothing to fix in a field no longer asked

    def _typed_houses(self) -> tuple[int | None, str | None]:
        """The houses typed (None when empty or not a number) and why the text is refused."""
        text = self.houses.text().strip()
        if not text or self.kind.currentData() != "house":
            return None, None
        if WHOLE.fullmatch(text) is None:
            return None, f"Số căn nhà phải là số nguyên từ 1 trở lên (đã nhập «{text}»)."
        return int(text), None

    def _filter_unions(self, text: str) -> None:
        wanted = fold(text)
        for i in range(self.unions.count()):
            item = self.unions.item(i)
            item.setHidden(bool(wanted) and wanted not in fold(item.text()))

    def check_unions(self, names: list[str]) -> None:
        for i in range(self.unions.count()):
            item = self.unions.item(i)
            if item.text() in names:
                item.setCheckState(Qt.CheckState.Checked)

    def values(self) -> ActivityInput:
        """What the form would save: compared with what it opened with before it closes."""
        return self.data()

    def data(self) -> ActivityInput:
        return ActivityInput(
            task_area=int(self.area.currentData() or 0),  # no programme: the check says so
            kind=str(self.kind.currentData()),
            subkind=self.subkind.currentText(),
            title=self.title.text(),
            held_on=self.held_on.date(),
            participants=self.participants.value(),
            participants_women=self.women.value(),
            amount=self.amount.value(),
            houses=self._typed_houses()[0],
            union_ids=[
                self.unions.item(i).data(Qt.ItemDataRole.UserRole)
                for i in range(self.unions.count())
                if self.unions.item(i).checkState() == Qt.CheckState.Checked
            ],
            note=self.note.toPlainText(),
        )

    def try_save(self) -> bool:
        """Save and close, or show every problem beside its field and stay open."""
        data = self.data()
        found = problems(shared(self.db_path), data)
        typed = self.held_on.problem()
        if typed:
            found["held_on"] = typed
        houses = self._typed_houses()[1]
        if houses:
            found["houses"] = houses
        for key, label in self.errors.items():
            label.setText(found.get(key, ""))
            label.setVisible(key in found)
        if found:
            return False
        try:
            self.saved_id = save_activity(
                shared(self.db_path), data, self.existing.id if self.existing else None
            )
        except UserError as exc:
            self.errors["title"].setText(str(exc))
            self.errors["title"].show()
            return False
        self.accept()
        return True
