"""Automatic backups: rotation over a calendar of files, checked copies in both folders, a
missing or unwritable chosen folder said in Vietnamese while the main copy is still made, and
one daily backup a day."""

from __future__ import annotations

import contextlib
import errno
import os
import sqlite3
import stat
from datetime import date, datetime, timedelta
from pathlib import Path

import pytest

from desktop.services.auto_backup import (
    FOLDER_FULL,
    FOLDER_MISSING,
    FOLDER_READ_ONLY,
    NOT_A_FOLDER,
    backups_folder,
    choose_folder,
    chosen_folder,
    daily_backup,
    daily_due,
    kept_backups,
    take_backup,
    to_remove,
)
from desktop.services.settings import LAST_DAILY_BACKUP, get_setting
from desktop.store import shared

AT = datetime(2026, 12, 3, 17, 15, 0)


def _year_of_backups(stem: str = "uniondesk") -> list[str]:
    """Two backups a day through 2026: the daily one at 08:00, the one on close at 17:15."""
    names = []
    day = date(2026, 1, 1)
    while day.year == 2026:
        names += [f"{stem}-{day:%Y-%m-%d}-080000.sqlite", f"{stem}-{day:%Y-%m-%d}-171500.sqlite"]
        day += timedelta(days=1)
    return names


def test_rotation_over_a_year_keeps_7_days_4_weeks_12_months_and_nothing_else_of_ours() -> None:
    ours = _year_of_backups()
    strangers = [
        "uniondesk-saoluu-20260101.sqlite",  # a backup made by hand (Tệp › Sao lưu…)
        "uniondesk.truoc-khoi-phuc-20260101-080000.sqlite",
        "other-2026-01-01-080000.sqlite",  # another database's backups in the same folder
        "uniondesk-2026-02-30-080000.sqlite",  # no such day
        "uniondesk-2026-01-01-0800.sqlite",
        "uniondesk-2026-01-01-080000.sqlite.partial",
        "ghi-chu.txt",
    ]

    removed = to_remove(ours + strangers, "uniondesk")

    kept = sorted(set(ours) - set(removed))
    assert kept == [
        # the newest of each of the last 12 months
        "uniondesk-2026-01-31-171500.sqlite",
        "uniondesk-2026-02-28-171500.sqlite",
        "uniondesk-2026-03-31-171500.sqlite",
        "uniondesk-2026-04-30-171500.sqlite",
        "uniondesk-2026-05-31-171500.sqlite",
        "uniondesk-2026-06-30-171500.sqlite",
        "uniondesk-2026-07-31-171500.sqlite",
        "uniondesk-2026-08-31-171500.sqlite",
        "uniondesk-2026-09-30-171500.sqlite",
        "uniondesk-2026-10-31-171500.sqlite",
        "uniondesk-2026-11-30-171500.sqlite",
        # the newest of ISO weeks 50 and 51 (weeks 52 and 53 end on days kept anyway)
        "uniondesk-2026-12-13-171500.sqlite",
        "uniondesk-2026-12-20-171500.sqlite",
        # the newest of each of the last 7 days (December's is the 31st)
        "uniondesk-2026-12-25-171500.sqlite",
        "uniondesk-2026-12-26-171500.sqlite",
        "uniondesk-2026-12-27-171500.sqlite",
        "uniondesk-2026-12-28-171500.sqlite",
        "uniondesk-2026-12-29-171500.sqlite",
        "uniondesk-2026-12-30-171500.sqlite",
        "uniondesk-2026-12-31-171500.sqlite",
    ]
    assert len(removed) == 730 - 20
    assert set(removed) <= set(ours)  # never a stranger
    assert removed == sorted(removed)


def test_rotation_counts_iso_weeks_across_the_new_year_and_days_that_have_a_backup() -> None:
    names = []
    day = date(2026, 11, 1)
    while day <= date(2027, 1, 3):
        names.append(f"vp-{day:%Y-%m-%d}-090000.sqlite")
        day += timedelta(days=1)
    names.append("vp-2027-01-03-090000-2.sqlite")  # a second backup in the same second
    kept = sorted(set(names) - set(to_remove(names, "vp")))
    assert kept == [
        "vp-2026-11-30-090000.sqlite",  # November
        "vp-2026-12-13-090000.sqlite",  # week 50
        "vp-2026-12-20-090000.sqlite",  # week 51
        "vp-2026-12-27-090000.sqlite",  # week 52; 2026-12-28 … 2027-01-03 is week 53 of 2026
        "vp-2026-12-28-090000.sqlite",
        "vp-2026-12-29-090000.sqlite",
        "vp-2026-12-30-090000.sqlite",
        "vp-2026-12-31-090000.sqlite",  # also December's newest
        "vp-2027-01-01-090000.sqlite",
        "vp-2027-01-02-090000.sqlite",
        "vp-2027-01-03-090000-2.sqlite",  # the newer of the two taken that second
    ]

    # Three months away from the office: the last seven backups all stay.
    away = [f"vp-2026-01-{d:02d}-090000.sqlite" for d in range(1, 11)]
    away.append("vp-2026-04-20-090000.sqlite")
    assert to_remove(away, "vp") == [
        "vp-2026-01-01-090000.sqlite",
        "vp-2026-01-02-090000.sqlite",
        "vp-2026-01-03-090000.sqlite",
    ]


def _members(path: Path) -> int:
    with contextlib.closing(sqlite3.connect(f"file:{path}?mode=ro", uri=True)) as con:
        assert con.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        return int(con.execute("SELECT COUNT(*) FROM member").fetchone()[0])


def test_a_backup_is_a_whole_private_database_with_every_member(small_district: Path) -> None:
    made = take_backup(small_district, "close", AT)

    assert made.ok and made.problems == () and made.copies == ()
    folder = small_district.parent / "backups"
    assert backups_folder(small_district) == folder
    copy = folder / "small-2026-12-03-171500.sqlite"
    assert made.main is not None and made.main.path == str(copy)
    assert _members(copy) == _members(small_district) == made.main.members == 13
    assert sorted(p.name for p in folder.iterdir()) == [copy.name]  # one file, no -wal, no .partial
    if os.name == "posix":
        assert stat.S_IMODE(folder.stat().st_mode) == 0o700
        assert stat.S_IMODE(copy.stat().st_mode) == 0o600
    assert get_setting(shared(small_district), LAST_DAILY_BACKUP) == "2026-12-03"


def test_two_backups_in_one_second_keep_both_names(small_district: Path) -> None:
    first = take_backup(small_district, "daily", AT)
    second = take_backup(small_district, "close", AT)
    assert first.main is not None and second.main is not None
    assert Path(first.main.path).name == "small-2026-12-03-171500.sqlite"
    assert Path(second.main.path).name == "small-2026-12-03-171500-2.sqlite"
    # Rotation keeps the day's newest: the first one went.
    assert second.removed == (first.main.path,)
    assert [Path(k.path).name for k in kept_backups(small_district)] == [
        "small-2026-12-03-171500-2.sqlite"
    ]


def test_a_copy_failing_midway_leaves_no_temporary_file_and_is_said(
    small_district: Path, tmp_path: Path
) -> None:
    usb = tmp_path / "usb"
    usb.mkdir()
    choose_folder(small_district, usb)
    calls: list[float] = []

    def disk_fills(fraction: float) -> None:
        calls.append(fraction)
        if len(calls) == 1:  # the main copy's first step: that disk is full
            raise OSError(errno.ENOSPC, "No space left on device")

    made = take_backup(small_district, "daily", AT, disk_fills)

    main_folder = backups_folder(small_district)
    assert made.main is None
    assert made.problems == (FOLDER_FULL.format(folder=main_folder),)
    assert list(main_folder.iterdir()) == []  # no copy, no .partial
    assert [Path(c).name for c in made.copies] == ["small-2026-12-03-171500.sqlite"]
    assert [p.name for p in usb.iterdir()] == ["small-2026-12-03-171500.sqlite"]
    assert _members(usb / "small-2026-12-03-171500.sqlite") == 13


def test_a_pulled_out_stick_is_said_and_the_main_backup_still_made(
    small_district: Path, tmp_path: Path
) -> None:
    usb = tmp_path / "usb"
    usb.mkdir()
    choose_folder(small_district, usb)
    usb.rmdir()  # the stick is gone

    made = take_backup(small_district, "close", AT)

    assert made.main is not None and _members(Path(made.main.path)) == 13
    assert made.copies == ()
    assert made.problems == (
        f"Không tìm thấy thư mục sao lưu {usb} (thẻ nhớ USB đã rút ra?): bản sao lưu chưa được "
        "chép vào đó. Hãy cắm lại thẻ nhớ, hoặc chọn thư mục khác trong Tệp › Sao lưu tự động…",
    )
    assert made.problems[0] == FOLDER_MISSING.format(folder=usb)
    assert not usb.exists()  # never made up on the PC's own disk


def _unwritable_folder(tmp_path: Path) -> Path:
    """A folder this process cannot write in: read-only by its mode, or, for root (whom modes
    do not stop), sysfs, where nobody may create a file."""
    if os.geteuid() == 0:
        return Path("/sys")
    folder = tmp_path / "chi-doc"
    folder.mkdir()
    folder.chmod(0o500)
    return folder


def test_an_unwritable_chosen_folder_is_said_and_the_main_backup_still_made(
    small_district: Path, tmp_path: Path
) -> None:
    folder = _unwritable_folder(tmp_path)
    choose_folder(small_district, folder)

    made = take_backup(small_district, "daily", AT)

    assert made.problems == (FOLDER_READ_ONLY.format(folder=folder),)
    assert made.problems[0] == (
        f"Không ghi được vào thư mục sao lưu {folder} (chỉ đọc hoặc tài khoản này không có quyền "
        "ghi): bản sao lưu chưa được ghi vào đó."
    )
    assert made.main is not None and _members(Path(made.main.path)) == 13
    assert not (folder / "small-2026-12-03-171500.sqlite.partial").exists()
    assert get_setting(shared(small_district), LAST_DAILY_BACKUP) == "2026-12-03"


def test_the_chosen_folder_is_rotated_the_same_way_and_strangers_stay(
    small_district: Path, tmp_path: Path
) -> None:
    usb = tmp_path / "usb"
    usb.mkdir()
    for day in range(1, 31):  # November's backups, one a day
        (usb / f"small-2026-11-{day:02d}-171500.sqlite").write_bytes(b"cu")
    (usb / "anh-gia-dinh.jpg").write_bytes(b"khong phai cua chung ta")
    (usb / "small-saoluu-20261101.sqlite").write_bytes(b"sao luu bang tay")
    choose_folder(small_district, usb)
    assert chosen_folder(small_district) == usb

    made = take_backup(small_district, "daily", AT)

    assert made.problems == ()
    assert sorted(p.name for p in usb.iterdir()) == [
        "anh-gia-dinh.jpg",
        "small-2026-11-15-171500.sqlite",  # week 46
        "small-2026-11-22-171500.sqlite",  # week 47
        "small-2026-11-25-171500.sqlite",
        "small-2026-11-26-171500.sqlite",
        "small-2026-11-27-171500.sqlite",
        "small-2026-11-28-171500.sqlite",
        "small-2026-11-29-171500.sqlite",  # also week 48's newest
        "small-2026-11-30-171500.sqlite",  # also November's newest
        "small-2026-12-03-171500.sqlite",  # today's, week 49, December
        "small-saoluu-20261101.sqlite",
    ]
    assert len([r for r in made.removed if Path(r).parent == usb]) == 30 - 8


def test_the_daily_backup_is_taken_once_a_day(small_district: Path) -> None:
    morning = datetime(2026, 12, 3, 8, 0, 0)
    assert daily_due(small_district, morning.date())
    first = daily_backup(small_district, morning)
    assert first is not None and first.kind == "daily" and first.ok

    assert daily_backup(small_district, datetime(2026, 12, 3, 16, 59, 59)) is None
    assert not daily_due(small_district, morning.date())

    next_day = daily_backup(small_district, datetime(2026, 12, 4, 8, 0, 0))
    assert next_day is not None and next_day.main is not None
    assert [Path(k.path).name for k in kept_backups(small_district)] == [
        "small-2026-12-04-080000.sqlite",
        "small-2026-12-03-080000.sqlite",
    ]
    assert [k.taken_at for k in kept_backups(small_district)] == [
        datetime(2026, 12, 4, 8, 0, 0),
        morning,
    ]


def test_a_close_backup_counts_as_the_days_daily(small_district: Path) -> None:
    take_backup(small_district, "close", datetime(2026, 12, 3, 7, 30, 0))
    assert daily_backup(small_district, datetime(2026, 12, 3, 9, 0, 0)) is None


def test_choosing_a_file_as_the_folder_is_refused_and_clearing_stops_copies(
    small_district: Path, tmp_path: Path
) -> None:
    from desktop.errors import UserError

    not_folder = tmp_path / "ghi-chu.txt"
    not_folder.write_text("x", encoding="utf-8")
    with pytest.raises(UserError) as refused:
        choose_folder(small_district, not_folder)
    assert refused.value.message == NOT_A_FOLDER.format(folder=not_folder)
    assert chosen_folder(small_district) is None

    usb = tmp_path / "usb"
    usb.mkdir()
    choose_folder(small_district, usb)
    choose_folder(small_district, None)
    assert chosen_folder(small_district) is None
    assert take_backup(small_district, "now", AT).copies == ()
    assert list(usb.iterdir()) == []


def test_the_main_folder_chosen_as_the_second_makes_one_copy(small_district: Path) -> None:
    main_folder = backups_folder(small_district)
    main_folder.mkdir()
    choose_folder(small_district, main_folder)

    made = take_backup(small_district, "now", AT)

    assert made.ok and made.copies == () and made.removed == ()
    assert [p.name for p in main_folder.iterdir()] == ["small-2026-12-03-171500.sqlite"]
