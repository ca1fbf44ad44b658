"""The province's inspection of one office (target 9a): add or correct. Problems are shown in
red beside their field and the form stays open until the inspection is saved; typed changes are
never thrown away without asking. GUI thread only."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from PySide6.QtWidgets import QComboBox, QFormLayout, QPlainTextEdit, QVBoxLayout, QWidget

from desktop.errors import UserError
from desktop.services.province_records import (
    INSPECTION_FIELDS,
    KIND_LABELS,
    OfficeInspectionRow,
    inspection_problems,
    save_office_inspection,
)
from desktop.store import shared
from desktop.ui.office_rating_form import office_combo
from desktop.ui.oversight_form_parts import (
    FieldRows,
    date_edit,
    named,
    save_buttons,
    typed_date_problems,
)
from desktop.ui.record_form import GuardedDialog


class OfficeInspectionForm(GuardedDialog):
    """Record (no `existing`) or correct one inspection; `saved` holds it once saved."""

    what = "Cuộc kiểm tra đơn vị"

    def __init__(
        self,
        db_path: Path | str,
        offices: list[tuple[str, str]],
        office_code: str,
        *,
        existing: OfficeInspectionRow | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        named(self, "officeInspectionForm", "Tỉnh kiểm tra đơn vị")
        self.setWindowTitle("Sửa cuộc kiểm tra đơn vị" if existing else "Thêm cuộc kiểm tra đơn vị")
        self.setMinimumWidth(540)
        self.db_path = db_path
        self.existing = existing
        self.saved: OfficeInspectionRow | None = None
        labels = INSPECTION_FIELDS
        code = existing.office_code if existing else office_code
        self.office = office_combo("inspectionOffice", labels["office_code"], offices, code)
        self.kind = named(QComboBox(), "officeInspectionKind", labels["kind"])
        for key, label in KIND_LABELS.items():
            self.kind.addItem(label, key)
        if existing is not None:
            self.kind.setCurrentIndex(max(0, self.kind.findData(existing.kind)))
        start = existing.inspected_on if existing else date.today()
        self.inspected_on = date_edit("officeInspectionDate", labels["inspected_on"], start)
        self.findings = named(QPlainTextEdit(), "officeInspectionFindings", labels["findings"])
        self.findings.setPlaceholderText("Nhận xét, kết luận, kiến nghị sau kiểm tra…")
        self.findings.setMinimumHeight(90)
        if existing is not None:
            self.findings.setPlainText(existing.findings)

        form = QFormLayout()
        self.rows = FieldRows(form, "officeInspection")
        self.rows.add("office_code", labels["office_code"], self.office)
        self.rows.add("kind", labels["kind"], self.kind)
        self.rows.add("inspected_on", labels["inspected_on"], self.inspected_on)
        self.rows.add("findings", labels["findings"], self.findings)
        buttons = save_buttons()
        buttons.accepted.connect(self.try_save)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(buttons)
        self.mark_clean()

    def try_save(self) -> bool:
        """Save and close, or show every problem beside its field and stay open."""
        code, kind = str(self.office.currentData() or ""), str(self.kind.currentData())
        day, findings = self.inspected_on.date(), self.findings.toPlainText()
        store = shared(self.db_path)
        found = {
            **inspection_problems(store, code, kind, day, findings),
            **typed_date_problems(
                {"inspected_on": (INSPECTION_FIELDS["inspected_on"], self.inspected_on)}
            ),
        }
        self.rows.show(found)
        if found:
            return False
        try:
            self.saved = save_office_inspection(
                store, code, kind, day, findings, self.existing.id if self.existing else None
            )
        except UserError as exc:  # removed meanwhile, from another window
            self.rows.show({"findings": exc.message})
            return False
        self.accept()
        return True
