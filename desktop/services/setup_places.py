"""The administrative units the first-run setup offers: the provinces of the 2025 list, and for
an office still tied to a pre-2025 district, the old districts that went to that province."""

from __future__ import annotations

from collections import Counter, defaultdict
from functools import lru_cache

from desktop.admin_units import AdminUnit, find, provinces, successor_of, units


def province_choices() -> list[AdminUnit]:
    """The provinces and cities of the 2025 list, in the statistics office's order."""
    return provinces("2025")


@lru_cache(maxsize=1)
def _districts_by_province() -> dict[str, tuple[AdminUnit, ...]]:
    # One pass over the old communes: a district goes to the 2025 province most of its
    # communes went to (as admin_units.province_of_district decides, without its rescans).
    votes: dict[str, Counter[str]] = defaultdict(Counter)
    for unit in units("2024"):
        if unit.level != "commune":
            continue
        successor = successor_of(unit.code)
        if successor is not None:
            votes[unit.parent_code][successor.new.parent_code] += 1
    grouped: dict[str, list[AdminUnit]] = defaultdict(list)
    for unit in units("2024"):
        if unit.level == "district" and votes.get(unit.code):
            grouped[votes[unit.code].most_common(1)[0][0]].append(unit)
    return {code: tuple(found) for code, found in grouped.items()}


def district_choices(province_code: str) -> list[AdminUnit]:
    """The pre-2025 districts whose communes went to the 2025 province `province_code`."""
    return list(_districts_by_province().get(province_code, ()))


def district_label(district: AdminUnit) -> str:
    """`Huyện Ba Tri (Tỉnh Bến Tre cũ)`: two old provinces merged may each have a Châu Thành."""
    old_province = find(district.parent_code)
    return f"{district.name} ({old_province.name} cũ)" if old_province else district.name
