"""Personal data stays private on a shared office PC: files owner-only, no row values in errors
or the log, and what an interrupted write left behind gone at the next start."""

from __future__ import annotations

import logging
import os
import sqlite3
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from desktop import paths
from desktop.app import main
from tests.unit._import_fixtures import office_with_unions

pytestmark = pytest.mark.skipif(os.name != "posix", reason="file modes are POSIX")

SECRET_NAME = "Trần Thị Bí Mật"
SECRET_ID = "083185009999"
HEAD = "Họ và tên,Giới tính,Ngày sinh,Số CCCD,Ngày vào công đoàn,Công đoàn cơ sở,Điện thoại\n"
ROW = f"{SECRET_NAME},Nữ,05/04/1985,{SECRET_ID},12/03/2010,Trường Tiểu học An Đức,\n"


def mode(path: Path) -> int:
    return path.stat().st_mode & 0o777


@pytest.fixture(autouse=True)
def caller_umask() -> Iterator[int]:
    """The umask of whoever calls main (0022 here) must be back when main returns."""
    previous = os.umask(0o022)
    try:
        yield 0o022
    finally:
        os.umask(previous)


def _files(*folders: Path) -> set[Path]:
    return {p for folder in folders for p in folder.rglob("*")}


def test_every_file_and_folder_the_program_writes_is_owner_only(
    tmp_path: Path, private_data_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    os.chmod(private_data_dir, 0o755)  # as an older release left it
    work = tmp_path / "work"
    work.mkdir()
    refused = work / "danh-sach.csv"
    refused.write_text(HEAD + "Nguyễn Văn A,Nam,31/02/1985,,,Không có công đoàn này,\n", "utf-8")
    demo, office = work / "demo.sqlite", work / "don-vi.sqlite"
    monkeypatch.setenv("UNIONDESK_KEY_PASSPHRASE", "Ba Tri 2024 sao lưu")
    report = ["report", "member-list", "--period", "2024-12", "--format", "xlsx"]
    commands = [
        ["demo", str(demo), "--members", "40"],
        ["init", "--db", str(office), "--role", "district", "--unit-code", "A", "--unit-name", "B"],
        ["backup", "--db", str(demo), "--out", str(work / "sao-luu" / "ban-sao.sqlite")],
        [*report, "--out", str(work / "ds.xlsx"), "--db", str(demo)],
        ["import", "members", str(refused), "--db", str(office)],
        ["keys", "backup", "--db", str(office), "--out", str(work / "khoa.ukb")],
    ]
    before = _files(work, private_data_dir)
    codes = [main(argv) for argv in commands]
    assert codes == [0, 0, 0, 0, 1, 0]
    assert os.umask(0o022) == 0o022  # main gave the caller's umask back

    made = _files(work, private_data_dir) - before
    names = {p.name for p in made}
    assert {"demo.sqlite", "don-vi.sqlite", "ban-sao.sqlite", "ds.xlsx", "khoa.ukb"} <= names
    assert any(p.suffix == ".xlsx" and p.parent == work for p in made)  # the error workbook
    wrong = {str(p.relative_to(tmp_path.parent)): oct(mode(p)) for p in made if p.is_file()}
    wrong = {name: m for name, m in wrong.items() if m != "0o600"}
    assert wrong == {}
    folders = {str(p): oct(mode(p)) for p in made if p.is_dir() and mode(p) != 0o700}
    assert folders == {}
    assert mode(private_data_dir) == 0o700


def test_a_database_left_readable_by_all_is_made_owner_only_when_opened(
    tmp_path: Path,
) -> None:
    db = office_with_unions(tmp_path)
    os.chmod(db, 0o644)
    assert main(["check", "--db", str(db)]) == 0
    assert mode(db) == 0o600


def _blocked_office(tmp_path: Path) -> tuple[Path, Path]:
    """An office whose member table refuses every insert, and a list of one person to import."""
    db = office_with_unions(tmp_path)
    with sqlite3.connect(db) as con:
        con.execute(
            "CREATE TRIGGER chan BEFORE INSERT ON member BEGIN SELECT RAISE(ABORT, 'chặn'); END"
        )
    source = tmp_path / "moi.csv"
    source.write_text(HEAD + ROW, encoding="utf-8")
    return db, source


def test_a_failed_write_prints_no_member_data(tmp_path: Path) -> None:
    db, source = _blocked_office(tmp_path)
    done = subprocess.run(
        [sys.executable, "-m", "desktop.app", "import", "members", str(source), "--db", str(db)],
        capture_output=True,
        text=True,
        encoding="utf-8",
        env={**os.environ, "PYTHONPATH": str(Path(__file__).resolve().parents[2])},
    )
    assert done.returncode != 0
    assert "INSERT INTO member" in done.stderr  # the failure is there to see…
    assert SECRET_NAME not in done.stderr  # …without the row that was being written
    assert SECRET_ID not in done.stderr
    assert "1985-04-05" not in done.stderr


def test_the_log_of_an_unexpected_error_holds_no_member_data_and_is_owner_only(
    tmp_path: Path, qapp: object, monkeypatch: pytest.MonkeyPatch
) -> None:
    from desktop.importer.plan import ImportRequest
    from desktop.ui import errors
    from tests.unit._import_fixtures import run_import

    db, source = _blocked_office(tmp_path)
    with pytest.raises(Exception) as failed:
        run_import(db, ImportRequest("members", source))
    shown: list[str] = []
    monkeypatch.setattr(errors.QMessageBox, "exec", lambda box: shown.append(box.text()) or 0)
    # A handler left by an earlier test writes to that test's folder: start from none.
    for handler in list(errors.log.handlers):
        if isinstance(handler, logging.FileHandler):
            handler.close()
            errors.log.removeHandler(handler)
    log_file = Path(errors.log_file())
    log_file.write_text("", encoding="utf-8")
    os.chmod(log_file, 0o644)  # as an older release left it
    try:
        errors.present_error(None, failed.value)
    finally:
        for handler in list(errors.log.handlers):
            if isinstance(handler, logging.FileHandler):
                handler.close()
                errors.log.removeHandler(handler)
    text = log_file.read_text(encoding="utf-8")
    assert "INSERT INTO member" in text
    assert SECRET_NAME not in text and SECRET_ID not in text
    assert mode(log_file) == 0o600
    assert mode(log_file.parent) == 0o700
    assert str(log_file) in shown[0]


def test_leftovers_of_interrupted_writes_go_at_the_next_start(
    private_data_dir: Path, tmp_path: Path
) -> None:
    office = tmp_path / "van-phong"
    office.mkdir()
    old = time.time() - 3600
    leftovers = [
        private_data_dir / "uniondesk.sqlite.partial",
        private_data_dir / ".loi-nhap.xlsx.tmp",
        private_data_dir / "keys" / "k1.ukey.partial",
        office / "don-vi.sqlite.restoring",
        office / "ban-sao.sqlite.partial",
    ]
    kept = [
        private_data_dir / "uniondesk.sqlite",
        private_data_dir / "ghi-chu.tmp",  # not a name the program writes under
        private_data_dir / "partial.txt",
        office / "don-vi.sqlite",
        office / "con" / "x.partial",  # beside the database only, not every folder under it
    ]
    for path in (*leftovers, *kept):
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(b"x")
        os.utime(path, (old, old))
    busy = private_data_dir / "dang-ghi.sqlite.partial"  # another window writing right now
    busy.write_bytes(b"x")

    assert main(["check", "--db", str(office / "khong-co.sqlite")]) == 1
    assert [p for p in leftovers if p.exists()] == []
    assert [p for p in kept if not p.exists()] == []
    assert busy.exists()


def test_leftover_removal_reports_what_went(private_data_dir: Path) -> None:
    left = private_data_dir / "b.sqlite.partial"
    left.write_bytes(b"x")
    assert paths.remove_leftovers(private_data_dir, now=time.time() + 3600) == [left]
    assert not left.exists()


def _pragma_after_open(monkeypatch: pytest.MonkeyPatch, pragma: str) -> None:
    from desktop.store import handle as db_module

    usual = db_module._sqlite_settings

    def with_limit(connection: sqlite3.Connection, record: object) -> None:
        usual(connection, record)
        connection.execute(pragma)

    monkeypatch.setattr(db_module, "_sqlite_settings", with_limit)


FULL = (
    "Ổ đĩa đã đầy, không ghi được vào cơ sở dữ liệu. Không có gì bị thay đổi; hãy giải phóng chỗ "
    "trống trên ổ đĩa rồi làm lại."
)


def test_a_read_only_database_is_said_in_vietnamese_without_the_values(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    db = office_with_unions(tmp_path)
    _pragma_after_open(monkeypatch, "PRAGMA query_only = ON")
    assert main(["office", "set", "--db", str(db), "--signer-name", SECRET_NAME]) == 1
    assert capsys.readouterr().err.splitlines() == [
        "Không ghi được vào cơ sở dữ liệu (tệp chỉ đọc hoặc tài khoản này không có quyền ghi). "
        "Không có gì bị thay đổi."
    ]


def test_a_full_disk_while_making_a_database_is_said_in_vietnamese(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    _pragma_after_open(monkeypatch, "PRAGMA max_page_count = 2")  # no page more for the schema
    demo = tmp_path / "demo.sqlite"
    assert main(["demo", str(demo), "--members", "40"]) == 1
    assert capsys.readouterr().err.splitlines() == [FULL]
    assert list(tmp_path.iterdir()) == []  # no half-made database in the way
    monkeypatch.undo()  # room again: the same command succeeds
    assert main(["demo", str(demo), "--members", "40"]) == 0
    with sqlite3.connect(demo) as con:
        assert con.execute("SELECT COUNT(*) FROM member").fetchone() == (40,)


def test_a_full_disk_while_writing_a_key_card_leaves_no_partial_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    import errno

    db = tmp_path / "d.sqlite"
    init = ["init", "--db", str(db), "--role", "district", "--unit-code", "A"]
    assert main([*init, "--unit-name", "B"]) == 0
    capsys.readouterr()
    write_bytes = Path.write_bytes

    def disk_full(path: Path, data: bytes) -> int:
        write_bytes(path, data[: len(data) // 2])
        raise OSError(errno.ENOSPC, "No space left on device", str(path))

    monkeypatch.setattr(Path, "write_bytes", disk_full)
    card = tmp_path / "the.json"
    assert main(["keys", "export", "--db", str(db), "--out", str(card)]) == 1
    assert capsys.readouterr().err.splitlines() == [
        f"Ổ đĩa đã đầy, không ghi được tệp {card}.partial. Không có gì bị thay đổi; hãy giải "
        "phóng chỗ trống trên ổ đĩa rồi làm lại."
    ]
    assert sorted(p.name for p in tmp_path.iterdir() if p.name.startswith("the")) == []
