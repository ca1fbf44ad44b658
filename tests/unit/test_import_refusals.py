"""Bad files and bad rows: every problem named by sheet, row and column, nothing written, and the
error workbook beside the input."""

from __future__ import annotations

import hashlib
from pathlib import Path

import pytest
from openpyxl import load_workbook

from desktop.app import main
from desktop.errors import UserError
from desktop.importer.plan import ImportRequest
from tests.unit._import_fixtures import TODAY, count, fixture_copy, office_with_unions, run_import

EXPECTED = [
    "Trang tính «DS», dòng 5, cột «Số CCCD»: Số CCCD «8.30807E+10» ở dạng số mũ nên đã mất chữ "
    "số. Hãy định dạng cột là Văn bản (Text) và gõ lại đủ 12 chữ số.",
    "Trang tính «DS», dòng 6, cột «Ngày sinh»: Ngày «31/02/1990» không có thật (tháng 2 không có "
    "ngày 31).",
    "Trang tính «DS», dòng 7, cột «Công đoàn cơ sở»: Không có công đoàn cơ sở «CĐCS Trường Mầm "
    "non Hoa Sen» đang hoạt động. Hãy nhập danh sách CĐCS trước, hoặc sửa tên cho khớp.",
    "Trang tính «DS», dòng 9, cột «Số CCCD»: Số CCCD 083082000222 trùng với dòng 8.",
    "Trang tính «DS», dòng 10, cột «Số CCCD»: Số CCCD «083090000333»: chữ số thứ tư «0» là của "
    "nam, nhưng giới tính đã nhập là nữ.",
    "Trang tính «DS», dòng 11, cột «Ngày vào công đoàn»: Ngày vào công đoàn 01/01/2099 ở tương "
    "lai.",
    "Trang tính «DS», dòng 12, cột «Ngày vào công đoàn»: Ngày vào công đoàn 01/01/2010 chưa đủ 15 "
    "tuổi (sinh 01/01/2000); kiểm tra lại hai ngày.",
]


def _digest(db_path: Path) -> str:
    import sqlite3

    with sqlite3.connect(db_path) as con:
        dump = "\n".join(con.iterdump())
    return hashlib.sha256(dump.encode()).hexdigest()


def test_every_bad_row_is_named_and_nothing_is_written(tmp_path: Path) -> None:
    db_path = office_with_unions(tmp_path)
    before = _digest(db_path)
    source = fixture_copy(tmp_path, "members-errors.xlsx")
    with pytest.raises(UserError) as refused:
        run_import(db_path, ImportRequest("members", source, today=TODAY))
    lines = refused.value.message.splitlines()
    assert lines[0] == (
        f"Không nhập gì: tệp {source} có 7 lỗi ở trang tính «DS». Sửa các lỗi rồi nhập lại."
    )
    assert lines[1:8] == EXPECTED
    assert lines[8] == (
        "Danh sách lỗi (các dòng gốc, ô lỗi tô đỏ, cột «Lỗi cần sửa») đã ghi vào "
        f"{tmp_path / 'members-errors-loi.xlsx'}."
    )
    assert _digest(db_path) == before  # not a member, an event, an audit row or a mapping


def test_the_error_workbook_keeps_the_rows_and_marks_the_cells(tmp_path: Path) -> None:
    db_path = office_with_unions(tmp_path)
    with pytest.raises(UserError):
        run_import(
            db_path,
            ImportRequest("members", fixture_copy(tmp_path, "members-errors.xlsx"), today=TODAY),
        )
    ws = load_workbook(tmp_path / "members-errors-loi.xlsx").active
    assert ws.title == "DS"
    assert ws["A1"].value == "DANH SÁCH ĐOÀN VIÊN (bản nháp)"
    assert [c.value for c in ws[3]] == [
        "STT",
        "Họ và tên",
        "Giới tính",
        "Ngày sinh",
        "Số CCCD",
        "Ngày vào công đoàn",
        "Công đoàn cơ sở",
        "Lỗi cần sửa",
    ]
    assert ws["B6"].value == "Lê Thị Lan" and ws["D6"].value == "31/02/1990"
    messages = {row: ws.cell(row=row, column=8).value for row in range(4, 13)}
    assert messages[8] is None  # Phan Văn Long's row is right
    assert messages[9] == "Số CCCD: Số CCCD 083082000222 trùng với dòng 8."
    assert messages[6].startswith("Ngày sinh: Ngày «31/02/1990» không có thật")
    red = {
        f"{cell.column_letter}{cell.row}"
        for row in ws.iter_rows()
        for cell in row
        if cell.fill.fgColor.rgb in ("00FFC7CE", "FFFFC7CE")
    }
    assert red == {"E5", "D6", "G7", "E9", "E10", "F11", "F12"}
    assert ws.freeze_panes == "A4"  # the rows down to the header stay in view


def test_the_command_line_refuses_with_exit_1_and_writes_nothing(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    db_path = office_with_unions(tmp_path)
    source = fixture_copy(tmp_path, "members-errors.xlsx")
    assert main(["import", "members", str(source), "--db", str(db_path)]) == 1
    err = capsys.readouterr().err
    for line in EXPECTED:
        assert line in err
    assert count(db_path, "member") == 0


def test_a_file_that_is_not_a_spreadsheet(tmp_path: Path) -> None:
    db_path = office_with_unions(tmp_path)
    fake = tmp_path / "danh-sach.xlsx"
    fake.write_text("Đây là thư, không phải bảng tính.", encoding="utf-8")
    with pytest.raises(UserError, match=r"Tệp .*danh-sach\.xlsx không phải bảng tính đọc được"):
        run_import(db_path, ImportRequest("members", fake))
    pdf = tmp_path / "bao-cao.pdf"
    pdf.write_bytes(b"%PDF-1.4")
    with pytest.raises(UserError, match=r"có đuôi «\.pdf»: chỉ nhận bảng tính"):
        run_import(db_path, ImportRequest("members", pdf))


def test_a_sheet_without_the_columns_a_member_needs(tmp_path: Path) -> None:
    db_path = office_with_unions(tmp_path)
    sheet = tmp_path / "thieu-cot.csv"
    sheet.write_text("Họ và tên,Ngày sinh,Công đoàn cơ sở\nNguyễn Văn A,01/01/1990,X\n", "utf-8")
    with pytest.raises(UserError) as refused:
        run_import(db_path, ImportRequest("members", sheet))
    assert refused.value.message == (
        f"Tệp {sheet}: Trang tính «thieu-cot»: chưa có cột «Giới tính (Nam/Nữ)» (tiêu đề ở dòng 1). Hãy thêm "
        "cột này hoặc chọn cột tương ứng khi ghép cột."
    )


def test_a_members_list_before_its_unions(tmp_path: Path) -> None:
    from tests.unit._import_fixtures import new_office

    db_path = new_office(tmp_path)
    with pytest.raises(UserError) as refused:
        run_import(
            db_path, ImportRequest("members", fixture_copy(tmp_path, "members.xlsx"), today=TODAY)
        )
    assert (
        "Trang tính «Đoàn viên», dòng 6, cột «Công đoàn cơ sở»: Không có công đoàn cơ sở «CĐCS "
        "Trường Tiểu học An Đức» đang hoạt động." in refused.value.message
    )
    assert count(db_path, "member") == 0


def test_the_same_person_twice_without_a_citizen_id(tmp_path: Path) -> None:
    db_path = office_with_unions(tmp_path)
    sheet = tmp_path / "trung.csv"
    sheet.write_text(
        "Họ và tên,Giới tính,Ngày sinh,Ngày vào công đoàn,Công đoàn cơ sở\n"
        "Võ Văn Tư,Nam,01/02/1980,01/01/2010,Trường Tiểu học An Đức\n"
        "Võ Văn Tư,Nam,01/02/1981,01/01/2010,Trường Tiểu học An Đức\n"
        "VÕ VĂN TƯ,Nam,01/02/1980,01/01/2010,CĐCS Trường Tiểu học An Đức\n",
        encoding="utf-8",
    )
    with pytest.raises(UserError) as refused:
        run_import(db_path, ImportRequest("members", sheet, today=TODAY))
    assert refused.value.message.splitlines()[1:2] == [
        "Trang tính «trung», dòng 4, cột «Họ và tên»: Trùng với dòng 2: cùng họ tên, ngày sinh và "
        "công đoàn cơ sở, không có số CCCD. Bỏ dòng trùng, hoặc ghi số CCCD nếu là hai người."
    ]


def test_subtotals_between_groups_are_skipped_and_the_signatures_end_the_list(
    tmp_path: Path,
) -> None:
    from tests.unit._import_fixtures import rows

    db_path = office_with_unions(tmp_path)
    sheet = tmp_path / "nhom.csv"
    sheet.write_text(
        "STT,Họ và tên,Giới tính,Ngày sinh,Ngày vào công đoàn,Công đoàn cơ sở,Chức vụ\n"
        "1,Võ Văn Một,Nam,01/01/1980,01/01/2010,Trường Tiểu học An Đức,Chủ tịch\n"
        "2,Võ Thị Hai,Nữ,01/01/1981,01/01/2010,Trường Tiểu học An Đức,\n"
        "Cộng,,,,,,2\n"
        "3,Lê Văn Ba,Nam,01/01/1982,01/01/2011,Hợp tác xã Dừa Tân Xuân,\n"
        "4,Lê Thị Bốn,Nữ,01/01/1983,01/01/2012,Hợp tác xã Dừa Tân Xuân,\n"
        "Cộng,,,,,,2\n"
        "Tổng cộng,,,,,,4\n"
        ',,,,"Ba Tri, ngày 05 tháng 01 năm 2024",,\n'
        ",NGƯỜI LẬP BIỂU,,,THỦ TRƯỞNG ĐƠN VỊ,,\n"
        ",(Ký và ghi rõ họ tên),,,,,\n"
        ",Nguyễn Văn Lập,,,Trần Văn Trưởng,,\n",
        encoding="utf-8",
    )
    outcome = run_import(db_path, ImportRequest("members", sheet, today=TODAY))
    assert outcome.summary[0] == "Đọc 4 dòng dữ liệu ở trang tính «nhom» (dòng tiêu đề: 1)."
    assert [r[0] for r in rows(db_path, "SELECT full_name FROM member ORDER BY rowid")] == [
        "Võ Văn Một",
        "Võ Thị Hai",
        "Lê Văn Ba",
        "Lê Thị Bốn",
    ]
