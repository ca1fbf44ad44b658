"""Prospects (doanh nghiệp chưa có công đoàn): ≥ 25 workers first, the status filter, the form's
checks, dated status steps in the notes, and "founded" creating or linking the union that
targets 3a and 3b count."""

from __future__ import annotations

import sqlite3
from dataclasses import replace
from datetime import date
from pathlib import Path

import pytest

from desktop.errors import UserError
from desktop.services.progress import progress_for
from desktop.services.prospect_status import (
    Founding,
    change_status,
    founding_draft,
    link_choices,
    status_problems,
)
from desktop.services.prospects import (
    OPEN,
    ProspectFilter,
    ProspectInput,
    delete_prospect,
    filter_prospects,
    list_prospects,
    prospect_problems,
    save_prospect,
)
from desktop.services.union_form import UnionInput, save_union
from desktop.services.unions import get_union, union_detail
from desktop.store import shared
from tests.unit._unions_fixture import TODAY, district_copy

DUA = "Công ty TNHH Chế biến Dừa Bến Tre"  # 80 workers, mobilising since 01/06/2024
BANH = "Cơ sở Bánh tráng Mỹ Thạnh"  # 12 workers, contacted 01/04/2024


@pytest.fixture
def district(tmp_path: Path) -> tuple[Path, dict[str, str]]:
    return district_copy(tmp_path)


def _prospect(db: Path, name: str):  # type: ignore[no-untyped-def]
    return next(p for p in list_prospects(shared(db)) if p.name == name)


def _targets(db: Path) -> tuple[float | None, float | None]:
    found = {t.code: t.year_to_date for t in progress_for(shared(db), "2024-12").targets}
    return found["3a"], found["3b"]


def test_25_workers_or_more_come_first_then_by_name(district) -> None:  # type: ignore[no-untyped-def]
    db, _ = district
    rows = list_prospects(shared(db))
    assert [(p.name, p.workforce_total, p.priority) for p in rows] == [
        ("Công ty Cổ phần Gạch ngói An Hiệp", 30, True),
        ("Công ty TNHH Chế biến Dừa Bến Tre", 80, True),
        ("Công ty TNHH Điện tử Hòa Bình", 200, True),
        ("Cơ sở Bánh tráng Mỹ Thạnh", 12, False),
        ("Doanh nghiệp tư nhân Cá khô Bảo Thạnh", 8, False),
    ]
    assert [(p.status_label, p.commune_name) for p in rows[:2]] == [
        ("Đã nắm danh sách", "Xã An Hiệp"),
        ("Đang vận động", "Xã Ba Tri"),  # 29110, Thị trấn Ba Tri before 01/7/2025
    ]


@pytest.mark.parametrize(
    ("wanted", "names"),
    [
        ({}, 4),  # still without a union: everything but the dropped one
        ({"status": None}, 5),
        ({"status": "dropped"}, 1),
        ({"status": "identified"}, 2),
        ({"status": OPEN, "commune_code": "29110"}, 1),
        ({"query": "hoa binh", "status": None}, 1),
        ({"query": "bao thanh"}, 1),
        ({"query": "dua"}, 1),
    ],
)
def test_filters(district, wanted: dict[str, object], names: int) -> None:  # type: ignore[no-untyped-def]
    db, _ = district
    assert len(filter_prospects(list_prospects(shared(db)), ProspectFilter(**wanted))) == names  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("changes", "found"),
    [
        ({"name": ""}, {"name": "Tên doanh nghiệp: nhập tên, ví dụ «Công ty TNHH May Phú Lễ»."}),
        ({"name": "cong ty tnhh che bien dua ben tre"}, {
            "name": "Tên doanh nghiệp «cong ty tnhh che bien dua ben tre» trùng với «Công ty "
            "TNHH Chế biến Dừa Bến Tre» đã có trong danh sách (không phân biệt hoa thường, dấu)."
        }),
        ({"employer_type": "school"}, {
            "employer_type": "Loại hình: chọn doanh nghiệp nhà nước, doanh nghiệp tư nhân, doanh "
            "nghiệp có vốn đầu tư nước ngoài hoặc hợp tác xã."
        }),
        ({"commune_code": "00004"}, {  # Phường Ba Đình, Hà Nội
            "commune_code": "Xã, phường: mã «00004» không thuộc tỉnh Vĩnh Long; chọn một xã, "
            "phường trong danh sách."
        }),
        ({"workforce_women": 61}, {
            "workforce_women": "Lao động nữ: 61 người, nhiều hơn tổng số lao động (60 người)."
        }),
        ({"identified_on": date(2025, 1, 1)}, {
            "status_on": "Ngày nắm danh sách 01/01/2025 ở tương lai; hôm nay là 31/12/2024."
        }),
    ],
)  # fmt: skip
def test_each_form_problem(district, changes: dict[str, object], found: dict[str, str]) -> None:  # type: ignore[no-untyped-def]
    db, _ = district
    data = ProspectInput(
        name="Công ty TNHH Giày Mỹ Hòa",
        commune_code="29116",
        workforce_total=60,
        workforce_women=30,
    )
    assert prospect_problems(shared(db), replace(data, **changes), today=TODAY) == found  # type: ignore[arg-type]


def test_a_new_prospect_starts_identified_and_steps_are_dated_in_the_notes(district) -> None:  # type: ignore[no-untyped-def]
    db, _ = district
    new_id = save_prospect(
        shared(db),
        ProspectInput(
            name="  Công ty TNHH  Giày Mỹ Hòa",
            commune_code="29116",
            workforce_total=60,
            workforce_women=30,
            note="Danh sách của UBND xã",
            identified_on=date(2024, 7, 1),
        ),
        today=TODAY,
    )
    row = _prospect(db, "Công ty TNHH Giày Mỹ Hòa")
    assert (row.id, row.status, row.status_on) == (new_id, "identified", date(2024, 7, 1))
    assert (
        change_status(
            shared(db), new_id, "contacted", date(2024, 8, 2), "Gặp giám đốc", today=TODAY
        )
        is None
    )
    change_status(shared(db), new_id, "mobilising", date(2024, 9, 9), today=TODAY)
    row = _prospect(db, "Công ty TNHH Giày Mỹ Hòa")
    assert (row.status_label, row.status_on) == ("Đang vận động", date(2024, 9, 9))
    assert row.note.splitlines() == [
        "Danh sách của UBND xã",
        "02/08/2024 Đã tiếp cận: Gặp giám đốc",
        "09/09/2024 Đang vận động",
    ]
    assert row.last_note == "09/09/2024 Đang vận động"


def test_status_problems(district) -> None:  # type: ignore[no-untyped-def]
    db, ids = district
    dua = ids[DUA]
    assert status_problems(shared(db), dua, "paused", date(2024, 7, 1), today=TODAY) == {
        "status": "Trạng thái: chọn Đã nắm danh sách, Đã tiếp cận, Đang vận động, Đã thành lập "
        "hoặc Dừng."
    }
    assert status_problems(shared(db), dua, "dropped", date(2024, 5, 1), today=TODAY) == {
        "status_on": "Ngày dừng 01/05/2024 trước ngày của trạng thái hiện tại «Đang vận động» "
        "(01/06/2024)."
    }
    assert status_problems(shared(db), dua, "dropped", None, today=TODAY) == {
        "status_on": "Ngày dừng: nhập ngày (dd/mm/yyyy)."
    }
    assert status_problems(shared(db), dua, "founded", date(2024, 11, 15), today=TODAY) == {
        "union": "Công đoàn cơ sở: chọn thành lập mới hoặc gắn với một công đoàn cơ sở đã có."
    }
    draft = replace(
        founding_draft(_prospect(db, DUA), None), name="CĐCS Công ty TNHH Thủy sản Đông Hải"
    )
    found = status_problems(shared(db), dua, "founded", date(2024, 11, 15), Founding(draft), TODAY)
    assert list(found) == ["union.name"]
    assert found["union.name"].startswith("Tên công đoàn cơ sở «CĐCS Công ty TNHH Thủy sản")


def test_founded_creates_the_union_and_targets_3a_3b_count_it(district) -> None:  # type: ignore[no-untyped-def]
    db, ids = district
    assert _targets(db) == (1, 1)  # Đông Hải, founded 10/02/2024 with 120 workers
    draft = founding_draft(_prospect(db, DUA), None)
    assert (draft.name, draft.sector, draft.workforce_total, draft.commune_code) == (
        "Công đoàn cơ sở Công ty TNHH Chế biến Dừa Bến Tre",
        "non_state",
        80,
        "29110",
    )
    draft.chair_name, draft.chair_elected_on = "Phan Văn Út", date(2024, 11, 15)
    union_id = change_status(
        shared(db),
        ids[DUA],
        "founded",
        date(2024, 11, 15),
        "Đại hội thành lập",
        Founding(draft),
        TODAY,
    )
    assert union_id is not None
    union = get_union(shared(db), union_id)
    assert union is not None
    assert (union.founded_on, union.employer_type, union.workforce_total, union.chair_name) == (
        date(2024, 11, 15),
        "private_enterprise",
        80,
        "Phan Văn Út",
    )
    row = _prospect(db, DUA)
    assert (row.status, row.union_id, row.union_name) == ("founded", union_id, union.name)
    assert row.last_note == "15/11/2024 Đã thành lập: Đại hội thành lập"
    assert _targets(db) == (2, 2)
    detail = union_detail(shared(db), union_id)
    assert detail is not None
    assert detail.history[0].text == f"Thành lập sau vận động doanh nghiệp {DUA}"
    # A small enterprise counts for 3a only.
    small = founding_draft(_prospect(db, BANH), None)
    change_status(
        shared(db), ids[BANH], "founded", date(2024, 12, 2), founding=Founding(small), today=TODAY
    )
    assert _targets(db) == (3, 2)


def test_founded_links_a_union_entered_first_and_then_is_final(district) -> None:  # type: ignore[no-untyped-def]
    db, ids = district
    entered = save_union(
        shared(db),
        UnionInput(
            name="CĐCS Công ty Cổ phần Gạch ngói An Hiệp",
            sector="non_state",
            employer_type="private_enterprise",
            commune_code="29161",
            founded_on=date(2024, 10, 20),
        ),
        today=TODAY,
    )
    prospect = ids["Công ty Cổ phần Gạch ngói An Hiệp"]
    assert (entered, "CĐCS Công ty Cổ phần Gạch ngói An Hiệp") in link_choices(shared(db))
    assert status_problems(
        shared(db), prospect, "founded", date(2024, 10, 21), Founding(link_union_id=entered), TODAY
    ) == {
        "status_on": "Ngày thành lập: CĐCS Công ty Cổ phần Gạch ngói An Hiệp thành lập ngày "
        "20/10/2024; ghi ngày đó, hoặc sửa ngày thành lập của công đoàn cơ sở trước."
    }
    assert _targets(db) == (2, 1)  # entered with no workforce: not yet 3b
    linked = change_status(
        shared(db), prospect, "founded", date(2024, 10, 20), founding=Founding(link_union_id=entered),
        today=TODAY,
    )  # fmt: skip
    assert linked == entered
    assert _targets(db) == (2, 2)  # the prospect's 30 workers were copied to the union
    assert entered not in dict(link_choices(shared(db)))
    other = ids[DUA]
    assert status_problems(
        shared(db), other, "founded", date(2024, 11, 1), Founding(link_union_id=entered), TODAY
    ) == {
        "union": "Công đoàn cơ sở: CĐCS Công ty Cổ phần Gạch ngói An Hiệp đã gắn với doanh "
        "nghiệp «Công ty Cổ phần Gạch ngói An Hiệp»."
    }
    with pytest.raises(UserError, match="trạng thái không đổi lại được"):
        change_status(shared(db), prospect, "dropped", date(2024, 12, 1), today=TODAY)
    with pytest.raises(UserError, match="không xóa khỏi danh sách"):
        delete_prospect(shared(db), prospect)


def test_delete_leaves_a_tombstone(district) -> None:  # type: ignore[no-untyped-def]
    db, ids = district
    delete_prospect(shared(db), ids[BANH])
    assert BANH not in {p.name for p in list_prospects(shared(db))}
    with sqlite3.connect(db) as con:
        gone = con.execute(
            "SELECT deleted_at IS NOT NULL FROM enterprise WHERE id = ?", (ids[BANH],)
        )
        assert gone.fetchone() == (1,)
    with pytest.raises(UserError, match="không còn trong danh sách"):
        change_status(shared(db), ids[BANH], "contacted", date(2024, 12, 1), today=TODAY)
