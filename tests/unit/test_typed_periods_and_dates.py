"""Periods and dates as offices type them (issue: a clerk's first week, points 7 and 8)."""

from __future__ import annotations

from datetime import date

import pytest

from desktop.errors import UserError
from desktop.format import parse_typed_date
from desktop.periods import (
    parse_month,
    parse_period,
    period_argument,
    period_file_stem,
    period_shown,
)


@pytest.mark.parametrize(
    "typed",
    [
        "2024-06",
        "6/2024",
        "06/2024",
        "tháng 6/2024",
        "Tháng 06/2024",
        " tháng  6 / 2024 ",
        "6-2024",
        "06.2024",
        "2024-6",
        "THÁNG 6/2024",
    ],
)
def test_every_way_an_office_writes_june_2024_is_june_2024(typed: str) -> None:
    period = parse_month(typed)
    assert period.text == "2024-06"
    assert (period.first, period.last) == (date(2024, 6, 1), date(2024, 6, 30))


@pytest.mark.parametrize("typed", ["2024", "năm 2024", "Năm 2024"])
def test_a_year_is_a_year(typed: str) -> None:
    period = parse_period(typed)
    assert period.text == "2024"
    assert not period.is_month


@pytest.mark.parametrize("typed", ["13/2024", "0/2024", "2024-13", "tháng sáu", "", "6/24", "1989"])
def test_impossible_periods_are_refused_in_vietnamese(typed: str) -> None:
    with pytest.raises(UserError) as refused:
        parse_period(typed)
    assert "không hợp lệ" in refused.value.message
    assert "06/2024" in refused.value.message


@pytest.mark.parametrize("typed", ["2024", "13/2024", "2024-00", "tháng 6"])
def test_a_month_field_says_a_month_is_wanted(typed: str) -> None:
    with pytest.raises(UserError) as refused:
        parse_month(typed)
    assert refused.value.message == (
        f"Kỳ «{typed}» không hợp lệ: ghi tháng như 06/2024 (hoặc 6/2024, tháng 6/2024, 2024-06)."
    )


def test_the_command_line_takes_mm_yyyy_and_passes_nonsense_on() -> None:
    assert period_argument("06/2024") == "2024-06"
    assert period_argument("2024-06") == "2024-06"
    assert period_argument("abc") == "abc"


def test_fields_show_a_month_as_offices_write_it() -> None:
    assert period_shown("2024-06") == "06/2024"
    assert period_shown("2024") == "2024"


def test_default_file_names_are_vietnamese_words() -> None:
    assert period_file_stem("monthly-progress", "2024-06") == "bao-cao-thang-06-2024"
    assert period_file_stem("year-end-review", "2024") == "bao-cao-tong-ket-nam-2024"
    assert period_file_stem("member-list", "tháng 12/2024") == "danh-sach-doan-vien-12-2024"


@pytest.mark.parametrize(
    "typed",
    ["05/04/2024", "5/4/2024", "05042024", "05.04.2024", "05-04-2024", " 5 / 4 / 2024 "],
)
def test_dates_typed_straight_through(typed: str) -> None:
    assert parse_typed_date(typed) == date(2024, 4, 5)


def test_an_empty_date_is_no_date() -> None:
    assert parse_typed_date("  ") is None


@pytest.mark.parametrize("typed", ["31/02/2024", "5/4/24", "0504202", "hôm qua", "32012024"])
def test_impossible_dates_are_refused(typed: str) -> None:
    with pytest.raises(ValueError):
        parse_typed_date(typed)
