"""The month's result of an entered percentage (1a, 1b) typed as its two counts: people reached
and people in scope. The percentage, or what is wrong with the counts, is shown as they are typed;
«Lưu» keeps both counts (the province adds counts up, it never averages percentages)."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QVBoxLayout,
    QWidget,
)

from desktop.errors import UserError
from desktop.format import number, period_label
from desktop.programme.entered_values import (
    WITHOUT_COUNTS,
    EnteredFigure,
    check_counts,
    count_fields,
    counts_percent,
    percent_text,
)
from desktop.services.progress import TargetProgress

# (reached, in scope) as typed -> an error message, or None when saved.
Saver = Callable[[str, str], str | None]
PROBLEM_STYLE = "color: #b3261e;"
PERCENT_STYLE = "font-size: 13pt; font-weight: 600; color: #1a202c;"


class EntryCountsDialog(QDialog):
    """Opened with `open()` (window-modal, not blocking): `saver` is called on «Lưu»; the dialog
    closes when it saves and stays, the problem shown, when it refuses. GUI thread only."""

    def __init__(
        self,
        target: TargetProgress,
        period: str,
        kept: EnteredFigure | None,
        saver: Saver,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("entryCountsDialog")
        self.target = target
        self.saver = saver
        self.setWindowTitle(f"Kết quả {target.code} {period_label(period)}")
        reached_field, scope_field = count_fields(target.name)

        heading = QLabel(f"<b>{target.code}.</b> {target.name}")
        heading.setWordWrap(True)
        heading.setObjectName("countsHeading")
        self.kept = QLabel(self._kept_text(kept))
        self.kept.setObjectName("countsKept")
        self.kept.setWordWrap(True)
        self.reached = QLineEdit()
        self.reached.setObjectName("countsReached")
        self.reached.setAccessibleName(reached_field)
        self.in_scope = QLineEdit()
        self.in_scope.setObjectName("countsInScope")
        self.in_scope.setAccessibleName(scope_field)
        if kept is not None and kept.with_counts:
            self.reached.setText(number(kept.reached))
            self.in_scope.setText(number(kept.in_scope))
        self.percent = QLabel()
        self.percent.setObjectName("countsPercent")
        self.percent.setAccessibleName("Tỷ lệ")
        self.problem = QLabel()
        self.problem.setObjectName("countsProblem")
        self.problem.setWordWrap(True)
        self.problem.setStyleSheet(PROBLEM_STYLE)

        form = QFormLayout()
        form.addRow(f"{reached_field}:", self.reached)
        form.addRow(f"{scope_field}:", self.in_scope)
        form.addRow("Tỷ lệ:", self.percent)
        buttons = QDialogButtonBox()
        self.save_button = buttons.addButton("Lưu", QDialogButtonBox.ButtonRole.AcceptRole)
        self.save_button.setObjectName("countsSave")
        cancel = buttons.addButton("Hủy", QDialogButtonBox.ButtonRole.RejectRole)
        cancel.setObjectName("countsCancel")
        self.save_button.clicked.connect(self.save)
        cancel.clicked.connect(self.reject)

        hint = QLabel(
            "Ghi số người, tỷ lệ phần trăm được tính từ hai số này. "
            "Để trống cả hai ô rồi bấm «Lưu» để xóa kết quả của tháng."
        )
        hint.setWordWrap(True)
        hint.setStyleSheet("color: #4a5568;")
        layout = QVBoxLayout(self)
        layout.addWidget(heading)
        layout.addWidget(self.kept)
        layout.addLayout(form)
        layout.addWidget(self.problem)
        layout.addWidget(hint)
        layout.addWidget(buttons)
        self.setMinimumWidth(460)
        for box in (self.reached, self.in_scope):
            box.textChanged.connect(self.preview)
        self.preview()

    @staticmethod
    def _kept_text(kept: EnteredFigure | None) -> str:
        if kept is None:
            return "Chưa có kết quả của tháng."
        if kept.with_counts:
            return f"Đang lưu: {kept.text()}."
        return f"Đang lưu: {percent_text(kept.value)} ({WITHOUT_COUNTS}). Ghi hai số để thay."

    def preview(self) -> None:
        """The percentage the counts typed so far make, or what is wrong with them."""
        reached, in_scope = self.reached.text(), self.in_scope.text()
        if not reached.strip() or not in_scope.strip():
            self.percent.setText("—")
            self.percent.setStyleSheet(PERCENT_STYLE)
            self.problem.setText("")
            return
        try:
            counts = check_counts(self.target.code, self.target.name, reached, in_scope)
        except UserError as exc:
            self.percent.setText("—")
            self.problem.setText(str(exc))
            return
        assert counts is not None
        self.percent.setText(percent_text(counts_percent(*counts)))
        self.percent.setStyleSheet(PERCENT_STYLE)
        self.problem.setText("")

    def save(self) -> None:
        problem = self.saver(self.reached.text(), self.in_scope.text())
        if problem is None:
            self.accept()
        else:
            self.problem.setText(problem)
