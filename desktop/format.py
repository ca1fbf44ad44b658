"""Vietnamese number, money and date forms: 9.000, 82,5 %, 1.500.000 đ, 05/04/2024."""

from __future__ import annotations

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
