"""Quotas and entered values typed on the Chỉ tiêu screen, the pace colour, what is due."""

from __future__ import annotations

import shutil
import sqlite3
from datetime import date
from pathlib import Path

import pytest

from desktop.errors import UserError
from desktop.periods import parse_month
from desktop.services.audit import record
from desktop.services.progress import TargetProgress, progress_for
from desktop.services.targets import (
    BEHIND,
    FAR_BEHIND,
    NO_QUOTA,
    ON_TRACK,
    due_this_month,
    pace,
    parse_value,
    set_entry,
    set_quota,
    working_period,
)


@pytest.fixture
def district(small_district: Path, tmp_path: Path) -> Path:
    path = tmp_path / "district.sqlite"
    shutil.copy(small_district, path)
    return path


def _target(report_db: Path, code: str, period: str = "2024-06") -> TargetProgress:
    return next(t for t in progress_for(report_db, period).targets if t.code == code)


@pytest.mark.parametrize(
    ("typed", "value"),
    [("450", 450.0), ("92,5", 92.5), ("1.250", 1250.0), (" 90 % ", 90.0), ("2.5", 2.5), ("", None)],
)
def test_values_typed_the_vietnamese_way(typed: str, value: float | None) -> None:
    assert parse_value(typed, "2a") == value


def test_a_quota_sets_the_percent_and_clearing_it_makes_the_percent_null(district: Path) -> None:
    assert _target(district, "2a").quota is None
    assert set_quota(district, 2024, "2a", "6") == 6.0
    t = _target(district, "2a")
    # 3 admitted by June (Hòa 15/3, Thủy and Ấn 20/2) of a quota of 6.
    assert (t.quota, t.year_to_date, t.percent_of_quota) == (6.0, 3.0, 50.0)
    set_quota(district, 2024, "2a", "12")
    assert _target(district, "2a").percent_of_quota == 25.0
    set_quota(district, 2024, "2a", "")
    t = _target(district, "2a")
    assert (t.quota, t.percent_of_quota) == (None, None)
    with sqlite3.connect(district) as con:
        rows = con.execute("SELECT value, deleted_at IS NOT NULL FROM quota").fetchall()
        audit = con.execute(
            "SELECT detail FROM audit_event WHERE action = 'edit' ORDER BY id"
        ).fetchall()
    assert rows == [(12.0, 1)]  # one row kept as a tombstone for the bundle
    assert [a[0] for a in audit] == [
        "chỉ tiêu giao 2a năm 2024 = 6",
        "chỉ tiêu giao 2a năm 2024 = 12",
        "chỉ tiêu giao 2a năm 2024 = (xóa)",
    ]


@pytest.mark.parametrize(
    ("code", "typed", "says"),
    [
        ("2a", "-3", "Chỉ tiêu 2a: giá trị không được âm (-3)."),
        ("2a", "2,5", "Chỉ tiêu 2a đếm số lượng: 2,5 phải là số nguyên."),
        ("1a", "120", "Chỉ tiêu 1a tính bằng phần trăm: 120 vượt quá 100 %."),
        ("2a", "mười", "Chỉ tiêu 2a: «mười» không phải là số; ghi ví dụ 450 hoặc 92,5."),
        ("12z", "5", "Không có chỉ tiêu mã «12z» trong chương trình năm 2024."),
    ],
)
def test_bad_quotas_are_refused_and_nothing_is_written(
    district: Path, code: str, typed: str, says: str
) -> None:
    with pytest.raises(UserError) as exc:
        set_quota(district, 2024, code, typed)
    assert str(exc.value) == says
    with sqlite3.connect(district) as con:
        assert con.execute("SELECT COUNT(*) FROM quota").fetchone()[0] == 0


def test_entered_targets_take_a_value_per_month(district: Path) -> None:
    set_entry(district, "2024-05", "1a", "88")
    set_entry(district, "2024-06", "1a", "91,5")
    june = _target(district, "1a")
    assert (june.month, june.year_to_date) == (91.5, 91.5)
    may = _target(district, "1a", "2024-05")
    assert (may.month, may.year_to_date) == (88.0, 88.0)
    assert _target(district, "1a", "2024-07").month is None
    with pytest.raises(UserError, match="được tính từ hồ sơ"):
        set_entry(district, "2024-06", "2a", "5")


def _progress(unit: str, quota: float | None, ytd: float | None) -> TargetProgress:
    return TargetProgress("x", "x", unit, "computed", "upper_union", "", quota, None, ytd, None)


def test_pace_compares_counts_with_the_year_gone_by_and_rates_with_the_quota() -> None:
    june = parse_month("2024-06")
    assert pace(_progress("count", 6, 3), june) == ON_TRACK  # half the year, half the quota
    assert pace(_progress("count", 7, 3), june) == BEHIND  # 43 % ≥ 3/4 of 50 %
    assert pace(_progress("count", 12, 3), june) == FAR_BEHIND  # 25 %
    assert pace(_progress("count", 12, 3), parse_month("2024-03")) == ON_TRACK
    assert pace(_progress("percent", 90, 85), june) == BEHIND
    assert pace(_progress("percent", 90, 60), june) == FAR_BEHIND
    assert pace(_progress("percent", 90, None), june) == NO_QUOTA
    assert pace(_progress("count", None, 3), june) == NO_QUOTA


def test_due_this_month_turns_done_as_the_office_works(district: Path) -> None:
    due = {d.key: d for d in due_this_month(district, "2024-12")}
    assert not due["bundle"].done and not due["report"].done
    assert due["bundle"].text == "Xuất gói dữ liệu tháng 12/2024 gửi LĐLĐ tỉnh (màn hình Đồng bộ)"
    # Three live unions, only the Thạnh Phong school rated for 2024.
    assert due["ratings"].text == "2 CĐCS chưa được xếp loại năm 2024"
    record(district, "report", "monthly-progress 2024-11 → thang11.pdf")
    assert not {d.key: d for d in due_this_month(district, "2024-12")}["report"].done
    record(district, "report", "monthly-progress 2024-12 → thang12.pdf")
    due = {d.key: d for d in due_this_month(district, "2024-12")}
    assert due["report"].done
    assert due["report"].text.endswith("— đã lập")
    # Mid-year, last year's ratings are the ones owed: nobody was rated for 2023.
    assert {d.key: d for d in due_this_month(district, "2024-06")}["ratings"].text == (
        "3 CĐCS chưa được xếp loại năm 2023"
    )


def test_the_working_period_is_last_month_or_the_working_years_december(district: Path) -> None:
    progress_for(district, "2024-06")  # loads the 2024 programme: the working year is 2024
    assert working_period(district, date(2026, 11, 25)) == "2024-12"
    assert working_period(district, date(2024, 7, 3)) == "2024-06"
    assert working_period(district, date(2024, 1, 10)) == "2023-12"
