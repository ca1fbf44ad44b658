"""The programme editor's task areas («Nhiệm vụ và giải pháp»): the list of areas on the left,
the chosen one's number, title and points (one a line) on the right. GUI thread only; every
keystroke goes straight into the draft, which checks it."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QBrush, QColor, QTextBlockFormat, QTextCursor
from PySide6.QtWidgets import (
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPlainTextEdit,
    QPushButton,
    QTextEdit,
    QVBoxLayout,
    QWidget,
)

from desktop.services.programme_editing import AreaRow, Problem, ProgrammeDraft

WRONG = QColor("#fde2e1")
POINTS_HINT = "Mỗi đoạn là một nội dung (Enter sang nội dung mới); đoạn trống được bỏ qua."


def _named(widget: QWidget, name: str, accessible: str) -> QWidget:
    widget.setObjectName(name)
    widget.setAccessibleName(accessible)
    return widget


def area_caption(area: AreaRow) -> str:
    title = " ".join(area.title.split()) or "(chưa có tên)"
    return f"{area.number.strip() or '?'}. {title}"


class AreasPanel(QWidget):
    """`edited` is emitted after every change typed or made with the buttons."""

    edited = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.draft: ProgrammeDraft | None = None
        self.problems: dict[int, str] = {}
        self._filling = False
        self.list = QListWidget()
        _named(self.list, "programmeAreas", "Danh sách nhiệm vụ")
        self.list.setWordWrap(True)
        self.list.setSpacing(2)
        self.list.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.list.currentRowChanged.connect(self._show_area)
        self.add_button = QPushButton("Thêm nhiệm vụ")
        _named(self.add_button, "addArea", "Thêm nhiệm vụ")
        self.add_button.clicked.connect(self.add_area)
        self.remove_button = QPushButton("Xóa nhiệm vụ")
        _named(self.remove_button, "removeArea", "Xóa nhiệm vụ")
        self.remove_button.clicked.connect(self.remove_area)
        left = QVBoxLayout()
        left.setContentsMargins(0, 0, 0, 0)
        left.addWidget(self.list, 1)
        row = QHBoxLayout()
        row.addWidget(self.add_button)
        row.addWidget(self.remove_button)
        row.addStretch(1)
        left.addLayout(row)

        self.number = QLineEdit()
        _named(self.number, "programmeAreaNumber", "Số thứ tự nhiệm vụ")
        self.number.setMaximumWidth(60)
        self.title = QPlainTextEdit()
        _named(self.title, "programmeAreaTitle", "Tên nhiệm vụ")
        self.title.setFixedHeight(54)
        # A QTextEdit of plain text: each point a paragraph, spaced so that where one ends shows.
        self.points = QTextEdit()
        self.points.setAcceptRichText(False)
        _named(self.points, "programmeAreaPoints", "Nội dung của nhiệm vụ")
        self.points.setPlaceholderText(POINTS_HINT)
        self.points.setToolTip(POINTS_HINT)
        self.message = QLabel()
        _named(self.message, "programmeAreaProblem", "Lỗi của nhiệm vụ")
        self.message.setStyleSheet("color: #b3261e;")
        self.message.setWordWrap(True)
        self.message.hide()
        form = QFormLayout()
        form.addRow("Số:", self.number)
        form.addRow("Tên nhiệm vụ:", self.title)
        right = QVBoxLayout()
        right.setContentsMargins(0, 0, 0, 0)
        right.addLayout(form)
        hint = QLabel(f"Nội dung — {POINTS_HINT[0].lower()}{POINTS_HINT[1:]}")
        hint.setWordWrap(True)
        right.addWidget(hint)
        right.addWidget(self.points, 1)
        right.addWidget(self.message)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(left, 2)
        layout.addLayout(right, 3)
        self.number.textEdited.connect(self._typed)
        self.title.textChanged.connect(self._typed)
        self.points.textChanged.connect(self._typed)

    def set_draft(self, draft: ProgrammeDraft) -> None:
        self.draft = draft
        self._fill_list()
        self.list.setCurrentRow(0 if draft.areas else -1)
        self._show_area(self.list.currentRow())

    def _fill_list(self) -> None:
        assert self.draft is not None
        keep = self.list.currentRow()
        self.list.blockSignals(True)
        self.list.clear()
        for row, area in enumerate(self.draft.areas):
            item = QListWidgetItem(area_caption(area))
            if row in self.problems:
                item.setBackground(QBrush(WRONG))
                item.setToolTip(self.problems[row])
            self.list.addItem(item)
        self.list.setCurrentRow(min(keep, self.list.count() - 1))
        self.list.blockSignals(False)

    def _show_area(self, row: int) -> None:
        """Put the chosen area into the fields (no edit of its own)."""
        self._filling = True
        area = self.draft.areas[row] if self.draft and 0 <= row < len(self.draft.areas) else None
        for field in (self.number, self.title, self.points):
            field.setEnabled(area is not None)
        self.number.setText(area.number if area else "")
        self.title.setPlainText(area.title if area else "")
        self.points.setPlainText("\n".join(area.points) if area else "")
        spaced = QTextBlockFormat()
        spaced.setBottomMargin(8)
        cursor = QTextCursor(self.points.document())
        cursor.select(QTextCursor.SelectionType.Document)
        cursor.mergeBlockFormat(spaced)
        self._filling = False
        self._show_message(row)

    def _show_message(self, row: int) -> None:
        text = self.problems.get(row, "")
        self.message.setText(text)
        self.message.setVisible(bool(text))

    def _typed(self) -> None:
        if self._filling or self.draft is None:
            return
        row = self.list.currentRow()
        if not 0 <= row < len(self.draft.areas):
            return
        area = self.draft.areas[row]
        area.number = self.number.text()
        area.title = self.title.toPlainText()
        area.points = self.points.toPlainText().split("\n")
        self.list.item(row).setText(area_caption(area))
        self.edited.emit()

    def show_problems(self, problems: list[Problem]) -> None:
        self.problems = {}
        for problem in problems:
            if problem.part == "area":
                joined = self.problems.get(problem.row, "")
                self.problems[problem.row] = f"{joined}\n{problem.message}".strip()
        for row in range(self.list.count()):
            item = self.list.item(row)
            item.setBackground(QBrush(WRONG) if row in self.problems else QBrush())
            item.setToolTip(self.problems.get(row, ""))
        self._show_message(self.list.currentRow())

    def add_area(self) -> None:
        if self.draft is None:
            return
        row = self.draft.add_area()
        self._fill_list()
        self.list.setCurrentRow(row)
        self.title.setFocus()
        self.edited.emit()

    def remove_area(self) -> None:
        row = self.list.currentRow()
        if self.draft is None or not 0 <= row < len(self.draft.areas):
            return
        self.draft.remove_area(row)
        self._fill_list()
        self.list.setCurrentRow(min(row, len(self.draft.areas) - 1))
        self._show_area(self.list.currentRow())
        self.edited.emit()

    def choose(self, row: int) -> None:
        self.list.setCurrentRow(row)
