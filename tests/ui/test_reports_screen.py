"""Báo cáo screen: preview inside the app, save, print to a PDF printer."""

from __future__ import annotations

from pathlib import Path

import pytest
from pypdf import PdfReader
from PySide6.QtPrintSupport import QPrinter
from PySide6.QtWidgets import QFileDialog, QMessageBox
from pytestqt.qtbot import QtBot

from desktop.ui.reports_screen import ReportsScreen, print_pdf
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
    assert "Số: 3/BC-LĐLĐ" in text and "Biến động đoàn viên năm 2024" in text


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
    # The office's real printer prints in high resolution; pages are still rendered at 300 dpi.
    printer = QPrinter(QPrinter.PrinterMode.HighResolution)
    printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
    printed = tmp_path / "printed.pdf"
    printer.setOutputFileName(str(printed))
    pages = screen.document.pageCount()
    assert print_pdf(screen.document, printer) == pages >= 1
    reader = PdfReader(printed)
    assert len(reader.pages) == pages
    for page in reader.pages:
        width, height = float(page.mediabox.width), float(page.mediabox.height)
        assert (width > height) == landscape, (width, height)
        assert sorted((round(width), round(height))) == [595, 842]  # A4
    # 1200 dpi colour made about 5 MB a page; 300 dpi grey stays under 400 kB.
    assert printed.stat().st_size < 400_000 * pages


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
