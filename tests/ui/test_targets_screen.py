"""The Chỉ tiêu screen: figures for the chosen month, quotas and entered values typed in place,
the records behind a figure."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from desktop.ui.targets_model import MONTH, PACE, PERCENT, QUOTA, YTD
from desktop.ui.targets_screen import TargetsScreen
from desktop.ui.tasks import SynchronousPool, TaskRunner


@pytest.fixture
def screen(qtbot, small_district: Path, tmp_path: Path) -> TargetsScreen:  # type: ignore[no-untyped-def]
    path = tmp_path / "district.sqlite"
    shutil.copy(small_district, path)
    widget = TargetsScreen(path, runner=TaskRunner(pool=SynchronousPool()))
    qtbot.addWidget(widget)
    widget.period.setCurrentIndex(widget.period.findData("2024-06"))
    return widget


def _row(screen: TargetsScreen, code: str) -> int:
    return next(i for i, t in enumerate(screen.model.targets) if t.code == code)


def _cell(screen: TargetsScreen, code: str, column: int) -> str:
    return screen.model.index(_row(screen, code), column).data()


def test_the_office_targets_for_the_month(screen: TargetsScreen, qtmodeltester) -> None:  # type: ignore[no-untyped-def]
    codes = [t.code for t in screen.model.targets]
    # The province's own targets (6a, 9a, 10) are not the district's to report.
    assert codes == [
        "1a",
        "1b",
        "2a",
        "2b",
        "3a",
        "3b",
        "4",
        "5",
        "6b",
        "6c",
        "7",
        "8",
        "9b",
        "9c",
        "9d",
        "9e",
        "11",
    ]
    assert screen.title.text().endswith("tháng 6/2024")
    # Hòa (15/3), Thủy and Ấn (20/2): three admissions by June, none in June itself.
    assert (_cell(screen, "2a", MONTH), _cell(screen, "2a", YTD)) == ("0", "3")
    assert _cell(screen, "2a", PERCENT) == ""  # no quota yet: nothing, not 0 %
    assert _cell(screen, "2a", PACE) == "chưa có chỉ tiêu giao"
    qtmodeltester.check(screen.model)


def test_typing_a_quota_and_a_month_value(screen: TargetsScreen) -> None:
    model = screen.model
    assert model.setData(model.index(_row(screen, "2a"), QUOTA), "6")
    assert screen.message.text() == "Đã lưu chỉ tiêu giao 2a."
    assert (_cell(screen, "2a", QUOTA), _cell(screen, "2a", PERCENT)) == ("6", "50 %")
    assert _cell(screen, "2a", PACE) == "đúng tiến độ"

    assert not model.setData(model.index(_row(screen, "2a"), QUOTA), "-1")
    assert screen.message.text() == "Chỉ tiêu 2a: giá trị không được âm (-1)."
    assert _cell(screen, "2a", QUOTA) == "6"

    one_a = model.index(_row(screen, "1a"), MONTH)
    assert model.setData(one_a, "91,5")
    assert _cell(screen, "1a", MONTH) == "91,5 %"
    # A computed figure is not typed over.
    assert not model.setData(model.index(_row(screen, "2a"), MONTH), "9")
    assert _cell(screen, "2a", MONTH) == "0"


def test_selecting_a_target_lists_the_records_behind_it(screen: TargetsScreen) -> None:
    screen.table.selectRow(_row(screen, "2a"))
    lines = [screen.records.item(i).text() for i in range(screen.records.count())]
    assert len(lines) == 3
    assert any("Trần Thị Hòa" in line for line in lines)
    assert "(3 dòng)" in screen.records_title.text()
    screen.table.selectRow(_row(screen, "1a"))
    assert "nhập tay theo tháng" in screen.records_title.text()
