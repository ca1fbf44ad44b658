"""`office merge`: two demo districts become one, all or nothing (issue 14, point 5)."""

from __future__ import annotations

import argparse
import hashlib
import shutil
import sqlite3
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from desktop.errors import UserError
from desktop.services.handover import MergeOutcome
from desktop.store import shared
from tests.unit._check import check_file
from tests.unit._sync_fixtures import add_small_records, memory_keyring
from tests.unit.test_handover_notice import add_thunha_records

__all__ = ["memory_keyring"]

SUCCESSOR = ("LDLD-BATRI", "Liên đoàn Lao động huyện Ba Tri")
CLOSING = ("LDLD-THANHPHU", "Liên đoàn Lao động huyện Thạnh Phú")
VINH_LONG = ("LDLD-VINHLONG", "Liên đoàn Lao động tỉnh Vĩnh Long")
KINDS = (
    "grassroots_union",
    "union_rating",
    "enterprise",
    "member",
    "member_event",
    "household_review",
    "activity",
    "activity_union",
    "inspection",
    "complaint",
    "progress_entry",
    "narrative",
)


@pytest.fixture(scope="module")
def demos(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[Path, Path]]:
    """Ba Tri (seed 1, 120 members) and a second district (seed 2, 90 members) that is made
    another office: its own code and name, progress kept under its own code."""
    from desktop.demo import generate_demo

    folder = tmp_path_factory.mktemp("demos")
    successor, closing = folder / "batri.sqlite", folder / "thanhphu.sqlite"
    generate_demo(successor, members=120, seed=1)
    generate_demo(closing, members=90, seed=2)
    with sqlite3.connect(closing) as con:
        con.execute("UPDATE office SET code = ?, name = ?", CLOSING)
        con.execute("UPDATE progress_entry SET unit_code = ?", (CLOSING[0],))
        con.execute("UPDATE quota SET unit_code = ?", (CLOSING[0],))
    con.close()
    yield successor, closing


@pytest.fixture
def pair(demos: tuple[Path, Path], tmp_path: Path) -> tuple[Path, Path]:
    """Per-test copies: a merge writes to the successor."""
    successor, closing = tmp_path / "batri.sqlite", tmp_path / "thanhphu.sqlite"
    shutil.copyfile(demos[0], successor)
    shutil.copyfile(demos[1], closing)
    return successor, closing


def merge_office(db: Path, other: Path, **options: Any) -> MergeOutcome:
    """The merge into the file `db`, opened as `office merge --db` opens it, closed after."""
    from desktop.services.handover import merge_office as merge
    from desktop.store import Store

    with Store(db) as store:
        return merge(store, other, **options)


def _count(db: Path, sql: str, params: tuple[Any, ...] = ()) -> int:
    con = sqlite3.connect(f"file:{db}?mode=ro", uri=True)
    try:
        return int(con.execute(sql, params).fetchone()[0])
    finally:
        con.close()


def _rows(db: Path, sql: str, params: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
    con = sqlite3.connect(f"file:{db}?mode=ro", uri=True)
    try:
        return con.execute(sql, params).fetchall()
    finally:
        con.close()


def _content(db: Path) -> str:
    """A digest of every row of every table: what a person could ever read back."""
    con = sqlite3.connect(f"file:{db}?mode=ro", uri=True)
    try:
        return hashlib.sha256("\n".join(con.iterdump()).encode()).hexdigest()
    finally:
        con.close()


def _file_hash(db: Path) -> str:
    return hashlib.sha256(db.read_bytes()).hexdigest()


def _totals(db: Path) -> dict[str, int]:
    return {kind: _count(db, f"SELECT COUNT(*) FROM {kind}") for kind in KINDS}


def _active(db: Path) -> int:
    return _count(db, "SELECT COUNT(*) FROM member WHERE status = 'active' AND deleted_at IS NULL")


def _events_by_member(db: Path) -> dict[str, int]:
    return dict(_rows(db, "SELECT member_id, COUNT(*) FROM member_event GROUP BY member_id"))


def _make_duplicates(successor: Path, closing: Path) -> list[tuple[str, str, str]]:
    """Three active members of the closing office get the citizen IDs of three active members
    of the successor: (citizen ID, successor's name, closing office's name)."""
    live = "status = 'active' AND deleted_at IS NULL AND citizen_id <> '' ORDER BY id LIMIT 3"
    ours = _rows(successor, f"SELECT citizen_id, full_name FROM member WHERE {live}")
    theirs = _rows(closing, f"SELECT id, full_name FROM member WHERE {live}")
    with sqlite3.connect(closing) as con:
        for (citizen_id, _), (member_id, _) in zip(ours, theirs, strict=True):
            con.execute("UPDATE member SET citizen_id = ? WHERE id = ?", (citizen_id, member_id))
    con.close()
    return [(o[0], o[1], t[1]) for o, t in zip(ours, theirs, strict=True)]


def test_two_demo_districts_become_one_with_every_history_kept(pair: tuple[Path, Path]) -> None:
    successor, closing = pair
    ours, theirs = _totals(successor), _totals(closing)
    active = _active(successor) + _active(closing)
    events = {**_events_by_member(successor), **_events_by_member(closing)}
    closing_file = _file_hash(closing)

    outcome = merge_office(successor, closing)

    assert outcome.written and not outcome.refused
    assert _totals(successor) == {kind: ours[kind] + theirs[kind] for kind in KINDS}
    assert _active(successor) == active
    assert _events_by_member(successor) == events  # every member's history, event by event
    # Entered progress of the same target and month: Ba Tri's stays, the other's is kept deleted.
    clashes = len(outcome.plan.entry_clashes)
    assert clashes == theirs["progress_entry"]
    assert (
        _count(successor, "SELECT COUNT(*) FROM progress_entry WHERE deleted_at IS NULL")
        == (ours["progress_entry"])
    )
    assert _count(successor, "SELECT COUNT(DISTINCT unit_code) FROM progress_entry") == 1
    report = check_file(successor)
    assert report.ok and [f for f in report.findings if f.level == "error"] == []
    assert _file_hash(closing) == closing_file  # the other file is only read
    lines = outcome.lines()
    assert lines[0] == f"Đã gộp sổ của {CLOSING[0]} – {CLOSING[1]} ({closing}) vào {successor}:"
    assert f"  Công đoàn cơ sở: {theirs['grassroots_union']}" in lines
    assert f"  Đoàn viên: {theirs['member']}" in lines
    assert f"  Biến động đoàn viên: {theirs['member_event']}" in lines
    assert f"  Hoạt động: {theirs['activity']}" in lines
    assert (
        f"{clashes} kết quả nhập tay hoặc đoạn tường thuật cùng chỉ tiêu và kỳ đã có ở "
        f"{successor}: giữ bản của {successor}; bản kia lưu ở dạng đã xoá"
    ) in lines
    assert _rows(successor, "SELECT detail FROM audit_event WHERE action = 'office_merge'") == [
        (
            f"{closing.name}: sổ của {CLOSING[0]} – {CLOSING[1]}, {theirs['grassroots_union']} "
            f"CĐCS, {theirs['member']} đoàn viên",
        )
    ]

    again = merge_office(successor, closing)
    assert again.plan.already and not again.written
    assert again.lines() == [
        f"Sổ của {CLOSING[0]} – {CLOSING[1]} ({closing}) đã được gộp vào {successor} trước đó: "
        "không có gì thay đổi."
    ]


def test_citizen_ids_active_in_both_refuse_the_merge_and_are_listed(
    pair: tuple[Path, Path], capsys: pytest.CaptureFixture[str]
) -> None:
    successor, closing = pair
    duplicates = _make_duplicates(successor, closing)
    before = _content(successor)

    outcome = merge_office(successor, closing)

    assert outcome.refused and not outcome.written
    assert _content(successor) == before
    lines = outcome.lines()
    assert lines[0].startswith("Không gộp được: 3 số CCCD đang sinh hoạt ở cả hai đơn vị.")
    unions = dict(
        _rows(
            successor,
            "SELECT m.citizen_id, g.name FROM member m JOIN grassroots_union g "
            "ON g.id = m.union_id",
        )
    )
    theirs_unions = dict(
        _rows(
            closing,
            "SELECT m.citizen_id, g.name FROM member m JOIN grassroots_union g "
            "ON g.id = m.union_id WHERE m.status = 'active'",
        )
    )
    expected = sorted(
        f"  CCCD {cid}: {ours} ({unions[cid]}, {successor}) – {theirs} ({theirs_unions[cid]}, "
        f"{closing})"
        for cid, ours, theirs in duplicates
    )
    assert lines[1:] == expected

    # The command line says the same on stderr and exits 1.
    args = _parse(["office", "merge", str(closing), "--db", str(successor)])
    assert args.handler(args) == 1
    captured = capsys.readouterr()
    assert captured.err.splitlines()[1:] == expected
    assert _content(successor) == before


def test_with_update_the_later_record_wins_and_each_is_named(pair: tuple[Path, Path]) -> None:
    successor, closing = pair
    duplicates = _make_duplicates(successor, closing)
    ids = [d[0] for d in duplicates]
    # The closing office changed the first two later; Ba Tri changed the third later.
    with sqlite3.connect(closing) as con:
        for cid, at in zip(ids, ("2030-01-02 08:00:00.000000", "2030-01-03 08:00:00.000000", "2000-01-01 08:00:00.000000"), strict=True):  # fmt: skip
            con.execute("UPDATE member SET updated_at = ? WHERE citizen_id = ?", (at, cid))
    con.close()
    members = _count(successor, "SELECT COUNT(*) FROM member") + _count(
        closing, "SELECT COUNT(*) FROM member"
    )
    active = _active(successor) + _active(closing)

    outcome = merge_office(successor, closing, update=True)

    assert outcome.written
    assert _count(successor, "SELECT COUNT(*) FROM member") == members  # nobody removed
    assert _active(successor) == active - 3
    winners = _rows(
        successor,
        "SELECT citizen_id, full_name FROM member WHERE status = 'active' AND deleted_at IS NULL "
        f"AND citizen_id IN ({', '.join('?' for _ in ids)}) ORDER BY citizen_id",
        tuple(ids),
    )
    names = {cid: (ours, theirs) for cid, ours, theirs in duplicates}
    assert winners == sorted(
        [(ids[0], names[ids[0]][1]), (ids[1], names[ids[1]][1]), (ids[2], names[ids[2]][0])]
    )
    # A loser is a tombstone, its history with it: no admission is counted twice.
    losers = _rows(
        successor,
        "SELECT m.id, m.deleted_at FROM member m WHERE m.deleted_at IS NOT NULL "
        f"AND m.citizen_id IN ({', '.join('?' for _ in ids)})",
        tuple(ids),
    )
    assert len(losers) == 3
    for member_id, _ in losers:
        assert (
            _count(
                successor,
                "SELECT COUNT(*) FROM member_event WHERE member_id = ? AND deleted_at IS NULL",
                (member_id,),
            )
            == 0
        )
        assert (
            _count(successor, "SELECT COUNT(*) FROM member_event WHERE member_id = ?", (member_id,))
            > 0
        )
    assert check_file(successor).ok
    lines = outcome.lines()
    assert "3 số CCCD đang sinh hoạt ở cả hai đơn vị: giữ bản ghi sửa sau cùng" in lines
    named = [line for line in lines if line.startswith("  CCCD ")]
    assert len(named) == 3
    for cid, ours, theirs in duplicates:
        [line] = [x for x in named if x.startswith(f"  CCCD {cid}: ")]
        winner, loser = (ours, theirs) if cid == ids[2] else (theirs, ours)
        assert line.startswith(f"  CCCD {cid}: giữ {winner} (")
        assert f"; bản của {loser} (" in line and line.endswith("lưu ở dạng đã xoá cùng lịch sử")


def test_a_dry_run_says_what_would_come_in_and_writes_nothing(
    pair: tuple[Path, Path], capsys: pytest.CaptureFixture[str]
) -> None:
    successor, closing = pair
    _make_duplicates(successor, closing)
    theirs = _totals(closing)
    before = _file_hash(successor)

    args = _parse(["office", "merge", str(closing), "--db", str(successor), "--dry-run"])
    assert args.handler(args) == 1  # the merge itself would be refused
    out = capsys.readouterr().out.splitlines()

    assert _file_hash(successor) == before
    assert out[0] == (
        f"Chạy thử: sẽ nhận từ {closing} ({CLOSING[0]} – {CLOSING[1]}) vào {successor}:"
    )
    assert out[1:13] == [
        f"  Công đoàn cơ sở: {theirs['grassroots_union']}",
        f"  Xếp loại CĐCS: {theirs['union_rating']}",
        f"  Doanh nghiệp chưa có công đoàn: {theirs['enterprise']}",
        f"  Đoàn viên: {theirs['member']}",
        f"  Biến động đoàn viên: {theirs['member_event']}",
        f"  Rà soát hộ nghèo: {theirs['household_review']}",
        f"  Hoạt động: {theirs['activity']}",
        f"  CĐCS tham gia hoạt động: {theirs['activity_union']}",
        f"  Kiểm tra, giám sát: {theirs['inspection']}",
        f"  Đơn thư khiếu nại, tố cáo: {theirs['complaint']}",
        f"  Kết quả nhập tay: {theirs['progress_entry']}",
        f"  Đoạn tường thuật theo nhiệm vụ: {theirs['narrative']}",
    ]
    assert sum(1 for line in out if line.startswith("  CCCD ")) == 3
    assert out[-1] == (
        "Chưa ghi gì (chạy thử). Gộp thật cũng sẽ bị từ chối vì các số CCCD trên: sửa hồ sơ ở "
        "một trong hai đơn vị, hoặc thêm --update để giữ hồ sơ sửa sau cùng."
    )


def test_a_merge_that_fails_midway_leaves_the_successor_as_it_was(
    pair: tuple[Path, Path], monkeypatch: pytest.MonkeyPatch
) -> None:
    from desktop.services import handover_copy

    successor, closing = pair
    before = _content(successor)
    real = handover_copy.copy_table
    written: list[str] = []

    def fail_after_members(con: sqlite3.Connection, plan: Any, table: str, *rest: Any) -> None:
        if table == "activity":  # unions, members and their events are already written
            raise OSError("ổ đĩa bị rút ra giữa chừng")
        real(con, plan, table, *rest)
        written.append(table)

    monkeypatch.setattr(handover_copy, "copy_table", fail_after_members)
    with pytest.raises(OSError):
        merge_office(successor, closing)

    done = [
        "grassroots_union",
        "chair_term",
        "union_rating",
        "enterprise",
        "member",
        "member_event",
    ]
    assert written == [*done, "household_review"]
    assert _content(successor) == before
    monkeypatch.undo()
    assert merge_office(successor, closing).written  # and it can simply be run again


def test_what_cannot_be_merged_is_refused_by_name(pair: tuple[Path, Path], tmp_path: Path) -> None:
    successor, closing = pair
    with pytest.raises(UserError) as missing:
        merge_office(successor, tmp_path / "khong-co.sqlite")
    assert missing.value.message == (
        f"Không tìm thấy tệp {tmp_path / 'khong-co.sqlite'} (sổ của đơn vị bàn giao)."
    )
    with pytest.raises(UserError) as same:
        merge_office(successor, successor)
    assert "chính là cơ sở dữ liệu đang mở" in same.value.message
    copy = tmp_path / "copy.sqlite"
    shutil.copyfile(successor, copy)
    with sqlite3.connect(copy) as con:
        con.execute("UPDATE member SET full_name = full_name")  # a copy: same code, same ids
    con.close()
    with pytest.raises(UserError) as copied:
        merge_office(successor, copy)
    assert copied.value.message == (
        f"{copy} và {successor} cùng mã đơn vị {SUCCESSOR[0]}: đây là hai bản của cùng một sổ "
        "(một bản sao lưu?), không phải hai đơn vị. Không gộp."
    )
    renamed = tmp_path / "renamed.sqlite"
    shutil.copyfile(closing, renamed)
    with sqlite3.connect(renamed) as con:
        target = con.execute(
            "SELECT t.id FROM target t JOIN progress_entry e ON e.target_id = t.id "
            "ORDER BY e.id LIMIT 1"
        ).fetchone()[0]
        entry = con.execute(
            "SELECT id FROM progress_entry WHERE target_id = ? ORDER BY id LIMIT 1", (target,)
        ).fetchone()[0]
        con.execute("UPDATE target SET code = '9z' WHERE id = ?", (target,))
    con.close()
    before = _content(successor)
    with pytest.raises(UserError) as unknown:
        merge_office(successor, renamed)
    assert unknown.value.message == (
        f"Không gộp được: Kết quả nhập tay của {renamed} (mã {entry}) ghi chỉ tiêu hay nhiệm vụ "
        f"«9z» năm 2024 mà chương trình năm 2024 ở {successor} không có. Không có gì thay đổi."
    )
    assert _content(successor) == before
    overlapping = tmp_path / "overlapping.sqlite"
    shutil.copyfile(closing, overlapping)
    with sqlite3.connect(overlapping) as con:
        con.execute("ATTACH DATABASE ? AS ours", (str(successor),))
        union = con.execute("SELECT id FROM ours.grassroots_union ORDER BY id LIMIT 1").fetchone()[
            0
        ]
        con.execute(
            "INSERT INTO grassroots_union SELECT * FROM ours.grassroots_union WHERE id = ?",
            (union,),
        )
    con.close()
    with pytest.raises(UserError) as overlap:
        merge_office(successor, overlapping)
    assert overlap.value.message == (
        f"Không gộp được: Công đoàn cơ sở (grassroots_union) của {overlapping} có bản ghi {union} "
        f"trùng mã với một bản ghi đã có ở {successor} (1 bản ghi trùng mã) nhưng sổ chưa từng "
        "được gộp trọn: hai tệp là bản sao của nhau một phần. Không có gì thay đổi."
    )
    assert _content(successor) == before
    from desktop.services.office import init_office

    province = tmp_path / "tinh.sqlite"
    init_office(
        shared(province), role="province", unit_code="LDLD-BENTRE", unit_name="LĐLĐ tỉnh Bến Tre"
    )
    with pytest.raises(UserError) as roles:
        merge_office(province, closing)
    assert roles.value.message == (
        f"Không gộp được: {closing} là sổ của đơn vị cấp trên cơ sở, còn {province} là của LĐLĐ "
        "tỉnh. Chỉ gộp sổ đơn vị cấp trên cơ sở vào đơn vị cấp trên cơ sở, sổ LĐLĐ tỉnh vào LĐLĐ "
        "tỉnh."
    )
    text = tmp_path / "notes.sqlite"
    text.write_text("không phải cơ sở dữ liệu", encoding="utf-8")
    with pytest.raises(UserError, match="không phải cơ sở dữ liệu Union Desk"):
        merge_office(successor, text)


def _parse(argv: list[str]) -> argparse.Namespace:
    """The command as `uniondesk` reads it."""
    from desktop.cli.parser import build_parser

    return build_parser().parse_args(argv)


def _province_with_office(folder: Path, province: tuple[str, str], office: tuple[str, str]) -> Path:
    """A province that registered one office and merged its March 2024 bundle."""
    from desktop.services.bundles import process_files
    from desktop.sync.office.export import export_bundle
    from tests.unit._sync_fixtures import exchange_cards, make_office, no_passphrase

    folder.mkdir()
    province_db = make_office(folder / "province.sqlite", "province", province)
    office_db = make_office(folder / "office.sqlite", "district", office)
    exchange_cards(office_db, province_db, folder)
    fill = add_small_records if office[0] == "LDLD-BATRI" else add_thunha_records
    fill(office_db)
    export_bundle(shared(office_db), "2024-03", folder / "b.udb", passphrase=no_passphrase)
    [merged] = process_files(
        shared(province_db), [folder / "b.udb"], write=True, passphrase=no_passphrase
    )
    assert merged.verdict == "merged"
    return province_db


def test_two_provinces_merge_with_their_offices_keys_and_ledgers(
    tmp_path: Path, memory_keyring: Any, capsys: pytest.CaptureFixture[str]
) -> None:
    from tests.unit._sync_fixtures import DISTRICT, OTHER_DISTRICT, PROVINCE

    ben_tre = _province_with_office(tmp_path / "bentre", PROVINCE, DISTRICT)
    vinh_long = _province_with_office(tmp_path / "vinhlong", VINH_LONG, OTHER_DISTRICT)

    outcome = merge_office(ben_tre, vinh_long)

    assert outcome.written
    assert _rows(
        ben_tre, "SELECT unit_code, COUNT(*) FROM member GROUP BY unit_code ORDER BY unit_code"
    ) == [("LDLD-BATRI", 2), ("LDLD-THUNHA", 2)]
    assert _rows(ben_tre, "SELECT unit_code FROM unit_key WHERE own = 0 ORDER BY id") == [
        ("LDLD-BATRI",),
        ("LDLD-THUNHA",),
    ]
    assert _rows(ben_tre, "SELECT unit_code FROM unit_key WHERE own = 1") == [(PROVINCE[0],)]
    assert _rows(
        ben_tre, "SELECT unit_code, sequence, period, verdict FROM bundle_ledger ORDER BY id"
    ) == [("LDLD-BATRI", 1, "2024-03", "merged"), ("LDLD-THUNHA", 1, "2024-03", "merged")]
    assert check_file(ben_tre).ok
    lines = outcome.lines()
    assert lines[0] == f"Đã gộp sổ của {VINH_LONG[0]} – {VINH_LONG[1]} ({vinh_long}) vào {ben_tre}:"
    assert "  Đoàn viên: 2" in lines and "  Khóa đơn vị đã đăng ký: 1" in lines
    assert "  Dòng sổ nhận gói: 1" in lines

    from desktop.services.sync_status import sync_status

    ledger = sync_status(shared(ben_tre)).lines()
    assert any(line.startswith("  LDLD-THUNHA") and "Đã gộp" in line for line in ledger)


def test_an_office_in_both_provinces_refuses_their_merge(
    tmp_path: Path, memory_keyring: Any
) -> None:
    from desktop.sync.keys import trust_card
    from tests.unit._sync_fixtures import DISTRICT, OTHER_DISTRICT, PROVINCE

    ben_tre = _province_with_office(tmp_path / "bentre", PROVINCE, DISTRICT)
    vinh_long = _province_with_office(tmp_path / "vinhlong", VINH_LONG, OTHER_DISTRICT)
    trust_card(shared(vinh_long), tmp_path / "bentre" / "district.card")  # Ba Tri registered twice
    before = _content(ben_tre)

    with pytest.raises(UserError) as refused:
        merge_office(ben_tre, vinh_long)

    assert refused.value.message == (
        "Không gộp được: 1 đơn vị có dữ liệu ở cả hai sổ tỉnh (LDLD-BATRI). Mỗi đơn vị chỉ thuộc "
        "một tỉnh; hãy xem lại rồi gộp. Không có gì thay đổi."
    )
    assert _content(ben_tre) == before


def test_a_successor_without_the_year_takes_its_programme_along(
    demos: tuple[Path, Path], tmp_path: Path
) -> None:
    from desktop.services.office import init_office

    closing = tmp_path / "thanhphu.sqlite"
    shutil.copyfile(demos[1], closing)
    successor = tmp_path / "moi.sqlite"
    init_office(
        shared(successor), role="district", unit_code="LDLD-MOI", unit_name="LĐLĐ phường Mới"
    )
    assert _count(successor, "SELECT COUNT(*) FROM programme") == 0
    entries = _count(closing, "SELECT COUNT(*) FROM progress_entry")

    outcome = merge_office(successor, closing)

    assert f"Chương trình năm 2024 chưa có ở {successor}: nhận kèm từ {closing}" in outcome.lines()
    assert _rows(successor, "SELECT year FROM programme") == [(2024,)]
    targets = "SELECT COUNT(*) FROM target"
    assert _count(successor, targets) == _count(closing, targets)
    # Entered progress now counts for the successor, under its own code.
    assert _rows(successor, "SELECT unit_code, COUNT(*) FROM progress_entry GROUP BY 1") == [
        ("LDLD-MOI", entries)
    ]
    assert check_file(successor).ok
