"""The catalogue of measures a programme's computed target may name (docs/targets.md, «Danh mục
cách tính»).

A target names a measure (`metric`) and, for the measures that take them, its parameters
(`measure`, a JSON object): which member events count, which property of a grassroots union,
so a new year's targets are data. The named measures (desktop/programme/metrics.py) take none;
the parameterised ones below are defined here. A target no measure fits is entered by hand.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import date
from functools import partial

from desktop.errors import UserError
from desktop.programme.metrics import METRICS, Measured
from desktop.programme.records import Records

Measure = Callable[[Records, date, date], Measured]


@dataclass(frozen=True)
class ParameterInfo:
    """One parameter of a measure: `many` takes a non-empty list of `choices`, otherwise one."""

    name: str
    label: str
    choices: tuple[tuple[str, str], ...]  # (code, Vietnamese words)
    required: bool
    many: bool = False


@dataclass(frozen=True)
class MeasureInfo:
    name: str
    label: str
    unit: str  # what it gives: count | percent | ratio
    parameters: tuple[ParameterInfo, ...] = ()


EVENT_KINDS = (
    ("admitted", "kết nạp"),
    ("readmitted", "kết nạp lại"),
    ("transferred_in", "chuyển đến"),
    ("transferred_out", "chuyển đi"),
    ("transferred", "chuyển sinh hoạt trong đơn vị"),
    ("left", "ra khỏi tổ chức"),
)
MEMBER_DATES = (
    ("party_introduced_on", "ngày được giới thiệu cho Đảng"),
    ("smartca_installed_on", "ngày cài đặt chữ ký số SmartCA"),
    ("joined_on", "ngày vào công đoàn"),
)
ACTIVITY_KINDS = (
    ("propaganda", "tuyên truyền"),
    ("training", "tập huấn, bồi dưỡng"),
    ("dialogue", "đối thoại"),
    ("collective_agreement", "thỏa ước lao động tập thể"),
    ("workers_month", "Tháng Công nhân"),
    ("support", "hỗ trợ, chăm lo"),
    ("house", "xây nhà"),
    ("social_criticism", "phản biện xã hội"),
    ("womens_affairs", "nữ công"),
    ("other", "khác"),
)
ACTIVITY_SUMS = (
    ("houses", "số căn nhà"),
    ("participants", "số người tham dự"),
    ("participants_women", "số nữ tham dự"),
    ("amount", "số tiền (đồng)"),
)
UNION_PROPERTIES = (
    ("rated_good", "xếp loại hoàn thành tốt nhiệm vụ trở lên trong năm"),
    ("chair_trained", "có chủ tịch đã được đào tạo, bồi dưỡng"),
    ("inspected", "được kiểm tra trong kỳ"),
)
SECTORS = (("state", "khu vực nhà nước"), ("non_state", "ngoài khu vực nhà nước"))
INSPECTION_KINDS = (("finance", "kiểm tra tài chính"), ("charter", "giám sát chấp hành Điều lệ"))

NAMED: tuple[MeasureInfo, ...] = (
    MeasureInfo("new_members", "Đoàn viên kết nạp mới, kết nạp lại trong kỳ", "count"),
    MeasureInfo("net_increase", "Tăng thực đoàn viên: cuối kỳ trừ đầu kỳ", "count"),
    MeasureInfo("new_unions", "CĐCS thành lập mới trong kỳ", "count"),
    MeasureInfo("new_unions_25", "CĐCS mới trong doanh nghiệp có từ 25 lao động", "count"),
    MeasureInfo("party_per_union", "Đoàn viên giới thiệu cho Đảng bình quân mỗi CĐCS", "ratio"),
    MeasureInfo("new_chairs_trained", "Chủ tịch CĐCS bầu mới được bồi dưỡng", "percent"),
    MeasureInfo("upper_unions_rated_good", "Công đoàn cấp trên xếp loại tốt (tỉnh)", "percent"),
    MeasureInfo("rated_good_state", "CĐCS khu vực nhà nước xếp loại tốt trở lên", "percent"),
    MeasureInfo("rated_good_non_state", "CĐCS ngoài nhà nước xếp loại tốt trở lên", "percent"),
    MeasureInfo("houses", "Nhà «Mái ấm Công đoàn» hỗ trợ xây dựng", "count"),
    MeasureInfo("household_reduction", "Giảm tỷ lệ hộ nghèo, cận nghèo trong đoàn viên", "percent"),
    MeasureInfo("inspected_by_province", "Công đoàn cấp trên được tỉnh kiểm tra", "percent"),
    MeasureInfo("same_level_finance", "Kiểm tra tài chính cùng cấp", "percent"),
    MeasureInfo("finance_inspected", "CĐCS được kiểm tra tài chính", "percent"),
    MeasureInfo("charter_supervised", "CĐCS được giám sát chấp hành Điều lệ", "percent"),
    MeasureInfo("complaints_resolved", "Đơn thư thuộc thẩm quyền đã giải quyết", "percent"),
    MeasureInfo("social_criticism", "Cuộc phản biện xã hội (tỉnh)", "count"),
    MeasureInfo("smartca", "Đoàn viên cài đặt chữ ký số SmartCA", "count"),
)
PARAMETERISED: tuple[MeasureInfo, ...] = (
    MeasureInfo(
        "member_events",
        "Số biến động đoàn viên thuộc các loại đã chọn trong kỳ",
        "count",
        (ParameterInfo("kinds", "loại biến động", EVENT_KINDS, True, many=True),),
    ),
    MeasureInfo(
        "members_dated",
        "Số đoàn viên có ngày đã chọn nằm trong kỳ",
        "count",
        (ParameterInfo("field", "ngày", MEMBER_DATES, True),),
    ),
    MeasureInfo(
        "activities",
        "Số hoạt động một loại trong kỳ, hoặc tổng một con số của chúng",
        "count",
        (
            ParameterInfo("kind", "loại hoạt động", ACTIVITY_KINDS, True),
            ParameterInfo("sum", "cộng", ACTIVITY_SUMS, False),
        ),
    ),
    MeasureInfo(
        "unions_share",
        "Tỷ lệ CĐCS (đang hoạt động cuối kỳ) có một thuộc tính",
        "percent",
        (
            ParameterInfo("property", "thuộc tính", UNION_PROPERTIES, True),
            ParameterInfo("sector", "khu vực", SECTORS, False),
            ParameterInfo("inspection_kind", "loại kiểm tra", INSPECTION_KINDS, False),
        ),
    ),
)

UNKNOWN_MEASURE = "không có cách tính tự động «{metric}» (danh mục: {known})"
NO_MEASURE = "chỉ tiêu tính tự động («computed») phải ghi cách tính «metric»"
TAKES_NONE = "cách tính «{metric}» không có tham số (bỏ «{name}»)"
UNKNOWN_PARAMETER = "cách tính «{metric}» không có tham số «{name}» (có: {known})"
MISSING_PARAMETER = "cách tính «{metric}» cần tham số «{name}» ({label}: {choices})"
WRONG_VALUE = "tham số «{name}» của «{metric}» không nhận «{value}» (chọn: {choices})"
WRONG_LIST = "tham số «{name}» của «{metric}» là danh sách không rỗng, không trùng ({choices})"
INSPECTION_KIND_ONLY = (
    "tham số «inspection_kind» chỉ dùng với «property» = «inspected», và khi đó phải có"
)
NOT_JSON = "tham số của cách tính phải là một đối tượng JSON ({detail})"
PARAMS_TEXT = "không đọc được tham số «{part}»: ghi dạng tên=giá trị; tên=giá trị (ví dụ {example})"


def catalogue() -> tuple[MeasureInfo, ...]:
    """Every measure a computed target may name: the named ones first, then those with
    parameters. A named measure metrics.py has and this list does not is still listed."""
    listed = {m.name for m in NAMED}
    extra = tuple(MeasureInfo(name, name, "count") for name in METRICS if name not in listed)
    return NAMED + extra + PARAMETERISED


def measure_info(metric: str) -> MeasureInfo | None:
    return next((m for m in catalogue() if m.name == metric), None)


def canonical_params(params: Mapping[str, object]) -> str:
    """The stored form of a measure's parameters: keys sorted, no spaces, UTF-8 text."""
    if not params:
        return ""
    return json.dumps(dict(params), ensure_ascii=False, sort_keys=True, separators=(",", ":"))


def _choices(parameter: ParameterInfo) -> str:
    return ", ".join(code for code, _ in parameter.choices)


def check_measure(
    metric: str, params: Mapping[str, object] | str | None, *, target: str = ""
) -> str:
    """The parameters of `metric` checked against the catalogue, in their stored form (""
    when it takes none). Raises UserError naming `target` (when given) and what is wrong."""
    try:
        return _check(metric, params)
    except UserError as exc:
        if target:
            raise UserError(f"Chỉ tiêu «{target}»: {exc.message}") from None
        raise


def _check(metric: str, params: Mapping[str, object] | str | None) -> str:
    if isinstance(params, str):
        params = _loads(params) if params.strip() else None
    given = dict(params or {})
    if not metric:
        raise UserError(NO_MEASURE)
    info = measure_info(metric)
    if info is None:
        raise UserError(
            UNKNOWN_MEASURE.format(metric=metric, known=", ".join(m.name for m in catalogue()))
        )
    if not info.parameters:
        if given:
            raise UserError(TAKES_NONE.format(metric=metric, name=next(iter(given))))
        return ""
    known = {p.name: p for p in info.parameters}
    for name in given:
        if name not in known:
            raise UserError(
                UNKNOWN_PARAMETER.format(metric=metric, name=name, known=", ".join(known))
            )
    checked: dict[str, object] = {}
    for parameter in info.parameters:
        value = given.get(parameter.name)
        if value is None:
            if parameter.required:
                raise UserError(
                    MISSING_PARAMETER.format(
                        metric=metric,
                        name=parameter.name,
                        label=parameter.label,
                        choices=_choices(parameter),
                    )
                )
            continue
        codes = {code for code, _ in parameter.choices}
        if parameter.many:
            if (
                not isinstance(value, list)
                or not value
                or len(set(map(str, value))) != len(value)
                or not all(isinstance(v, str) for v in value)
            ):
                raise UserError(
                    WRONG_LIST.format(
                        name=parameter.name, metric=metric, choices=_choices(parameter)
                    )
                )
            for item in value:
                if item not in codes:
                    raise UserError(
                        WRONG_VALUE.format(
                            name=parameter.name,
                            metric=metric,
                            value=item,
                            choices=_choices(parameter),
                        )
                    )
            # One order for one meaning: the catalogue's.
            checked[parameter.name] = [code for code, _ in parameter.choices if code in value]
        else:
            if not isinstance(value, str) or value not in codes:
                raise UserError(
                    WRONG_VALUE.format(
                        name=parameter.name,
                        metric=metric,
                        value=value,
                        choices=_choices(parameter),
                    )
                )
            checked[parameter.name] = value
    if metric == "unions_share" and (
        (checked.get("property") == "inspected") != ("inspection_kind" in checked)
    ):
        raise UserError(INSPECTION_KIND_ONLY)
    return canonical_params(checked)


def _loads(text: str) -> dict[str, object]:
    try:
        value = json.loads(text)
    except ValueError as exc:
        raise UserError(NOT_JSON.format(detail=exc)) from None
    if not isinstance(value, dict):
        raise UserError(NOT_JSON.format(detail="không phải đối tượng"))
    return value


def params_text(measure: str) -> str:
    """Stored parameters as a person writes them in a cell: `kinds=admitted,readmitted`."""
    if not measure:
        return ""
    parts = []
    for name, value in json.loads(measure).items():
        shown = ",".join(value) if isinstance(value, list) else str(value)
        parts.append(f"{name}={shown}")
    return "; ".join(parts)


def params_words(metric: str, measure: str) -> str:
    """Stored parameters in words, for people: `loại biến động: chuyển đi, ra khỏi tổ chức`."""
    info = measure_info(metric)
    if not measure or info is None:
        return ""
    values = json.loads(measure)
    parts = []
    for parameter in info.parameters:
        if parameter.name not in values:
            continue
        words = dict(parameter.choices)
        chosen = values[parameter.name]
        items = chosen if isinstance(chosen, list) else [chosen]
        parts.append(f"{parameter.label}: {', '.join(words.get(str(v), str(v)) for v in items)}")
    return "; ".join(parts)


def params_from_text(metric: str, text: str) -> dict[str, object]:
    """`params_text` read back (a JSON object is taken too); a list parameter splits on commas.
    The result still goes through `check_measure`."""
    text = text.strip()
    if not text:
        return {}
    if text.startswith("{"):
        return _loads(text)
    info = measure_info(metric)
    many = {p.name for p in info.parameters if p.many} if info else set()
    found: dict[str, object] = {}
    for part in (p.strip() for p in text.split(";")):
        if not part:
            continue
        name, sep, value = part.partition("=")
        if not sep or not name.strip():
            raise UserError(
                PARAMS_TEXT.format(part=part, example="property=inspected; inspection_kind=finance")
            )
        name, value = name.strip(), value.strip()
        found[name] = [v.strip() for v in value.split(",") if v.strip()] if name in many else value
    return found


def measure_for(metric: str, params: str = "") -> Measure:
    """The measure a target names, bound to its parameters (checked when the programme was
    read or saved; checked again here so a hand-edited database cannot compute nonsense)."""
    canonical = check_measure(metric, params)
    if metric in METRICS and not canonical:
        return METRICS[metric]
    from desktop.programme.measures import PARAMETERISED_MEASURES

    values = json.loads(canonical) if canonical else {}
    return partial(PARAMETERISED_MEASURES[metric], values)
