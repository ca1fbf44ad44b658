"""Cài đặt's own settings: document numbers per kind and year, the bundle's due day as the
dashboard and Đồng bộ tell it, and each field refused in Vietnamese naming the field."""

from __future__ import annotations

import sqlite3
from contextlib import closing
from datetime import date
from pathlib import Path

import pytest

from desktop.errors import UserError
from desktop.services.accounts import SignedIn, sign_in_as
from desktop.services.preferences import (
    DEFAULT_DUE_DAY,
    bundle_deadline,
    bundle_deadline_text,
    bundle_due_day,
    next_number,
    number_used,
    preference_problems,
    read_preferences,
    update_preferences,
)
from desktop.services.targets import due_this_month
from desktop.store import shared


def _bundle_line(db: Path, period: str, today: date) -> str:
    return {d.key: d for d in due_this_month(shared(db), period, today)}["bundle"].text


def test_numbers_go_on_per_kind_and_start_again_each_january(small_district: Path) -> None:
    assert next_number(shared(small_district), "BC", 2026) == 1  # nothing issued yet
    assert number_used(shared(small_district), "BC", date(2026, 3, 2), "1") == 2
    assert number_used(shared(small_district), "BC", date(2026, 3, 9), "02") == 3
    # A list is its own series: «Số: 01/DS-…» beside «Số: 02/BC-…» is no clash.
    assert next_number(shared(small_district), "DS", 2026) == 1
    assert number_used(shared(small_district), "DS", date(2026, 4, 1), "1") == 2
    # A new year starts again at 1; last year's series stays where it was.
    assert next_number(shared(small_district), "BC", 2027) == 1
    assert number_used(shared(small_district), "BC", date(2027, 1, 5), "1") == 2
    assert next_number(shared(small_district), "BC", 2026) == 3
    # A document issued in late December of the old year, typed in January, counts in its year.
    assert number_used(shared(small_district), "BC", date(2026, 12, 30), "3") == 4
    assert next_number(shared(small_district), "BC", 2027) == 2


def test_a_number_used_never_takes_the_series_back(small_district: Path) -> None:
    update_preferences(shared(small_district), {"next_BC": "15"}, 2026)
    issued = date(2026, 6, 1)
    assert number_used(shared(small_district), "BC", issued, "7") == 15  # an old document again
    assert number_used(shared(small_district), "BC", issued, "") == 15  # room to write by hand
    assert number_used(shared(small_district), "BC", issued, None) == 15
    assert number_used(shared(small_district), "BC", issued, "15a") == 15  # numbered by hand
    assert number_used(shared(small_district), "BC", issued, "15") == 16
    assert number_used(shared(small_district), "BC", issued, "20") == 21  # a jump the clerk chose
    assert read_preferences(shared(small_district), 2026).next_numbers == (("BC", 21), ("DS", 1))


def test_the_due_day_changes_what_the_dashboard_says_is_due(small_district: Path) -> None:
    assert bundle_due_day(shared(small_district)) == DEFAULT_DUE_DAY == 28
    # 10/12/2026, November's bundle not sent: due on the 28th by default.
    today = date(2026, 12, 10)
    assert _bundle_line(small_district, "2026-11", today) == (
        "Xuất gói dữ liệu tháng 11/2026 gửi LĐLĐ tỉnh, hạn 28/12/2026 (màn hình Đồng bộ)"
    )
    update_preferences(shared(small_district), {"due_day": "5"}, 2026)
    assert _bundle_line(small_district, "2026-11", today) == (
        "Xuất gói dữ liệu tháng 11/2026 gửi LĐLĐ tỉnh, quá hạn từ 05/12/2026 (màn hình Đồng bộ)"
    )
    update_preferences(shared(small_district), {"due_day": "15"}, 2026)
    assert _bundle_line(small_district, "2026-11", today) == (
        "Xuất gói dữ liệu tháng 11/2026 gửi LĐLĐ tỉnh, hạn 15/12/2026 (màn hình Đồng bộ)"
    )
    # On the due day itself it is not late yet.
    assert "hạn 15/12/2026" in _bundle_line(small_district, "2026-11", date(2026, 12, 15))
    assert "quá hạn" in _bundle_line(small_district, "2026-11", date(2026, 12, 16))
    # An earlier month (an archive, the demo) owes nothing by a date: the line is as before.
    assert _bundle_line(small_district, "2024-12", today) == (
        "Xuất gói dữ liệu tháng 12/2024 gửi LĐLĐ tỉnh (màn hình Đồng bộ)"
    )


def test_a_sent_bundle_is_done_whatever_the_day(small_district: Path) -> None:
    update_preferences(shared(small_district), {"due_day": "5"}, 2026)
    with closing(sqlite3.connect(small_district)) as con, con:
        con.execute(
            "INSERT INTO sent_bundle (bundle_id, sequence, period, manifest_sha256, "
            "signing_key_id, file_name, record_counts, created_at, state, reason) VALUES "
            "('b1', 1, '2026-11', '', '', 'goi.udb', '{}', '2026-12-04 08:00:00', 'sent', '')"
        )
    done = {d.key: d for d in due_this_month(shared(small_district), "2026-11", date(2026, 12, 20))}
    assert done["bundle"].done
    assert done["bundle"].text == "Xuất gói dữ liệu tháng 11/2026 gửi LĐLĐ tỉnh — đã xuất"
    assert bundle_deadline_text(
        shared(small_district), "2026-11", date(2026, 12, 20), sent=True
    ) == ("Hạn gửi gói tháng 11/2026: 05/12/2026 (đã xuất)")


def test_the_deadline_is_in_the_month_after_the_bundles(small_district: Path) -> None:
    assert bundle_deadline("2026-12", 5) == date(2027, 1, 5)
    assert bundle_deadline("2027-01", 28) == date(2027, 2, 28)
    assert bundle_deadline_text(
        shared(small_district), "2026-11", date(2026, 12, 29), sent=False
    ) == ("Hạn gửi gói tháng 11/2026: 28/12/2026 (đã quá hạn)")
    assert bundle_deadline_text(
        shared(small_district), "2026-10", date(2026, 12, 29), sent=False
    ) == ("Hạn gửi gói tháng 10/2026: 28/11/2026")


def test_every_field_is_refused_in_words_naming_it(tmp_path: Path) -> None:
    problems = preference_problems(
        {
            "next_BC": "0",
            "next_DS": "12a",
            "due_day": "31",
            "idle_lock_minutes": "-5",
            "backup_folder": str(tmp_path / "USB"),
        }
    )
    assert problems == {
        "next_BC": "Số tiếp theo của báo cáo (BC): phải là số nguyên từ 1 đến 9999; đã ghi «0».",
        "next_DS": (
            "Số tiếp theo của danh sách (DS): phải là số nguyên từ 1 đến 9999; đã ghi «12a»."
        ),
        "due_day": (
            "Hạn gửi gói dữ liệu tháng: phải là một ngày trong tháng, số nguyên từ 1 đến 28 "
            "(tháng Hai chỉ có 28 ngày); đã ghi «31»."
        ),
        "idle_lock_minutes": (
            "Số phút khóa màn hình phải là số nguyên từ 0 (không bao giờ khóa) đến 480; "
            "đã ghi «-5»."
        ),
        "backup_folder": f"Thư mục sao lưu thứ hai: không tìm thấy thư mục «{tmp_path / 'USB'}» "
        "trên máy này.",
    }
    a_file = tmp_path / "a.txt"
    a_file.write_text("x")
    assert preference_problems({"backup_folder": str(a_file), "due_day": "٥"}) == {
        "backup_folder": f"Thư mục sao lưu thứ hai: «{a_file}» là một tệp, không phải thư mục.",
        "due_day": (
            "Hạn gửi gói dữ liệu tháng: phải là một ngày trong tháng, số nguyên từ 1 đến 28 "
            "(tháng Hai chỉ có 28 ngày); đã ghi «٥»."
        ),
    }
    assert preference_problems({"due_day": " 1 ", "backup_folder": "", "next_BC": "9999"}) == {}


def test_a_refused_change_saves_nothing_and_a_saved_one_is_read_back(
    small_district: Path, tmp_path: Path
) -> None:
    before = read_preferences(shared(small_district), 2026)
    with pytest.raises(UserError) as refused:
        update_preferences(shared(small_district), {"next_BC": "40", "due_day": "30"}, 2026)
    assert "Hạn gửi gói dữ liệu tháng" in refused.value.message
    assert read_preferences(shared(small_district), 2026) == before
    saved = update_preferences(
        shared(small_district),
        {
            "next_BC": "40",
            "due_day": "10",
            "idle_lock_minutes": "0",
            "backup_folder": str(tmp_path),
        },
        2026,
    )
    assert saved.values() == {
        "next_BC": "40",
        "next_DS": "1",
        "due_day": "10",
        "backup_folder": str(tmp_path),
        "idle_lock_minutes": "0",
    }
    with closing(sqlite3.connect(small_district)) as con:
        [(detail,)] = con.execute(
            "SELECT detail FROM audit_event WHERE record_table = '' AND action = 'edit'"
        ).fetchall()
    assert detail == (
        "cài đặt: Số tiếp theo của báo cáo (BC), Hạn gửi gói dữ liệu tháng, "
        "Khóa màn hình sau (phút), Thư mục sao lưu thứ hai"
    )


def test_each_setting_asks_the_right_it_guards(small_district: Path) -> None:
    from tests.ui._accounts import STAFF, VIEWER, with_accounts

    with_accounts(small_district)
    sign_in_as(STAFF)
    update_preferences(shared(small_district), {"due_day": "3", "next_DS": "4"}, 2026)
    with pytest.raises(UserError) as refused:
        update_preferences(shared(small_district), {"idle_lock_minutes": "5"}, 2026)
    assert refused.value.message == "Tài khoản canbo (Cán bộ) không được quản lý tài khoản."
    sign_in_as(VIEWER)
    with pytest.raises(UserError) as refused:
        update_preferences(shared(small_district), {"due_day": "4"}, 2026)
    assert refused.value.message == "Tài khoản xem (Chỉ xem) không được sửa dữ liệu."
    sign_in_as(SignedIn("quantri", "Nguyễn Văn Quản", "admin"))
    update_preferences(shared(small_district), {"idle_lock_minutes": "5"}, 2026)
    assert read_preferences(shared(small_district), 2026).values()["idle_lock_minutes"] == "5"
    assert bundle_due_day(shared(small_district)) == 3


def test_each_report_proposes_the_series_its_number_line_prints(small_district: Path) -> None:
    from desktop.reports.catalogue import REPORTS, SERIES, build_report
    from desktop.reports.content import DOCUMENT_KINDS

    assert set(SERIES) == set(REPORTS)
    periods = {"monthly-progress": "2024-06", "mid-year-review": "2024", "year-end-review": "2024"}
    for name in REPORTS:
        report = build_report(
            name, shared(small_district), periods.get(name, "2024-12"), number="7"
        )
        assert DOCUMENT_KINDS[report.title] == SERIES[name], name
        assert report.number_line.startswith(f"Số: 07/{SERIES[name]}-"), name
