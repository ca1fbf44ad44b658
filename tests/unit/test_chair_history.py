"""A union's chairs are records (chair_term), written with the union in one transaction and read
by its history, on the office's SQLite file and on a province's PostgreSQL alike."""

from __future__ import annotations

from dataclasses import replace
from datetime import date

import pytest
from sqlalchemy import text

from desktop.errors import UserError
from desktop.services.office import init_office
from desktop.services.union_form import UnionInput, save_union
from desktop.services.unions import union_detail
from desktop.store import Store

TODAY = date(2024, 12, 31)
FIRST = UnionInput(
    name="CĐCS Ủy ban nhân dân xã Mỹ Hòa",
    sector="state",
    employer_type="agency",
    workforce_total=30,
    founded_on=date(2001, 3, 1),
    chair_name="Nguyễn Văn An",
    chair_elected_on=date(2019, 5, 10),
    chair_trained_on=date(2019, 8, 1),
)


def _terms(store: Store, union_id: str) -> list[tuple[object, ...]]:
    with store.reading() as con:
        return [
            tuple(r)
            for r in con.execute(
                text(
                    "SELECT chair_name, elected_on, trained_on, reelected, ended_on FROM "
                    "chair_term WHERE union_id = :u ORDER BY created_at"
                ),
                {"u": union_id},
            )
        ]


@pytest.fixture
def store(db_target: str) -> Store:
    db = Store(db_target)
    init_office(db, role="district", unit_code="LDLD-BT", unit_name="LĐLĐ huyện Ba Tri")
    yield db  # type: ignore[misc]
    db.close()


def test_a_new_chair_ends_the_term_before_and_the_history_lists_both(store: Store) -> None:
    union_id = save_union(store, FIRST, today=TODAY)
    second = replace(
        FIRST, chair_name="Trần Thị Bình", chair_elected_on=date(2024, 4, 2), chair_trained_on=None
    )
    save_union(store, second, union_id, today=TODAY)
    # The same chair (tone marks and case aside) elected again: the same term, re-elected.
    again = replace(
        second, chair_name="TRẦN THỊ BÌNH", chair_trained_on=date(2024, 6, 3), chair_reelected=True
    )
    save_union(store, again, union_id, today=TODAY)

    assert _terms(store, union_id) == [
        ("Nguyễn Văn An", "2019-05-10", "2019-08-01", 0, "2024-12-31"),
        ("TRẦN THỊ BÌNH", "2024-04-02", "2024-06-03", 1, None),
    ]
    detail = union_detail(store, union_id)
    assert detail is not None
    assert [(h.on, h.text) for h in detail.history] == [
        (date(2001, 3, 1), "Thành lập"),
        (date(2019, 5, 10), "Bầu chủ tịch Nguyễn Văn An (nhiệm kỳ trước)"),
        (date(2024, 4, 2), "Bầu chủ tịch TRẦN THỊ BÌNH"),
        (date(2024, 6, 3), "Chủ tịch TRẦN THỊ BÌNH được bồi dưỡng nghiệp vụ"),
    ]
    with store.reading() as con:
        said = con.execute(
            text("SELECT detail FROM audit_event WHERE detail LIKE :d"),
            {"d": f"CĐCS {union_id}: thay chủ tịch%"},
        ).scalars()
        assert list(said) == [
            f"CĐCS {union_id}: thay chủ tịch Nguyễn Văn An (bầu ngày 10/05/2019) bằng Trần Thị Bình"
        ]


def test_a_refused_save_records_no_term(store: Store) -> None:
    union_id = save_union(store, FIRST, today=TODAY)
    with pytest.raises(UserError, match="Bình"):
        save_union(store, replace(FIRST, chair_name="Bình"), union_id, today=TODAY)
    assert _terms(store, union_id) == [("Nguyễn Văn An", "2019-05-10", "2019-08-01", 0, None)]


def test_a_chair_cleared_leaves_an_earlier_term_dated_by_its_end(store: Store) -> None:
    nameless = replace(FIRST, chair_elected_on=None, chair_trained_on=None)
    union_id = save_union(store, nameless, today=TODAY)
    cleared = replace(nameless, chair_name="")
    save_union(store, cleared, union_id, today=date(2024, 9, 9))
    detail = union_detail(store, union_id)
    assert detail is not None
    assert [(h.on, h.text) for h in detail.history] == [
        (date(2001, 3, 1), "Thành lập"),
        (date(2024, 9, 9), "Bầu chủ tịch Nguyễn Văn An (nhiệm kỳ trước)"),
    ]
