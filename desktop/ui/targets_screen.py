"""Chỉ tiêu: every target's quota, this month, year to date, % of quota and pace; a click lists the
records behind a figure; quotas and entered values are typed in the table, an entered percentage
(1a, 1b) as its two counts in a small editor (EntryCountsDialog) opened from its «Trong tháng» cell.

A value is saved as soon as its cell is left. One still being typed when the screen is left, the
window closed or another year or month picked is asked about first («Lưu / Không lưu / Hủy»,
`confirm_leave`); one that cannot be saved stays in its cell with its problem shown.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

from PySide6.QtCore import QModelIndex, Qt
from PySide6.QtWidgets import (
    QAbstractItemDelegate,
    QAbstractItemView,
    QComboBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QListWidget,
    QPushButton,
    QSizePolicy,
    QSplitter,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from desktop.errors import UserError
from desktop.format import period_label
from desktop.periods import parse_month
from desktop.programme.entered_values import EnteredFigure, count_fields
from desktop.programme.pace import PACE_COLOURS, PACE_LABELS
from desktop.services.progress import ProgressReport, TargetProgress
from desktop.ui import unsaved
from desktop.ui.targets_model import (
    MISSING_STYLE,
    MONTH,
    NAME,
    PACE,
    QUOTA,
    PaceBarDelegate,
    TargetsModel,
)
from desktop.ui.tasks import TaskRunner

MONTH_RECORDS, YEAR_RECORDS = "Hồ sơ trong tháng:", "Hồ sơ lũy kế năm:"
# Headers on two lines: on one, the figures' headers took the width the targets' names need in a
# 1024-pixel window (the full header is each one's tooltip).
HEADERS = (
    "Mã",
    "Chỉ tiêu",
    "Chỉ tiêu\ntỉnh",
    "Chỉ tiêu\ngiao",
    "Trong\ntháng",
    "Lũy kế\nnăm",
    "% chỉ tiêu\ngiao",
    "Tiến độ",
)
_ISO_DAY = re.compile(r"(?<!\d)(\d{4})-(\d{2})-(\d{2})(?!\d)")
_POINT_PERCENT = re.compile(r"(?<![\d.,])(\d+)\.(\d+)(?= ?%)")


def shown_record(line: str) -> str:
    """A record line as offices read it: its ISO dates (`2024-12-28`) become 28/12/2024 and a
    share written with a point (`8.18 %`) takes the comma (8,18 %)."""
    line = _ISO_DAY.sub(lambda m: f"{m[3]}/{m[2]}/{m[1]}", line)
    return _POINT_PERCENT.sub(lambda m: f"{m[1]},{m[2]}", line)


def _named(widget: QWidget, name: str, accessible: str) -> QWidget:
    widget.setObjectName(name)
    widget.setAccessibleName(accessible)
    return widget


class TargetsScreen(QWidget):
    def __init__(
        self, db_path: Path | str, parent: QWidget | None = None, runner: TaskRunner | None = None
    ) -> None:
        super().__init__(parent)
        _named(self, "targetsScreen", "Chỉ tiêu")
        self.db_path = db_path
        self.runner = runner or TaskRunner(self)
        self.report: ProgressReport | None = None
        self.counts_dialog: QWidget | None = None  # the counts editor while it is open
        self._refused = False  # the last value typed could not be saved
        self.shown_period = ""  # the month the table shows, which a typed value belongs to

        from desktop.services.dashboard import years_offered
        from desktop.services.targets import working_period
        from desktop.store import shared

        working = working_period(shared(db_path))
        self.year = QComboBox()
        _named(self.year, "targetsYear", "Năm")
        for year in years_offered(shared(db_path)):
            self.year.addItem(f"Năm {year}", year)
        self.year.setCurrentIndex(self.year.findData(int(working[:4])))
        self.period = QComboBox()
        _named(self.period, "targetsPeriod", "Tháng")
        self._fill_months(int(working[5:]))
        self.year.currentIndexChanged.connect(self._year_changed)
        self.period.currentIndexChanged.connect(self._period_picked)

        self.title = QLabel()
        self.title.setObjectName("targetsTitle")
        self.title.setStyleSheet("font-size: 14pt; font-weight: 600; color: #1a202c;")
        self.title.setWordWrap(True)  # a long programme title wraps instead of widening the window
        legend = QLabel(
            " ".join(
                f"<span style='color:{PACE_COLOURS[k]}'>■</span> {PACE_LABELS[k]}"
                for k in PACE_COLOURS
            )
            + " &nbsp; │ vạch đen: mức cần đạt đến kỳ này"
        )
        legend.setObjectName("paceLegend")
        legend.setWordWrap(True)
        self.legend = legend
        # Before the year's programme arrives: said in place of the table, never as an error.
        self.missing = QLabel()
        _named(self.missing, "targetsProgrammeMissing", "Chương trình chưa đến")
        self.missing.setWordWrap(True)
        self.missing.setStyleSheet(MISSING_STYLE)
        self.missing.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Maximum)
        self.missing.setVisible(False)
        # A province's figures leave out the offices that have not sent the month: said here.
        self.uncounted = QLabel()
        _named(self.uncounted, "targetsUncounted", "Đơn vị chưa tính")
        self.uncounted.setWordWrap(True)
        self.uncounted.setStyleSheet(MISSING_STYLE)
        self.uncounted.setVisible(False)
        top = QHBoxLayout()
        top.addWidget(self.title, 1)
        top.addWidget(QLabel("Kỳ:"))
        top.addWidget(self.year)
        top.addWidget(self.period)
        from desktop.services.office_settings import read_settings

        # The province authors each year's programme; an office takes it from the province.
        from desktop.store import shared

        if read_settings(shared(db_path)).role == "province":
            self.programme_button = QPushButton("Chương trình công tác…")
            _named(self.programme_button, "programmeButton", "Chương trình công tác")
            self.programme_button.clicked.connect(self.edit_programme)
            top.addWidget(self.programme_button)

        self.model = TargetsModel(self)
        self.model.headers = HEADERS
        self.model.editor = self.save_value
        self.table = QTableView()
        _named(self.table, "targetsTable", "Bảng chỉ tiêu")
        self.table.setModel(self.model)
        self.table.setItemDelegateForColumn(PACE, PaceBarDelegate(self.table))
        self.table.verticalHeader().setVisible(False)
        # Names run to three lines at a usual width; rows sized to contents before the first
        # layout come out hundreds of pixels tall, so the height is fixed.
        self.table.verticalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
        self.table.verticalHeader().setDefaultSectionSize(52)
        self.table.setSelectionBehavior(QTableView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QTableView.SelectionMode.SingleSelection)
        self.table.setWordWrap(True)
        self.table.setAlternatingRowColors(True)
        self.table.setEditTriggers(
            QTableView.EditTrigger.DoubleClicked | QTableView.EditTrigger.EditKeyPressed
        )
        self.table.selectionModel().currentRowChanged.connect(self._explain_row)
        self.table.doubleClicked.connect(self._double_clicked)

        self.message = QLabel()
        _named(self.message, "targetsMessage", "Thông báo")
        self.message.setWordWrap(True)
        self.records_title = QLabel("Chọn một chỉ tiêu để xem hồ sơ làm nên số liệu.")
        self.records_title.setObjectName("recordsTitle")
        self.records_title.setWordWrap(True)
        self.counts_button = QPushButton("Nhập số người…")
        _named(self.counts_button, "countsButton", "Nhập số người")
        self.counts_button.setVisible(False)
        self.counts_button.clicked.connect(self._counts_of_current)
        # The drill-down: the month's records beside the year's, as the table shows both figures.
        self.month_title = QLabel(MONTH_RECORDS)
        self.month_title.setObjectName("monthRecordsTitle")
        self.month_records = QListWidget()
        _named(self.month_records, "targetMonthRecords", "Hồ sơ trong tháng")
        self.year_title = QLabel(YEAR_RECORDS)
        self.year_title.setObjectName("yearRecordsTitle")
        self.records = QListWidget()
        _named(self.records, "targetRecords", "Hồ sơ lũy kế năm")
        for listing in (self.month_records, self.records):
            # A record wraps in its column instead of running off under a sideways scroll bar.
            listing.setWordWrap(True)
            listing.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        columns = QHBoxLayout()
        for title, listing in (
            (self.month_title, self.month_records),
            (self.year_title, self.records),
        ):
            column = QVBoxLayout()
            column.addWidget(title)
            column.addWidget(listing)
            columns.addLayout(column, 1)
        below = QWidget()
        below_layout = QVBoxLayout(below)
        below_layout.setContentsMargins(0, 0, 0, 0)
        heading = QHBoxLayout()
        heading.addWidget(self.records_title, 1)
        heading.addWidget(self.counts_button)
        below_layout.addLayout(heading)
        below_layout.addLayout(columns)
        split = QSplitter(Qt.Orientation.Vertical)
        split.addWidget(self.table)
        split.addWidget(below)
        split.setSizes([520, 160])
        self.split = split

        layout = QVBoxLayout(self)
        layout.setContentsMargins(16, 12, 16, 12)
        layout.addLayout(top)
        layout.addWidget(legend)
        layout.addWidget(self.missing)
        layout.addWidget(self.uncounted)
        layout.addWidget(split, 1)
        # Takes the room the table leaves while a notice stands in for it (none otherwise: the
        # table's stretch wins).
        layout.addStretch(0)
        layout.addWidget(self.message)
        self.reload()

    @property
    def period_text(self) -> str:
        return str(self.period.currentData())

    def _fill_months(self, month: int) -> None:
        """The chosen year's twelve months, `month` selected; no reload of its own."""
        year = int(self.year.currentData())
        self.period.blockSignals(True)
        self.period.clear()
        for number in range(1, 13):
            text = f"{year}-{number:02d}"
            self.period.addItem(period_label(text).capitalize(), text)
        self.period.setCurrentIndex(month - 1)
        self.period.blockSignals(False)

    def _year_changed(self) -> None:
        self._fill_months(self.period.currentIndex() + 1)
        self._period_picked()

    def _period_picked(self) -> None:
        wanted = self.period_text
        if self._open_editor() is not None:
            self._show_pickers(self.shown_period)  # a typed value belongs to the month shown
            if not self.confirm_leave():
                return
            self._show_pickers(wanted)
        self.reload()

    def _show_pickers(self, text: str) -> None:
        """Select the month `text` (YYYY-MM) in both pickers without reloading."""
        self.year.blockSignals(True)
        self.year.setCurrentIndex(self.year.findData(int(text[:4])))
        self.year.blockSignals(False)
        self._fill_months(int(text[5:]))

    def choose_period(self, text: str) -> None:
        """Select the month `text` (YYYY-MM) in both pickers and reload once; a value being typed
        is asked about first, and «Hủy» keeps the month shown."""
        if self.confirm_leave():
            self._show_pickers(text)
            self.reload()

    def reload(self) -> None:
        from desktop.services.progress import progress_for
        from desktop.store import shared

        period = self.shown_period = self.period_text
        db_path = self.db_path

        def work(progress: Any, token: Any) -> Any:
            from desktop.services.targets import entered_figures

            store = shared(db_path)
            return progress_for(store, period), entered_figures(store, period)

        self.runner.run("Đang tính kết quả thực hiện chỉ tiêu…", work, self._show_figures)

    def _show_figures(
        self, found: tuple[ProgressReport, dict[str, tuple[EnteredFigure, ...]]]
    ) -> None:
        self.show_report(*found)

    def show_report(
        self,
        report: ProgressReport,
        entered: dict[str, tuple[EnteredFigure, ...]] | None = None,
    ) -> None:
        """The month's figures; `entered`: the office's own entries (a province's figures for
        1a, 1b are the offices' summed, not its own entries: none are shown marked there)."""
        self.report = report
        period = parse_month(report.period)
        missing = report.programme_missing
        self.missing.setText(report.missing_text)
        self.uncounted.setText(report.uncounted_text)
        for widget, shown in (
            (self.missing, missing),
            (self.legend, not missing),
            (self.uncounted, bool(report.uncounted_text) and not missing),
        ):
            widget.setVisible(shown)
        self.split.setVisible(not missing)
        if missing:
            self.title.setText(
                f"Chương trình công tác năm {period.first.year} (chưa nhận) — "
                f"{period_label(report.period)}"
            )
        else:
            self.title.setText(f"{report.programme_title} — {period_label(report.period)}")
        own = entered if report.unit.role != "province" else None
        self.model.set_targets(report.targets, period, report.unit.role, own)
        self.counts_button.setVisible(False)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(NAME, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(PACE, QHeaderView.ResizeMode.Fixed)
        header.resizeSection(PACE, 150)

    def edit_programme(self) -> None:
        """(Province) the year's programme in its editor; then the years and the table again,
        so a year created there is offered at once."""
        from desktop.services.dashboard import years_offered
        from desktop.store import shared
        from desktop.ui.programme_editor import open_programme_editor

        if not self.confirm_leave():
            return
        shown = int(self.year.currentData())
        open_programme_editor(self, self.db_path, shown)
        self.year.blockSignals(True)
        self.year.clear()
        for year in years_offered(shared(self.db_path)):
            self.year.addItem(f"Năm {year}", year)
        self.year.setCurrentIndex(max(self.year.findData(shown), 0))
        self.year.blockSignals(False)
        self.reload()

    def confirm_leave(self) -> bool:
        """Ask about a value still being typed in the table: «Lưu» saves it, or stays (False) when
        it cannot be saved, the reason in the message line and the typed text in its cell;
        «Không lưu» drops the typed text; «Hủy» stays with it."""
        editor = self._open_editor()
        if editor is None:
            return True
        index = self.table.currentIndex()
        if not self._typed(editor, index):  # opened, nothing changed: nothing to lose
            self._close(editor)
            return True
        # While the box is open the editor must not save itself on losing the focus (the
        # delegate commits on focus-out), or «Không lưu» and «Hủy» would come too late.
        delegate = self.table.itemDelegateForIndex(index)
        editor.removeEventFilter(delegate)
        try:
            answer = unsaved.ask_unsaved(self, self._typed_what(index))
        finally:
            editor.installEventFilter(delegate)
        if answer == "cancel":
            editor.setFocus()
            return False
        if answer == "save":
            self._refused = False
            self.table.commitData(editor)
            if self._refused:
                editor.setFocus()
                return False
        self._close(editor)
        return True

    def _typed(self, editor: QWidget, index: QModelIndex) -> bool:
        if not isinstance(editor, QLineEdit):
            return True
        return editor.text().strip() != str(index.data(Qt.ItemDataRole.EditRole) or "").strip()

    def _typed_what(self, index: QModelIndex) -> str:
        """How the question names the value: «Chỉ tiêu giao 2a», «Kết quả 7 tháng 6/2024»."""
        code = self.model.targets[index.row()].code if index.isValid() else ""
        if index.column() == QUOTA:
            return f"Chỉ tiêu giao {code}"
        return f"Kết quả {code} {period_label(self.shown_period)}"

    def _close(self, editor: QWidget) -> None:
        if self.table.state() == QAbstractItemView.State.EditingState:  # not closed by a reload
            self.table.closeEditor(editor, QAbstractItemDelegate.EndEditHint.RevertModelCache)

    def _open_editor(self) -> QWidget | None:
        if self.table.state() != QAbstractItemView.State.EditingState:
            return None
        editors = [w for w in self.table.viewport().findChildren(QWidget) if w.isVisible()]
        return editors[0] if editors else None

    def save_value(self, column: int, target: TargetProgress, text: str) -> str | None:
        from desktop.services.targets import set_entry, set_quota
        from desktop.store import shared

        try:
            if column == QUOTA:
                set_quota(shared(self.db_path), int(self.period_text[:4]), target.code, text)
                done = f"Đã lưu chỉ tiêu giao {target.code}."
            elif column == MONTH:
                set_entry(shared(self.db_path), self.period_text, target.code, text)
                done = f"Đã lưu kết quả {target.code} {period_label(self.period_text)}."
            else:
                return "Cột này không sửa được."
        except UserError as exc:
            self._refused = True
            self.message.setStyleSheet("color: #b3261e;")
            self.message.setText(str(exc))
            return str(exc)
        self.message.setStyleSheet("color: #1b6e20;")
        self.message.setText(done)
        self.reload()
        return None

    def _explain_row(self, current: QModelIndex, _previous: QModelIndex) -> None:
        if current.isValid():
            self.explain(self.model.targets[current.row()])

    def explain(self, target: TargetProgress) -> None:
        """List the records behind the month's figure and the year-to-date one (GUI thread)."""
        from desktop.services.progress import explain

        self.records.clear()
        self.month_records.clear()
        self.month_title.setText(MONTH_RECORDS)
        self.year_title.setText(YEAR_RECORDS)
        self.counts_button.setVisible(
            self.model.opens_counts(self.model.index(self.model.targets.index(target), MONTH))
        )
        if target.method != "computed" and self.model.asks_counts(target):
            self._explain_entries(target)
            return
        if target.method != "computed":
            self.records_title.setText(
                f"{target.code}. {target.name}: nhập tay theo tháng (nhấp đúp ô «Trong tháng»)."
            )
            return
        label = period_label(self.period_text)
        from desktop.store import shared

        name, month = explain(
            shared(self.db_path), target.code, self.period_text, year_to_date=False
        )
        _, year = explain(shared(self.db_path), target.code, self.period_text)
        self.records_title.setText(f"{target.code}. {name} — hồ sơ làm nên số liệu:")
        self.month_title.setText(f"Trong {label} ({len(month)} dòng):")
        self.year_title.setText(f"Lũy kế đến hết {label} ({len(year)} dòng):")
        self.month_records.addItems([shown_record(r) for r in month] or ["(không có hồ sơ nào)"])
        self.records.addItems([shown_record(r) for r in year] or ["(không có hồ sơ nào)"])

    def _explain_entries(self, target: TargetProgress) -> None:
        """An entered percentage: the month's entry and the year's, each with its counts or
        marked as kept without them."""
        reached, in_scope = (field.lower() for field in count_fields(target.name))
        self.records_title.setText(
            f"{target.code}. {target.name}: nhập {reached} và {in_scope} của tháng "
            "(nhấp đúp ô «Trong tháng» hoặc bấm «Nhập số người…»)."
        )
        label = period_label(self.period_text)
        entries = self.model.entered.get(target.code, ())
        month = self.model.month_entry(target)
        self.month_title.setText(f"Kết quả {label}:")
        self.year_title.setText(f"Các tháng đã nhập đến hết {label} ({len(entries)} tháng):")
        self.month_records.addItem(month.text() if month else "(chưa nhập)")
        self.records.addItems(
            [f"{period_label(e.period).capitalize()}: {e.text()}" for e in entries]
            or ["(chưa nhập tháng nào)"]
        )

    def _double_clicked(self, index: QModelIndex) -> None:
        if self.model.opens_counts(index):
            self.open_counts(self.model.targets[index.row()])

    def _counts_of_current(self) -> None:
        index = self.table.currentIndex()
        if index.isValid():
            self.open_counts(self.model.targets[index.row()])

    def open_counts(self, target: TargetProgress) -> QWidget:
        """The counts editor of `target`'s month, window-modal and not blocking (`open()`); saved
        counts reload the table. Returns the dialog (tests type into it). GUI thread."""
        from desktop.ui.entry_counts_dialog import EntryCountsDialog

        period = self.period_text

        def save(reached: str, in_scope: str) -> str | None:
            return self.save_counts(target, period, reached, in_scope)

        dialog = EntryCountsDialog(target, period, self.model.month_entry(target), save, self)
        dialog.finished.connect(lambda _result: setattr(self, "counts_dialog", None))
        self.counts_dialog = dialog
        dialog.open()
        return dialog

    def save_counts(
        self, target: TargetProgress, period: str, reached: str, in_scope: str
    ) -> str | None:
        """Keep the month's two counts; the problem's text when they are refused."""
        from desktop.services.targets import set_entry_counts
        from desktop.store import shared

        try:
            value = set_entry_counts(shared(self.db_path), period, target.code, reached, in_scope)
        except UserError as exc:
            return str(exc)
        self.message.setStyleSheet("color: #1b6e20;")
        if value is None:
            self.message.setText(f"Đã xóa kết quả {target.code} {period_label(period)}.")
        else:
            self.message.setText(f"Đã lưu kết quả {target.code} {period_label(period)}.")
        self.reload()
        return None
