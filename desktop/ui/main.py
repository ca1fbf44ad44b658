"""Starting the GUI: application object, schema check, the main window or a screenshot.

Kept light on imports: only what the first paint needs is loaded before the window shows.
"""

from __future__ import annotations

import sys
from pathlib import Path

from PySide6.QtCore import QSettings
from PySide6.QtWidgets import QApplication, QMessageBox, QWidget

from desktop.errors import UserError
from desktop.migrations import HEAD

SCREENSHOT_SIZE = (1280, 800)
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
    return app  # type: ignore[return-value]


def prepare_database(db_path: Path) -> None:
    """Bring the file to the newest schema; Alembic is imported only when there is work to do."""
    from desktop.services.dashboard import schema_revision_fast

    if schema_revision_fast(db_path) != HEAD:
        from desktop.models.db import ensure_schema

        ensure_schema(db_path)


def open_window(db_path: Path, parent: QWidget | None = None) -> QWidget | None:
    from desktop.ui.main_window import MainWindow

    try:
        prepare_database(db_path)
    except UserError as exc:
        QMessageBox.warning(parent, "Union Desk", exc.message)
        return None
    window = MainWindow(db_path)
    geometry = QSettings().value("mainWindow/geometry")
    if geometry is not None:
        window.restoreGeometry(geometry)
    else:
        window.resize(*SCREENSHOT_SIZE)
    window.show()
    _windows.append(window)
    return window


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
    db_path: Path, *, screenshot: Path | None = None, screen: str | None = None, demo: bool = False
) -> int:
    """Open the window on `db_path` (exit code of the event loop), or save a screenshot and exit."""
    from desktop.ui.main_window import MainWindow, screen_names

    if screen is not None and screen not in screen_names():
        print(
            f"Không có màn hình «{screen}». Các màn hình: {', '.join(screen_names())}.",
            file=sys.stderr,
        )
        return 2
    app = _application()
    if demo and not db_path.exists():
        _make_demo(db_path, interactive=screenshot is None)
    if not db_path.exists() and screenshot is not None:
        raise UserError(
            f"Không tìm thấy cơ sở dữ liệu {db_path}. Hãy kiểm tra lại đường dẫn (--db)."
        )
    if screenshot is not None:
        prepare_database(db_path)
        window = MainWindow(db_path)
        window.resize(*SCREENSHOT_SIZE)
        if screen:
            window.show_screen(screen)
        _settle(app)
        window.grab().save(str(screenshot))
        return 0
    if open_window(db_path) is None:
        return 1
    return app.exec()
