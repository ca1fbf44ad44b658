"""Asking before typed work is thrown away: «Lưu» / «Không lưu» / «Hủy».

A screen or dialog with unsaved text implements `confirm_leave() -> bool` (ask when dirty, save
when asked, False to stay). The main window asks the current screen before switching screens and
every built screen before closing; dialogs ask in `reject()` and `closeEvent`. GUI thread only.
"""

from __future__ import annotations

from typing import Literal, Protocol, runtime_checkable

from PySide6.QtWidgets import QMessageBox, QWidget

Answer = Literal["save", "discard", "cancel"]
QUESTION = "{what} có thay đổi chưa lưu. Lưu lại trước khi rời đi?"


@runtime_checkable
class LeavesSafely(Protocol):
    def confirm_leave(self) -> bool: ...


def ask_unsaved(parent: QWidget | None, what: str) -> Answer:
    """Ask whether to save `what` (Vietnamese, e.g. «Tình hình nhiệm vụ 3»); Esc is «Hủy»."""
    box = QMessageBox(parent)
    box.setObjectName("unsavedQuestion")
    box.setIcon(QMessageBox.Icon.Question)
    box.setWindowTitle("Chưa lưu")
    box.setText(QUESTION.format(what=what))
    save = box.addButton("Lưu", QMessageBox.ButtonRole.AcceptRole)
    discard = box.addButton("Không lưu", QMessageBox.ButtonRole.DestructiveRole)
    cancel = box.addButton("Hủy", QMessageBox.ButtonRole.RejectRole)
    save.setObjectName("unsavedSave")
    discard.setObjectName("unsavedDiscard")
    cancel.setObjectName("unsavedCancel")
    box.setDefaultButton(save)
    box.setEscapeButton(cancel)
    box.exec()
    clicked = box.clickedButton()
    if clicked is save:
        return "save"
    if clicked is discard:
        return "discard"
    return "cancel"


def confirm_leave_all(widgets: list[QWidget]) -> bool:
    """True when every widget that may hold unsaved work agrees to be left."""
    return all(w.confirm_leave() for w in widgets if isinstance(w, LeavesSafely))


def ask_two_ways(
    parent: QWidget | None,
    name: str,
    title: str,
    text: str,
    go: tuple[str, str],
    stay: tuple[str, str],
    *,
    icon: QMessageBox.Icon = QMessageBox.Icon.Question,
    default_go: bool = False,
) -> bool:
    """A question with two Vietnamese buttons, `go` and `stay` (label, object name): True when
    the clerk chose `go`. Esc is `stay`."""
    box = QMessageBox(parent)
    box.setObjectName(name)
    box.setIcon(icon)
    box.setWindowTitle(title)
    box.setText(text)
    go_button = box.addButton(go[0], QMessageBox.ButtonRole.AcceptRole)
    stay_button = box.addButton(stay[0], QMessageBox.ButtonRole.RejectRole)
    go_button.setObjectName(go[1])
    stay_button.setObjectName(stay[1])
    box.setDefaultButton(go_button if default_go else stay_button)
    box.setEscapeButton(stay_button)
    box.exec()
    return box.clickedButton() is go_button
