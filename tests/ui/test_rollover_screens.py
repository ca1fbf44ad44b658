"""The screens in a year whose programme has not arrived: each says so and what to do, in place of
what the programme would give, and never opens an error box (the conftest fails any modal box).

The small district (tests/conftest.py) plus one activity of March 2025: its records reach 2025, for
which the app ships no programme.
"""

from __future__ import annotations

import shutil
from datetime import date
from pathlib import Path

import pytest

from desktop.services.activities import ActivityInput, save_activity
from desktop.services.progress import areas_note, programme_missing_text
from desktop.store import shared
from desktop.ui.tasks import SynchronousPool, TaskRunner

MISSING_2025 = (
    "Chưa nhận chương trình công tác năm 2025 từ LĐLĐ tỉnh; hồ sơ năm 2025 vẫn ghi bình thường, "
    "các chỉ tiêu được tính khi chương trình đến. Nhận gói chương trình của tỉnh ở màn hình Đồng "
    "bộ (tại LĐLĐ tỉnh: lập chương trình bằng «uniondesk programme new --year 2025»)."
)
MARCH_2025 = "Tuyên truyền Bộ luật Lao động tại xã An Điền"
# Unions founded 2001, 2005, 2010, 2024; members' events 2012, 2015–2018, 2020, 2023, 2024; the
# activity of 2025; the 2024 programme; and today's year.
RECORD_YEARS = (2001, 2005, 2010, 2012, 2015, 2016, 2017, 2018, 2020, 2023, 2024, 2025)


@pytest.fixture
def district(small_district: Path, tmp_path: Path) -> Path:
    path = tmp_path / "district.sqlite"
    shutil.copy(small_district, path)
    save_activity(
        shared(path),
        ActivityInput(
            task_area=4,
            kind="propaganda",
            title=MARCH_2025,
            held_on=date(2025, 3, 12),
            participants=40,
            participants_women=25,
        ),
        today=date(2025, 3, 31),
    )
    return path


def _runner() -> TaskRunner:
    return TaskRunner(pool=SynchronousPool())


def _years(combo) -> list[str]:  # type: ignore[no-untyped-def]
    return [combo.itemText(i) for i in range(combo.count())]


def _offered() -> list[str]:
    return [f"Năm {y}" for y in sorted({*RECORD_YEARS, date.today().year})]


def test_the_sentence_is_the_one_the_screens_say() -> None:
    assert programme_missing_text(2025) == MISSING_2025


def test_chi_tieu_says_the_programme_has_not_arrived(qtbot, district: Path) -> None:  # type: ignore[no-untyped-def]
    from desktop.ui.targets_screen import TargetsScreen

    screen = TargetsScreen(district, runner=_runner())
    qtbot.addWidget(screen)
    assert _years(screen.year) == _offered()
    screen.choose_period("2025-03")
    assert screen.title.text() == "Chương trình công tác năm 2025 (chưa nhận) — tháng 3/2025"
    assert screen.missing.text() == MISSING_2025
    assert screen.missing.isVisibleTo(screen)
    assert screen.split.isHidden() and screen.legend.isHidden()
    assert screen.model.rowCount() == 0
    # Back to a year with its programme: the table again, the notice gone.
    screen.choose_period("2024-06")
    assert screen.model.rowCount() == 17
    assert screen.missing.isHidden() and not screen.split.isHidden()


def test_tong_quan_says_it_where_the_targets_would_be(qtbot, district: Path) -> None:  # type: ignore[no-untyped-def]
    from desktop.ui.dashboard import DashboardScreen

    screen = DashboardScreen(district, runner=_runner())
    qtbot.addWidget(screen)
    screen.load_later()  # what the first paint leaves for later
    assert screen.title.text() == "Tổng quan năm 2025"
    panel = screen.programme
    assert panel.targets_title.text() == "Tiến độ chỉ tiêu đến hết tháng 12/2025"
    assert panel.missing.text() == MISSING_2025
    assert panel.missing.isVisibleTo(screen) and panel.table.isHidden()
    assert panel.due_title.text() == "Việc cần làm cho tháng 12/2025"


def test_hoat_dong_lists_the_last_programmes_areas_and_says_why(qtbot, district: Path) -> None:  # type: ignore[no-untyped-def]
    from desktop.ui.activities_screen import ActivitiesScreen

    screen = ActivitiesScreen(district, runner=_runner())
    qtbot.addWidget(screen)
    assert _years(screen.year) == _offered()
    screen.month.setCurrentIndex(2)  # March of the working year, 2025
    assert screen.title.text() == "Hoạt động tháng 3/2025"
    assert screen.missing.text() == f"{MISSING_2025}\n{areas_note(2025, 2024)}"
    assert screen.missing.isVisibleTo(screen)
    areas = [screen.area_list.item(i).text() for i in range(screen.area_list.count())]
    assert len(areas) == 11  # «all» and the 2024 programme's ten areas
    assert areas[0] == "Tất cả nhiệm vụ (1)"
    assert areas[4].startswith("4. ") and areas[4].endswith(" (1)")
    assert screen.model.rows[0].title == MARCH_2025
    screen.year.setCurrentIndex(screen.year.findData(2024))
    assert screen.missing.isHidden()


def test_bao_cao_says_it_and_still_makes_the_monthly_report(qtbot, district: Path) -> None:  # type: ignore[no-untyped-def]
    from desktop.ui.reports_screen import ReportsScreen

    screen = ReportsScreen(district, runner=_runner())
    qtbot.addWidget(screen)
    screen.report.setCurrentIndex(screen.report.findData("monthly-progress"))
    screen.period.setText("03/2025")
    screen.period.editingFinished.emit()
    said = (
        f"{MISSING_2025} Báo cáo vẫn in được: phần chỉ tiêu ghi câu này cùng số đoàn viên, CĐCS "
        "của kỳ; phần nhiệm vụ ghi các hoạt động đã nhập."
    )
    assert screen.missing.text() == said
    assert screen.missing.isVisibleTo(screen)
    screen.preview()
    assert screen.status.text() == f"Xem trước: {screen.document.pageCount()} trang"
    assert screen.document.pageCount() >= 1
    # A list of members does not depend on the programme: nothing to say.
    screen.report.setCurrentIndex(screen.report.findData("union-list"))
    assert screen.missing.isHidden()
    screen.report.setCurrentIndex(screen.report.findData("monthly-progress"))
    screen.period.setText("06/2024")
    screen.period.editingFinished.emit()
    assert screen.missing.isHidden()
