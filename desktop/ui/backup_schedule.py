"""Automatic backups of a window's database: the day's backup while it is open, one on close.

The copies run on a worker (`desktop.services.auto_backup` in a `tasks.Task`) with a small
progress bar in the status bar, so the office keeps working while the day's copy is made. A
close waits for a copy under way and then makes its own, with a progress dialog and no Cancel:
the window goes only once that copy is on disk. A folder that failed is said in the status bar
(and on close in a message), in Vietnamese, never as a traceback.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from pathlib import Path
from typing import Any

from PySide6.QtCore import QEvent, QEventLoop, QObject, QThreadPool, QTimer, Signal
from PySide6.QtWidgets import QLabel, QMainWindow, QMessageBox, QProgressBar

from desktop.errors import UserError
from desktop.ui.tasks import Pool, Task

DAILY_CHECK_MS = 30 * 60 * 1000  # the date may change while the window stays open overnight
FIRST_CHECK_MS = 10_000  # after the first paint and the screens' first loads
SHOWN_MS = 60_000  # how long a problem stays in the status bar's message area

WORKING = "Đang sao lưu tự động…"
DONE = "Sao lưu tự động: {time}"
FAILED = "Sao lưu tự động: có lỗi"
CLOSING = "Đang sao lưu trước khi đóng…"
UNEXPECTED = (
    "Sao lưu tự động không thành công do lỗi không mong đợi; chi tiết đã được ghi vào tệp "
    "nhật ký: {log}"
)
CLOSE_PROBLEM_TITLE = "Sao lưu khi đóng"


class BackupSchedule(QObject):
    """The automatic backups of one window; `attach` makes it. GUI thread only."""

    backed_up = Signal(object)  # the AutoBackup (None: nothing was due, or it failed)

    def __init__(
        self,
        window: QMainWindow,
        db_path: Path,
        *,
        pool: Pool | None = None,
        interval_ms: int = DAILY_CHECK_MS,
        first_ms: int = FIRST_CHECK_MS,
    ) -> None:
        super().__init__(window)
        self.setObjectName("backupSchedule")
        self.window = window
        self.db_path = Path(db_path)
        self._pool: Pool = pool or QThreadPool.globalInstance()
        self._task: Task | None = None
        self._waiting: list[QEventLoop] = []
        self._asking = False  # the window is asking about its own close (unsaved work…)
        self._closing = False  # the close's backup is under way
        self._closed = False
        self.last: Any = None  # the newest AutoBackup, or the refusal text of a failed one
        self._said = ""

        self.bar = QProgressBar()
        self.bar.setObjectName("autoBackupProgress")
        self.bar.setAccessibleName(WORKING)
        self.bar.setRange(0, 1000)
        self.bar.setFixedWidth(90)
        self.bar.setTextVisible(False)
        self.bar.hide()
        self.label = QLabel()
        self.label.setObjectName("autoBackupStatus")
        window.statusBar().addPermanentWidget(self.bar)
        window.statusBar().addPermanentWidget(self.label)

        self.timer = QTimer(self)
        self.timer.setInterval(interval_ms)
        self.timer.timeout.connect(self.check_daily)
        self.timer.start()
        self.first = QTimer(self)
        self.first.setSingleShot(True)
        self.first.timeout.connect(self.check_daily)
        self.first.start(first_ms)
        window.installEventFilter(self)

    @property
    def busy(self) -> bool:
        return self._task is not None

    def check_daily(self) -> None:
        """Take the day's backup if none was taken today (on a worker)."""
        if self._task is not None or self._closing or self._closed:
            return
        from desktop.services.auto_backup import daily_backup

        self._start(lambda progress: daily_backup(self.db_path, progress=progress))

    def _start(self, job: Callable[[Callable[[float], None]], Any]) -> Task:
        def work(progress: Callable[[float, str], None], _token: object) -> Any:
            return job(lambda fraction: progress(fraction, ""))

        task = Task(work)
        task.signals.progressed.connect(self._progressed)
        task.signals.succeeded.connect(self._succeeded)
        task.signals.failed.connect(self._failed)
        task.signals.finished.connect(self._ended)
        self._task = task
        self._said = self.label.text()  # put back when nothing turns out to be due
        self.bar.setValue(0)
        self.bar.show()
        self.label.setText(WORKING)
        self._pool.start(task)
        return task

    def _progressed(self, fraction: float, _text: str) -> None:
        self.bar.setValue(int(max(0.0, min(1.0, fraction)) * 1000))

    def _succeeded(self, result: Any) -> None:
        if result is not None:
            self.last = result
            self.label.setText(DONE.format(time=f"{datetime.now():%H:%M}"))
            self.label.setToolTip(result.main.path if result.main is not None else "")
            if result.problems:
                self._say(" ".join(result.problems))
        else:
            self.label.setText(self._said)
        self.backed_up.emit(result)

    def _failed(self, exc: BaseException) -> None:
        self.last = refusal(exc)
        self._say(self.last)
        self.backed_up.emit(None)

    def _say(self, text: str) -> None:
        self.label.setText(FAILED)
        self.label.setToolTip(text)
        self.window.statusBar().showMessage(text, SHOWN_MS)

    def _ended(self) -> None:
        self._task = None
        self.bar.hide()
        for loop in self._waiting:
            loop.quit()

    def _wait(self) -> None:
        """Run the event loop until the backup under way has finished (its callbacks run)."""
        while self._task is not None:
            loop = QEventLoop()
            self._waiting.append(loop)
            try:
                loop.exec()
            finally:
                self._waiting.remove(loop)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() != QEvent.Type.Close or self._closed or watched is not self.window:
            return False
        if self._asking or self._closing:  # a second click on ✕ while the first is handled
            event.ignore()
            return True
        self._asking = True
        try:
            # The window's own close first: it may ask about unsaved work and stay open.
            self.window.event(event)
        finally:
            self._asking = False
        if event.isAccepted():
            self.back_up_before_close()
        return True

    def back_up_before_close(self) -> None:
        """Wait for a copy under way, then take the close's copy; returns once it is on disk."""
        from desktop.services.auto_backup import take_backup

        self._closing = True
        self.timer.stop()
        self.first.stop()
        try:
            self._wait()  # a day's copy under way ends first (its callbacks run)
            # The close's own copy runs here, on the GUI thread, with no event loop inside: the
            # window is going away, and an event loop turning inside its close let other work
            # (and the garbage collector) reach objects the close was deleting.
            self.window.statusBar().showMessage(CLOSING)
            self.window.statusBar().repaint()
            try:
                made = take_backup(self.db_path, "close", None, None)
            except Exception as exc:  # said to the user below; never stops the close
                self._failed(exc)
            else:
                self._succeeded(made)
        finally:
            self._closing = False
            self._closed = True
            # Nothing more to watch: the window is deleted next, and a filter called while it
            # is being destroyed would reach a half-deleted object.
            self.window.removeEventFilter(self)
        problems = self._close_problems()
        if problems:
            box = QMessageBox(self.window)
            box.setObjectName("closeBackupProblem")
            box.setIcon(QMessageBox.Icon.Warning)
            box.setWindowTitle(CLOSE_PROBLEM_TITLE)
            box.setText(problems)
            box.exec()

    def _close_problems(self) -> str:
        last = self.last
        if isinstance(last, str):
            return last
        return "\n\n".join(last.problems) if last is not None and last.kind == "close" else ""


def refusal(exc: BaseException) -> str:
    """The Vietnamese words for a backup that failed as a whole (a bug goes to the log)."""
    if isinstance(exc, UserError):
        return exc.message
    from desktop.storage_errors import storage_refusal

    said = storage_refusal(exc)
    if said is not None:
        return said
    from desktop.ui.errors import log, log_file, setup_logging

    setup_logging()
    detail = getattr(exc, "__traceback_text__", None) or repr(exc)
    log.error("Sao lưu tự động: lỗi không mong đợi\n%s", detail)
    return UNEXPECTED.format(log=log_file())


def attach(
    window: QMainWindow,
    db_path: Path,
    *,
    pool: Pool | None = None,
    interval_ms: int = DAILY_CHECK_MS,
    first_ms: int = FIRST_CHECK_MS,
) -> BackupSchedule:
    """Give `window` its automatic backups: the day's copy soon after it opens and whenever the
    date changes while it stays open, and a copy each time it closes. Call once, after the window
    is made (GUI thread)."""
    return BackupSchedule(window, db_path, pool=pool, interval_ms=interval_ms, first_ms=first_ms)
