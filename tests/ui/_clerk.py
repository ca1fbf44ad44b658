"""What a clerk does, in a test: types Vietnamese text key by key, and answers the program's
real «Lưu / Không lưu / Hủy» box by clicking it."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QEvent, Qt, QTimer
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QApplication, QMessageBox, QPushButton, QWidget

# The conftest swaps QMessageBox.exec per test (a box offscreen would wait forever); a test that
# clicks the real box puts this back. Read at import, before any fixture swaps it.
REAL_EXEC = QMessageBox.exec
BUTTONS = {"save": "unsavedSave", "discard": "unsavedDiscard", "cancel": "unsavedCancel"}


def answer_boxes(monkeypatch: pytest.MonkeyPatch, *answers: str) -> list[str]:
    """Let the real boxes open and click `answers` («save», «discard», «cancel») in turn on the
    next boxes; the returned list fills with each box's text as it is answered."""
    monkeypatch.setattr(QMessageBox, "exec", REAL_EXEC)
    seen: list[str] = []
    queue = list(answers)
    looks = [0]

    def click() -> None:
        box = QApplication.activeModalWidget()
        if not isinstance(box, QMessageBox):
            looks[0] += 1
            if looks[0] < 100:  # not open yet: look again; never left waiting for a later test
                QTimer.singleShot(5, click)
            return
        seen.append(box.text())
        button = box.findChild(QPushButton, BUTTONS[queue.pop(0)])
        assert button is not None, box.text()
        button.click()
        if queue:
            QTimer.singleShot(0, click)

    QTimer.singleShot(0, click)
    return seen


def type_text(widget: QWidget, text: str) -> None:
    """Key presses carrying each character, as a Vietnamese keyboard delivers them (QTest's
    keyClicks takes ASCII only)."""
    widget.setFocus()
    for character in text:
        for kind in (QEvent.Type.KeyPress, QEvent.Type.KeyRelease):
            event = QKeyEvent(kind, 0, Qt.KeyboardModifier.NoModifier, character)
            QApplication.sendEvent(widget, event)
