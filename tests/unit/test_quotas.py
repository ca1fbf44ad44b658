"""(Province) quotas per office: typed one by one or read from a CSV file, all or nothing."""

from __future__ import annotations

from pathlib import Path

import pytest

from desktop.app import main
from desktop.errors import UserError
from desktop.services.quotas import UnitQuota, import_quotas, set_unit_quota, unit_quotas
from desktop.store import shared
from tests.unit._sync_fixtures import (
    BOTH_STORES,
    DISTRICT,
    Exchange,
    exchange_for,
    memory_keyring,
    rows_of,
)

__all__ = ["memory_keyring"]


@pytest.fixture
def ex(request: pytest.FixtureRequest, tmp_path: Path, memory_keyring) -> Exchange:  # type: ignore[no-untyped-def]
    return exchange_for(request, tmp_path)


@BOTH_STORES
def test_set_change_and_clear_one_quota(ex: Exchange) -> None:
    assert set_unit_quota(shared(ex.province), DISTRICT[0], 2024, "2a", "400") == 400
    assert set_unit_quota(shared(ex.province), DISTRICT[0], 2024, "2a", "450") == 450
    assert set_unit_quota(shared(ex.province), DISTRICT[0], 2024, "1b", "72,5") == 72.5
    assert unit_quotas(shared(ex.province), 2024) == [
        UnitQuota(DISTRICT[0], "1b", 72.5),
        UnitQuota(DISTRICT[0], "2a", 450.0),
    ]
    assert set_unit_quota(shared(ex.province), DISTRICT[0], 2024, "1b", "") is None
    assert unit_quotas(shared(ex.province), 2024, DISTRICT[0]) == [
        UnitQuota(DISTRICT[0], "2a", 450.0)
    ]
    # One live row, the cleared one a tombstone.
    rows = rows_of(ex.province, "SELECT deleted_at IS NULL, value FROM quota ORDER BY value")
    assert [(bool(live), value) for live, value in rows] == [(False, 72.5), (True, 450.0)]


@pytest.mark.parametrize(
    ("unit", "code", "value", "message"),
    [
        (
            "LDLD-XYZ",
            "2a",
            "400",
            "Chưa đăng ký đơn vị «LDLD-XYZ»: nhận thẻ khóa của đơn vị trước (uniondesk keys "
            "trust); các đơn vị đã đăng ký: LDLD-BATRI.",
        ),
        (DISTRICT[0], "9z", "4", "Không có chỉ tiêu mã «9z» trong chương trình năm 2024."),
        (
            DISTRICT[0],
            "6a",
            "85",
            "Chỉ tiêu 6a là chỉ tiêu của cấp tỉnh, không giao cho đơn vị «LDLD-BATRI».",
        ),
        (DISTRICT[0], "1a", "120", "Chỉ tiêu 1a tính bằng phần trăm: 120 vượt quá 100 %."),
        (DISTRICT[0], "2a", "4,5", "Chỉ tiêu 2a đếm số lượng: 4,5 phải là số nguyên."),
        (
            DISTRICT[0],
            "2a",
            "nhiều",
            "Chỉ tiêu 2a: «nhiều» không phải là số; ghi ví dụ 450 hoặc 92,5.",
        ),
    ],
)
def test_refusals_say_why(ex: Exchange, unit: str, code: str, value: str, message: str) -> None:
    with pytest.raises(UserError) as refused:
        set_unit_quota(shared(ex.province), unit, 2024, code, value)
    assert refused.value.message == message
    assert unit_quotas(shared(ex.province), 2024) == []


def test_only_the_province_allocates(ex: Exchange) -> None:
    with pytest.raises(UserError, match="Chỉ LĐLĐ tỉnh giao chỉ tiêu cho đơn vị"):
        set_unit_quota(shared(ex.district), DISTRICT[0], 2024, "2a", "400")


def test_a_file_applies_whole_or_not_at_all(ex: Exchange, tmp_path: Path) -> None:
    good = tmp_path / "giao.csv"
    good.write_text(
        "unit_code;target_code;value\nLDLD-BATRI;2a;400\n\nLDLD-BATRI;1a;92,5\n",
        encoding="utf-8-sig",
    )
    assert import_quotas(shared(ex.province), good, 2024) == [
        UnitQuota(DISTRICT[0], "2a", 400.0),
        UnitQuota(DISTRICT[0], "1a", 92.5),
    ]
    bad = tmp_path / "sai.csv"
    bad.write_text("unit_code,target_code,value\nLDLD-BATRI,2a,500\nLDLD-BATRI,3a,-1\n")
    with pytest.raises(UserError) as refused:
        import_quotas(shared(ex.province), bad, 2024)
    assert refused.value.message == "Tệp sai.csv, dòng 3: Chỉ tiêu 3a: giá trị không được âm (-1)."
    assert {q.target_code: q.value for q in unit_quotas(shared(ex.province), 2024)} == {
        "1a": 92.5,
        "2a": 400,
    }
    headless = tmp_path / "thieu.csv"
    headless.write_text("LDLD-BATRI,2a,500\n")
    with pytest.raises(UserError, match="dòng đầu phải là tiêu đề «unit_code,target_code,value»"):
        import_quotas(shared(ex.province), headless, 2024)


@BOTH_STORES
def test_the_command_line(ex: Exchange, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    db = ["--db", str(ex.province)]
    assert main(["quotas", "set", "--unit", DISTRICT[0], "--target", "2a", "--value", "400", "--year", "2024", *db]) == 0  # fmt: skip
    sheet = tmp_path / "giao.csv"
    sheet.write_text("unit_code,target_code,value\nLDLD-BATRI,7,3\n")
    assert main(["quotas", "import", str(sheet), "--year", "2024", *db]) == 0
    assert "Đã giao 1 chỉ tiêu năm 2024 cho 1 đơn vị: LDLD-BATRI." in capsys.readouterr().out
    assert main(["quotas", "show", "--year", "2024", *db]) == 0
    assert capsys.readouterr().out.splitlines() == ["LDLD-BATRI\t2a\t400", "LDLD-BATRI\t7\t3"]
    assert main(["quotas", "set", "--unit", "X", "--target", "2a", "--value", "1", "--year", "2024", *db]) == 1  # fmt: skip
    assert "Chưa đăng ký đơn vị «X»" in capsys.readouterr().err
