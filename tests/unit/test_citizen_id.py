"""Every citizen-ID rule with a number that passes and one that fails."""

from __future__ import annotations

from datetime import date

import pytest

from desktop.citizen_id import century_digit, citizen_id_problems, digits_only

BORN_1985 = date(1985, 4, 2)
BORN_2003 = date(2003, 11, 30)


@pytest.mark.parametrize(
    ("number", "gender", "born"),
    [
        ("083085000101", "male", BORN_1985),  # Bến Tre, man born 1985
        ("001185123456", "female", BORN_1985),  # Hà Nội, woman born 1985
        ("079203000001", "male", BORN_2003),  # Hồ Chí Minh City, man born 2003
        ("096303999999", "female", BORN_2003),  # Cà Mau, woman born 2003
        ("083 085 000101", "male", BORN_1985),  # typed in groups
        ("083085000101", None, None),  # nothing to compare with
        ("", "male", BORN_1985),  # no number at all is not this module's business
    ],
)
def test_valid_numbers_pass(number: str, gender: str | None, born: date | None) -> None:
    assert citizen_id_problems(number, gender, born) == []


@pytest.mark.parametrize(
    ("number", "gender", "born", "says"),
    [
        ("08308500010", "male", BORN_1985, "có 11 chữ số; cần đúng 12"),
        ("0830850001011", "male", BORN_1985, "có 13 chữ số"),
        ("08308500010A", "male", BORN_1985, "chỉ được gồm chữ số"),
        ("099085000101", "male", BORN_1985, "ba số đầu «099» không phải mã tỉnh"),
        ("000085000101", "male", BORN_1985, "ba số đầu «000»"),
        ("083185000101", "male", BORN_1985, "là của nữ, nhưng giới tính đã nhập là nam"),
        ("083085000101", "female", BORN_1985, "là của nam, nhưng giới tính đã nhập là nữ"),
        (
            "083285000101",
            "male",
            BORN_1985,
            "dành cho người sinh 2000–2099, nhưng năm sinh là 1985",
        ),
        (
            "083003000101",
            "male",
            BORN_2003,
            "dành cho người sinh 1900–1999, nhưng năm sinh là 2003",
        ),
        ("083086000101", "male", BORN_1985, "«86» phải là hai số cuối của năm sinh (85)"),
    ],
)
def test_each_rule_names_what_to_fix(number: str, gender: str, born: date, says: str) -> None:
    problems = citizen_id_problems(number, gender, born)
    assert len(problems) == 1
    assert says in problems[0]


def test_helpers() -> None:
    assert digits_only(" 083.085 000101 ") == "083085000101"
    assert [
        century_digit(g, y)
        for g, y in [("male", 1999), ("female", 1900), ("male", 2000), ("female", 2099)]
    ] == [0, 1, 2, 3]


def test_masked_citizen_id_keeps_province_code_and_last_two() -> None:
    from desktop.citizen_id import masked

    assert masked("079190001234") == "079•••••••34"
    assert masked(" 079190001234 ") == "079•••••••34"
    assert masked("1234") == "••••"
    assert masked("") == ""
