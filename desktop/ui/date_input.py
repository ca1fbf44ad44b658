"""A date field that takes what a clerk types: `dd/mm/yyyy` straight through, separators optional.

QDateEdit takes no typed digits in some sections and cannot say "no date"; this is a line edit that
reads `05042024`, `5/4/2024` or `05.04.2024`, shows `05/04/2024` once the clerk moves on, and says
what is wrong with anything else. GUI thread only.
"""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QLineEdit, QWidget

from desktop.format import parse_typed_date, vn_date

NOT_A_DATE = "«{text}» không phải ngày; ghi dd/mm/yyyy, ví dụ 02/09/2024."
EMPTY_DATE = "Chưa ghi ngày (dd/mm/yyyy)."


# The class's own `date()` shadows the type inside its body.
_Day = date


class DateInput(QLineEdit):
    """`date()` is the date typed (None when empty or not a date); `problem()` says why not."""

    dateChanged = Signal()

    def __init__(
        self, day: date | None = None, *, allow_empty: bool = True, parent: QWidget | None = None
    ) -> None:
        super().__init__(vn_date(day), parent)
        self.allow_empty = allow_empty
        self.setPlaceholderText("dd/mm/yyyy")
        self.setMaxLength(14)
        self.setMinimumWidth(self.fontMetrics().horizontalAdvance("00/00/00000") + 16)
        self.setMaximumWidth(self.fontMetrics().horizontalAdvance("00/00/0000000") + 24)
        self._last: date | None = day
        self.textEdited.connect(self._typed)
        self.editingFinished.connect(self._tidy)

    def date(self) -> date | None:
        try:
            return parse_typed_date(self.text())
        except ValueError:
            return None

    def setDate(self, day: _Day | None) -> None:
        self.setText(vn_date(day))
        self._changed()

    def problem(self) -> str | None:
        """A Vietnamese sentence when the text is not an acceptable date, else None."""
        try:
            day = parse_typed_date(self.text())
        except ValueError:
            return NOT_A_DATE.format(text=self.text().strip())
        if day is None and not self.allow_empty:
            return EMPTY_DATE
        return None

    def _typed(self, text: str) -> None:
        # Eight digits typed straight through are a whole date: show it at once.
        if text.isdigit() and len(text) == 8:
            day = self.date()
            if day is not None:
                self.setText(vn_date(day))
        self._changed()

    def _tidy(self) -> None:
        day = self.date()
        if day is not None:
            self.setText(vn_date(day))
        self._changed()

    def _changed(self) -> None:
        day = self.date()
        if day != self._last:
            self._last = day
            self.dateChanged.emit()
