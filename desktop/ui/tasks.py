"""The one task runner: long work off the GUI thread, with progress, Cancel and error display.

A work function takes a Qt-free progress callback and a CancelToken and returns a value; the runner
delivers progress, success and failure on the GUI thread. Tests pass a synchronous pool.
"""

from __future__ import annotations

import logging
import traceback
from collections.abc import Callable
from typing import Any, Protocol

from PySide6.QtCore import QEventLoop, QObject, QRunnable, Qt, QThreadPool, QTimer, Signal
from PySide6.QtGui import QShowEvent
from PySide6.QtWidgets import QMainWindow, QProgressDialog, QWidget

from desktop.errors import Cancelled
from desktop.progress import CancelToken

log = logging.getLogger(__name__)
SHOW_AFTER_MS = 600  # quick work never flashes a dialog
WAIT_MS = 60_000  # how long closing waits for cancelled work to stop

Work = Callable[[Callable[[float, str], None], CancelToken], Any]


class Pool(Protocol):
    def start(self, runnable: QRunnable) -> None: ...


class SynchronousPool:
    """Runs each task at once on the calling thread: deterministic tests."""

    def start(self, runnable: QRunnable) -> None:
        runnable.run()


class TaskSignals(QObject):
    progressed = Signal(float, str)
    succeeded = Signal(object)
    failed = Signal(object)  # the exception
    finished = Signal()


class Task(QRunnable):
    def __init__(self, work: Work) -> None:
        super().__init__()
        self.work = work
        self.signals = TaskSignals()
        self.token = CancelToken()
        self.setAutoDelete(False)  # the Python side keeps it (below) until its worker is done
        _alive.add(self)
        self.signals.finished.connect(lambda: retire(self))

    def run(self) -> None:
        try:
            result = self.work(self._progress, self.token)
        except BaseException as exc:  # delivered to the GUI thread, never lost in a worker
            if not isinstance(exc, Cancelled):
                exc.__traceback_text__ = traceback.format_exc()  # type: ignore[attr-defined]
            self.signals.failed.emit(exc)
        else:
            self.signals.succeeded.emit(result)
        finally:
            self.signals.finished.emit()

    def _progress(self, fraction: float, text: str = "") -> None:
        self.token.check()
        self.signals.progressed.emit(fraction, text)


# Tasks whose `finished` reached the GUI thread while their worker may still be returning from
# `run`: freed (even by the garbage collector, through the cycle task ↔ signals ↔ slots) at
# that moment, the worker finished inside a deleted object and the process crashed. They are
# kept until no worker of the pool runs any task.
_alive: set[Task] = set()  # started or about to be: whoever asked for it may be gone already
_retired: list[Task] = []
BURY_AFTER_MS = 100


def retire(task: Task) -> None:
    """Drop `task` once its worker has surely left it. Runs on the GUI thread (its `finished`)."""
    _alive.discard(task)
    _retired.append(task)
    if len(_retired) == 1:
        QTimer.singleShot(BURY_AFTER_MS, _bury)


def _bury() -> None:
    if QThreadPool.globalInstance().activeThreadCount() == 0:
        _retired.clear()
    elif _retired:
        QTimer.singleShot(BURY_AFTER_MS, _bury)


class TaskDialog(QProgressDialog):
    """The progress dialog; `shown` tells the runner the work became long enough to show."""

    shown = Signal()

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        self.shown.emit()


class TaskRunner(QObject):
    """Starts tasks; shows a progress dialog with Cancel for those that take a while.

    The dialog of a screen's work blocks only that screen (it is disabled while the dialog
    shows), so the window can still be closed, which asks to cancel the work; the main
    window's own work (backup, restore) keeps the whole window modal.
    """

    def __init__(self, parent: QWidget | None = None, pool: Pool | None = None) -> None:
        super().__init__(parent)
        self._pool: Pool = pool or QThreadPool.globalInstance()
        self._running: set[Task] = set()
        self._parent = parent
        self._shown: set[Task] = set()  # work long enough that its dialog shows
        self._blocked = 0  # tasks whose dialog blocks the owner screen; it is disabled while > 0
        self._waiting: list[QEventLoop] = []  # `wait` calls to wake when a task ends

    def run(
        self,
        title: str,
        work: Work,
        on_success: Callable[[Any], None],
        on_failure: Callable[[BaseException], None] | None = None,
        on_cancel: Callable[[], None] | None = None,
        *,
        quiet: bool = False,
    ) -> Task:
        """Start `work`; callbacks run on the GUI thread. Call from the GUI thread.

        A Cancel reaches `on_cancel` (a page that waits for the result must say it will not come).
        `quiet` work never shows a progress dialog nor disables its screen, however long it takes:
        a screen's own loading that the screen shows as under way (the dashboard's panel at
        start-up); closing the window cancels it without a question.
        """
        from desktop.ui.errors import present_error

        task = Task(work)
        dialog = None if quiet else self._dialog(title)
        if dialog is not None:
            dialog.canceled.connect(task.token.cancel)
        blocking = [False]

        def shown() -> None:
            self._shown.add(task)
            if not blocking[0] and self._block(True):
                blocking[0] = True

        def progressed(fraction: float, text: str) -> None:
            if dialog is not None and _valid(dialog):
                dialog.setValue(int(max(0.0, min(1.0, fraction)) * 1000))
                if text:
                    dialog.setLabelText(text)

        def failed(exc: BaseException) -> None:
            if isinstance(exc, Cancelled):  # silent, unless the caller must say what is left
                if on_cancel is not None:
                    on_cancel()
                return
            (on_failure or (lambda e: present_error(self._parent, e)))(exc)

        def finished() -> None:
            self._running.discard(task)
            self._shown.discard(task)
            for loop in self._waiting:
                loop.quit()
            if blocking[0]:
                blocking[0] = False
                self._block(False)
            if dialog is not None and _valid(dialog):  # gone with its rebuilt screen's parent
                dialog.canceled.disconnect(task.token.cancel)  # closing emits `canceled`
                dialog.close()
                dialog.deleteLater()

        def succeeded(result: Any) -> None:
            if self._alive():
                on_success(result)

        def failed_alive(exc: BaseException) -> None:
            if self._alive():
                failed(exc)

        if dialog is not None:
            dialog.shown.connect(shown)
        task.signals.progressed.connect(progressed)
        task.signals.succeeded.connect(succeeded)
        task.signals.failed.connect(failed_alive)
        task.signals.finished.connect(finished)
        self._running.add(task)
        self._pool.start(task)
        return task

    def _dialog(self, title: str) -> TaskDialog:
        owner = self._parent
        # A screen's dialog belongs to its window, so disabling the screen leaves the dialog alive.
        parent = owner.window() if owner is not None and not owner.isWindow() else owner
        dialog = TaskDialog(title, "Hủy", 0, 1000, parent)
        dialog.setObjectName("taskProgress")
        dialog.setAccessibleName(title)
        dialog.setWindowTitle("Union Desk")
        if isinstance(owner, QMainWindow):
            dialog.setWindowModality(Qt.WindowModality.WindowModal)
        dialog.setMinimumDuration(SHOW_AFTER_MS)
        dialog.setAutoClose(False)
        dialog.setAutoReset(False)
        dialog.setValue(0)
        return dialog

    def _block(self, on: bool) -> bool:
        """Disable a screen (never a window: its dialogs would go too) while its work shows."""
        owner = self._parent
        if owner is None or not _valid(owner) or owner.isWindow():
            return False
        self._blocked += 1 if on else -1
        owner.setEnabled(self._blocked == 0)
        return True

    @property
    def pool(self) -> Pool:
        """Where this runner's work runs; a dialog with its own runner shares it."""
        return self._pool

    def _alive(self) -> bool:
        """False once the widget that asked for the work is gone (the screens are rebuilt after a
        restore or an import): its callbacks would touch deleted labels."""
        return self._parent is None or _valid(self._parent)

    @property
    def busy(self) -> bool:
        return bool(self._running)

    @property
    def showing(self) -> bool:
        """Work the user sees under way (its progress dialog shows), not a quick load."""
        return bool(self._shown)

    def cancel_all(self) -> None:
        """Ask every task under way to stop at its next check (work stops, nothing half-written)."""
        for task in list(self._running):
            task.token.cancel()

    def wait(self, timeout_ms: int = WAIT_MS) -> bool:
        """Run the event loop until every task has finished (its callbacks delivered), or until
        `timeout_ms`; True when none is left. GUI thread only."""
        if not self._running:
            return True
        loop = QEventLoop()
        timer = QTimer()
        timer.setSingleShot(True)
        timer.timeout.connect(loop.quit)
        timer.start(timeout_ms)
        self._waiting.append(loop)
        try:
            while self._running and timer.isActive():
                loop.exec()
        finally:
            self._waiting.remove(loop)
            timer.stop()
        return not self._running


def _valid(obj: QObject) -> bool:
    from shiboken6 import isValid as valid

    return bool(valid(obj))


BUSY_QUESTION = "Đang có việc chạy (in, xem trước, nhập…). Hủy việc đó và {then}?"


def ask_cancel_work(parent: QWidget | None, then: str = "đóng") -> bool:
    """Ask whether to cancel the work under way before `then` (Vietnamese verb: «đóng», «khôi
    phục»…); True to cancel it. Esc keeps the work running. GUI thread only."""
    from PySide6.QtWidgets import QMessageBox

    box = QMessageBox(parent)
    box.setObjectName("busyQuestion")
    box.setIcon(QMessageBox.Icon.Question)
    box.setWindowTitle("Đang có việc chạy")
    box.setText(BUSY_QUESTION.format(then=then))
    stop = box.addButton(f"Hủy việc và {then}", QMessageBox.ButtonRole.AcceptRole)
    keep = box.addButton("Để việc chạy tiếp", QMessageBox.ButtonRole.RejectRole)
    stop.setObjectName("busyStop")
    keep.setObjectName("busyKeep")
    box.setDefaultButton(keep)
    box.setEscapeButton(keep)
    box.exec()
    return box.clickedButton() is stop
