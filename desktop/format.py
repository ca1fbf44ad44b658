"""Vietnamese number, money and date forms: 9.000, 82,5 %, 1.500.000 đ, 05/04/2024."""

from __future__ import annotations

import re
from datetime import date


def number(value: float | None, decimals: int = 0) -> str:
    """`.` groups thousands, `,` is the decimal sign; None prints as an em dash."""
    if value is None:
        return "—"
    text = f"{value:,.{decimals}f}"
    return text.replace(",", "\u0000").replace(".", ",").replace("\u0000", ".")


def percent(value: float | None, decimals: int = 1) -> str:
    if value is None:
        return "—"
    text = number(value, decimals)
    if decimals and text.endswith("," + "0" * decimals):
        text = text[: -(decimals + 1)]
    return f"{text} %"


def money(value: int | None) -> str:
    return "—" if value is None else f"{number(value)} đ"


def vn_date(value: date | None) -> str:
    return "" if value is None else value.strftime("%d/%m/%Y")


def period_label(period: str) -> str:
    """`2024-03` → `tháng 3/2024`; `2024` → `năm 2024`."""
    if len(period) == 4:
        return f"năm {period}"
    year, month = period.split("-")
    return f"tháng {int(month)}/{year}"


_DATE_PARTS = re.compile(r"^(\d{1,2})\s*[/.\-\s]\s*(\d{1,2})\s*[/.\-\s]\s*(\d{4})$")


def parse_typed_date(text: str) -> date | None:
    """A date as a clerk types it: `05/04/2024`, `5/4/2024`, `05.04.2024`, `05-04-2024` or the
    digits straight through, `05042024`. Empty is None; anything else raises ValueError."""
    cleaned = text.strip()
    if not cleaned:
        return None
    if cleaned.isdigit() and len(cleaned) == 8:
        day, month, year = int(cleaned[:2]), int(cleaned[2:4]), int(cleaned[4:])
    else:
        match = _DATE_PARTS.match(cleaned)
        if match is None:
            raise ValueError(text)
        day, month, year = (int(part) for part in match.groups())
    if year < 1900:
        raise ValueError(text)
    return date(year, month, day)  # ValueError for 31/02
