"""The main window offscreen: what the user sees on the small district."""

from __future__ import annotations

import time
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import Qt, QTimer
from PySide6.QtGui import QAction, QImage
from PySide6.QtWidgets import QApplication, QMessageBox, QPlainTextEdit, QPushButton, QWidget
from pytestqt.qtbot import QtBot
from shiboken6 import isValid

from desktop.app import main
from desktop.format import period_label
from desktop.progress import CancelToken
from desktop.store import shared
from desktop.ui import main_window, unsaved
from desktop.ui.main_window import SCREENS, MainWindow, ScreenEntry
from desktop.ui.tasks import TaskRunner


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
        "actionNewDatabase",
        "actionOpenDatabase",
        "actionImport",
        "",
        "actionBackup",
        "actionAutoBackup",
        "actionRestore",
        "actionCheck",
        "actionAuditLog",
        "actionSettings",
        "actionOfficeSettings",
        "actionUsers",
        "actionChangePassword",
        "",
        "actionQuit",
    ]
    window.findChild(type(window.menuBar().actions()[0]), "actionCheck").trigger()
    assert len(shown) == 1
    assert "Đoàn viên đang sinh hoạt: 8" in shown[0]
    assert "Không phát hiện lỗi." in shown[0]


def test_new_database_from_the_file_menu_runs_the_setup_wizard(
    qtbot: QtBot, small_district: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from PySide6.QtGui import QAction

    import desktop.ui.setup_wizard as setup_wizard

    asked: list[object] = []
    monkeypatch.setattr(setup_wizard, "create_database", lambda parent: asked.append(parent))
    window = MainWindow(small_district)
    qtbot.addWidget(window)
    action = window.findChild(QAction, "actionNewDatabase")
    assert action.text() == "Tạo cơ sở &dữ liệu mới…" and action.isEnabled()
    action.trigger()
    assert asked == [window]


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


# Nothing typed is lost, no work cut off: switching screens and closing ask first ---------------

REAL_EXEC = QMessageBox.exec  # read at import, before the conftest swaps it for each test


def _click(monkeypatch: pytest.MonkeyPatch, *buttons: str) -> list[str]:
    """Let the real boxes open and click the buttons named (objectName) in turn, as staff do;
    the list fills with each box's text."""
    monkeypatch.setattr(QMessageBox, "exec", REAL_EXEC)
    seen: list[str] = []
    queue = list(buttons)
    looks = [0]

    def click() -> None:
        box = QApplication.activeModalWidget()
        if not isinstance(box, QMessageBox):
            looks[0] += 1
            if looks[0] < 400:  # not open yet: look again, never left over for a later test
                QTimer.singleShot(5, click)
            return
        seen.append(box.text())
        button = box.findChild(QPushButton, queue.pop(0))
        assert button is not None, box.text()
        button.click()
        if queue:
            looks[0] = 0
            QTimer.singleShot(0, click)

    QTimer.singleShot(0, click)
    return seen


class NoteScreen(QWidget):
    """A screen holding a typed note that is kept only on «Lưu»."""

    def __init__(self, db_path: Path) -> None:
        super().__init__()
        self.setObjectName("noteScreen")
        self.note = QPlainTextEdit(self)
        self.saved = ""

    def confirm_leave(self) -> bool:
        if self.note.toPlainText() == self.saved:
            return True
        answer = unsaved.ask_unsaved(self, "Ghi chú")
        if answer == "save":
            self.saved = self.note.toPlainText()
        elif answer == "discard":
            self.note.setPlainText(self.saved)
        return answer != "cancel"


NOTE_QUESTION = "Ghi chú có thay đổi chưa lưu. Lưu lại trước khi rời đi?"


@pytest.fixture
def note_window(qtbot: QtBot, small_district: Path, monkeypatch: pytest.MonkeyPatch) -> MainWindow:
    monkeypatch.setattr(
        main_window, "SCREENS", [ScreenEntry("note", "Ghi chú", NoteScreen), *SCREENS]
    )
    window = MainWindow(small_district)
    qtbot.addWidget(window)
    window.show()
    qtbot.waitExposed(window)
    return window


def _click_row(qtbot: QtBot, window: MainWindow, title: str) -> None:
    sidebar = window.sidebar
    item = next(sidebar.item(i) for i in range(sidebar.count()) if sidebar.item(i).text() == title)
    centre = sidebar.visualItemRect(item).center()
    qtbot.mouseClick(sidebar.viewport(), Qt.MouseButton.LeftButton, pos=centre)


def test_switching_screens_asks_about_unsaved_work(
    qtbot: QtBot, note_window: MainWindow, monkeypatch: pytest.MonkeyPatch
) -> None:
    note = note_window.stack.currentWidget()
    assert isinstance(note, NoteScreen)
    note.note.setPlainText("Họp Ban Thường vụ ngày 05/06")

    seen = _click(monkeypatch, "unsavedCancel")
    _click_row(qtbot, note_window, "Đoàn viên")
    assert seen == [NOTE_QUESTION]
    assert note_window.stack.currentWidget() is note  # «Hủy»: stays, the row too
    assert note_window.sidebar.currentItem().text() == "Ghi chú"
    assert note.note.toPlainText() == "Họp Ban Thường vụ ngày 05/06"
    assert "members" not in note_window._built

    seen = _click(monkeypatch, "unsavedSave")
    _click_row(qtbot, note_window, "Đoàn viên")
    assert seen == [NOTE_QUESTION]
    assert note.saved == "Họp Ban Thường vụ ngày 05/06"
    assert note_window.stack.currentWidget().objectName() == "membersScreen"
    assert note_window.sidebar.currentItem().text() == "Đoàn viên"

    # Menus that switch screens ask the same way; a clean screen is left without a word.
    _click_row(qtbot, note_window, "Ghi chú")
    note.note.setPlainText("Nháp")
    seen = _click(monkeypatch, "unsavedCancel")
    note_window.findChild(QAction, "actionReport_member-list").trigger()
    assert seen == [NOTE_QUESTION]
    assert note_window.stack.currentWidget() is note and "reports" not in note_window._built
    seen = _click(monkeypatch, "unsavedDiscard")
    note_window.findChild(QAction, "actionReport_member-list").trigger()
    assert note.note.toPlainText() == "Họp Ban Thường vụ ngày 05/06"  # back to what was saved
    reports = note_window.stack.currentWidget()
    assert reports.objectName() == "reportsScreen"
    assert reports.report.currentData() == "member-list"


def test_closing_the_window_asks_about_unsaved_work(
    qtbot: QtBot, note_window: MainWindow, monkeypatch: pytest.MonkeyPatch
) -> None:
    note = note_window.stack.currentWidget()
    note.note.setPlainText("Kế hoạch tháng 7")

    seen = _click(monkeypatch, "unsavedCancel")
    note_window.close()
    assert seen == [NOTE_QUESTION]
    assert note_window.isVisible()  # «Hủy»: the window stays with the note

    seen = _click(monkeypatch, "unsavedSave")
    note_window.close()
    assert seen == [NOTE_QUESTION]
    assert note.saved == "Kế hoạch tháng 7"
    assert not note_window.isVisible()


def test_the_activities_narrative_is_asked_about_on_leaving_and_closing(
    qtbot: QtBot, small_district: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from desktop.services.activities import narrative
    from tests.ui._clerk import type_text

    window = MainWindow(small_district)
    qtbot.addWidget(window)
    window.show()
    _click_row(qtbot, window, "Hoạt động")
    screen = window.stack.currentWidget()
    qtbot.waitUntil(lambda: screen.area_list.count() == 11)
    screen.area_list.setCurrentRow(4)  # task area 4
    qtbot.waitUntil(screen.narrative.isEnabled)
    typed = "Tổ chức 12 buổi tuyên truyền Bộ luật Lao động."
    type_text(screen.narrative, typed)
    question = (
        f"Tình hình thực hiện nhiệm vụ 4 {period_label(screen.shown_period)} có thay đổi chưa "
        "lưu. Lưu lại trước khi rời đi?"
    )

    seen = _click(monkeypatch, "unsavedCancel")
    _click_row(qtbot, window, "Tổng quan")
    assert seen == [question]
    assert window.stack.currentWidget() is screen
    assert window.sidebar.currentItem().text() == "Hoạt động"
    assert screen.narrative.toPlainText() == typed

    seen = _click(monkeypatch, "unsavedSave")
    window.close()
    assert seen == [question]
    assert not window.isVisible()
    assert narrative(shared(small_district), screen.shown_period, 4) == typed


class WorkScreen(QWidget):
    """A screen whose work runs until cancelled, like a long print."""

    def __init__(self, db_path: Path) -> None:
        super().__init__()
        self.setObjectName("workScreen")
        self.runner = TaskRunner(self)  # the real thread pool
        self.seen: list[str] = []

    def start(self) -> None:
        def work(progress: Any, token: CancelToken) -> str:
            progress(0.0, "Đang in trang 1…")
            for _ in range(3000):  # stops at the next check once cancelled
                if token.cancelled:
                    break
                time.sleep(0.01)
            progress(0.5, "Đang in trang 2…")
            return "đã in"

        self.runner.run(
            "Đang in…", work, self.seen.append, on_cancel=lambda: self.seen.append("hủy")
        )


BUSY = "Đang có việc chạy (in, xem trước, nhập…). Hủy việc đó và đóng?"


def test_closing_during_long_work_asks_cancels_and_waits(
    qtbot: QtBot,
    small_district: Path,
    monkeypatch: pytest.MonkeyPatch,
    capfd: pytest.CaptureFixture[str],
) -> None:
    monkeypatch.setattr(
        main_window, "SCREENS", [ScreenEntry("work", "Đang in", WorkScreen), *SCREENS]
    )
    window = MainWindow(small_district)
    qtbot.addWidget(window)
    window.show()
    screen = window.stack.currentWidget()
    screen.start()
    qtbot.waitUntil(lambda: screen.runner.showing)
    # The progress blocks the screen, not the window: the window system's close reaches it.
    progress = window.findChild(QWidget, "taskProgress")
    assert progress is not None and progress.isVisible()
    assert QApplication.activeModalWidget() is None
    assert not screen.isEnabled() and window.sidebar.isEnabled()

    with qtbot.captureExceptions() as exceptions:
        seen = _click(monkeypatch, "busyKeep")
        window.close()
        assert seen == [BUSY]
        assert window.isVisible() and screen.runner.busy  # «Để việc chạy tiếp»

        seen = _click(monkeypatch, "busyStop")
        window.close()
        assert seen == [BUSY]
        assert not window.isVisible()
        assert not screen.runner.busy and screen.seen == ["hủy"]  # stopped before closing
        assert screen.isEnabled()
    assert exceptions == []
    assert "Signal source has been deleted" not in capfd.readouterr().err


def test_closing_during_a_preview_cancels_it_without_a_traceback(
    qtbot: QtBot,
    small_district: Path,
    monkeypatch: pytest.MonkeyPatch,
    capfd: pytest.CaptureFixture[str],
) -> None:
    window = MainWindow(small_district)  # not left to qtbot: the window goes as the program ends
    window.show()
    window.open_report("member-list")
    reports = window.stack.currentWidget()
    with qtbot.captureExceptions() as exceptions:
        reports.preview()
        seen = _click(monkeypatch, "busyStop")
        window.close()
        assert seen == [BUSY]
        assert not window.isVisible() and not window.busy()
        window.deleteLater()  # as the application quits: nothing may still report to it
        qtbot.waitUntil(lambda: not isValid(window))
    assert exceptions == []
    assert "Signal source has been deleted" not in capfd.readouterr().err


@pytest.mark.parametrize("how", ["Hủy", "Esc", "close button"])
def test_the_office_dialog_asks_before_typed_changes_are_dropped(
    qtbot: QtBot, small_district: Path, monkeypatch: pytest.MonkeyPatch, how: str
) -> None:
    from desktop.services.office_settings import read_settings
    from desktop.ui.office_dialog import OfficeDialog

    dialog = OfficeDialog(small_district)
    qtbot.addWidget(dialog)
    dialog.show()
    dialog.fields["signer_name"].setText("Trần Thị Lan")

    def close() -> None:
        if how == "Hủy":
            dialog.findChild(QPushButton, "cancelButton").click()
        elif how == "Esc":
            qtbot.keyClick(dialog, Qt.Key.Key_Escape)
        else:
            dialog.close()

    question = "Thông tin đơn vị có thay đổi chưa lưu. Lưu lại trước khi rời đi?"
    seen = _click(monkeypatch, "unsavedCancel")
    close()
    assert seen == [question] and dialog.isVisible()
    assert dialog.fields["signer_name"].text() == "Trần Thị Lan"

    seen = _click(monkeypatch, "unsavedSave")
    close()
    assert seen == [question] and not dialog.isVisible()
    assert dialog.result() == 1
    assert read_settings(shared(small_district)).signer_name == "Trần Thị Lan"


def test_the_office_dialog_drops_changes_when_told_and_closes_quietly_when_clean(
    qtbot: QtBot, small_district: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from desktop.services.office_settings import read_settings
    from desktop.ui.office_dialog import OfficeDialog

    dialog = OfficeDialog(small_district)
    qtbot.addWidget(dialog)
    dialog.show()
    dialog.reject()  # nothing typed: no question (the conftest fails on any box)
    assert not dialog.isVisible()

    dialog = OfficeDialog(small_district)
    qtbot.addWidget(dialog)
    dialog.show()
    dialog.fields["place_name"].setText("")  # not even valid
    seen = _click(monkeypatch, "unsavedDiscard")
    dialog.reject()
    assert seen and not dialog.isVisible() and dialog.result() == 0
    assert read_settings(shared(small_district)).place_name == "Thạnh Phú"
