"""Cell values in Vietnamese form, shared by the PDF and Excel writers."""

from __future__ import annotations

from datetime import date

from desktop.format import money, number, percent, vn_date
from desktop.reports.content import unwrap

NUMERIC = frozenset({"int", "money", "percent", "decimal"})


def cell_text(value: object, kind: str) -> str:
    value, kind = unwrap(value, kind)
    if value is None or value == "":
        return ""
    if kind == "int":
        return number(float(value))  # type: ignore[arg-type]
    if kind == "decimal":
        return number(float(value), 2)  # type: ignore[arg-type]
    if kind == "percent":
        return percent(float(value))  # type: ignore[arg-type]
    if kind == "money":
        return money(int(value))  # type: ignore[call-overload]
    if kind == "date" and isinstance(value, date):
        return vn_date(value)
    return str(value)
