"""«Chương trình công tác năm YYYY»: the province writes each year's programme — its header, its
targets with their measures, quotas and bounds, its task areas — and saves it whole.

A new year starts from an earlier one («Tạo năm mới…»); every problem is shown on its cell or
task area and listed below, and nothing is saved until there is none. A save the authoring
service refuses (a target that still has quotas) is said in the dialog and the draft is kept.
Only a province's database and an account that may edit can save; anyone else reads it.
Closing or switching years with changes asks «Lưu / Không lưu / Hủy». GUI thread only.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QModelIndex, Qt
from PySide6.QtWidgets import (
    QAbstractItemDelegate,
    QAbstractItemView,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QGridLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPlainTextEdit,
    QPushButton,
    QTableView,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from desktop.errors import UserError
from desktop.programme.loader import ProgrammeDef
from desktop.services.programme_editing import Problem, ProgrammeDraft
from desktop.ui import unsaved
from desktop.ui.programme_editor_areas import AreasPanel
from desktop.ui.programme_editor_targets import (
    CHOICES,
    FIELDS,
    NO_MEASURE_TEXT,
    ChoiceDelegate,
    ParametersDialog,
    TargetColumn,
    TargetsModel,
    metric_labels,
)
from desktop.ui.programme_editor_year import NewYearDialog, held_years
from desktop.ui.record_form import GuardedDialog

TITLE = "Chương trình công tác năm {year}"
NEW_YEAR = "Tạo năm mới…"
NOT_PROVINCE = (
    "chương trình công tác do LĐLĐ tỉnh soạn; cơ sở dữ liệu này của {name} nhận chương trình "
    "qua gói dữ liệu của tỉnh."
)
NO_PROGRAMME = (
    "Chưa có chương trình công tác năm {year}. Bấm «Tạo năm mới…» để lập, chép từ một năm đã có."
)
SAVED = "Đã lưu chương trình công tác năm {year}."
FIX_FIRST = "Chưa lưu: còn {count} chỗ cần sửa (tô đỏ, liệt kê dưới đây)."
REFUSED = "Chưa lưu: {message}"
UNSAVED_YEAR = "Năm {year} (chưa lưu)"
OK_STYLE, ERROR_STYLE = "color: #1b6e20;", "color: #b3261e;"
WIDTHS = {
    TargetColumn.code: 40,
    TargetColumn.unit: 74,
    TargetColumn.method: 74,
    TargetColumn.scope: 84,
    TargetColumn.metric: 140,
    TargetColumn.measure: 84,
    TargetColumn.province_value: 68,
    TargetColumn.value_min: 54,
    TargetColumn.value_max: 54,
    TargetColumn.pacing: 84,
}


def _named(widget: QWidget, name: str, accessible: str) -> QWidget:
    widget.setObjectName(name)
    widget.setAccessibleName(accessible)
    return widget


class ProgrammeEditor(GuardedDialog):
    what = "Chương trình công tác"

    def __init__(self, db_path: Path | str, year: int, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        _named(self, "programmeEditor", "Chương trình công tác")
        self.db_path = db_path
        self.draft: ProgrammeDraft | None = None
        self.year_shown = year
        self.resize(1000, 680)

        self.year = QComboBox()
        _named(self.year, "programmeYear", "Năm của chương trình")
        self.year.activated.connect(self._year_picked)
        self.heading = QLabel()
        self.heading.setObjectName("programmeHeading")
        self.heading.setStyleSheet("font-size: 14pt; font-weight: 600; color: #1a202c;")
        top = QHBoxLayout()
        top.addWidget(self.heading, 1)
        top.addWidget(QLabel("Năm:"))
        top.addWidget(self.year)

        self.number = QLineEdit()
        _named(self.number, "programmeNumber", "Số văn bản")
        self.number.setPlaceholderText("02/CTr-LĐLĐ")
        self.title = QLineEdit()
        _named(self.title, "programmeTitle", "Tên chương trình")
        self.theme = QPlainTextEdit()
        _named(self.theme, "programmeTheme", "Chủ đề")
        self.theme.setFixedHeight(46)
        self.header_problem = QLabel()
        _named(self.header_problem, "programmeHeaderProblem", "Lỗi phần đầu")
        self.header_problem.setStyleSheet(ERROR_STYLE)
        self.header_problem.setWordWrap(True)
        self.header_problem.hide()
        header = QGridLayout()
        header.addWidget(QLabel("Số văn bản:"), 0, 0)
        header.addWidget(self.number, 0, 1)
        header.addWidget(QLabel("Tên:"), 0, 2)
        header.addWidget(self.title, 0, 3)
        header.addWidget(QLabel("Chủ đề:"), 1, 0)
        header.addWidget(self.theme, 1, 1, 1, 3)
        header.addWidget(self.header_problem, 2, 1, 1, 3)
        header.setColumnStretch(1, 1)
        header.setColumnStretch(3, 3)
        for field in (self.number, self.title):
            field.textEdited.connect(self._header_typed)
        self.theme.textChanged.connect(self._header_typed)

        self.targets = TargetsModel(self)
        self.targets.edited.connect(self._edited)
        self.table = QTableView()
        _named(self.table, "programmeTargets", "Bảng chỉ tiêu")
        self.table.setModel(self.targets)
        for column, choices in CHOICES.items():
            self.table.setItemDelegateForColumn(column, ChoiceDelegate(choices, self.table))
        metrics = {"": NO_MEASURE_TEXT, **metric_labels()}
        self.table.setItemDelegateForColumn(
            TargetColumn.metric, ChoiceDelegate(metrics, self.table)
        )
        self.table.setWordWrap(True)
        self.table.setAlternatingRowColors(True)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectItems)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(
            QAbstractItemView.EditTrigger.DoubleClicked
            | QAbstractItemView.EditTrigger.EditKeyPressed
            | QAbstractItemView.EditTrigger.AnyKeyPressed
        )
        self.table.verticalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
        self.table.verticalHeader().setDefaultSectionSize(50)
        heads = self.table.horizontalHeader()
        heads.setMinimumSectionSize(40)
        for column, width in WIDTHS.items():
            heads.setSectionResizeMode(column, QHeaderView.ResizeMode.Interactive)
            heads.resizeSection(column, width)
        heads.setSectionResizeMode(TargetColumn.target, QHeaderView.ResizeMode.Stretch)
        self.table.doubleClicked.connect(self._cell_double_clicked)
        self.add_target_button = QPushButton("Thêm chỉ tiêu")
        _named(self.add_target_button, "addTarget", "Thêm chỉ tiêu")
        self.add_target_button.clicked.connect(self.add_target)
        self.remove_target_button = QPushButton("Xóa chỉ tiêu")
        _named(self.remove_target_button, "removeTarget", "Xóa chỉ tiêu")
        self.remove_target_button.clicked.connect(self.remove_target)
        self.parameters_button = QPushButton("Tham số…")
        _named(self.parameters_button, "targetParameters", "Tham số của cách tính")
        self.parameters_button.clicked.connect(lambda: self.edit_parameters(self._row()))
        targets_tab = QWidget()
        targets_layout = QVBoxLayout(targets_tab)
        targets_layout.addWidget(self.table, 1)
        buttons_row = QHBoxLayout()
        for button in (self.add_target_button, self.remove_target_button, self.parameters_button):
            buttons_row.addWidget(button)
        hint = QLabel("Nhấp đúp (hoặc gõ) vào ô để sửa; di chuột lên ô tô đỏ để xem lỗi.")
        self.targets_hint = hint
        hint.setObjectName("programmeTargetsHint")
        hint.setWordWrap(True)
        buttons_row.addWidget(hint, 1)
        targets_layout.addLayout(buttons_row)

        self.areas = AreasPanel()
        self.areas.edited.connect(self._edited)
        areas_tab = QWidget()
        QVBoxLayout(areas_tab).addWidget(self.areas)
        self.tabs = QTabWidget()
        _named(self.tabs, "programmeTabs", "Chỉ tiêu và nhiệm vụ")
        self.tabs.addTab(targets_tab, "Chỉ tiêu")
        self.tabs.addTab(areas_tab, "Nhiệm vụ và giải pháp")

        self.problem_list = QListWidget()
        _named(self.problem_list, "programmeProblems", "Những chỗ cần sửa")
        self.problem_list.setWordWrap(True)
        self.problem_list.setMaximumHeight(64)
        self.problem_list.setStyleSheet(ERROR_STYLE)
        self.problem_list.itemActivated.connect(self._go_to_problem)
        self.problem_list.itemClicked.connect(self._go_to_problem)
        self.problem_list.hide()
        self.message = QLabel()
        _named(self.message, "programmeMessage", "Thông báo")
        self.message.setWordWrap(True)

        self.new_year_button = QPushButton(NEW_YEAR)
        _named(self.new_year_button, "newProgrammeYear", "Tạo chương trình năm mới")
        self.new_year_button.clicked.connect(self.ask_new_year)
        self.buttons = QDialogButtonBox()
        self.save_button = self.buttons.addButton("Lưu", QDialogButtonBox.ButtonRole.ApplyRole)
        _named(self.save_button, "saveButton", "Lưu")
        self.save_button.clicked.connect(self.save)
        self.close_button = self.buttons.addButton("Đóng", QDialogButtonBox.ButtonRole.RejectRole)
        _named(self.close_button, "closeButton", "Đóng")
        self.buttons.rejected.connect(self.reject)
        bottom = QHBoxLayout()
        bottom.addWidget(self.new_year_button)
        bottom.addWidget(self.message, 1)
        bottom.addWidget(self.buttons)

        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addLayout(header)
        layout.addWidget(self.tabs, 1)
        layout.addWidget(self.problem_list)
        layout.addLayout(bottom)

        self._fill_years()
        self.open_year(year)
        self._apply_role()

    # Whose database, whose account

    def _apply_role(self) -> None:
        from desktop.services.office_settings import read_settings

        if self.read_only:
            return
        from desktop.store import shared

        settings = read_settings(shared(self.db_path))
        if settings.role != "province":
            self.make_read_only(NOT_PROVINCE.format(name=settings.unit_name or settings.code))
            return
        super()._apply_role()

    def make_read_only(self, reason: str) -> None:
        super().make_read_only(reason)
        self.targets.read_only = True
        self.targets_hint.hide()
        self.year.setEnabled(True)  # reading another year is still allowed
        self.save_button.setEnabled(False)
        self._fill_years()  # without «Tạo năm mới…»

    # Years

    def _fill_years(self) -> None:
        self.year.blockSignals(True)
        self.year.clear()
        for year in held_years(self.db_path):
            self.year.addItem(f"Năm {year}", year)
        draft = self.draft
        if draft is not None and draft.is_new() and self.year.findData(draft.year) < 0:
            self.year.addItem(UNSAVED_YEAR.format(year=draft.year), draft.year)
        if not self.read_only:
            self.year.addItem(NEW_YEAR, 0)
        self.year.setCurrentIndex(max(0, self.year.findData(self.year_shown)))
        self.year.blockSignals(False)

    def _year_picked(self, _index: int) -> None:
        wanted = int(self.year.currentData())
        self.year.setCurrentIndex(max(0, self.year.findData(self.year_shown)))
        if wanted == self.year_shown:
            return
        if wanted == 0:
            self.ask_new_year()
        elif self.confirm_leave():
            self.open_year(wanted)

    def open_year(self, year: int) -> None:
        """Show `year`'s programme (the database's, else the one shipped with the program)."""
        from desktop.programme.authoring import programme_of
        from desktop.programme.loader import shipped_programme
        from desktop.store import shared

        programme = programme_of(shared(self.db_path), year) or shipped_programme(year)
        if programme is None:
            self.year_shown = year
            self._show(None)
            self._say(NO_PROGRAMME.format(year=year), ERROR_STYLE)
            return
        self._show(ProgrammeDraft(programme))

    def ask_new_year(self) -> None:
        """«Tạo năm mới…»: ask the year and the year to copy from, then show the copy unsaved."""
        if self.read_only or not self.confirm_leave():
            return
        dialog = NewYearDialog(self.db_path, self.year_shown, self)
        if dialog.exec() == QDialog.DialogCode.Accepted and dialog.programme is not None:
            self.start_year(dialog.programme)

    def start_year(self, programme: ProgrammeDef) -> None:
        """Show a new year's programme (from `new_programme`), to be saved with «Lưu»."""
        self._show(ProgrammeDraft(programme, saved=False))
        self._say(
            f"Đã chép sang năm {programme.year}; sửa rồi bấm «Lưu» để ghi vào cơ sở dữ liệu.",
            OK_STYLE,
        )

    def _show(self, draft: ProgrammeDraft | None) -> None:
        self.draft = draft
        if draft is not None:
            self.year_shown = draft.year
        self.setWindowTitle(TITLE.format(year=self.year_shown))
        self.heading.setText(TITLE.format(year=self.year_shown))
        for field in (self.number, self.title, self.theme, self.tabs):
            field.setEnabled(draft is not None)
        self.number.setText(draft.number if draft else "")
        self.title.setText(draft.title if draft else "")
        self.theme.blockSignals(True)
        self.theme.setPlainText(draft.theme if draft else "")
        self.theme.blockSignals(False)
        if draft is not None:
            self.targets.set_draft(draft)
            self.areas.set_draft(draft)
        self._fill_years()
        self._check()
        self._say("", OK_STYLE)

    # Editing

    def _header_typed(self) -> None:
        if self.draft is None:
            return
        self.draft.number = self.number.text()
        self.draft.title = self.title.text()
        self.draft.theme = self.theme.toPlainText()
        self._edited()

    def _edited(self) -> None:
        self._check()
        self._say("", OK_STYLE)

    def _row(self) -> int:
        return self.table.currentIndex().row()

    def add_target(self) -> None:
        if self.draft is None or self.read_only:
            return
        row = self.targets.add_target()
        self.tabs.setCurrentIndex(0)
        self.table.setCurrentIndex(self.targets.index(row, TargetColumn.target))
        self.table.scrollTo(self.table.currentIndex())

    def remove_target(self) -> None:
        """Take the chosen target out of the draft; the database keeps it until «Lưu» (which
        refuses to drop a target that has quotas or entered results)."""
        row = self._row()
        if self.draft is None or self.read_only:
            return
        if not 0 <= row < len(self.draft.targets):
            self._say("Chọn một chỉ tiêu trong bảng rồi bấm «Xóa chỉ tiêu».", ERROR_STYLE)
            return
        removed = self.targets.remove_target(row)
        self._say(f"Đã bỏ chỉ tiêu «{removed.code}» khỏi bản đang sửa; bấm «Lưu» để ghi.", OK_STYLE)

    def _cell_double_clicked(self, index: QModelIndex) -> None:
        if index.column() == TargetColumn.measure:
            self.edit_parameters(index.row())

    def edit_parameters(self, row: int) -> None:
        """Choose the parameters of the row's measure in words («Tham số…» or a double click)."""
        from desktop.programme.catalogue import measure_info

        if self.draft is None or self.read_only or not 0 <= row < len(self.draft.targets):
            return
        target = self.draft.targets[row]
        info = measure_info(target.metric) if target.method == "computed" else None
        if info is None or not info.parameters:
            self._say(
                f"Chỉ tiêu «{target.code}»: cách tính này không có tham số để chọn.", ERROR_STYLE
            )
            return
        dialog = ParametersDialog(target.metric, target.measure, self)
        if dialog.exec() == QDialog.DialogCode.Accepted:
            self.targets.set_parameters(row, dialog.values())

    # Checking and saving

    def _check(self) -> list[Problem]:
        problems = self.draft.problems() if self.draft is not None else []
        self.targets.show_problems(problems)
        self.areas.show_problems(problems)
        header = [p.message for p in problems if p.part == "header"]
        self.header_problem.setText("\n".join(header))
        self.header_problem.setVisible(bool(header))
        self.problem_list.clear()
        for problem in problems:
            item = QListWidgetItem(problem.message)
            item.setData(Qt.ItemDataRole.UserRole, f"{problem.part}|{problem.row}|{problem.field}")
            self.problem_list.addItem(item)
        self.problem_list.setVisible(bool(problems))
        return problems

    def _go_to_problem(self, item: QListWidgetItem) -> None:
        part, row, field = str(item.data(Qt.ItemDataRole.UserRole)).split("|")
        if part == "target" and int(row) >= 0:
            self.tabs.setCurrentIndex(0)
            column = next(c for c, f in FIELDS.items() if f == field)
            self.table.setCurrentIndex(self.targets.index(int(row), column))
            self.table.setFocus()
        elif part == "area":
            self.tabs.setCurrentIndex(1)
            self.areas.choose(int(row))
        elif part == "header":
            (self.title if field == "title" else self.number).setFocus()

    def _say(self, text: str, style: str) -> None:
        self.message.setStyleSheet(style)
        self.message.setText(text)

    def commit_typing(self) -> None:
        """Put a cell still being typed in into the draft, as leaving the cell would."""
        if self.table.state() != QAbstractItemView.State.EditingState:
            return
        for editor in self.table.viewport().findChildren(QWidget):
            if editor.parent() is self.table.viewport() and editor.isVisible():
                self.table.commitData(editor)
                self.table.closeEditor(editor, QAbstractItemDelegate.EndEditHint.NoHint)

    def dirty(self) -> bool:
        return self.draft is not None and self.draft.changed()

    def save(self) -> bool:
        """Save the draft as the year's programme; False (and the reason shown) when it cannot
        be, the draft kept as it is."""
        from desktop.programme.authoring import save_programme
        from desktop.store import shared

        if self.draft is None or self.read_only:
            return False
        self.commit_typing()
        problems = self._check()
        if problems:
            self._say(FIX_FIRST.format(count=len(problems)), ERROR_STYLE)
            self._go_to_problem(self.problem_list.item(0))
            return False
        try:
            save_programme(shared(self.db_path), self.draft.programme())
        except UserError as exc:
            self._say(REFUSED.format(message=exc.message), ERROR_STYLE)
            return False
        self.draft.mark_saved()
        self._fill_years()
        self._say(SAVED.format(year=self.draft.year), OK_STYLE)
        return True

    def try_save(self) -> bool:
        """«Lưu» in the closing question: save, and close when saved."""
        if self.save():
            self.accept()
            return True
        return False

    def confirm_leave(self) -> bool:
        """Before another year is shown: «Lưu» saves (or stays when it cannot), «Không lưu»
        drops the changes, «Hủy» stays."""
        self.commit_typing()
        if self.read_only or not self.dirty():
            return True
        answer = unsaved.ask_unsaved(self, f"{self.what} năm {self.year_shown}")
        if answer == "cancel":
            return False
        if answer == "save":
            return self.save()
        return True

    def reject(self) -> None:
        if self.confirm_leave():
            QDialog.reject(self)


def open_programme_editor(parent: QWidget, db_path: Path | str, year: int) -> None:
    """Open the editor on `year` (modal, until «Đóng»)."""
    ProgrammeEditor(db_path, year, parent).exec()
