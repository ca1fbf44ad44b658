"""Transfer, leave or re-admit one member: a date, the union where needed, a reason."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from PySide6.QtWidgets import (
    QComboBox,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QVBoxLayout,
    QWidget,
)

from desktop.errors import UserError
from desktop.services.member_events import EVENT_LABELS, NEEDS_UNION, move_member
from desktop.services.member_search import MemberRow
from desktop.store import shared
from desktop.ui.date_input import DateInput
from desktop.ui.member_dialog import parse_day
from desktop.ui.record_form import GuardedDialog


class MoveDialog(GuardedDialog):
    def __init__(
        self,
        db_path: Path | str,
        member: MemberRow,
        kind: str,
        unions: list[tuple[str, str]],
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("moveMember")
        self.setAccessibleName(EVENT_LABELS[kind])
        self.setWindowTitle(f"{EVENT_LABELS[kind]}: {member.full_name}")
        self.what = f"Biểu mẫu «{EVENT_LABELS[kind]}» của {member.full_name}"
        self.db_path, self.member, self.kind = db_path, member, kind
        self.day = DateInput(date.today())
        self.day.setObjectName("moveDate")
        self.day.setAccessibleName("Ngày")
        self.union = QComboBox()
        # Long union names never widen the dialog past the screen; the popup shows them whole.
        self.union.setSizeAdjustPolicy(
            QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon
        )
        self.union.setMinimumContentsLength(32)
        self.union.setObjectName("moveUnion")
        self.union.setAccessibleName("Công đoàn cơ sở")
        for uid, name in unions:
            if not (kind == "transferred" and uid == member.union_id):
                self.union.addItem(name, uid)
        self.reason = QLineEdit()
        self.reason.setObjectName("moveReason")
        self.reason.setAccessibleName("Lý do")
        self.reason.setPlaceholderText(
            "nghỉ việc, nghỉ hưu, tự nguyện…" if kind == "left" else "(không bắt buộc)"
        )
        self.error = QLabel()
        self.error.setObjectName("moveError")
        self.error.setAccessibleName("Lỗi cần sửa")
        self.error.setStyleSheet("color: #b3261e;")
        self.error.setWordWrap(True)
        form = QFormLayout()
        form.addRow("Đoàn viên", QLabel(f"{member.full_name} – {member.union_name}"))
        form.addRow("Ngày", self.day)
        if kind in NEEDS_UNION:  # the moves the service asks a union for
            form.addRow("Đến CĐCS" if kind == "transferred" else "Sinh hoạt tại", self.union)
        form.addRow("Lý do", self.reason)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        for which, name, text in (
            (QDialogButtonBox.StandardButton.Ok, "moveSave", EVENT_LABELS[kind]),
            (QDialogButtonBox.StandardButton.Cancel, "moveCancel", "Hủy"),
        ):
            button = buttons.button(which)
            button.setText(text)
            button.setObjectName(name)
            button.setAccessibleName(text)
        buttons.accepted.connect(self.try_save)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.error)
        layout.addWidget(buttons)
        self.mark_clean()

    def try_save(self) -> bool:
        try:
            on = parse_day(self.day.text())
        except ValueError:
            self.error.setText(f"«{self.day.text()}» không phải ngày; ghi dd/mm/yyyy.")
            return False
        try:
            move_member(
                shared(self.db_path),
                self.member.id,
                self.kind,
                on,
                to_union_id=self.union.currentData(),
                reason=self.reason.text(),
            )
        except UserError as exc:
            self.error.setText(str(exc))
            return False
        self.accept()
        return True
