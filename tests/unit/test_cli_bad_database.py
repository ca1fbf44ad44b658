"""A --db that is not a database the program can open is said in Vietnamese, never a traceback."""

from __future__ import annotations

from pathlib import Path

import pytest

from desktop.app import main


def test_a_folder_given_as_the_database(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    folder = tmp_path / "x.sqlite"
    folder.mkdir()
    assert main(["progress", "--period", "06/2024", "--db", str(folder)]) == 1
    assert capsys.readouterr().err.strip() == (
        f"{folder} không phải tệp cơ sở dữ liệu (đó là một thư mục); hãy chỉ đúng tệp (--db)."
    )


def test_a_text_file_given_as_the_database(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    text = tmp_path / "ghi-chu.sqlite"
    text.write_text("không phải cơ sở dữ liệu\n" * 200, encoding="utf-8")
    assert main(["progress", "--period", "06/2024", "--db", str(text)]) == 1
    err = capsys.readouterr().err
    assert err.strip() == (
        f"Tệp {text} không phải cơ sở dữ liệu Union Desk (hoặc đã hỏng); hãy chỉ đúng tệp (--db) "
        "hoặc khôi phục từ bản sao lưu. Không có gì bị thay đổi."
    )
    assert text.read_text(encoding="utf-8").startswith("không phải")
