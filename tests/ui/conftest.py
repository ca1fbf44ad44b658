"""Fixtures the language tests share: Qt in Vietnamese, and a catcher of modal dialogs."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from PySide6.QtWidgets import QApplication

from tests.ui._visible_texts import ModalCatcher, vietnamese_qt


@pytest.fixture
def vietnamese(qapp: QApplication) -> Iterator[QApplication]:
    """Qt's own texts in Vietnamese for one test; fails it on any text missing from the .ts."""
    with vietnamese_qt(qapp):
        yield qapp


@pytest.fixture
def catcher() -> Iterator[ModalCatcher]:
    catcher = ModalCatcher()
    yield catcher
    catcher.waiting = False
