"""The demo district generator makes any office of the demo province: its code, names and place."""

from __future__ import annotations

import random
from collections import Counter

from desktop.admin_units import communes_of_district
from desktop.demo.context import BA_TRI, Demo
from desktop.demo.generate import build_rows
from desktop.demo.province import OFFICES, plan


def _office(code: str):  # type: ignore[no-untyped-def]
    return next(o for o in OFFICES if o.code == code)


def test_an_office_of_the_province_has_its_own_code_names_and_communes() -> None:
    thanh_phu = _office("LDLD-THANHPHU")
    demo = build_rows(200, 7, thanh_phu)
    (office,) = demo.rows["office"]
    assert (office["code"], office["name"], office["place_name"], office["district_code"]) == (
        "LDLD-THANHPHU",
        "Liên đoàn Lao động huyện Thạnh Phú",
        "Thạnh Phú",
        "837",
    )
    assert office["recipients"] == (
        "- LĐLĐ tỉnh Bến Tre;\n- Thường trực Huyện ủy Thạnh Phú;\n- Lưu: VT."
    )
    names = [u["name"] for u in demo.rows["grassroots_union"]]
    assert not [n for n in names if "Ba Tri" in n]
    own = {c.code for c in communes_of_district("837")}
    assert {u["commune_code"] for u in demo.rows["grassroots_union"]} <= own


def test_the_education_union_has_schools_across_the_province() -> None:
    demo = build_rows(400, 3, _office("CDGD-BENTRE"))
    unions = demo.rows["grassroots_union"]
    assert Counter(u["employer_type"] for u in unions) == {"school": len(unions)}
    assert all(u["name"].startswith("Công đoàn cơ sở Trường ") for u in unions)
    assert demo.rows["office"][0]["kind"] == "sector_union"


def test_the_industrial_zones_union_is_mostly_enterprises() -> None:
    demo = build_rows(400, 3, _office("CDKCN-BENTRE"))
    kinds = Counter(u["employer_type"] for u in demo.rows["grassroots_union"])
    assert set(kinds) <= {"private_enterprise", "fdi_enterprise", "agency"}
    assert kinds["agency"] <= 1


def test_ba_tri_stays_as_it_was() -> None:
    demo = build_rows(300, 5)
    assert demo.office is BA_TRI
    assert demo.rows["office"][0]["code"] == "LDLD-BATRI"
    assert Demo(random.Random(1)).office is BA_TRI


def test_a_province_of_n_offices_has_the_last_one_three_months_behind() -> None:
    five = plan(5)
    assert [o.code for o in five.offices] == [
        "LDLD-BATRI",
        "CDKCN-BENTRE",
        "CDGD-BENTRE",
        "LDLD-THANHPHU",
        "LDLD-GIONGTROM",
    ]
    assert five.last_months == {
        "LDLD-BATRI": 12,
        "CDKCN-BENTRE": 12,
        "CDGD-BENTRE": 12,
        "LDLD-THANHPHU": 12,
        "LDLD-GIONGTROM": 9,
    }
    assert (five.behind, five.returned) == ("LDLD-GIONGTROM", "LDLD-BATRI")
    assert len({o.code for o in OFFICES}) == len({o.name for o in OFFICES}) == len(OFFICES) == 13
