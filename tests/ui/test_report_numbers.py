"""Báo cáo proposes the next document number of the report's kind (Cài đặt → Số văn bản) and
uses it up once the report is saved; Đồng bộ says when the month's bundle is due."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from pypdf import PdfReader
from PySide6.QtWidgets import QFileDialog
from pytestqt.qtbot import QtBot

from desktop.services.preferences import next_number, update_preferences
from desktop.store import shared
from desktop.ui.reports_screen import ReportsScreen
from desktop.ui.sync_screen import SyncScreen
from desktop.ui.tasks import SynchronousPool, TaskRunner


def _screen(qtbot: QtBot, db: Path) -> ReportsScreen:
    screen = ReportsScreen(db)
    screen.runner = TaskRunner(screen, pool=SynchronousPool())
    qtbot.addWidget(screen)
    return screen


def _choose(screen: ReportsScreen, name: str, period: str) -> None:
    screen.report.setCurrentIndex(screen.report.findData(name))
    screen.period.setText(period)
    screen.period.editingFinished.emit()


def test_the_next_number_is_proposed_and_used_up_when_saved(
    qtbot: QtBot, small_district: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    year = date.today().year
    update_preferences(shared(small_district), {"next_BC": "7", "next_DS": "2"}, year)
    screen = _screen(qtbot, small_district)
    _choose(screen, "member-movement", "2024")
    assert screen.number.text() == "7"
    out = tmp_path / "bien-dong.pdf"
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a, **k: (str(out), ""))
    screen.save("pdf")
    text = " ".join(PdfReader(out).pages[0].extract_text().split())
    assert "Số: 07/BC-LĐLĐ" in text
    assert next_number(shared(small_district), "BC", year) == 8
    # The same document printed next keeps its number; another one takes the next.
    assert screen.number.text() == "7"
    _choose(screen, "member-movement", "2024-06")
    assert screen.number.text() == "8"
    _choose(screen, "union-list", "2024-12")  # a list: its own series
    assert screen.number.text() == "2"
    screen.number.setText("15")  # typed by the clerk: never replaced
    _choose(screen, "monthly-progress", "2024-06")
    assert screen.number.text() == "15"
    screen.number.clear()  # cleared to write by hand: stays empty
    _choose(screen, "member-movement", "2024")
    assert screen.number.text() == ""
    screen.save("pdf")
    assert next_number(shared(small_district), "BC", year) == 8  # nothing used up


def test_the_issue_dates_year_picks_the_series_year(qtbot: QtBot, small_district: Path) -> None:
    update_preferences(shared(small_district), {"next_BC": "4"}, date.today().year)
    update_preferences(shared(small_district), {"next_BC": "30"}, 2025)
    screen = _screen(qtbot, small_district)
    assert screen.report.currentData() == "monthly-progress" and screen.number.text() == "4"
    screen.issued.setDate(date(2025, 12, 30))
    assert screen.number.text() == "30"
    screen.issued.setDate(date(2099, 1, 5))  # a year nothing was issued in starts at 01
    assert screen.number.text() == "1"


def test_the_sync_screen_says_when_the_months_bundle_is_due(
    qtbot: QtBot, small_district: Path
) -> None:
    update_preferences(shared(small_district), {"due_day": "10"}, 2026)
    screen = SyncScreen(small_district, runner=TaskRunner(pool=SynchronousPool()))
    qtbot.addWidget(screen)
    screen.period.setText("11/2026")
    screen.show_deadline(date(2026, 12, 3))
    assert screen.deadline.text() == "Hạn gửi gói tháng 11/2026: 10/12/2026"
    screen.show_deadline(date(2026, 12, 11))
    assert screen.deadline.text() == "Hạn gửi gói tháng 11/2026: 10/12/2026 (đã quá hạn)"
    screen.period.setText("13/2026")
    screen.show_deadline(date(2026, 12, 11))
    assert screen.deadline.text() == ""
