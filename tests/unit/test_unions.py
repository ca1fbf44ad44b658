"""The Công đoàn cơ sở list: filters with exact counts, search without tone marks, the detail of
one union (members, history, ratings) and the communes of the office's province (2025 list)."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from desktop.services.unions import (
    UNRATED,
    UnionFilter,
    filter_unions,
    founded_years,
    list_unions,
    office_area,
    rating_years,
    union_detail,
)
from desktop.store import shared
from tests.unit._unions_fixture import district_copy


@pytest.fixture
def district(tmp_path: Path) -> tuple[Path, dict[str, str]]:
    return district_copy(tmp_path)


def _names(db: Path, **wanted: object) -> list[str]:
    return [u.name for u in filter_unions(list_unions(shared(db)), UnionFilter(**wanted))]  # type: ignore[arg-type]


def test_list_is_in_vietnamese_order_with_members_and_communes(district) -> None:  # type: ignore[no-untyped-def]
    db, _ = district
    rows = list_unions(shared(db))
    # «Công ty» < «Hợp tác xã» < «Trường» < «Ủy ban» after «CĐCS»; «Nghiệp đoàn» after «CĐCS».
    # Each commune as it is since 01/7/2025: 29110 and 29122 are codes of the 2025 list (Thị trấn
    # Ba Tri became Xã Ba Tri, Xã Mỹ Chánh is in Xã Mỹ Chánh Hoà); the others, pre-2025 codes, by
    # their successor (Phú Lễ and the old Tân Xuân → Xã Tân Xuân, An Hòa Tây → Xã Tân Thuỷ,
    # An Đức → Xã Ba Tri).
    assert [(u.name, u.members, u.commune_name) for u in rows] == [
        ("CĐCS Công ty TNHH May Phú Lễ", 0, "Xã Tân Xuân"),
        ("CĐCS Công ty TNHH Thủy sản Đông Hải", 2, "Xã Ba Tri"),
        ("CĐCS Hợp tác xã Dừa Mỹ Chánh", 0, "Xã Mỹ Chánh Hoà"),
        ("CĐCS Trường Tiểu học An Hòa Tây", 3, "Xã Tân Thuỷ"),  # the member who left: not
        ("CĐCS Ủy ban nhân dân xã Tân Xuân", 2, "Xã Tân Xuân"),
        ("Nghiệp đoàn Nghề cá xã An Đức", 1, "Xã Ba Tri"),
    ]
    school = next(u for u in rows if u.name.startswith("CĐCS Trường"))
    assert school.ratings == ((2023, "good"), (2024, "excellent"))
    assert school.rating_of(2024) == "excellent" and school.rating_of(2022) is None


@pytest.mark.parametrize(
    ("wanted", "count"),
    [
        ({}, 5),  # working unions: the dissolved one is hidden by default
        ({"dissolved": None}, 6),
        ({"dissolved": True}, 1),
        ({"sector": "state"}, 2),
        ({"sector": "non_state"}, 3),
        ({"sector": "non_state", "dissolved": None}, 4),
        ({"kind": "trade_based"}, 1),
        ({"kind": "workplace"}, 4),
        # Xã Ba Tri today: Đông Hải (filed under its 2025 code) and An Đức's union (filed under
        # Xã An Đức, which Xã Ba Tri took over on 01/7/2025).
        ({"commune_code": "29110"}, 2),
        # Xã Tân Xuân today: the old Tân Xuân's union; Phú Lễ's (also Tân Xuân now) is dissolved.
        ({"commune_code": "29137"}, 1),
        ({"commune_code": "29137", "dissolved": True}, 1),
        ({"commune_code": "29137", "dissolved": None}, 2),
        # A pre-2025 commune chosen by its old name: its own records only.
        ({"commune_code": "29146"}, 0),
        ({"commune_code": "29146", "dissolved": True}, 1),
        ({"commune_code": "29173"}, 1),
        ({"rating_year": 2024, "rating": "good"}, 1),
        ({"rating_year": 2024, "rating": "excellent"}, 1),
        ({"rating_year": 2023, "rating": "good"}, 1),
        ({"rating_year": 2023, "rating": "good", "dissolved": None}, 2),
        ({"rating_year": 2024, "rating": UNRATED}, 2),  # Tân Xuân, the cooperative
        ({"rating_year": 2024, "rating": UNRATED, "dissolved": None}, 3),  # and May Phú Lễ
        ({"rating_year": 2021, "rating": UNRATED}, 3),  # the cooperative and Đông Hải came later
        ({"rating_year": 2024}, 5),  # a year without a rating chosen filters nothing
        ({"founded_year": 2024}, 1),
        ({"founded_year": 2010}, 0),
        ({"founded_year": 2010, "dissolved": True}, 1),
        ({"sector": "non_state", "rating_year": 2024, "rating": "completed"}, 1),
    ],
)
def test_filters_give_exact_counts(district, wanted: dict[str, object], count: int) -> None:  # type: ignore[no-untyped-def]
    db, _ = district
    assert len(_names(db, **wanted)) == count


def test_search_ignores_case_tone_marks_and_d(district) -> None:  # type: ignore[no-untyped-def]
    db, _ = district
    assert _names(db, query="thuy san") == ["CĐCS Công ty TNHH Thủy sản Đông Hải"]
    assert _names(db, query="ĐÔNG HẢI") == ["CĐCS Công ty TNHH Thủy sản Đông Hải"]
    assert _names(db, query="an hoa") == ["CĐCS Trường Tiểu học An Hòa Tây"]
    assert _names(db, query="an hoà") == ["CĐCS Trường Tiểu học An Hòa Tây"]
    assert _names(db, query="nghiep doan an duc") == ["Nghiệp đoàn Nghề cá xã An Đức"]
    # The chair's name is searched too.
    assert _names(db, query="nguyen thi lan") == ["CĐCS Trường Tiểu học An Hòa Tây"]
    assert len(_names(db, query="cdcs")) == 4
    assert _names(db, query="hoa", sector="non_state") == []  # words begin: «hoa» ≠ «thoa»


def test_years_the_filters_offer(district) -> None:  # type: ignore[no-untyped-def]
    db, _ = district
    rows = list_unions(shared(db))
    assert rating_years(rows, today=date(2026, 3, 1)) == [2026, 2024, 2023]
    assert founded_years(rows) == [2024, 2022, 2018, 2010, 2005, 2001]


def test_office_area_is_the_province_from_the_2025_list(district) -> None:  # type: ignore[no-untyped-def]
    db, _ = district
    area, communes = office_area(shared(db))
    # Huyện Ba Tri (836) of Bến Tre went to Tỉnh Vĩnh Long (86): its 124 communes and wards,
    # the 7 that took over Ba Tri's 22 communes first, then the 15 of those 22 whose codes the
    # 2025 list does not reuse, for records written before the reform.
    assert area == "tỉnh Vĩnh Long"
    assert len(communes) == 124 + 15
    assert communes[:7] == [
        ("29110", "Xã Ba Tri"),
        ("29122", "Xã Mỹ Chánh Hoà"),
        ("29125", "Xã Bảo Thạnh"),
        ("29137", "Xã Tân Xuân"),
        ("29143", "Xã An Ngãi Trung"),
        ("29158", "Xã An Hiệp"),
        ("29167", "Xã Tân Thuỷ"),
    ]
    assert ("29191", "Xã Quới Điền") in communes[7:124]  # of Thạnh Phú before the reform
    assert communes[124] == ("29116", "Xã Mỹ Hòa (trước 01/7/2025, nay Xã Mỹ Chánh Hoà)")
    assert ("29173", "Xã An Đức (trước 01/7/2025, nay Xã Ba Tri)") in communes[124:]
    assert ("29110", "Thị trấn Ba Tri") not in communes  # its code is Xã Ba Tri's now


def test_detail_lists_members_history_and_ratings(district) -> None:  # type: ignore[no-untyped-def]
    db, ids = district
    detail = union_detail(shared(db), ids["school"])
    assert detail is not None
    assert [m.full_name for m in detail.members] == ["Lê Thị Ánh", "Phạm Văn Đức", "Trần Thị Hòa"]
    assert detail.women == 2
    assert [(h.on, h.text) for h in detail.history] == [
        (date(2005, 9, 1), "Thành lập"),
        (date(2023, 4, 10), "Bầu chủ tịch Nguyễn Thị Lan"),
        (date(2023, 6, 1), "Chủ tịch Nguyễn Thị Lan được bồi dưỡng nghiệp vụ"),
        (date(2023, 12, 20), "Xếp loại năm 2023: Hoàn thành tốt nhiệm vụ"),
        (date(2024, 12, 20), "Xếp loại năm 2024: Hoàn thành xuất sắc nhiệm vụ"),
    ]
    assert [(r.year, r.label) for r in detail.ratings] == [
        (2024, "Hoàn thành xuất sắc nhiệm vụ"),
        (2023, "Hoàn thành tốt nhiệm vụ"),
    ]
    garment = union_detail(shared(db), ids["garment"])
    assert garment is not None and garment.members == ()
    assert garment.history[-1].text == "Giải thể: Doanh nghiệp chấm dứt hoạt động"
    assert union_detail(shared(db), "00000000-0000-4000-8000-000000000000") is None
