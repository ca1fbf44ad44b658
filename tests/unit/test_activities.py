"""Activities by task area and month, their validation, and the monthly narrative."""

from __future__ import annotations

import shutil
import sqlite3
from datetime import date
from pathlib import Path

import pytest

from desktop.errors import UserError
from desktop.services.activities import (
    ActivityInput,
    activities_in,
    delete_activity,
    narrative,
    problems,
    save_activity,
    save_narrative,
    task_areas,
    union_choices,
)
from desktop.services.progress import progress_for
from desktop.store import shared

TODAY = date(2024, 12, 31)


@pytest.fixture
def district(small_district: Path, tmp_path: Path) -> Path:
    path = tmp_path / "district.sqlite"
    shutil.copy(small_district, path)
    return path


def _unions(db: Path) -> dict[str, str]:
    with sqlite3.connect(db) as con:
        return {name: uid for uid, name in con.execute("SELECT id, name FROM grassroots_union")}


def _house(db: Path, **changes: object) -> ActivityInput:
    unions = _unions(db)
    data = ActivityInput(
        task_area=3,
        kind="house",
        subkind="Mái ấm Công đoàn",
        title="Trao Mái ấm Công đoàn cho chị Võ Thị Thủy",
        held_on=date(2024, 6, 10),
        participants=35,
        participants_women=20,
        amount=50_000_000,
        union_ids=[unions["CĐCS Công ty TNHH Thủy sản Đông Hải"]],
        houses=1,
    )
    for key, value in changes.items():
        setattr(data, key, value)
    return data


def _houses(db: Path) -> tuple[float | None, float | None]:
    seven = next(t for t in progress_for(shared(db), "2024-06").targets if t.code == "7")
    return seven.month, seven.year_to_date


def test_an_activity_is_listed_under_its_task_area_and_counts_for_its_target(
    district: Path,
) -> None:
    areas = task_areas(shared(district), "2024-06")
    assert [a.number for a in areas] == list(range(1, 11))
    assert all(a.activities == 0 for a in areas)
    assert _houses(district) == (0, 0)

    save_activity(shared(district), _house(district), today=TODAY)

    assert [a.activities for a in task_areas(shared(district), "2024-06")][2] == 1
    assert [a.activities for a in task_areas(shared(district), "2024-07")][2] == 0
    [row] = activities_in(shared(district), "2024-06", area=3)
    assert (row.title, row.kind_label, row.subkind, row.held_on) == (
        "Trao Mái ấm Công đoàn cho chị Võ Thị Thủy",
        "Nhà tặng đoàn viên",
        "Mái ấm Công đoàn",
        date(2024, 6, 10),
    )
    assert (row.participants, row.participants_women, row.amount) == (35, 20, 50_000_000)
    assert row.unions == ("CĐCS Công ty TNHH Thủy sản Đông Hải",)
    assert activities_in(shared(district), "2024-06", area=4) == []
    assert _houses(district) == (1, 1)


def test_editing_replaces_fields_and_unions_and_deleting_leaves_a_tombstone(
    district: Path,
) -> None:
    unions = _unions(district)
    saved = save_activity(shared(district), _house(district), today=TODAY)
    both = [unions["CĐCS Trường THCS Thạnh Phong"], unions["CĐCS Công ty TNHH Thủy sản Đông Hải"]]
    save_activity(
        shared(district),
        _house(district, title="Trao nhà Nghĩa tình đồng nghiệp", union_ids=both),
        saved,
        today=TODAY,
    )
    [row] = activities_in(shared(district), "2024-06")
    assert row.id == saved and row.title == "Trao nhà Nghĩa tình đồng nghiệp"
    assert row.unions == ("CĐCS Công ty TNHH Thủy sản Đông Hải", "CĐCS Trường THCS Thạnh Phong")

    delete_activity(shared(district), saved)
    assert activities_in(shared(district), "2024-06") == []
    assert _houses(district) == (0, 0)
    with sqlite3.connect(district) as con:
        assert con.execute("SELECT deleted_at IS NOT NULL FROM activity").fetchall() == [(1,)]
    with pytest.raises(UserError, match="không còn trong cơ sở dữ liệu"):
        save_activity(shared(district), _house(district), saved, today=TODAY)


@pytest.mark.parametrize(
    ("changes", "field", "message"),
    [
        ({"title": "  "}, "title", "Nhập tên hoạt động."),
        ({"held_on": None}, "held_on", "Nhập ngày tổ chức (dd/mm/yyyy)."),
        (
            {"held_on": date(2025, 1, 2)},
            "held_on",
            "Ngày tổ chức 02/01/2025 ở tương lai; chỉ ghi hoạt động đã diễn ra.",
        ),
        (
            {"participants": 10, "participants_women": 12},
            "participants_women",
            "Số nữ (12) lớn hơn số người tham gia (10).",
        ),
        ({"amount": -5}, "amount", "Số tiền không được âm."),
        ({"task_area": 11}, "task_area", "Chương trình năm 2024 không có nhiệm vụ số 11."),
        ({"kind": "party"}, "kind", "Loại hoạt động «party» không có trong danh mục."),
    ],
)
def test_each_problem_names_its_field(
    district: Path, changes: dict[str, object], field: str, message: str
) -> None:
    assert problems(shared(district), _house(district, **changes), TODAY) == {field: message}
    with pytest.raises(UserError, match=message.split("(")[0][:20]):
        save_activity(shared(district), _house(district, **changes), today=TODAY)
    assert activities_in(shared(district), "2024-06") == []


def test_a_union_dissolved_before_the_day_cannot_take_part(district: Path) -> None:
    # Phú Lễ was dissolved on 31/05/2024.
    phu_le = _unions(district)["CĐCS Công ty TNHH May Phú Lễ"]
    assert phu_le not in {uid for uid, _ in union_choices(shared(district), date(2024, 6, 10))}
    assert phu_le in {uid for uid, _ in union_choices(shared(district), date(2024, 5, 2))}
    found = problems(shared(district), _house(district, union_ids=[phu_le]), TODAY)
    assert found == {"unions": "1 CĐCS đã chọn không hoạt động vào ngày 10/06/2024."}


def test_the_monthly_narrative_per_task_area(district: Path) -> None:
    assert narrative(shared(district), "2024-06", 4) == ""
    save_narrative(
        shared(district), "2024-06", 4, "  Tổ chức 12 buổi tuyên truyền Bộ luật Lao động.  "
    )
    assert (
        narrative(shared(district), "2024-06", 4)
        == "Tổ chức 12 buổi tuyên truyền Bộ luật Lao động."
    )
    assert narrative(shared(district), "2024-07", 4) == ""
    assert narrative(shared(district), "2024-06", 5) == ""
    save_narrative(shared(district), "2024-06", 4, "Tổ chức 14 buổi.")
    assert narrative(shared(district), "2024-06", 4) == "Tổ chức 14 buổi."
    save_narrative(shared(district), "2024-06", 4, "")
    assert narrative(shared(district), "2024-06", 4) == ""
    with sqlite3.connect(district) as con:
        assert con.execute("SELECT COUNT(*), COUNT(deleted_at) FROM narrative").fetchone() == (1, 1)
