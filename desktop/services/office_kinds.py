"""The kinds of office that run the program, since the 2025 reform reshaped the level above
grassroots unions: a district federation, a sector union, the industrial-zones union, another
upper union the province sets up (named by the province), and the province federation.

The code stores the English value (glossary: `upper_union` offices); the screens and the command
line's messages show the Vietnamese label.
"""

from __future__ import annotations

from desktop.errors import UserError
from desktop.models.enums import OfficeKind, Role
from desktop.services import office_messages as msg

# An upper union of a kind the province itself sets up; its name is the office's `kind_name`.
OTHER_UPPER_UNION = OfficeKind.other_upper_union.value

# value: Vietnamese label, in the order a list offers them.
KIND_LABELS: dict[str, str] = {
    OfficeKind.district_federation.value: "Liên đoàn Lao động cấp huyện",
    OfficeKind.sector_union.value: "Công đoàn ngành",
    OfficeKind.industrial_zones_union.value: "Công đoàn các Khu công nghiệp/Khu kinh tế",
    OTHER_UPPER_UNION: "Công đoàn cấp trên khác do tỉnh quy định",
    OfficeKind.province_federation.value: "Liên đoàn Lao động tỉnh, thành phố",
    # Set up by earlier releases for a city federation; still read, no longer offered.
    OfficeKind.city_federation.value: "Liên đoàn Lao động thành phố (cấp huyện)",
}
ROLE_LABELS = {
    Role.district.value: "đơn vị cấp trên trực tiếp cơ sở",
    Role.province.value: "LĐLĐ tỉnh",
}


def kinds_for(role: str) -> list[str]:
    """The kinds an office of `role` may choose, in the order a list offers them."""
    if role == Role.province:
        return [OfficeKind.province_federation.value]
    return [
        OfficeKind.district_federation.value,
        OfficeKind.sector_union.value,
        OfficeKind.industrial_zones_union.value,
        OTHER_UPPER_UNION,
    ]


def default_kind(role: str) -> str:
    return kinds_for(role)[0]


def kind_label(kind: str, kind_name: str = "") -> str:
    """What the office is, in words: the province's own name for a kind it set up."""
    if kind == OTHER_UPPER_UNION and kind_name.strip():
        return kind_name.strip()
    return KIND_LABELS.get(kind, kind)


def kind_problem(role: str, kind: str, kind_name: str) -> str | None:
    """Why (`kind`, `kind_name`) cannot be the kind of an office of `role`; None when it can."""
    allowed = kinds_for(role)
    if role != Role.province and kind == OfficeKind.city_federation:
        allowed = [*allowed, kind]  # an office set up so before keeps its kind
    choices = "; ".join(f"{value} ({KIND_LABELS[value]})" for value in kinds_for(role))
    if kind not in KIND_LABELS:
        return msg.UNKNOWN_KIND.format(kind=kind, choices=choices)
    if kind not in allowed:
        return msg.KIND_NOT_FOR_ROLE.format(
            label=KIND_LABELS[kind], role_label=ROLE_LABELS.get(role, role), choices=choices
        )
    if kind == OTHER_UPPER_UNION and not kind_name.strip():
        return msg.KIND_NAME_MISSING
    if kind != OTHER_UPPER_UNION and kind_name.strip():
        return msg.KIND_NAME_UNUSED
    return None


def check_kind(role: str, kind: str, kind_name: str) -> None:
    problem = kind_problem(role, kind, kind_name)
    if problem:
        raise UserError(problem)


# A unit code travels in bundles, key cards and file names: letters, digits, «-», «_» and «.».
CODE_PATTERN = r"[A-Za-z0-9][A-Za-z0-9._-]{0,31}"
BAD_CODE = (
    "Mã đơn vị «{code}» không dùng được: chỉ gồm chữ cái không dấu, chữ số, «-», «_» hoặc «.», "
    "tối đa 32 ký tự, ví dụ LDLD-BATRI."
)


def check_code(code: str) -> None:
    """Refuse a unit code a bundle, a key card or a file name could not carry as it is."""
    import re

    if not re.fullmatch(CODE_PATTERN, code):
        raise UserError(BAD_CODE.format(code=code))
