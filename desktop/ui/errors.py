"""The one place errors reach the user: a UserError's own message, anything else via the log."""

from __future__ import annotations

import logging
import os

from PySide6.QtWidgets import QMessageBox, QWidget

from desktop import paths
from desktop.errors import Cancelled, UserError
from desktop.storage_errors import storage_refusal

log = logging.getLogger("uniondesk")


def log_file() -> str:
    return str(paths.log_dir() / "uniondesk.log")


def setup_logging() -> None:
    if any(isinstance(h, logging.FileHandler) for h in log.handlers):
        return
    handler = logging.FileHandler(log_file(), encoding="utf-8")
    if os.name == "posix":
        os.chmod(log_file(), 0o600)  # a log from an older release may be 0644
    handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(name)s: %(message)s"))
    log.addHandler(handler)
    log.setLevel(logging.INFO)


def present_error(parent: QWidget | None, exc: BaseException) -> None:
    """Show `exc` to the user. Call from the GUI thread."""
    if isinstance(exc, Cancelled):
        return
    box = QMessageBox(parent)
    box.setObjectName("errorMessage")
    box.setWindowTitle("Union Desk")
    refusal = None if isinstance(exc, UserError) else storage_refusal(exc)
    if isinstance(exc, UserError):
        box.setIcon(QMessageBox.Icon.Warning)
        box.setText(exc.message)
    elif refusal is not None:  # the office can act on it: no log, no "unexpected"
        box.setIcon(QMessageBox.Icon.Warning)
        box.setText(refusal)
    else:
        setup_logging()
        detail = getattr(exc, "__traceback_text__", None) or repr(exc)
        log.error("Lỗi không mong đợi: %s\n%s", exc, detail)
        box.setIcon(QMessageBox.Icon.Critical)
        box.setText(
            "Đã xảy ra lỗi không mong đợi; dữ liệu chưa bị thay đổi.\n"
            f"Chi tiết đã được ghi vào tệp nhật ký:\n{log_file()}"
        )
    box.exec()
