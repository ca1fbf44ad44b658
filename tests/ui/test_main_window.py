"""The main window offscreen: what the user sees on the small district."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtGui import QImage
from pytestqt.qtbot import QtBot

from desktop.app import main
from desktop.ui.main_window import MainWindow


def test_window_shows_office_database_and_dashboard_figures(
    qtbot: QtBot, small_district: Path
) -> None:
    window = MainWindow(small_district)
    qtbot.addWidget(window)
    assert window.windowTitle() == "Union Desk — Liên đoàn Lao động huyện Thạnh Phú"
    assert window.office_label.text() == "Liên đoàn Lao động huyện Thạnh Phú"
    assert window.db_label.text() == str(small_district)
    assert [window.sidebar.item(i).text() for i in range(window.sidebar.count())] == [
        "Tổng quan",
        "Đoàn viên",
        "Công đoàn cơ sở",
        "Hoạt động",
        "Chỉ tiêu",
        "Báo cáo",
        "Đồng bộ",
    ]
    menus = [a.text().replace("&", "") for a in window.menuBar().actions()]
    assert menus == ["Tệp", "Báo cáo", "Đồng bộ", "Trợ giúp"]
    dashboard = window.stack.currentWidget()
    cards = dashboard.cards
    assert cards["unions"].value.text() == "3"
    assert cards["unions"].detail.text() == "Khu vực nhà nước: 2 · Ngoài nhà nước: 1"
    assert cards["members"].value.text() == "8"
    assert cards["women"].value.text() == "5"
    assert cards["women"].detail.text() == "62,5 % tổng số đoàn viên"
    assert cards["admitted"].value.text() == "4"
    assert cards["left"].value.text() == "3"
    assert cards["unrated"].value.text() == "2"
    assert dashboard.title.text() == "Tổng quan năm 2024"


def test_screenshot_is_written_and_not_blank(tmp_path: Path, small_district: Path) -> None:
    out = tmp_path / "shot.png"
    assert (
        main(["--db", str(small_district), "--screenshot", str(out), "--screen", "dashboard"]) == 0
    )
    image = QImage(str(out))
    assert (image.width(), image.height()) == (1280, 800)
    colours = {image.pixel(x, y) for x in range(0, 1280, 7) for y in range(0, 800, 7)}
    assert len(colours) > 20


def test_unknown_screen_is_a_usage_error(
    tmp_path: Path, small_district: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "shot.png"
    assert main(["--db", str(small_district), "--screenshot", str(out), "--screen", "nope"]) == 2
    assert "Không có màn hình «nope»" in capsys.readouterr().err
    assert not out.exists()


def test_screenshot_of_missing_database_is_refused(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert (
        main(["--db", str(tmp_path / "none.sqlite"), "--screenshot", str(tmp_path / "x.png")]) == 1
    )
    assert "Không tìm thấy cơ sở dữ liệu" in capsys.readouterr().err


def test_demo_flag_generates_the_demo_district_once(tmp_path: Path) -> None:
    db = tmp_path / "demo.sqlite"
    out = tmp_path / "demo.png"
    assert main(["--demo", "--db", str(db), "--screenshot", str(out)]) == 0
    assert db.exists() and out.exists()
    before = db.stat().st_mtime_ns
    assert main(["--demo", "--db", str(db), "--screenshot", str(out)]) == 0
    assert db.stat().st_mtime_ns == before


def test_file_menu_check_shows_the_report(
    qtbot: QtBot, small_district: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from PySide6.QtWidgets import QMessageBox

    from desktop.ui.tasks import SynchronousPool, TaskRunner

    shown: list[str] = []
    monkeypatch.setattr(QMessageBox, "exec", lambda box: shown.append(box.text()) or 0)
    window = MainWindow(small_district)
    qtbot.addWidget(window)
    window.runner = TaskRunner(window, pool=SynchronousPool())
    names = [a.objectName() for a in window.menuBar().actions()[0].menu().actions()]
    assert names == [
        "actionOpenDatabase",
        "actionImport",
        "",
        "actionBackup",
        "actionRestore",
        "actionCheck",
        "actionOfficeSettings",
        "",
        "actionQuit",
    ]
    window.findChild(type(window.menuBar().actions()[0]), "actionCheck").trigger()
    assert len(shown) == 1
    assert "Đoàn viên đang sinh hoạt: 8" in shown[0]
    assert "Không phát hiện lỗi." in shown[0]


def test_office_settings_from_the_file_menu_rename_the_window(
    qtbot,
    small_district: Path,
    monkeypatch,  # type: ignore[no-untyped-def]
) -> None:
    from PySide6.QtGui import QAction

    from desktop.ui.office_dialog import OfficeDialog

    window = MainWindow(small_district)
    qtbot.addWidget(window)

    def staff_rename(dialog: OfficeDialog) -> int:
        dialog.fields["unit_name"].setText("Liên đoàn Lao động huyện Thạnh Phú mới")
        dialog.try_save()
        return dialog.result()

    monkeypatch.setattr(OfficeDialog, "exec", staff_rename)
    window.findChild(QAction, "actionOfficeSettings").trigger()
    assert window.windowTitle() == "Union Desk — Liên đoàn Lao động huyện Thạnh Phú mới"
    assert window.office_label.text() == "Liên đoàn Lao động huyện Thạnh Phú mới"
