"""Hoạt động: a month's activities by task area, the task area's monthly narrative, and the
office's inspections and complaints.

A narrative typed and not saved is never thrown away without asking: switching task area, month or
year asks «Lưu / Không lưu / Hủy», and so does `confirm_leave()` (the main window's call before it
switches screens or closes).
"""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Any

from PySide6.QtCore import (
    QEvent,
    QObject,
    Qt,
)
from PySide6.QtWidgets import (
    QComboBox,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QMessageBox,
    QPlainTextEdit,
    QPushButton,
    QSplitter,
    QTableView,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from desktop.format import period_label, vn_date
from desktop.services.activities import ActivityRow, TaskAreaRow
from desktop.services.roles import Action
from desktop.store import shared
from desktop.ui import unsaved
from desktop.ui.activities_model import KIND, TITLE, UNIONS, ActivitiesModel
from desktop.ui.confirm_password import gate
from desktop.ui.targets_model import MISSING_STYLE
from desktop.ui.tasks import TaskRunner

ALL_AREAS = 0


def _named(widget: QWidget, name: str, accessible: str) -> QWidget:
    widget.setObjectName(name)
    widget.setAccessibleName(accessible)
    return widget


class ActivitiesScreen(QWidget):
    def __init__(
        self, db_path: Path | str, parent: QWidget | None = None, runner: TaskRunner | None = None
    ) -> None:
        super().__init__(parent)
        _named(self, "activitiesScreen", "Hoạt động")
        self.db_path = db_path
        self.runner = runner or TaskRunner(self)
        self.areas: list[TaskAreaRow] = []
        # The month, task area and stored text the narrative box shows: what a save writes to,
        # and what typed text is compared with.
        self.shown_period = ""
        self.shown_area: int | None = None
        self.saved_text = ""

        from desktop.services.dashboard import years_offered
        from desktop.services.targets import working_period
        from desktop.store import shared

        working = working_period(shared(db_path))
        self.year = QComboBox()
        _named(self.year, "activitiesYear", "Năm")
        for year in years_offered(shared(db_path)):
            self.year.addItem(f"Năm {year}", year)
        self.year.setCurrentIndex(self.year.findData(int(working[:4])))
        self.month = QComboBox()
        _named(self.month, "activitiesMonth", "Tháng")
        for m in range(1, 13):
            self.month.addItem(f"Tháng {m}", m)
        self.month.setCurrentIndex(int(working[5:]) - 1)
        self.title = QLabel()
        self.title.setObjectName("activitiesTitle")
        self.title.setStyleSheet("font-size: 14pt; font-weight: 600; color: #1a202c;")
        top = QHBoxLayout()
        top.addWidget(self.title, 1)
        top.addWidget(self.month)
        top.addWidget(self.year)
        # A year whose programme has not arrived: said above the list, records go on.
        self.missing = QLabel()
        _named(self.missing, "activitiesProgrammeMissing", "Chương trình chưa đến")
        self.missing.setWordWrap(True)
        self.missing.setStyleSheet(MISSING_STYLE)
        self.missing.setVisible(False)

        self.area_list = QListWidget()
        _named(self.area_list, "taskAreas", "Nhiệm vụ")
        self.area_list.setWordWrap(True)
        self.area_list.setMinimumWidth(180)
        self.area_list.setSpacing(3)

        self.model = ActivitiesModel(self)
        self.table = QTableView()
        _named(self.table, "activitiesTable", "Danh sách hoạt động")
        self.table.setModel(self.model)
        self.table.verticalHeader().setVisible(False)
        self.table.setSelectionBehavior(QTableView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QTableView.SelectionMode.SingleSelection)
        self.table.setAlternatingRowColors(True)
        self.table.doubleClicked.connect(lambda _index: self.edit_selected())
        self.table.setTextElideMode(Qt.TextElideMode.ElideRight)
        self.table.setWordWrap(False)
        self.table.viewport().installEventFilter(self)
        self.add_button = _named(QPushButton("Thêm hoạt động…"), "addActivity", "Thêm hoạt động")
        self.edit_button = _named(QPushButton("Sửa…"), "editActivity", "Sửa hoạt động")
        self.delete_button = _named(QPushButton("Xóa"), "deleteActivity", "Xóa hoạt động")
        self.add_button.clicked.connect(self.add)  # type: ignore[attr-defined]
        self.edit_button.clicked.connect(self.edit_selected)  # type: ignore[attr-defined]
        self.delete_button.clicked.connect(self.delete_selected)  # type: ignore[attr-defined]
        buttons = QHBoxLayout()
        for button in (self.add_button, self.edit_button, self.delete_button):
            buttons.addWidget(button)
        buttons.addStretch(1)
        self.can_edit = all(
            [gate(self.add_button, Action.EDIT), gate(self.delete_button, Action.EDIT)]
        )

        self.narrative_label = QLabel()
        self.narrative_label.setObjectName("narrativeLabel")
        self.narrative_label.setWordWrap(True)
        self.narrative = QPlainTextEdit()
        _named(self.narrative, "narrativeText", "Tình hình thực hiện nhiệm vụ trong tháng")
        self.narrative.setPlaceholderText(
            "Tóm tắt kết quả thực hiện nhiệm vụ trong tháng; đoạn này được in vào báo cáo tháng."
        )
        self.save_narrative_button = _named(
            QPushButton("Lưu tình hình"), "saveNarrative", "Lưu tình hình"
        )
        self.save_narrative_button.clicked.connect(self.store_narrative)  # type: ignore[attr-defined]
        self.message = QLabel()
        _named(self.message, "activitiesMessage", "Thông báo")
        self.message.setWordWrap(True)

        activities_tab = QWidget()
        tab_layout = QVBoxLayout(activities_tab)
        tab_layout.addLayout(buttons)
        split = QSplitter(Qt.Orientation.Vertical)
        split.addWidget(self.table)
        story = QWidget()
        story_layout = QVBoxLayout(story)
        story_layout.setContentsMargins(0, 0, 0, 0)
        story_layout.addWidget(self.narrative_label)
        story_layout.addWidget(self.narrative)
        story_layout.addWidget(self.save_narrative_button, 0, Qt.AlignmentFlag.AlignRight)
        split.addWidget(story)
        split.setSizes([420, 200])
        tab_layout.addWidget(split, 1)
        self.tabs = QTabWidget()
        _named(self.tabs, "activitiesTabs", "Hoạt động, kiểm tra, khiếu nại")
        self.tabs.addTab(activities_tab, "Hoạt động")
        self._add_oversight_tabs()

        # Inspections and complaints are not by task area: their tabs get the list's room.
        self.tabs.currentChanged.connect(lambda index: self.area_list.setVisible(index == 0))
        body = QSplitter(Qt.Orientation.Horizontal)
        body.addWidget(self.area_list)
        body.addWidget(self.tabs)
        body.setSizes([250, 950])
        layout = QVBoxLayout(self)
        layout.setContentsMargins(16, 12, 16, 12)
        layout.addLayout(top)
        layout.addWidget(self.missing)
        layout.addWidget(body, 1)
        layout.addWidget(self.message)

        self.month.currentIndexChanged.connect(lambda _i: self._period_chosen())
        self.year.currentIndexChanged.connect(lambda _i: self._period_chosen())
        self.area_list.currentRowChanged.connect(lambda _row: self._area_chosen())
        self.reload()

    def _add_oversight_tabs(self) -> None:
        """Inspections and complaints live in their own panels (oversight_widgets)."""
        from desktop.ui.oversight_complaints import ComplaintsPanel
        from desktop.ui.oversight_widgets import InspectionsPanel

        self.oversight: list[Any] = []
        for title, panel_type in (
            ("Kiểm tra, giám sát", InspectionsPanel),
            ("Khiếu nại, tố cáo", ComplaintsPanel),
        ):
            panel = panel_type(self.db_path, self.runner)
            self.oversight.append(panel)
            self.tabs.addTab(panel, title)

    @property
    def year_shown(self) -> int:
        return int(self.year.currentData())

    @property
    def period(self) -> str:
        return f"{self.year_shown:04d}-{self.month.currentData():02d}"

    @property
    def area(self) -> int | None:
        item = self.area_list.currentItem()
        if item is None:
            return None
        value = int(item.data(Qt.ItemDataRole.UserRole))
        return None if value == ALL_AREAS else value

    # -- the narrative: never thrown away without asking ----------------------------------------

    def narrative_dirty(self) -> bool:
        return self.shown_area is not None and (
            self.narrative.toPlainText().strip() != self.saved_text.strip()
        )

    def confirm_leave(self) -> bool:
        """Ask about a narrative typed and not saved; True when the screen may be left."""
        if not self.narrative_dirty():
            return True
        answer = unsaved.ask_unsaved(
            self,
            f"Tình hình thực hiện nhiệm vụ {self.shown_area} {period_label(self.shown_period)}",
        )
        if answer == "cancel":
            return False
        if answer == "save":
            return self.store_narrative()
        self.narrative.setPlainText(self.saved_text)  # «Không lưu»: back to what is stored
        return True

    def _period_chosen(self) -> None:
        if self.period == self.shown_period:
            return
        if not self.confirm_leave():
            self._show_selectors(self.shown_period, self.shown_area)
            return
        self.reload()

    def _area_chosen(self) -> None:
        if self.area == self.shown_area:
            return
        if not self.confirm_leave():
            self._show_selectors(self.shown_period, self.shown_area)
            return
        self._show_area()

    def _show_selectors(self, period: str, area: int | None) -> None:
        """Put the month, year and task area back without reloading (after «Hủy»)."""
        for widget in (self.month, self.year, self.area_list):
            widget.blockSignals(True)
        self.year.setCurrentIndex(self.year.findData(int(period[:4])))
        self.month.setCurrentIndex(int(period[5:7]) - 1)
        wanted = ALL_AREAS if area is None else area
        row = next(
            (
                i
                for i in range(self.area_list.count())
                if int(self.area_list.item(i).data(Qt.ItemDataRole.UserRole)) == wanted
            ),
            0,
        )
        self.area_list.setCurrentRow(row)
        for widget in (self.month, self.year, self.area_list):
            widget.blockSignals(False)

    def reload(self) -> None:
        from desktop.services.activities import task_areas

        self.title.setText(f"Hoạt động {period_label(self.period)}")
        self.areas = task_areas(shared(self.db_path), self.period)
        self._say_programme()
        keep = self.area
        self.area_list.blockSignals(True)
        self.area_list.clear()
        total = sum(a.activities for a in self.areas)
        first = QListWidgetItem(f"Tất cả nhiệm vụ ({total})")
        first.setData(Qt.ItemDataRole.UserRole, ALL_AREAS)
        self.area_list.addItem(first)
        for a in self.areas:
            item = QListWidgetItem(f"{a.number}. {a.title} ({a.activities})")
            item.setData(Qt.ItemDataRole.UserRole, a.number)
            item.setToolTip(a.points)
            self.area_list.addItem(item)
        row = next((i + 1 for i, a in enumerate(self.areas) if a.number == keep), 0)
        self.area_list.setCurrentRow(row)
        self.area_list.blockSignals(False)
        for panel in self.oversight:
            panel.set_period(self.period)
        self._show_area()

    def _say_programme(self) -> None:
        """Before the year's programme arrives: say so, and whose task areas the list shows."""
        from desktop.services.progress import (
            areas_note,
            areas_year,
            ensure_programme,
            programme_missing_text,
        )

        year = self.year_shown
        missing = ensure_programme(shared(self.db_path), year) is None
        if missing:
            self.missing.setText(
                f"{programme_missing_text(year)}\n{areas_note(year, areas_year(shared(self.db_path), year))}"
            )
        self.missing.setVisible(missing)

    def _show_area(self) -> None:
        from desktop.services.activities import activities_in, narrative

        self.model.set_rows(activities_in(shared(self.db_path), self.period, self.area))
        self._fit_columns()
        area = self.area
        self.narrative.setEnabled(area is not None)
        self.narrative.setReadOnly(not self.can_edit)
        self.save_narrative_button.setEnabled(area is not None and self.can_edit)
        same = (self.period, area) == (self.shown_period, self.shown_area)
        keep_typed = same and self.narrative_dirty()  # a list refreshed under typed text
        self.shown_period, self.shown_area = self.period, area
        if area is None:
            self.narrative_label.setText(
                "Chọn một nhiệm vụ ở bên trái để ghi tình hình thực hiện trong tháng."
            )
            self.saved_text = ""
            self.narrative.setPlainText("")
            return
        self.narrative_label.setText(
            f"Tình hình thực hiện nhiệm vụ {area} trong {period_label(self.period)}:"
        )
        self.saved_text = narrative(shared(self.db_path), self.period, area)
        if not keep_typed:
            self.narrative.setPlainText(self.saved_text)

    def _fit_columns(self) -> None:
        # In a 1024-pixel window the kind and the unions give way to the title (their full text
        # is their tooltip), instead of the title shrinking to nothing.
        from desktop.ui.oversight_widgets import fit_columns

        fit_columns(self.table, TITLE, frozenset({KIND, UNIONS}), least=75, smallest=30)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if watched is self.table.viewport() and event.type() == QEvent.Type.Resize:
            self._fit_columns()
        return super().eventFilter(watched, event)

    def store_narrative(self) -> bool:
        """Save the narrative shown (its own month and task area, whatever the selectors say);
        False when it could not be saved (the reason is in the message line)."""
        from desktop.errors import UserError
        from desktop.services.activities import narrative, save_narrative

        area, period = self.shown_area, self.shown_period
        if area is None:
            return True
        try:
            save_narrative(shared(self.db_path), period, area, self.narrative.toPlainText())
            self.saved_text = narrative(shared(self.db_path), period, area)
        except UserError as exc:
            self.message.setText(str(exc))
            return False
        self.message.setText(f"Đã lưu tình hình nhiệm vụ {area} {period_label(period)}.")
        return True

    def selected(self) -> ActivityRow | None:
        index = self.table.currentIndex()
        return self.model.rows[index.row()] if index.isValid() else None

    def form(self, existing: ActivityRow | None = None) -> Any:
        from desktop.ui.activity_form import ActivityForm

        year, month = self.year_shown, int(self.month.currentData())
        today = date.today()
        day = today if (today.year, today.month) == (year, month) else date(year, month, 1)
        return ActivityForm(
            self.db_path, self.areas, area=self.area, day=day, existing=existing, parent=self
        )

    def add(self) -> None:
        form = self.form()
        if form.exec():
            self._saved("Đã thêm hoạt động.")

    def edit_selected(self) -> None:
        row = self.selected()
        if row is None:
            self.message.setText("Chọn một hoạt động trong bảng để sửa.")
            return
        form = self.form(row)
        if form.exec():
            self._saved("Đã lưu hoạt động.")

    def _saved(self, text: str) -> None:
        self.message.setText(text)
        self.reload()

    def delete_selected(self) -> None:
        from desktop.services.activities import delete_activity

        row = self.selected()
        if row is None:
            self.message.setText("Chọn một hoạt động trong bảng để xóa.")
            return
        answer = QMessageBox.question(
            self,
            "Xóa hoạt động",
            f"Xóa hoạt động «{row.title}» ngày {vn_date(row.held_on)}?",
        )
        if answer != QMessageBox.StandardButton.Yes:
            return
        delete_activity(shared(self.db_path), row.id)
        self._saved(f"Đã xóa hoạt động «{row.title}».")
