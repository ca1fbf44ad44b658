"""The main window in Vietnamese, as a clerk walks it on the demo district: every screen, every
menu, the Đồng bộ screen's key dialogs, the Tệp menu's boxes, the busy-close question and the
«already open» refusal (tests/ui/_visible_texts.py says what counts as English).
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QDialog, QFileDialog, QLineEdit, QMessageBox

from desktop.ui.main_window import SCREENS, MainWindow
from tests.ui._visible_texts import (
    REAL_EXEC,
    ModalCatcher,
    english_among,
    every_tab_texts,
    visible_texts,
)

# Qt in Vietnamese for every test here, and the catalogue checked (tests/ui/conftest.py).
pytestmark = pytest.mark.usefixtures("vietnamese")


@pytest.fixture
def demo(demo_district: Path) -> Path:
    return demo_district


@pytest.fixture
def window(qtbot: Any, demo: Path) -> Iterator[MainWindow]:
    from desktop.ui.tasks import SynchronousPool, TaskRunner

    window = MainWindow(demo)
    qtbot.addWidget(window)
    window.runner = TaskRunner(window, pool=SynchronousPool())
    window.resize(1280, 800)
    window.show()
    yield window
    qtbot.waitUntil(lambda: not window.busy())  # closed by qtbot without a question


def _action(window: MainWindow, name: str) -> QAction:
    action = window.findChild(QAction, name)
    assert action is not None, name
    return action


def menu_texts(window: MainWindow) -> dict[str, list[str]]:
    """Each menu's title and its actions' texts and tips, as the clerk reads them (no «&»)."""
    menus: dict[str, list[str]] = {}
    for entry in window.menuBar().actions():
        menu = entry.menu()
        assert menu is not None
        texts = [entry.text(), menu.title()]
        for action in menu.actions():
            if not action.isSeparator():
                texts += [action.text(), action.toolTip(), action.statusTip()]
        menus[entry.text().replace("&", "")] = [t.replace("&", "") for t in texts if t]
    return menus


def _english(found: dict[str, list[str]]) -> dict[str, dict[str, list[str]]]:
    return {name: words for name, texts in found.items() if (words := english_among(texts))}


def test_every_screen_and_every_menu_of_the_main_window(qtbot: Any, window: MainWindow) -> None:
    found: dict[str, list[str]] = {}
    for entry in SCREENS:
        screen = window.show_screen(entry.name)
        assert screen is not None and window.stack.currentWidget() is screen
        qtbot.waitUntil(lambda: not window.busy())  # its rows loaded, as the clerk sees them
        found[entry.title] = every_tab_texts(window)
    menus = menu_texts(window)
    assert list(menus) == ["Tệp", "Báo cáo", "Đồng bộ", "Trợ giúp"]
    assert {"Sao lưu…", "Khôi phục từ bản sao lưu…", "Kiểm tra dữ liệu", "Thoát"} <= set(
        menus["Tệp"]
    )
    assert "Sao lưu khóa bí mật…" in menus["Đồng bộ"]
    found |= {f"menu {name}": texts for name, texts in menus.items()}
    assert len(found) == 11
    shown = {t for texts in found.values() for t in texts}
    assert {"Tổng quan", "Chỉ tiêu", "Xuất gói tháng…", "Khóa ký số"} <= shown
    assert _english(found) == {}


def test_the_key_dialogs_of_dong_bo(
    qtbot: Any,
    window: MainWindow,
    catcher: ModalCatcher,
    monkeypatch: pytest.MonkeyPatch,
    tmp_path: Path,
) -> None:
    monkeypatch.setattr(
        QFileDialog, "getSaveFileName", lambda *a, **k: (str(tmp_path / "khoa.ukb"), "")
    )
    monkeypatch.setattr(
        QFileDialog, "getOpenFileName", lambda *a, **k: (str(tmp_path / "the-tinh.json"), "")
    )
    found: dict[str, list[str]] = {}

    def read_passphrase(dialog: QDialog) -> None:
        assert dialog.objectName() == "backupPassphraseDialog"
        found["mật khẩu, trống"] = visible_texts(dialog)
        first = dialog.findChild(QLineEdit, "backupPassphrase")
        again = dialog.findChild(QLineEdit, "backupPassphraseAgain")
        first.setText("một mật khẩu đủ dài 2024")
        found["mật khẩu, chưa nhập lại"] = visible_texts(dialog)
        again.setText("một mật khẩu khác")
        found["mật khẩu, không khớp"] = visible_texts(dialog)
        again.setText(first.text())
        found["mật khẩu, dùng được"] = visible_texts(dialog)

    catcher.next(read_passphrase)
    _action(window, "actionBackupKeys").trigger()  # the menu shows Đồng bộ, then asks
    catcher.check(1)
    assert window.stack.currentWidget() is window.show_screen("sync")

    catcher.next(lambda dialog: found.__setitem__("dấu vân tay", visible_texts(dialog)))
    window.show_screen("sync").keys.choose_card()  # type: ignore[attr-defined]
    catcher.check(2)
    assert "Sao lưu" in found["mật khẩu, trống"] and "Hủy" in found["dấu vân tay"]
    assert "Mật khẩu dùng được." in found["mật khẩu, dùng được"]
    assert len({tuple(texts) for texts in found.values()}) == 5  # each state read as it was
    assert _english(found) == {}


def test_the_file_menus_backup_restore_and_check_boxes(
    qtbot: Any,
    window: MainWindow,
    catcher: ModalCatcher,
    monkeypatch: pytest.MonkeyPatch,
    tmp_path: Path,
) -> None:
    backup = tmp_path / "sao-luu.sqlite"
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a, **k: (str(backup), ""))
    monkeypatch.setattr(QFileDialog, "getOpenFileName", lambda *a, **k: (str(backup), ""))
    monkeypatch.setattr(QMessageBox, "exec", REAL_EXEC)
    found: dict[str, list[str]] = {}

    def reader(name: str) -> Any:
        return lambda box: found.__setitem__(name, visible_texts(box))

    catcher.next(reader("đã sao lưu"))
    _action(window, "actionBackup").trigger()
    catcher.check(1)
    assert backup.exists()

    def answer_yes(box: QDialog) -> None:
        found["khôi phục?"] = visible_texts(box)
        catcher.next(reader("đã khôi phục"))
        assert isinstance(box, QMessageBox)
        box.button(QMessageBox.StandardButton.Yes).click()

    catcher.next(answer_yes)
    _action(window, "actionRestore").trigger()
    catcher.check(3)

    catcher.next(reader("kiểm tra"))
    _action(window, "actionCheck").trigger()
    catcher.check(4)
    assert any(t.startswith("Đã sao lưu") for t in found["đã sao lưu"])
    assert {"&Có", "&Không"} <= set(found["khôi phục?"])
    assert any(t.startswith("Đã khôi phục") for t in found["đã khôi phục"])
    assert "Kiểm tra dữ liệu" in found["kiểm tra"]
    assert _english(found) == {}


def test_the_busy_close_question_and_the_already_open_refusal(
    qtbot: Any,
    window: MainWindow,
    catcher: ModalCatcher,
    monkeypatch: pytest.MonkeyPatch,
    demo: Path,
) -> None:
    from desktop.ui import instance

    monkeypatch.setattr(QMessageBox, "exec", REAL_EXEC)
    found: dict[str, list[str]] = {}
    window.busy = window.working = lambda: True  # type: ignore[method-assign]  # a print, say
    catcher.next(lambda box: found.__setitem__("đang có việc", visible_texts(box)))
    window.close()  # the box's Esc keeps the work running: the window stays
    catcher.check(1)
    assert window.isVisible()
    del window.busy, window.working  # not busy again: qtbot may close it

    holder = instance.DatabaseGuard(demo)
    assert holder.acquire()
    try:
        second = instance.DatabaseGuard(demo)  # what a second start of the program does
        assert not second.acquire()
        monkeypatch.setattr(instance, "can_show_box", lambda: True)
        catcher.next(lambda box: found.__setitem__("đã mở", visible_texts(box)))
        instance.refuse(second, window)
        catcher.check(2)
    finally:
        holder.release()
    assert {"Hủy việc và đóng", "Để việc chạy tiếp"} <= set(found["đang có việc"])
    assert "Đóng" in found["đã mở"]
    assert _english(found) == {}
