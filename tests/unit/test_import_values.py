"""Cell values as offices type them, and the layouts around them, one rule at a time."""

from __future__ import annotations

from datetime import date

import pytest

from desktop.importer import legacy
from desktop.importer.header import find_header
from desktop.importer.read import Sheet
from desktop.importer.unions import union_key
from desktop.importer.values import ValueProblem, parse_citizen_id, parse_date, parse_gender


@pytest.mark.parametrize(
    ("typed", "gender", "born", "number", "padded"),
    [
        (83085001234, "male", date(1985, 4, 5), "083085001234", True),  # one zero lost
        (1192004321, "female", date(1992, 1, 2), "001192004321", True),  # province 001: two
        (83085001234.0, "male", date(1985, 4, 5), "083085001234", True),
        ("83085001234.0", "male", date(1985, 4, 5), "083085001234", True),
        ("083 085 001 234", "male", date(1985, 4, 5), "083085001234", False),
        ("083085001234", "male", None, "083085001234", False),
    ],
)
def test_citizen_ids_get_back_the_zeros_a_number_lost(
    typed: object, gender: str, born: date | None, number: str, padded: bool
) -> None:
    found = parse_citizen_id(typed, gender, born)
    assert (found.number, found.padded) == (number, padded)


@pytest.mark.parametrize(
    ("typed", "gender", "born", "message"),
    [
        ("8.30807E+10", "male", None, "ở dạng số mũ nên đã mất chữ số"),
        ("8,30807E+10", "male", None, "ở dạng số mũ nên đã mất chữ số"),
        (83085001234.5, "male", None, "có phần thập phân"),
        # Padded, 99… is no province: the zeros are not put back, the 11 digits are refused.
        (99085001234, "male", date(1985, 1, 1), "có 11 chữ số; cần đúng 12 chữ số"),
        # Padded, the year digits disagree with the birth year: refused, not silently fixed.
        (83085001234, "male", date(1986, 1, 1), "có 11 chữ số; cần đúng 12 chữ số"),
        ("083185001234", "male", date(1985, 1, 1), "là của nữ, nhưng giới tính đã nhập là nam"),
    ],
)
def test_citizen_ids_that_cannot_be_trusted_are_refused(
    typed: object, gender: str, born: date | None, message: str
) -> None:
    with pytest.raises(ValueProblem, match=message):
        parse_citizen_id(typed, gender, born)


@pytest.mark.parametrize(
    ("typed", "day", "partial"),
    [
        (date(1990, 8, 7), date(1990, 8, 7), False),
        ("07/08/1990", date(1990, 8, 7), False),
        ("7/8/1990", date(1990, 8, 7), False),
        ("07-08-1990", date(1990, 8, 7), False),
        ("1990-08-07", date(1990, 8, 7), False),
        ("08/1990", date(1990, 8, 1), True),
        ("1990", date(1990, 1, 1), True),
        (1990, date(1990, 1, 1), True),
        (33092, date(1990, 8, 7), False),  # a date cell that lost its format shows Excel's count
    ],
)
def test_dates_as_cells_text_or_a_year(typed: object, day: date, partial: bool) -> None:
    found = parse_date(typed)
    assert (found.value, found.partial) == (day, partial)


@pytest.mark.parametrize(
    ("typed", "message"),
    [
        ("31/02/1990", "không có thật"),
        ("07/08/90", "năm cần đủ 4 chữ số"),
        ("mùng 7 tháng 8", "không phải ngày"),
        ("01/01/1850", "Năm 1850 không hợp lệ"),
    ],
)
def test_impossible_dates_are_refused(typed: str, message: str) -> None:
    with pytest.raises(ValueProblem, match=message):
        parse_date(typed)


@pytest.mark.parametrize("typed", ["Nam", "NAM", "nam", " Nam "])
def test_male_in_any_case(typed: str) -> None:
    assert parse_gender(typed) == "male"


@pytest.mark.parametrize("typed", ["Nữ", "NỮ", "nữ", "nu", "Nu\u0303"])
def test_female_in_any_case_and_form(typed: str) -> None:
    assert parse_gender(typed) == "female"


def test_union_names_compare_without_case_tones_spacing_or_prefix() -> None:
    key = union_key("Trường THCS Thạnh Phong")
    for written in (
        "CĐCS Trường THCS Thạnh Phong",
        "Công đoàn cơ sở  Trường THCS Thạnh Phong",
        "CĐ trường thcs thanh phong",
        "cdcs TRUONG THCS THANH PHONG",
    ):
        assert union_key(written) == key
    assert union_key("Trường THCS Thạnh Phú") != key


def test_a_unicode_sheet_is_never_taken_for_legacy_text() -> None:
    # "Hoàng" reads as VNI "Hồng" and "Giám" holds only Latin-1 letters: one sheet of real
    # Unicode names must come through untouched.
    texts = ["Hoàng Văn Tám", "Giám đốc", "Nguyễn Thị Hoà", "Lê Thị Ánh", "Trần Văn Út"]
    assert legacy.detect(texts) is None


def test_tcvn3_and_vni_are_told_apart() -> None:
    tcvn3 = ["NguyÔn V¨n §øc", "TrÇn ThÞ Hoµ", "Giíi tÝnh"]
    vni = ["Nguyeãn Vaên Ñöùc", "Traàn Thò Hoøa", "Giôùi tính"]
    assert legacy.detect(tcvn3) == legacy.TCVN3
    assert [legacy.convert(t, legacy.TCVN3) for t in tcvn3] == [
        "Nguyễn Văn Đức",
        "Trần Thị Hoà",
        "Giới tính",
    ]
    assert legacy.detect(vni) == legacy.VNI
    assert [legacy.convert(t, legacy.VNI) for t in vni] == [
        "Nguyễn Văn Đức",
        "Trần Thị Hòa",
        "Giới tính",
    ]


def test_a_header_over_two_rows_with_groups_left_unmerged() -> None:
    # As .ods and .csv give it: no merges known, the group's label with empty cells to its right.
    sheet = Sheet(
        "DS",
        [
            ["DANH SÁCH ĐOÀN VIÊN"],
            ["STT", "Họ và tên", "Năm sinh", "", "Số CCCD", "Công đoàn cơ sở"],
            ["", "", "Nam", "Nữ"],
            ["(1)", "(2)", "(3)", "(4)", "(5)", "(6)"],
            [1, "Nguyễn Văn Đức", 1985, "", "083085001234", "CĐCS Trường Tiểu học An Đức"],
        ],
    )
    header = find_header(sheet, "members")
    assert (header.excel_row, header.rows, header.data_start) == (2, 2, 4)
    assert {c.title: c.field for c in header.columns} == {
        "STT": "stt",
        "Họ và tên": "full_name",
        "Năm sinh / Nam": "gender_male",
        "Năm sinh / Nữ": "gender_female",
        "Số CCCD": "citizen_id",
        "Công đoàn cơ sở": "union",
    }


def test_a_title_right_above_a_one_row_header_is_not_a_group() -> None:
    sheet = Sheet(
        "Sheet1",
        [
            ["Danh sách đoàn viên công đoàn cơ sở"],
            ["TT", "Họ tên", "Giới tính", "Ngày sinh", "CCCD", "CĐCS"],
            [1, "Nguyễn Văn Đức", "Nam", "05/04/1985", "083085001234", "Trường Tiểu học An Đức"],
        ],
    )
    header = find_header(sheet, "members")
    assert (header.excel_row, header.rows) == (2, 1)
    assert [c.title for c in header.columns][:3] == ["TT", "Họ tên", "Giới tính"]


@pytest.mark.parametrize(
    ("kind", "header", "field"),
    [
        ("members", "Ngày vào Công đoàn (dd/mm/yyyy)", "joined_on"),
        ("members", "Số CCCD/CMND của đoàn viên", "citizen_id"),
        ("members", "Ngày vào", "joined_on"),
        ("members", "Tên đơn vị", "union"),
        # A known phrase inside another column's header is that other column, never this field.
        ("members", "Ngày vào Đảng", None),
        ("members", "Ngày vào ngành", None),
        ("members", "Ngày vào làm việc", None),
        ("members", "Số thẻ BHYT", None),
        ("members", "Họ và tên đệm", "family_name"),
        ("members", "Tên", "given_name"),
        ("unions", "Tên CĐCS (ghi đầy đủ)", "name"),
        ("unions", "Họ tên Chủ tịch CĐCS", "chair_name"),
        ("unions", "SĐT chủ tịch", None),
        ("unions", "Ngày bầu chủ tịch", None),
    ],
)
def test_headers_name_their_field_and_nothing_else(
    kind: str, header: str, field: str | None
) -> None:
    from desktop.importer.synonyms import match_header

    assert match_header(kind, "", header) == field


def test_family_and_given_names_in_two_columns_make_the_full_name(tmp_path) -> None:  # type: ignore[no-untyped-def]
    from desktop.importer.plan import ImportRequest
    from tests.unit._import_fixtures import TODAY, office_with_unions, rows, run_import

    db_path = office_with_unions(tmp_path)
    sheet = tmp_path / "tach-ten.csv"
    sheet.write_text(
        "STT,Họ và tên đệm,Tên,Giới tính,Ngày sinh,Ngày vào Đảng,Ngày vào công đoàn,CĐCS\n"
        "1,Nguyễn Văn,Tám,Nam,01/01/1980,03/02/2010,01/06/2005,Trường Tiểu học An Đức\n",
        encoding="utf-8",
    )
    outcome = run_import(db_path, ImportRequest("members", sheet, today=TODAY))
    assert rows(db_path, "SELECT full_name, joined_on FROM member") == [
        ("Nguyễn Văn Tám", "2005-06-01")
    ]
    assert "  F «Ngày vào Đảng» → (không nhập)" in outcome.columns


def test_a_csv_in_a_windows_code_page_reads_as_vietnamese(tmp_path) -> None:  # type: ignore[no-untyped-def]
    from desktop.importer.read import read_sheet

    # cp1258 (Vietnamese Windows): "Nguyễn Văn Đức" with its tones as combining marks.
    cp1258 = tmp_path / "cp1258.csv"
    cp1258.write_bytes(b"Ho\xf2 v\xe0 t\xean\r\nNguy\xea\xden V\xe3n \xd0\xfd\xecc\r\n")
    assert read_sheet(cp1258).rows == [["Họ và tên"], ["Nguyễn Văn Đức"]]
    # cp1252 carrying TCVN3 bytes (a .VnTime list saved as CSV): converted as legacy text.
    tcvn3 = tmp_path / "tcvn3.csv"
    tcvn3.write_bytes(b"H\xe4 t\xaan\r\nNguy\xd4n V\xa8n \xa7\xf8c\r\n")
    sheet = read_sheet(tcvn3)
    assert (sheet.legacy, sheet.rows) == ("tcvn3", [["Họ tên"], ["Nguyễn Văn Đức"]])


def test_the_closing_block_is_told_from_a_short_member_row() -> None:
    from desktop.importer.row_kinds import is_signature

    assert is_signature(["", "", "Ba Tri, ngày 05 tháng 01 năm 2024"])
    assert is_signature(["NGƯỜI LẬP BIỂU", "", "", "THỦ TRƯỞNG ĐƠN VỊ"])
    assert is_signature(["", "TM. BAN CHẤP HÀNH"])
    assert is_signature(["", "(Ký và ghi rõ họ tên)"])
    assert not is_signature(["Nguyễn Văn Lập", "Chủ tịch"])  # a member whose job is chair
    assert not is_signature([1, "Trần Thị Ngày", "Nữ"])


@pytest.mark.parametrize(
    ("kind", "group", "header", "field"),
    [
        ("members", "", "Giới tính (Nam/Nữ)", "gender"),
        ("members", "", "Họ", "family_name"),
        ("members", "", "Năm vào CĐ", "joined_on"),
        ("members", "", "Mã CCCD", "citizen_id"),
        ("members", "", "Số điện thoại di động", "phone"),
        ("members", "", "Nữ (đánh x)", "gender_female"),
        ("members", "", "Ngày sinh (dd/mm/yyyy)", "birth_date"),
        ("unions", "", "Lao động (nữ)", "workforce_women"),
        ("unions", "Khu vực", "Ngoài NN", "sector_non_state"),
        ("unions", "Khu vực", "NN", "sector_state"),
    ],
)
def test_more_headers_offices_write(kind: str, group: str, header: str, field: str) -> None:
    from desktop.importer.synonyms import match_header

    assert match_header(kind, group, header) == field


def test_a_phone_pasted_as_text_and_a_date_with_its_midnight() -> None:
    from desktop.importer.members import _phone

    assert _phone("912345678") == "0912345678"
    assert _phone("0912345678") == "0912345678"
    assert _phone("02753861234") == "02753861234"
    assert parse_date("05/04/1986 00:00:00").value == date(1986, 4, 5)


def test_a_tcvn3_sheet_converts_cells_of_only_western_letters_too(tmp_path) -> None:  # type: ignore[no-untyped-def]
    from desktop.importer.read import read_sheet

    lines = [
        "Hä vµ tªn,Chøc vô,C«ng ®oµn c¬ së",
        "NguyÔn V¨n §øc,Gi¸o viªn,Tr\xadêng TiÓu häc An §øc",
        "TrÇn ThÞ H\xad¬ng,KÕ to¸n,Tr\xadêng TiÓu häc An §øc",
        # Only letters Vietnamese Unicode also uses: in a TCVN3 sheet they are TCVN3 as well.
        "Vò Phó Léc,Phã,Tr\xadêng TiÓu häc An §øc",
        "Vâ Tó,B¶o vÖ,Tr\xadêng TiÓu häc An §øc",
    ]
    sheet_file = tmp_path / "tcvn3.csv"
    sheet_file.write_bytes("\r\n".join(lines).encode("cp1252"))
    sheet = read_sheet(sheet_file)
    assert sheet.legacy == "tcvn3"
    assert [row[:2] for row in sheet.rows[3:]] == [["Vũ Phú Lộc", "Phó"], ["Võ Tú", "Bảo vệ"]]
