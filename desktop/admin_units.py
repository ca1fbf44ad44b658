"""Vietnam's administrative units (shipped in resources/admin-units/), before and after the 2025 reform.

Codes are text with leading zeros, as the statistics office writes them. The 2025 list has no
districts: communes hang from the (merged) province. Every pre-2025 commune has one successor in
the 2025 list (`commune-successors-2025.csv`); a commune split between several new ones has the
successor its source names as the default, and is marked `split`.
"""

from __future__ import annotations

import csv
from collections import Counter
from dataclasses import dataclass
from functools import lru_cache

from desktop.paths import resources_dir

EDITIONS = ("2024", "2025")


@dataclass(frozen=True)
class AdminUnit:
    code: str
    name: str
    level: str  # province, district or commune
    parent_code: str


@lru_cache(maxsize=2)
def units(edition: str = "2024") -> tuple[AdminUnit, ...]:
    if edition not in EDITIONS:
        raise ValueError(f"unknown edition {edition!r}")
    path = resources_dir() / "admin-units" / f"admin-units-{edition}.csv"
    with path.open(encoding="utf-8", newline="") as handle:
        return tuple(
            AdminUnit(row["code"], row["name"], row["level"], row["parent_code"] or "")
            for row in csv.DictReader(handle)
        )


@lru_cache(maxsize=2)
def _by_code(edition: str) -> dict[str, AdminUnit]:
    return {unit.code: unit for unit in units(edition)}


def find(code: str, edition: str = "2024") -> AdminUnit | None:
    return _by_code(edition).get(code)


def provinces(edition: str = "2024") -> list[AdminUnit]:
    return [u for u in units(edition) if u.level == "province"]


def communes_of_district(district_code: str) -> list[AdminUnit]:
    """The communes and wards of one pre-reform district, in the statistics office's order."""
    return [u for u in units("2024") if u.level == "commune" and u.parent_code == district_code]


def communes_of_province(province_code: str) -> list[AdminUnit]:
    """The communes and wards of one province of the 2025 list, in the statistics office's order."""
    return [u for u in units("2025") if u.level == "commune" and u.parent_code == province_code]


def province_2025(code: str) -> AdminUnit | None:
    """The province of the 2025 list with `code` (`86`), None if the code is not one."""
    found = find(code.strip(), "2025")
    return found if found is not None and found.level == "province" else None


@dataclass(frozen=True)
class Successor:
    old: AdminUnit  # the pre-2025 commune
    new: AdminUnit  # the 2025 commune that took it over
    split: bool  # the old commune was divided: part of it went to other new communes


@lru_cache(maxsize=1)
def _successors() -> dict[str, tuple[str, bool]]:
    path = resources_dir() / "admin-units" / "commune-successors-2025.csv"
    with path.open(encoding="utf-8", newline="") as handle:
        return {
            row["old_code"]: (row["new_code"], row["split"] == "1")
            for row in csv.DictReader(handle)
        }


def successor_of(old_code: str) -> Successor | None:
    """The 2025 commune that took over the pre-2025 commune `old_code` (None for a code that is
    not a pre-2025 commune)."""
    found = _successors().get(old_code.strip())
    old = find(old_code.strip())
    if found is None or old is None:
        return None
    new = find(found[0], "2025")
    return Successor(old, new, found[1]) if new is not None else None


def current_commune(code: str) -> AdminUnit | None:
    """The 2025 commune a stored commune code stands for today: a code of the 2025 list is read
    as that commune; any other code as a pre-2025 commune, by its successor (records written
    before the reform keep their code)."""
    code = code.strip()
    found = find(code, "2025")
    if found is not None and found.level == "commune":
        return found
    successor = successor_of(code)
    return successor.new if successor is not None else None


def same_commune(stored: str, wanted: str) -> bool:
    """A record's commune is the 2025 commune a filter asks for when it stands for it today: a
    union filed under Xã An Đức (before 1/7/2025) is in Xã Ba Tri, which took it over. A filter
    naming a pre-2025 commune asks for that commune's own records only."""
    if stored == wanted:
        return True
    chosen = find(wanted.strip(), "2025")
    if chosen is None or chosen.level != "commune":
        return False
    today = current_commune(stored)
    return today is not None and today.code == chosen.code


def province_of_district(district_code: str) -> AdminUnit | None:
    """The 2025 province a pre-reform district's communes went to (the one most of them went
    to: Huyện Ba Tri of Tỉnh Bến Tre → Tỉnh Vĩnh Long)."""
    counts = Counter(
        successor.new.parent_code
        for unit in communes_of_district(district_code)
        for successor in [successor_of(unit.code)]
        if successor is not None
    )
    if not counts:
        return None
    return province_2025(counts.most_common(1)[0][0])


@lru_cache(maxsize=1)
def citizen_id_province_codes() -> frozenset[str]:
    """The 3-digit province codes a citizen ID may start with (the 63 pre-reform provinces)."""
    return frozenset(u.code.zfill(3) for u in provinces("2024"))


# A district's kind, as its official name starts; the place a document names drops it.
DISTRICT_KINDS = ("Huyện ", "Quận ", "Thị xã ", "Thành phố ")


def place_name_of(district: AdminUnit) -> str:
    """The place name a district office dates its documents with (Decree 30/2020): the
    district's name without its kind, `Ba Tri` for `Huyện Ba Tri`; a district named by a number
    keeps it (`Quận 1`)."""
    for kind in DISTRICT_KINDS:
        if district.name.startswith(kind):
            rest = district.name[len(kind) :]
            return district.name if rest.isdigit() else rest
    return district.name


def parent_body_of(province: AdminUnit) -> str:
    """The parent body over a district federation: `LĐLĐ tỉnh Bến Tre` for `Tỉnh Bến Tre`
    (printed in upper case at the top left of every document)."""
    return f"LĐLĐ {province.name[:1].lower()}{province.name[1:]}"


def district_of(code: str) -> AdminUnit | None:
    """The pre-reform district with `code` (`836`), None if the code is not a district's."""
    found = find(code.strip())
    return found if found is not None and found.level == "district" else None


def office_province(district_code: str, province_code: str) -> AdminUnit | None:
    """An office's province in the 2025 list: the one its pre-reform district went to, else the
    one it names (`office.province_code`, a 2025 code once the office has no district)."""
    if district_code:
        return province_of_district(district_code)
    return province_2025(province_code) if province_code else None


def office_communes(district_code: str, province_code: str) -> list[AdminUnit]:
    """The communes an office records unions and prospects in: the 2025 communes of its
    province, those that took over its pre-reform district's communes first."""
    province = office_province(district_code, province_code)
    if province is None:
        return []
    own = {
        successor.new.code
        for unit in communes_of_district(district_code)
        for successor in [successor_of(unit.code)]
        if successor is not None
    }
    communes = communes_of_province(province.code)
    return [u for u in communes if u.code in own] + [u for u in communes if u.code not in own]


def former_communes(district_code: str, province_code: str) -> list[Successor]:
    """The pre-2025 communes whose successors are in the office's province, those of its own
    pre-reform district first: how a list written before the reform names them."""
    province = office_province(district_code, province_code)
    if province is None:
        return []
    found = [
        successor
        for unit in units("2024")
        if unit.level == "commune"
        for successor in [successor_of(unit.code)]
        if successor is not None and successor.new.parent_code == province.code
    ]
    return sorted(found, key=lambda s: s.old.parent_code != district_code)
