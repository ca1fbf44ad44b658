"""The add/edit form of one complaint, also used to record its resolution: problems are shown in
red beside their field, and the form stays open until the complaint is saved; typed changes are
never thrown away without asking. GUI thread only."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QFormLayout,
    QLineEdit,
    QPlainTextEdit,
    QVBoxLayout,
    QWidget,
)

from desktop.errors import UserError
from desktop.services.oversight import (
    COMPLAINT_FIELDS,
    ComplaintInput,
    ComplaintRow,
    complaint_problems,
    save_complaint,
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

NO_UNION = "— Không gắn CĐCS —"


class ComplaintForm(GuardedDialog):
    """Add (no `existing`) or edit one complaint; with `resolving`, open ready to record the
    resolution (the box ticked, the outcome focused). `saved_id` holds the id once saved."""

    what = "Đơn thư"

    def __init__(
        self,
        db_path: Path | str,
        *,
        day: date | None = None,
        existing: ComplaintRow | None = None,
        resolving: bool = False,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        named(self, "complaintForm", "Đơn thư khiếu nại, tố cáo")
        if resolving:
            self.setWindowTitle("Ghi kết quả giải quyết đơn")
        else:
            self.setWindowTitle("Sửa đơn thư" if existing else "Thêm đơn thư")
        self.setMinimumWidth(540)
        self.db_path = db_path
        self.existing = existing
        self.saved_id: str | None = None
        labels = COMPLAINT_FIELDS
        today = date.today()

        start = existing.received_on if existing else (day or today)
        self.received_on = date_edit("complaintReceived", labels["received_on"], start)
        self.subject = named(QLineEdit(), "complaintSubject", labels["subject"])
        self.subject.setPlaceholderText("Ví dụ: Khiếu nại chậm trả lương tháng 2")
        self.union = named(QComboBox(), "complaintUnion", labels["union_id"])
        self.union.setMinimumContentsLength(32)
        self.union.setSizeAdjustPolicy(
            QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon
        )
        self.within_authority = named(
            QCheckBox("Thuộc thẩm quyền giải quyết của công đoàn"),
            "complaintWithinAuthority",
            "Thuộc thẩm quyền giải quyết của công đoàn",
        )
        self.within_authority.setToolTip(
            "Chỉ tiêu 9e chỉ tính đơn thuộc thẩm quyền; đơn không thuộc thẩm quyền thì chuyển đi."
        )
        self.within_authority.setChecked(existing.within_authority if existing else True)
        self.resolved = named(
            QCheckBox("Đã giải quyết"), "complaintResolvedBox", "Đơn đã được giải quyết"
        )
        resolved_day = existing.resolved_on if existing and existing.resolved_on else today
        self.resolved_on = date_edit("complaintResolvedOn", labels["resolved_on"], resolved_day)
        self.outcome = named(QPlainTextEdit(), "complaintOutcome", labels["outcome"])
        self.outcome.setPlaceholderText("Kết quả giải quyết, hoặc nơi đã chuyển đơn…")
        self.outcome.setMinimumHeight(80)

        form = QFormLayout()
        self.rows = FieldRows(form, "complaint")
        self.rows.add("received_on", labels["received_on"], self.received_on)
        self.rows.add("subject", labels["subject"], self.subject)
        self.rows.add("union_id", labels["union_id"], self.union)
        form.addRow(None, self.within_authority)  # type: ignore[call-overload]
        form.addRow(None, self.resolved)  # type: ignore[call-overload]
        self.rows.add("resolved_on", labels["resolved_on"], self.resolved_on)
        self.rows.add("outcome", labels["outcome"], self.outcome)
        self.errors = self.rows.errors

        buttons = save_buttons()
        buttons.accepted.connect(self.try_save)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(buttons)

        if existing is not None:
            self.subject.setText(existing.subject)
            self.outcome.setPlainText(existing.outcome)
        self.resolved.setChecked(bool(existing and existing.resolved_on) or resolving)
        self.resolved_on.setEnabled(self.resolved.isChecked())
        self.resolved.toggled.connect(self.resolved_on.setEnabled)
        self._refill_unions(existing.union_id if existing else None)
        self.received_on.dateChanged.connect(self._refill_unions)
        if resolving:
            self.resolved_on.setDate(today)
            self.outcome.setFocus()
        self.mark_clean()

    def _refill_unions(self, keep: str | None = None) -> None:
        # A half-typed date lists today's unions; the check names the day's problem.
        day = self.received_on.date() or date.today()
        fill_unions(self.union, self.db_path, day, NO_UNION, keep)

    def choose_union(self, name: str) -> None:
        self.union.setCurrentIndex(max(0, self.union.findText(name)))

    def values(self) -> ComplaintInput:
        """What the form would save: compared with what it opened with before it closes."""
        return self.data()

    def data(self) -> ComplaintInput:
        return ComplaintInput(
            received_on=self.received_on.date(),
            subject=self.subject.text(),
            union_id=self.union.currentData() or None,
            within_authority=self.within_authority.isChecked(),
            resolved_on=self.resolved_on.date() if self.resolved.isChecked() else None,
            outcome=self.outcome.toPlainText(),
        )

    def try_save(self) -> bool:
        """Save and close, or show every problem beside its field and stay open."""
        data = self.data()
        labels = COMPLAINT_FIELDS
        found = {
            **complaint_problems(shared(self.db_path), data),
            **typed_date_problems(
                {
                    "received_on": (labels["received_on"], self.received_on),
                    "resolved_on": (labels["resolved_on"], self.resolved_on),
                }
            ),
        }
        self.rows.show(found)
        if found:
            return False
        try:
            self.saved_id = save_complaint(
                shared(self.db_path), data, self.existing.id if self.existing else None
            )
        except UserError as exc:  # deleted meanwhile, from another window
            self.rows.show({"subject": exc.message})
            return False
        self.accept()
        return True
