"""What the union and prospect forms share: dates typed as text (dd/mm/yyyy, separators optional:
`05042024`, `5/4/2024`; a blank field is "no date", which a date picker cannot say) and the end of
every «Lưu». GUI thread only."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date

from PySide6.QtWidgets import QComboBox, QDialog, QLineEdit

from desktop.errors import UserError
from desktop.format import parse_typed_date
from desktop.ui.date_input import DateInput
from desktop.ui.oversight_form_parts import FieldRows, named

NOT_A_DATE = "«{text}» không phải ngày; ghi dd/mm/yyyy, ví dụ 02/09/2024."


def date_line(name: str, accessible: str, day: date | None = None) -> QLineEdit:
    """An optional date field: digits typed straight through show as dd/mm/yyyy at once."""
    return named(DateInput(day), name, accessible)


def narrow(box: QComboBox, characters: int = 32) -> QComboBox:
    """A combo of long union names that does not widen its dialog past the screen's edge (the
    popup still shows each name in full)."""
    box.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
    box.setMinimumContentsLength(characters)
    return box


def read_days(edits: dict[str, QLineEdit]) -> tuple[dict[str, date | None], dict[str, str]]:
    """(field → date or None, field → what is wrong with the text typed)."""
    days: dict[str, date | None] = {}
    found: dict[str, str] = {}
    for key, edit in edits.items():
        try:
            days[key] = parse_typed_date(edit.text())
        except ValueError:
            days[key] = None
            found[key] = NOT_A_DATE.format(text=edit.text().strip())
    return days, found


def check_and_save(
    dialog: QDialog,
    rows: FieldRows,
    typed: dict[str, str],
    check: Callable[[], dict[str, str]],
    save: Callable[[], object],
    key: str,
) -> bool:
    """Show the problems (what `check` finds, and `typed`: text that is not a date) beside their
    fields and stay open; else `save` and close. A UserError from either (the record went
    meanwhile) is shown under the field `key`."""
    try:
        found = {**check(), **typed}
        if not found:
            save()
    except UserError as exc:
        found = {key: exc.message}
    rows.show(found)
    if found:
        return False
    dialog.accept()
    return True
