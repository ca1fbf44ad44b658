"""An office's code changes (the 2025 reform): `office set --unit-code`, the next bundle names the
old code, and the province moves that office's keys, ledger and records to the new code as it
merges, nothing lost; a new code another office holds is refused with nothing moved."""

from __future__ import annotations

from pathlib import Path

import pytest

from desktop.app import main
from desktop.errors import UserError
from desktop.services.bundles import process_files
from desktop.services.office_settings import read_settings, update_settings
from desktop.store import shared
from tests.unit._sync_fixtures import (
    BOTH_STORES,
    OTHER_DISTRICT,
    Exchange,
    add_small_records,
    exchange_cards,
    exchange_for,
    make_office,
    memory_keyring,
    no_passphrase,
    rows_of,
)

__all__ = ["memory_keyring"]

NEW_CODE = "CDKV-BATRI"


@pytest.fixture
def ex(request: pytest.FixtureRequest, tmp_path: Path, memory_keyring) -> Exchange:  # type: ignore[no-untyped-def]
    return exchange_for(request, tmp_path)


def _rows(path: Path | str, sql: str) -> list[tuple]:
    return rows_of(path, sql)


def _counts(path: Path | str, code: str) -> dict[str, int]:
    tables = ("grassroots_union", "member", "member_event", "activity", "activity_union")
    return {
        t: _rows(path, f"SELECT COUNT(*) FROM {t} WHERE unit_code = '{code}'")[0][0] for t in tables
    }


@BOTH_STORES
def test_the_province_follows_the_new_code_and_keeps_everything(
    ex: Exchange, capsys: pytest.CaptureFixture[str]
) -> None:
    [first] = ex.merge(ex.export("2024-05"))
    assert first.verdict == "merged"
    before = _counts(ex.province, "LDLD-BATRI")
    assert before == {
        "grassroots_union": 2,
        "member": 3,
        "member_event": 3,
        "activity": 1,
        "activity_union": 1,
    }
    assert main(["office", "set", "--db", str(ex.district), "--unit-code", NEW_CODE]) == 0
    out = capsys.readouterr().out
    assert "Mã đơn vị đổi từ LDLD-BATRI thành CDKV-BATRI" in out
    assert "  Mã trước đây: LDLD-BATRI" in out
    # The private key now answers to the new code too: the export signs with it.
    [second] = ex.merge(ex.export("2024-06"))
    assert second.verdict == "merged", second.message
    assert second.unit_code == NEW_CODE
    assert second.message.endswith(
        "Đơn vị LDLD-BATRI đổi mã thành CDKV-BATRI: khóa, sổ nhận gói và dữ liệu đã chuyển sang "
        "mã mới."
    )
    assert _counts(ex.province, NEW_CODE) == before
    assert _counts(ex.province, "LDLD-BATRI") == dict.fromkeys(before, 0)
    assert ex.province_rows(
        "SELECT unit_code, sequence, period, verdict FROM bundle_ledger ORDER BY id"
    ) == [(NEW_CODE, 1, "2024-05", "merged"), (NEW_CODE, 2, "2024-06", "merged")]
    assert ex.province_rows("SELECT DISTINCT unit_code FROM unit_key WHERE own = FALSE") == [
        (NEW_CODE,)
    ]
    assert ex.province_rows("SELECT old_code, new_code FROM office_code_change") == [
        ("LDLD-BATRI", NEW_CODE)
    ]
    audit = ex.province_rows("SELECT action, detail FROM audit_event WHERE action LIKE 'office%'")
    assert audit == [
        (
            "office_code_change",
            "Đơn vị LDLD-BATRI đổi mã thành CDKV-BATRI: khóa, sổ nhận gói và dữ liệu đã chuyển "
            "sang mã mới.",
        )
    ]
    # The next bundle still names the old code; the province has nothing left to move.
    [third] = ex.merge(ex.export("2024-07"))
    assert third.verdict == "merged" and "đổi mã" not in third.message
    assert ex.province_rows("SELECT COUNT(*) FROM office_code_change") == [(1,)]
    # What the province shows: the registry and the ledger under the new code, the old one named.
    assert main(["keys", "show", "--db", str(ex.province)]) == 0
    shown = capsys.readouterr().out
    assert "Liên đoàn Lao động huyện Ba Tri (trước đây: LDLD-BATRI)" in shown
    assert f"  {NEW_CODE:<14} " in shown
    from desktop.store import Store
    from desktop.sync.province.code_change import code_label

    with Store(ex.province) as db, db.reading() as con:
        assert code_label(con, NEW_CODE) == "CDKV-BATRI (trước đây: LDLD-BATRI)"
        assert code_label(con, "LDLD-BATRI") == "LDLD-BATRI"


def test_a_bundle_names_the_old_codes_in_its_manifest(ex: Exchange) -> None:
    from desktop.sync.format.envelope import open_bundle
    from desktop.sync.format.manifest import open_inner
    from desktop.sync.verify import own_pairs

    update_settings(shared(ex.district), {"unit_code": NEW_CODE})
    update_settings(shared(ex.district), {"unit_code": "CDKV-3"})
    assert read_settings(shared(ex.district)).previous_codes == ("LDLD-BATRI", NEW_CODE)
    path = ex.export("2024-05")
    from desktop.store import Store

    db = Store(ex.province)
    try:
        with db.session() as session:
            pairs = own_pairs(session, no_passphrase)
    finally:
        db.close()
    manifest, _, _ = open_inner(open_bundle(path.read_bytes(), path.name, pairs).inner, path.name)
    assert manifest.unit_code == "CDKV-3"
    assert manifest.previous_unit_codes == ("LDLD-BATRI", NEW_CODE)
    [merged] = ex.merge(path)
    assert merged.verdict == "merged", merged.message
    assert ex.province_rows("SELECT old_code, new_code FROM office_code_change") == [
        ("LDLD-BATRI", "CDKV-3")
    ]


@BOTH_STORES
def test_a_new_code_another_office_holds_is_refused_and_nothing_moves(
    ex: Exchange, tmp_path: Path
) -> None:
    other = make_office(tmp_path / "other.sqlite", "district", OTHER_DISTRICT)
    folder = tmp_path / "cards"
    folder.mkdir()
    exchange_cards(other, ex.province, folder)
    add_small_records(other)
    [first] = ex.merge(ex.export("2024-05"))
    assert first.verdict == "merged"
    update_settings(shared(ex.district), {"unit_code": OTHER_DISTRICT[0]})
    bundle = ex.export("2024-06")
    [verified] = ex.verify(bundle)
    [refused] = ex.merge(bundle)
    expected = (
        f"{bundle.name}: đơn vị LDLD-BATRI báo đổi mã thành LDLD-THUNHA, nhưng mã LDLD-THUNHA "
        "đang là của một đơn vị khác đã đăng ký (Liên đoàn Lao động huyện Thạnh Phú). Không "
        "chuyển gì; hai đơn vị cần thống nhất mã với LĐLĐ tỉnh trước."
    )
    assert verified.verdict == refused.verdict == "refused"
    assert verified.message == refused.message == expected
    assert _counts(ex.province, "LDLD-BATRI")["member"] == 3
    assert ex.province_rows("SELECT COUNT(*) FROM office_code_change") == [(0,)]
    assert ex.province_rows("SELECT unit_code, verdict FROM bundle_ledger") == [
        ("LDLD-BATRI", "merged")
    ]


@BOTH_STORES
def test_verify_follows_the_change_and_writes_nothing(ex: Exchange) -> None:
    ex.merge(ex.export("2024-05"))
    update_settings(shared(ex.district), {"unit_code": NEW_CODE})
    [verified] = ex.verify(ex.export("2024-06"))
    assert verified.verdict == "ok", verified.message
    assert ex.province_rows("SELECT DISTINCT unit_code FROM bundle_ledger") == [("LDLD-BATRI",)]
    assert ex.province_rows("SELECT COUNT(*) FROM office_code_change") == [(0,)]


def test_the_code_change_is_checked_at_the_office(ex: Exchange) -> None:
    with pytest.raises(UserError) as same:
        update_settings(shared(ex.district), {"unit_code": "LDLD-BATRI"})
    assert str(same.value) == "Mã đơn vị mới «LDLD-BATRI» trùng mã đang dùng."
    with pytest.raises(UserError) as province:
        update_settings(shared(ex.district), {"unit_code": "LDLD-BENTRE"})
    assert str(province.value) == (
        "Mã đơn vị mới «LDLD-BENTRE» là mã của LĐLĐ tỉnh đã tin (Liên đoàn Lao động tỉnh Bến "
        "Tre); chọn mã khác."
    )
    with pytest.raises(UserError) as empty:
        update_settings(shared(ex.district), {"unit_code": " "})
    assert str(empty.value) == "Mã đơn vị: không được để trống."
    with pytest.raises(UserError):
        update_settings(shared(ex.province), {"unit_code": "LDLD-VINHLONG"})
    assert read_settings(shared(ex.district)).code == "LDLD-BATRI"
    assert read_settings(shared(ex.district)).previous_codes == ()


def test_a_merged_bundle_again_after_the_move_is_a_no_op(ex: Exchange) -> None:
    update_settings(shared(ex.district), {"unit_code": NEW_CODE})
    bundle = ex.export("2024-05")
    [first] = process_files(shared(ex.province), [bundle], write=True, passphrase=no_passphrase)
    [again] = process_files(shared(ex.province), [bundle], write=True, passphrase=no_passphrase)
    assert first.verdict == "merged" and again.verdict == "duplicate"
    assert ex.province_rows("SELECT COUNT(*) FROM office_code_change") == [(1,)]


def test_a_code_change_after_a_key_rotation_follows_the_new_key(ex: Exchange) -> None:
    from desktop.sync.keystore import forget_unlocked
    from desktop.sync.office.rotation import rotate_keys

    new_key = rotate_keys(shared(ex.district), passphrase=no_passphrase)
    [announced] = ex.merge(ex.export("2024-05"))  # signed by the old key, announcing the new
    assert announced.verdict == "merged"
    update_settings(shared(ex.district), {"unit_code": NEW_CODE})
    forget_unlocked()  # the keys come back from the keyring under the new code
    [moved] = ex.merge(ex.export("2024-06"))  # signed by the new key, the announcement kept
    assert moved.verdict == "merged", moved.message
    assert ex.province_rows(
        f"SELECT unit_code, revoked_from_sequence FROM unit_key WHERE own = 0 "
        f"AND key_id = '{new_key.key_id}'"
    ) == [(NEW_CODE, None)]
    assert ex.province_rows("SELECT DISTINCT unit_code FROM unit_key WHERE own = FALSE") == [
        (NEW_CODE,)
    ]
    assert _counts(ex.province, NEW_CODE)["member"] == 3


def test_bundle_list_at_the_province_names_the_old_code(
    ex: Exchange, capsys: pytest.CaptureFixture[str]
) -> None:
    ex.merge(ex.export("2024-05"))
    update_settings(shared(ex.district), {"unit_code": NEW_CODE})
    update_settings(shared(ex.district), {"unit_code": "CDKV-3"})
    [moved] = ex.merge(ex.export("2024-06"))
    assert moved.verdict == "merged", moved.message
    capsys.readouterr()
    assert main(["bundle", "list", "--db", str(ex.province)]) == 0
    ledger = capsys.readouterr().out.splitlines()
    rows = [line for line in ledger[ledger.index("Sổ nhận gói:") + 1 :] if line[2] != " "]
    # Newest first, both under the new code; the province never saw CDKV-BATRI in use, so only
    # the code it had registered is named.
    assert [row[: row.index("tháng") + len("tháng 6/2024")] for row in rows] == [
        "  CDKV-3 (trước đây: LDLD-BATRI) số   2  tháng 6/2024",
        "  CDKV-3 (trước đây: LDLD-BATRI) số   1  tháng 5/2024",
    ]
    assert all(row.endswith("  Đã gộp") for row in rows)


@pytest.mark.usefixtures("vietnam_clock")  # the office reads times at UTC+7
def test_the_office_trail_names_the_code_change_and_the_kind_in_words(ex: Exchange) -> None:
    from datetime import datetime, timedelta

    from desktop.services.audit_query import list_entries

    update_settings(shared(ex.district), {"unit_code": NEW_CODE})
    named = {"office_kind": "other_upper_union", "kind_name": "Công đoàn Viên chức tỉnh"}
    update_settings(shared(ex.district), named)
    name = "Liên đoàn Lao động huyện Ba Tri"
    office = f"Thông tin đơn vị {name}"
    rows = [(r.action_label, r.subject, r.changes) for r in list_entries(shared(ex.district)).rows]
    kind, code, moved = [row for row in rows if row[1] in (office, f"Đổi mã đơn vị {name}")][:3]
    assert kind == (
        "Sửa",
        office,
        (
            "Loại đơn vị: Liên đoàn Lao động cấp huyện → Công đoàn cấp trên khác do tỉnh quy định",
            "Tên loại đơn vị do tỉnh quy định: (trống) → Công đoàn Viên chức tỉnh",
        ),
    )
    assert code == ("Sửa", office, ("Mã đơn vị: LDLD-BATRI → CDKV-BATRI",))
    assert moved[:2] == ("Thêm", f"Đổi mã đơn vị {name}")
    assert moved[2][:3] == ("Mã cũ: LDLD-BATRI", f"Mã mới: {NEW_CODE}", f"Tên đơn vị: {name}")
    # The day of the change as the office's clock reads it, not as stored (UTC).
    [(stored,)] = _rows(ex.district, "SELECT changed_at FROM office_code_change")
    office_time = datetime.fromisoformat(stored) + timedelta(hours=7)
    assert moved[2][3] == f"Ngày đổi: {office_time:%d/%m/%Y %H:%M}"


def test_a_code_a_bundle_cannot_carry_is_refused_and_an_earlier_code_taken_back_is_not_earlier(
    ex: Exchange, tmp_path: Path
) -> None:
    from desktop.services.office import init_office

    refusal = (
        "Mã đơn vị «{code}» không dùng được: chỉ gồm chữ cái không dấu, chữ số, «-», «_» hoặc «.», "
        "tối đa 32 ký tự, ví dụ LDLD-BATRI."
    )
    for code in ("CDN GD/2", "LĐLĐ-BATRI", "-X"):
        with pytest.raises(UserError) as bad:
            update_settings(shared(ex.district), {"unit_code": code})
        assert str(bad.value) == refusal.format(code=code)
        with pytest.raises(UserError) as bad_init:
            init_office(tmp_path / "x.sqlite", role="district", unit_code=code, unit_name="Thử")
        assert str(bad_init.value) == refusal.format(code=code)
    assert read_settings(shared(ex.district)).code == "LDLD-BATRI"
    update_settings(shared(ex.district), {"unit_code": "CDKV-3"})
    update_settings(shared(ex.district), {"unit_code": "LDLD-BATRI"})  # back to where it was
    assert read_settings(shared(ex.district)).previous_codes == ("CDKV-3",)
