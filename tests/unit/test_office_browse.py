"""One office's unions and members at the province, read-only: never another office's."""

from __future__ import annotations

from pathlib import Path

import pytest

from desktop.errors import UserError
from desktop.services.office_browse import ledger_mark, office_holdings, summary_periods
from desktop.store import shared
from tests.unit._sync_fixtures import OTHER_DISTRICT, memory_keyring
from tests.unit.test_incoming import CHO_LACH, Province, province_template, three_offices

__all__ = ["memory_keyring", "province_template", "three_offices"]


@pytest.mark.parametrize("store", ["sqlite", "postgresql"])
def test_an_office_lists_its_own_unions_and_members_only(
    store: str, tmp_path: Path, memory_keyring, request: pytest.FixtureRequest
) -> None:
    where = request.getfixturevalue("pg_url") if store == "postgresql" else None
    p = Province(tmp_path, where)
    p.merge_all()
    held = office_holdings(shared(p.province), OTHER_DISTRICT[0])
    assert (held.code, held.name) == OTHER_DISTRICT
    assert [(u.name, u.sector, u.members, str(u.founded_on)) for u in held.unions] == [
        ("CĐCS Trường THCS Thạnh Phong", "Nhà nước", 3, "2001-09-05")
    ]
    # In Vietnamese order: by given name (Mỹ, Ngọc, Tài).
    assert [(m.full_name, m.gender, m.union_name, m.status) for m in held.members] == [
        ("Võ Thị Mỹ", "Nữ", "CĐCS Trường THCS Thạnh Phong", "Đang sinh hoạt"),
        ("Phạm Thị Ngọc", "Nữ", "CĐCS Trường THCS Thạnh Phong", "Đang sinh hoạt"),
        ("Huỳnh Văn Tài", "Nam", "CĐCS Trường THCS Thạnh Phong", "Đang sinh hoạt"),
    ]
    assert held.members_of(held.unions[0].id) == held.members
    ba_tri = office_holdings(shared(p.province), "LDLD-BATRI")
    assert [u.name for u in ba_tri.unions] == [
        "CĐCS Công ty TNHH Thủy sản Đông Hải",
        "CĐCS Trường Tiểu học An Hòa",
    ]
    assert [m.full_name for m in ba_tri.members_of(ba_tri.unions[0].id)] == ["Lê Thị Ánh"]
    behind = office_holdings(shared(p.province), CHO_LACH[0])
    assert {m.full_name for m in behind.members} == {"Đặng Thị Thu", "Lâm Văn Hậu"}
    # Tổng hợp's months: January of the first year merged to the newest month merged.
    assert summary_periods(shared(p.province)) == [f"2024-{m:02d}" for m in range(6, 0, -1)]
    mark = ledger_mark(shared(p.province))
    assert mark == 4  # four bundles merged
    p.ex.merge(p.ba_tri_june)  # the same file again: a no-op, nothing written to the ledger
    assert ledger_mark(shared(p.province)) == mark


def test_a_province_without_merges_offers_no_month(
    three_offices: Province, tmp_path: Path, memory_keyring
) -> None:
    p = three_offices
    assert summary_periods(shared(p.province)) == []
    assert ledger_mark(shared(p.province)) == 0


def test_an_unknown_office_is_refused_by_name(
    three_offices: Province, tmp_path: Path, memory_keyring
) -> None:
    p = three_offices
    with pytest.raises(UserError, match="Không có đơn vị «LDLD-KHONGCO» đã đăng ký"):
        office_holdings(shared(p.province), "LDLD-KHONGCO")
