"""Report and progress periods: a month `YYYY-MM` or a year `YYYY`."""

from __future__ import annotations

import calendar
import re
from dataclasses import dataclass
from datetime import date

from desktop.errors import UserError

PERIOD = re.compile(r"^(\d{4})(?:-(\d{2}))?$")
BAD_PERIOD = (
    "Kỳ báo cáo «{period}» không hợp lệ: ghi YYYY-MM (ví dụ 2024-06) hoặc YYYY (ví dụ 2024)."
)
BAD_MONTH = "Kỳ «{period}» không hợp lệ: ghi tháng dạng YYYY-MM, ví dụ 2024-06."


@dataclass(frozen=True)
class Period:
    text: str
    first: date
    last: date

    @property
    def is_month(self) -> bool:
        return len(self.text) == 7

    @property
    def year_start(self) -> date:
        return date(self.first.year, 1, 1)


def parse_period(text: str) -> Period:
    match = PERIOD.match(text.strip())
    if not match:
        raise UserError(BAD_PERIOD.format(period=text))
    year = int(match.group(1))
    if year < 1990:
        raise UserError(BAD_PERIOD.format(period=text))
    if match.group(2) is None:
        return Period(text.strip(), date(year, 1, 1), date(year, 12, 31))
    month = int(match.group(2))
    if not 1 <= month <= 12:
        raise UserError(BAD_PERIOD.format(period=text))
    last = date(year, month, calendar.monthrange(year, month)[1])
    return Period(text.strip(), date(year, month, 1), last)


def parse_month(text: str) -> Period:
    period = parse_period(text) if PERIOD.match(text.strip() or "x") else None
    if period is None or not period.is_month:
        raise UserError(BAD_MONTH.format(period=text))
    return period
