"""One window per database on this PC.

A lock file beside the database (`<db>.lock`, QLockFile: it records the process, and a lock left
by a process that died is taken over) refuses a second window on the same database, which would
otherwise save over the first one's changes. The window holding the lock also listens on a local
socket named from the database path; a refused start asks it there to come to the front.

The command line is not refused (its writes are all-or-nothing and forms check for changes made
elsewhere before saving). A province's PostgreSQL database gets no guard at all
(desktop.ui.main.open_window): several staff work on the server at once from their own PCs, each
write a unit of work under the server's write lock, and a lock file on one PC could not see the
others anyway. GUI thread only.
"""

from __future__ import annotations

import contextlib
import hashlib
import logging
import sys
from pathlib import Path

from PySide6.QtCore import QLockFile, QObject, Signal
from PySide6.QtNetwork import QLocalServer, QLocalSocket

log = logging.getLogger("uniondesk")
RAISE = b"raise\n"
ALREADY_OPEN = (
    "Cơ sở dữ liệu {path} đang mở trong một cửa sổ Union Desk khác{where}. "
    "Hãy làm việc trên cửa sổ đó: hai cửa sổ trên cùng một cơ sở dữ liệu sẽ ghi đè lên "
    "thay đổi của nhau."
)
CONNECT_MS = 1000
TRIES = 5  # the other window may be starting up: it takes its lock a moment before it listens


def lock_path(db_path: Path) -> Path:
    return Path(str(Path(db_path).resolve()) + ".lock")


def server_name(db_path: Path) -> str:
    """The same name for the same file however it was typed (relative, other case on Windows)."""
    text = str(Path(db_path).resolve())
    if sys.platform == "win32":
        text = text.lower()
    return "uniondesk-" + hashlib.sha256(text.encode("utf-8")).hexdigest()[:24]


class DatabaseGuard(QObject):
    """Holds the database for this window; `raise_requested` when another start wants it."""

    raise_requested = Signal()

    def __init__(self, db_path: Path, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.db_path = Path(db_path).resolve()
        self._lock = QLockFile(str(lock_path(self.db_path)))
        self._lock.setStaleLockTime(0)  # stale only when its process is gone, never by age
        self._server: QLocalServer | None = None
        self._clients: list[QLocalSocket] = []

    def acquire(self) -> bool:
        """True when this window may open the database (it then answers raise requests)."""
        if not self._lock.tryLock(0):
            if self._lock.error() == QLockFile.LockError.LockFailedError:
                return False
            # A folder this user cannot write to: nothing to guard with, the database opens.
            log.warning("Không tạo được khóa %s: %s", lock_path(self.db_path), self._lock.error())
            return True
        self._listen()
        return True

    def _listen(self) -> None:
        name = server_name(self.db_path)
        server = QLocalServer(self)
        server.setSocketOptions(QLocalServer.SocketOption.UserAccessOption)
        if not server.listen(name):
            # A socket left by a window that died: this process holds the lock now, so it is ours.
            QLocalServer.removeServer(name)
            if not server.listen(name):
                log.warning("Không mở được kênh %s: %s", name, server.errorString())
                return
        server.newConnection.connect(self._accept)
        self._server = server

    def _accept(self) -> None:
        assert self._server is not None
        while self._server.hasPendingConnections():
            client = self._server.nextPendingConnection()
            self._clients.append(client)
            client.readyRead.connect(lambda c=client: self._read(c))
            client.disconnected.connect(lambda c=client: self._drop(c))
            if client.bytesAvailable():
                self._read(client)

    def _read(self, client: QLocalSocket) -> None:
        if RAISE.strip() in bytes(client.readAll().data()):
            from desktop.ui.errors import setup_logging

            setup_logging()
            log.info("Một lần mở khác xin dùng %s: đưa cửa sổ này lên trước", self.db_path)
            self.raise_requested.emit()

    def _drop(self, client: QLocalSocket) -> None:
        from shiboken6 import isValid

        if client in self._clients:
            self._clients.remove(client)
        if isValid(client):  # not when it went with the server (the window closing)
            client.deleteLater()

    def holder(self) -> str:
        """Where the database is open, for the refusal: «» on this PC, else « trên máy X»."""
        ok, _pid, host, _app = _lock_info(self._lock)
        from PySide6.QtCore import QSysInfo

        if ok and host and host != QSysInfo.machineHostName():
            return f" trên máy {host}"
        return ""

    def ask_to_raise(self) -> bool:
        """Ask the window holding the database to come to the front; True when it was asked."""
        ok, pid, _host, _app = _lock_info(self._lock)
        if ok and sys.platform == "win32":
            import ctypes

            # Windows lets only the process the user is using bring another one forward.
            ctypes.windll.user32.AllowSetForegroundWindow(int(pid))  # type: ignore[attr-defined]
        for _ in range(TRIES):
            socket = QLocalSocket()
            socket.connectToServer(server_name(self.db_path))
            if socket.waitForConnected(CONNECT_MS):
                socket.write(RAISE)
                socket.flush()
                socket.waitForBytesWritten(CONNECT_MS)
                socket.disconnectFromServer()
                return True
            socket.abort()
            _pause(CONNECT_MS // 5)
        return False

    def release(self) -> None:
        from shiboken6 import isValid

        for client in self._clients:
            if isValid(client):
                client.disconnected.disconnect()
        self._clients.clear()
        if self._server is not None:
            self._server.close()
            self._server = None
        if self._lock.isLocked():
            self._lock.unlock()

    def refusal(self) -> str:
        return ALREADY_OPEN.format(path=self.db_path, where=self.holder())


def _lock_info(lock: QLockFile) -> tuple[bool, int, str, str]:
    try:
        pid, host, app = lock.getLockInfo()
    except (RuntimeError, ValueError, TypeError):
        return False, 0, "", ""
    return bool(pid), int(pid), str(host), str(app)


def _pause(ms: int) -> None:
    from PySide6.QtCore import QThread

    QThread.msleep(ms)


def can_show_box() -> bool:
    """False offscreen (tests, a screenshot run): nobody could see the box to close it."""
    from PySide6.QtGui import QGuiApplication

    return QGuiApplication.platformName() != "offscreen"


def refuse(guard: DatabaseGuard, parent: object | None = None) -> None:
    """Say why the database does not open (stderr, and a message box where one can be seen),
    after asking the window that holds it to come to the front."""
    guard.ask_to_raise()
    message = guard.refusal()
    with contextlib.suppress(OSError, AttributeError, ValueError):  # a windowed build: no console
        print(message, file=sys.stderr, flush=True)
    if not can_show_box():
        return
    from PySide6.QtWidgets import QMessageBox, QWidget

    box = QMessageBox(parent if isinstance(parent, QWidget) else None)
    box.setObjectName("databaseAlreadyOpen")
    box.setIcon(QMessageBox.Icon.Information)
    box.setWindowTitle("Union Desk")
    box.setText(message)
    box.addButton("Đóng", QMessageBox.ButtonRole.AcceptRole)
    box.exec()
