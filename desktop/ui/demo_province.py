"""`uniondesk --demo --province` in a window: the demo province made off the GUI thread, with
progress and Cancel, before the window opens on it (desktop/demo/province.py makes it)."""

from __future__ import annotations

import sys
from pathlib import Path

from PySide6.QtWidgets import QApplication

from desktop.ui.tasks import TaskRunner
from desktop.ui.translations import install_translations

TITLE = "Đang tạo tỉnh mẫu…"


def make_with_progress(path: Path) -> bool:
    """Write the demo province at `path`; False when the user cancelled (nothing written).
    A failure is raised again here, on the GUI thread."""
    from desktop.demo import province

    if QApplication.instance() is None:  # as desktop.ui.main makes it: the window reuses it
        app = QApplication(sys.argv)
        app.setApplicationName("Union Desk")
        app.setOrganizationName("UnionDesk")
        install_translations(app)
    outcome: dict[str, object] = {}

    def done(_result: object) -> None:
        outcome["done"] = True

    def failed(exc: BaseException) -> None:
        outcome["failed"] = exc

    runner = TaskRunner()
    runner.run(
        TITLE,
        lambda progress, cancel: province.make_demo_province(
            path, progress=progress, cancel=cancel
        ),
        on_success=done,
        on_failure=failed,
        on_cancel=lambda: None,
    )
    runner.wait(timeout_ms=30 * 60_000)
    problem = outcome.get("failed")
    if isinstance(problem, BaseException):
        raise problem
    return bool(outcome.get("done"))
