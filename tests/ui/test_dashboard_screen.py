"""Tổng quan after its first paint: the member chart, each target's pace, what is due."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from desktop.services.targets import set_quota
from desktop.ui.dashboard import DashboardScreen
from desktop.ui.targets_model import PACE, PERCENT, YTD
from desktop.ui.tasks import SynchronousPool, TaskRunner


@pytest.fixture
def district(small_district: Path, tmp_path: Path) -> Path:
    path = tmp_path / "district.sqlite"
    shutil.copy(small_district, path)
    return path


def _screen(qtbot, db: Path) -> DashboardScreen:  # type: ignore[no-untyped-def]
    screen = DashboardScreen(db, runner=TaskRunner(pool=SynchronousPool()))
    qtbot.addWidget(screen)
    screen.load_later()
    return screen


def test_the_chart_shows_the_members_at_each_month_end(qtbot, district: Path) -> None:  # type: ignore[no-untyped-def]
    screen = _screen(qtbot, district)
    chart = screen.trend.chart()
    assert chart.title() == "Số đoàn viên cuối mỗi tháng năm 2024"
    [series] = chart.series()
    [bars] = series.barSets()
    values = [int(bars.at(i)) for i in range(bars.count())]
    assert values == [v for _, v in screen.figures.members_by_month]
    # By hand from the small district's events: end of January Đức, Ánh, Dũng, Lộc, Hằng, Nam;
    # end of December Đức, Hòa, Ánh, Thủy, Ấn, Mai (transferred in), Nam, Yến.
    assert values[0] == 6 and values[-1] == 8
    months = next(a for a in chart.axes() if a.metaObject().className() == "QBarCategoryAxis")
    assert months.categories() == [f"T{m}" for m in range(1, 13)]


def test_targets_pace_and_due_list(qtbot, district: Path) -> None:  # type: ignore[no-untyped-def]
    set_quota(district, 2024, "2a", "6")
    screen = _screen(qtbot, district)
    panel = screen.programme
    assert panel.targets_title.text() == "Tiến độ chỉ tiêu đến hết tháng 12/2024"
    codes = [t.code for t in panel.model.targets]
    row = codes.index("2a")
    # Four admissions in 2024 (Thủy, Ấn, Hòa, Yến; Mai was transferred in) of a quota of six:
    # by December the whole quota is due, and two thirds is less than three quarters of it.
    assert panel.model.index(row, YTD).data() == "4"
    assert panel.model.index(row, PERCENT).data() == "66,7 %"
    assert panel.model.index(row, PACE).data() == "chậm nhiều"
    assert panel.due_title.text() == "Việc cần làm cho tháng 12/2024"
    assert [panel.due.item(i).text() for i in range(panel.due.count())] == [
        "○ Xuất gói dữ liệu tháng 12/2024 gửi LĐLĐ tỉnh (màn hình Đồng bộ)",
        "○ Báo cáo kết quả thực hiện chương trình tháng 12/2024 (màn hình Báo cáo)",
        "○ 2 CĐCS chưa được xếp loại năm 2024",
    ]
