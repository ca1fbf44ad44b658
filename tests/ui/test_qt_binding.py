"""The Qt binding itself: a release that loses references to None aborts a long session."""

from __future__ import annotations

import sys

from PySide6.QtWidgets import QComboBox, QLabel


def test_calls_into_qt_keep_none_alive(qtbot) -> None:  # type: ignore[no-untyped-def]
    # PySide6 6.12.0 dropped a reference to None on every void call and on every None it
    # returned; on CPython 3.11 the app then died with "deallocating None" after a busy hour.
    label, combo = QLabel(), QComboBox()
    qtbot.addWidget(label)
    qtbot.addWidget(combo)
    combo.addItem("Tất cả", None)
    label.setText("khởi động")
    combo.currentData()
    before = sys.getrefcount(None)
    for _ in range(5000):
        label.setText("Đoàn viên")
        combo.currentData()
    assert sys.getrefcount(None) - before > -10
