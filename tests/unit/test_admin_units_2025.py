"""The 2025 administrative list: every pre-2025 commune has one successor (checked against the
resolutions' known pairs), offices take their communes from their province in the new list, and a
list written before the reform finds its old communes' successors."""

from __future__ import annotations

import csv

from desktop.admin_units import (
    communes_of_province,
    current_commune,
    former_communes,
    office_communes,
    office_province,
    province_of_district,
    successor_of,
    units,
)
from desktop.importer.plan_unions import office_communes_by_name
from desktop.paths import resources_dir


def test_every_pre_2025_commune_has_exactly_one_successor_in_the_2025_list() -> None:
    path = resources_dir() / "admin-units" / "commune-successors-2025.csv"
    with path.open(encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle))
    old = [u.code for u in units("2024") if u.level == "commune"]
    new = {u.code for u in units("2025") if u.level == "commune"}
    assert [r["old_code"] for r in rows] == sorted(old)  # each once, in code order
    assert len(rows) == 10_035
    assert {r["new_code"] for r in rows} <= new
    assert sum(r["split"] == "1" for r in rows) == 471


def test_ben_tre_communes_went_to_vinh_long() -> None:
    # Ba Tri (Bến Tre) under resolution 1687/NQ-UBTVQH15: Thị trấn Ba Tri, An Đức, Vĩnh Hòa,
    # Vĩnh An and An Bình Tây became Xã Ba Tri; Mỹ Hòa, Mỹ Chánh and Mỹ Nhơn Xã Mỹ Chánh Hòa.
    for old, name in (
        ("29110", "Xã Ba Tri"),
        ("29173", "Xã Ba Tri"),
        ("29164", "Xã Ba Tri"),
        ("29116", "Xã Mỹ Chánh Hoà"),
        ("29134", "Xã Mỹ Chánh Hoà"),
        ("29176", "Xã Tân Thuỷ"),
    ):
        successor = successor_of(old)
        assert successor is not None and successor.new.name == name, old
        assert successor.new.parent_code == "86" and not successor.split
    town = successor_of("28756")  # Phường Phú Khương, city of Bến Tre: kept its name and code
    assert town is not None and (town.old.name, town.new.code) == ("Phường Phú Khương", "28756")
    assert successor_of("836") is None and successor_of("x") is None  # a district, nonsense
    ba_tri = province_of_district("836")
    assert ba_tri is not None and ba_tri.name == "Tỉnh Vĩnh Long"


def test_a_divided_commune_names_its_default_successor() -> None:
    # Phường Ngọc Hà (Ba Đình, Hà Nội) went in part to Phường Ba Đình, Ngọc Hà and Giảng Võ;
    # the source's default is the one holding the old ward's location.
    split = successor_of("00016")
    assert split is not None and split.split
    assert (split.old.name, split.new.name) == ("Phường Ngọc Hà", "Phường Ba Đình")
    whole = successor_of("00013")  # Phường Quán Thánh: all of it into Phường Ba Đình
    assert whole is not None and not whole.split and whole.new.code == "00004"


def test_a_code_reads_as_the_2025_commune_else_as_an_old_one_by_its_successor() -> None:
    assert current_commune("29110").name == "Xã Ba Tri"  # reused: the 2025 commune
    assert current_commune("29173").name == "Xã Ba Tri"  # Xã An Đức before the reform
    assert current_commune("06970").name == "Xã Ba Chẽ"  # Quảng Ninh: the 2025 code is 06978
    assert current_commune("99999") is None


def test_an_office_takes_its_province_communes_its_own_district_first() -> None:
    assert office_province("836", "83").code == "86"
    assert office_province("", "86").name == "Tỉnh Vĩnh Long"
    assert office_province("", "83") is None  # Bến Tre is no province of the 2025 list
    communes = office_communes("836", "83")
    assert len(communes) == len(communes_of_province("86")) == 124
    assert [u.name for u in communes[:7]] == [
        "Xã Ba Tri",
        "Xã Mỹ Chánh Hoà",
        "Xã Bảo Thạnh",
        "Xã Tân Xuân",
        "Xã An Ngãi Trung",
        "Xã An Hiệp",
        "Xã Tân Thuỷ",
    ]
    assert office_communes("", "86") == communes_of_province("86")
    assert office_communes("", "") == []
    former = former_communes("836", "83")
    assert [s.old.parent_code for s in former[:22]] == ["836"] * 22


def test_a_list_naming_old_communes_finds_their_successors() -> None:
    names = office_communes_by_name("836", "83")
    assert names["an duc"] == "29110"  # Xã An Đức → Xã Ba Tri
    assert names["my nhon"] == "29122"  # Xã Mỹ Nhơn → Xã Mỹ Chánh Hoà
    assert names["my chanh hoa"] == "29122"  # the 2025 name itself, tone placement folded
    assert names["tan xuan"] == "29137"  # a 2025 name wins over the old commune of that name
    assert names["phu khuong"] == "28756"  # elsewhere in the province
    assert names["29173"] == "29110"  # Xã An Đức's old code written in the cell
    assert "29110" not in names  # a code the 2025 list reuses is read as the 2025 commune
    by_province = office_communes_by_name("", "86")
    assert by_province["ba tri"] == "29110" and by_province["an duc"] == "29110"
    assert office_communes_by_name("", "") == {}
