"""The programme editor's targets table: one row a target of the draft, choices edited with combo
boxes, a wrong cell tinted with its problem on hover, and the dialog that picks a measure's
parameters. GUI thread only; the draft (desktop/services/programme_editing.py) checks every
value itself."""

from __future__ import annotations

from enum import IntEnum
from typing import Any

from PySide6.QtCore import (
    QAbstractItemModel,
    QAbstractTableModel,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    Qt,
    Signal,
)
from PySide6.QtGui import QBrush, QColor
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QVBoxLayout,
    QWidget,
)

from desktop.programme.catalogue import params_words
from desktop.services.programme_editing import (
    METHOD_LABELS,
    PACING_LABELS,
    SCOPE_LABELS,
    UNIT_LABELS,
    Problem,
    ProgrammeDraft,
    TargetRow,
    measure_choices,
)

Index = QModelIndex | QPersistentModelIndex
WRONG = QColor("#fde2e1")
NO_MEASURE_TEXT = "— chọn cách tính —"
TYPED_IN = "(nhập tay)"
PARAMETERS_HINT = "Nhấp đúp để chọn tham số của cách tính."


class TargetColumn(IntEnum):
    code = 0
    target = 1
    unit = 2
    method = 3
    scope = 4
    metric = 5
    measure = 6
    province_value = 7
    value_min = 8
    value_max = 9
    pacing = 10


FIELDS = {
    TargetColumn.code: "code",
    TargetColumn.target: "name",
    TargetColumn.unit: "unit",
    TargetColumn.method: "method",
    TargetColumn.scope: "scope",
    TargetColumn.metric: "metric",
    TargetColumn.measure: "measure",
    TargetColumn.province_value: "province_value",
    TargetColumn.value_min: "value_min",
    TargetColumn.value_max: "value_max",
    TargetColumn.pacing: "pacing",
}
# Two-line headers: the names of the targets need the width.
HEADERS = {
    TargetColumn.code: "Mã",
    TargetColumn.target: "Tên chỉ tiêu",
    TargetColumn.unit: "Đơn vị\ntính",
    TargetColumn.method: "Nguồn\nsố liệu",
    TargetColumn.scope: "Phạm vi",
    TargetColumn.metric: "Cách tính",
    TargetColumn.measure: "Tham số",
    TargetColumn.province_value: "Chỉ tiêu\ntỉnh",
    TargetColumn.value_min: "Tối\nthiểu",
    TargetColumn.value_max: "Tối\nđa",
    TargetColumn.pacing: "Nhịp\ntiến độ",
}
CHOICES: dict[TargetColumn, dict[str, str]] = {
    TargetColumn.unit: UNIT_LABELS,
    TargetColumn.method: METHOD_LABELS,
    TargetColumn.scope: SCOPE_LABELS,
    TargetColumn.pacing: PACING_LABELS,
}


def metric_labels() -> dict[str, str]:
    return dict(measure_choices())


class TargetsModel(QAbstractTableModel):
    """The draft's targets. `edited` is emitted after every change the table makes."""

    edited = Signal()

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.draft: ProgrammeDraft | None = None
        self.problems: dict[tuple[int, str], str] = {}
        self.metrics = metric_labels()
        self.read_only = False  # no cell opens an editor (a district's copy, a viewer)

    def set_draft(self, draft: ProgrammeDraft) -> None:
        self.beginResetModel()
        self.draft = draft
        self.endResetModel()

    def show_problems(self, problems: list[Problem]) -> None:
        """Tint the cells `problems` name (targets only) and say each on hover."""
        self.problems = {}
        for problem in problems:
            if problem.part == "target" and problem.row >= 0:
                key = (problem.row, problem.field)
                joined = self.problems.get(key, "")
                self.problems[key] = f"{joined}\n{problem.message}".strip()
        if self.rowCount():
            self.dataChanged.emit(
                self.index(0, 0), self.index(self.rowCount() - 1, len(TargetColumn) - 1)
            )
            self.headerDataChanged.emit(Qt.Orientation.Vertical, 0, self.rowCount() - 1)

    def target(self, row: int) -> TargetRow:
        assert self.draft is not None
        return self.draft.targets[row]

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        if parent.isValid() or self.draft is None:
            return 0
        return len(self.draft.targets)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(TargetColumn)

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if role != Qt.ItemDataRole.DisplayRole:
            return None
        if orientation == Qt.Orientation.Horizontal:
            return HEADERS[TargetColumn(section)]
        wrong = any(row == section for row, _ in self.problems)
        return f"{section + 1} ⚠" if wrong else str(section + 1)

    def flags(self, index: Index) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        found = Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable
        column = TargetColumn(index.column())
        target = self.target(index.row())
        if self.read_only or column == TargetColumn.measure:
            return found  # parameters are chosen in their own dialog (double click)
        if column == TargetColumn.metric and target.method != "computed":
            return found
        return found | Qt.ItemFlag.ItemIsEditable

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        column = TargetColumn(index.column())
        target = self.target(index.row())
        key = FIELDS[column]
        value = str(getattr(target, key))
        problem = self.problems.get((index.row(), key))
        if role == Qt.ItemDataRole.DisplayRole:
            return self._shown(column, target, value)
        if role == Qt.ItemDataRole.EditRole:
            return value
        if role == Qt.ItemDataRole.ToolTipRole:
            if problem:
                return problem
            if column == TargetColumn.measure and target.method == "computed":
                return PARAMETERS_HINT
            shown = self._shown(column, target, value)
            return shown or None
        if role == Qt.ItemDataRole.BackgroundRole and problem:
            return QBrush(WRONG)
        if role == Qt.ItemDataRole.AccessibleDescriptionRole and problem:
            return problem
        return None

    def _shown(self, column: TargetColumn, target: TargetRow, value: str) -> str:
        if column in CHOICES:
            return CHOICES[column].get(value, value)
        if column == TargetColumn.metric:
            if target.method != "computed":
                return TYPED_IN
            return self.metrics.get(value, value) if value else NO_MEASURE_TEXT
        if column == TargetColumn.measure:
            return params_words(target.metric, value) if target.method == "computed" else ""
        return value

    def setData(self, index: Index, value: Any, role: int = Qt.ItemDataRole.EditRole) -> bool:
        if role != Qt.ItemDataRole.EditRole or not index.isValid() or self.draft is None:
            return False
        key = FIELDS[TargetColumn(index.column())]
        text = str(value)
        if key not in ("unit", "method", "scope", "metric", "pacing"):
            text = text.strip()
        if text == getattr(self.target(index.row()), key):
            return False
        self.draft.set_target(index.row(), key, text)
        # One choice may change others in the row (a measure sets the unit, the unit the pacing).
        self.dataChanged.emit(
            self.index(index.row(), 0), self.index(index.row(), len(TargetColumn) - 1)
        )
        self.edited.emit()
        return True

    def set_parameters(self, row: int, values: dict[str, object]) -> None:
        assert self.draft is not None
        self.draft.set_parameters(row, values)
        cell = self.index(row, TargetColumn.measure)
        self.dataChanged.emit(cell, cell)
        self.edited.emit()

    def add_target(self) -> int:
        assert self.draft is not None
        row = len(self.draft.targets)
        self.beginInsertRows(QModelIndex(), row, row)
        self.draft.add_target()
        self.endInsertRows()
        self.edited.emit()
        return row

    def remove_target(self, row: int) -> TargetRow:
        assert self.draft is not None
        self.beginRemoveRows(QModelIndex(), row, row)
        removed = self.draft.remove_target(row)
        self.endRemoveRows()
        self.edited.emit()
        return removed


class ChoiceDelegate(QStyledItemDelegate):
    """A combo box of (code, Vietnamese words) for one column; the metric column's list is the
    catalogue of measures."""

    def __init__(self, choices: dict[str, str], parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.choices = choices

    def createEditor(self, parent: QWidget, option: QStyleOptionViewItem, index: Index) -> QWidget:
        combo = QComboBox(parent)
        combo.setObjectName("programmeChoice")
        combo.setAccessibleName(str(HEADERS[TargetColumn(index.column())]).replace("\n", " "))
        for code, words in self.choices.items():
            combo.addItem(words, code)  # codes are text: never None as data (combos.py)
            combo.setItemData(combo.count() - 1, words, Qt.ItemDataRole.ToolTipRole)
        # The catalogue's descriptions are long: the list opens wider than the cell.
        combo.view().setMinimumWidth(max(combo.sizeHint().width(), 220))
        combo.activated.connect(lambda _: self.commitData.emit(combo))
        return combo

    def setEditorData(self, editor: QWidget, index: Index) -> None:
        assert isinstance(editor, QComboBox)
        editor.setCurrentIndex(max(0, editor.findData(index.data(Qt.ItemDataRole.EditRole))))

    def setModelData(self, editor: QWidget, model: QAbstractItemModel, index: Index) -> None:
        assert isinstance(editor, QComboBox)
        model.setData(index, str(editor.currentData()), Qt.ItemDataRole.EditRole)


class ParametersDialog(QDialog):
    """«Tham số của cách tính»: one combo box per single parameter, one check box per choice of
    a list parameter, all in words; the draft checks what was chosen."""

    def __init__(self, metric: str, measure: str, parent: QWidget | None = None) -> None:
        import json

        from desktop.programme.catalogue import measure_info

        super().__init__(parent)
        self.setObjectName("parametersDialog")
        self.setWindowTitle("Tham số của cách tính")
        info = measure_info(metric)
        try:
            given = json.loads(measure) if measure else {}
        except ValueError:
            given = {}
        given = given if isinstance(given, dict) else {}
        layout = QVBoxLayout(self)
        intro = QLabel(info.label if info else metric)
        intro.setObjectName("parametersMeasure")
        intro.setWordWrap(True)
        intro.setStyleSheet("font-weight: 600;")
        layout.addWidget(intro)
        form = QFormLayout()
        self.singles: dict[str, QComboBox] = {}
        self.lists: dict[str, list[tuple[str, QCheckBox]]] = {}
        for parameter in info.parameters if info else ():
            value = given.get(parameter.name)
            if parameter.many:
                box = QWidget()
                column = QVBoxLayout(box)
                column.setContentsMargins(0, 0, 0, 0)
                checks = []
                for code, words in parameter.choices:
                    check = QCheckBox(words)
                    check.setObjectName(f"parameter_{parameter.name}_{code}")
                    check.setChecked(isinstance(value, list) and code in value)
                    column.addWidget(check)
                    checks.append((code, check))
                self.lists[parameter.name] = checks
                form.addRow(f"{parameter.label.capitalize()}:", box)
                continue
            combo = QComboBox()
            combo.setObjectName(f"parameter_{parameter.name}")
            combo.setAccessibleName(parameter.label)
            if not parameter.required:
                combo.addItem("(không chọn)", "")
            for code, words in parameter.choices:
                combo.addItem(words, code)
            combo.setCurrentIndex(max(0, combo.findData(value if isinstance(value, str) else "")))
            self.singles[parameter.name] = combo
            form.addRow(f"{parameter.label.capitalize()}:", combo)
        layout.addLayout(form)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        ok = buttons.button(QDialogButtonBox.StandardButton.Ok)
        ok.setText("Chọn")
        ok.setObjectName("parametersOk")
        cancel = buttons.button(QDialogButtonBox.StandardButton.Cancel)
        cancel.setText("Hủy")
        cancel.setObjectName("parametersCancel")
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)
        self.setMinimumWidth(420)

    def values(self) -> dict[str, object]:
        """What was chosen; a parameter left empty is left out (the draft says if it is needed)."""
        found: dict[str, object] = {}
        for name, combo in self.singles.items():
            if combo.currentData():
                found[name] = str(combo.currentData())
        for name, checks in self.lists.items():
            chosen = [code for code, check in checks if check.isChecked()]
            if chosen:
                found[name] = chosen
        return found
