"""Tổng quan after its first paint: the member chart, each target's pace, what is due."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from PySide6.QtCore import Qt

from desktop.services.targets import set_quota
from desktop.store import shared
from desktop.ui.dashboard import DashboardScreen
from desktop.ui.targets_model import CODE, MONTH, PACE, PERCENT, QUOTA, YTD
from desktop.ui.tasks import SynchronousPool, TaskRunner
from tests.unit._sync_fixtures import memory_keyring

__all__ = ["memory_keyring"]


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
    assert screen.trend_title.text() == "Số đoàn viên cuối mỗi tháng năm 2024"
    [series] = chart.series()
    [bars] = series.barSets()
    values = [int(bars.at(i)) for i in range(bars.count())]
    assert values == [v for _, v in screen.figures.members_by_month]
    # By hand from the small district's events: end of January Đức, Ánh, Dũng, Lộc, Hằng, Nam;
    # end of December Đức, Hòa, Ánh, Thủy, Ấn, Mai (transferred in), Nam, Yến.
    assert values[0] == 6 and values[-1] == 8
    months = next(a for a in chart.axes() if a.metaObject().className() == "QBarCategoryAxis")
    assert months.categories() == [str(m) for m in range(1, 13)]
    assert months.titleText() == "Tháng"


def test_targets_pace_and_due_list(qtbot, district: Path) -> None:  # type: ignore[no-untyped-def]
    set_quota(shared(district), 2024, "2a", "6")
    set_quota(shared(district), 2024, "6b", "82")
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
    # DESIGN.md's Tổng quan: code, name, quota, this month, year to date, % of quota, the bar.
    model, table = panel.model, panel.table
    shown = [c for c in range(model.columnCount()) if not table.isColumnHidden(c)]
    headers = [model.headerData(c, Qt.Orientation.Horizontal) for c in shown]
    assert headers == ["Mã", "Chỉ tiêu", "Giao", "Tháng", "Lũy kế", "%", "Tiến độ"]
    tips = [
        model.headerData(c, Qt.Orientation.Horizontal, Qt.ItemDataRole.ToolTipRole) for c in shown
    ]
    assert tips[2:6] == ["Chỉ tiêu giao", "Trong tháng", "Lũy kế năm", "% chỉ tiêu giao"]
    assert [model.index(row, c).data() for c in (CODE, QUOTA, MONTH, YTD, PERCENT)] == [
        "2a",
        "6",
        "0",  # nobody admitted in December (Yến came in September)
        "4",
        "66,7 %",
    ]
    assert not model.flags(model.index(row, QUOTA)) & Qt.ItemFlag.ItemIsEditable  # read-only here
    # 6b is judged at the year's end: in December one of two state unions rated good is far behind.
    six_b = codes.index("6b")
    assert (model.index(six_b, YTD).data(), model.index(six_b, PACE).data()) == (
        "50 %",
        "chậm nhiều",
    )
    assert panel.due_title.text() == "Việc cần làm cho tháng 12/2024"
    assert [panel.due.item(i).text() for i in range(panel.due.count())] == [
        "○ Xuất gói dữ liệu tháng 12/2024 gửi LĐLĐ tỉnh (màn hình Đồng bộ)",
        "○ Báo cáo kết quả thực hiện chương trình tháng 12/2024 (màn hình Báo cáo)",
        "○ 2 CĐCS chưa được xếp loại năm 2024",
    ]


def test_a_returned_month_and_the_province_s_own_to_do(
    qtbot, tmp_path: Path, memory_keyring
) -> None:  # type: ignore[no-untyped-def]
    from desktop.services.bundles import export_package, process_files
    from desktop.services.decisions import decide
    from tests.unit._sync_fixtures import DISTRICT, Exchange, no_passphrase

    ex = Exchange(tmp_path)
    ex.merge(ex.export("2024-06"))
    decide(shared(ex.province), DISTRICT[0], "2024-06", "return", "Thiếu số liệu 1a")
    receipts = tmp_path / "r.udp"
    export_package(shared(ex.province), "receipts", DISTRICT[0], receipts, passphrase=no_passphrase)
    process_files(shared(ex.district), [receipts], write=True, passphrase=no_passphrase)
    office = _screen(qtbot, ex.district)
    due = [office.programme.due.item(i).text() for i in range(office.programme.due.count())]
    assert due[0] == (
        "○ LĐLĐ tỉnh trả lại báo cáo tháng 6/2024: Thiếu số liệu 1a. Cần sửa rồi xuất và gửi "
        "lại gói tháng 6/2024 (màn hình Đồng bộ)"
    )
    assert due[1].startswith("○ Xuất gói dữ liệu tháng 12/2024 gửi LĐLĐ tỉnh")
    province = _screen(qtbot, ex.province)
    due = [province.programme.due.item(i).text() for i in range(province.programme.due.count())]
    assert province.programme.due_title.text() == "Việc cần làm cho tháng 12/2024"
    assert due == [
        "○ Chưa nhận gói tháng 12/2024 của 1 đơn vị: LDLD-BATRI (màn hình Nhận gói)",
        "○ Chờ đơn vị gửi lại báo cáo bị trả lại: LDLD-BATRI tháng 6/2024",
        "✔ Không có gói rẽ nhánh nào chờ quyết định",
    ]  # the province's own work: no bundle of its own to export, no report to issue
    province.resize(1000, 700)
    province.grab().save(str(tmp_path / "province-dashboard.png"))


def test_an_entered_percentage_shows_its_counts_or_the_mark_of_none(  # type: ignore[no-untyped-def]
    qtbot, district: Path
) -> None:
    from desktop.services.targets import set_entry, set_entry_counts

    set_entry_counts(shared(district), "2024-12", "1a", "1.850", "2.000")
    set_entry(shared(district), "2024-12", "1b", "61")  # typed before counts were asked
    panel = _screen(qtbot, district).programme
    codes = [t.code for t in panel.model.targets]
    one_a, one_b = codes.index("1a"), codes.index("1b")
    assert panel.model.index(one_a, MONTH).data() == "92,5 %\n1.850/2.000"
    assert panel.model.index(one_b, MONTH).data() == "61 %\nkhông kèm số người"
    assert not panel.model.flags(panel.model.index(one_a, MONTH)) & Qt.ItemFlag.ItemIsEditable


def test_a_province_s_dashboard_names_the_offices_left_out(  # type: ignore[no-untyped-def]
    qtbot, demo_province: Path
) -> None:
    panel = _screen(qtbot, demo_province).programme
    assert panel.targets_title.text() == "Tiến độ chỉ tiêu đến hết tháng 12/2024"
    assert not panel.missing.isHidden() and panel.table.isVisibleTo(panel)
    assert panel.missing.text().startswith(
        "Số liệu toàn tỉnh tháng 12/2024 chưa tính 1 đơn vị chưa gửi gói đến tháng này: CDGD-BENTRE"
    )


def test_a_shown_dashboard_loads_its_chart_and_targets_after_its_first_paint(
    qtbot, district: Path
) -> None:  # type: ignore[no-untyped-def]
    screen = DashboardScreen(district, runner=TaskRunner(pool=SynchronousPool()))
    qtbot.addWidget(screen)
    assert screen.trend is None  # built: the cards only
    screen.show()
    qtbot.waitUntil(lambda: screen.trend is not None, timeout=5000)
    assert screen.programme.targets_title.text() == "Tiến độ chỉ tiêu đến hết tháng 12/2024"
    assert "2a" in [t.code for t in screen.programme.model.targets]


def test_a_dashboard_built_out_of_sight_loads_without_a_paint(qtbot, district: Path) -> None:  # type: ignore[no-untyped-def]
    screen = DashboardScreen(district, runner=TaskRunner(pool=SynchronousPool()))
    qtbot.addWidget(screen)  # never shown: no paint will come
    qtbot.waitUntil(lambda: screen.trend is not None, timeout=5000)
    [series] = screen.trend.chart().series()
    assert series.barSets()[0].count() == 12
