"""The Công đoàn cơ sở screen's work on both stores: a prospect founding its union (with its
chair's term), a rating, a dissolution moving the members, and the month's activities."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date

import pytest

from desktop.services.activities import ActivityInput, activities_in, save_activity, task_areas
from desktop.services.member_events import history
from desktop.services.member_form import MemberInput, save_member
from desktop.services.office import init_office
from desktop.services.prospect_status import Founding, change_status, founding_draft
from desktop.services.prospects import ProspectInput, get_prospect, save_prospect
from desktop.services.union_events import dissolve_union, set_rating
from desktop.services.union_form import UnionInput, save_union
from desktop.services.unions import list_unions, union_detail
from desktop.store import Store

TODAY = date(2024, 12, 31)


@pytest.fixture
def store(db_target: str) -> Iterator[Store]:
    db = Store(db_target)
    init_office(db, role="district", unit_code="LDLD-BT", unit_name="LĐLĐ huyện Ba Tri")
    yield db
    db.close()


def test_a_prospect_founds_its_union_which_is_rated_and_dissolved(store: Store) -> None:
    prospect = save_prospect(
        store,
        ProspectInput(
            name="Công ty TNHH May Phú Lễ",
            workforce_total=90,
            workforce_women=70,
            identified_on=date(2024, 1, 8),
        ),
        today=TODAY,
    )
    row = get_prospect(store, prospect)
    assert row is not None
    draft = founding_draft(row, date(2024, 3, 4))
    draft.chair_name, draft.chair_elected_on = "Phạm Thị Thu", date(2024, 3, 4)
    union_id = change_status(
        store, prospect, "founded", date(2024, 3, 4), "Đại hội", Founding(draft), TODAY
    )
    assert union_id is not None
    set_rating(store, union_id, 2024, "good", date(2024, 12, 20), today=TODAY)
    other = save_union(
        store,
        UnionInput(
            name="CĐCS xã Mỹ Hòa",
            sector="state",
            employer_type="agency",
            founded_on=date(2001, 3, 1),
        ),
        today=TODAY,
    )
    member = save_member(
        store,
        MemberInput(
            full_name="Lê Thị Ánh",
            gender="female",
            union_id=union_id,
            birth_date=date(1990, 5, 6),
            joined_on=date(2024, 3, 10),
        ),
        today=TODAY,
    )
    done = dissolve_union(
        store, union_id, date(2024, 12, 30), "Doanh nghiệp sáp nhập", other, TODAY
    )
    assert (done.transferred, done.to_union) == (1, "CĐCS xã Mỹ Hòa")
    assert [h.label for h in history(store, member)] == ["Kết nạp", "Chuyển sinh hoạt"]
    detail = union_detail(store, union_id)
    assert detail is not None
    assert [(h.on, h.text) for h in detail.history] == [
        (date(2024, 3, 4), "Thành lập sau vận động doanh nghiệp Công ty TNHH May Phú Lễ"),
        (date(2024, 3, 4), "Bầu chủ tịch Phạm Thị Thu"),
        (date(2024, 12, 20), "Xếp loại năm 2024: Hoàn thành tốt nhiệm vụ"),
        (date(2024, 12, 30), "Giải thể: Doanh nghiệp sáp nhập"),
    ]
    assert {u.name: (u.members, u.dissolved) for u in list_unions(store)} == {
        "Công đoàn cơ sở Công ty TNHH May Phú Lễ": (0, True),
        "CĐCS xã Mỹ Hòa": (1, False),
    }


def test_the_months_activities_name_their_unions(store: Store) -> None:
    first = save_union(
        store,
        UnionInput(
            name="CĐCS xã Mỹ Hòa",
            sector="state",
            employer_type="agency",
            founded_on=date(2001, 3, 1),
        ),
        today=TODAY,
    )
    second = save_union(
        store,
        UnionInput(
            name="CĐCS Trường Tiểu học An Hòa",
            sector="state",
            employer_type="agency",
            founded_on=date(2001, 3, 1),
        ),
        today=TODAY,
    )
    area = task_areas(store, "2024-06")[0].number
    for title, unions in (("Tập huấn an toàn", [first, second]), ("Đối thoại", [])):
        save_activity(
            store,
            ActivityInput(
                task_area=area,
                kind="training",
                title=title,
                held_on=date(2024, 6, 12),
                participants=40,
                participants_women=25,
                union_ids=unions,
            ),
            today=TODAY,
        )
    shown = [(a.title, a.unions) for a in activities_in(store, "2024-06")]
    assert shown == [
        ("Tập huấn an toàn", ("CĐCS Trường Tiểu học An Hòa", "CĐCS xã Mỹ Hòa")),
        ("Đối thoại", ()),
    ]
    assert task_areas(store, "2024-06")[0].activities == 2
