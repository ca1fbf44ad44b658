"""Packages to offices from the window's services: quotas typed in the grid or read from the
allocation workbook reach the office exactly; programme, quotas and receipts written under their
standard names; a refused package never stops the others. Province on SQLite and PostgreSQL."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from desktop.errors import UserError
from desktop.services.bundles import process_files
from desktop.services.province_packages import (
    PROGRAMME,
    QUOTAS,
    RECEIPTS,
    allocation_template,
    import_allocation,
    package_file_name,
    quota_grid,
    save_quota_grid,
    send_packages,
    shown_value,
)
from desktop.store import shared
from tests.unit._sync_fixtures import (
    BOTH_STORES,
    DISTRICT,
    Exchange,
    exchange_for,
    memory_keyring,
    no_passphrase,
    rows_of,
)

__all__ = ["memory_keyring"]
TODAY = date(2024, 7, 5)


@pytest.fixture
def ex(request: pytest.FixtureRequest, tmp_path: Path, memory_keyring) -> Exchange:  # type: ignore[no-untyped-def]
    return exchange_for(request, tmp_path)


def _office_quotas(path: Path | str, unit: str = DISTRICT[0]) -> dict[str, float]:
    return dict(
        rows_of(
            path,
            "SELECT t.code, q.value FROM quota q JOIN target t ON t.id = q.target_id "
            "WHERE q.deleted_at IS NULL AND q.unit_code = :unit ORDER BY t.code",
            {"unit": unit},
        )
    )


def _send(ex: Exchange, folder: Path, kinds: list[str]):  # type: ignore[no-untyped-def]
    folder.mkdir(exist_ok=True)
    return send_packages(
        shared(ex.province), folder, 2024, kinds, passphrase=no_passphrase, today=TODAY
    )


@BOTH_STORES
def test_quotas_typed_in_the_grid_reach_the_office_exactly(ex: Exchange) -> None:
    province = shared(ex.province)
    grid = quota_grid(province, 2024)
    assert grid.offices == (DISTRICT,)
    codes = [t.code for t in grid.targets]
    assert codes[:4] == ["1a", "1b", "2a", "2b"]
    assert "6a" not in codes and "9a" not in codes and "10" not in codes  # the province's own
    assert grid.values == {}

    with pytest.raises(UserError) as refused:
        save_quota_grid(province, 2024, {(DISTRICT[0], "2a"): "450", (DISTRICT[0], "3a"): "hai"})
    assert refused.value.message == (
        "Ô đơn vị LDLD-BATRI, chỉ tiêu 3a: Chỉ tiêu 3a: «hai» không phải là số; "
        "ghi ví dụ 450 hoặc 92,5."
    )
    assert quota_grid(province, 2024).values == {}  # all or nothing

    saved = save_quota_grid(
        province,
        2024,
        {(DISTRICT[0], "2a"): "1.250", (DISTRICT[0], "3a"): "2", (DISTRICT[0], "1a"): "92,5"},
    )
    assert [(q.target_code, q.value) for q in saved] == [("1a", 92.5), ("2a", 1250.0), ("3a", 2.0)]
    assert quota_grid(province, 2024).value(DISTRICT[0], "2a") == 1250.0

    outcomes = _send(ex, ex.folder / "goi", [RECEIPTS, PROGRAMME, QUOTAS])
    assert [(o.kind, o.path.name if o.path else None, o.sequence) for o in outcomes] == [
        (PROGRAMME, "goi-chuong-trinh-2024-ldld-batri.udp", 1),
        (QUOTAS, "goi-chi-tieu-2024-ldld-batri.udp", 1),
        (RECEIPTS, "goi-bien-nhan-ldld-batri-05-07-2024.udp", 1),
    ]
    assert outcomes[1].message == "Đã lập gói chỉ tiêu giao số 1: goi-chi-tieu-2024-ldld-batri.udp"
    files = [o.path for o in outcomes if o.path is not None]
    taken = process_files(shared(ex.district), files, write=True, passphrase=no_passphrase)
    assert [t.verdict for t in taken] == ["accepted"] * 3, [t.message for t in taken]
    assert _office_quotas(ex.district) == {"1a": 92.5, "2a": 1250.0, "3a": 2.0}

    # A cell emptied clears that quota; the next package (a new file beside the first) carries it.
    save_quota_grid(province, 2024, {(DISTRICT[0], "3a"): ""})
    (again,) = _send(ex, ex.folder / "goi", [QUOTAS])
    assert (again.path.name if again.path else None, again.sequence) == (
        "goi-chi-tieu-2024-ldld-batri-2.udp",
        2,
    )
    assert again.path is not None
    process_files(shared(ex.district), [again.path], write=True, passphrase=no_passphrase)
    assert _office_quotas(ex.district) == {"1a": 92.5, "2a": 1250.0}


def test_an_office_without_quotas_gets_the_others_and_is_told_why(ex: Exchange) -> None:
    outcomes = _send(ex, ex.folder / "goi", [PROGRAMME, QUOTAS])
    assert [o.written for o in outcomes] == [True, False]
    assert outcomes[1].message.startswith(
        "Chưa giao chỉ tiêu năm 2024 nào cho đơn vị LDLD-BATRI: gói chỉ tiêu rỗng"
    )
    assert sorted(p.name for p in (ex.folder / "goi").iterdir()) == [
        "goi-chuong-trinh-2024-ldld-batri.udp"
    ]
    with pytest.raises(UserError) as refused:
        send_packages(shared(ex.province), ex.folder / "goi", 2024, [], passphrase=no_passphrase)
    assert refused.value.message.startswith("Chọn ít nhất một gói")
    with pytest.raises(UserError) as refused:
        send_packages(
            shared(ex.province),
            ex.folder / "goi",
            2024,
            [QUOTAS],
            "LDLD-KHAC",
            passphrase=no_passphrase,
        )
    assert refused.value.message.startswith("Đơn vị «LDLD-KHAC» chưa đăng ký với tỉnh")


def test_the_allocation_workbook_round_trips_and_names_a_bad_cell(ex: Exchange) -> None:
    from openpyxl import Workbook, load_workbook

    province = shared(ex.province)
    save_quota_grid(province, 2024, {(DISTRICT[0], "2a"): "450"})
    template = allocation_template(province, 2024, ex.folder / "phan-bo.xlsx")
    book = load_workbook(template)
    sheet = book.active
    assert sheet is not None
    assert [c.value for c in sheet[3]][:4] == [
        "Mã đơn vị",
        "Tên đơn vị",
        "1a. " + quota_grid(province, 2024).targets[0].name,
        "1b. " + quota_grid(province, 2024).targets[1].name,
    ]
    assert [c.value for c in sheet[4]][:5] == [DISTRICT[0], DISTRICT[1], None, None, 450]
    sheet["C4"] = 91.5
    sheet["F4"] = 120  # 2b
    book.save(template)
    import_allocation(province, template, 2024)
    assert quota_grid(province, 2024).values == {
        (DISTRICT[0], "1a"): 91.5,
        (DISTRICT[0], "2a"): 450.0,
        (DISTRICT[0], "2b"): 120.0,
    }

    # One row per office, target and value, the office by its registered name.
    long = Workbook()
    rows = long.active
    assert rows is not None
    rows.append(["Phân bổ chỉ tiêu 2024"])
    rows.append(["Mã đơn vị", "Mã chỉ tiêu", "Chỉ tiêu giao"])
    rows.append([DISTRICT[1], "3a", 4])
    rows.append([DISTRICT[0], "2a", "9.000"])
    long.save(ex.folder / "phan-bo-doc.xlsx")
    import_allocation(province, ex.folder / "phan-bo-doc.xlsx", 2024)
    assert quota_grid(province, 2024).value(DISTRICT[0], "2a") == 9000.0
    assert quota_grid(province, 2024).value(DISTRICT[0], "3a") == 4.0

    sheet["E4"] = "nhiều"  # 2a
    book.save(template)
    with pytest.raises(UserError) as refused:
        import_allocation(province, template, 2024)
    assert refused.value.message == (
        "Tệp phan-bo.xlsx, trang Phân bổ 2024, dòng 4, cột E: Chỉ tiêu 2a: «nhiều» không phải "
        "là số; ghi ví dụ 450 hoặc 92,5."
    )
    assert quota_grid(province, 2024).value(DISTRICT[0], "2a") == 9000.0
    (ex.folder / "rac.xlsx").write_text("không phải Excel")
    with pytest.raises(UserError) as refused:
        import_allocation(province, ex.folder / "rac.xlsx", 2024)
    assert refused.value.message.startswith("Không đọc được tệp rac.xlsx")


def test_cells_show_quotas_the_vietnamese_way() -> None:
    assert [shown_value(v) for v in (None, 1250.0, 92.5, 0.25, 9000.0, 3.0)] == [
        "",
        "1.250",
        "92,5",
        "0,25",
        "9.000",
        "3",
    ]


def test_standard_file_names() -> None:
    assert (
        package_file_name(PROGRAMME, "LDLD-BATRI", 2025) == "goi-chuong-trinh-2025-ldld-batri.udp"
    )
    assert package_file_name(QUOTAS, "CĐ-NGÀNH-GD", 2025) == "goi-chi-tieu-2025-cd-nganh-gd.udp"
    assert (
        package_file_name(RECEIPTS, "LDLD-BATRI", 2025, date(2025, 1, 9))
        == "goi-bien-nhan-ldld-batri-09-01-2025.udp"
    )
