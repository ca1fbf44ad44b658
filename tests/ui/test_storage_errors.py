"""A full disk or a read-only database in the window: the same Vietnamese words as the command
line, never "lỗi không mong đợi" and a log entry."""

from __future__ import annotations

import errno
import sqlite3
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtWidgets import QMessageBox
from sqlalchemy import create_engine, text
from sqlalchemy.exc import OperationalError

from desktop.ui import errors


def _database_full(path: Path) -> OperationalError:
    """A real SQLITE_FULL raised through SQLAlchemy: the file may not grow past its pages."""
    engine = create_engine(f"sqlite:///{path}", hide_parameters=True)
    with engine.begin() as con:
        con.execute(text("CREATE TABLE member (name TEXT)"))
    try:
        with engine.begin() as con:
            con.exec_driver_sql("PRAGMA max_page_count = 3")
            with pytest.raises(OperationalError) as full:
                for _ in range(200):
                    con.execute(text("INSERT INTO member VALUES (:n)"), {"n": "Nguyễn " * 200})
            return full.value
    finally:
        engine.dispose()


@pytest.fixture
def shown(monkeypatch: pytest.MonkeyPatch) -> list[tuple[Any, str]]:
    seen: list[tuple[Any, str]] = []
    monkeypatch.setattr(QMessageBox, "exec", lambda box: seen.append((box.icon(), box.text())) or 0)
    monkeypatch.setattr(errors, "setup_logging", lambda: pytest.fail("a storage failure is no bug"))
    return seen


def test_a_full_database_says_the_disk_is_full(
    qapp: object, tmp_path: Path, shown: list[tuple[Any, str]]
) -> None:
    failure = _database_full(tmp_path / "full.sqlite")
    assert isinstance(failure.orig, sqlite3.Error)
    errors.present_error(None, failure)
    assert shown == [
        (
            QMessageBox.Icon.Warning,
            "Ổ đĩa đã đầy, không ghi được vào cơ sở dữ liệu. Không có gì bị thay đổi; hãy giải "
            "phóng chỗ trống trên ổ đĩa rồi làm lại.",
        )
    ]


def test_a_full_disk_while_writing_a_file_names_the_file(
    qapp: object, shown: list[tuple[Any, str]]
) -> None:
    failure = OSError(errno.ENOSPC, "No space left on device", "/media/usb/bao-cao.pdf")
    errors.present_error(None, failure)
    assert shown[0][1].startswith("Ổ đĩa đã đầy, không ghi được tệp /media/usb/bao-cao.pdf.")


def test_a_read_only_database_is_said_so(
    qapp: object, tmp_path: Path, shown: list[tuple[Any, str]]
) -> None:
    path = tmp_path / "ro.sqlite"
    sqlite3.connect(path).execute("CREATE TABLE t (x)").connection.close()
    con = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    with pytest.raises(sqlite3.OperationalError) as refused:
        con.execute("INSERT INTO t VALUES (1)")
    con.close()
    errors.present_error(None, refused.value)
    assert shown[0][1].startswith("Không ghi được vào cơ sở dữ liệu (tệp chỉ đọc")
