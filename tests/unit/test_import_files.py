"""Importing the files offices really have: every format, layout and value the fixtures hold,
read back from the database field by field (the right answers are written out here)."""

from __future__ import annotations

import unicodedata
from pathlib import Path

import pytest

from desktop.importer.plan import ImportRequest
from desktop.store import shared
from tests.unit._import_fixtures import (
    TODAY,
    fixture_copy,
    new_office,
    office_with_unions,
    rows,
    run_import,
)

UNIONS = [
    # name as written, sector, employer type, commune code, workforce, women, founded, chair.
    # The file, written before 01/7/2025, names Ba Tri's old communes; each is stored as the 2025
    # commune that took it over (resources/admin-units/commune-successors-2025.csv): Xã An Đức
    # (29173), Thị trấn Ba Tri (29110) and Xã Vĩnh An (29170) → Xã Ba Tri 29110, Xã Mỹ Hòa
    # (29116) → Xã Mỹ Chánh Hoà 29122; «Xã Tân Xuân» is a 2025 name, 29137.
    (
        "CĐCS Trường Tiểu học An Đức",
        "state",
        "school",
        "29110",
        32,
        25,
        "2005-09-15",
        "Nguyễn Thị Hòa",
    ),
    (
        "Công đoàn cơ sở Công ty TNHH May Ba Tri",
        "non_state",
        "private_enterprise",
        "29110",
        1250,
        980,
        "2018-05-03",
        "Trần Văn Đức",
    ),
    ("CĐ Ủy ban nhân dân xã Mỹ Hòa", "state", "agency", "29122", 18, 7, "2010-01-01", "Lê Văn Ánh"),
    (
        "CĐCS Hợp tác xã Dừa Tân Xuân",
        "non_state",
        "cooperative",
        "29137",
        40,
        12,
        "2023-01-01",
        "Phạm Thị Ân",
    ),
    (
        "Công đoàn cơ sở Trường THCS Vĩnh An",
        "state",
        "school",
        "29110",
        45,
        30,
        "2024-02-20",
        "Võ Văn Bình",
    ),
]
UNION_SQL = (
    "SELECT name, sector, employer_type, commune_code, workforce_total, workforce_women, "
    "founded_on, chair_name FROM grassroots_union ORDER BY rowid"
)


@pytest.mark.parametrize("name", ["unions.xlsx", "unions.ods"])
def test_unions_under_title_rows_two_row_header_marks_and_a_total_row(
    tmp_path: Path, name: str
) -> None:
    db_path = new_office(tmp_path)
    outcome = run_import(
        db_path, ImportRequest("unions", fixture_copy(tmp_path, name), today=TODAY)
    )
    assert rows(db_path, UNION_SQL) == UNIONS  # "Tổng cộng" and the signature lines are not unions
    assert outcome.summary == (
        "Đọc 5 dòng dữ liệu ở trang tính «Danh sách CĐCS» (dòng tiêu đề: 5).",
        "Thêm mới: 5 công đoàn cơ sở.",
        "2 ngày chỉ ghi năm hoặc tháng/năm: lấy ngày 01 (và tháng 01 nếu chỉ có năm).",
    )


MEMBER_SQL = (
    "SELECT m.full_name, m.gender, m.birth_date, m.citizen_id, m.joined_on, m.phone, g.name, "
    "e.kind, e.event_date FROM member m JOIN grassroots_union g ON g.id = m.union_id "
    "JOIN member_event e ON e.member_id = m.id ORDER BY m.rowid"
)
SCHOOL = "CĐCS Trường Tiểu học An Đức"
MAY = "Công đoàn cơ sở Công ty TNHH May Ba Tri"
HTX = "CĐCS Hợp tác xã Dừa Tân Xuân"


@pytest.mark.parametrize("name", ["members.xlsx", "members.xlsm"])
def test_members_with_birth_years_under_nam_nu_and_ids_that_became_numbers(
    tmp_path: Path, name: str
) -> None:
    db_path = office_with_unions(tmp_path)
    outcome = run_import(
        db_path, ImportRequest("members", fixture_copy(tmp_path, name), today=TODAY)
    )
    assert rows(db_path, MEMBER_SQL) == [
        # 83085001234 (a number) gets its zero back; 913456789 its leading 0
        (
            "Nguyễn Văn Đức",
            "male",
            "1985-01-01",
            "083085001234",
            "2010-03-12",
            "0913456789",
            SCHOOL,
            "admitted",
            "2010-03-12",
        ),
        # double and non-breaking spaces collapsed; "truong tieu hoc an duc" finds the school
        (
            "Trần Thị Hoà",
            "female",
            "1990-01-01",
            "083190005678",
            "2015-06-01",
            "0913 456 780",
            SCHOOL,
            "admitted",
            "2015-06-01",
        ),
        # typed NFD, stored NFC; 1192004321 (province 001) gets two zeros back; d/m/yyyy text
        (
            "Lê Thị Ánh",
            "female",
            "1992-01-01",
            "001192004321",
            "2016-07-05",
            "",
            MAY,
            "admitted",
            "2016-07-05",
        ),
        # "83078012345.0" written out as text; joined "2024" alone is 01/01/2024
        (
            "Phạm Văn Bình",
            "male",
            "1978-01-01",
            "083078012345",
            "2024-01-01",
            "",
            MAY,
            "admitted",
            "2024-01-01",
        ),
        (
            "Hồ Thị Thủy",
            "female",
            "2001-01-01",
            "083301009876",
            "2024-01-15",
            "",
            HTX,
            "admitted",
            "2024-01-15",
        ),
        (
            "Võ Văn An",
            "male",
            "1999-01-01",
            "",
            "2024-02-20",
            "",
            "CĐ Ủy ban nhân dân xã Mỹ Hòa",
            "admitted",
            "2024-02-20",
        ),
    ]
    names = [r[0] for r in rows(db_path, "SELECT full_name FROM member")]
    assert all(unicodedata.is_normalized("NFC", n) for n in names)
    assert outcome.summary == (
        "Đọc 6 dòng dữ liệu ở trang tính «Đoàn viên» (dòng tiêu đề: 4).",
        "Thêm mới: 6 đoàn viên.",
        "Đã thêm lại số 0 ở đầu cho 3 số CCCD bị lưu dạng số.",
        "7 ngày chỉ ghi năm hoặc tháng/năm: lấy ngày 01 (và tháng 01 nếu chỉ có năm).",
    )


GENDER_WORDS = [
    ("Nguyễn Văn Đức", "male", "1985-04-05", "083085001234", "2010-03-12", SCHOOL),
    ("Trần Thị Hoà", "female", "1990-08-07", "083190005678", "2015-06-01", SCHOOL),
    ("Lê Thị Mai", "female", "1992-01-02", "001192004321", "2016-07-05", HTX),
    ("Phạm Văn Bình", "male", "1978-09-03", "083078012345", "2024-01-01", MAY),
]
SHORT_SQL = (
    "SELECT m.full_name, m.gender, m.birth_date, m.citizen_id, m.joined_on, g.name FROM member m "
    "JOIN grassroots_union g ON g.id = m.union_id ORDER BY m.rowid"
)


def test_legacy_xls_with_gender_words_in_any_case(tmp_path: Path) -> None:
    db_path = office_with_unions(tmp_path)
    run_import(
        db_path, ImportRequest("members", fixture_copy(tmp_path, "members-gender.xls"), today=TODAY)
    )
    assert rows(db_path, SHORT_SQL) == GENDER_WORDS


def test_tcvn3_text_is_converted_and_the_summary_says_so(tmp_path: Path) -> None:
    db_path = office_with_unions(tmp_path)
    outcome = run_import(
        db_path, ImportRequest("members", fixture_copy(tmp_path, "members-tcvn3.xls"), today=TODAY)
    )
    assert rows(db_path, SHORT_SQL) == GENDER_WORDS
    assert "Đã chuyển 15 ô từ bảng mã TCVN3 (ABC) sang Unicode." in outcome.summary


def test_vni_text_is_converted_for_a_list_of_one_union(tmp_path: Path) -> None:
    db_path = office_with_unions(tmp_path)
    outcome = run_import(
        db_path,
        ImportRequest(
            "members",
            fixture_copy(tmp_path, "members-vni.xlsx"),
            union_name="Trường THCS Vĩnh An",
            today=TODAY,
        ),
    )
    school = "Công đoàn cơ sở Trường THCS Vĩnh An"
    assert rows(db_path, SHORT_SQL) == [
        ("Nguyễn Văn Đức", "male", "1985-04-05", "", "2010-03-12", school),
        ("Trần Thị Hòa", "female", "1990-08-07", "", "2015-06-01", school),
        ("Phạm Văn Bình", "male", "1978-09-03", "", "2024-02-01", school),
    ]
    assert "Đã chuyển 8 ô từ bảng mã VNI sang Unicode." in outcome.summary


def test_ods_with_a_numbering_row_and_x_marks_for_gender(tmp_path: Path) -> None:
    db_path = office_with_unions(tmp_path)
    run_import(
        db_path,
        ImportRequest(
            "members",
            fixture_copy(tmp_path, "members-numbered.ods"),
            union_name="CĐCS Trường THCS Vĩnh An",
            today=TODAY,
        ),
    )
    school = "Công đoàn cơ sở Trường THCS Vĩnh An"
    assert rows(db_path, SHORT_SQL) == [
        ("Đỗ Văn Hải", "male", "1980-05-15", "083080678231", "2006-09-01", school),
        ("Ngô Thị Lệ", "female", "1995-11-30", "083195000777", "2020-08-15", school),
        ("Bùi Văn Khoa", "male", "2000-02-29", "083200000888", "2024-03-08", school),
    ]


@pytest.mark.parametrize(
    "name", ["members-utf8-bom.csv", "members-utf8.csv", "members-utf16.txt", "members-cp1258.csv"]
)
def test_text_files_in_every_encoding_excel_writes(tmp_path: Path, name: str) -> None:
    db_path = office_with_unions(tmp_path)
    run_import(db_path, ImportRequest("members", fixture_copy(tmp_path, name), today=TODAY))
    assert rows(db_path, SHORT_SQL) == [
        ("Nguyễn Văn Đức", "male", "1985-04-05", "083085001234", "2010-03-12", SCHOOL),
        ("Trần Thị Hoà", "female", "1990-08-07", "083190005678", "2015-06-01", SCHOOL),
    ]


def test_a_workbook_that_opens_on_its_instructions(tmp_path: Path) -> None:
    db_path = office_with_unions(tmp_path)
    outcome = run_import(
        db_path,
        ImportRequest("members", fixture_copy(tmp_path, "members-two-sheets.xlsx"), today=TODAY),
    )
    assert outcome.summary[0] == "Đọc 2 dòng dữ liệu ở trang tính «Danh sách» (dòng tiêu đề: 1)."
    assert [r[0] for r in rows(db_path, SHORT_SQL)] == ["Lý Văn Sang", "Tạ Thị Ngọc"]


def test_vni_text_in_a_western_code_page_csv(tmp_path: Path) -> None:
    db_path = office_with_unions(tmp_path)
    outcome = run_import(
        db_path,
        ImportRequest("members", fixture_copy(tmp_path, "members-vni-cp1252.csv"), today=TODAY),
    )
    assert [(r[0], r[1], r[5]) for r in rows(db_path, SHORT_SQL)] == [
        ("Nguyễn Văn Đức", "male", SCHOOL),
        ("Trần Thị Hòa", "female", SCHOOL),
        ("Phạm Văn Bình", "male", SCHOOL),
    ]
    assert "Đã chuyển 12 ô từ bảng mã VNI sang Unicode." in outcome.summary


@pytest.mark.parametrize(
    "name", ["members-printed.xlsx", "members-printed.xls", "members-printed.ods"]
)
def test_a_list_as_another_office_prints_it(tmp_path: Path, name: str) -> None:
    db_path = office_with_unions(tmp_path)
    outcome = run_import(
        db_path, ImportRequest("members", fixture_copy(tmp_path, name), today=TODAY)
    )
    assert rows(db_path, SHORT_SQL) == [
        # the union from the heading above the group; only women are marked in «Nữ»
        ("Tống Công Minh", "male", "1988-02-03", "083088004411", "2012-05-01", SCHOOL),
        ("Trần Thị Hương", "female", "1991-08-07", "083191005679", "2015-06-01", SCHOOL),
        # the union merged down over its two members' rows
        ("Lê Văn Ba", "male", "1982-03-01", "083082004422", "2010-01-01", MAY),
        ("Phạm Thị Bốn", "female", "1983-04-01", "083183004433", "2010-01-01", MAY),
    ]  # the letterhead, subtotals, the repeated header and the signers are none of them
    assert outcome.summary[0] == "Đọc 4 dòng dữ liệu ở trang tính «Danh sách» (dòng tiêu đề: 3)."
    assert "  B «Họ và tên» → Họ và tên" in outcome.columns
    assert (
        "Bỏ qua 1 dòng tên nhóm (như «Công đoàn cơ sở Trường Tiểu học An Đức»): không phải bản ghi."
        in outcome.summary
    )


def test_unions_under_sector_headings_with_subtotals(tmp_path: Path) -> None:
    db_path = new_office(tmp_path)
    outcome = run_import(
        db_path, ImportRequest("unions", fixture_copy(tmp_path, "unions-grouped.xlsx"), today=TODAY)
    )
    assert rows(
        db_path, "SELECT name, workforce_total, workforce_women, founded_on FROM grassroots_union"
    ) == [
        ("CĐCS Trường Mầm non Tân Xuân", 25, 24, "2001-01-01"),
        ("CĐCS Cơ quan UBND xã Tân Xuân", 30, 12, "1990-01-01"),
        ("CĐCS Công ty TNHH Dừa Ba Tri", 300, 120, "2015-01-01"),
    ]
    assert "Bỏ qua 2 dòng tên nhóm (như «KHỐI HÀNH CHÍNH SỰ NGHIỆP»): không phải bản ghi." in (
        outcome.summary
    )


def test_the_apps_own_member_list_reads_back(tmp_path: Path) -> None:
    from datetime import date

    from desktop.reports.catalogue import build_report, write_report

    db_path = office_with_unions(tmp_path)
    run_import(
        db_path, ImportRequest("members", fixture_copy(tmp_path, "members.xlsx"), today=TODAY)
    )
    printed = tmp_path / "danh-sach.xlsx"
    report = build_report("member-list", shared(db_path), "2024-06", issued_on=date(2024, 6, 30))
    write_report(report, printed, "xlsx")
    # The union of each group is a heading row there, not a column.
    again = run_import(db_path, ImportRequest("members", printed, today=TODAY), dry_run=True)
    assert (again.added, again.kept) == (0, 6)
