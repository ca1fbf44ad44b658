"""The task runner: success, a user error, cancel, and the real thread pool."""

from __future__ import annotations

import time
from typing import Any

import pytest
from pytestqt.qtbot import QtBot

from desktop.errors import Cancelled, UserError
from desktop.progress import CancelToken
from desktop.ui.tasks import SynchronousPool, TaskRunner


def test_success_delivers_the_result_and_progress(qtbot: QtBot) -> None:
    runner = TaskRunner(pool=SynchronousPool())
    seen: list[Any] = []

    def work(progress: Any, token: CancelToken) -> int:
        progress(0.5, "nửa chừng")
        return 42

    task = runner.run("Đang làm", work, seen.append)
    assert seen == [42]
    assert not runner.busy
    assert task.token.cancelled is False


def test_user_error_goes_to_the_failure_callback(qtbot: QtBot) -> None:
    runner = TaskRunner(pool=SynchronousPool())
    failures: list[BaseException] = []

    def work(progress: Any, token: CancelToken) -> None:
        raise UserError("Tệp danh sách.xlsx, dòng 7, cột «Số CCCD»: thiếu số.")

    runner.run("Nhập", work, lambda _: pytest.fail("must not succeed"), failures.append)
    assert [str(f) for f in failures] == ["Tệp danh sách.xlsx, dòng 7, cột «Số CCCD»: thiếu số."]


def test_cancel_is_silent(qtbot: QtBot) -> None:
    runner = TaskRunner(pool=SynchronousPool())
    failures: list[BaseException] = []
    reached: list[str] = []

    def work(progress: Any, token: CancelToken) -> None:
        token.cancel()  # as the dialog's Hủy button does
        progress(0.1, "")  # the next progress step notices the cancel
        reached.append("after cancel")

    runner.run("Nhập", work, lambda _: pytest.fail("must not succeed"), failures.append)
    assert failures == [] and reached == []
    token = CancelToken()
    token.cancel()
    with pytest.raises(Cancelled):
        token.check()


def test_real_thread_pool_delivers_on_the_gui_thread(qtbot: QtBot) -> None:
    from PySide6.QtCore import QThread

    runner = TaskRunner()
    results: list[tuple[int, bool]] = []
    gui_thread = QThread.currentThread()

    def work(progress: Any, token: CancelToken) -> int:
        return sum(range(1000))

    task = runner.run(
        "Tính", work, lambda r: results.append((r, QThread.currentThread() is gui_thread))
    )
    with qtbot.waitSignal(task.signals.finished, timeout=5000, raising=False):
        pass
    qtbot.waitUntil(lambda: bool(results), timeout=5000)
    assert results == [(499500, True)]
    qtbot.waitUntil(lambda: not runner.busy, timeout=5000)


def test_a_screen_rebuilt_while_its_work_runs_gets_no_callback(qtbot: QtBot) -> None:
    import threading

    from PySide6.QtCore import QThreadPool
    from PySide6.QtWidgets import QLabel, QWidget

    screen = QWidget()
    label = QLabel("đang tính", screen)
    runner = TaskRunner(screen, pool=QThreadPool.globalInstance())
    release = threading.Event()

    def work(progress: Any, token: CancelToken) -> str:
        release.wait(5)
        return "xong"

    task = runner.run("Đang tính", work, label.setText)
    screen.deleteLater()  # the main window rebuilds its screens after an import or a restore
    qtbot.waitUntil(lambda: not runner._alive())
    with qtbot.waitSignal(task.signals.finished, timeout=5000):
        release.set()
    # Reaching here without "Internal C++ object already deleted" is the point.


def _until_cancelled(started: Any) -> Any:
    def work(progress: Any, token: CancelToken) -> str:
        started.set()
        for _ in range(3000):  # real work checks between steps
            if token.cancelled:
                break
            time.sleep(0.01)
        progress(1.0, "")  # the check that stops it
        return "xong"

    return work


def test_cancel_all_and_wait_stop_the_work_under_way(qtbot: QtBot) -> None:
    import threading

    runner = TaskRunner()
    started = threading.Event()
    said: list[str] = []
    runner.run(
        "Đang in…", _until_cancelled(started), said.append, on_cancel=lambda: said.append("hủy")
    )
    assert started.wait(10)
    assert runner.busy
    runner.cancel_all()
    assert runner.wait()
    assert said == ["hủy"] and not runner.busy
    assert runner.wait()  # nothing left: at once


def _screen_in_window(qtbot: QtBot) -> tuple[Any, Any]:
    """A shown window whose central widget is a screen: (window, screen)."""
    from PySide6.QtWidgets import QMainWindow, QWidget

    window = QMainWindow()
    qtbot.addWidget(window)
    screen = QWidget()
    window.setCentralWidget(screen)
    window.show()
    return window, screen


def test_a_screens_progress_blocks_that_screen_not_the_window(qtbot: QtBot) -> None:
    import threading

    from PySide6.QtCore import Qt
    from PySide6.QtWidgets import QApplication, QProgressDialog, QPushButton

    window, screen = _screen_in_window(qtbot)
    runner = TaskRunner(screen)
    started = threading.Event()
    runner.run("Đang xem trước…", _until_cancelled(started), lambda _r: None)
    qtbot.waitUntil(lambda: runner.showing)
    dialog = window.findChild(QProgressDialog, "taskProgress")
    assert dialog is not None and dialog.isVisible() and dialog.labelText() == "Đang xem trước…"
    assert dialog.windowModality() == Qt.WindowModality.NonModal
    assert QApplication.activeModalWidget() is None
    assert not screen.isEnabled() and window.isEnabled() and dialog.isEnabled()
    cancel = dialog.findChild(QPushButton)
    assert cancel.text() == "Hủy"
    cancel.click()
    assert runner.wait()
    assert screen.isEnabled() and not runner.showing
    qtbot.waitUntil(lambda: window.findChild(QProgressDialog, "taskProgress") is None)


def test_the_windows_own_work_keeps_the_window_modal(qtbot: QtBot) -> None:
    import threading

    from PySide6.QtCore import Qt
    from PySide6.QtWidgets import QMainWindow, QProgressDialog

    window = QMainWindow()
    qtbot.addWidget(window)
    window.show()
    runner = TaskRunner(window)  # backup and restore: nothing else may run meanwhile
    started = threading.Event()
    runner.run("Đang sao lưu…", _until_cancelled(started), lambda _r: None)
    dialog = window.findChild(QProgressDialog, "taskProgress")
    assert dialog.windowModality() == Qt.WindowModality.WindowModal
    runner.cancel_all()
    assert runner.wait()
    assert window.isEnabled()


def test_quiet_work_never_shows_a_dialog_nor_blocks_its_screen(qtbot: QtBot) -> None:
    import threading

    from PySide6.QtWidgets import QProgressDialog

    from desktop.ui.tasks import SHOW_AFTER_MS

    window, screen = _screen_in_window(qtbot)
    runner = TaskRunner(screen)
    started = threading.Event()
    runner.run("Đang tính…", _until_cancelled(started), lambda _r: None, quiet=True)
    assert started.wait(5)
    qtbot.wait(SHOW_AFTER_MS + 400)  # past the moment a dialog would show
    assert runner.busy and not runner.showing
    assert window.findChild(QProgressDialog, "taskProgress") is None
    assert screen.isEnabled()
    runner.cancel_all()
    assert runner.wait()
    assert not runner.busy
