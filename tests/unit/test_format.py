from datetime import date

from desktop.format import money, number, percent, period_label, vn_date


def test_numbers_use_dot_for_thousands_and_comma_for_decimals() -> None:
    assert number(9000) == "9.000"
    assert number(1234567.891, 2) == "1.234.567,89"
    assert number(0) == "0"
    assert number(-3500) == "-3.500"
    assert number(None) == "—"


def test_percent_and_money() -> None:
    assert percent(82.5) == "82,5 %"
    assert percent(100.0) == "100 %"
    assert percent(None) == "—"
    assert money(1_500_000) == "1.500.000 đ"


def test_dates_and_periods() -> None:
    assert vn_date(date(2024, 4, 5)) == "05/04/2024"
    assert vn_date(None) == ""
    assert period_label("2024-03") == "tháng 3/2024"
    assert period_label("2024") == "năm 2024"
