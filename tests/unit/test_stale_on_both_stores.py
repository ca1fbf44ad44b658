"""A form's version compares equal to the stored one on either store, whatever fraction of a
second the record was stamped at: a save right after a read is never refused as stale."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import replace
from datetime import date

import pytest
from sqlalchemy import text

from desktop.services.member_form import MemberInput, open_member, save_member
from desktop.services.office import init_office
from desktop.services.stale import StaleRecord
from desktop.services.union_form import UnionInput, save_union
from desktop.store import Store

TODAY = date(2024, 12, 31)


@pytest.fixture
def member(db_target: str) -> Iterator[tuple[Store, str, MemberInput]]:
    store = Store(db_target)
    init_office(store, role="district", unit_code="LDLD-BT", unit_name="LĐLĐ huyện Ba Tri")
    union = save_union(
        store,
        UnionInput(
            name="CĐCS xã Mỹ Hòa",
            sector="state",
            employer_type="agency",
            founded_on=date(2001, 3, 1),
        ),
        today=TODAY,
    )
    data = MemberInput(
        full_name="Trần Thị Hòa",
        gender="female",
        union_id=union,
        birth_date=date(1990, 1, 1),
        joined_on=date(2015, 1, 1),
    )
    member_id = save_member(store, data, today=TODAY)
    yield store, member_id, data
    store.close()


def _stamp(store: Store, member_id: str, at: str) -> None:
    with store.unit_of_work() as uow:
        uow.connection.execute(
            text("UPDATE member SET updated_at = :at WHERE id = :id"), {"at": at, "id": member_id}
        )


@pytest.mark.parametrize(
    "at", ["2024-12-31 10:00:00", "2024-12-31 10:00:00.120000", "2024-12-31 10:00:00.000001"]
)
def test_a_save_right_after_a_read_is_not_refused(
    member: tuple[Store, str, MemberInput], at: str
) -> None:
    store, member_id, data = member
    _stamp(store, member_id, at)
    opened = open_member(store, member_id)
    assert opened is not None
    _row, version = opened
    save_member(store, replace(data, job_title="Giáo viên"), member_id, TODAY, version)
    row, _ = open_member(store, member_id) or (None, "")
    assert row is not None and row.job_title == "Giáo viên"


def test_a_save_over_a_record_changed_since_its_read_is_refused(
    member: tuple[Store, str, MemberInput],
) -> None:
    store, member_id, data = member
    _stamp(store, member_id, "2024-12-31 10:00:00")
    _row, version = open_member(store, member_id) or (None, "")
    _stamp(store, member_id, "2024-12-31 10:00:01")
    with pytest.raises(StaleRecord):
        save_member(store, replace(data, job_title="Giáo viên"), member_id, TODAY, version)
