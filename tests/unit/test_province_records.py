"""The province's ratings of its offices (6a) and its inspections of them (9a) on both stores:
saved, changed, removed (a tombstone), each with its audit entry; every problem named by field;
refused on an office's database and for a viewer."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date
from pathlib import Path

import pytest

from desktop.errors import UserError
from desktop.services.accounts import SignedIn, sign_in_as
from desktop.services.province_records import (
    inspection_problems,
    office_inspections,
    office_ratings,
    rate_office,
    rating_problems,
    remove_office_inspection,
    remove_rating,
    save_office_inspection,
)
from desktop.store import shared
from desktop.sync.keys import export_card, trust_card
from tests.unit._sync_fixtures import (
    DISTRICT,
    OTHER_DISTRICT,
    PROVINCE,
    make_office,
    memory_keyring,
    no_passphrase,
    rows_of,
)

__all__ = ["memory_keyring"]

TODAY = date(2024, 12, 20)


@pytest.fixture(scope="session")
def cards(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """Ba Tri's and Thạnh Phú's key cards, made once (their offices' files beside them)."""
    import keyring

    from desktop.store.handle import forget
    from desktop.sync import keystore
    from desktop.sync.memory_keyring import MemoryKeyring

    folder = tmp_path_factory.mktemp("cards")
    previous = keyring.get_keyring()
    keyring.set_keyring(MemoryKeyring())
    try:
        made = {}
        for unit in (DISTRICT, OTHER_DISTRICT):
            office = make_office(folder / f"{unit[0]}.sqlite", "district", unit)
            made[unit[0]] = folder / f"{unit[0]}.card"
            export_card(shared(office), made[unit[0]], passphrase=no_passphrase)
            forget(office)
    finally:
        keyring.set_keyring(previous)
        keystore.forget_unlocked()
    return made


@pytest.fixture
def province(db_target: str, cards: dict[str, Path], memory_keyring) -> Iterator[str]:  # type: ignore[no-untyped-def]
    """A province (on either store) with Ba Tri and Thạnh Phú registered; nothing merged."""
    make_office(db_target, "province", PROVINCE)
    for card in cards.values():
        trust_card(shared(db_target), card)
    yield db_target


def _audit(db: str) -> list[str]:
    return [
        str(detail)
        for (detail,) in rows_of(db, "SELECT detail FROM audit_event WHERE action = 'edit'")
        if "đơn vị" in str(detail)
    ]


def test_a_rating_saved_changed_and_removed(province: str) -> None:
    store = shared(province)
    made = rate_office(store, DISTRICT[0], 2024, "good", " QĐ số 12/QĐ-LĐLĐ ", today=TODAY)
    assert (made.office_code, made.office_name, made.year, made.grade_label, made.note) == (
        DISTRICT[0],
        DISTRICT[1],
        2024,
        "Hoàn thành tốt nhiệm vụ",
        "QĐ số 12/QĐ-LĐLĐ",
    )
    rate_office(store, OTHER_DISTRICT[0], 2023, "done", today=TODAY)
    # The year has a rating already: it is changed, not doubled.
    changed = rate_office(store, DISTRICT[0], 2024, "excellent", today=TODAY)
    assert changed.id == made.id
    assert [(r.office_code, r.year, r.grade) for r in office_ratings(store)] == [
        (DISTRICT[0], 2024, "excellent"),
        (OTHER_DISTRICT[0], 2023, "done"),
    ]
    assert [r.year for r in office_ratings(store, year=2023)] == [2023]
    assert office_ratings(store, office_code=OTHER_DISTRICT[0], year=2024) == []

    remove_rating(store, made.id)
    assert [(r.office_code, r.year) for r in office_ratings(store)] == [(OTHER_DISTRICT[0], 2023)]
    assert rows_of(
        province,
        "SELECT grade FROM office_rating WHERE id = :id AND deleted_at IS NOT NULL",
        {"id": made.id},
    ) == [("excellent",)]
    again = rate_office(store, DISTRICT[0], 2024, "not_done", today=TODAY)
    assert again.id != made.id and again.grade_label == "Không hoàn thành nhiệm vụ"
    with pytest.raises(UserError, match="Xếp loại này không còn"):
        remove_rating(store, made.id)
    assert _audit(province) == [
        f"xếp loại đơn vị {DISTRICT[0]} năm 2024: Hoàn thành tốt nhiệm vụ",
        f"xếp loại đơn vị {OTHER_DISTRICT[0]} năm 2023: Hoàn thành nhiệm vụ",
        f"xếp loại đơn vị {DISTRICT[0]} năm 2024: Hoàn thành tốt nhiệm vụ → "
        "Hoàn thành xuất sắc nhiệm vụ",
        f"xếp loại đơn vị: xóa {DISTRICT[0]} năm 2024 (Hoàn thành xuất sắc nhiệm vụ)",
        f"xếp loại đơn vị {DISTRICT[0]} năm 2024: Không hoàn thành nhiệm vụ",
    ]


def test_every_problem_of_a_rating_is_named_and_nothing_is_written(province: str) -> None:
    store = shared(province)
    assert rating_problems(store, "LDLD-KHONGCO", 2025, "tot", "x" * 1001, today=TODAY) == {
        "office_code": "Đơn vị được xếp loại: «LDLD-KHONGCO» không phải đơn vị đã đăng ký "
        "với tỉnh.",
        "year": "Năm xếp loại 2025 không hợp lệ: từ 2000 đến năm nay (2024).",
        "grade": "Xếp loại «tot» không có trong danh mục: chọn hoàn thành xuất sắc nhiệm vụ, "
        "hoàn thành tốt nhiệm vụ, hoàn thành nhiệm vụ, không hoàn thành nhiệm vụ.",
        "note": "Ghi chú dài 1.001 ký tự; tối đa 1.000.",
    }
    assert rating_problems(store, "", None, "good", today=TODAY) == {
        "office_code": "Đơn vị được xếp loại: chọn đơn vị.",
        "year": "Năm xếp loại: nhập năm (ví dụ 2024).",
    }
    with pytest.raises(UserError, match="không phải đơn vị đã đăng ký"):
        rate_office(store, "LDLD-KHONGCO", 2024, "good", today=TODAY)
    assert office_ratings(store) == []


def test_an_inspection_recorded_corrected_and_removed(province: str) -> None:
    store = shared(province)
    first = save_office_inspection(
        store,
        OTHER_DISTRICT[0],
        "finance",
        date(2024, 4, 10),
        " Thu chi đúng quy định. ",
        today=TODAY,
    )
    save_office_inspection(
        store, DISTRICT[0], "charter", date(2024, 9, 3), "Đại hội đúng nhiệm kỳ.", today=TODAY
    )
    assert [
        (i.office_code, i.kind_label, i.inspected_on, i.findings) for i in office_inspections(store)
    ] == [
        (
            DISTRICT[0],
            "Kiểm tra, giám sát thi hành Điều lệ",
            date(2024, 9, 3),
            "Đại hội đúng nhiệm kỳ.",
        ),
        (OTHER_DISTRICT[0], "Kiểm tra tài chính", date(2024, 4, 10), "Thu chi đúng quy định."),
    ]
    fixed = save_office_inspection(
        store,
        OTHER_DISTRICT[0],
        "finance",
        date(2024, 4, 11),
        "Thu chi đúng; nhắc lập dự toán.",
        inspection_id=first.id,
        today=TODAY,
    )
    assert (fixed.id, fixed.inspected_on, fixed.office_name) == (
        first.id,
        date(2024, 4, 11),
        OTHER_DISTRICT[1],
    )
    assert [i.office_code for i in office_inspections(store, year=2024)] == [
        DISTRICT[0],
        OTHER_DISTRICT[0],
    ]
    assert office_inspections(store, year=2023) == []
    remove_office_inspection(store, first.id)
    assert [i.office_code for i in office_inspections(store)] == [DISTRICT[0]]
    assert office_inspections(store, office_code=OTHER_DISTRICT[0]) == []
    with pytest.raises(UserError, match="Cuộc kiểm tra này không còn"):
        save_office_inspection(
            store,
            OTHER_DISTRICT[0],
            "finance",
            date(2024, 4, 11),
            "Sửa lại.",
            inspection_id=first.id,
            today=TODAY,
        )
    assert _audit(province)[-1] == (
        f"kiểm tra đơn vị: xóa {OTHER_DISTRICT[0]} Kiểm tra tài chính 11/04/2024"
    )
    assert inspection_problems(store, DISTRICT[0], "audit", date(2025, 1, 2), "  ", TODAY) == {
        "kind": "Nội dung kiểm tra «audit» không có trong danh mục: chọn kiểm tra tài chính "
        "hoặc kiểm tra, giám sát thi hành Điều lệ.",
        "inspected_on": "Ngày kiểm tra (02/01/2025) ở tương lai; hôm nay là 20/12/2024.",
        "findings": "Kết luận kiểm tra: nhập nhận xét, kết luận của cuộc kiểm tra.",
    }
    assert inspection_problems(store, "X", "finance", None, "Có", TODAY) == {
        "office_code": "Đơn vị được kiểm tra: «X» không phải đơn vị đã đăng ký với tỉnh.",
        "inspected_on": "Ngày kiểm tra: nhập ngày (dd/mm/yyyy).",
    }


def test_refused_on_an_office_database_and_for_a_viewer(
    province: str, cards: dict[str, Path], tmp_path: Path
) -> None:
    office = tmp_path / f"{DISTRICT[0]}.sqlite"
    office.write_bytes(cards[DISTRICT[0]].with_suffix(".sqlite").read_bytes())
    with pytest.raises(UserError, match="không phải của LĐLĐ tỉnh: xếp loại đơn vị chỉ có"):
        rate_office(shared(office), PROVINCE[0], 2024, "good", today=TODAY)
    with pytest.raises(UserError, match="không phải của LĐLĐ tỉnh: kiểm tra đơn vị chỉ có"):
        save_office_inspection(
            shared(office), PROVINCE[0], "finance", date(2024, 1, 5), "Tốt.", today=TODAY
        )
    sign_in_as(SignedIn("xem", "Trần Văn Xem", "viewer"))
    try:
        with pytest.raises(UserError, match=r"Tài khoản xem .* không được sửa dữ liệu"):
            rate_office(shared(province), DISTRICT[0], 2024, "good", today=TODAY)
    finally:
        sign_in_as(None)
    assert office_ratings(shared(province)) == []
