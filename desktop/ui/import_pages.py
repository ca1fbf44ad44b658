"""The pages of the import wizard (desktop/ui/import_wizard.py). GUI thread only."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import Qt
from PySide6.QtGui import QBrush, QColor, QFont
from PySide6.QtWidgets import (
    QAbstractItemView,
    QButtonGroup,
    QCheckBox,
    QComboBox,
    QFileDialog,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QRadioButton,
    QSpinBox,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
    QWizard,
    QWizardPage,
)

from desktop.errors import UserError
from desktop.services import importing
from desktop.services.importing import IGNORE, SUFFIXES, column_letter
from desktop.ui.combos import add_items, chosen, select

if TYPE_CHECKING:
    from desktop.ui.import_wizard import ImportWizard

HEADER_COLOUR = QColor("#cfe2f3")
NUMBERING_COLOUR = QColor("#eeeeee")
PROBLEM_COLOUR = QColor("#9c0006")
CANCELLED_READING = "Đã hủy đọc tệp. Chọn lại trang tính hoặc dòng tiêu đề để đọc lại."
CANCELLED_CHECKING = "Đã hủy kiểm tra. Bấm «Quay lại» rồi «Tiếp» để kiểm tra lại."
UNEXPECTED = "Lỗi không mong đợi: dữ liệu chưa bị thay đổi (chi tiết trong tệp nhật ký)."
CANCELLED_IMPORT = "Đã hủy: cơ sở dữ liệu giữ nguyên như trước khi nhập, không có bản ghi nào."


def _named(widget: QWidget, name: str, accessible: str) -> QWidget:
    widget.setObjectName(name)
    widget.setAccessibleName(accessible)
    return widget


def _message(name: str) -> QLabel:
    label = QLabel()
    _named(label, name, "Thông báo")
    label.setWordWrap(True)
    label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
    return label


def _show_failure(label: QLabel, page: QWizardPage, exc: BaseException) -> None:
    from desktop.ui.errors import present_error

    label.setStyleSheet(f"color: {PROBLEM_COLOUR.name()};")
    if isinstance(exc, UserError):
        label.setText(exc.message)
    else:
        label.setText(UNEXPECTED)
        present_error(page, exc)


class FilePage(QWizardPage):
    def __init__(self, wizard: ImportWizard) -> None:
        super().__init__()
        self.w = wizard
        self.setTitle("Bước 1. Chọn tệp")
        self.setSubTitle(
            "Bảng tính Excel (.xlsx, .xlsm, .xls), LibreOffice (.ods) hoặc văn bản .csv. "
            "Nhập danh sách công đoàn cơ sở trước, rồi đến danh sách đoàn viên."
        )
        self.members = QRadioButton("Danh sách đoàn viên")
        self.unions = QRadioButton("Danh sách công đoàn cơ sở")
        _named(self.members, "importKindMembers", "Nhập danh sách đoàn viên")
        _named(self.unions, "importKindUnions", "Nhập danh sách công đoàn cơ sở")
        group = QButtonGroup(self)
        group.addButton(self.members)
        group.addButton(self.unions)
        (self.members if wizard.kind == "members" else self.unions).setChecked(True)
        self.path = QLineEdit()
        _named(self.path, "importPath", "Tệp bảng tính")
        self.path.setPlaceholderText("Đường dẫn tới tệp…")
        browse = QPushButton("Chọn tệp…")
        _named(browse, "importBrowse", "Chọn tệp bảng tính")
        browse.clicked.connect(self.browse)
        row = QHBoxLayout()
        row.addWidget(self.path, 1)
        row.addWidget(browse)
        layout = QVBoxLayout(self)
        layout.addWidget(self.members)
        layout.addWidget(self.unions)
        layout.addSpacing(12)
        layout.addLayout(row)
        layout.addStretch(1)
        self.path.textChanged.connect(self.completeChanged)

    def browse(self) -> None:
        patterns = " ".join(f"*{s}" for s in SUFFIXES)
        chosen_path, _ = QFileDialog.getOpenFileName(
            self, "Chọn bảng tính", self.path.text(), f"Bảng tính ({patterns})"
        )
        if chosen_path:
            self.path.setText(chosen_path)

    def isComplete(self) -> bool:
        text = self.path.text().strip()
        return bool(text) and Path(text).suffix.lower() in SUFFIXES and Path(text).is_file()

    def validatePage(self) -> bool:
        kind = "members" if self.members.isChecked() else "unions"
        path = Path(self.path.text().strip())
        if (kind, path) != (self.w.kind, self.w.path):
            self.w.kind, self.w.path, self.w.preview = kind, path, None
        return True


class SheetPage(QWizardPage):
    def __init__(self, wizard: ImportWizard) -> None:
        super().__init__()
        self.w = wizard
        self.setTitle("Bước 2. Trang tính và dòng tiêu đề")
        self.setSubTitle(
            "Dòng tiêu đề cột được tô xanh; dòng đánh số cột (1), (2)… tô xám. Nếu tìm sai, "
            "chọn lại số dòng tiêu đề."
        )
        self.sheet = QComboBox()
        _named(self.sheet, "importSheet", "Trang tính")
        self.header_row = QSpinBox()
        _named(self.header_row, "importHeaderRow", "Dòng tiêu đề")
        self.header_row.setRange(0, 30)
        self.header_row.setSpecialValueText("tự tìm")  # 0: the header found by itself
        self.note = _message("importSheetNote")
        self.table = QTableWidget()
        _named(self.table, "importPreview", "Xem trước trang tính")
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        row = QHBoxLayout()
        row.addWidget(QLabel("Trang tính:"))
        row.addWidget(self.sheet, 1)
        row.addWidget(QLabel("Dòng tiêu đề:"))
        row.addWidget(self.header_row)
        layout = QVBoxLayout(self)
        layout.addLayout(row)
        layout.addWidget(self.note)
        layout.addWidget(self.table, 1)
        self._filling = False
        self.picked = False  # a sheet or header row chosen by hand: closing asks first
        self.sheet.currentIndexChanged.connect(
            lambda _i: self._pick(self.sheet.currentText(), None)
        )
        self.header_row.valueChanged.connect(
            lambda value: self._pick(self.sheet.currentText(), value or None)
        )

    def _pick(self, sheet: str, header_row: int | None) -> None:
        if not self._filling:
            self.picked = True
        self.load(sheet, header_row)

    def initializePage(self) -> None:
        if self.w.preview is None:
            self.load(None, None)

    def load(self, sheet: str | None, header_row: int | None) -> None:
        """Read `sheet` (the first one when None) with its header found, or at `header_row`."""
        if self._filling:
            return
        store, kind, path = self.w.store, self.w.kind, self.w.path
        assert path is not None
        self.w.preview = None
        self.completeChanged.emit()
        self.note.setText("Đang đọc tệp…")
        self.note.setStyleSheet("")

        def work(_progress: Any, _token: Any) -> Any:
            return importing.preview(store, kind, path, sheet or None, header_row)

        self.w.run(
            f"Đang đọc {path.name}…",
            work,
            self.show_preview,
            lambda exc: _show_failure(self.note, self, exc),
            lambda: self.note.setText(CANCELLED_READING),
        )

    def show_preview(self, found: Any) -> None:
        self.w.preview = found
        self.w.mapping = dict(found.mapping)
        header = found.header
        self._filling = True
        self.sheet.clear()
        self.sheet.addItems(list(found.sheets))
        self.sheet.setCurrentText(found.sheet)
        # With no header found the box reads «tự tìm», so picking any row reads the sheet again.
        self.header_row.setValue(header.excel_row if header is not None else 0)
        self._filling = False
        self.note.setStyleSheet("" if header is not None else f"color: {PROBLEM_COLOUR.name()};")
        self.note.setText(self._note(found))
        self._fill_table(found)
        self.completeChanged.emit()

    @staticmethod
    def _note(found: Any) -> str:
        header = found.header
        if header is None:
            return f"{found.problem} Chọn trang tính khác, hoặc số dòng tiêu đề."
        where = f"dòng {header.excel_row}"
        if header.rows > 1:
            where += f" và {header.excel_row + 1}"
        note = f"Tiêu đề cột ở {where}."
        if found.legacy:
            name = importing.legacy_name(found.legacy)
            note += f" Chữ trong tệp gõ bằng bảng mã {name}: sẽ chuyển sang Unicode."
        return note

    def _fill_table(self, found: Any) -> None:
        header = found.header
        width = max((len(r) for r in found.rows), default=0)
        self.table.clear()
        self.table.setColumnCount(width)
        self.table.setRowCount(len(found.rows))
        self.table.setHorizontalHeaderLabels([column_letter(c) for c in range(width)])
        self.table.setVerticalHeaderLabels([str(r + 1) for r in range(len(found.rows))])
        bold = QFont()
        bold.setBold(True)
        header_rows = range(header.row, header.row + header.rows) if header else range(0)
        numbering = header.numbering_row if header else None
        for r, values in enumerate(found.rows):
            for c, text in enumerate(values):
                item = QTableWidgetItem(text)
                if r in header_rows:
                    item.setBackground(QBrush(HEADER_COLOUR))
                    item.setFont(bold)
                elif r == numbering:
                    item.setBackground(QBrush(NUMBERING_COLOUR))
                self.table.setItem(r, c, item)
        self.table.resizeColumnsToContents()
        for c in range(width):
            self.table.setColumnWidth(c, min(self.table.columnWidth(c), 260))

    def isComplete(self) -> bool:
        return self.w.preview is not None and self.w.preview.header is not None


class MappingPage(QWizardPage):
    def __init__(self, wizard: ImportWizard) -> None:
        super().__init__()
        self.w = wizard
        self.setTitle("Bước 3. Ghép cột")
        self.setSubTitle(
            "Mỗi cột của tệp nhập vào một trường. Lựa chọn của đơn vị được ghi nhớ cho lần nhập sau."
        )
        self.table = QTableWidget(0, 4)
        _named(self.table, "importMapping", "Ghép cột")
        self.table.setHorizontalHeaderLabels(["Cột", "Tiêu đề trong tệp", "Ví dụ", "Nhập vào"])
        self.table.horizontalHeader().setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.update_existing = QCheckBox(
            "Cập nhật bản ghi đã có (cùng số CCCD, hoặc cùng tên CĐCS)"
        )
        _named(self.update_existing, "importUpdateExisting", "Cập nhật bản ghi đã có")
        self.union = QComboBox()
        _named(self.union, "importUnion", "CĐCS của cả danh sách")
        self.union_label = QLabel("Khi tệp không ghi CĐCS, cả danh sách thuộc:")
        self.combos: dict[int, QComboBox] = {}
        layout = QVBoxLayout(self)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.update_existing)
        row = QHBoxLayout()
        row.addWidget(self.union_label)
        row.addWidget(self.union, 1)
        layout.addLayout(row)

    def initializePage(self) -> None:
        preview = self.w.preview
        assert preview is not None and preview.header is not None
        fields = importing.field_choices(self.w.kind)
        columns = preview.header.columns
        first = preview.header.data_start
        sample = preview.rows[first] if first < len(preview.rows) else ()
        self.table.setRowCount(len(columns))
        self.combos.clear()
        for r, column in enumerate(columns):
            self.table.setItem(r, 0, QTableWidgetItem(column.letter))
            self.table.setItem(r, 1, QTableWidgetItem(column.title))
            example = sample[column.index] if column.index < len(sample) else ""
            self.table.setItem(r, 2, QTableWidgetItem(example))
            combo = QComboBox()
            _named(combo, f"importField_{column.letter}", f"Trường của cột {column.letter}")
            add_items(combo, [("— Không nhập —", None), *fields])
            select(combo, self.w.mapping.get(column.index))
            self.table.setCellWidget(r, 3, combo)
            self.combos[column.index] = combo
        self.table.resizeColumnToContents(0)
        self.table.setColumnWidth(2, 180)
        self.table.setColumnWidth(3, 260)
        members = self.w.kind == "members"
        self.union_label.setVisible(members)
        self.union.setVisible(members)
        if members:
            from desktop.services.member_search import union_options

            self.union.clear()
            add_items(
                self.union,
                [("(không chọn)", None), *[(n, n) for _, n in union_options(self.w.store, True)]],
            )

    def changed(self) -> bool:
        """True when the clerk changed what the page proposed: a column's field, «Cập nhật bản
        ghi đã có» or the union of the whole list."""
        preview = self.w.preview
        if preview is None or not self.combos:
            return False
        for index, combo in self.combos.items():
            proposed = preview.mapping.get(index)
            if proposed is not None and combo.findData(proposed) < 0:
                proposed = None  # found as a column the page does not offer (STT): shown as none
            if chosen(combo) != proposed:
                return True
        return self.update_existing.isChecked() or (
            self.w.kind == "members" and chosen(self.union) is not None
        )

    def validatePage(self) -> bool:
        self.w.mapping = {
            index: str(chosen(combo))
            for index, combo in self.combos.items()
            if chosen(combo) not in (None, IGNORE)
        }
        self.w.update_existing = self.update_existing.isChecked()
        self.w.union_name = chosen(self.union) if self.w.kind == "members" else None  # type: ignore[assignment]
        self.w.plan = None
        return True


class CheckPage(QWizardPage):
    def __init__(self, wizard: ImportWizard) -> None:
        super().__init__()
        self.w = wizard
        self.setTitle("Bước 4. Kiểm tra")
        # «Nhập» commits: once the rows are in, going back would offer the same list again.
        self.setCommitPage(True)
        self.setSubTitle("Mọi dòng được kiểm tra trước khi nhập; có lỗi thì không nhập gì.")
        self.summary = _message("importSummary")
        self.problems = QTableWidget(0, 3)
        _named(self.problems, "importProblems", "Các lỗi cần sửa")
        self.problems.setHorizontalHeaderLabels(["Dòng", "Cột", "Lỗi cần sửa"])
        self.problems.horizontalHeader().setSectionResizeMode(2, QHeaderView.ResizeMode.Stretch)
        self.problems.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.problems.setWordWrap(True)
        self.problems.verticalHeader().setVisible(False)
        self.save = QPushButton("Lưu danh sách lỗi (Excel)…")
        _named(self.save, "importSaveErrors", "Lưu danh sách lỗi")
        self.save.clicked.connect(self.save_errors)
        layout = QVBoxLayout(self)
        layout.addWidget(self.summary)
        layout.addWidget(self.problems, 1)
        layout.addWidget(self.save, 0, Qt.AlignmentFlag.AlignRight)

    def initializePage(self) -> None:
        self.setButtonText(QWizard.WizardButton.CommitButton, "Nhập")
        self.w.plan = None
        self.summary.setText("Đang kiểm tra…")
        self.summary.setStyleSheet("")
        self.problems.setRowCount(0)
        self.problems.setVisible(False)
        self.save.setVisible(False)
        store, request = self.w.store, self.w.request()

        def work(progress: Any, token: Any) -> Any:
            return importing.check(store, request, progress, token)

        self.w.run(
            "Đang kiểm tra danh sách…",
            work,
            self.show_plan,
            lambda exc: _show_failure(self.summary, self, exc),
            lambda: self.summary.setText(CANCELLED_CHECKING),
        )

    def show_plan(self, plan: Any) -> None:
        self.w.plan = plan
        lines = list(plan.summary())
        if plan.problems:
            lines.append("Không nhập được: sửa các lỗi dưới đây trong tệp rồi kiểm tra lại.")
            self.summary.setStyleSheet(f"color: {PROBLEM_COLOUR.name()};")
        else:
            what = importing.kind_label(self.w.kind)
            lines.append(f"Không có lỗi. Bấm «Nhập» để ghi {what} vào cơ sở dữ liệu.")
        self.summary.setText("\n".join(lines))
        self.problems.setRowCount(len(plan.problems))
        for r, problem in enumerate(plan.problems):
            for c, text in enumerate((str(problem.row), problem.column, problem.message)):
                self.problems.setItem(r, c, QTableWidgetItem(text))
        self.problems.resizeRowsToContents()
        self.save.setVisible(bool(plan.problems))
        self.problems.setVisible(bool(plan.problems))
        self.completeChanged.emit()

    def save_errors(self) -> None:
        plan = self.w.plan
        assert plan is not None
        out, _ = QFileDialog.getSaveFileName(
            self, "Lưu danh sách lỗi", str(importing.error_list_path(plan)), "Excel (*.xlsx)"
        )
        if out:
            try:
                written = importing.save_error_list(plan, Path(out))
            except OSError as exc:
                self.summary.setText(f"Không ghi được {out}: {exc}")
                return
            self.summary.setText(self.summary.text() + f"\nĐã lưu danh sách lỗi vào {written}.")

    def isComplete(self) -> bool:
        return self.w.plan is not None and not self.w.plan.problems


class DonePage(QWizardPage):
    def __init__(self, wizard: ImportWizard) -> None:
        super().__init__()
        self.w = wizard
        self.setTitle("Bước 5. Nhập")
        self.result = _message("importResult")
        layout = QVBoxLayout(self)
        layout.addWidget(self.result)
        layout.addStretch(1)
        self._finished = False

    def initializePage(self) -> None:
        plan = self.w.plan
        assert plan is not None and not plan.problems
        self._finished = False
        self.result.setText("Đang nhập…")
        store = self.w.store

        def work(progress: Any, token: Any) -> Any:
            return importing.apply(store, plan, progress, token)

        def failed(exc: BaseException) -> None:
            self._finished = True
            _show_failure(self.result, self, exc)
            self.completeChanged.emit()

        def cancelled() -> None:
            self._finished = True
            self.result.setText(CANCELLED_IMPORT)
            self.completeChanged.emit()

        self.w.run("Đang nhập vào cơ sở dữ liệu…", work, self.show_result, failed, cancelled)

    def show_result(self, result: Any) -> None:
        self._finished = True
        self.w.imported = True
        self.w.plan = None  # applied: it can never be applied twice
        self.result.setText("\n".join([*result.summary, "Đã nhập xong."]))
        self.completeChanged.emit()

    def isComplete(self) -> bool:
        return self._finished
