"""The window on a province's database: its own sidebar (Đơn vị, Nhận gói, Tổng hợp, Chất lượng
dữ liệu beside the shared screens), its own Đồng bộ menu; an office's window is as it was, and
neither opens the other's screens."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QMenu
from pytestqt.qtbot import QtBot

from desktop.errors import UserError
from desktop.services.province_records import rate_office
from desktop.store import shared
from desktop.ui.main_window import MainWindow, all_screen_names, screen_names
from desktop.ui.office_card_dialog import OfficeCardDialog
from desktop.ui.offices_model import Columns
from desktop.ui.offices_screen import OfficesScreen

PROVINCE_SIDEBAR = [
    "Tổng quan",
    "Đơn vị",
    "Nhận gói",
    "Tổng hợp",
    "Chất lượng dữ liệu",
    "Hoạt động",
    "Chỉ tiêu",
    "Báo cáo",
    "Đồng bộ",
]


def _sidebar(window: MainWindow) -> list[str]:
    return [window.sidebar.item(i).text() for i in range(window.sidebar.count())]


def _sync_menu(window: MainWindow) -> list[str]:
    menu = next(m for m in window.menuBar().findChildren(QMenu) if m.title() == "Đồng &bộ")
    return [a.text().replace("&", "") for a in menu.actions()]


def test_a_province_opens_in_province_mode(
    qtbot: QtBot, demo_province: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    window = MainWindow(demo_province, user=None)
    qtbot.addWidget(window)
    assert window.province
    assert _sidebar(window) == PROVINCE_SIDEBAR
    assert window.names() == [
        "dashboard",
        "offices",
        "incoming",
        "summary",
        "quality",
        "activities",
        "targets",
        "reports",
        "sync",
    ]
    assert _sync_menu(window) == [
        "Nhận gói của các đơn vị…",
        "Đăng ký thẻ khóa của đơn vị…",
        "Gửi gói cho đơn vị…",
        "Xuất thẻ khóa của tỉnh…",
        "Sao lưu khóa bí mật…",
    ]
    imports = window.findChild(QAction, "actionImport")
    assert imports is not None and not imports.isEnabled()
    assert "Nhận gói" in imports.toolTip()

    screen = window.show_screen("offices")
    assert isinstance(screen, OfficesScreen)
    assert window.sidebar.currentItem().text() == "Đơn vị"
    assert window.current_screen() == "offices"
    assert screen.proxy.rowCount() == 3
    window.sidebar.setCurrentRow(PROVINCE_SIDEBAR.index("Nhận gói"))
    assert window.current_screen() == "incoming"
    assert type(window.stack.currentWidget()).__name__ == "IncomingScreen"
    # Written elsewhere meanwhile (another screen, another clerk): read again on coming back.
    rate_office(shared(demo_province), "CDGD-BENTRE", 2024, "not_done")
    window.show()
    assert window.show_screen("offices") is screen
    rating = [
        screen.proxy.index(r, Columns.RATING).data()
        for r in range(3)
        if screen.proxy.index(r, 0).data() == "CDGD-BENTRE"
    ]
    assert rating == ["Không hoàn thành"]
    # Đồng bộ → «Đăng ký thẻ khóa của đơn vị…» opens the card dialog on Đơn vị.
    opened: list[str] = []
    monkeypatch.setattr(OfficeCardDialog, "exec", lambda d: opened.append(d.objectName()) or 0)
    window.sidebar.setCurrentRow(0)
    register = window.findChild(QAction, "actionRegisterCard")
    assert register is not None
    register.trigger()
    assert (opened, window.current_screen()) == (["officeCardDialog"], "offices")
    with pytest.raises(UserError) as refused:
        window.show_screen("members")
    assert refused.value.message.startswith(
        "Màn hình «members» chỉ có ở cơ sở dữ liệu của đơn vị cấp trên cơ sở; "
    )


def test_an_office_window_is_unchanged(qtbot: QtBot, small_district: Path) -> None:
    window = MainWindow(small_district, user=None)
    qtbot.addWidget(window)
    assert not window.province
    assert _sidebar(window) == [
        "Tổng quan",
        "Đoàn viên",
        "Công đoàn cơ sở",
        "Hoạt động",
        "Chỉ tiêu",
        "Báo cáo",
        "Đồng bộ",
    ]
    assert window.names() == screen_names()
    assert _sync_menu(window) == [
        "Xuất gói tháng…",
        "Nhận gói của tỉnh…",
        "Xuất thẻ khóa của đơn vị…",
        "Sao lưu khóa bí mật…",
    ]
    with pytest.raises(UserError, match="«offices» chỉ có ở cơ sở dữ liệu của LĐLĐ tỉnh"):
        window.show_screen("offices")
    assert all_screen_names() == [*screen_names(), "offices", "incoming", "summary", "quality"]


def _reports_menu(window: MainWindow) -> list[str]:
    menu = next(m for m in window.menuBar().findChildren(QMenu) if m.title() == "&Báo cáo")
    return [a.objectName() for a in menu.actions()]


def test_the_province_report_heads_the_province_windows_report_menu(
    qtbot: QtBot, demo_province: Path, small_demo: Path
) -> None:
    window = MainWindow(demo_province, user=None)
    qtbot.addWidget(window)
    assert _reports_menu(window)[0] == "actionReport_province-summary"
    window.findChild(QAction, "actionReport_province-summary").trigger()  # type: ignore[union-attr]
    assert window.current_screen() == "reports"
    screen = window.show_screen("reports")
    assert screen.report.currentData() == "province-summary"  # type: ignore[attr-defined]
    assert screen.report.currentText() == "Tổng hợp số liệu các đơn vị"  # type: ignore[attr-defined]
    window.close()
    office = MainWindow(small_demo, user=None)
    qtbot.addWidget(office)
    assert "actionReport_province-summary" not in _reports_menu(office)
    office.close()
