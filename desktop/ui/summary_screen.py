"""Tổng hợp (province): every target (rows) for every office (columns) as of a chosen month, the
province's total and its % of the province's quota; sortable, exported to Excel through the
`province-summary` report; a double click on an office opens its unions and members read-only.

Each office's cell is that office's own figure as of the month (`progress --unit CODE`); an office
whose merged bundles do not reach the month shows «chưa gửi», never another month's number. The
figures come from desktop.services.province_figures.side_by_side on the task runner.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from PySide6.QtCore import (
    QAbstractTableModel,
    QModelIndex,
    QPersistentModelIndex,
    QSortFilterProxyModel,
    Qt,
)
from PySide6.QtGui import QColor, QShowEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QFileDialog,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from desktop.format import percent, period_label
from desktop.services.decisions import DecisionView
from desktop.services.progress import TargetProgress
from desktop.services.province_figures import SideBySide, SideBySideRow
from desktop.services.roles import Action
from desktop.store import shared
from desktop.ui.confirm_password import gate, refusal
from desktop.ui.targets_model import shown
from desktop.ui.tasks import TaskRunner

Index = QModelIndex | QPersistentModelIndex
MISSING = "chưa gửi"
NOT_MEASURED = "—"
MISSING_COLOUR = "#b3261e"
SORT_ROLE = Qt.ItemDataRole.UserRole + 1
OFFICE_ROLE = Qt.ItemDataRole.UserRole + 2  # the office code of a column (None elsewhere)
FIXED = ("Mã", "Chỉ tiêu")
TOTALS = ("Toàn tỉnh", "Chỉ tiêu\ntỉnh", "% chỉ tiêu\ntỉnh")
# The province's columns come before the offices': with 15–30 offices they stay in sight.
FIRST_OFFICE = len(FIXED) + len(TOTALS)
TOTAL = len(FIXED)  # the province's figure
FIGURES = {"year_to_date": "Lũy kế năm", "month": "Trong tháng"}
NAME_WIDTH = 260
NO_PERIOD = "Chưa gộp gói nào của các đơn vị: chưa có số liệu để tổng hợp."


def _value(t: TargetProgress | None, which: str) -> float | None:
    if t is None:
        return None
    value = getattr(t, which)
    return None if value is None else float(value)


class SummaryModel(QAbstractTableModel):
    """Rows: targets. Columns: code, name, one per office, province total, quota, % of quota."""

    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self.figures: SideBySide | None = None
        self.which = "year_to_date"
        self.decided: dict[str, DecisionView] = {}  # office code → its decision on the month

    def set_figures(
        self,
        figures: SideBySide | None,
        which: str | None = None,
        decided: list[DecisionView] | None = None,
    ) -> None:
        self.beginResetModel()
        self.figures = figures
        if decided is not None and figures is not None:
            self.decided = {d.unit_code: d for d in decided if d.period == figures.period}
        if which is not None:
            self.which = which
        self.endResetModel()

    def set_decisions(self, decided: list[DecisionView]) -> None:
        """The newest decisions: only the offices' headers change (the cells and the current
        cell stay)."""
        if self.figures is not None:
            self.decided = {d.unit_code: d for d in decided if d.period == self.figures.period}
            self.headerDataChanged.emit(Qt.Orientation.Horizontal, 0, self.columnCount() - 1)

    @property
    def rows(self) -> tuple[SideBySideRow, ...]:
        return self.figures.rows if self.figures is not None else ()

    @property
    def offices(self) -> tuple[Any, ...]:
        return self.figures.offices if self.figures is not None else ()

    def office_at(self, column: int) -> str | None:
        """The code of the office whose column this is (None for the others)."""
        i = column - FIRST_OFFICE
        return self.offices[i].code if 0 <= i < len(self.offices) else None

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.rows)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        if parent.isValid() or self.figures is None:
            return 0
        return len(FIXED) + len(self.offices) + len(TOTALS)

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if orientation != Qt.Orientation.Horizontal or self.figures is None:
            return None
        office = self.offices[section - FIRST_OFFICE] if self.office_at(section) else None
        if role == Qt.ItemDataRole.DisplayRole:
            if section < len(FIXED):
                return FIXED[section]
            if office is not None:
                said = f"{office.code}\n{MISSING}" if office.missing else office.code
                decided = self.decided.get(office.code)
                return f"{said}\n{decided.label}" if decided is not None else said
            said = TOTALS[section - len(FIXED)]
            if self.which == "month" and said == TOTALS[2]:  # the share is of the year's total
                said = "% chỉ tiêu tỉnh\n(lũy kế năm)"
            return said
        if role == Qt.ItemDataRole.ToolTipRole and office is not None:
            newest = (
                period_label(office.latest_period) if office.latest_period else "chưa gửi gói nào"
            )
            said = f"{office.code} – {office.name}\nGói mới nhất đã gộp: {newest}."
            if office.missing:
                said += f"\nChưa có số liệu {period_label(self.figures.period)}: ô để «{MISSING}»."
            decided = self.decided.get(office.code)
            if decided is not None:
                said += f"\nBáo cáo {period_label(decided.period)}: {decided.label}"
                said += f" — lý do: {decided.reason}" if decided.reason else ""
            return said + "\nNhấp đúp để xem CĐCS và đoàn viên của đơn vị."
        if role == Qt.ItemDataRole.ForegroundRole and office is not None:
            decided = self.decided.get(office.code)
            if office.missing or (decided is not None and decided.decision == "returned"):
                return QColor(MISSING_COLOUR)
        if role == OFFICE_ROLE:
            return office.code if office is not None else None
        return None

    def cell(self, row: int, column: int) -> tuple[str, float | str | None]:
        """(the text shown, the value it sorts by) of one cell."""
        r = self.rows[row]
        if column == 0:  # 2a before 10: by the number, then the letter
            digits = "".join(c for c in r.code if c.isdigit()) or "0"
            return r.code, f"{int(digits):04d}{r.code}"
        if column == 1:
            return r.name, r.name
        code = self.office_at(column)
        if code is not None:
            office = self.offices[column - FIRST_OFFICE]
            if office.missing:
                return MISSING, None
            value = _value(r.by_office.get(code), self.which)
            return (NOT_MEASURED if value is None else shown(value, r.unit)), value
        extra = column - len(FIXED)
        if extra == 0:
            value = _value(r.province, self.which)
            return (NOT_MEASURED if value is None else shown(value, r.unit)), value
        if extra == 1:
            return (NOT_MEASURED if r.quota is None else shown(r.quota, r.unit)), r.quota
        share = r.province.percent_of_quota
        return (NOT_MEASURED if share is None else percent(share)), share

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or self.figures is None:
            return None
        row, column = index.row(), index.column()
        if role == Qt.ItemDataRole.DisplayRole:
            return self.cell(row, column)[0]
        if role == SORT_ROLE:
            value = self.cell(row, column)[1]
            if column < len(FIXED):
                return value
            return float("-inf") if value is None else float(value)  # missing sorts last (↓)
        if role == OFFICE_ROLE:
            return self.office_at(column)
        if role == Qt.ItemDataRole.TextAlignmentRole and column >= len(FIXED):
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        if role == Qt.ItemDataRole.ForegroundRole and self.cell(row, column)[0] == MISSING:
            return QColor(MISSING_COLOUR)
        if role == Qt.ItemDataRole.ToolTipRole:
            return self._tooltip(row, column)
        return None

    def _tooltip(self, row: int, column: int) -> str:
        r = self.rows[row]
        code = self.office_at(column)
        if code is None:
            if column == TOTAL:
                return f"{r.name}\nToàn tỉnh: {r.units_counted} đơn vị có số liệu kỳ này."
            return r.name
        office = self.offices[column - FIRST_OFFICE]
        said = f"{r.code} {r.name}\n{office.code} – {office.name}"
        if office.missing:
            assert self.figures is not None
            said += f": chưa gửi số liệu {period_label(self.figures.period)}"
        return said + "\nNhấp đúp để xem CĐCS và đoàn viên của đơn vị."


class SummaryScreen(QWidget):
    def __init__(
        self, db: Path | str, parent: QWidget | None = None, runner: TaskRunner | None = None
    ) -> None:
        super().__init__(parent)
        self.setObjectName("summaryScreen")
        self.setAccessibleName("Tổng hợp")
        self.db = db
        self.runner = runner or TaskRunner(self)
        self.browser: QWidget | None = None
        self.mark = -1  # the merge ledger as last read (office_browse.ledger_mark)

        title = QLabel("Tổng hợp số liệu các đơn vị")
        title.setStyleSheet("font-size: 15px; font-weight: bold;")
        self.period = QComboBox()
        self.period.setObjectName("summaryPeriod")
        self.period.setAccessibleName("Kỳ tổng hợp")
        self.figure = QComboBox()
        self.figure.setObjectName("summaryFigure")
        self.figure.setAccessibleName("Số liệu")
        for key, label in FIGURES.items():
            self.figure.addItem(label, key)
        self.export_button = QPushButton("Xuất Excel…")
        self.export_button.setObjectName("summaryExport")
        self.export_button.clicked.connect(self.choose_export)
        self.can_export = gate(self.export_button, Action.EXPORT)
        self.packages_button = QPushButton("Gửi gói cho đơn vị…")
        self.packages_button.setObjectName("summaryPackages")
        self.packages_button.clicked.connect(self.open_packages)
        self.open_button = QPushButton("Xem CĐCS, đoàn viên…")
        self.open_button.setObjectName("summaryOpenOffice")
        self.open_button.setToolTip("Đơn vị của cột đang chọn (hoặc nhấp đúp vào cột)")
        self.open_button.clicked.connect(self.open_current_office)
        self.accept_button = QPushButton("Chấp nhận tháng")
        self.accept_button.setObjectName("summaryAccept")
        self.accept_button.setToolTip("Chấp nhận báo cáo tháng của đơn vị ở cột đang chọn")
        self.accept_button.clicked.connect(self.accept_month)
        self.return_button = QPushButton("Trả lại tháng…")
        self.return_button.setObjectName("summaryReturn")
        self.return_button.setToolTip("Trả lại báo cáo tháng của đơn vị ở cột đang chọn, kèm lý do")
        self.return_button.clicked.connect(self.return_month)
        self.can_decide = gate(self.accept_button, Action.EDIT)
        gate(self.return_button, Action.EDIT)
        bar = QHBoxLayout()
        bar.addWidget(QLabel("Kỳ"))
        bar.addWidget(self.period)
        bar.addWidget(QLabel("Số liệu"))
        bar.addWidget(self.figure)
        bar.addStretch(1)
        bar.addWidget(self.export_button)
        # What is done to one office: the one whose column holds the current cell.
        office_bar = QHBoxLayout()
        office_bar.addWidget(QLabel("Đơn vị ở cột đang chọn:"))
        for button in (
            self.accept_button,
            self.return_button,
            self.open_button,
            self.packages_button,
        ):
            office_bar.addWidget(button)
        office_bar.addStretch(1)

        self.heading = QLabel()
        self.heading.setObjectName("summaryHeading")
        self.heading.setWordWrap(True)
        self.missing = QLabel()
        self.missing.setObjectName("summaryMissing")
        self.missing.setWordWrap(True)
        self.missing.setStyleSheet(f"color: {MISSING_COLOUR};")

        self.model = SummaryModel(self)
        self.proxy = QSortFilterProxyModel(self)
        self.proxy.setSourceModel(self.model)
        self.proxy.setSortRole(SORT_ROLE)
        self.table = QTableView()
        self.table.setObjectName("summaryTable")
        self.table.setAccessibleName("Số liệu các đơn vị")
        self.table.setModel(self.proxy)
        self.table.setSortingEnabled(True)
        self.table.sortByColumn(-1, Qt.SortOrder.AscendingOrder)  # the programme's order at first
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.verticalHeader().setVisible(False)
        self.table.setAlternatingRowColors(True)
        self.table.setWordWrap(False)
        self.table.setTextElideMode(Qt.TextElideMode.ElideRight)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setMinimumSectionSize(60)
        self.table.doubleClicked.connect(self._double_clicked)
        self.table.selectionModel().currentChanged.connect(lambda *_: self._update())
        header.sectionDoubleClicked.connect(self._header_double_clicked)

        self.outcome = QLabel()
        self.outcome.setObjectName("summaryOutcome")
        self.outcome.setWordWrap(True)
        self.outcome.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)

        layout = QVBoxLayout(self)
        layout.addWidget(title)
        layout.addLayout(bar)
        layout.addLayout(office_bar)
        layout.addWidget(self.heading)
        layout.addWidget(self.missing)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.outcome)
        self.refresh_periods()
        self.period.currentIndexChanged.connect(lambda *_: self.load())
        self.figure.currentIndexChanged.connect(
            lambda *_: self.model.set_figures(self.model.figures, self.figure.currentData())
        )
        self.load()

    # -- periods and figures -------------------------------------------------------------------

    def showEvent(self, event: QShowEvent) -> None:
        """Bundles merged in Nhận gói while this screen was away show when it comes back."""
        super().showEvent(event)
        from desktop.services.office_browse import ledger_mark

        if ledger_mark(shared(self.db)) != self.mark and not self.runner.busy:
            newest = self.period.itemData(0) if self.period.count() else None
            following = self.period.currentData() in (None, newest)
            self.refresh_periods()
            if following and self.period.count():  # a newer month came: show it
                self.period.blockSignals(True)
                self.period.setCurrentIndex(0)
                self.period.blockSignals(False)
            self.load()

    def refresh_periods(self) -> None:
        from desktop.services.office_browse import ledger_mark, summary_periods

        self.mark = ledger_mark(shared(self.db))
        chosen = self.period.currentData()
        self.period.blockSignals(True)
        self.period.clear()
        for month in summary_periods(shared(self.db)):
            self.period.addItem(period_label(month), month)
        if chosen is not None and self.period.findData(chosen) >= 0:
            self.period.setCurrentIndex(self.period.findData(chosen))
        self.period.blockSignals(False)

    def set_period(self, month: str) -> None:
        """Show `month` ('YYYY-MM'), added to the choices when no office has reached it yet."""
        found = self.period.findData(month)
        if found < 0:
            self.period.insertItem(0, period_label(month), month)
            found = 0
        if found == self.period.currentIndex():
            self.load()
        else:
            self.period.setCurrentIndex(found)

    def load(self) -> None:
        month = self.period.currentData()
        if month is None:
            self.model.set_figures(None)
            self.heading.setText(NO_PERIOD)
            self.missing.setText("")
            self._update()
            return
        from desktop.services.province_figures import side_by_side

        def work(progress: Any, token: Any) -> Any:
            from desktop.services.decisions import decisions

            store = shared(self.db)
            figures = side_by_side(store, month, progress=progress, cancel=token)
            return figures, decisions(store)

        def done(result: tuple[SideBySide, list[DecisionView]]) -> None:
            self.show_figures(*result)

        self.runner.run("Đang tổng hợp số liệu các đơn vị…", work, done)

    def show_figures(self, figures: SideBySide, decided: list[DecisionView] | None = None) -> None:
        self.model.set_figures(figures, self.figure.currentData(), decided or [])
        if self.model.columnCount() > 1:  # a target's name in full is its tooltip
            header = self.table.horizontalHeader()
            header.setSectionResizeMode(1, QHeaderView.ResizeMode.Interactive)
            self.table.setColumnWidth(1, NAME_WIDTH)
        month = period_label(figures.period)
        if figures.programme_missing:
            from desktop.services.progress import programme_missing_text

            self.heading.setText(programme_missing_text(int(figures.period[:4])))
        else:
            counted = sum(1 for o in figures.offices if not o.missing)
            self.heading.setText(
                f"{figures.programme_title} – {month}: {counted}/{len(figures.offices)} đơn vị "
                "có số liệu. Nhấp vào tiêu đề cột để sắp xếp; nhấp đúp vào cột một đơn vị để xem "
                "CĐCS và đoàn viên của đơn vị."
            )
        late = [o for o in figures.offices if o.missing]
        if late:
            names = "; ".join(
                f"{o.code} – {o.name} ("
                + (
                    f"gói mới nhất {period_label(o.latest_period)}"
                    if o.latest_period
                    else "chưa gửi gói nào"
                )
                + ")"
                for o in late
            )
            self.missing.setText(
                f"Chưa gửi số liệu {month}: {names}. Cột của các đơn vị này để trống "
                f"(«{MISSING}»), không lấy số liệu tháng khác; toàn tỉnh chỉ tính các đơn vị đã gửi."
            )
        else:
            self.missing.setText("")
        self._update()

    def _update(self) -> None:
        has = self.model.figures is not None and bool(self.model.rows)
        if self.can_export:
            self.export_button.setEnabled(has)
        chosen = self.chosen_office()
        self.open_button.setEnabled(chosen is not None)
        if self.can_decide:
            for button in (self.accept_button, self.return_button):
                button.setEnabled(chosen is not None and not chosen.missing)

    def chosen_office(self) -> Any:
        """The office (OfficeColumn) of the column the current cell is in, or None."""
        code = self.model.office_at(self.table.currentIndex().column())
        return next((o for o in self.model.offices if o.code == code), None)

    # -- the province's word on an office's month ----------------------------------------------

    def accept_month(self) -> None:
        self._decide("accept")

    def ask_reason(self, office: str, month: str) -> str | None:
        """The reason a month goes back, typed by the clerk; None when cancelled."""
        from PySide6.QtWidgets import QInputDialog

        text, ok = QInputDialog.getMultiLineText(
            self,
            "Trả lại báo cáo tháng",
            f"Lý do trả lại báo cáo {period_label(month)} của {office} (đơn vị sẽ đọc lý do này):",
        )
        return text if ok else None

    def return_month(self) -> None:
        office, month = self.chosen_office(), self.period.currentData()
        if office is None or month is None:
            return
        reason = self.ask_reason(f"{office.code} – {office.name}", month)
        if reason is None:
            return
        if not reason.strip():
            self.say("Chưa trả lại: cần ghi lý do để đơn vị biết phải sửa gì.", error=True)
            return
        self._decide("return", reason.strip())

    def _decide(self, decision: str, reason: str = "") -> None:
        from desktop.errors import UserError
        from desktop.services.decisions import decide, decisions

        office, month = self.chosen_office(), self.period.currentData()
        if office is None or month is None:
            self.say("Chọn một ô trong cột của đơn vị cần quyết định.", error=True)
            return
        if not self.can_decide:
            self.say(refusal(Action.EDIT), error=True)
            return
        try:
            view = decide(shared(self.db), office.code, month, decision, reason)
        except UserError as exc:
            self.say(exc.message, error=True)
            return
        self.model.set_decisions(decisions(shared(self.db)))
        said = f"Báo cáo {period_label(month)} của {office.code} – {office.name}: {view.label}"
        said += f" (lý do: {view.reason})" if view.reason else ""
        self.say(
            said + ". Quyết định đến đơn vị trong gói biên nhận tiếp theo (Gửi gói cho đơn vị…)."
        )

    # -- an office's unions and members --------------------------------------------------------

    def _double_clicked(self, index: QModelIndex) -> None:
        code = self.proxy.data(index, OFFICE_ROLE)
        if code:
            self.open_office(code)

    def _header_double_clicked(self, section: int) -> None:
        code = self.model.office_at(section)
        if code:
            self.open_office(code)

    def open_current_office(self) -> None:
        code = self.model.office_at(self.table.currentIndex().column())
        if code is None and self.model.offices:
            self.say("Chọn một ô trong cột của đơn vị cần xem.", error=True)
            return
        if code:
            self.open_office(code)

    def open_office(self, code: str) -> None:
        """Open office `code`'s unions and members, read-only (not blocking the window)."""
        from desktop.ui.office_browser import OfficeBrowser

        browser = OfficeBrowser(self.db, code, self)
        self.browser = browser
        browser.finished.connect(lambda _: setattr(self, "browser", None))
        browser.open()

    def open_packages(self) -> None:
        from desktop.ui.province_packages import SendPackagesDialog

        code = self.model.office_at(self.table.currentIndex().column())
        dialog = SendPackagesDialog(self.db, code, self)
        dialog.open()

    # -- export --------------------------------------------------------------------------------

    def choose_export(self) -> None:
        month = self.period.currentData()
        if month is None:
            return
        name = f"tong-hop-{month}.xlsx"
        out, _ = QFileDialog.getSaveFileName(self, "Xuất Excel", name, "Excel (*.xlsx)")
        if out:
            path = Path(out)
            self.export_to(path if path.suffix.lower() == ".xlsx" else path.with_suffix(".xlsx"))

    def export_to(self, out: Path) -> None:
        """The `province-summary` report of the month as an Excel workbook, in a worker."""
        if not self.can_export:
            self.say(refusal(Action.EXPORT), error=True)
            return
        month = self.period.currentData()

        def work(progress: Any, token: Any) -> Any:
            from desktop.services.issued_reports import issue
            from desktop.services.reports import build_report, write_report

            store = shared(self.db)
            progress(0.1, "Đang tổng hợp số liệu…")
            report = build_report("province-summary", store, month)
            token.check()
            progress(0.6, "Đang ghi tệp Excel…")
            write_report(report, out, "xlsx")
            issue(store, "province-summary", month, printed=False, destination=str(out))
            return out

        def done(path: Path) -> None:
            self.say(f"Đã xuất bảng tổng hợp {period_label(month)}: {path}")

        self.runner.run("Đang xuất bảng tổng hợp…", work, done)

    def say(self, text: str, *, error: bool = False) -> None:
        self.outcome.setStyleSheet(f"color: {MISSING_COLOUR};" if error else "")
        self.outcome.setText(text)
