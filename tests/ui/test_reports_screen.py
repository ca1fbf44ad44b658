"""Báo cáo screen: preview inside the app, save, periods and dates as typed, closing mid-work.

Printing itself is tested in test_printed_pages.py."""

from __future__ import annotations

import threading
from pathlib import Path
from typing import Any

import pytest
from pypdf import PdfReader
from PySide6.QtCore import QCoreApplication, QThreadPool, QTimer
from PySide6.QtWidgets import QFileDialog, QMessageBox
from pytestqt.qtbot import QtBot

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
    assert screen.status.text() == "Xem trước: 1 trang" and screen.preview_file is not None
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
        audit = con.execute(
            "SELECT action, detail FROM audit_event WHERE record_table = ''"
        ).fetchall()
    assert audit == [("export", f"member-list 2024-12 → {out}")]


def test_the_period_follows_the_report_kind(qtbot: QtBot, small_district: Path) -> None:
    screen = _screen(qtbot, small_district)
    screen.period.setText("6/2024")
    screen.report.setCurrentIndex(screen.report.findData("year-end-review"))
    assert screen.period.text() == "2024"
    screen.report.setCurrentIndex(screen.report.findData("mid-year-review"))
    assert screen.period.text() == "2024"
    screen.report.setCurrentIndex(screen.report.findData("monthly-progress"))
    assert screen.period.text() == "06/2024"
    screen.period.setText("2023")
    screen.report.setCurrentIndex(screen.report.findData("member-list"))
    screen.report.setCurrentIndex(screen.report.findData("monthly-progress"))
    assert screen.period.text() == "12/2023"


def test_empty_letterhead_settings_are_warned_above_the_preview(
    qtbot: QtBot, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from desktop.services.office import init_office
    from desktop.services.office_settings import update_settings
    from desktop.store import shared
    from desktop.ui import office_dialog

    db = tmp_path / "moi.sqlite"
    init_office(
        shared(db), role="district", unit_code="LDLD-MOI", unit_name="Liên đoàn Lao động huyện Mới"
    )
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
    update_settings(shared(db), {"place_name": "Mới"})
    screen.preview()
    assert screen.draft.text() == (
        "Cảnh báo: thông tin đơn vị chưa có họ và tên người ký, nên văn bản không có tên người "
        "ký; chỉ dùng làm bản nháp. Hãy điền ở Tệp → Thông tin đơn vị…"
    )

    def fill(parent: object, path: Path) -> bool:
        update_settings(shared(path), {"signer_name": "Lê Văn Tám"})
        return True

    monkeypatch.setattr(office_dialog, "edit_office", fill)
    screen.office_button.click()  # the button opens Thông tin đơn vị; saved, the warning goes
    assert screen.draft.isHidden() and screen.office_button.isHidden()


def _audit(db: Path) -> list[tuple[str, str]]:
    import sqlite3
    from contextlib import closing

    with closing(sqlite3.connect(db)) as con:
        return con.execute(
            "SELECT action, detail FROM audit_event WHERE record_table = '' ORDER BY id"
        ).fetchall()


@pytest.mark.parametrize("typed", ["6/2024", "06/2024", "tháng 6/2024", "Tháng 06/2024", "2024-06"])
def test_a_period_typed_as_offices_write_it_is_taken_and_shown_06_2024(
    qtbot: QtBot,
    tmp_path: Path,
    small_district: Path,
    monkeypatch: pytest.MonkeyPatch,
    typed: str,
) -> None:
    from PySide6.QtCore import Qt

    from tests.ui._clerk import type_text

    suggested: list[str] = []
    out = tmp_path / "thang.pdf"

    def pick(parent: object, title: str, proposed: str, kinds: str) -> tuple[str, str]:
        suggested.append(Path(proposed).name)
        return str(out), kinds

    monkeypatch.setattr(QFileDialog, "getSaveFileName", pick)
    screen = _screen(qtbot, small_district)
    assert screen.period.placeholderText() == "06/2024 hoặc 2024"
    screen.report.setCurrentIndex(screen.report.findData("monthly-progress"))
    screen.period.clear()
    type_text(screen.period, typed)
    qtbot.keyClick(screen.period, Qt.Key.Key_Return)
    assert screen.period.text() == "06/2024"
    screen.pdf_button.click()
    assert suggested == ["bao-cao-thang-06-2024.pdf"]  # Vietnamese words, as offices file them
    assert screen.status.text() == f"Đã lưu {out}"
    text = " ".join(PdfReader(out).pages[0].extract_text().split())
    assert "Kết quả thực hiện chương trình công tác công đoàn tháng 6/2024" in text
    assert _audit(small_district) == [("report", f"monthly-progress 2024-06 → {out}")]


@pytest.mark.parametrize(
    ("name", "period", "fmt", "stem"),
    [
        ("member-list", "12/2024", "xlsx", "danh-sach-doan-vien-12-2024.xlsx"),
        ("union-list", "2024", "pdf", "danh-sach-cdcs-nam-2024.pdf"),
        ("year-end-review", "2024", "xlsx", "bao-cao-tong-ket-nam-2024.xlsx"),
        ("member-movement", "tháng 3/2024", "pdf", "bien-dong-doan-vien-03-2024.pdf"),
    ],
)
def test_the_proposed_file_name_is_in_vietnamese_words(
    qtbot: QtBot,
    small_district: Path,
    monkeypatch: pytest.MonkeyPatch,
    name: str,
    period: str,
    fmt: str,
    stem: str,
) -> None:
    proposed: list[str] = []

    def look(parent: object, title: str, suggested: str, kinds: str) -> tuple[str, str]:
        proposed.append(Path(suggested).name)
        return "", ""  # the clerk closes the dialog

    monkeypatch.setattr(QFileDialog, "getSaveFileName", look)
    monkeypatch.setattr(QMessageBox, "question", lambda *a, **k: QMessageBox.StandardButton.Yes)
    screen = _screen(qtbot, small_district)
    screen.report.setCurrentIndex(screen.report.findData(name))
    screen.period.setText(period)
    screen.save(fmt)
    assert proposed == [stem]


def test_the_issue_date_is_typed_straight_through(qtbot: QtBot, small_district: Path) -> None:
    screen = _screen(qtbot, small_district)
    screen.report.setCurrentIndex(screen.report.findData("member-movement"))
    screen.period.setText("2024")
    screen.issued.selectAll()
    qtbot.keyClicks(screen.issued, "05072024")
    assert screen.issued.text() == "05/07/2024"
    screen.preview()
    assert screen.preview_file is not None
    text = " ".join(PdfReader(screen.preview_file).pages[0].extract_text().split())
    assert "Thạnh Phú, ngày 05 tháng 7 năm 2024" in text


def test_an_impossible_issue_date_is_said_and_nothing_is_made(
    qtbot: QtBot, small_district: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    shown: list[str] = []

    def show(box: QMessageBox) -> int:
        shown.append(box.text())
        return 0

    monkeypatch.setattr(QMessageBox, "exec", show)
    screen = _screen(qtbot, small_district)
    screen.issued.selectAll()
    qtbot.keyClicks(screen.issued, "31/02/2024")
    screen.preview()
    assert shown == [
        "Ngày ban hành: «31/02/2024» không phải ngày; ghi dd/mm/yyyy, ví dụ 02/09/2024."
    ]
    assert screen.preview_file is None and screen.status.text() == ""


# Closing the screen's window, or deleting the screen, while its work runs (the window asks
# first, then calls `cancel_work`; a screen shown on its own cancels in its closeEvent).
DELETED_SOURCE = "Signal source has been deleted"


@pytest.fixture(scope="module")
def big_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    from desktop.demo import generate_demo

    path = tmp_path_factory.mktemp("big") / "demo.sqlite"
    generate_demo(path, seed=5)  # the demo district: a member list of about 200 pages
    return path


@pytest.fixture
def big(big_template: Path, tmp_path: Path) -> Path:
    import shutil

    path = tmp_path / "demo.sqlite"
    shutil.copy(big_template, path)
    return path


def _held(monkeypatch: pytest.MonkeyPatch, module: object, name: str, at: int = 0) -> Any:
    """Hold the worker in `module.name` (its call number `at`) until released: the window is
    closed while the work is surely under way. Returns (started, release) events."""
    started, release = threading.Event(), threading.Event()
    real = getattr(module, name)
    calls = [0]

    def held(*args: object, **kwargs: object) -> object:
        calls[0] += 1
        if calls[0] == at + 1:
            started.set()
            release.wait(60)
        return real(*args, **kwargs)

    monkeypatch.setattr(module, name, held)
    return started, release


def _close_mid_way(screen: ReportsScreen, release: threading.Event, how: str) -> None:
    if how == "close":
        QTimer.singleShot(0, release.set)  # the work goes on once the close has begun
        screen.close()
    else:
        from shiboken6 import delete

        delete(screen)  # rebuilt by the window: gone at once, its work still running
        release.set()
        QThreadPool.globalInstance().waitForDone()
        QCoreApplication.sendPostedEvents()  # what the workers said at the end is delivered


@pytest.mark.parametrize("how", ["close", "delete"])
def test_closing_during_a_preview_cancels_it_without_a_traceback(
    qtbot: QtBot,
    big: Path,
    monkeypatch: pytest.MonkeyPatch,
    capfd: pytest.CaptureFixture[str],
    how: str,
) -> None:
    from desktop.services import reports as catalogue

    started, release = _held(monkeypatch, catalogue, "write_report")
    screen = ReportsScreen(big)  # the application's thread pool
    if how == "close":
        qtbot.addWidget(screen)
    screen.show()
    screen.report.setCurrentIndex(screen.report.findData("member-list"))
    screen.period.setText("12/2024")
    with qtbot.captureExceptions() as exceptions:
        screen.preview()
        qtbot.waitUntil(started.is_set, timeout=60_000)
        assert screen.busy()
        _close_mid_way(screen, release, how)
        if how == "close":
            assert not screen.busy() and screen.preview_file is None
            assert screen.document.pageCount() == 0  # the cancelled preview never showed
    assert exceptions == []
    assert DELETED_SOURCE not in capfd.readouterr().err


@pytest.mark.parametrize("how", ["close", "delete"])
def test_closing_during_a_print_cancels_it_and_removes_the_half_printed_file(
    qtbot: QtBot,
    tmp_path: Path,
    big: Path,
    monkeypatch: pytest.MonkeyPatch,
    capfd: pytest.CaptureFixture[str],
    how: str,
) -> None:
    from PySide6.QtPrintSupport import QPrintDialog, QPrinter

    from desktop.ui import printing

    printed = tmp_path / "in.pdf"

    def accept(dialog: QPrintDialog) -> int:
        dialog.printer().setOutputFormat(QPrinter.OutputFormat.PdfFormat)
        dialog.printer().setOutputFileName(str(printed))
        return QPrintDialog.DialogCode.Accepted

    monkeypatch.setattr(QPrintDialog, "exec", accept)
    started, release = _held(monkeypatch, printing, "paper_image", at=1)  # on page 2
    screen = ReportsScreen(big)
    if how == "close":
        qtbot.addWidget(screen)
    screen.show()
    screen.report.setCurrentIndex(screen.report.findData("member-list"))
    screen.period.setText("12/2024")
    with qtbot.captureExceptions() as exceptions:
        screen.print_button.click()
        qtbot.waitUntil(started.is_set, timeout=120_000)
        assert printed.exists()  # pages 1 and 2 are going into it
        _close_mid_way(screen, release, how)
        if how == "close":
            assert not screen.busy()
            pages = screen.document.pageCount()
            assert screen.status.text() == f"Đã hủy in sau 2/{pages} trang."
    assert exceptions == []
    assert not printed.exists()
    assert DELETED_SOURCE not in capfd.readouterr().err
    assert [row for row in _audit(big) if row[0] != "demo"] == []  # nothing went out


QUIT_DURING_PREVIEW = """
import sys, threading
from pathlib import Path
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication
from desktop.services import reports as catalogue

started, release = threading.Event(), threading.Event()
real = catalogue.write_report

def held(*args, **kwargs):
    started.set()
    release.wait(60)
    return real(*args, **kwargs)

catalogue.write_report = held
app = QApplication([])
from desktop.ui.reports_screen import ReportsScreen

screen = ReportsScreen(Path(sys.argv[1]))
screen.show()
screen.report.setCurrentIndex(screen.report.findData("member-list"))
screen.period.setText("12/2024")
screen.preview()

def close_once_started():
    if not started.is_set():
        QTimer.singleShot(10, close_once_started)
        return
    QTimer.singleShot(0, release.set)
    screen.close()  # the last window: the program quits

QTimer.singleShot(0, close_once_started)
sys.exit(app.exec())
"""


def test_the_program_closed_during_a_preview_quits_without_a_traceback(big: Path) -> None:
    import os
    import subprocess
    import sys

    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen"}
    done = subprocess.run(
        [sys.executable, "-c", QUIT_DURING_PREVIEW, str(big)],
        capture_output=True,
        text=True,
        env=env,
        timeout=180,
    )
    assert done.returncode == 0
    assert "Traceback" not in done.stderr and DELETED_SOURCE not in done.stderr, done.stderr


def test_the_province_summary_is_offered_on_a_province_only(
    qtbot: QtBot, small_district: Path, demo_province: Path
) -> None:
    office = _screen(qtbot, small_district)
    assert office.report.findData("province-summary") == -1
    screen = _screen(qtbot, demo_province)
    assert screen.report.currentData() == "province-summary"
    assert screen.report.currentText() == "Tổng hợp số liệu các đơn vị"
    # A month's report: a year typed in turns into its December, as for the monthly report.
    screen.period.setText("2024")
    screen.period.editingFinished.emit()
    screen.report.setCurrentIndex(screen.report.findData("year-end-review"))
    screen.report.setCurrentIndex(screen.report.findData("province-summary"))
    assert screen.period.text() == "12/2024"
    screen.number.setText("4")
    screen.preview()
    assert screen.preview_file is not None
    pages = screen.document.pageCount()
    assert pages >= 2 and screen.status.text() == f"Xem trước: {pages} trang"
    reader = PdfReader(screen.preview_file)
    text = " ".join(" ".join(page.extract_text() for page in reader.pages).split())
    assert "Số: 04/BC-LĐLĐ" in text
    assert (
        "Tổng hợp kết quả thực hiện chương trình công tác công đoàn của các đơn vị tháng 12/2024"
        in text
    )
    assert "Đơn vị chưa gửi số liệu tháng 12/2024: Công đoàn ngành Giáo dục tỉnh Bến Tre" in text
