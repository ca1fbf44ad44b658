"""Starting the GUI: application object, schema check, the main window or a screenshot.

Kept light on imports: only what the first paint needs is loaded before the window shows.
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QMargins, QRect, QSettings, QSize, Qt, QTimer
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QApplication, QMessageBox, QWidget

if TYPE_CHECKING:
    from desktop.services.accounts import SignedIn

from desktop.errors import UserError
from desktop.migrations import HEAD
from desktop.ui.translations import install_translations

SCREENSHOT_SIZE = (1280, 800)
PREFERRED_SIZE = (1280, 800)  # on a smaller screen the window takes what the screen offers
# The frame before the platform tells it: Windows 10/11 and GNOME title bars and borders, rounded up.
FRAME_GUESS = QMargins(8, 40, 8, 8)
_windows: list[QWidget] = []  # windows opened from a window outlive their opener


def _settle(app: QApplication) -> None:
    """Let screens finish their background loading so the picture shows their data."""
    from PySide6.QtCore import QThreadPool

    for _ in range(3):
        QThreadPool.globalInstance().waitForDone(60_000)
        app.processEvents()


def _application() -> QApplication:
    app = QApplication.instance()
    if app is None:
        app = QApplication(sys.argv)
        app.setApplicationName("Union Desk")
        app.setOrganizationName("UnionDesk")
        install_translations(app)
    return app  # type: ignore[return-value]


def is_server(db_path: Path | str) -> bool:
    """A province's PostgreSQL database (a postgresql:// URL) rather than an office's file."""
    from desktop.store.target import is_url

    return is_url(db_path)


def prepare_database(db_path: Path | str) -> None:
    """Bring the database to the newest schema. A file is looked at first, so Alembic is imported
    only when there is work to do; a server's database is upgraded by opening its shared store
    (the one the window then uses)."""
    if is_server(db_path):
        from desktop.store import shared

        shared(db_path)
        return
    from desktop.store.probe import schema_revision_fast

    db_path = Path(db_path)
    if schema_revision_fast(db_path) != HEAD:
        from desktop.store.schema import ensure_schema

        ensure_schema(db_path)


def sign_in_first(db_path: Path | str, parent: QWidget | None = None) -> tuple[bool, object]:
    """(True, the account) once someone signed in on a database with accounts, (True, None)
    on one without (nobody signs in: every right, as before accounts); (False, None) when the
    login was left with «Thoát»."""
    from desktop.services.accounts import has_accounts

    if not has_accounts(db_path):
        return True, None
    from desktop.services.dashboard import office_name
    from desktop.store import shared
    from desktop.store.probe import Peek
    from desktop.ui.login_dialog import ask_sign_in

    # A file is peeked at (the login paints before SQLAlchemy loads); a server read by its store.
    office = office_name(shared(db_path) if is_server(db_path) else Peek(Path(db_path)))
    user = ask_sign_in(db_path, office or "", parent)
    return user is not None, user


def database_key(db_path: Path | str) -> str:
    """The same text for the same database however it was typed: a file's resolved path, a
    server's URL without its password."""
    if is_server(db_path):
        from desktop.store.target import parse_target

        return parse_target(db_path).label
    return str(Path(db_path).resolve())


def open_window(
    db_path: Path | str, parent: QWidget | None = None, *, signed_in: SignedIn | None = None
) -> QWidget | None:
    """A window on `db_path`, after the login when the database has accounts; a database
    already open in a window of this program brings that window to the front, one open in
    another copy of the program is refused, and a login left with «Thoát» opens nothing
    (None). `signed_in` is an account that has just proven itself on this database (the
    administrator the setup wizard created from a password typed twice): no login then."""
    from shiboken6 import isValid

    from desktop.services.accounts import sign_in_as
    from desktop.ui.instance import DatabaseGuard, refuse
    from desktop.ui.main_window import MainWindow

    key = database_key(db_path)
    _windows[:] = [w for w in _windows if isValid(w)]
    for open_one in _windows:
        if open_one.isVisible() and database_key(open_one.db_path) == key:  # type: ignore[attr-defined]
            open_one.bring_to_front()  # type: ignore[attr-defined]
            return open_one
    # A file is one office's, worked on in one window at a time (a second would save over the
    # first's changes): its lock file refuses another copy of the program. A province's server
    # is worked on by several staff at once from their own PCs, each write in its own unit of
    # work under the server's write lock: no lock file, another copy may open it too.
    guard = None if is_server(db_path) else DatabaseGuard(Path(db_path))
    if guard is not None and not guard.acquire():
        refuse(guard, parent)
        return None
    try:
        prepare_database(db_path)
        signed, user = (
            (True, signed_in) if signed_in is not None else sign_in_first(db_path, parent)
        )
    except UserError as exc:
        if guard is not None:
            guard.release()
        _say_not_opened(exc.message, parent)
        return None
    if not signed:
        if guard is not None:
            guard.release()
        return None
    sign_in_as(user)  # type: ignore[arg-type]
    window = MainWindow(db_path, user=user)
    window.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    window.guard = guard  # type: ignore[attr-defined]
    if guard is not None:
        guard.setParent(window)
        guard.raise_requested.connect(window.bring_to_front)
    if not is_server(db_path):  # a server's database is backed up by the server's own tools
        from desktop.ui.backup_schedule import attach as attach_backups

        window.backups = attach_backups(window, Path(db_path))  # type: ignore[attr-defined]
    geometry = QSettings().value("mainWindow/geometry")
    if geometry is None or not window.restoreGeometry(geometry):
        window.resize(*PREFERRED_SIZE)
    wanted = window.size()
    fit_to_screen(window, FRAME_GUESS)
    window.show()

    def refit() -> None:
        # Once shown the platform knows the real frame: the size wanted, fitted with that frame.
        if isValid(window):
            fit_to_screen(window, wanted=wanted)

    QTimer.singleShot(0, window, refit)
    _windows.append(window)
    return window


def _say_not_opened(message: str, parent: QWidget | None) -> None:
    """Why the database did not open (a server that does not answer, a damaged file): on stderr
    for whoever started the program from a console, and in a box where one can be seen."""
    import contextlib

    from desktop.ui.instance import can_show_box

    with contextlib.suppress(OSError, AttributeError, ValueError):  # a windowed build: no console
        print(message, file=sys.stderr, flush=True)
    if can_show_box():
        QMessageBox.warning(parent, "Union Desk", message)


def fit_to_screen(
    window: QWidget, frame: QMargins | None = None, wanted: QSize | None = None
) -> None:
    """Keep the whole window, frame and status bar included, within its screen's available
    area: a size remembered on a bigger screen shrinks, a window that would stick out is centred.

    `frame` is the frame around the inside (by default the window's own once it is shown, or
    FRAME_GUESS while the platform has not said); `wanted` the size to fit instead of the
    current one (the one shrunk to a guessed frame may grow back)."""
    if window.isMaximized() or window.isFullScreen():
        return
    screen = window.screen() or QGuiApplication.primaryScreen()
    if screen is None:
        return
    inner, outer = window.geometry(), window.frameGeometry()
    if frame is None:
        frame = QMargins(
            inner.left() - outer.left(),
            inner.top() - outer.top(),
            outer.right() - inner.right(),
            outer.bottom() - inner.bottom(),
        )
        if frame.isNull():  # not told yet (or no frame at all): the guess is the safe side
            frame = FRAME_GUESS
    if wanted is not None:
        inner = QRect(inner.topLeft(), wanted)
    fitted = placed(inner, frame, screen.availableGeometry())
    if fitted != inner:
        window.setGeometry(fitted)


def placed(inner: QRect, frame: QMargins, available: QRect) -> QRect:
    """Where the inside of a window goes so that it and its `frame` fit in `available`."""
    width = min(inner.width(), available.width() - frame.left() - frame.right())
    height = min(inner.height(), available.height() - frame.top() - frame.bottom())
    outer = QRect(
        inner.x() - frame.left(),
        inner.y() - frame.top(),
        width + frame.left() + frame.right(),
        height + frame.top() + frame.bottom(),
    )
    if not available.contains(outer):
        outer.moveCenter(available.center())
    return QRect(outer.x() + frame.left(), outer.y() + frame.top(), width, height)


def _make_demo(db_path: Path, interactive: bool) -> None:
    from desktop.demo import generate_demo

    if not interactive:
        generate_demo(db_path)
        return
    from PySide6.QtCore import Qt
    from PySide6.QtWidgets import QProgressDialog

    dialog = QProgressDialog("Đang tạo huyện mẫu…", "", 0, 100)
    dialog.setCancelButton(None)
    dialog.setWindowTitle("Union Desk")
    dialog.setWindowModality(Qt.WindowModality.ApplicationModal)
    dialog.show()

    def progressed(fraction: float) -> None:
        # Generation takes about a second: a repaint per step keeps the dialog alive without a thread.
        dialog.setValue(int(fraction * 100))
        QApplication.processEvents()

    generate_demo(db_path, progress=progressed)
    dialog.close()


def run_gui(
    db_path: Path | str,
    *,
    screenshot: Path | None = None,
    screen: str | None = None,
    demo: bool = False,
    size: tuple[int, int] | None = None,
) -> int:
    """Open the window on `db_path` (exit code of the event loop), or save a screenshot of the
    window at `size` (1280×800 by default) and exit."""
    from desktop.ui.main_window import MainWindow, all_screen_names

    if screen is not None and screen not in all_screen_names():
        print(
            f"Không có màn hình «{screen}». Các màn hình: {', '.join(all_screen_names())}.",
            file=sys.stderr,
        )
        return 2
    app = _application()
    # Only a file can be missing: a server's database opens, or gets its schema, through the store.
    missing = not is_server(db_path) and not Path(db_path).exists()
    if not demo and missing and screenshot is None:
        return first_run(app, Path(db_path))
    if demo and missing:
        _make_demo(Path(db_path), interactive=screenshot is None)
        missing = False
    if missing and screenshot is not None:
        raise UserError(
            f"Không tìm thấy cơ sở dữ liệu {db_path}. Hãy kiểm tra lại đường dẫn (--db)."
        )
    if screenshot is not None:
        from desktop.services.accounts import current_user, has_accounts
        from desktop.store.target import parse_target

        prepare_database(db_path)
        # A file is looked at without SQLAlchemy, as a window's start does (has_accounts).
        if has_accounts(db_path) and current_user() is None:
            # A picture of the data is a view of it: only for an account that signed in.
            raise UserError(
                f"Cơ sở dữ liệu {parse_target(db_path).label} có tài khoản: chụp màn hình cần đăng nhập "
                "(--user TÊN, mật khẩu từ UNIONDESK_PASSWORD hoặc gõ khi được hỏi)."
            )
        window = MainWindow(db_path)
        width, height = size or SCREENSHOT_SIZE
        window.resize(width, height)
        # Laid out as on screen (a screen that needs more room widens the window) but never shown.
        window.setAttribute(Qt.WidgetAttribute.WA_DontShowOnScreen)
        window.show()
        if screen:
            window.show_screen(screen)
        _settle(app)
        if (window.width(), window.height()) != (width, height):
            # A picture of another size than asked would pass unnoticed in a script: refused.
            least = window.minimumSizeHint().expandedTo(window.minimumSize())
            if least.width() <= width and least.height() <= height:
                least = window.size()  # the hint did not tell (height for width): what it took
            print(
                f"Cửa sổ không thu nhỏ được tới {width}x{height}: màn hình "
                f"«{screen or 'dashboard'}» cần ít nhất {least.width()}x{least.height()}.",
                file=sys.stderr,
            )
            window.close()
            return 2
        window.grab().save(str(screenshot))
        return 0
    if open_window(db_path) is None:
        return 1
    return _event_loop(app)


def first_run(app: QApplication, db_path: Path) -> int:
    """No database yet: the setup wizard instead of an error. The demo opens as `--demo` opens
    it; a new office opens signed in as its administrator; «Thoát» ends the program (0)."""
    from desktop import paths
    from desktop.services.setup_flow import DEMO
    from desktop.ui.setup_wizard import SetupWizard, after_setup

    wizard = SetupWizard(db_path)
    wizard.exec()
    if wizard.choice == DEMO:
        demo_path = paths.demo_db_path()
        if not demo_path.exists():
            _make_demo(demo_path, interactive=True)
        window = open_window(demo_path)
    elif wizard.created is not None:
        window = after_setup(wizard.created)
    else:
        return 0
    if window is None:
        return 1
    return _event_loop(app)


def _event_loop(app: QApplication) -> int:
    code = app.exec()
    # Windows closing waited for their work; nothing else may still report into a program
    # that is ending («Signal source has been deleted»).
    from PySide6.QtCore import QThreadPool

    QThreadPool.globalInstance().waitForDone()
    return code
