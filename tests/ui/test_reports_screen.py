"""Báo cáo screen: preview inside the app, save, print to a PDF printer."""

from __future__ import annotations

from pathlib import Path

import pytest
from pypdf import PdfReader
from PySide6.QtPrintSupport import QPrinter
from PySide6.QtWidgets import QFileDialog, QMessageBox
from pytestqt.qtbot import QtBot

from desktop.ui.printing import print_file
from desktop.ui.reports_screen import ReportsScreen
from desktop.ui.tasks import SynchronousPool, TaskRunner


def _screen(qtbot: QtBot, db: Path) -> ReportsScreen:
    screen = ReportsScreen(db)
    screen.runner = TaskRunner(screen, pool=SynchronousPool())
    qtbot.addWidget(screen)
    return screen


def test_preview_loads_the_report_in_the_viewer(qtbot: QtBot, small_district: Path) -> None:
    screen = _screen(qtbot, small_district)
    screen.report.setCurrentIndex(screen.report.findData("member-movement"))
    screen.period.setText("2024")
    screen.number.setText("3")
    screen.preview()
    assert screen.document.pageCount() == 1
    assert screen.status.text() == "Xem trước: 1 trang"
    text = " ".join(PdfReader(screen.preview_file).pages[0].extract_text().split())
    assert "Số: 03/BC-LĐLĐ" in text and "Biến động đoàn viên năm 2024" in text


def test_bad_period_is_shown_not_crashed(
    qtbot: QtBot, small_district: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    shown: list[str] = []
    monkeypatch.setattr(QMessageBox, "exec", lambda box: shown.append(box.text()) or 0)
    screen = _screen(qtbot, small_district)
    screen.period.setText("2024-13")
    screen.preview()
    assert shown and "Kỳ báo cáo «2024-13» không hợp lệ" in shown[0]


def test_member_list_warns_then_saves_excel_and_audits(
    qtbot: QtBot, tmp_path: Path, small_district: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import sqlite3

    db = tmp_path / "office.sqlite"
    db.write_bytes(small_district.read_bytes())
    asked: list[str] = []
    monkeypatch.setattr(
        QMessageBox,
        "question",
        lambda *a, **k: asked.append(a[2]) or QMessageBox.StandardButton.Yes,
    )
    out = tmp_path / "ds.xlsx"
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a, **k: (str(out), ""))
    screen = _screen(qtbot, db)
    screen.report.setCurrentIndex(screen.report.findData("member-list"))
    screen.period.setText("2024-12")
    screen.save("xlsx")
    assert asked and "dữ liệu cá nhân" in asked[0]
    assert out.exists() and screen.status.text() == f"Đã lưu {out}"
    with sqlite3.connect(db) as con:
        audit = con.execute("SELECT action, detail FROM audit_event").fetchall()
    assert audit == [("export", f"member-list 2024-12 → {out}")]


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

    def listened(path: Path, printer: QPrinter) -> object:
        task = start(path, printer)  # progress is delivered here, after this returns
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


def test_the_period_follows_the_report_kind(qtbot: QtBot, small_district: Path) -> None:
    screen = _screen(qtbot, small_district)
    screen.period.setText("2024-06")
    screen.report.setCurrentIndex(screen.report.findData("year-end-review"))
    assert screen.period.text() == "2024"
    screen.report.setCurrentIndex(screen.report.findData("mid-year-review"))
    assert screen.period.text() == "2024"
    screen.report.setCurrentIndex(screen.report.findData("monthly-progress"))
    assert screen.period.text() == "2024-06"
    screen.period.setText("2023")
    screen.report.setCurrentIndex(screen.report.findData("member-list"))
    screen.report.setCurrentIndex(screen.report.findData("monthly-progress"))
    assert screen.period.text() == "2023-12"


def test_empty_letterhead_settings_are_warned_above_the_preview(
    qtbot: QtBot, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from desktop.services.office import init_office
    from desktop.services.office_settings import update_settings
    from desktop.ui import office_dialog

    db = tmp_path / "moi.sqlite"
    init_office(db, role="district", unit_code="LDLD-MOI", unit_name="Liên đoàn Lao động huyện Mới")
    screen = _screen(qtbot, db)
    expected = (
        "Cảnh báo: thông tin đơn vị chưa có địa danh và họ và tên người ký, nên văn bản không có "
        "địa danh trước ngày tháng, không có tên người ký; chỉ dùng làm bản nháp. Hãy điền ở "
        "Tệp → Thông tin đơn vị…"
    )
    assert screen.draft.text() == expected and not screen.draft.isHidden()
    assert not screen.office_button.isHidden()
    screen.report.setCurrentIndex(screen.report.findData("member-movement"))
    screen.period.setText("2024-06")
    screen.preview()  # a draft still previews
    assert screen.document.pageCount() == 1 and screen.draft.text() == expected
    update_settings(db, {"place_name": "Mới"})
    screen.preview()
    assert screen.draft.text() == (
        "Cảnh báo: thông tin đơn vị chưa có họ và tên người ký, nên văn bản không có tên người "
        "ký; chỉ dùng làm bản nháp. Hãy điền ở Tệp → Thông tin đơn vị…"
    )

    def fill(parent: object, path: Path) -> bool:
        update_settings(path, {"signer_name": "Lê Văn Tám"})
        return True

    monkeypatch.setattr(office_dialog, "edit_office", fill)
    screen.office_button.click()  # the button opens Thông tin đơn vị; saved, the warning goes
    assert screen.draft.isHidden() and screen.office_button.isHidden()
