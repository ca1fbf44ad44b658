"""Target 8 from the member form: setting or changing a member's household status is a dated
household review, written with the member in one transaction and carried by the bundle."""

from __future__ import annotations

import sqlite3
from datetime import date
from pathlib import Path

import pytest

from desktop.services.member_form import MemberInput, save_member
from desktop.services.progress import progress_for
from desktop.store import shared
from tests.unit._members_fixture import UNION_A, UNION_B, make_district
from tests.unit._sync_fixtures import MEMBERS, Exchange, memory_keyring

__all__ = ["memory_keyring"]

PEOPLE = (  # name, gender, citizen ID, born, union
    ("Nguyễn Văn Đức", "male", "083085000101", date(1985, 4, 2), UNION_A),
    ("Trần Thị Lan", "female", "083190000201", date(1990, 6, 1), UNION_B),
    ("Lê Văn Minh", "male", "083088000301", date(1988, 2, 3), UNION_A),
    ("Phạm Thị Tư", "female", "083192000401", date(1992, 9, 9), UNION_B),
)


def _input(index: int, household: str | None, **changes: object) -> MemberInput:
    name, gender, citizen_id, born, union = PEOPLE[index]
    data = MemberInput(
        full_name=name,
        gender=gender,
        union_id=union,
        birth_date=born,
        citizen_id=citizen_id,
        joined_on=date(2012, 3, 1),
        household_status=household,
    )
    for key, value in changes.items():
        setattr(data, key, value)
    return data


def _reviews(path: Path) -> list[tuple[str, str, str]]:
    with sqlite3.connect(path) as con:
        rows = con.execute(
            "SELECT m.full_name, r.reviewed_on, r.status FROM household_review r JOIN member m "
            "ON m.id = r.member_id WHERE r.deleted_at IS NULL ORDER BY r.reviewed_on, m.full_name"
        ).fetchall()
    con.close()
    return rows


def _target_8(path: Path, period: str) -> tuple[float | None, float | None]:
    t = next(t for t in progress_for(shared(path), period).targets if t.code == "8")
    return t.month, t.year_to_date


@pytest.fixture
def office(tmp_path: Path) -> tuple[Path, list[str]]:
    """Four members admitted in 2012 through the form; Đức poor and Lan near-poor on 10/01/2024."""
    path = make_district(tmp_path / "d.sqlite", [])
    ids = [
        save_member(shared(path), _input(i, status), today=date(2024, 1, 10))
        for i, status in enumerate(("poor", "near_poor", None, "none"))
    ]
    return path, ids


def test_a_status_typed_in_the_form_is_a_review_dated_that_day(
    office: tuple[Path, list[str]],
) -> None:
    path, _ = office
    # Minh's status was left «Chưa rà soát»: no review; Tư was reviewed as not poor.
    assert _reviews(path) == [
        ("Nguyễn Văn Đức", "2024-01-10", "poor"),
        ("Phạm Thị Tư", "2024-01-10", "none"),
        ("Trần Thị Lan", "2024-01-10", "near_poor"),
    ]


def test_target_8_moves_when_staff_record_that_a_household_escaped(
    office: tuple[Path, list[str]],
) -> None:
    path, ids = office
    # November: 2 of the 4 members poor or near-poor at both ends, no reduction.
    assert _target_8(path, "2024-11") == (0.0, None)  # no review before 2024: no year figure
    save_member(shared(path), _input(1, "escaped"), member_id=ids[1], today=date(2024, 11, 20))
    # 2/4 = 50 % on 31/10, 1/4 = 25 % on 30/11: the share fell by half.
    assert _target_8(path, "2024-11") == (50.0, None)
    assert _target_8(path, "2024-10") == (0.0, None)  # the review is dated, October stands
    # Saving the form again without touching the status adds no review.
    save_member(
        shared(path),
        _input(0, "poor", phone="0913 456 789"),
        member_id=ids[0],
        today=date(2024, 11, 25),
    )
    assert _reviews(path)[-1] == ("Trần Thị Lan", "2024-11-20", "escaped")
    assert len(_reviews(path)) == 4
    with sqlite3.connect(path) as con:
        assert con.execute(
            "SELECT household_status FROM member WHERE id = ?", (ids[1],)
        ).fetchone() == ("escaped",)
    con.close()


def test_the_bundle_carries_the_review(tmp_path: Path, memory_keyring) -> None:  # type: ignore[no-untyped-def]
    ex = Exchange(tmp_path)
    member_id, name, gender, citizen_id = MEMBERS[0]
    data = MemberInput(
        full_name=name,
        gender=gender,
        union_id="00000000-0000-4000-8000-0000000000a1",
        birth_date=date(1980, 1, 1),  # as the citizen ID says
        citizen_id=citizen_id,
        joined_on=date(2024, 2, 1),
        household_status="near_poor",
    )
    save_member(shared(ex.district), data, member_id=member_id, today=date(2024, 5, 6))
    assert [r.verdict for r in ex.merge(ex.export("2024-06"))] == ["merged"]
    assert ex.province_rows(
        "SELECT unit_code, member_id, reviewed_on, status FROM household_review"
    ) == [("LDLD-BATRI", member_id, "2024-05-06", "near_poor")]
