"""Answering the real question boxes a dialog asks (conftest refuses any box nobody answers),
and a screen put in a window of the size an office screen leaves it."""

from __future__ import annotations

from PySide6.QtCore import QPoint, QRect, QTimer
from PySide6.QtWidgets import (
    QAbstractButton,
    QApplication,
    QComboBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QMainWindow,
    QMessageBox,
    QStyle,
    QStyleOptionComboBox,
    QWidget,
)

REAL_EXEC = QMessageBox.exec  # taken before conftest's guard replaces it for each UI test
SIDEBAR = 210


def answer(button: str, seen: list[str]) -> None:
    """When the next modal box opens, note its text in `seen` and click its button named
    `button` (unsavedSave, unsavedDiscard, unsavedCancel, staleReload, staleCancel)."""

    def click() -> None:
        box = QApplication.activeModalWidget()
        assert isinstance(box, QMessageBox), "no question was asked"
        seen.append(box.text())
        found = box.findChild(QAbstractButton, button)
        assert found is not None, f"the question has no button {button}"
        found.click()

    QTimer.singleShot(0, click)


def in_window(screen: QWidget, width: int = 1024, height: int = 700) -> QMainWindow:
    """The screen beside a 210-pixel sidebar, under a menu bar and over a status bar, in a
    window of `width` × `height` (the main window's frame, as an office PC shows it)."""
    window = QMainWindow()
    central = QWidget()
    layout = QHBoxLayout(central)
    layout.setContentsMargins(0, 0, 0, 0)
    layout.setSpacing(0)
    sidebar = QListWidget()
    sidebar.setFixedWidth(SIDEBAR)
    layout.addWidget(sidebar)
    layout.addWidget(screen, 1)
    window.setCentralWidget(central)
    window.menuBar().addMenu("Tệp")
    window.statusBar().showMessage("Liên đoàn Lao động huyện")
    window.resize(width, height)
    window.show()
    QApplication.processEvents()
    return window


def _shown_text_fits(widget: QWidget) -> bool:
    metrics = widget.fontMetrics()
    if isinstance(widget, QComboBox):
        option = QStyleOptionComboBox()
        widget.initStyleOption(option)
        field = widget.style().subControlRect(
            QStyle.ComplexControl.CC_ComboBox,
            option,
            QStyle.SubControl.SC_ComboBoxEditField,
            widget,
        )
        return field.width() >= metrics.horizontalAdvance(widget.currentText())
    if isinstance(widget, QLabel):
        return widget.width() >= widget.sizeHint().width()
    if isinstance(widget, QLineEdit):
        return widget.width() >= widget.minimumSizeHint().width()
    return widget.width() >= widget.minimumSizeHint().width()


def clipped(screen: QWidget, widgets: list[QWidget]) -> list[str]:
    """The visible widgets not wholly inside the screen, or too narrow for what they show."""
    inside = screen.rect()
    found = []
    for widget in widgets:
        if not widget.isVisibleTo(screen):
            continue
        where = QRect(widget.mapTo(screen, QPoint(0, 0)), widget.size())
        if not inside.contains(where) or not _shown_text_fits(widget):
            found.append(f"{widget.objectName()} {where} {widget.sizeHint()}")
    return found
