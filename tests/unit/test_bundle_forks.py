"""A district restores an old backup and reuses a sequence: the whole story on the command line.

The province flags the fork and refuses every later bundle of that office until it decides: keep
what it merged (the office then continues from it, told so by its receipts) or take the office's
new branch. Nothing merges as a plain gap meanwhile.
"""

from __future__ import annotations

import sqlite3
from datetime import date, datetime
from pathlib import Path

import pytest

from desktop.app import main
from tests.unit._sync_fixtures import (
    BOTH_STORES,
    UNION_A,
    Exchange,
    add_admitted,
    exchange_for,
    memory_keyring,
    rows_of,
)

__all__ = ["memory_keyring"]

UNIT = "LDLD-BATRI"


@pytest.fixture
def ex(request: pytest.FixtureRequest, tmp_path: Path, memory_keyring) -> Exchange:  # type: ignore[no-untyped-def]
    return exchange_for(request, tmp_path)


def _admit(db: Path, member_id: str, name: str, day: date) -> None:
    from desktop.models import Member
    from desktop.store import Store

    stamp = datetime(2024, day.month, day.day, 9, 0, 0)
    database = Store(db)
    with database.session() as s:
        member = Member(
            id=member_id,
            union_id=UNION_A,
            full_name=name,
            gender="female",
            citizen_id=f"08318{member_id[-7:]}",
            joined_on=day,
            created_at=stamp,
            updated_at=stamp,
        )
        add_admitted(s, member)
    database.close()


def _run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str]:
    code = main(list(argv))
    captured = capsys.readouterr()
    return code, " ".join((captured.out + captured.err).split())


def _export(ex: Exchange, capsys: pytest.CaptureFixture[str], period: str, name: str) -> Path:
    out = ex.folder / name
    code, said = _run(
        capsys, "bundle", "export", "--period", period, "--out", str(out), "--db", str(ex.district)
    )
    assert code == 0, said
    return out


def _merge(ex: Exchange, capsys: pytest.CaptureFixture[str], *files: Path) -> tuple[int, str]:
    return _run(capsys, "bundle", "merge", *map(str, files), "--db", str(ex.province))


def _members(db: Path | str, unit: str) -> set[str]:
    sql = "SELECT full_name FROM member WHERE unit_code = :unit"
    return {r[0] for r in rows_of(db, sql, {"unit": unit})}


def _ledger(ex: Exchange) -> list[tuple[int, str]]:
    return ex.province_rows("SELECT sequence, verdict FROM bundle_ledger ORDER BY id")


def _receipts(ex: Exchange, capsys: pytest.CaptureFixture[str], name: str) -> tuple[int, str]:
    """The province makes the office's receipts package; the office takes it."""
    out = ex.folder / name
    argv = ["bundle", "package", "--type", "receipts", "--unit", UNIT, "--out", str(out)]
    assert _run(capsys, *argv, "--db", str(ex.province))[0] == 0
    return _run(capsys, "bundle", "merge", str(out), "--db", str(ex.district))


def _restored_fork(
    ex: Exchange, capsys: pytest.CaptureFixture[str], sent_before_restore: tuple[str, ...] = ("04",)
) -> dict[str, Path]:
    """March and April (and any other month given) merged; the office restores its March
    backup, enters a member again and exports April (sequence 2 reused), May and June on that
    branch."""
    files = {"03": _export(ex, capsys, "2024-03", "03.udb")}
    backup = ex.folder / "sau-thang-3.sqlite"
    assert _run(capsys, "backup", "--db", str(ex.district), "--out", str(backup))[0] == 0
    _admit(ex.district, "00000000-0000-4000-8000-000000000104", "Phạm Thị Lan", date(2024, 4, 8))
    for month in sent_before_restore:
        files[month] = _export(ex, capsys, f"2024-{month}", f"{month}.udb")
    assert _merge(ex, capsys, *files.values())[0] == 0
    assert _run(capsys, "restore", str(backup), "--db", str(ex.district))[0] == 0
    _admit(ex.district, "00000000-0000-4000-8000-000000000105", "Đỗ Văn Minh", date(2024, 4, 20))
    for month in ("04", "05", "06"):
        files[f"{month}b"] = _export(ex, capsys, f"2024-{month}", f"{month}-sau-khoi-phuc.udb")
    return files


def test_after_a_fork_nothing_of_that_office_merges_until_the_province_decides(
    ex: Exchange, capsys: pytest.CaptureFixture[str]
) -> None:
    files = _restored_fork(ex, capsys)
    code, said = _merge(ex, capsys, files["04b"])
    assert code == 1
    assert "gói số 2 của LDLD-BATRI khác với gói cùng số đã gộp trước đó" in said
    held = _members(ex.province, UNIT)
    assert "Phạm Thị Lan" in held and "Đỗ Văn Minh" not in held
    open_fork = (
        "đơn vị LDLD-BATRI đang có gói rẽ nhánh chưa được xử lý (gói số 2, tệp "
        "04-sau-khoi-phuc.udb); mọi gói sau của đơn vị chờ LĐLĐ tỉnh quyết định. Giữ dữ liệu đã "
        "gộp (gói số 2), đơn vị nối tiếp từ đó: uniondesk bundle resolve --unit LDLD-BATRI "
        "--keep 2. Hoặc nhận nhánh mới của đơn vị thay cho dữ liệu đã gộp: uniondesk bundle "
        "accept-fork TỆP."
    )
    for month in ("05b", "06b"):  # the next one, and the one after (once taken for a plain gap)
        code, said = _merge(ex, capsys, files[month])
        assert code == 1 and open_fork in said, said
    assert _members(ex.province, UNIT) == held
    assert _ledger(ex) == [(1, "merged"), (2, "merged"), (2, "fork"), (3, "fork"), (4, "fork")]
    assert _merge(ex, capsys, files["06b"])[0] == 1  # again: refused, not recorded twice
    assert len(_ledger(ex)) == 5
    code, listed = _run(capsys, "bundle", "list", "--db", str(ex.province))
    assert "LDLD-BATRI số 4 tháng 6/2024" in listed and "Rẽ nhánh (cần kiểm tra)" in listed


@BOTH_STORES
def test_the_province_keeps_its_chain_and_the_office_continues_from_it(
    ex: Exchange, capsys: pytest.CaptureFixture[str]
) -> None:
    files = _restored_fork(ex, capsys)
    for month in ("04b", "05b", "06b"):
        assert _merge(ex, capsys, files[month])[0] == 1
    code, said = _run(
        capsys, "bundle", "resolve", "--unit", UNIT, "--keep", "1", "--db", str(ex.province)
    )
    assert (
        code == 1 and "Gói số 1 không phải gói cuối cùng đã gộp của LDLD-BATRI (gói số 2)" in said
    )
    code, said = _run(
        capsys, "bundle", "resolve", "--unit", UNIT, "--keep", "2", "--db", str(ex.province)
    )
    assert code == 0
    assert said.startswith(
        "Đã ghi quyết định. LĐLĐ tỉnh giữ dữ liệu của LDLD-BATRI đã gộp đến gói số 2 (kỳ 2024-04)"
    )
    code, said = _run(
        capsys, "bundle", "resolve", "--unit", UNIT, "--keep", "2", "--db", str(ex.province)
    )
    assert code == 1 and "không có gói rẽ nhánh nào đang chờ quyết định" in said
    # The office, not told yet, sends July on its restored branch: refused, the decision stands.
    branch = _export(ex, capsys, "2024-07", "07-nhanh-cu.udb")
    code, said = _merge(ex, capsys, branch)
    assert code == 1
    assert (
        "Tệp 07-nhanh-cu.udb: gói số 5 của LDLD-BATRI tiếp tục nhánh rẽ mà LĐLĐ tỉnh đã không "
        "nhận (tỉnh giữ dữ liệu đã gộp đến gói số 2); không gộp."
    ) in said
    assert _ledger(ex)[-2:] == [(2, "resolved_keep"), (5, "branch")]
    assert "Đỗ Văn Minh" not in _members(ex.province, UNIT)
    # The receipts tell the office; its next bundle continues from the province's sequence 2.
    code, said = _receipts(ex, capsys, "bien-nhan.udp")
    assert code == 0
    assert (
        "LĐLĐ tỉnh đang giữ gói số 2 (kỳ 2024-04) khác với gói số 2 máy này đã gửi: máy này đã "
        "khôi phục một bản sao lưu cũ hơn gói đó nên đã dùng lại số thứ tự. Gói xuất tiếp theo "
        "sẽ nối tiếp gói số 2 tỉnh đang giữ (mang số 6)"
    ) in said
    code, listed = _run(capsys, "bundle", "list", "--db", str(ex.district))
    assert (
        "số 2 tháng 4/2024 Tỉnh đã nhận – gói máy này không còn (gửi trước khi khôi phục bản sao "
        "lưu)"
    ) in listed
    assert "số 4 tháng 6/2024" in listed and "Tỉnh trả lại" in listed
    # The office enters Lan again, as the message asks, and sends July.
    _admit(ex.district, "00000000-0000-4000-8000-000000000104", "Phạm Thị Lan", date(2024, 4, 8))
    july = _export(ex, capsys, "2024-07", "07.udb")
    code, said = _merge(ex, capsys, july)
    assert code == 0, said
    assert "Đã gộp 07.udb: gói số 6 (kỳ 2024-07) của LDLD-BATRI." in said
    assert "Chưa nhận gói số" not in said  # 3, 4 and 5 came (and were refused): none is missing
    assert _members(ex.province, UNIT) == _members(ex.district, "")
    assert "Đỗ Văn Minh" in _members(ex.province, UNIT)
    assert _merge(ex, capsys, _export(ex, capsys, "2024-08", "08.udb"))[0] == 0
    assert _ledger(ex)[-4:] == [(2, "resolved_keep"), (5, "branch"), (6, "merged"), (7, "merged")]
    # The decision never travels in a receipt.
    assert _receipts(ex, capsys, "bien-nhan-2.udp")[0] == 0
    with sqlite3.connect(ex.district) as con:
        states = con.execute("SELECT sequence, state FROM sent_bundle ORDER BY sequence").fetchall()
    con.close()
    assert states == [
        (1, "received"),
        (2, "returned"),
        (3, "returned"),
        (4, "returned"),
        (5, "returned"),
        (6, "received"),
        (7, "received"),
    ]


@BOTH_STORES
def test_the_province_takes_the_offices_new_branch(
    ex: Exchange, capsys: pytest.CaptureFixture[str]
) -> None:
    files = _restored_fork(ex, capsys)
    code, said = _run(capsys, "bundle", "accept-fork", str(files["06b"]), "--db", str(ex.province))
    assert code == 1 and "Đơn vị LDLD-BATRI không có gói rẽ nhánh nào đang chờ quyết định" in said
    for month in ("04b", "05b", "06b"):
        assert _merge(ex, capsys, files[month])[0] == 1
    code, said = _run(capsys, "bundle", "accept-fork", str(files["04"]), "--db", str(ex.province))
    assert code == 1 and "Tệp 04.udb không phải gói bị từ chối vì rẽ nhánh" in said
    code, said = _run(capsys, "bundle", "accept-fork", str(files["06b"]), "--db", str(ex.province))
    assert code == 0
    assert (
        "[ĐÃ GỘP] 06-sau-khoi-phuc.udb LĐLĐ tỉnh nhận nhánh mới của LDLD-BATRI: gói số 4 (kỳ "
        "2024-06, tệp 06-sau-khoi-phuc.udb) thay cho dữ liệu đã gộp đến gói số 2; các gói sau "
        "của đơn vị nối tiếp gói này."
    ) in said
    assert _members(ex.province, UNIT) == _members(ex.district, "")
    assert _ledger(ex)[-2:] == [(4, "resolved_take"), (4, "merged")]
    # The office's next bundle simply follows: its receipts show its own bundle as the last.
    code, said = _receipts(ex, capsys, "bien-nhan.udp")
    assert code == 0 and "LĐLĐ tỉnh đang giữ" not in said and "LĐLĐ tỉnh đã gộp" not in said
    with sqlite3.connect(ex.district) as con:  # the lost April is known, decisions are not
        held = con.execute("SELECT sequence, state, chain_base FROM held_bundle").fetchall()
    con.close()
    assert held == [(2, "received", 0)]
    code, said = _merge(ex, capsys, _export(ex, capsys, "2024-07", "07.udb"))
    assert code == 0 and "gói số 5 (kỳ 2024-07)" in said


def test_taking_an_earlier_branch_bundle_starts_the_chain_again_from_it(
    ex: Exchange, capsys: pytest.CaptureFixture[str]
) -> None:
    """The province had merged up to sequence 3 (May); it takes the branch's sequence 2, and the
    branch's own sequence 3 then follows it although the province once merged another 3."""
    files = _restored_fork(ex, capsys, sent_before_restore=("04", "05"))
    assert [row for row in _ledger(ex)] == [(1, "merged"), (2, "merged"), (3, "merged")]
    for month in ("04b", "05b"):
        assert _merge(ex, capsys, files[month])[0] == 1
    code, said = _run(capsys, "bundle", "accept-fork", str(files["04b"]), "--db", str(ex.province))
    assert code == 0, said
    code, said = _merge(ex, capsys, files["05b"])
    assert code == 0 and "Đã gộp 05-sau-khoi-phuc.udb: gói số 3 (kỳ 2024-05)" in said
    assert _members(ex.province, UNIT) == _members(ex.district, "")
