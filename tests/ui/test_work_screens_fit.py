"""Tổng quan, Hoạt động and Chỉ tiêu in a 1024×700 window beside the 210-pixel sidebar: none asks
for more than the 814 pixels left, and the member chart's month labels stand apart under their
bars (at that width «10», «11», «12» once became «…» and the values ran into each other)."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from PySide6.QtGui import QColor
from PySide6.QtWidgets import QMainWindow, QWidget
from pytestqt.qtbot import QtBot

from desktop.ui.tasks import SynchronousPool, TaskRunner
from tests.ui._dialogs import in_window

WINDOW, SIDEBAR, HEIGHT = 1024, 210, 700
ROOM = WINDOW - SIDEBAR


@pytest.fixture
def demo(small_demo: Path) -> Path:
    return small_demo


def _in_window(qtbot: QtBot, screen: QWidget) -> QMainWindow:
    """The screen where the main window puts it: right of a fixed 210-pixel sidebar."""
    window = in_window(screen, WINDOW, HEIGHT)
    qtbot.addWidget(window)
    return window


def _dashboard(db: Path) -> QWidget:
    from desktop.ui.dashboard import DashboardScreen

    screen = DashboardScreen(db, runner=TaskRunner(pool=SynchronousPool()))
    screen.load_later()
    return screen


def _activities(tab: int) -> Callable[[Path], QWidget]:
    def build(db: Path) -> QWidget:
        from desktop.ui.activities_screen import ActivitiesScreen

        screen = ActivitiesScreen(db, runner=TaskRunner(pool=SynchronousPool()))
        screen.tabs.setCurrentIndex(tab)
        screen.area_list.setCurrentRow(3)
        return screen

    return build


def _targets(db: Path) -> QWidget:
    from desktop.ui.targets_screen import TargetsScreen

    screen = TargetsScreen(db, runner=TaskRunner(pool=SynchronousPool()))
    screen.table.selectRow(2)  # the records behind a target listed below the table
    return screen


@pytest.mark.parametrize(
    "build",
    [_dashboard, _activities(0), _activities(1), _activities(2), _targets],
    ids=["Tổng quan", "Hoạt động", "Kiểm tra", "Khiếu nại", "Chỉ tiêu"],
)
def test_the_screen_fits_beside_the_sidebar_at_1024(
    qtbot: QtBot, demo: Path, build: Callable[[Path], QWidget]
) -> None:
    screen = build(demo)
    window = _in_window(qtbot, screen)
    assert screen.minimumSizeHint().width() <= ROOM
    assert window.minimumSizeHint().width() <= WINDOW
    assert (window.width(), screen.width()) == (WINDOW, ROOM)


def _dark_columns(image, top: int, bottom: int, left: int, right: int) -> list[int]:  # type: ignore[no-untyped-def]
    """x of each column holding a dark pixel between the two rows."""
    return [
        x
        for x in range(left, right)
        if any(QColor(image.pixel(x, y)).lightness() < 140 for y in range(top, bottom))
    ]


def _clusters(columns: list[int], gap: int = 4) -> list[tuple[int, int]]:
    found: list[tuple[int, int]] = []
    for x in columns:
        if found and x - found[-1][1] <= gap:
            found[-1] = (found[-1][0], x)
        else:
            found.append((x, x))
    return found


def test_the_chart_months_stand_apart_under_their_bars(qtbot: QtBot, demo: Path) -> None:
    screen = _dashboard(demo)
    window = _in_window(qtbot, screen)  # kept: qtbot holds only a weak reference
    chart = screen.trend.chart()
    months = next(a for a in chart.axes() if a.metaObject().className() == "QBarCategoryAxis")
    assert months.categories() == [str(m) for m in range(1, 13)]
    assert months.titleText() == "Tháng"
    image = screen.trend.grab().toImage()
    plot = chart.mapToScene(chart.plotArea()).boundingRect()
    band_top = int(plot.bottom()) + 4  # below the axis line and its ticks
    band = _clusters(
        _dark_columns(image, band_top, band_top + 12, int(plot.left()), int(plot.right()) + 1)
    )
    step = plot.width() / 12
    # Twelve labels, each under its own bar and narrower than it: none cut, none touching.
    assert len(band) == 12, band
    for month, (start, end) in enumerate(band):
        centre = (start + end) / 2
        assert plot.left() + month * step < centre < plot.left() + (month + 1) * step
        assert end - start < step
    assert window.width() == WINDOW
