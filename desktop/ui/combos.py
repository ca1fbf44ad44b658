"""Combo boxes whose items carry data, without ever storing None in them.

PySide6 (6.x, CPython 3.11) releases a reference to None each time `currentData()` or `itemData()`
returns it; after enough calls the interpreter aborts on exit ("deallocating None"). "Any" choices
therefore carry ANY and `chosen` turns it back into None.
"""

from __future__ import annotations

from collections.abc import Iterable

from PySide6.QtWidgets import QComboBox

ANY = ""


def add_items(combo: QComboBox, items: Iterable[tuple[str, object]]) -> QComboBox:
    for text, data in items:
        combo.addItem(text, ANY if data is None else data)
    return combo


def chosen(combo: QComboBox) -> object:
    value = combo.currentData()
    return None if isinstance(value, str) and value == ANY else value


def select(combo: QComboBox, data: object) -> None:
    combo.setCurrentIndex(max(0, combo.findData(ANY if data is None else data)))


def select_commune(combo: QComboBox, code: str, name: str) -> None:
    """Choose a record's commune; one outside the office's area (an old code, a neighbour) is
    added to the list, marked, rather than silently lost on the next save."""
    if code and combo.findData(code) < 0:
        combo.addItem(f"{name or code} (ngoài địa bàn)", code)
    select(combo, code or None)
