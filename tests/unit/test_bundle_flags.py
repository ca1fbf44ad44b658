"""Yes/no fields of a bundle's records arrive as the office saved them, on either store: target 9
counts the complaints within the union's authority, target 5 the chairs re-elected."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from tests.unit._sync_fixtures import (
    BOTH_STORES,
    UNION_A,
    UNION_B,
    Exchange,
    exchange_for,
    memory_keyring,
)

__all__ = ["memory_keyring"]


@pytest.fixture
def ex(request: pytest.FixtureRequest, tmp_path: Path, memory_keyring) -> Exchange:  # type: ignore[no-untyped-def]
    return exchange_for(request, tmp_path)


def _flags_at_the_office(district: Path) -> None:
    from sqlalchemy import select

    from desktop.models import Complaint, GrassrootsUnion
    from desktop.store import Store

    with Store(district) as db, db.session() as s:
        for subject, within in (("Chậm trả lương", True), ("Tranh chấp đất đai", False)):
            s.add(
                Complaint(
                    received_on=date(2024, 3, 4),
                    subject=subject,
                    union_id=UNION_A,
                    within_authority=within,
                )
            )
        union = s.scalars(select(GrassrootsUnion).where(GrassrootsUnion.id == UNION_B)).one()
        union.chair_name, union.chair_elected_on = "Lê Văn Tám", date(2024, 3, 1)
        union.chair_reelected = True


@BOTH_STORES
def test_yes_and_no_arrive_as_saved(ex: Exchange) -> None:
    _flags_at_the_office(ex.district)
    [merged] = ex.merge(ex.export("2024-03"))
    assert merged.verdict == "merged", merged.message
    assert ex.province_rows(
        "SELECT subject, within_authority FROM complaint WHERE unit_code = 'LDLD-BATRI' "
        "ORDER BY subject"
    ) == [("Chậm trả lương", 1), ("Tranh chấp đất đai", 0)]
    assert ex.province_rows("SELECT COUNT(*) FROM complaint WHERE within_authority = TRUE") == [
        (1,)
    ]
    assert ex.province_rows("SELECT id, chair_reelected FROM grassroots_union ORDER BY id") == [
        (UNION_A, 0),
        (UNION_B, 1),
    ]
