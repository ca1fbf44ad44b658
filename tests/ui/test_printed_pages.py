"""What reaches the paper: each report printed through the Print button matches its saved PDF.

Both files are rendered the way a sheet comes out of a printer (ink on white) and compared as
maps of ink at a coarse grain: the printed pages are images of the report's pages, so their text is
a little softer, but it must sit where the report has text, on white paper, on every page.
"""

from __future__ import annotations

import shutil
from dataclasses import dataclass
from pathlib import Path

import pytest
from PySide6.QtCore import QSize, Qt
from PySide6.QtGui import QImage, QPainter
from PySide6.QtPdf import QPdfDocument
from PySide6.QtPrintSupport import QPrintDialog, QPrinter
from PySide6.QtWidgets import QFileDialog, QMessageBox
from pytestqt.qtbot import QtBot

from desktop.ui.reports_screen import ReportsScreen

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


@pytest.fixture(scope="module")
def demo_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    from desktop.demo import generate_demo

    path = tmp_path_factory.mktemp("printed") / "demo.sqlite"
    generate_demo(path, members=300, seed=5)
    return path


@pytest.fixture
def demo(demo_template: Path, tmp_path: Path) -> Path:
    path = tmp_path / "demo.sqlite"  # printing writes audit rows: each test its own copy
    shutil.copy(demo_template, path)
    return path


def print_through_the_button(
    qtbot: QtBot, screen: ReportsScreen, printed: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Press In…, pick Qt's PDF printer in the print dialog, wait for the task runner."""

    def accept(dialog: QPrintDialog) -> int:
        dialog.printer().setOutputFormat(QPrinter.OutputFormat.PdfFormat)
        dialog.printer().setOutputFileName(str(printed))
        return QPrintDialog.DialogCode.Accepted

    monkeypatch.setattr(QPrintDialog, "exec", accept)
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
