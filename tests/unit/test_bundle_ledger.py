"""The province's ledger: re-merge, rollback, fork, gap, forged collisions, exit codes."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from desktop.store import shared
from desktop.store.handle import forget
from desktop.sync.keys import trust_card
from desktop.sync.office.export import export_bundle
from tests.unit._sync_fixtures import (
    BOTH_STORES,
    OTHER_DISTRICT,
    Exchange,
    add_small_records,
    exchange_for,
    make_office,
    memory_keyring,
    no_passphrase,
    parse_cli,
)

__all__ = ["memory_keyring"]


@pytest.fixture
def ex(request: pytest.FixtureRequest, tmp_path: Path, memory_keyring) -> Exchange:  # type: ignore[no-untyped-def]
    return exchange_for(request, tmp_path)


def _copy_db(source: Path, target: Path) -> Path:
    forget(source)  # closed first: what its handle still holds in the journal is in the copy
    shutil.copyfile(source, target)
    return target


@BOTH_STORES
def test_the_same_bundle_again_changes_nothing(
    ex: Exchange, capsys: pytest.CaptureFixture[str]
) -> None:
    bundle = ex.export("2024-03")
    assert ex.merge(bundle)[0].verdict == "merged"
    before = ex.province_rows("SELECT * FROM bundle_ledger")
    args = parse_cli(["bundle", "merge", str(bundle), "--db", str(ex.province)])
    assert args.handler(args) == 0
    out = capsys.readouterr().out
    assert "[ĐÃ GỘP TRƯỚC ĐÓ]" in out and "đã gộp trước đó" in out
    assert ex.province_rows("SELECT * FROM bundle_ledger") == before


def test_an_older_bundle_after_a_newer_one_is_a_rollback(ex: Exchange) -> None:
    march, april = ex.export("2024-03"), ex.export("2024-04")
    assert ex.merge(april)[0].verdict == "merged"
    result = ex.merge(march)[0]
    assert result.verdict == "refused"
    assert "gói số 1 (kỳ 2024-03)" in result.message and "cũ hơn gói số 2" in result.message
    assert ex.province_rows("SELECT sequence, verdict FROM bundle_ledger ORDER BY id") == [
        (2, "merged"),
        (1, "rollback"),
    ]


@BOTH_STORES
def test_same_sequence_other_content_is_a_flagged_fork(ex: Exchange) -> None:
    assert ex.merge(ex.export("2024-03"))[0].verdict == "merged"
    restored = _copy_db(ex.district, ex.folder / "restored.sqlite")
    first = ex.export("2024-04")
    export_bundle(
        shared(restored), "2024-04", ex.folder / "restored-04.udb", passphrase=no_passphrase
    )
    assert ex.merge(first)[0].verdict == "merged"
    result = ex.merge(ex.folder / "restored-04.udb")[0]
    assert result.verdict == "refused"
    assert "khác với gói cùng số đã gộp" in result.message and "bản sao lưu cũ" in result.message
    assert ex.province_rows("SELECT sequence, verdict FROM bundle_ledger ORDER BY id")[-1] == (
        2,
        "fork",
    )


def test_a_next_bundle_off_the_chain_is_a_fork(ex: Exchange) -> None:
    restored = _copy_db(ex.district, ex.folder / "restored.sqlite")
    assert ex.merge(ex.export("2024-03"))[0].verdict == "merged"
    export_bundle(shared(restored), "2024-03", ex.folder / "r-03.udb", passphrase=no_passphrase)
    export_bundle(shared(restored), "2024-04", ex.folder / "r-04.udb", passphrase=no_passphrase)
    result = ex.merge(ex.folder / "r-04.udb")[0]
    assert result.verdict == "refused" and "không nối tiếp gói số 1" in result.message


@BOTH_STORES
def test_a_gap_is_accepted_and_the_missing_periods_named(ex: Exchange) -> None:
    bundles = [ex.export(p) for p in ("2024-03", "2024-04", "2024-05", "2024-06")]
    assert ex.merge(bundles[0])[0].verdict == "merged"
    result = ex.merge(bundles[3])[0]
    assert result.verdict == "merged"
    assert result.gaps == (
        "Chưa nhận gói số 2, 3 của LDLD-BATRI; các kỳ còn thiếu: tháng 4/2024, tháng 5/2024."
    )
    assert ex.province_rows("SELECT gaps FROM bundle_ledger WHERE sequence = 4") == [(result.gaps,)]


def test_a_record_uuid_of_another_unit_is_never_overwritten(
    tmp_path: Path, memory_keyring, db_target: str
) -> None:
    ex = Exchange(tmp_path, db_target)
    assert ex.merge(ex.export("2024-03"))[0].verdict == "merged"
    other = make_office(tmp_path / "other.sqlite", "district", OTHER_DISTRICT)
    trust_card(shared(other), tmp_path / "province.card")
    from desktop.sync.keys import export_card

    export_card(shared(other), tmp_path / "other.card", passphrase=no_passphrase)
    trust_card(shared(ex.province), tmp_path / "other.card")
    add_small_records(other)  # the same UUIDs as Ba Tri's records: a forged collision
    export_bundle(shared(other), "2024-03", tmp_path / "other.udb", passphrase=no_passphrase)
    result = ex.merge(tmp_path / "other.udb")[0]
    assert result.verdict == "refused"
    assert result.message == (
        "Tệp other.udb, bảng «grassroots_union»: bản ghi 00000000-0000-4000-8000-0000000000a1 đã "
        "thuộc đơn vị LDLD-BATRI. Mỗi máy tự sinh mã bản ghi (UUID) nên hai đơn vị không bao giờ "
        "trùng mã, trừ khi cơ sở dữ liệu của LDLD-THUNHA được sao chép từ cơ sở dữ liệu của "
        "LDLD-BATRI (hoặc gói bị làm giả). Gói bị từ chối, dữ liệu của LDLD-BATRI giữ nguyên. "
        "Đơn vị LDLD-THUNHA cần cơ sở dữ liệu của riêng mình (uniondesk init rồi nhập danh sách), "
        "không dùng bản sao của đơn vị khác."
    )
    assert ex.province_rows("SELECT unit_code, COUNT(*) FROM member GROUP BY unit_code") == [
        ("LDLD-BATRI", 2)  # the two admitted by the end of March
    ]
    # The refusal is on record for the receipt that tells Thạnh Phú why.
    assert ex.province_rows("SELECT unit_code, verdict FROM bundle_ledger ORDER BY id") == [
        ("LDLD-BATRI", "merged"),
        ("LDLD-THUNHA", "refused"),
    ]


def test_a_copied_database_is_refused_and_the_original_stays(
    tmp_path: Path, memory_keyring, db_target: str
) -> None:
    """Thạnh Phú started from a copy of Ba Tri's file and only renamed the office."""
    import shutil
    import sqlite3

    from desktop.sync.keys import create_office_keys, export_card

    ex = Exchange(tmp_path, db_target)
    assert ex.merge(ex.export("2024-03"))[0].verdict == "merged"
    copy = tmp_path / "thanh-phu.sqlite"
    forget(ex.district)  # closed first: the copy holds all it wrote
    shutil.copy(ex.district, copy)
    with sqlite3.connect(copy) as con:
        con.execute("UPDATE office SET code = ?, name = ?", OTHER_DISTRICT)
        con.execute("DELETE FROM unit_key WHERE own = 1")
        con.execute("DELETE FROM sent_bundle")
    create_office_keys(shared(copy), passphrase=no_passphrase)
    export_card(shared(copy), tmp_path / "thanh-phu.card", passphrase=no_passphrase)
    trust_card(shared(ex.province), tmp_path / "thanh-phu.card")
    export_bundle(shared(copy), "2024-03", tmp_path / "thanh-phu.udb", passphrase=no_passphrase)
    result = ex.merge(tmp_path / "thanh-phu.udb")[0]
    assert result.verdict == "refused"
    assert "được sao chép từ cơ sở dữ liệu của LDLD-BATRI" in result.message
    assert ex.province_rows("SELECT DISTINCT unit_code FROM member") == [("LDLD-BATRI",)]


def test_two_offices_stay_apart(tmp_path: Path, memory_keyring) -> None:
    ex = Exchange(tmp_path)
    other = make_office(tmp_path / "other.sqlite", "district", OTHER_DISTRICT)
    trust_card(shared(other), tmp_path / "province.card")
    from desktop.models import GrassrootsUnion
    from desktop.store import Store
    from desktop.sync.keys import export_card

    export_card(shared(other), tmp_path / "other.card", passphrase=no_passphrase)
    trust_card(shared(ex.province), tmp_path / "other.card")
    db = Store(other)
    with db.session() as s:
        s.add(GrassrootsUnion(name="CĐCS Trường THCS Thạnh Phong", sector="state"))
    db.close()
    export_bundle(shared(other), "2024-03", tmp_path / "other.udb", passphrase=no_passphrase)
    results = ex.merge(ex.export("2024-03"), tmp_path / "other.udb")
    assert [r.verdict for r in results] == ["merged", "merged"]
    assert ex.province_rows(
        "SELECT unit_code, COUNT(*) FROM grassroots_union GROUP BY unit_code ORDER BY 1"
    ) == [("LDLD-BATRI", 2), ("LDLD-THUNHA", 1)]


@BOTH_STORES
def test_exit_codes_of_verify_and_merge(ex: Exchange, capsys: pytest.CaptureFixture[str]) -> None:
    good = ex.export("2024-03")
    bad = ex.folder / "hong.udb"
    bad.write_bytes(good.read_bytes()[:-10])
    args = parse_cli(["bundle", "verify", str(good), str(bad), "--db", str(ex.province)])
    assert args.handler(args) == 1
    captured = capsys.readouterr()
    assert captured.out.splitlines()[:2] == [
        "[HỢP LỆ] ba-tri-2024-03.udb",
        "    LDLD-BATRI, gói số 1, tháng 3/2024: 2 đoàn viên, 2 CĐCS, 1 hoạt động.",
    ]
    assert "[TỪ CHỐI] hong.udb" in captured.err
    assert ex.province_rows("SELECT COUNT(*) FROM member") == [(0,)]
    args = parse_cli(["bundle", "merge", str(good), "--db", str(ex.province)])
    assert args.handler(args) == 0
    with pytest.raises(SystemExit) as usage:
        parse_cli(["bundle", "merge", "--db", str(ex.province)])
    assert usage.value.code == 2


def test_export_never_overwrites_and_refuses_an_older_period(ex: Exchange) -> None:
    from desktop.errors import UserError

    bundle = ex.export("2024-04")
    with pytest.raises(UserError, match="không ghi đè"):
        export_bundle(shared(ex.district), "2024-05", bundle, passphrase=no_passphrase)
    with pytest.raises(UserError, match="kỳ cũ hơn"):
        ex.export("2024-03")
