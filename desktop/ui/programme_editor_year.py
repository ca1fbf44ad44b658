"""«Tạo năm mới…»: the year of the new programme and the year it is copied from. The copy is
made by the authoring service (`new_programme`) and shown unsaved in the editor. GUI thread
only."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from desktop.errors import UserError
from desktop.programme.loader import ProgrammeDef
from desktop.store import shared

ERROR_STYLE = "color: #b3261e;"
HELD = "Đã có chương trình công tác năm {year}: chọn «Năm {year}» trong danh sách năm để sửa."


def held_years(db_path: Path | str) -> tuple[int, ...]:
    """The years whose programme can be opened: the database's and those shipped with the
    program (a shipped year is loaded into the database when first saved or used)."""
    from desktop.programme.authoring import programme_years
    from desktop.programme.loader import shipped_years

    return tuple(sorted(set(programme_years(shared(db_path))) | set(shipped_years())))


class NewYearDialog(QDialog):
    """Accepted only once `new_programme` has made the copy (kept in `programme`); a refusal
    (the year already has one) is said inside the dialog."""

    def __init__(self, db_path: Path | str, year: int, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("newProgrammeYear")
        self.setWindowTitle("Tạo chương trình năm mới")
        self.db_path = db_path
        self.programme: ProgrammeDef | None = None
        known = held_years(db_path)
        self.year = QSpinBox()
        self.year.setObjectName("newYear")
        self.year.setAccessibleName("Năm của chương trình mới")
        self.year.setRange(2000, 2100)
        self.year.setGroupSeparatorShown(False)
        later = max(known, default=date.today().year - 1) + 1
        self.year.setValue(year if year not in known else later)
        self.source = QComboBox()
        self.source.setObjectName("newYearFrom")
        self.source.setAccessibleName("Chép từ chương trình năm")
        for held in reversed(known):
            self.source.addItem(f"Năm {held}", held)
        self.message = QLabel()
        self.message.setObjectName("newYearMessage")
        self.message.setStyleSheet(ERROR_STYLE)
        self.message.setWordWrap(True)
        self.message.hide()
        intro = QLabel(
            "Chương trình năm mới chép toàn bộ chỉ tiêu và nhiệm vụ của năm đã chọn; sửa lại "
            "rồi bấm «Lưu» trong cửa sổ chương trình."
        )
        intro.setWordWrap(True)
        form = QFormLayout()
        form.addRow("Năm:", self.year)
        form.addRow("Chép từ:", self.source)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        ok = buttons.button(QDialogButtonBox.StandardButton.Ok)
        ok.setText("Tạo")
        ok.setObjectName("newYearOk")
        cancel = buttons.button(QDialogButtonBox.StandardButton.Cancel)
        cancel.setText("Hủy")
        cancel.setObjectName("newYearCancel")
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addLayout(form)
        layout.addWidget(self.message)
        layout.addWidget(buttons)
        self.setMinimumWidth(420)

    def choose(self, year: int, source: int) -> None:
        self.year.setValue(year)
        self.source.setCurrentIndex(max(0, self.source.findData(source)))

    def accept(self) -> None:
        from desktop.programme.authoring import new_programme

        source, year = self.source.currentData(), self.year.value()
        try:
            if year in held_years(self.db_path):
                # The service's refusal names the command line; here the list is at hand.
                raise UserError(HELD.format(year=year))
            self.programme = new_programme(
                shared(self.db_path), year, int(source) if source else None
            )
        except UserError as exc:
            self.message.setText(exc.message)
            self.message.show()
            self.adjustSize()  # room for the wrapped message
            return
        super().accept()
