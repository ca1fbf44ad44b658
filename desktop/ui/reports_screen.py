"""Báo cáo: pick a report and period, preview it inside the app, print it, save it as PDF or Excel."""

from __future__ import annotations

import tempfile
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any, TypeVar

from PySide6.QtCore import QSettings
from PySide6.QtGui import QCloseEvent
from PySide6.QtPdf import QPdfDocument
from PySide6.QtPdfWidgets import QPdfView
from PySide6.QtPrintSupport import QPrintDialog, QPrinter
from PySide6.QtWidgets import (
    QComboBox,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from desktop.errors import UserError
from desktop.periods import parse_period, period_file_stem, period_shown
from desktop.progress import CancelToken
from desktop.services.reports import PROVINCE_REPORTS, REPORTS
from desktop.services.roles import Action
from desktop.ui.confirm_password import confirm_again, gate, may, refusal
from desktop.ui.date_input import DateInput
from desktop.ui.targets_model import MISSING_STYLE
from desktop.ui.tasks import TaskRunner

W = TypeVar("W", bound=QWidget)
YEAR_REPORTS = frozenset({"mid-year-review", "year-end-review"})
MONTH_REPORTS = frozenset({"monthly-progress", "province-summary"})
# The reports whose first part is the year's targets: before the programme arrives they print the
# not-arrived sentence in its place, and the screen says so beforehand.
PROGRAMME_REPORTS = YEAR_REPORTS | MONTH_REPORTS
PERSONAL_DATA_WARNING = (
    "Tệp này chứa dữ liệu cá nhân của đoàn viên (họ tên, ngày sinh, số CCCD). Theo Luật Bảo vệ dữ "
    "liệu cá nhân, chỉ lưu vào máy của đơn vị và không gửi qua mạng khi chưa mã hóa. Tiếp tục?"
)


def _named(widget: W, name: str, accessible: str) -> W:
    widget.setObjectName(name)
    widget.setAccessibleName(accessible)
    return widget


@dataclass(frozen=True)
class Request:
    """What the fields ask for, read and checked on the GUI thread before any work starts."""

    name: str
    period: str  # canonical: YYYY-MM or YYYY
    number: str | None
    issued: date


@dataclass(frozen=True)
class Made:
    out: Path
    warning: str  # the draft warning of the letterhead used, or ""
    personal: bool  # members' personal data: audited as an export


def _number_used(db_path: Path | str, request: Request) -> None:
    """The document went out with its number: the series goes on after it (worker thread)."""
    from desktop.services.preferences import number_used
    from desktop.services.reports import series_of
    from desktop.store import shared

    number_used(shared(db_path), series_of(request.name), request.issued, request.number)


def _is_province(db_path: Path | str) -> bool:
    """Whether the database is a provincial federation's (GUI thread; one small read)."""
    from desktop.services.office_settings import read_settings
    from desktop.store import shared

    try:
        return read_settings(shared(db_path)).role == "province"
    except UserError:  # no office yet: the office reports, which say so when made
        return False


class _Work:
    """The cancel tokens of the screen's work under way. Plain Python, so a screen deleted with
    work running can still tell that work to stop (from its `destroyed` signal)."""

    def __init__(self) -> None:
        self.tokens: set[CancelToken] = set()

    def cancel(self, *_: object) -> None:
        for token in list(self.tokens):
            token.cancel()


class ReportsScreen(QWidget):
    def __init__(
        self, db_path: Path | str, parent: QWidget | None = None, runner: TaskRunner | None = None
    ) -> None:
        super().__init__(parent)
        self.setObjectName("reportsScreen")
        self.setAccessibleName("Báo cáo")
        self.db_path = db_path
        self.runner = runner or TaskRunner(self)
        self._scratch = tempfile.TemporaryDirectory(prefix="uniondesk-report-")
        self.preview_file: Path | None = None
        self.printer: QPrinter | None = None  # the printing worker's until it finishes
        self.print_task: Any = None
        self._work = _Work()
        self.destroyed.connect(self._work.cancel)  # rebuilt or closed mid-work: the work stops

        from desktop.services.dashboard import working_year
        from desktop.store import shared

        self.report = QComboBox()
        province = _is_province(db_path)
        # The province's summary of its offices is made on a province's database only.
        for name, (report_title, _) in {
            **REPORTS,
            **(PROVINCE_REPORTS if province else {}),
        }.items():
            self.report.addItem(report_title, name)
        if province:
            self.report.setCurrentIndex(self.report.findData("province-summary"))

        year = working_year(shared(db_path))
        # Given back when a monthly report follows a review; canonical YYYY-MM.
        self._month = f"{year}-12" if year < date.today().year else date.today().strftime("%Y-%m")
        self.period = QLineEdit(period_shown(self._month))
        self.period.setPlaceholderText("06/2024 hoặc 2024")
        self.period.editingFinished.connect(self._tidy_period)
        self.report.currentIndexChanged.connect(self._fit_period)
        self.number = QLineEdit()
        self.number.setPlaceholderText("để trống để ghi tay")
        self.number.setToolTip(
            "Số tiếp theo của loại văn bản này trong năm ban hành (Tệp → Cài đặt…, Số văn bản); "
            "sửa được, để trống để ghi tay"
        )
        self._proposed = ""  # the number last put in the field; a typed one is never replaced
        self.issued = DateInput(date.today(), allow_empty=False)
        self.report.currentIndexChanged.connect(self.propose_number)
        self.period.editingFinished.connect(self.propose_number)
        self.issued.dateChanged.connect(self.propose_number)
        for field in (self.report, self.period, self.number):
            field.setMinimumWidth(320)
        form = QFormLayout()
        form.addRow("Báo cáo", _named(self.report, "reportName", "Báo cáo"))
        form.addRow("Kỳ báo cáo", _named(self.period, "reportPeriod", "Kỳ báo cáo"))
        form.addRow("Số văn bản", _named(self.number, "reportNumber", "Số văn bản"))
        form.addRow("Ngày ban hành", _named(self.issued, "reportDate", "Ngày ban hành"))

        self.preview_button = _named(QPushButton("Xem trước"), "previewButton", "Xem trước")
        self.print_button = _named(QPushButton("In…"), "printButton", "In")
        self.pdf_button = _named(QPushButton("Lưu PDF…"), "savePdfButton", "Lưu PDF")
        self.xlsx_button = _named(QPushButton("Lưu Excel…"), "saveXlsxButton", "Lưu Excel")
        self.preview_button.clicked.connect(self.preview)
        self.print_button.clicked.connect(self.print_report)
        self.pdf_button.clicked.connect(lambda: self.save("pdf"))
        self.xlsx_button.clicked.connect(lambda: self.save("xlsx"))
        # The role decides what may leave the screen; the buttons say why when they may not.
        self.can_print = gate(self.print_button, Action.PRINT)
        saves = [gate(button, Action.EXPORT) for button in (self.pdf_button, self.xlsx_button)]
        self.can_save = all(saves)
        self.full_ids = may(Action.VIEW_FULL_ID)
        self.report.currentIndexChanged.connect(self._gate_preview)
        buttons = QHBoxLayout()
        for button in (self.preview_button, self.print_button, self.pdf_button, self.xlsx_button):
            buttons.addWidget(button)
        buttons.addStretch(1)

        self.status = QLabel("")
        self.status.setObjectName("reportStatus")
        self.missing = QLabel("")
        _named(self.missing, "reportProgrammeMissing", "Chương trình chưa đến")
        self.missing.setWordWrap(True)
        self.missing.setStyleSheet(MISSING_STYLE)
        self.missing.setVisible(False)
        self.report.currentIndexChanged.connect(self.refresh_programme_notice)
        self.period.editingFinished.connect(self.refresh_programme_notice)
        # Empty letterhead settings print a draft: said above the preview, with the way to fix it.
        self.draft = QLabel("")
        self.draft.setObjectName("reportDraftWarning")
        self.draft.setWordWrap(True)
        self.draft.setStyleSheet(
            "background: #fff4ce; border: 1px solid #e0a100; padding: 6px; color: #5c3c00;"
        )
        self.office_button = _named(
            QPushButton("Thông tin đơn vị…"), "reportOfficeButton", "Thông tin đơn vị"
        )
        self.office_button.clicked.connect(self.edit_office)
        draft_row = QHBoxLayout()
        draft_row.addWidget(self.draft, 1)
        draft_row.addWidget(self.office_button)
        self.document = QPdfDocument(self)
        self.view = QPdfView(self)
        _named(self.view, "reportPreview", "Xem trước báo cáo")
        self.view.setDocument(self.document)
        self.view.setPageMode(QPdfView.PageMode.MultiPage)
        self.view.setZoomMode(QPdfView.ZoomMode.FitToWidth)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(20, 16, 20, 16)
        title = QLabel("Báo cáo")
        title.setStyleSheet("font-size: 15pt; font-weight: 600;")
        layout.addWidget(title)
        top = QHBoxLayout()
        top.addLayout(form, 0)
        top.addStretch(1)
        layout.addLayout(top)
        layout.addLayout(buttons)
        layout.addLayout(draft_row)
        layout.addWidget(self.missing)
        layout.addWidget(self.status)
        layout.addWidget(self.view, 1)

        self.refresh_draft_warning()
        self.refresh_programme_notice()
        self._gate_preview()
        self.propose_number()

    def propose_number(self) -> None:
        """Put the next number of the report's kind in its year into the field, unless the clerk
        typed or cleared it. The same document saved and then printed keeps its number; another
        report or period takes the next one. GUI thread (a few ms of SQL)."""
        from desktop.services.preferences import next_number
        from desktop.services.reports import series_of
        from desktop.store import shared

        issued = self.issued.date()
        if self.number.text() != self._proposed or issued is None:
            return
        self._proposed = str(
            next_number(shared(self.db_path), series_of(self.report.currentData()), issued.year)
        )
        self.number.setText(self._proposed)

    def refresh_programme_notice(self) -> None:
        """Say, before anything is made, that the period's year has no programme yet and what
        its report prints instead of the targets (GUI thread; a few ms of SQL)."""
        from desktop.services.progress import ensure_programme, programme_missing_text

        try:
            period = parse_period(self.period.text())
        except UserError:
            period = None  # said when the report is asked for
        year = period.first.year if period is not None else None
        from desktop.store import shared

        missing = (
            year is not None
            and self.report.currentData() in PROGRAMME_REPORTS
            and ensure_programme(shared(self.db_path), year) is None
        )
        if missing and year is not None:
            self.missing.setText(
                f"{programme_missing_text(year)} Báo cáo vẫn in được: phần chỉ tiêu ghi câu này "
                "cùng số đoàn viên, CĐCS của kỳ; phần nhiệm vụ ghi các hoạt động đã nhập."
            )
        self.missing.setVisible(missing)

    def _gate_preview(self) -> None:
        """A list of members shows whole citizen IDs: not previewed for a role that may not
        see them (the other reports hold counts only)."""
        refused = self._needs_warning() and not self.full_ids
        self.preview_button.setEnabled(not refused)
        self.preview_button.setToolTip(refusal(Action.VIEW_FULL_ID) if refused else "")

    def refresh_draft_warning(self) -> None:
        """Read the settings again (after Thông tin đơn vị was saved). GUI thread."""
        from desktop.errors import UserError
        from desktop.services.reports import draft_warning, office_letterhead
        from desktop.store import shared

        try:
            head = office_letterhead(shared(self.db_path), number=None, issued_on=date.today())
        except UserError:  # no office yet: generating a report says so
            head = None
        self.show_draft_warning(draft_warning(head) if head is not None else "")

    def show_draft_warning(self, text: str) -> None:
        """The warning for empty letterhead settings, or nothing. GUI thread."""
        self.draft.setText(text)
        self.draft.setVisible(bool(text))
        self.office_button.setVisible(bool(text))

    def edit_office(self) -> None:
        from desktop.ui.office_dialog import edit_office

        if edit_office(self, self.db_path):
            self.refresh_draft_warning()

    def _tidy_period(self) -> None:
        """A period typed as offices write it (`6/2024`, `tháng 6/2024`) is shown `06/2024`."""
        try:
            period = parse_period(self.period.text())
        except UserError:
            return  # said when the report is asked for
        if self.period.text() != period_shown(period.text):
            self.period.setText(period_shown(period.text))

    def _fit_period(self) -> None:
        """The reviews cover a year, the monthly report a month: switching between them turns
        `06/2024` into `2024` and back, so the period shown is one the report accepts."""
        try:
            period = parse_period(self.period.text())
        except UserError:
            return
        review = self.report.currentData() in YEAR_REPORTS
        if review and period.is_month:
            self._month = period.text
            self.period.setText(period.text[:4])
        elif self.report.currentData() in MONTH_REPORTS and not period.is_month:
            month = self._month if self._month[:4] == period.text else f"{period.text}-12"
            self.period.setText(period_shown(month))
        else:
            self._tidy_period()

    def _request(self) -> Request | None:
        """The fields read as a request, or None after saying what is wrong with them."""
        from desktop.ui.errors import present_error

        try:
            period = parse_period(self.period.text())
            problem = self.issued.problem()
            if problem is not None:
                raise UserError(f"Ngày ban hành: {problem}")
        except UserError as exc:
            present_error(self, exc)
            return None
        self._tidy_period()
        issued = self.issued.date()
        assert issued is not None  # no problem: a date
        return Request(
            self.report.currentData(), period.text, self.number.text().strip() or None, issued
        )

    def _generate(
        self, request: Request, out: Path, fmt: str, then: Any, *, saved: bool = False
    ) -> None:
        """Build the report into `out` on the task runner, then `then(Made)` on the GUI thread.

        A saved copy is audited here; a printed one once it is printed. Work for the preview or
        the printer that is cancelled after the file is written never reaches `then` (no print
        dialog pops up over a closing window); a saved file, once written, is kept and said.
        """
        from desktop.services.reports import draft_warning

        db_path, work_list = self.db_path, self._work

        def work(progress: Any, token: CancelToken) -> Made:
            from desktop.services.reports import build_report, write_report
            from desktop.store import shared

            work_list.tokens.add(token)
            try:
                progress(0.1, "Đang tổng hợp số liệu…")
                report = build_report(
                    request.name,
                    shared(db_path),
                    request.period,
                    number=request.number,
                    issued_on=request.issued,
                    # The province's summary counts each office in turn: said as it goes.
                    progress=lambda done, text: progress(0.1 + 0.4 * done, text),
                    cancel=token,
                )
                progress(0.5, "Đang trình bày văn bản…")
                write_report(report, out, fmt)
                if saved:
                    from desktop.services.issued_reports import issue
                    from desktop.store import shared

                    issue(
                        shared(db_path),
                        request.name,
                        request.period,
                        printed=False,
                        destination=str(out),
                        personal_data=report.personal_data,
                        number=request.number,
                        issued_on=request.issued,
                    )
                    _number_used(db_path, request)
                else:
                    token.check()
                return Made(out, draft_warning(report.letterhead), report.personal_data)
            finally:
                work_list.tokens.discard(token)

        def done(made: Made) -> None:
            self.show_draft_warning(made.warning)
            then(made)

        self.status.setText("Đang tạo báo cáo…")
        self.runner.run("Đang tạo báo cáo…", work, done)

    def preview(self) -> None:
        if not self.preview_button.isEnabled():
            return
        request = self._request()
        if request is None:
            return
        scratch = Path(self._scratch.name)
        out = scratch / f"xem-truoc-{len(list(scratch.iterdir()))}.pdf"

        def show(made: Made) -> None:
            self.preview_file = made.out
            self.document.load(str(made.out))
            self.status.setText(f"Xem trước: {self.document.pageCount()} trang")

        self._generate(request, out, "pdf", show)

    def _needs_warning(self) -> bool:
        return self.report.currentData() == "member-list"

    def save(self, fmt: str) -> None:
        if not self.can_save:
            self.status.setText(refusal(Action.EXPORT))
            return
        request = self._request()
        if request is None:
            return
        if (
            self._needs_warning()
            and QMessageBox.question(self, "Dữ liệu cá nhân", PERSONAL_DATA_WARNING)
            != QMessageBox.StandardButton.Yes
        ):
            return
        settings = QSettings()
        folder = str(settings.value("reports/lastFolder", str(Path.home())))
        suggested = Path(folder) / f"{period_file_stem(request.name, request.period)}.{fmt}"
        label = "Tệp PDF (*.pdf)" if fmt == "pdf" else "Sổ tính Excel (*.xlsx)"
        chosen, _ = QFileDialog.getSaveFileName(self, "Lưu báo cáo", str(suggested), label)
        if chosen and self.confirm(f"lưu báo cáo ra {Path(chosen).name}"):
            settings.setValue("reports/lastFolder", str(Path(chosen).parent))
            self._generate(
                request,
                Path(chosen),
                fmt,
                lambda made: self.status.setText(f"Đã lưu {made.out}"),
                saved=True,
            )

    def print_report(self) -> None:
        """Generate, ask the printer dialog, then print on the task runner (progress per page,
        Cancel between pages): a 200-page list takes half a minute and the window stays live."""
        if not self.can_print:
            self.status.setText(refusal(Action.PRINT))
            return
        request = self._request()
        if request is None or not self.confirm("in báo cáo"):
            return

        def send(made: Made) -> None:
            self.document.load(str(made.out))
            self.printer = QPrinter(QPrinter.PrinterMode.HighResolution)  # kept alive on purpose
            dialog = QPrintDialog(self.printer, self)
            if dialog.exec() == QPrintDialog.DialogCode.Accepted:
                self.print_task = self._print(made.out, self.printer, issued=request)

        scratch = Path(self._scratch.name)
        out = scratch / f"in-{len(list(scratch.iterdir()))}.pdf"
        self._generate(request, out, "pdf", send)

    def _print(
        self,
        path: Path,
        printer: QPrinter,
        *,
        issued: Request | None = None,
    ) -> Any:
        """Start printing `path` on `printer`; the printer is the worker's until it finishes.
        A print that went out is audited `(action, "NAME PERIOD")` with where it went, and the
        number of the `issued` document is used up."""
        from desktop.ui.printing import destination, print_file

        done = [0]
        total = self.document.pageCount()
        db_path, work_list = self.db_path, self._work

        def work(progress: Any, token: CancelToken) -> int:
            work_list.tokens.add(token)
            try:
                pages = print_file(path, printer, progress=progress, token=token, done=done)
            finally:
                work_list.tokens.discard(token)
            if issued is not None:
                from desktop.services.issued_reports import issue
                from desktop.store import shared

                issue(
                    shared(db_path),
                    issued.name,
                    issued.period,
                    printed=True,
                    destination=destination(printer),
                    number=issued.number,
                    issued_on=issued.issued,
                )
                _number_used(db_path, issued)
            return pages

        def cancelled() -> None:  # print_file removed a PDF printer's half-written file
            self.status.setText(f"Đã hủy in sau {done[0]}/{total} trang.")

        self.status.setText(f"Đang in {total} trang…")
        return self.runner.run(
            "Đang in…",
            work,
            lambda pages: self.status.setText(f"Đã gửi lệnh in: {pages} trang."),
            on_cancel=cancelled,
        )

    def confirm(self, what: str) -> bool:
        """The password again before a report leaves the program; said when not given."""
        if confirm_again(self, self.db_path, what):
            return True
        self.status.setText("Chưa thực hiện: mật khẩu chưa được xác nhận.")
        return False

    def busy(self) -> bool:
        """A preview, a report or a print of this screen under way."""
        return self.runner.busy

    def cancel_work(self) -> None:
        """Cancel this screen's preview, report and print under way and wait until they have
        stopped (a print stops between pages and its half-written PDF file is removed), so the
        window can close or rebuild the screen. GUI thread."""
        self._work.cancel()
        self.runner.cancel_all()
        self.runner.wait()

    def closeEvent(self, event: QCloseEvent) -> None:
        # Shown on its own (not inside the main window, which calls cancel_work itself).
        self.cancel_work()
        super().closeEvent(event)
