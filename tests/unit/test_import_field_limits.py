"""What an import accepts the province accepts: each text field within its column, no control
characters, citizen IDs of ASCII digits only (issue 15's hostile inputs, in the row readers)."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import openpyxl
import pytest

from desktop.app import main
from desktop.citizen_id import citizen_id_problems
from tests.unit._import_fixtures import count, office_with_unions

HEAD = "Họ và tên,Giới tính,Ngày sinh,Số thẻ đoàn viên,Công đoàn cơ sở\n"
UNION = "CĐCS Trường Tiểu học An Đức"


def _import(tmp_path: Path, body: str, capsys: pytest.CaptureFixture[str]) -> tuple[Path, str]:
    db = office_with_unions(tmp_path)
    source = tmp_path / "danh-sach.csv"
    source.write_text(HEAD + body, encoding="utf-8")
    assert main(["import", "members", str(source), "--db", str(db)]) == 1
    assert count(db, "member") == 0
    return source, capsys.readouterr().err


def test_a_card_number_longer_than_its_column_is_refused_with_its_cell(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    source, err = _import(
        tmp_path, f"Nguyễn Văn Đức,Nam,05/04/1985,{'9' * 10_000},{UNION}\n", capsys
    )
    assert "dòng 2" in err and "Số thẻ đoàn viên" in err
    assert "10.000 ký tự" in err and "20 ký tự" in err
    assert len(err) < 3_000  # the cell is quoted short, not printed whole
    book = openpyxl.load_workbook(source.with_name("danh-sach-loi.xlsx"))
    sheet = book.active
    assert sheet is not None
    marks = [c.value for c in sheet[2] if isinstance(c.value, str) and "ký tự" in c.value]
    assert marks, "the error workbook lists the row"


def test_a_name_longer_than_its_column_is_refused(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    name = "Nguyễn " + "A" * 130
    _source, err = _import(tmp_path, f"{name},Nam,05/04/1985,,{UNION}\n", capsys)
    assert "dòng 2" in err and "Họ và tên" in err and "120 ký tự" in err
    assert "Thiếu họ và tên" not in err  # one message for one cell


def test_a_control_character_in_a_name_is_refused_naming_its_cell(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    source, err = _import(tmp_path, f"Nguyễn Văn\x01 Đức,Nam,05/04/1985,,{UNION}\n", capsys)
    assert str(source) in err
    assert "Ô A2 (dòng 2, cột A): có ký tự điều khiển U+0001" in err
    assert "Traceback" not in err


@pytest.mark.parametrize("typed", ["083²85001234", "-083085001234", "--083-085-001234"])
def test_the_member_form_refuses_ids_that_are_no_ids_without_crashing(typed: str) -> None:
    problems = citizen_id_problems(typed, "male", date(1985, 4, 5))
    assert problems == [f"Số CCCD «{typed}» chỉ được gồm chữ số (12 chữ số)."]


def test_an_id_grouped_by_dashes_is_still_an_id() -> None:
    assert citizen_id_problems("083-085-001-234", "male", date(1985, 4, 5)) == []
