"""Writers that cannot race: an import takes the database's write lock before it looks again at
what it decided on, so two imports of one file at once leave each person once; a restore refuses
while another window has the database open and holds the write lock while it keeps a safety copy."""

from __future__ import annotations

import os
import shutil
import socket
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

from desktop.app import main
from desktop.errors import UserError
from desktop.services.backup import window_lock
from desktop.services.importing import ImportRequest, apply
from desktop.services.importing import check as prepare
from desktop.store import Store
from tests.unit._import_fixtures import TODAY, count, office_with_unions, rows

ROOT = Path(__file__).resolve().parents[2]
HEAD = "Họ và tên,Giới tính,Ngày sinh,Số CCCD,Ngày vào công đoàn,Công đoàn cơ sở\n"
PEOPLE = 200


def _members_without_ids(tmp_path: Path) -> Path:
    """200 people with no citizen ID: known again only by name, birth date and union."""
    lines = [
        f"Nguyễn Văn Thử {n},Nam,{1 + n % 28:02d}/{1 + n % 12:02d}/{1970 + n % 30},,"
        "01/03/2020,Trường Tiểu học An Đức\n"
        for n in range(PEOPLE)
    ]
    path = tmp_path / "khong-cccd.csv"
    path.write_text(HEAD + "".join(lines), encoding="utf-8")
    return path


def test_a_plan_made_before_another_import_wrote_is_made_again(tmp_path: Path) -> None:
    db_path = office_with_unions(tmp_path)
    source = _members_without_ids(tmp_path)
    request = ImportRequest("members", source, today=TODAY)
    with Store(db_path) as store:
        stale = prepare(store, request)
        assert len(stale.new) == PEOPLE
        first = apply(store, prepare(store, request))
        assert first.added == PEOPLE

        second = apply(store, stale)

    assert (second.added, second.kept) == (0, PEOPLE)
    assert second.summary[1] == "Thêm mới: 0 đoàn viên."
    assert second.summary[2] == f"Giữ nguyên (đã có, không cập nhật): {PEOPLE} đoàn viên."
    assert count(db_path, "member") == PEOPLE


def test_an_import_that_cannot_get_the_write_lock_writes_nothing_and_says_so(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    db_path = office_with_unions(tmp_path)
    store = Store(db_path)
    plan = prepare(store, ImportRequest("members", _members_without_ids(tmp_path), today=TODAY))
    monkeypatch.setattr("desktop.importer.write.LOCK_WAIT_MS", 200)
    writer = sqlite3.connect(db_path)
    writer.execute("BEGIN IMMEDIATE")
    try:
        with pytest.raises(UserError) as refused:
            apply(store, plan)
    finally:
        writer.rollback()
        writer.close()
        store.close()
    assert str(refused.value) == (
        f"Không nhập được vào {db_path}: một thao tác khác đang ghi vào cơ sở dữ liệu này quá "
        "lâu. Hãy chờ thao tác đó xong rồi nhập lại; chưa có gì được ghi."
    )
    assert count(db_path, "member") == 0


RACER = Path(__file__).with_name("_racing_import.py")


def _import(db_path: Path, source: Path, barrier: Path) -> subprocess.Popen[str]:
    command = [sys.executable, str(RACER), str(barrier), "2", "import", "members", str(source)]
    return subprocess.Popen(
        [*command, "--db", str(db_path)],
        cwd=ROOT,
        env=os.environ | {"PYTHONPATH": str(ROOT)},
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )


def test_two_imports_of_one_file_at_once_add_each_member_once(tmp_path: Path) -> None:
    """Both processes plan before either writes (the test barrier makes sure): the one that gets
    the lock second finds the people the first added and keeps them."""
    original = office_with_unions(tmp_path)
    source = _members_without_ids(tmp_path)
    for run in range(3):
        db_path = tmp_path / f"lan-{run}.sqlite"
        shutil.copyfile(original, db_path)
        barrier = tmp_path / f"hang-rao-{run}"
        barrier.mkdir()
        both = [_import(db_path, source, barrier) for _ in range(2)]
        said = [p.communicate(timeout=300) for p in both]

        assert [p.returncode for p in both] == [0, 0], said
        added = sorted(out.count(f"Thêm mới: {PEOPLE} đoàn viên.") for out, _ in said)
        assert added == [0, 1], said
        assert sum(f"Giữ nguyên (đã có, không cập nhật): {PEOPLE}" in out for out, _ in said) == 1
        assert count(db_path, "member") == PEOPLE
        assert rows(db_path, "SELECT COUNT(DISTINCT full_name) FROM member") == [(PEOPLE,)]
        assert count(db_path, "member_event") == PEOPLE


def _saved_office(tmp_path: Path, small_district: Path) -> tuple[Path, Path]:
    db = tmp_path / "office.sqlite"
    db.write_bytes(small_district.read_bytes())
    out = tmp_path / "saoluu.sqlite"
    assert main(["backup", "--db", str(db), "--out", str(out)]) == 0
    with sqlite3.connect(db) as con:  # what a restore would throw away
        con.execute("UPDATE member SET full_name = 'Sửa sau sao lưu'")
    return db, out


def _window_lock(db: Path, pid: int) -> None:
    """The lock a Union Desk window writes beside the database it has open."""
    window_lock(db).write_text(f"{pid}\nUnion Desk\n{socket.gethostname()}\n", encoding="utf-8")


def _names(db: Path) -> set[str]:
    return {r[0] for r in rows(db, "SELECT full_name FROM member")}  # type: ignore[misc]


def test_restore_refuses_while_another_window_has_the_database_open(
    tmp_path: Path, small_district: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    db, out = _saved_office(tmp_path, small_district)
    capsys.readouterr()
    window = subprocess.Popen([sys.executable, "-c", "import time; time.sleep(120)"])
    try:
        _window_lock(db, window.pid)
        assert main(["restore", str(out), "--db", str(db)]) == 1
    finally:
        window.kill()
        window.wait()
    assert capsys.readouterr().err.strip() == (
        f"Không khôi phục được: cơ sở dữ liệu {db} đang mở trong Union Desk "
        f"(tiến trình {window.pid}) trên máy này. Hãy đóng cửa sổ đó rồi khôi phục lại."
    )
    assert _names(db) == {"Sửa sau sao lưu"}
    assert not list(tmp_path.glob("office.truoc-khoi-phuc-*")) and not list(
        tmp_path.glob("*.restoring")
    )


def test_a_lock_left_by_a_window_that_has_ended_does_not_stop_a_restore(
    tmp_path: Path, small_district: Path
) -> None:
    db, out = _saved_office(tmp_path, small_district)
    ended = subprocess.Popen([sys.executable, "-c", "pass"])
    ended.wait()
    _window_lock(db, ended.pid)
    assert main(["restore", str(out), "--db", str(db)]) == 0
    assert "Sửa sau sao lưu" not in _names(db)


def test_restore_waits_for_a_writer_and_refuses_when_it_does_not_finish(
    tmp_path: Path,
    small_district: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    db, out = _saved_office(tmp_path, small_district)
    capsys.readouterr()
    monkeypatch.setattr("desktop.services.backup.LOCK_WAIT_S", 0.2)
    writer = sqlite3.connect(db)
    writer.execute("BEGIN IMMEDIATE")
    try:
        assert main(["restore", str(out), "--db", str(db)]) == 1
    finally:
        writer.rollback()
        writer.close()
    assert capsys.readouterr().err.strip() == (
        f"Không khôi phục được: một thao tác khác đang ghi vào {db}. "
        "Hãy chờ thao tác đó xong rồi khôi phục lại; chưa có gì thay đổi."
    )
    assert _names(db) == {"Sửa sau sao lưu"}
