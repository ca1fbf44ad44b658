"""The detail pane under the union table: who the union is, its active members (count and list),
its history and its ratings by year, with setting or taking back a year's rating. GUI thread only;
`show_union` reads one union (a few milliseconds) on the calling thread."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QMessageBox,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from desktop.errors import UserError
from desktop.format import number, vn_date
from desktop.services.member_search import GENDER_LABELS
from desktop.services.roles import Action
from desktop.services.unions import EMPLOYER_LABELS, UnionDetail, union_detail
from desktop.store import shared
from desktop.ui.confirm_password import gate
from desktop.ui.oversight_form_parts import named

EMPTY = "Chọn một công đoàn cơ sở trong bảng để xem đoàn viên, lịch sử và xếp loại."


def _column(title: QLabel, body: QWidget, *buttons: QWidget) -> QWidget:
    box = QWidget()
    layout = QVBoxLayout(box)
    layout.setContentsMargins(0, 0, 0, 0)
    layout.addWidget(title)
    layout.addWidget(body, 1)
    if buttons:
        row = QHBoxLayout()
        for button in buttons:
            row.addWidget(button)
        row.addStretch(1)
        layout.addLayout(row)
    return box


def _heading(name: str, accessible: str) -> QLabel:
    label = named(QLabel(), name, accessible)
    label.setStyleSheet("font-weight: 600; color: #1a202c;")
    return label


class UnionDetailPane(QWidget):
    """`rating_changed` is emitted after a rating was set or taken back (the table reloads)."""

    rating_requested = Signal(int)  # the year to rate
    rating_changed = Signal()

    def __init__(self, db_path: Path | str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        named(self, "unionDetail", "Chi tiết công đoàn cơ sở")
        self.db_path = db_path
        self.detail: UnionDetail | None = None
        self.title = named(QLabel(EMPTY), "unionDetailTitle", "Công đoàn cơ sở đang chọn")
        self.title.setWordWrap(True)
        self.title.setTextFormat(Qt.TextFormat.RichText)
        self.members_title = _heading("unionMembersTitle", "Số đoàn viên")
        self.members = named(QListWidget(), "unionMembers", "Đoàn viên đang sinh hoạt")
        self.history_title = _heading("unionHistoryTitle", "Lịch sử")
        self.history_title.setText("Lịch sử")
        self.history = named(QListWidget(), "unionHistory", "Lịch sử công đoàn cơ sở")
        self.ratings_title = _heading("unionRatingsTitle", "Xếp loại theo năm")
        self.ratings_title.setText("Xếp loại theo năm")
        self.ratings = named(QListWidget(), "unionRatings", "Xếp loại theo năm")
        self.rate_button = named(QPushButton("Xếp loại…"), "unionRate", "Xếp loại năm")
        self.rate_button.setToolTip("Ghi hoặc đổi xếp loại của năm đang chọn")
        self.clear_button = named(QPushButton("Bỏ xếp loại"), "unionClearRating", "Bỏ xếp loại")
        # A role that may not edit sees the ratings; the buttons say why they are disabled.
        edits = [gate(button, Action.EDIT) for button in (self.rate_button, self.clear_button)]
        self.can_edit = all(edits)
        self.rate_button.clicked.connect(self._rate)
        self.clear_button.clicked.connect(self.clear_selected_rating)
        self.ratings.currentRowChanged.connect(lambda _r: self._enable())
        for lines in (self.members, self.history, self.ratings):
            # Long names and ratings wrap: nothing is cut off at the right, nothing scrolls
            # sideways (and no scroll position is carried from one union to the next).
            lines.setWordWrap(True)
            lines.setTextElideMode(Qt.TextElideMode.ElideNone)
            lines.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
            lines.setResizeMode(QListWidget.ResizeMode.Adjust)
        row = QHBoxLayout()
        row.setContentsMargins(0, 0, 0, 0)
        row.addWidget(_column(self.members_title, self.members), 3)
        row.addWidget(_column(self.history_title, self.history), 4)
        row.addWidget(
            _column(self.ratings_title, self.ratings, self.rate_button, self.clear_button), 3
        )
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 6, 0, 0)
        layout.addWidget(self.title)
        layout.addLayout(row, 1)
        self.rating_year = 2024
        self.show_union(None)

    def show_union(self, union_id: str | None) -> None:
        self.detail = union_detail(shared(self.db_path), union_id) if union_id else None
        for widget in (self.members, self.history, self.ratings):
            widget.clear()
        d = self.detail
        if d is None:
            self.title.setText(EMPTY)
            self.members_title.setText("Đoàn viên")
            self._enable()
            return
        u = d.union
        chair = "chưa ghi chủ tịch"
        if u.chair_name:
            chair = f"Chủ tịch {u.chair_name}"
            if u.chair_elected_on:
                chair += f", bầu {vn_date(u.chair_elected_on)}"
            chair += (
                f", bồi dưỡng {vn_date(u.chair_trained_on)}"
                if u.chair_trained_on
                else ", chưa bồi dưỡng nghiệp vụ"
            )
        place = ", ".join(x for x in (u.address, u.commune_name) if x)
        self.title.setText(
            f"<b>{u.name}</b> — {EMPLOYER_LABELS.get(u.employer_type, u.employer_type)}"
            f"{', ' + place if place else ''}<br>{chair} · {number(u.workforce_total)} lao động "
            f"(nữ {number(u.workforce_women)})"
            + (f" · <span style='color:#b3261e'>Giải thể {vn_date(u.dissolved_on)}</span>"
               if u.dissolved_on else "")
        )  # fmt: skip
        self.members_title.setText(
            f"Đoàn viên đang sinh hoạt: {number(len(d.members))} (nữ {number(d.women)})"
        )
        for m in d.members:
            extra = ", ".join(x for x in (GENDER_LABELS.get(m.gender, ""), m.job_title) if x)
            self.members.addItem(f"{m.full_name} ({extra})" if extra else m.full_name)
        for h in d.history:
            self.history.addItem(f"{vn_date(h.on) or '—'} · {h.text}")
        for r in d.ratings:
            item = QListWidgetItem(
                f"{r.year}: {r.label}" + (f" ({vn_date(r.rated_on)})" if r.rated_on else "")
            )
            item.setData(Qt.ItemDataRole.UserRole, r.year)
            self.ratings.addItem(item)
        self._enable()

    def _enable(self) -> None:
        alive = self.detail is not None and self.can_edit
        self.rate_button.setEnabled(alive)
        self.clear_button.setEnabled(alive and self.ratings.currentItem() is not None)

    def selected_year(self) -> int:
        """The rating year chosen in the list, else the year the table shows."""
        item = self.ratings.currentItem()
        return int(item.data(Qt.ItemDataRole.UserRole)) if item else self.rating_year

    def _rate(self) -> None:
        self.rating_requested.emit(self.selected_year())

    def clear_selected_rating(self, confirm: bool = True) -> None:
        from desktop.services.union_events import clear_rating

        item = self.ratings.currentItem()
        if self.detail is None or item is None or not self.can_edit:
            return
        year = int(item.data(Qt.ItemDataRole.UserRole))
        if confirm:
            answer = QMessageBox.question(
                self, "Bỏ xếp loại", f"Bỏ xếp loại năm {year} của {self.detail.union.name}?"
            )
            if answer != QMessageBox.StandardButton.Yes:
                return
        try:
            clear_rating(shared(self.db_path), self.detail.union.id, year)
        except UserError as exc:
            self.title.setText(exc.message)
            return
        self.rating_changed.emit()
