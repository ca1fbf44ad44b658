"""The province's rating of one office for one year (target 6a): add or change. Problems are
shown in red beside their field and the form stays open until the rating is saved; typed changes
are never thrown away without asking. GUI thread only."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from PySide6.QtWidgets import QComboBox, QFormLayout, QLineEdit, QVBoxLayout, QWidget

from desktop.errors import UserError
from desktop.services.province_records import (
    GRADE_LABELS,
    RATING_FIELDS,
    OfficeRatingRow,
    rate_office,
    rating_problems,
)
from desktop.store import shared
from desktop.ui.form_helpers import narrow
from desktop.ui.oversight_form_parts import FieldRows, named, save_buttons
from desktop.ui.record_form import GuardedDialog


def office_combo(name: str, label: str, offices: list[tuple[str, str]], code: str) -> QComboBox:
    """The registered offices, «CODE – name», with `code` chosen."""
    combo = narrow(named(QComboBox(), name, label), 40)
    for office_code, office_name in offices:
        combo.addItem(f"{office_code} – {office_name}", office_code)
    combo.setCurrentIndex(max(0, combo.findData(code)))
    return combo


class OfficeRatingForm(GuardedDialog):
    """Rate `office_code` for a year (the year's rating is changed if it has one); `saved`
    holds the rating once saved."""

    what = "Xếp loại đơn vị"

    def __init__(
        self,
        db_path: Path | str,
        offices: list[tuple[str, str]],
        office_code: str,
        *,
        year: int | None = None,
        existing: OfficeRatingRow | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        named(self, "officeRatingForm", "Xếp loại đơn vị")
        self.setWindowTitle("Sửa xếp loại đơn vị" if existing else "Xếp loại đơn vị")
        self.setMinimumWidth(520)
        self.db_path = db_path
        self.saved: OfficeRatingRow | None = None
        labels = RATING_FIELDS
        code = existing.office_code if existing else office_code
        self.office = office_combo("ratingOffice", labels["office_code"], offices, code)
        shown_year = existing.year if existing else (year or date.today().year)
        self.year = named(QLineEdit(str(shown_year)), "ratingYear", labels["year"])
        self.year.setMaxLength(4)
        self.grade = named(QComboBox(), "ratingGrade", labels["grade"])
        for key, label in GRADE_LABELS.items():
            self.grade.addItem(label, key)
        self.grade.setCurrentIndex(
            max(0, self.grade.findData(existing.grade if existing else "good"))
        )
        self.note = named(QLineEdit(existing.note if existing else ""), "ratingNote", "Ghi chú")
        self.note.setPlaceholderText("Số, ngày quyết định xếp loại…")

        form = QFormLayout()
        self.rows = FieldRows(form, "rating")
        self.rows.add("office_code", labels["office_code"], self.office)
        self.rows.add("year", labels["year"], self.year)
        self.rows.add("grade", labels["grade"], self.grade)
        self.rows.add("note", labels["note"], self.note)
        buttons = save_buttons()
        buttons.accepted.connect(self.try_save)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(buttons)
        self.mark_clean()

    def _year(self) -> int | None:
        text = self.year.text().strip()
        return int(text) if text.isascii() and text.isdigit() else None

    def try_save(self) -> bool:
        """Save and close, or show every problem beside its field and stay open."""
        code, year = str(self.office.currentData() or ""), self._year()
        grade, note = str(self.grade.currentData()), self.note.text()
        store = shared(self.db_path)
        found = rating_problems(store, code, year, grade, note)
        if year is None and self.year.text().strip():
            found["year"] = (
                f"{RATING_FIELDS['year']}: «{self.year.text().strip()}» không phải năm; "
                f"ghi 4 chữ số, ví dụ {date.today().year}."
            )
        self.rows.show(found)
        if found:
            return False
        try:
            self.saved = rate_office(store, code, year, grade, note)
        except UserError as exc:
            self.rows.show({"grade": exc.message})
            return False
        self.accept()
        return True
