"""Printing: what reaches the paper, each page's orientation and size, progress, Cancel, closing.

Each report printed through the Print button must match its saved PDF. Both files are rendered the
way a sheet comes out of a printer (ink on white) and compared as maps of ink at a coarse grain: the
printed pages are images of the report's pages, so their text is a little softer, but it must sit
where the report has text, on white paper, on every page.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from pypdf import PdfReader
from PySide6.QtCore import QSize, Qt
from PySide6.QtGui import QImage, QPainter
from PySide6.QtPdf import QPdfDocument
from PySide6.QtPrintSupport import QPrintDialog, QPrinter
from PySide6.QtWidgets import QFileDialog, QMessageBox
from pytestqt.qtbot import QtBot

from desktop.ui.printing import print_file
from desktop.ui.reports_screen import ReportsScreen
from desktop.ui.tasks import SynchronousPool, TaskRunner

DPI = 60
BLOCK = 5  # 5 px at 60 dpi: squares of about 2 mm, finer than a line of text
INKED = 16  # a square with this much ink on average (of 255) holds print
REPORTS = [
    ("monthly-progress", "06/2024"),
    ("member-movement", "2024"),
    ("member-list", "12/2024"),
    ("union-list", "12/2024"),
    ("mid-year-review", "2024"),
    ("year-end-review", "2024"),
]


@dataclass(frozen=True)
class Sheet:
    """One page as grey pixels on white paper (0 black … 255 white), row by row."""

    width: int
    height: int
    rows: list[bytes]

    def near_white(self) -> float:
        return sum(sum(1 for v in row if v >= 200) for row in self.rows) / (
            self.width * self.height
        )

    def corners(self) -> list[int]:
        """The darkest pixel of each 12 × 12 px corner (5 mm of paper)."""
        spans = [(0, 12), (self.width - 12, self.width)]
        tops = [self.rows[:12], self.rows[-12:]]
        return [min(min(row[a:b]) for row in rows) for rows in tops for a, b in spans]

    def ink(self) -> list[float]:
        """Mean ink (255 − grey) of each BLOCK × BLOCK square, row by row."""
        across, down = self.width // BLOCK, self.height // BLOCK
        squares: list[float] = []
        for by in range(down):
            sums = [0] * across
            for row in self.rows[by * BLOCK : by * BLOCK + BLOCK]:
                for bx in range(across):
                    sums[bx] += sum(row[bx * BLOCK : bx * BLOCK + BLOCK])
            squares.extend(255 - s / (BLOCK * BLOCK) for s in sums)
        return squares


def sheets(pdf: Path) -> list[Sheet]:
    """Every page of `pdf` as it would come out on paper: rendered, laid over white, in grey."""
    document = QPdfDocument()
    assert document.load(str(pdf)) == QPdfDocument.Error.None_, pdf
    found: list[Sheet] = []
    try:
        for page in range(document.pageCount()):
            size = document.pagePointSize(page)
            pixels = QSize(round(size.width() * DPI / 72), round(size.height() * DPI / 72))
            paper = QImage(pixels, QImage.Format.Format_RGB32)
            paper.fill(Qt.GlobalColor.white)
            painter = QPainter(paper)
            painter.drawImage(0, 0, document.render(page, pixels))
            painter.end()
            grey = paper.convertToFormat(QImage.Format.Format_Grayscale8)
            raw, line = bytes(grey.constBits()), grey.bytesPerLine()
            rows = [raw[y * line : y * line + grey.width()] for y in range(grey.height())]
            found.append(Sheet(grey.width(), grey.height(), rows))
    finally:
        document.close()
    return found


def assert_prints_like(printed: Path, report: Path) -> None:
    """Same pages; each printed page white paper with ink where the report's page has it."""
    want, got = sheets(report), sheets(printed)
    assert len(got) == len(want)
    for number, (page, sheet) in enumerate(zip(want, got, strict=True), start=1):
        where = f"trang {number}"
        assert (sheet.width, sheet.height) == (page.width, page.height), where
        assert sheet.near_white() > 0.8, (where, sheet.near_white())  # paper, not black
        assert min(sheet.corners()) >= 245, (where, sheet.corners())
        wanted, inked = page.ink(), sheet.ink()
        text = {i for i, v in enumerate(wanted) if v > INKED}
        assert len(text) > 300, where  # the report's page has text to compare with
        difference = sum(abs(a - b) for a, b in zip(wanted, inked, strict=True)) / len(wanted)
        assert difference < 12, (where, difference)
        printed_text = {i for i, v in enumerate(inked) if v > INKED}
        overlap = len(text & printed_text) / len(text | printed_text)
        assert overlap > 0.85, (where, overlap)


@pytest.fixture
def demo(small_demo: Path) -> Path:
    return small_demo


def _screen(qtbot: QtBot, db: Path) -> ReportsScreen:
    screen = ReportsScreen(db)
    screen.runner = TaskRunner(screen, pool=SynchronousPool())
    qtbot.addWidget(screen)
    return screen


def _audit(db: Path) -> list[tuple[str, str]]:
    import sqlite3
    from contextlib import closing

    with closing(sqlite3.connect(db)) as con:
        return con.execute(
            "SELECT action, detail FROM audit_event WHERE record_table = '' ORDER BY id"
        ).fetchall()


def print_through_the_button(
    qtbot: QtBot, screen: ReportsScreen, printed: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Press In…, pick Qt's PDF printer in the print dialog, wait for the task runner."""

    def accept(dialog: QPrintDialog) -> int:
        dialog.printer().setOutputFormat(QPrinter.OutputFormat.PdfFormat)
        dialog.printer().setOutputFileName(str(printed))
        return QPrintDialog.DialogCode.Accepted

    monkeypatch.setattr(QPrintDialog, "exec", accept)
    # The screen is disabled while an earlier task (the save) finishes: a click then is lost.
    qtbot.waitUntil(
        lambda: not screen.runner.busy and screen.print_button.isEnabled(), timeout=60_000
    )
    screen.print_button.click()
    qtbot.waitUntil(lambda: screen.status.text().startswith("Đã gửi lệnh in"), timeout=60_000)


@pytest.mark.parametrize(("name", "period"), REPORTS)
def test_each_printed_report_is_its_pdf_on_white_paper(
    qtbot: QtBot,
    tmp_path: Path,
    demo: Path,
    monkeypatch: pytest.MonkeyPatch,
    name: str,
    period: str,
) -> None:
    saved, printed = tmp_path / "saved.pdf", tmp_path / "printed.pdf"
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a, **k: (str(saved), ""))
    monkeypatch.setattr(QMessageBox, "question", lambda *a, **k: QMessageBox.StandardButton.Yes)
    screen = ReportsScreen(demo)  # the application's thread pool, as the Print button uses
    qtbot.addWidget(screen)
    screen.report.setCurrentIndex(screen.report.findData(name))
    screen.period.setText(period)
    screen.pdf_button.click()
    qtbot.waitUntil(lambda: screen.status.text() == f"Đã lưu {saved}", timeout=60_000)
    print_through_the_button(qtbot, screen, printed, monkeypatch)
    assert_prints_like(printed, saved)


def _pdf_printer(out: Path) -> QPrinter:
    # The office's real printer prints in high resolution; pages are still rendered at 300 dpi.
    printer = QPrinter(QPrinter.PrinterMode.HighResolution)
    printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
    printer.setOutputFileName(str(out))
    return printer


@pytest.mark.parametrize(
    ("name", "period", "landscape"),
    [("member-list", "2024-12", True), ("monthly-progress", "2024-06", False)],
)
def test_print_keeps_each_pages_orientation_and_a_bounded_size(
    qtbot: QtBot, tmp_path: Path, small_district: Path, name: str, period: str, landscape: bool
) -> None:
    screen = _screen(qtbot, small_district)
    screen.report.setCurrentIndex(screen.report.findData(name))
    screen.period.setText(period)
    screen.preview()
    printed = tmp_path / "printed.pdf"
    pages = screen.document.pageCount()
    assert screen.preview_file is not None
    assert print_file(screen.preview_file, _pdf_printer(printed)) == pages >= 1
    reader = PdfReader(printed)
    assert len(reader.pages) == pages
    for page in reader.pages:
        width, height = float(page.mediabox.width), float(page.mediabox.height)
        assert (width > height) == landscape, (width, height)
        assert sorted((round(width), round(height))) == [595, 842]  # A4
    # 1200 dpi colour made about 5 MB a page; 300 dpi grey stays under 400 kB.
    assert printed.stat().st_size < 400_000 * pages


def _pages(out: Path, sizes: list[tuple[float, float]]) -> Path:
    from reportlab.pdfgen.canvas import Canvas

    canvas = Canvas(str(out))
    for number, size in enumerate(sizes, start=1):
        canvas.setPageSize(size)
        canvas.drawString(72, 72, f"Trang {number}")
        canvas.showPage()
    canvas.save()
    return out


def test_each_page_prints_in_its_own_orientation(qapp: object, tmp_path: Path) -> None:
    from reportlab.lib.pagesizes import A4, landscape

    source = _pages(tmp_path / "mixed.pdf", [A4, landscape(A4), landscape(A4), A4])
    printed = tmp_path / "printed.pdf"
    assert print_file(source, _pdf_printer(printed)) == 4
    shapes = [float(p.mediabox.width) > float(p.mediabox.height) for p in PdfReader(printed).pages]
    assert shapes == [False, True, True, False]


def test_print_file_tells_each_page_and_a_cancel_stops_between_pages(
    qapp: object, tmp_path: Path
) -> None:
    from reportlab.lib.pagesizes import A4

    from desktop.errors import Cancelled
    from desktop.progress import CancelToken

    source = _pages(tmp_path / "five.pdf", [A4] * 5)
    heard: list[tuple[float, str]] = []
    assert (
        print_file(
            source, _pdf_printer(tmp_path / "all.pdf"), progress=lambda f, t: heard.append((f, t))
        )
        == 5
    )
    assert heard == [
        (0.0, "Đang in trang 1/5…"),
        (0.2, "Đang in trang 2/5…"),
        (0.4, "Đang in trang 3/5…"),
        (0.6, "Đang in trang 4/5…"),
        (0.8, "Đang in trang 5/5…"),
        (1.0, "Đã in 5 trang."),
    ]
    token, done = CancelToken(), [0]

    def cancel_on_page_3(fraction: float, text: str) -> None:
        if text.startswith("Đang in trang 3/"):
            token.cancel()  # Cancel pressed while page 3 was announced

    class Spooler(QPrinter):
        aborted = False

        def abort(self) -> bool:  # a real printer drops the job; a PDF file cannot
            self.aborted = True
            return super().abort()

    spooler = Spooler(QPrinter.PrinterMode.HighResolution)
    spooler.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
    spooler.setOutputFileName(str(tmp_path / "part.pdf"))
    with pytest.raises(Cancelled):
        print_file(
            source,
            spooler,
            progress=cancel_on_page_3,
            token=token,
            done=done,
        )
    assert done == [3]  # page 3 was under way and finishes; page 4 is never started
    assert spooler.aborted  # what was spooled is withdrawn


def _real_screen(qtbot: QtBot, db: Path) -> ReportsScreen:
    screen = ReportsScreen(db)  # the application's thread pool: printing really runs off thread
    qtbot.addWidget(screen)
    return screen


def test_printing_runs_on_the_task_runner_with_progress(
    qtbot: QtBot, tmp_path: Path, small_district: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import threading

    from PySide6.QtPrintSupport import QPrintDialog

    from desktop.ui import printing

    printed = tmp_path / "printed.pdf"

    def accept(dialog: QPrintDialog) -> int:  # the user picks "print to file" and presses Print
        dialog.printer().setOutputFormat(QPrinter.OutputFormat.PdfFormat)
        dialog.printer().setOutputFileName(str(printed))
        return QPrintDialog.DialogCode.Accepted

    threads: list[threading.Thread] = []
    real = printing.print_file

    def traced(*args: object, **kwargs: object) -> int:
        threads.append(threading.current_thread())
        return real(*args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(QPrintDialog, "exec", accept)
    monkeypatch.setattr(printing, "print_file", traced)
    screen = _real_screen(qtbot, small_district)
    screen.report.setCurrentIndex(screen.report.findData("monthly-progress"))
    screen.period.setText("2024-06")
    seen: list[float] = []
    start = screen._print

    def listened(path: Path, printer: QPrinter, **kwargs: Any) -> object:
        task = start(path, printer, **kwargs)  # progress is delivered here, after this returns
        task.signals.progressed.connect(lambda f, _t: seen.append(f))
        return task

    screen._print = listened  # type: ignore[method-assign]
    screen.print_report()
    qtbot.waitUntil(lambda: screen.status.text().startswith("Đã gửi lệnh in"), timeout=20_000)
    pages = screen.document.pageCount()
    assert screen.status.text() == f"Đã gửi lệnh in: {pages} trang."
    assert threads and threads[0] is not threading.main_thread()
    # The listener connects once the worker has started: its first page may come before.
    expected = [n / pages for n in range(pages)] + [1.0]
    assert seen == expected[len(expected) - len(seen) :] and seen[-1] == 1.0 and len(seen) >= pages
    assert len(PdfReader(printed).pages) == pages


def test_cancel_stops_printing_and_removes_the_half_printed_file(
    qtbot: QtBot, tmp_path: Path, small_district: Path
) -> None:
    from reportlab.lib.pagesizes import A4

    source = _pages(tmp_path / "long.pdf", [A4] * 40)
    screen = _real_screen(qtbot, small_district)
    screen.document.load(str(source))
    printed = tmp_path / "printed.pdf"
    printer = _pdf_printer(printed)
    task = screen._print(source, printer)
    # Delivered on this thread once the test returns to the event loop: Cancel on the first page.
    task.signals.progressed.connect(lambda _f, _t: task.token.cancel())
    qtbot.waitUntil(lambda: screen.status.text().startswith("Đã hủy in"), timeout=20_000)
    printed_pages = int(screen.status.text().split("sau ")[1].split("/")[0])
    assert screen.status.text() == f"Đã hủy in sau {printed_pages}/40 trang."
    assert printed_pages < 40
    assert not printed.exists()


@pytest.mark.parametrize("accepted", [True, False])
def test_a_print_is_remembered_once_it_went_out_with_where_it_went(
    qtbot: QtBot,
    tmp_path: Path,
    small_district: Path,
    monkeypatch: pytest.MonkeyPatch,
    accepted: bool,
) -> None:
    from PySide6.QtPrintSupport import QPrintDialog

    printed = tmp_path / "in.pdf"

    def answer(dialog: QPrintDialog) -> int:
        dialog.printer().setOutputFormat(QPrinter.OutputFormat.PdfFormat)
        dialog.printer().setOutputFileName(str(printed))
        return QPrintDialog.DialogCode.Accepted if accepted else QPrintDialog.DialogCode.Rejected

    monkeypatch.setattr(QPrintDialog, "exec", answer)
    screen = _screen(qtbot, small_district)
    screen.report.setCurrentIndex(screen.report.findData("monthly-progress"))
    screen.period.setText("6/2024")
    screen.print_button.click()
    if accepted:  # the dashboard's "due this month" reads this row back
        assert _audit(small_district) == [("print", f"monthly-progress 2024-06 → {printed}")]
        assert screen.status.text() == "Đã gửi lệnh in: 3 trang."
    else:  # the print dialog was closed: nothing was issued
        assert _audit(small_district) == [] and not printed.exists()
