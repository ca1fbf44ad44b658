"""Report and progress periods: a month `YYYY-MM` or a year `YYYY`.

Offices write a month as `6/2024`, `06/2024` or `tháng 6/2024`, and a year as `năm 2024`: every
form is read here, for the GUI and the command line alike, and `Period.text` is always the
canonical `YYYY-MM` or `YYYY` that the rest of the program stores and compares.
"""

from __future__ import annotations

import calendar
import re
import unicodedata
from dataclasses import dataclass
from datetime import date

from desktop.errors import UserError

PERIOD = re.compile(r"^(\d{4})(?:-(\d{2}))?$")
# `6/2024`, `06/2024`, `6-2024`, `06.2024`, each optionally after «tháng».
_MONTH_FIRST = re.compile(r"^(?:tháng\s*)?(\d{1,2})\s*[/.\-]\s*(\d{4})$")
_YEAR_WORD = re.compile(r"^năm\s*(\d{4})$")
_ISO_LOOSE = re.compile(r"^(\d{4})\s*[-/.]\s*(\d{1,2})$")
BAD_PERIOD = (
    "Kỳ báo cáo «{period}» không hợp lệ: ghi tháng như 06/2024 (hoặc 6/2024, tháng 6/2024, "
    "2024-06) hoặc năm như 2024."
)
BAD_MONTH = (
    "Kỳ «{period}» không hợp lệ: ghi tháng như 06/2024 (hoặc 6/2024, tháng 6/2024, 2024-06)."
)


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


def _canonical(text: str) -> tuple[int, int | None] | None:
    """(year, month or None) from any form offices write, or None when it is not a period."""
    cleaned = " ".join(unicodedata.normalize("NFC", text).strip().lower().split())
    match = PERIOD.match(cleaned)
    if match:
        return int(match.group(1)), int(match.group(2)) if match.group(2) else None
    for pattern, year_group, month_group in ((_MONTH_FIRST, 2, 1), (_ISO_LOOSE, 1, 2)):
        match = pattern.match(cleaned)
        if match:
            return int(match.group(year_group)), int(match.group(month_group))
    match = _YEAR_WORD.match(cleaned)
    if match:
        return int(match.group(1)), None
    return None


def parse_period(text: str) -> Period:
    """A month or a year as offices write it (`06/2024`, `tháng 6/2024`, `2024-06`, `2024`)."""
    found = _canonical(text)
    if found is None:
        raise UserError(BAD_PERIOD.format(period=text.strip()))
    year, month = found
    if year < 1990 or year > 2999:
        raise UserError(BAD_PERIOD.format(period=text.strip()))
    if month is None:
        return Period(f"{year:04d}", date(year, 1, 1), date(year, 12, 31))
    if not 1 <= month <= 12:
        raise UserError(BAD_PERIOD.format(period=text.strip()))
    last = date(year, month, calendar.monthrange(year, month)[1])
    return Period(f"{year:04d}-{month:02d}", date(year, month, 1), last)


def parse_month(text: str) -> Period:
    found = _canonical(text)
    if found is None or found[1] is None or not 1 <= found[1] <= 12 or found[0] < 1990:
        raise UserError(BAD_MONTH.format(period=text.strip()))
    return parse_period(text)


def period_shown(period: str) -> str:
    """How a month is shown in a field an office types into: `2024-06` → `06/2024`."""
    if len(period) == 4:
        return period
    return f"{period[5:7]}/{period[:4]}"


_REPORT_STEMS = {
    "monthly-progress": "bao-cao-thang",
    "member-movement": "bien-dong-doan-vien",
    "member-list": "danh-sach-doan-vien",
    "union-list": "danh-sach-cdcs",
    "mid-year-review": "bao-cao-so-ket",
    "year-end-review": "bao-cao-tong-ket",
    "province-summary": "bao-cao-tong-hop",
}


def period_file_stem(report: str, period: str) -> str:
    """A default file name in Vietnamese words: `bao-cao-thang-06-2024`, `bao-cao-tong-ket-nam-2024`.

    A month is `MM-YYYY` (offices sort their folders that way); a year is `nam-YYYY`.
    """
    stem = _REPORT_STEMS.get(report, report)
    parsed = parse_period(period)
    if parsed.is_month:
        return f"{stem}-{parsed.text[5:7]}-{parsed.text[:4]}"
    return f"{stem}-nam-{parsed.text}"


def period_argument(text: str) -> str:
    """argparse `type=` for `--period`: `06/2024` becomes `2024-06`; anything else is passed on
    unchanged, so the command refuses it with the usual message (exit 1, not a usage error)."""
    try:
        return parse_period(text).text
    except UserError:
        return text
