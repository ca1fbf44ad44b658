"""What staff type for a target, checked, and an entered figure as it is kept: values typed the
Vietnamese way (`92,5`, `1.250`) and the two counts behind an entered percentage.

Plain values only (no database, no Qt): the screens check as the user types, and the dashboard's
first paint imports it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from desktop.errors import UserError
from desktop.format import number

NOT_A_NUMBER = "Chỉ tiêu {code}: «{text}» không phải là số; ghi ví dụ 450 hoặc 92,5."
NEGATIVE = "Chỉ tiêu {code}: giá trị không được âm ({value})."
OVER_100 = "Chỉ tiêu {code} tính bằng phần trăm: {value} vượt quá 100 %."
NOT_WHOLE = "Chỉ tiêu {code} đếm số lượng: {value} phải là số nguyên."
# The two counts behind an entered percentage (people reached / people in scope).
NOT_A_COUNT = "Chỉ tiêu {code}: {field} «{text}» không phải là số; ghi số người, ví dụ 1.250."
COUNT_NEGATIVE = "Chỉ tiêu {code}: {field} không được âm ({value})."
COUNT_NOT_WHOLE = "Chỉ tiêu {code}: {field} phải là số nguyên ({value})."
COUNT_MISSING = "Chỉ tiêu {code}: chưa ghi {field}; ghi cả hai số, hoặc để trống cả hai để xóa."
SCOPE_ZERO = "Chỉ tiêu {code}: {field} phải lớn hơn 0."
OVER_SCOPE = "Chỉ tiêu {code}: {reached} ({value}) lớn hơn {scope} ({total})."
# How an entered percentage without its two counts is read back wherever it is shown.
WITHOUT_COUNTS = "nhập tỷ lệ, không kèm số người"
IN_SCOPE_FIELD = "Tổng số trong phạm vi"


def parse_value(text: str, code: str) -> float | None:
    """A value typed the Vietnamese way (`92,5`, `1.250`); empty means "clear it"."""
    cleaned = text.strip().replace("\u00a0", "").replace(" ", "").rstrip("%")
    if not cleaned:
        return None
    if "," in cleaned:
        cleaned = cleaned.replace(".", "").replace(",", ".")
    elif cleaned.count(".") == 1 and len(cleaned.split(".")[1]) == 3:
        cleaned = cleaned.replace(".", "")  # 1.250 is a thousand separator, not 1,25
    try:
        return float(cleaned)
    except ValueError:
        raise UserError(NOT_A_NUMBER.format(code=code, text=text)) from None


def check_value(code: str, unit: str, value: float) -> None:
    if value < 0:
        raise UserError(NEGATIVE.format(code=code, value=shown(value)))
    if unit == "percent" and value > 100:
        raise UserError(OVER_100.format(code=code, value=shown(value)))
    if unit == "count" and value != int(value):
        raise UserError(NOT_WHOLE.format(code=code, value=shown(value)))


def shown(value: float) -> str:
    return f"{value:g}".replace(".", ",")


def count_fields(name: str) -> tuple[str, str]:
    """What the two counts of an entered percentage are called on the screen: people reached
    («Số người được tuyên truyền» for 1a's propaganda, «Số người tham gia học tập» for 1b's
    training, «Số người đạt» otherwise) and people in scope."""
    folded = name.lower()
    if "tuyên truyền" in folded:
        return "Số người được tuyên truyền", IN_SCOPE_FIELD
    if "học tập" in folded:
        return "Số người tham gia học tập", IN_SCOPE_FIELD
    return "Số người đạt", IN_SCOPE_FIELD


def _lower(field: str) -> str:
    return field[0].lower() + field[1:]


_WHOLE = re.compile(r"\d+|\d{1,3}(?:\.\d{3})+")  # 1850, 1.850 (a point groups thousands)


def _count(text: str, code: str, field: str) -> int | None:
    """A whole, non-negative number of people typed the Vietnamese way (`1.850`): a point
    only groups thousands, so `2.00` or `12,5` is not a number of people."""
    try:
        value = parse_value(text, code)
    except UserError:
        raise UserError(NOT_A_COUNT.format(code=code, field=_lower(field), text=text)) from None
    if value is None:
        return None
    if value < 0:
        raise UserError(COUNT_NEGATIVE.format(code=code, field=_lower(field), value=shown(value)))
    cleaned = text.strip().replace("\u00a0", "").replace(" ", "")
    if not _WHOLE.fullmatch(cleaned):
        raise UserError(COUNT_NOT_WHOLE.format(code=code, field=_lower(field), value=cleaned))
    return int(cleaned.replace(".", ""))


def counts_percent(value: int, total: int) -> float:
    """The percentage two counts make, rounded as percentages are kept (two decimals)."""
    return round(100.0 * value / total, 2)


def percent_text(value: float) -> str:
    """A kept percentage with its two decimals, none written that is zero: 66,67 %, 92,5 %."""
    return number(value, 2).rstrip("0").rstrip(",") + " %"


def check_counts(
    code: str, name: str, reached_text: str, in_scope_text: str
) -> tuple[int, int] | None:
    """The two counts as typed, checked: (reached, in scope), or None when both are empty
    (clear the entry). Raises UserError naming the target and the field. Safe on any thread:
    the counts editor calls it as the user types to show the percentage or the problem."""
    reached_field, scope_field = count_fields(name)
    reached = _count(reached_text, code, reached_field)
    total = _count(in_scope_text, code, scope_field)
    if reached is None and total is None:
        return None
    if reached is None:
        raise UserError(COUNT_MISSING.format(code=code, field=_lower(reached_field)))
    if total is None:
        raise UserError(COUNT_MISSING.format(code=code, field=_lower(scope_field)))
    if total == 0:
        raise UserError(SCOPE_ZERO.format(code=code, field=_lower(scope_field)))
    if reached > total:
        raise UserError(
            OVER_SCOPE.format(
                code=code,
                reached=_lower(reached_field),
                value=number(reached),
                scope=_lower(scope_field),
                total=number(total),
            )
        )
    return reached, total


@dataclass(frozen=True)
class EnteredFigure:
    """One month's entered value of a target as kept: with its two counts, or a percentage
    entered without them (`with_counts` False: shown marked WITHOUT_COUNTS)."""

    code: str
    unit: str  # count | percent | ratio
    period: str
    value: float
    reached: int | None
    in_scope: int | None

    @property
    def with_counts(self) -> bool:
        return self.reached is not None and self.in_scope is not None

    @property
    def unmarked(self) -> bool:
        """True unless this is a percentage entered without its counts."""
        return self.unit != "percent" or self.with_counts

    def text(self) -> str:
        """`1.850/2.000 người = 92,5 %`, `87,5 % (nhập tỷ lệ, không kèm số người)`, `450`."""
        if self.unit != "percent":
            return number(self.value, 2 if self.unit == "ratio" else 0)
        if self.with_counts:
            shown = percent_text(self.value)
            return f"{number(self.reached)}/{number(self.in_scope)} người = {shown}"
        return f"{percent_text(self.value)} ({WITHOUT_COUNTS})"
