"""A bundle carries the members as they stood at the end of its month, whenever it is exported."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from desktop.models import Activity, HouseholdReview, Member, MemberEvent
from desktop.store import Store
from tests.unit._bundle_craft import open_inner, part_json
from tests.unit._sync_fixtures import MEMBERS, UNION_A, UNION_B, Exchange, memory_keyring

__all__ = ["memory_keyring"]

DUC, HOA, ANH = (m[0] for m in MEMBERS)  # admitted 01/02, 01/03 (union A) and 01/04 (union B)


@pytest.fixture
def ex(tmp_path: Path, memory_keyring) -> Exchange:  # type: ignore[no-untyped-def]
    """Đức leaves on 10/05 (introduced to the Party on 02/05, household reviewed on 20/05);
    Hoà moves to union B on 15/04; a house is built for Ánh on 20/03, before her admission."""
    exchange = Exchange(tmp_path)
    db = Store(exchange.district)
    with db.session() as s:
        duc = s.get(Member, DUC)
        duc.status, duc.party_introduced_on, duc.household_status = "left", date(2024, 5, 2), "poor"
        s.add(
            MemberEvent(
                member_id=DUC, kind="left", event_date=date(2024, 5, 10), from_union_id=UNION_A
            )
        )
        s.add(HouseholdReview(member_id=DUC, reviewed_on=date(2024, 1, 15), status="near_poor"))
        s.add(HouseholdReview(member_id=DUC, reviewed_on=date(2024, 5, 20), status="poor"))
        s.add(HouseholdReview(member_id=ANH, reviewed_on=date(2024, 3, 1), status="poor"))
        hoa = s.get(Member, HOA)
        hoa.union_id = UNION_B
        s.add(
            MemberEvent(
                member_id=HOA,
                kind="transferred",
                event_date=date(2024, 4, 15),
                from_union_id=UNION_A,
                to_union_id=UNION_B,
            )
        )
        s.add(
            Activity(
                task_area=3,
                kind="house",
                title="Mái ấm Công đoàn",
                held_on=date(2024, 3, 20),
                beneficiary_member_id=ANH,
            )
        )
    db.close()
    return exchange


def _part(ex: Exchange, bundle: Path, table: str, *columns: str) -> dict[str, tuple]:
    body = part_json(open_inner(ex.province, bundle.read_bytes()), table)
    index = [body["columns"].index(c) for c in columns]
    return {row[0]: tuple(row[i] for i in index) for row in body["rows"]}


def test_a_march_bundle_exported_in_may_carries_the_end_of_march(ex: Exchange) -> None:
    march = ex.export("2024-03")
    members = _part(
        ex, march, "member", "status", "union_id", "party_introduced_on", "household_status"
    )
    assert members == {
        DUC: ("active", UNION_A, None, "near_poor"),  # left on 10/05, reviewed poor on 20/05
        HOA: ("active", UNION_A, None, None),  # moved to union B on 15/04
    }  # Ánh, admitted on 01/04, is not a member yet
    events = _part(ex, march, "member_event", "member_id", "kind", "event_date")
    assert sorted(events.values()) == [
        (DUC, "admitted", "2024-02-01"),
        (HOA, "admitted", "2024-03-01"),
    ]
    reviews = _part(ex, march, "household_review", "member_id", "status")
    assert sorted(reviews.values()) == [(DUC, "near_poor")]
    houses = _part(ex, march, "activity", "title", "beneficiary_member_id")
    assert ("Mái ấm Công đoàn", None) in houses.values()
    assert ex.merge(march)[0].verdict == "merged"
    assert ex.province_rows(
        "SELECT full_name, status FROM member WHERE unit_code = 'LDLD-BATRI' ORDER BY full_name"
    ) == [("Nguyễn Văn Đức", "active"), ("Trần Thị Hoà", "active")]


def test_the_may_bundle_carries_the_leaver_and_the_newcomer(ex: Exchange) -> None:
    ex.merge(ex.export("2024-03"))
    may = ex.export("2024-05")
    members = _part(
        ex, may, "member", "status", "union_id", "party_introduced_on", "household_status"
    )
    assert members == {
        DUC: ("left", UNION_A, "2024-05-02", "poor"),
        HOA: ("active", UNION_B, None, None),
        ANH: ("active", UNION_B, None, None),
    }
    assert ("Mái ấm Công đoàn", ANH) in _part(
        ex, may, "activity", "title", "beneficiary_member_id"
    ).values()
    assert ex.merge(may)[0].verdict == "merged"
    assert ex.province_rows(
        "SELECT full_name, status FROM member WHERE unit_code = 'LDLD-BATRI' ORDER BY full_name"
    ) == [("Lê Thị Ánh", "active"), ("Nguyễn Văn Đức", "left"), ("Trần Thị Hoà", "active")]
