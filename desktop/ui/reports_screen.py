"""Báo cáo: pick a report and period, preview it inside the app, print it, save it as PDF or Excel."""

from __future__ import annotations

import tempfile
from datetime import date
from pathlib import Path
from typing import Any

from PySide6.QtCore import QDate, QSettings
from PySide6.QtPdf import QPdfDocument
from PySide6.QtPdfWidgets import QPdfView
from PySide6.QtPrintSupport import QPrintDialog, QPrinter
from PySide6.QtWidgets import (
    QComboBox,
    QDateEdit,
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

from desktop.reports.catalogue import REPORTS
from desktop.ui.tasks import TaskRunner

YEAR_REPORTS = frozenset({"mid-year-review", "year-end-review"})
PERSONAL_DATA_WARNING = (
    "Tệp này chứa dữ liệu cá nhân của đoàn viên (họ tên, ngày sinh, số CCCD). Theo Luật Bảo vệ dữ "
    "liệu cá nhân, chỉ lưu vào máy của đơn vị và không gửi qua mạng khi chưa mã hóa. Tiếp tục?"
)


def _named(widget: QWidget, name: str, accessible: str) -> QWidget:
    widget.setObjectName(name)
    widget.setAccessibleName(accessible)
    return widget


class ReportsScreen(QWidget):
    def __init__(
        self, db_path: Path, parent: QWidget | None = None, runner: TaskRunner | None = None
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

        self.report = QComboBox()
        for name, (title, _) in REPORTS.items():
            self.report.addItem(title, name)
        from desktop.services.dashboard import working_year

        year = working_year(db_path)
        self.period = QLineEdit(
            f"{year}-12" if year < date.today().year else date.today().strftime("%Y-%m")
        )
        self.period.setPlaceholderText("YYYY-MM hoặc YYYY")
        self._month = self.period.text()  # given back when a monthly report follows a review
        self.report.currentIndexChanged.connect(self._fit_period)
        self.number = QLineEdit()
        self.number.setPlaceholderText("để trống để ghi tay")
        self.issued = QDateEdit(QDate.currentDate())
        self.issued.setDisplayFormat("dd/MM/yyyy")
        self.issued.setCalendarPopup(True)
        for field in (self.report, self.period, self.number, self.issued):
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
        buttons = QHBoxLayout()
        for button in (self.preview_button, self.print_button, self.pdf_button, self.xlsx_button):
            buttons.addWidget(button)
        buttons.addStretch(1)

        self.status = QLabel("")
        self.status.setObjectName("reportStatus")
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
        layout.addWidget(self.status)
        layout.addWidget(self.view, 1)

        self.refresh_draft_warning()

    def refresh_draft_warning(self) -> None:
        """Read the settings again (after Thông tin đơn vị was saved). GUI thread."""
        from desktop.errors import UserError
        from desktop.reports.letterhead import draft_warning, office_letterhead

        try:
            head = office_letterhead(self.db_path, number=None, issued_on=date.today())
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

    def _fit_period(self) -> None:
        """The reviews cover a year, the monthly report a month: switching between them turns
        `2024-06` into `2024` and back, so the period shown is one the report accepts."""
        text = self.period.text().strip()
        review = self.report.currentData() in YEAR_REPORTS
        if review and len(text) == 7 and text[4] == "-":
            self._month = text
            self.period.setText(text[:4])
        elif self.report.currentData() == "monthly-progress" and len(text) == 4:
            self.period.setText(self._month if self._month[:4] == text else f"{text}-12")

    def _request(self) -> tuple[str, str, str | None, date]:
        issued = self.issued.date()
        return (
            self.report.currentData(),
            self.period.text().strip(),
            self.number.text().strip() or None,
            date(issued.year(), issued.month(), issued.day()),
        )

    def _generate(self, out: Path, fmt: str, then: Any, *, issued_copy: bool = True) -> None:
        """Build the report into `out`; a saved or printed copy (not a preview) is audited."""
        from desktop.reports.letterhead import draft_warning

        name, period, number, issued = self._request()
        db_path = self.db_path

        def work(progress: Any, token: Any) -> Any:
            from desktop.reports.catalogue import build_report, write_report

            progress(0.1, "Đang tổng hợp số liệu…")
            report = build_report(name, db_path, period, number=number, issued_on=issued)
            progress(0.5, "Đang trình bày văn bản…")
            write_report(report, out, fmt)
            if issued_copy:
                from desktop.services.audit import record

                action = "export" if report.personal_data else "report"
                record(db_path, action, f"{name} {period} → {out}")
            return out, draft_warning(report.letterhead)

        def done(result: tuple[Path, str]) -> None:
            self.show_draft_warning(result[1])
            then(result[0])

        self.status.setText("Đang tạo báo cáo…")
        self.runner.run("Đang tạo báo cáo…", work, done)

    def preview(self) -> None:
        out = (
            Path(self._scratch.name)
            / f"xem-truoc-{len(list(Path(self._scratch.name).iterdir()))}.pdf"
        )

        def show(path: Path) -> None:
            self.preview_file = path
            self.document.load(str(path))
            self.status.setText(f"Xem trước: {self.document.pageCount()} trang")

        self._generate(out, "pdf", show, issued_copy=False)

    def _needs_warning(self) -> bool:
        return self.report.currentData() == "member-list"

    def save(self, fmt: str) -> None:
        if (
            self._needs_warning()
            and QMessageBox.question(self, "Dữ liệu cá nhân", PERSONAL_DATA_WARNING)
            != QMessageBox.StandardButton.Yes
        ):
            return
        settings = QSettings()
        folder = str(settings.value("reports/lastFolder", str(Path.home())))
        suggested = Path(folder) / f"{self.report.currentData()}-{self.period.text().strip()}.{fmt}"
        label = "Tệp PDF (*.pdf)" if fmt == "pdf" else "Sổ tính Excel (*.xlsx)"
        chosen, _ = QFileDialog.getSaveFileName(self, "Lưu báo cáo", str(suggested), label)
        if chosen:
            settings.setValue("reports/lastFolder", str(Path(chosen).parent))
            self._generate(Path(chosen), fmt, lambda p: self.status.setText(f"Đã lưu {p}"))

    def print_report(self) -> None:
        """Generate, ask the printer dialog, then print on the task runner (progress per page,
        Cancel between pages): a 200-page list takes half a minute and the window stays live."""

        def send(path: Path) -> None:
            self.document.load(str(path))
            self.printer = QPrinter(QPrinter.PrinterMode.HighResolution)  # kept alive on purpose
            dialog = QPrintDialog(self.printer, self)
            if dialog.exec() == QPrintDialog.DialogCode.Accepted:
                self.print_task = self._print(path, self.printer)

        out = Path(self._scratch.name) / "in.pdf"
        self._generate(out, "pdf", send)

    def _print(self, path: Path, printer: QPrinter) -> Any:
        """Start printing `path` on `printer`; the printer is the worker's until it finishes."""
        from desktop.ui.printing import print_file

        done = [0]
        total = self.document.pageCount()

        def work(progress: Any, token: Any) -> int:
            return print_file(path, printer, progress=progress, token=token, done=done)

        def cancelled() -> None:
            partial = printer.outputFileName()
            if partial and printer.outputFormat() == QPrinter.OutputFormat.PdfFormat:
                Path(partial).unlink(missing_ok=True)  # half a report must not pass for one
            self.status.setText(f"Đã hủy in sau {done[0]}/{total} trang.")

        self.status.setText(f"Đang in {total} trang…")
        return self.runner.run(
            "Đang in…",
            work,
            lambda pages: self.status.setText(f"Đã gửi lệnh in: {pages} trang."),
            on_cancel=cancelled,
        )
