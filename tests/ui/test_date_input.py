"""The date field takes digits typed straight through (point 8 of a clerk's first week)."""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from desktop.ui.date_input import DateInput


def test_digits_typed_straight_through_make_a_date(qtbot: QtBot) -> None:
    field = DateInput()
    qtbot.addWidget(field)
    changes: list[int] = []
    field.dateChanged.connect(lambda: changes.append(1))
    qtbot.keyClicks(field, "05042024")
    assert field.text() == "05/04/2024"
    assert field.date() == date(2024, 4, 5)
    assert changes == [1]


def test_short_forms_are_tidied_when_the_clerk_moves_on(qtbot: QtBot) -> None:
    field = DateInput()
    qtbot.addWidget(field)
    qtbot.keyClicks(field, "5/4/2024")
    qtbot.keyClick(field, Qt.Key.Key_Return)
    assert field.text() == "05/04/2024"
    assert field.problem() is None


def test_an_impossible_date_says_what_is_wrong(qtbot: QtBot) -> None:
    field = DateInput(date(2024, 1, 2), allow_empty=False)
    qtbot.addWidget(field)
    assert field.text() == "02/01/2024"
    field.clear()
    assert field.problem() == "Chưa ghi ngày (dd/mm/yyyy)."
    qtbot.keyClicks(field, "31/02/2024")
    assert field.date() is None
    assert field.problem() == "«31/02/2024» không phải ngày; ghi dd/mm/yyyy, ví dụ 02/09/2024."
