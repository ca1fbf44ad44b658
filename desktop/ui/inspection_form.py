"""The add/edit form of one inspection: problems are shown in red beside their field, and the form
stays open until the inspection is saved; typed changes are never thrown away without asking.
GUI thread only."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from PySide6.QtWidgets import (
    QComboBox,
    QFormLayout,
    QLabel,
    QPlainTextEdit,
    QVBoxLayout,
    QWidget,
)

from desktop.errors import UserError
from desktop.models.enums import InspectionScope
from desktop.services.oversight import (
    INSPECTION_FIELDS,
    KIND_LABELS,
    SCOPE_LABELS,
    InspectionInput,
    InspectionRow,
    inspection_problems,
    save_inspection,
)
from desktop.store import shared
from desktop.ui.oversight_form_parts import (
    FieldRows,
    date_edit,
    fill_unions,
    named,
    save_buttons,
    typed_date_problems,
)
from desktop.ui.record_form import GuardedDialog

NO_UNION = "— Chọn CĐCS —"
NOT_GRASSROOTS = "— Không gắn CĐCS —"


class InspectionForm(GuardedDialog):
    """Add (no `existing`) or edit one inspection; `saved_id` holds the id once saved."""

    what = "Cuộc kiểm tra"

    def __init__(
        self,
        db_path: Path | str,
        *,
        day: date | None = None,
        existing: InspectionRow | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        named(self, "inspectionForm", "Cuộc kiểm tra, giám sát")
        self.setWindowTitle("Sửa cuộc kiểm tra" if existing else "Thêm cuộc kiểm tra")
        self.setMinimumWidth(520)
        self.db_path = db_path
        self.existing = existing
        self.saved_id: str | None = None
        labels = INSPECTION_FIELDS

        self.kind = named(QComboBox(), "inspectionKind", labels["kind"])
        for key, label in KIND_LABELS.items():
            self.kind.addItem(label, key)
        self.scope = named(QComboBox(), "inspectionScope", labels["scope"])
        for key, label in SCOPE_LABELS.items():
            self.scope.addItem(label, key)
        start = existing.inspected_on if existing else (day or date.today())
        self.inspected_on = date_edit("inspectionDate", labels["inspected_on"], start)
        self.union = named(QComboBox(), "inspectionUnion", labels["union_id"])
        self.union.setMinimumContentsLength(32)
        self.union.setSizeAdjustPolicy(
            QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon
        )
        self.findings = named(QPlainTextEdit(), "inspectionFindings", labels["findings"])
        self.findings.setPlaceholderText("Nhận xét, kết luận, kiến nghị sau kiểm tra…")
        self.findings.setMinimumHeight(90)
        self.note = named(
            QLabel("Chỉ tiêu 9c, 9d tính các CĐCS đang hoạt động đã được kiểm tra trong kỳ."),
            "inspectionHint",
            "Ghi chú chỉ tiêu",
        )
        self.note.setWordWrap(True)
        self.note.setStyleSheet("color: #4a5568;")

        form = QFormLayout()
        self.rows = FieldRows(form, "inspection")
        self.rows.add("kind", labels["kind"], self.kind)
        self.rows.add("scope", labels["scope"], self.scope)
        self.rows.add("inspected_on", labels["inspected_on"], self.inspected_on)
        self.rows.add("union_id", labels["union_id"], self.union)
        self.rows.add("findings", labels["findings"], self.findings)
        self.errors = self.rows.errors

        buttons = save_buttons()
        buttons.accepted.connect(self.try_save)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.note)
        layout.addWidget(buttons)

        if existing is not None:
            self.kind.setCurrentIndex(max(0, self.kind.findData(existing.kind)))
            self.scope.setCurrentIndex(max(0, self.scope.findData(existing.scope)))
            self.findings.setPlainText(existing.findings)
        self._refill_unions(existing.union_id if existing else None)
        self.inspected_on.dateChanged.connect(self._refill_unions)
        self.scope.currentIndexChanged.connect(lambda _i: self._refill_unions())
        self.mark_clean()

    def _refill_unions(self, keep: str | None = None) -> None:
        """Unions alive on the chosen day; none at all for the office's own inspections."""
        grassroots = self.scope.currentData() == InspectionScope.grassroots
        text = NO_UNION if grassroots else NOT_GRASSROOTS
        if grassroots:
            # A half-typed date lists today's unions; the check names the day's problem.
            day = self.inspected_on.date() or date.today()
            fill_unions(self.union, self.db_path, day, text, keep)
        else:
            self.union.clear()
            self.union.addItem(text, "")  # never None as item data (desktop/ui/combos.py)
        self.union.setEnabled(grassroots)

    def choose_union(self, name: str) -> None:
        self.union.setCurrentIndex(max(0, self.union.findText(name)))

    def values(self) -> InspectionInput:
        """What the form would save: compared with what it opened with before it closes."""
        return self.data()

    def data(self) -> InspectionInput:
        return InspectionInput(
            kind=str(self.kind.currentData()),
            scope=str(self.scope.currentData()),
            inspected_on=self.inspected_on.date(),
            union_id=self.union.currentData() or None,
            findings=self.findings.toPlainText(),
        )

    def try_save(self) -> bool:
        """Save and close, or show every problem beside its field and stay open."""
        data = self.data()
        found = {
            **inspection_problems(shared(self.db_path), data),
            **typed_date_problems(
                {"inspected_on": (INSPECTION_FIELDS["inspected_on"], self.inspected_on)}
            ),
        }
        self.rows.show(found)
        if found:
            return False
        try:
            self.saved_id = save_inspection(
                shared(self.db_path), data, self.existing.id if self.existing else None
            )
        except UserError as exc:  # deleted meanwhile, from another window
            self.rows.show({"findings": exc.message})
            return False
        self.accept()
        return True
