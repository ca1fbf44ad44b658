"""Automatic backups of a real main window: a copy on close that opens with every member, the
day's copy by the timer (once a day), a close waiting for a copy under way, problems said in
Vietnamese."""

from __future__ import annotations

import contextlib
import re
import sqlite3
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtWidgets import QMessageBox
from pytestqt.qtbot import QtBot

from desktop.services.auto_backup import FOLDER_MISSING, backups_folder, choose_folder
from desktop.services.settings import LAST_DAILY_BACKUP, get_setting
from desktop.store import shared
from desktop.ui.backup_schedule import attach
from desktop.ui.main_window import MainWindow
from desktop.ui.tasks import SynchronousPool

NEVER_MS = 24 * 3600 * 1000  # a timer that does not fire during the test


def _members(path: Path) -> int:
    with contextlib.closing(sqlite3.connect(f"file:{path}?mode=ro", uri=True)) as con:
        assert con.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        return int(con.execute("SELECT COUNT(*) FROM member").fetchone()[0])


def _backups(db: Path) -> list[Path]:
    folder = backups_folder(db)
    return sorted(folder.iterdir()) if folder.exists() else []


def _window(qtbot: QtBot, db: Path) -> MainWindow:
    window = MainWindow(db)
    qtbot.addWidget(window)
    window.show()
    return window


def test_closing_the_window_leaves_a_backup_with_every_member(
    qtbot: QtBot, small_district: Path
) -> None:
    window = _window(qtbot, small_district)
    schedule = attach(
        window, small_district, pool=SynchronousPool(), interval_ms=NEVER_MS, first_ms=NEVER_MS
    )
    assert _backups(small_district) == []

    assert window.close()

    [copy] = _backups(small_district)
    assert copy.name.startswith(f"small-{date.today():%Y-%m-%d}-")
    assert _members(copy) == _members(small_district) == 13
    assert schedule.last.kind == "close" and schedule.last.problems == ()
    assert get_setting(shared(small_district), LAST_DAILY_BACKUP) == date.today().isoformat()
    assert not window.isVisible()


def test_a_close_the_window_refuses_makes_no_backup(qtbot: QtBot, small_district: Path) -> None:
    window = _window(qtbot, small_district)
    attach(window, small_district, pool=SynchronousPool(), interval_ms=NEVER_MS, first_ms=NEVER_MS)
    window.may_rebuild = lambda then="": False  # type: ignore[method-assign]  # «Hủy» on unsaved work

    assert not window.close()

    assert window.isVisible() and _backups(small_district) == []


def test_the_timer_takes_the_days_backup_once_on_a_worker(
    qtbot: QtBot, small_district: Path
) -> None:
    window = _window(qtbot, small_district)
    schedule = attach(window, small_district, interval_ms=20, first_ms=NEVER_MS)  # real pool

    with qtbot.waitSignal(schedule.backed_up, timeout=30_000) as first:
        pass
    made = first.args[0]
    assert made is not None and made.kind == "daily" and made.ok
    [copy] = _backups(small_district)
    assert str(copy) == made.main.path and _members(copy) == 13

    with qtbot.waitSignal(schedule.backed_up, timeout=30_000) as again:
        pass
    assert again.args[0] is None  # already done today
    schedule.timer.stop()  # a third look may be under way: let it end before reading the bar
    qtbot.waitUntil(lambda: not schedule.label.text().startswith("Đang"), timeout=30_000)
    assert _backups(small_district) == [copy]
    assert re.fullmatch(r"Sao lưu tự động: \d\d:\d\d", schedule.label.text())
    assert schedule.label.toolTip() == str(copy)


def test_a_close_waits_for_the_days_backup_under_way_then_makes_its_own(
    qtbot: QtBot, small_district: Path
) -> None:
    window = _window(qtbot, small_district)
    schedule = attach(window, small_district, interval_ms=NEVER_MS, first_ms=NEVER_MS)
    seen: list[Any] = []
    schedule.backed_up.connect(seen.append)

    schedule.check_daily()  # on the real pool: still running when the close comes
    assert window.close()

    assert [r.kind for r in seen] == ["daily", "close"]
    daily, close = seen
    assert daily.ok and close.ok
    assert close.removed == (daily.main.path,)  # the day's newest is the close's copy
    [copy] = _backups(small_district)
    assert str(copy) == close.main.path and _members(copy) == 13
    assert not schedule.busy


def test_a_pulled_out_stick_is_said_in_the_status_bar_and_on_close(
    qtbot: QtBot, small_district: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    usb = tmp_path / "usb"
    usb.mkdir()
    choose_folder(small_district, usb)
    usb.rmdir()
    window = _window(qtbot, small_district)
    schedule = attach(
        window, small_district, pool=SynchronousPool(), interval_ms=NEVER_MS, first_ms=NEVER_MS
    )
    said = FOLDER_MISSING.format(folder=usb)

    schedule.check_daily()

    assert schedule.label.text() == "Sao lưu tự động: có lỗi"
    assert schedule.label.toolTip() == said
    assert window.statusBar().currentMessage() == said
    assert len(_backups(small_district)) == 1  # the main copy made all the same

    shown: list[tuple[str, str]] = []

    def record(box: QMessageBox) -> int:
        shown.append((box.objectName(), box.text()))
        return 0

    monkeypatch.setattr(QMessageBox, "exec", record)
    assert window.close()
    assert shown == [("closeBackupProblem", said)]
    assert len(_backups(small_district)) == 1  # the close's copy, the daily rotated away
    assert _members(_backups(small_district)[0]) == 13


def _line(copy: Path, where: str) -> str:
    """How the dialog lists a copy: its date and time (from its name), size and folder."""
    stamp = copy.stem.split("-", 1)[1]  # YYYY-MM-DD-HHMMSS
    year, month, day, clock = stamp.split("-")[:4]
    size = f"{copy.stat().st_size / 1024 / 1024:.1f}".replace(".", ",")
    return f"{day}/{month}/{year} {clock[:2]}:{clock[2:4]} · {size} MB · {where}"


def test_the_auto_backup_dialog_shows_folders_copies_and_backs_up_now(
    qtbot: QtBot, small_district: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from PySide6.QtCore import Qt
    from PySide6.QtWidgets import QFileDialog

    from desktop.ui.file_actions import AutoBackupDialog

    dialog = AutoBackupDialog(small_district, SynchronousPool())
    qtbot.addWidget(dialog)
    listed = dialog.listing

    def lines() -> list[str]:
        return [listed.item(i).text() for i in range(listed.count())]

    assert dialog.windowTitle() == "Sao lưu tự động"
    assert dialog.main_folder.text() == str(small_district.parent / "backups")
    assert dialog.second_folder.text() == "(chưa chọn)"
    assert not dialog.clear_button.isEnabled()
    assert lines() == ["Chưa có bản sao lưu tự động nào."]

    qtbot.mouseClick(dialog.now_button, Qt.MouseButton.LeftButton)
    [copy] = _backups(small_district)
    assert dialog.outcome.text() == f"Đã sao lưu 13 đoàn viên vào {copy}"
    assert lines() == [_line(copy, "thư mục chính")]
    assert listed.item(0).toolTip() == str(copy)

    usb = tmp_path / "usb"
    usb.mkdir()
    monkeypatch.setattr(QFileDialog, "getExistingDirectory", lambda *a, **k: str(usb))
    qtbot.mouseClick(dialog.choose_button, Qt.MouseButton.LeftButton)
    assert dialog.second_folder.text() == str(usb)
    assert dialog.clear_button.isEnabled()

    qtbot.mouseClick(dialog.now_button, Qt.MouseButton.LeftButton)
    [newer] = _backups(small_district)  # the day's newest; the first one rotated away
    [on_stick] = sorted(usb.iterdir())
    assert dialog.outcome.text() == (f"Đã sao lưu 13 đoàn viên vào {newer}\nĐã chép vào {on_stick}")
    assert sorted(lines()) == sorted(
        [_line(newer, "thư mục chính"), _line(on_stick, "thư mục thứ hai")]
    )
    assert _members(on_stick) == 13

    qtbot.mouseClick(dialog.clear_button, Qt.MouseButton.LeftButton)
    assert dialog.second_folder.text() == "(chưa chọn)"
    assert not dialog.clear_button.isEnabled()
    assert lines() == [_line(newer, "thư mục chính")]


def test_the_window_the_program_opens_backs_up_when_it_closes(
    qtbot: QtBot, small_district: Path
) -> None:
    from desktop.ui.main import open_window

    window = open_window(small_district)
    assert isinstance(window, MainWindow)
    assert _backups(small_district) == []
    window.backups.timer.stop()  # type: ignore[attr-defined]  # only the close copy here
    assert window.close()
    qtbot.waitUntil(lambda: len(_backups(small_district)) == 1, timeout=30_000)
    assert _members(_backups(small_district)[0]) == 13
