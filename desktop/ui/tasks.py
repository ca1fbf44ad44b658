"""The one task runner: long work off the GUI thread, with progress, Cancel and error display.

A work function takes a Qt-free progress callback and a CancelToken and returns a value; the runner
delivers progress, success and failure on the GUI thread. Tests pass a synchronous pool.
"""

from __future__ import annotations

import logging
import traceback
from collections.abc import Callable
from typing import Any, Protocol

from PySide6.QtCore import QElapsedTimer, QObject, QRunnable, Qt, QThreadPool, Signal
from PySide6.QtWidgets import QProgressDialog, QWidget

from desktop.errors import Cancelled
from desktop.progress import CancelToken

log = logging.getLogger(__name__)
SHOW_AFTER_MS = 600  # quick work never flashes a dialog

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
        self.setAutoDelete(False)  # the Python side keeps it until `finished`

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


class TaskRunner(QObject):
    """Starts tasks; shows a progress dialog with Cancel for those that take a while."""

    def __init__(self, parent: QWidget | None = None, pool: Pool | None = None) -> None:
        super().__init__(parent)
        self._pool: Pool = pool or QThreadPool.globalInstance()
        self._running: set[Task] = set()
        self._parent = parent

    def run(
        self,
        title: str,
        work: Work,
        on_success: Callable[[Any], None],
        on_failure: Callable[[BaseException], None] | None = None,
        on_cancel: Callable[[], None] | None = None,
    ) -> Task:
        """Start `work`; callbacks run on the GUI thread. Call from the GUI thread.

        A Cancel reaches `on_cancel` (a page that waits for the result must say it will not come).
        """
        from desktop.ui.errors import present_error

        task = Task(work)
        dialog = QProgressDialog(title, "Hủy", 0, 1000, self._parent)
        dialog.setObjectName("taskProgress")
        dialog.setAccessibleName(title)
        dialog.setWindowTitle("Union Desk")
        dialog.setWindowModality(Qt.WindowModality.WindowModal)
        dialog.setMinimumDuration(SHOW_AFTER_MS)
        dialog.setAutoClose(False)
        dialog.setAutoReset(False)
        dialog.setValue(0)
        dialog.canceled.connect(task.token.cancel)
        clock = QElapsedTimer()
        clock.start()

        def progressed(fraction: float, text: str) -> None:
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
            if not self._alive():  # the dialog went with its parent
                return
            dialog.canceled.disconnect(task.token.cancel)  # closing the dialog emits `canceled`
            dialog.close()
            dialog.deleteLater()

        def succeeded(result: Any) -> None:
            if self._alive():
                on_success(result)

        def failed_alive(exc: BaseException) -> None:
            if self._alive():
                failed(exc)

        task.signals.progressed.connect(progressed)
        task.signals.succeeded.connect(succeeded)
        task.signals.failed.connect(failed_alive)
        task.signals.finished.connect(finished)
        self._running.add(task)
        self._pool.start(task)
        return task

    @property
    def pool(self) -> Pool:
        """Where this runner's work runs; a dialog with its own runner shares it."""
        return self._pool

    def _alive(self) -> bool:
        """False once the widget that asked for the work is gone (the screens are rebuilt after a
        restore or an import): its callbacks would touch deleted labels."""
        from shiboken6 import isValid

        return self._parent is None or isValid(self._parent)

    @property
    def busy(self) -> bool:
        return bool(self._running)
