"""An import into a database that cannot be written says so, and is not taken for a busy one."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from desktop.app import main
from tests.unit._import_fixtures import count, office_with_unions


def test_an_import_into_a_read_only_database_is_not_called_busy(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    db = office_with_unions(tmp_path)
    source = tmp_path / "ds.csv"
    source.write_text(
        "Họ và tên,Giới tính,Ngày sinh,Ngày vào công đoàn,Công đoàn cơ sở\n"
        "Nguyễn Văn An,Nam,01/01/1990,01/01/2020,CĐCS Trường Tiểu học An Đức\n",
        encoding="utf-8",
    )
    from desktop.store import handle as store_handle

    real = store_handle.sqlite_engine

    def read_only(path: Path, **kwargs: Any) -> Any:
        engine = real(path, **kwargs)
        from sqlalchemy import event

        @event.listens_for(engine, "connect")
        def _query_only(dbapi_connection: Any, _record: object) -> None:
            dbapi_connection.execute("PRAGMA query_only = ON")

        return engine

    monkeypatch.setattr(store_handle, "sqlite_engine", read_only)
    assert main(["import", "members", str(source), "--db", str(db)]) == 1
    err = capsys.readouterr().err
    assert "một thao tác khác đang ghi" not in err
    assert "Traceback" not in err
    assert "chỉ đọc" in err, err
    monkeypatch.undo()
    assert count(db, "member") == 0
