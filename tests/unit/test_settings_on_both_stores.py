"""Cài đặt's settings kept in the database, on an office's file and a province's PostgreSQL
database alike: document numbers, the due day, the idle lock, and the change's audit entry."""

from __future__ import annotations

from datetime import date

import pytest
from sqlalchemy import text

from desktop.errors import UserError
from desktop.services.office import init_office
from desktop.services.preferences import (
    bundle_deadline_text,
    next_number,
    number_used,
    read_preferences,
    update_preferences,
)
from desktop.services.settings import idle_lock_minutes, set_idle_lock_minutes
from desktop.store import Store


@pytest.fixture
def store(db_target: str) -> Store:
    opened = Store(db_target)
    init_office(opened, role="province", unit_code="LDLD-VINHLONG", unit_name="LĐLĐ tỉnh Vĩnh Long")
    yield opened  # type: ignore[misc]
    opened.close()


def test_numbers_and_the_due_day_on_either_store(store: Store) -> None:
    assert next_number(store, "BC", 2026) == 1
    assert number_used(store, "BC", date(2026, 3, 2), "1") == 2
    assert number_used(store, "BC", date(2026, 3, 9), "7") == 8
    assert number_used(store, "BC", date(2026, 3, 9), "3") == 8  # an old number never goes back
    saved = update_preferences(store, {"due_day": "5", "next_DS": "4"}, 2026)
    assert saved.next_numbers == (("BC", 8), ("DS", 4)) and saved.due_day == 5
    assert read_preferences(store, 2027).next_numbers == (("BC", 1), ("DS", 1))
    assert bundle_deadline_text(store, "2026-11", date(2026, 12, 6), sent=False) == (
        "Hạn gửi gói tháng 11/2026: 05/12/2026 (đã quá hạn)"
    )
    with pytest.raises(UserError) as refused:
        update_preferences(store, {"due_day": "30"}, 2026)
    assert refused.value.message == (
        "Hạn gửi gói dữ liệu tháng: phải là một ngày trong tháng, số nguyên từ 1 đến 28 (tháng "
        "Hai chỉ có 28 ngày); đã ghi «30»."
    )
    assert read_preferences(store, 2026).due_day == 5
    with store.reading() as con:
        trail = con.execute(
            text("SELECT detail FROM audit_event WHERE detail LIKE 'cài đặt:%' ORDER BY id")
        ).scalars()
        assert list(trail) == [
            "cài đặt: Hạn gửi gói dữ liệu tháng, Số tiếp theo của danh sách (DS)"
        ]


def test_the_idle_lock_on_either_store(store: Store) -> None:
    assert idle_lock_minutes(store) == 10
    assert set_idle_lock_minutes(store, " 25 ") == 25
    assert idle_lock_minutes(store) == 25
    assert read_preferences(store, 2026).idle_lock_minutes == 25
