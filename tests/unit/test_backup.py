"""backup / restore: checked copies, refusals that leave the data as it was."""

from __future__ import annotations

import contextlib
import sqlite3
from pathlib import Path

import pytest

from desktop.app import main


def _members(path: Path) -> list[str]:
    with sqlite3.connect(path) as con:
        return sorted(
            r[0] for r in con.execute("SELECT full_name FROM member WHERE deleted_at IS NULL")
        )


def test_backup_then_restore_brings_back_every_member(
    tmp_path: Path, small_district: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    db = tmp_path / "office.sqlite"
    db.write_bytes(small_district.read_bytes())
    original = _members(db)
    out = tmp_path / "saoluu" / "2024-12.sqlite"
    assert main(["backup", "--db", str(db), "--out", str(out)]) == 0
    assert "Đã sao lưu 13 đoàn viên" in capsys.readouterr().out  # 12 + the tombstone row

    with sqlite3.connect(db) as con:
        con.execute("DELETE FROM member_event")
        con.execute("DELETE FROM member")
    assert _members(db) == []

    assert main(["restore", str(out), "--db", str(db)]) == 0
    said = capsys.readouterr().out
    assert "Đã khôi phục" in said and "Dữ liệu trước khi khôi phục được giữ tại" in said
    assert _members(db) == original
    safety = next(tmp_path.glob("office.truoc-khoi-phuc-*.sqlite"))
    assert _members(safety) == []  # the state just before the restore is kept too
    with sqlite3.connect(db) as con:
        last = con.execute(
            "SELECT action, detail FROM audit_event ORDER BY id DESC LIMIT 1"
        ).fetchone()
    con.close()
    assert last == ("restore_backup", f"từ {out}; bản trước khi khôi phục: {safety}")
    from tests.unit._check import check_file

    assert check_file(db).ok  # the restored trail goes on, chained


def test_backup_never_overwrites(
    tmp_path: Path, small_district: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "b.sqlite"
    out.write_text("bản cũ", encoding="utf-8")
    assert main(["backup", "--db", str(small_district), "--out", str(out)]) == 1
    assert "đã tồn tại" in capsys.readouterr().err
    assert out.read_text(encoding="utf-8") == "bản cũ"


def test_restore_refuses_a_damaged_or_foreign_file_and_keeps_the_data(
    tmp_path: Path, small_district: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    db = tmp_path / "office.sqlite"
    db.write_bytes(small_district.read_bytes())
    before = db.read_bytes()
    junk = tmp_path / "junk.sqlite"
    junk.write_bytes(b"PK\x03\x04 not a database at all" * 50)
    assert main(["restore", str(junk), "--db", str(db)]) == 1
    assert "không phải bản sao lưu Union Desk" in capsys.readouterr().err
    other = tmp_path / "other.sqlite"
    sqlite3.connect(other).execute("CREATE TABLE notes (x)").connection.close()
    assert main(["restore", str(other), "--db", str(db)]) == 1
    assert db.read_bytes() == before
    assert list(tmp_path.glob("*.truoc-khoi-phuc-*")) == []


def test_restore_of_an_older_schema_opens_upgraded(tmp_path: Path) -> None:
    from desktop.migrations import HEAD
    from desktop.store import Store
    from desktop.store.schema import schema_revision

    dump = Path(__file__).resolve().parents[1] / "fixtures" / "schema" / "0001_initial.sql"
    old = tmp_path / "old-backup.sqlite"
    with sqlite3.connect(old) as con:
        con.executescript(dump.read_text(encoding="utf-8"))
    db = tmp_path / "office.sqlite"
    assert main(["restore", str(old), "--db", str(db)]) == 0
    Store(db).close()
    assert schema_revision(db) == HEAD
    assert _members(db) == ["Lê Thị Ánh", "Nguyễn Văn Đức", "Trần Thị Hoà"]


def test_a_backup_is_one_file_and_a_cancelled_one_leaves_nothing(
    tmp_path: Path, small_district: Path
) -> None:
    from desktop.errors import Cancelled
    from desktop.services.backup import backup

    seen: list[float] = []
    out = tmp_path / "saoluu" / "ban.sqlite"
    info = backup(small_district, out, seen.append)
    assert seen[-1] == 1.0 and info.members == 13
    with contextlib.closing(sqlite3.connect(f"file:{out}?mode=ro", uri=True)) as con:
        # Not WAL: the copy carries everything in its one file, nothing to lose beside it.
        assert con.execute("PRAGMA journal_mode").fetchone()[0] == "delete"
    assert sorted(p.name for p in out.parent.iterdir()) == ["ban.sqlite"]

    def cancel(_fraction: float) -> None:
        raise Cancelled()

    stopped = tmp_path / "saoluu" / "huy.sqlite"
    with pytest.raises(Cancelled):
        backup(small_district, stopped, cancel)
    assert sorted(p.name for p in out.parent.iterdir()) == ["ban.sqlite"]


@pytest.mark.parametrize("command", ["backup", "restore"])
def test_a_server_database_is_sent_to_its_own_tools(
    command: str, pg_url: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    with_password = pg_url.replace("postgres@", "postgres:bí-mật@", 1)
    label = pg_url.replace("postgres@", "postgres:***@", 1)
    given = ["--out", str(tmp_path / "x.sqlite")] if command == "backup" else [str(tmp_path)]
    assert main([command, "--db", with_password, *given]) == 2
    said = capsys.readouterr().err
    assert said.strip() == (
        f"{label} là cơ sở dữ liệu PostgreSQL: sao lưu và phục hồi bằng công cụ của máy chủ "
        f"(pg_dump, pg_restore), không bằng lệnh {command}."
    )
    assert "bí-mật" not in said
    assert list(tmp_path.iterdir()) == []


def test_a_restore_under_an_open_window_is_what_the_window_then_reads_and_writes(
    tmp_path: Path, small_district: Path
) -> None:
    """The window keeps one handle on its file; after a restore it must read the restored data
    and its next change must land in the restored file, not in the file the restore replaced."""
    from sqlalchemy import text

    from desktop.services.backup import backup, restore
    from desktop.store import Store, shared

    db = tmp_path / "office.sqlite"
    db.write_bytes(small_district.read_bytes())
    saved = tmp_path / "saoluu.sqlite"
    backup(db, saved)
    window = shared(db)
    with window.unit_of_work() as uow:
        uow.connection.execute(text("UPDATE member SET full_name = 'Sửa sau sao lưu'"))

    restore(saved, db)

    again = shared(db)
    with again.reading() as con:
        names = {r[0] for r in con.execute(text("SELECT full_name FROM member"))}
    assert "Sửa sau sao lưu" not in names and "Nguyễn Văn Đức" in names
    with again.unit_of_work() as uow:
        uow.connection.execute(
            text("UPDATE member SET full_name = 'Sửa sau khôi phục' WHERE full_name = :n"),
            {"n": "Nguyễn Văn Đức"},
        )
    with Store(db, migrate=False) as fresh, fresh.reading() as con:
        found = con.execute(
            text("SELECT COUNT(*) FROM member WHERE full_name = 'Sửa sau khôi phục'")
        ).scalar()
    assert found == 1
