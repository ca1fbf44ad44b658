"""Quotas and entered values typed on the Chỉ tiêu screen, the pace colour, what is due."""

from __future__ import annotations

import shutil
import sqlite3
from datetime import date
from pathlib import Path

import pytest

from desktop.errors import UserError
from desktop.periods import parse_month
from desktop.programme.entered_values import parse_value
from desktop.programme.pace import (
    BEHIND,
    FAR_BEHIND,
    NO_QUOTA,
    NOT_DUE,
    ON_TRACK,
    PACE_COLOURS,
    PACE_LABELS,
    expected_share,
    expected_text,
    pace,
)
from desktop.services.progress import TargetProgress, progress_for
from desktop.services.targets import due_this_month, set_entry, set_quota, working_period
from desktop.store import shared


@pytest.fixture
def district(small_district: Path, tmp_path: Path) -> Path:
    path = tmp_path / "district.sqlite"
    shutil.copy(small_district, path)
    return path


def _target(report_db: Path, code: str, period: str = "2024-06") -> TargetProgress:
    return next(t for t in progress_for(shared(report_db), period).targets if t.code == code)


@pytest.mark.parametrize(
    ("typed", "value"),
    [("450", 450.0), ("92,5", 92.5), ("1.250", 1250.0), (" 90 % ", 90.0), ("2.5", 2.5), ("", None)],
)
def test_values_typed_the_vietnamese_way(typed: str, value: float | None) -> None:
    assert parse_value(typed, "2a") == value


def test_a_quota_sets_the_percent_and_clearing_it_makes_the_percent_null(district: Path) -> None:
    assert _target(district, "2a").quota is None
    assert set_quota(shared(district), 2024, "2a", "6") == 6.0
    t = _target(district, "2a")
    # 3 admitted by June (Hòa 15/3, Thủy and Ấn 20/2) of a quota of 6.
    assert (t.quota, t.year_to_date, t.percent_of_quota) == (6.0, 3.0, 50.0)
    set_quota(shared(district), 2024, "2a", "12")
    assert _target(district, "2a").percent_of_quota == 25.0
    set_quota(shared(district), 2024, "2a", "")
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
        set_quota(shared(district), 2024, code, typed)
    assert str(exc.value) == says
    with sqlite3.connect(district) as con:
        assert con.execute("SELECT COUNT(*) FROM quota").fetchone()[0] == 0


def test_entered_targets_take_a_value_per_month(district: Path) -> None:
    set_entry(shared(district), "2024-05", "1a", "88")
    set_entry(shared(district), "2024-06", "1a", "91,5")
    june = _target(district, "1a")
    assert (june.month, june.year_to_date) == (91.5, 91.5)
    may = _target(district, "1a", "2024-05")
    assert (may.month, may.year_to_date) == (88.0, 88.0)
    assert _target(district, "1a", "2024-07").month is None
    with pytest.raises(UserError, match="được tính từ hồ sơ"):
        set_entry(shared(district), "2024-06", "2a", "5")


def _progress(pacing: str, quota: float | None, ytd: float | None) -> TargetProgress:
    return TargetProgress(
        "x", "x", "percent", "computed", "upper_union", "", quota, None, ytd, None, pacing
    )


JUNE, DECEMBER = parse_month("2024-06"), parse_month("2024-12")


def test_linear_targets_are_judged_against_the_year_gone_by() -> None:
    assert pace(_progress("linear", 6, 3), JUNE) == ON_TRACK  # half the year, half the quota
    assert pace(_progress("linear", 7, 3), JUNE) == BEHIND  # 43 % ≥ 3/4 of 50 %
    assert pace(_progress("linear", 12, 3), JUNE) == FAR_BEHIND  # 25 %
    assert pace(_progress("linear", 12, 3), parse_month("2024-03")) == ON_TRACK
    assert pace(_progress("linear", 12, 9), DECEMBER) == BEHIND  # the whole quota by December
    assert expected_share("linear", JUNE) == 0.5
    assert expected_text("linear", JUNE) == "đến hết tháng 6 nên đạt khoảng 50 % chỉ tiêu giao"


def test_level_targets_are_judged_against_the_quota_in_every_month() -> None:
    assert pace(_progress("level", 100, 100), parse_month("2024-02")) == ON_TRACK
    assert pace(_progress("level", 100, 80), parse_month("2024-02")) == BEHIND
    assert pace(_progress("level", 100, 50), JUNE) == FAR_BEHIND
    assert expected_share("level", JUNE) == 1.0
    assert expected_text("level", JUNE) == "tỷ lệ cần đạt bằng chỉ tiêu giao ở mọi kỳ"


def test_year_end_targets_are_not_red_before_december() -> None:
    # Ratings come in December: 0 % in June is not late, it is not due.
    assert pace(_progress("year_end", 82, 0), JUNE) == NOT_DUE
    assert pace(_progress("year_end", 82, 90), JUNE) == ON_TRACK  # already there
    assert expected_share("year_end", JUNE) is None
    assert expected_text("year_end", JUNE) == (
        "đánh giá vào cuối năm: trước tháng 12 chưa tính là chậm"
    )
    assert pace(_progress("year_end", 82, 82), DECEMBER) == ON_TRACK
    assert pace(_progress("year_end", 82, 70), DECEMBER) == BEHIND
    assert pace(_progress("year_end", 82, 40), DECEMBER) == FAR_BEHIND
    assert expected_share("year_end", DECEMBER) == 1.0


def test_no_quota_or_no_value_is_not_judged() -> None:
    for pacing in ("linear", "level", "year_end"):
        assert pace(_progress(pacing, 90, None), JUNE) == NO_QUOTA
        assert pace(_progress(pacing, None, 3), JUNE) == NO_QUOTA
        assert pace(_progress(pacing, 0, 3), JUNE) == NO_QUOTA


def test_each_state_has_its_colour_and_label() -> None:
    assert PACE_COLOURS == {
        ON_TRACK: "#2e7d32",
        BEHIND: "#e0a100",
        FAR_BEHIND: "#c62828",
        NOT_DUE: "#5b7fb5",
        NO_QUOTA: "#9aa5b1",
    }
    assert PACE_LABELS == {
        ON_TRACK: "đúng tiến độ",
        BEHIND: "chậm",
        FAR_BEHIND: "chậm nhiều",
        NOT_DUE: "chưa đến kỳ đánh giá",
        NO_QUOTA: "chưa có chỉ tiêu giao",
    }


def test_the_programme_gives_each_target_its_rule(district: Path) -> None:
    rules = {t.code: t.pacing for t in progress_for(shared(district), "2024-06").targets}
    assert rules == {
        **dict.fromkeys(["1a", "1b", "2a", "2b", "3a", "3b", "4", "7", "9a", "9c", "9d"], "linear"),
        **dict.fromkeys(["10", "11"], "linear"),
        **dict.fromkeys(["5", "9e"], "level"),
        **dict.fromkeys(["6a", "6b", "6c", "8", "9b"], "year_end"),
    }


def test_due_this_month_turns_done_as_the_office_works(district: Path) -> None:
    due = {d.key: d for d in due_this_month(shared(district), "2024-12")}
    assert not due["bundle"].done and not due["report"].done
    assert due["bundle"].text == "Xuất gói dữ liệu tháng 12/2024 gửi LĐLĐ tỉnh (màn hình Đồng bộ)"
    # Three live unions, only the Thạnh Phong school rated for 2024.
    assert due["ratings"].text == "2 CĐCS chưa được xếp loại năm 2024"
    from desktop.services.issued_reports import issue

    issue(shared(district), "monthly-progress", "2024-11", printed=False, destination="thang11.pdf")
    issue(shared(district), "member-list", "2024-12", printed=False, destination="ds.xlsx")
    assert not {d.key: d for d in due_this_month(shared(district), "2024-12")}["report"].done
    # Printed, not saved, counts too.
    issue(
        shared(district),
        "monthly-progress",
        "2024-12",
        printed=True,
        destination="máy in Văn phòng",
    )
    due = {d.key: d for d in due_this_month(shared(district), "2024-12")}
    assert due["report"].done
    assert due["report"].text.endswith("— đã lập")
    # Mid-year, last year's ratings are the ones owed: nobody was rated for 2023.
    assert {d.key: d for d in due_this_month(shared(district), "2024-06")}["ratings"].text == (
        "3 CĐCS chưa được xếp loại năm 2023"
    )


def test_the_working_period_is_last_month_or_the_working_years_december(district: Path) -> None:
    progress_for(shared(district), "2024-06")  # loads the 2024 programme: the working year is 2024
    assert working_period(shared(district), date(2026, 11, 25)) == "2024-12"
    assert working_period(shared(district), date(2024, 7, 3)) == "2024-06"
    assert working_period(shared(district), date(2024, 1, 10)) == "2023-12"


def test_the_years_offered_are_the_years_with_records_or_a_programme_and_the_working_periods(
    district: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from desktop.services.dashboard import years_offered
    from desktop.store.probe import Peek
    from tests.unit._programmes import readmit_in_march_2025, ship_2025

    # Unions founded 2001, 2005, 2010, 2024; members' events 2012, 2015–2018, 2020, 2023, 2024;
    # the 2024 programme; and today's year.
    records = (2001, 2005, 2010, 2012, 2015, 2016, 2017, 2018, 2020, 2023, 2024)
    assert years_offered(Peek(district), date(2026, 11, 25)) == (*records, 2026)
    ship_2025(tmp_path, monkeypatch)  # a shipped programme's year, with no record in it yet
    assert years_offered(Peek(district), date(2026, 11, 25)) == (*records, 2025, 2026)
    readmit_in_march_2025(district)
    # In January 2026 the office reports on December 2025: both years are offered.
    assert working_period(shared(district), date(2026, 1, 10)) == "2025-12"
    assert years_offered(Peek(district), date(2026, 1, 10)) == (*records, 2025, 2026)
    # In January 2025 it reports on December 2024.
    assert working_period(shared(district), date(2025, 1, 10)) == "2024-12"
    assert years_offered(Peek(district), date(2025, 1, 10)) == (*records, 2025)
