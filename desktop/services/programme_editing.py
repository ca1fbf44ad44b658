"""Editing one year's programme at the province: a draft the editor's fields change, checked
field by field in Vietnamese, that becomes a ProgrammeDef only when every field is right.

The draft keeps every value as typed (min and max stay text until saved), so a wrong entry is
named beside its row and field instead of being lost or turned into a number it never was.
Qt-free: the dialog in desktop/ui/programme_editor.py shows it, the tests drive it directly.
"""

from __future__ import annotations

from contextlib import suppress
from dataclasses import astuple, dataclass, field
from typing import Literal

from desktop.errors import UserError
from desktop.format import number
from desktop.programme.loader import (
    METHODS,
    PACINGS,
    SCOPES,
    UNITS,
    ProgrammeDef,
    TargetDef,
    TaskAreaDef,
    default_pacing,
)

# The choices the editor's combo boxes offer, in the order they are offered.
UNIT_LABELS = {"count": "Số lượng", "percent": "Tỷ lệ (%)", "ratio": "Bình quân"}
METHOD_LABELS = {"computed": "Tính từ hồ sơ", "entered": "Nhập tay"}
SCOPE_LABELS = {"upper_union": "CĐ cấp trên cơ sở", "province": "Cấp tỉnh"}
PACING_LABELS = {
    "linear": "Tăng dần trong năm",
    "level": "Giữ mức mọi kỳ",
    "year_end": "Đánh giá cuối năm",
}
HEADER_LABELS = {"number": "Số văn bản", "title": "Tên chương trình", "theme": "Chủ đề"}
TARGET_LABELS = {
    "code": "Mã",
    "name": "Tên chỉ tiêu",
    "unit": "Đơn vị tính",
    "method": "Nguồn số liệu",
    "scope": "Phạm vi",
    "metric": "Cách tính",
    "measure": "Tham số",
    "province_value": "Chỉ tiêu tỉnh",
    "value_min": "Tối thiểu",
    "value_max": "Tối đa",
    "pacing": "Nhịp tiến độ",
}
AREA_LABELS = {"number": "Số", "title": "Tên nhiệm vụ", "points": "Nội dung"}
# Column widths of the programme tables (desktop/models/programme.py).
LIMITS = {"number": 60, "title": 300, "code": 8, "province_value": 40}

EMPTY = "chưa ghi {label}"
TOO_LONG = "dài quá {limit} ký tự"
DUPLICATE_CODE = "mã «{code}» trùng với chỉ tiêu dòng {other}"
DUPLICATE_AREA = "số {number} trùng với nhiệm vụ dòng {other}"
NOT_CHOICE = "«{value}» không phải là lựa chọn nào ({choices})"
NOT_NUMBER = "«{text}» không phải là số; ghi ví dụ 450 hoặc 92,5"
NEGATIVE = "không được âm ({text})"
OVER_100 = "tỷ lệ không vượt quá 100 % ({text})"
MIN_OVER_MAX = "tối thiểu {low} lớn hơn tối đa {high}"
NO_MEASURE = "chỉ tiêu tính từ hồ sơ cần chọn cách tính"
UNKNOWN_MEASURE = "không có cách tính «{metric}» trong danh mục"
WRONG_UNIT = "cách tính «{label}» cho kết quả là {gives}, không phải {unit}"
NOT_AREA_NUMBER = "«{text}» không phải là số thứ tự (1, 2, 3…)"
NO_TARGETS = "Chương trình chưa có chỉ tiêu nào; bấm «Thêm chỉ tiêu»."
NOT_SAVED = "Chưa lưu được chương trình năm {year}: {problem}"

Part = Literal["header", "target", "area"]


@dataclass(frozen=True)
class Problem:
    """One wrong field: where it is (part, row from 0, field) and the sentence that says so."""

    part: Part
    row: int
    field: str
    message: str


@dataclass
class TargetRow:
    """One target as typed: every field is text, checked by `problems`."""

    code: str = ""
    name: str = ""
    unit: str = "count"
    method: str = "entered"
    scope: str = "upper_union"
    metric: str = ""
    measure: str = ""
    province_value: str = ""
    value_min: str = ""
    value_max: str = ""
    pacing: str = "linear"


@dataclass
class AreaRow:
    number: str = ""
    title: str = ""
    points: list[str] = field(default_factory=list)


def shown_number(value: float | None) -> str:
    """A bound as the editor shows it and reads it back: 9.000, 92,5; nothing for none."""
    if value is None:
        return ""
    if value == int(value):
        return number(value)
    return number(value, 2).rstrip("0").rstrip(",")


def read_number(text: str) -> float | None:
    """A bound typed the Vietnamese way (9.000, 92,5, 90 %); empty is none. ValueError if not."""
    from desktop.programme.entered_values import parse_value

    try:
        return parse_value(text, "")
    except UserError:
        raise ValueError(text) from None


def _target_row(target: TargetDef) -> TargetRow:
    return TargetRow(
        code=target.code,
        name=target.name,
        unit=target.unit,
        method=target.method,
        scope=target.scope,
        metric=target.metric,
        measure=target.measure,
        province_value=target.province_value,
        value_min=shown_number(target.value_min),
        value_max=shown_number(target.value_max),
        pacing=target.pacing,
    )


def _area_row(area: TaskAreaDef) -> AreaRow:
    return AreaRow(str(area.number), area.title, list(area.points))


class ProgrammeDraft:
    """One year's programme being edited. `changed()` compares it with what was read (or last
    saved); `problems()` lists every wrong field; `programme()` is the ProgrammeDef to save."""

    def __init__(self, programme: ProgrammeDef, *, saved: bool = True) -> None:
        """`saved`: False for a programme not in the database yet (a new year), which has
        changes to save until `mark_saved`."""
        self.year = programme.year
        self.number = programme.number
        self.title = programme.title
        self.theme = programme.theme
        self.targets = [_target_row(t) for t in programme.targets]
        self.areas = [_area_row(a) for a in programme.task_areas]
        self._clean: tuple[object, ...] | None = self._state() if saved else None

    def _state(self) -> tuple[object, ...]:
        return (
            self.number,
            self.title,
            self.theme,
            tuple(astuple(t) for t in self.targets),
            tuple((a.number, a.title, tuple(a.points)) for a in self.areas),
        )

    def changed(self) -> bool:
        return self._state() != self._clean

    def is_new(self) -> bool:
        """Not in the database yet: a new year started from an earlier one."""
        return self._clean is None

    def mark_saved(self) -> None:
        self._clean = self._state()

    # Rows

    def add_target(self) -> int:
        """A blank target at the end, its code the next free number; returns its row."""
        used = {t.code.strip() for t in self.targets}
        code = next(str(n) for n in range(len(self.targets) + 1, 10_000) if str(n) not in used)
        self.targets.append(TargetRow(code=code))
        return len(self.targets) - 1

    def remove_target(self, row: int) -> TargetRow:
        return self.targets.pop(row)

    def set_target(self, row: int, name: str, value: str) -> None:
        """Change one field; choosing a unit also picks that unit's usual pacing when the pacing
        was still the old unit's usual one, a typed-in target drops its measure, a measure
        brings its unit, and a bound is kept the way it is shown (9500 → 9.500)."""
        target = self.targets[row]
        if name not in TARGET_LABELS:
            raise KeyError(name)
        if name == "unit" and target.pacing == default_pacing(target.unit):
            target.pacing = default_pacing(value)
        if name == "method" and value == "entered":
            target.metric, target.measure = "", ""
        if name in ("value_min", "value_max"):
            with suppress(ValueError):  # a wrong number stays as typed, for its problem
                value = shown_number(read_number(value))
        if name == "metric" and value != target.metric:
            target.measure = ""  # parameters belong to the measure they were chosen for
            gives = _measure_unit(value)
            if gives and gives != target.unit:
                self.set_target(row, "unit", gives)
        setattr(target, name, value)

    def set_parameters(self, row: int, values: dict[str, object]) -> None:
        """The parameters chosen for the row's measure (checked with the rest by `problems`)."""
        from desktop.programme.catalogue import canonical_params

        self.targets[row].measure = canonical_params(values)

    def add_area(self) -> int:
        numbers = [int(a.number) for a in self.areas if a.number.strip().isdigit()]
        self.areas.append(AreaRow(number=str(max(numbers, default=0) + 1)))
        return len(self.areas) - 1

    def remove_area(self, row: int) -> AreaRow:
        return self.areas.pop(row)

    # Checks

    def problems(self) -> list[Problem]:
        """Every wrong field, in the order the editor shows them (header, targets, areas)."""
        found = [
            Problem("header", -1, key, f"{HEADER_LABELS[key]}: {message}")
            for key, message in self._header_problems()
        ]
        codes: dict[str, int] = {}
        for row, target in enumerate(self.targets):
            for key, message in _target_problems(target):
                found.append(Problem("target", row, key, _where_target(row, target, key, message)))
            code = target.code.strip()
            if code and code in codes:
                message = DUPLICATE_CODE.format(code=code, other=codes[code] + 1)
                found.append(
                    Problem("target", row, "code", _where_target(row, target, "code", message))
                )
            codes.setdefault(code, row)
        if not self.targets:
            found.append(Problem("target", -1, "code", NO_TARGETS))
        numbers: dict[int, int] = {}
        for row, area in enumerate(self.areas):
            for key, message in _area_problems(area):
                found.append(Problem("area", row, key, _where_area(row, area, key, message)))
            text = area.number.strip()
            if text.isdigit() and int(text) in numbers:
                message = DUPLICATE_AREA.format(number=int(text), other=numbers[int(text)] + 1)
                found.append(
                    Problem("area", row, "number", _where_area(row, area, "number", message))
                )
            if text.isdigit():
                numbers.setdefault(int(text), row)
        return found

    def _header_problems(self) -> list[tuple[str, str]]:
        found = []
        if not self.title.strip():
            found.append(("title", EMPTY.format(label="tên chương trình")))
        for key in ("number", "title"):
            if len(getattr(self, key).strip()) > LIMITS[key]:
                found.append((key, TOO_LONG.format(limit=LIMITS[key])))
        return found

    def programme(self) -> ProgrammeDef:
        """The draft as the programme to save; UserError naming the first wrong field."""
        found = self.problems()
        if found:
            raise UserError(NOT_SAVED.format(year=self.year, problem=found[0].message))
        targets = tuple(_target_def(t) for t in self.targets)
        areas = tuple(
            TaskAreaDef(
                int(a.number),
                a.title.strip(),
                tuple(p.strip() for p in a.points if p.strip()),
            )
            for a in sorted(self.areas, key=lambda a: int(a.number))
        )
        from desktop.programme.authoring import with_digest

        built = ProgrammeDef(
            year=self.year,
            number=self.number.strip(),
            title=self.title.strip(),
            theme=self.theme.strip(),
            targets=targets,
            task_areas=areas,
            sha256="",
        )
        return with_digest(built)


def _measure_unit(metric: str) -> str:
    from desktop.programme.catalogue import measure_info

    info = measure_info(metric)
    return info.unit if info else ""


def _target_def(row: TargetRow) -> TargetDef:
    """The checked row as the programme holds it (parameters in their stored form)."""
    from desktop.programme.catalogue import check_measure

    computed = row.method == "computed"
    return TargetDef(
        code=row.code.strip(),
        name=row.name.strip(),
        unit=row.unit,
        method=row.method,
        scope=row.scope,
        metric=row.metric if computed else "",
        province_value=row.province_value.strip(),
        value_min=read_number(row.value_min),
        value_max=read_number(row.value_max),
        pacing=row.pacing,
        measure=check_measure(row.metric, row.measure) if computed else "",
    )


def _where_target(row: int, target: TargetRow, key: str, message: str) -> str:
    code = target.code.strip()
    named = f" (mã «{code}»)" if code and key != "code" else ""
    return f"Chỉ tiêu dòng {row + 1}{named}, «{TARGET_LABELS[key]}»: {message}."


def _where_area(row: int, area: AreaRow, key: str, message: str) -> str:
    return f"Nhiệm vụ dòng {row + 1}, «{AREA_LABELS[key]}»: {message}."


def _choice(value: str, labels: dict[str, str], allowed: set[str]) -> str | None:
    if value in allowed:
        return None
    return NOT_CHOICE.format(value=value, choices=", ".join(labels.values()))


def _target_problems(target: TargetRow) -> list[tuple[str, str]]:
    found: list[tuple[str, str]] = []
    code = target.code.strip()
    if not code:
        found.append(("code", EMPTY.format(label="mã chỉ tiêu")))
    elif len(code) > LIMITS["code"]:
        found.append(("code", TOO_LONG.format(limit=LIMITS["code"])))
    if not target.name.strip():
        found.append(("name", EMPTY.format(label="tên chỉ tiêu")))
    for key, labels, allowed in (
        ("unit", UNIT_LABELS, UNITS),
        ("method", METHOD_LABELS, METHODS),
        ("scope", SCOPE_LABELS, SCOPES),
        ("pacing", PACING_LABELS, PACINGS),
    ):
        problem = _choice(getattr(target, key), labels, allowed)
        if problem:
            found.append((key, problem))
    if target.method == "computed":
        found.extend(_measure_problems(target))
    province_value = target.province_value.strip()
    if not province_value:
        found.append(("province_value", EMPTY.format(label="chỉ tiêu tỉnh (ví dụ 9.000, ≥ 85 %)")))
    elif len(province_value) > LIMITS["province_value"]:
        found.append(("province_value", TOO_LONG.format(limit=LIMITS["province_value"])))
    bounds: dict[str, float] = {}
    for key in ("value_min", "value_max"):
        text = getattr(target, key)
        try:
            value = read_number(text)
        except ValueError:
            found.append((key, NOT_NUMBER.format(text=text.strip())))
            continue
        if value is None:
            continue
        if value < 0:
            found.append((key, NEGATIVE.format(text=text.strip())))
        elif target.unit == "percent" and value > 100:
            found.append((key, OVER_100.format(text=text.strip())))
        else:
            bounds[key] = value
    if len(bounds) == 2 and bounds["value_min"] > bounds["value_max"]:
        found.append(
            (
                "value_min",
                MIN_OVER_MAX.format(
                    low=shown_number(bounds["value_min"]), high=shown_number(bounds["value_max"])
                ),
            )
        )
    return found


def _area_problems(area: AreaRow) -> list[tuple[str, str]]:
    found = []
    text = area.number.strip()
    if not text:
        found.append(("number", EMPTY.format(label="số thứ tự")))
    elif not (text.isascii() and text.isdigit()) or int(text) == 0:
        found.append(("number", NOT_AREA_NUMBER.format(text=text)))
    if not area.title.strip():
        found.append(("title", EMPTY.format(label="tên nhiệm vụ")))
    return found


def _measure_problems(target: TargetRow) -> list[tuple[str, str]]:
    """The computed target's measure: named in the catalogue, its parameters right for it, and
    giving what the target counts (a share is not a count)."""
    from desktop.programme.catalogue import check_measure, measure_info

    if not target.metric:
        return [("metric", NO_MEASURE)]
    info = measure_info(target.metric)
    if info is None:
        return [("metric", UNKNOWN_MEASURE.format(metric=target.metric))]
    found = []
    try:
        check_measure(target.metric, target.measure)
    except UserError as exc:
        found.append(("measure", exc.message))
    if target.unit in UNITS and info.unit != target.unit:
        found.append(
            (
                "unit",
                WRONG_UNIT.format(
                    label=info.label,
                    gives=UNIT_LABELS[info.unit].lower(),
                    unit=UNIT_LABELS[target.unit].lower(),
                ),
            )
        )
    return found


def measure_choices() -> tuple[tuple[str, str], ...]:
    """(measure, its Vietnamese description) for every measure of the catalogue, in its order."""
    from desktop.programme.catalogue import catalogue

    return tuple((m.name, m.label) for m in catalogue())
