"""Fits the office screen: every screen is usable at 1024×700 on the demo district (nothing forces
the window wider, nothing sticks out), the window opens inside a 1366×768 screen with its frame
and status bar, and `--screenshot --size` draws exactly the size asked for."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
from PySide6.QtCore import QMargins, QPoint, QRect, Qt, QThreadPool
from PySide6.QtGui import QImage
from PySide6.QtWidgets import QAbstractScrollArea, QApplication, QStyle, QTableView, QWidget
from pytestqt.qtbot import QtBot

from desktop.app import main
from desktop.ui.dashboard import DashboardScreen
from desktop.ui.main import placed
from desktop.ui.main_window import MainWindow, screen_names
from desktop.ui.targets_model import NAME

REPO = Path(__file__).resolve().parents[2]
SMALL = (1024, 700)


@pytest.fixture
def demo(demo_district: Path) -> Path:
    return demo_district


def _settled(qtbot: QtBot, window: MainWindow) -> None:
    """The screen's background loads delivered, so its filled-in texts are laid out."""
    dashboard = window.findChild(DashboardScreen)
    if dashboard is not None and dashboard.isVisible():  # it loads once it has painted
        qtbot.waitUntil(lambda: dashboard.loading_asked, timeout=10_000)
    for _ in range(3):
        QThreadPool.globalInstance().waitForDone(60_000)
        QApplication.processEvents()
    qtbot.waitUntil(lambda: not window.busy(), timeout=60_000)


def _scrolled(widget: QWidget) -> bool:
    """Inside a scroll area's viewport: it may run past the edge and is reached by scrolling."""
    parent = widget.parentWidget()
    while parent is not None:
        grand = parent.parentWidget()
        if isinstance(grand, QAbstractScrollArea) and grand.viewport() is parent:
            return True
        parent = grand
    return False


def _sticking_out(window: MainWindow) -> list[str]:
    out = []
    for child in window.findChildren(QWidget):
        if child.isWindow() or not child.isVisible() or _scrolled(child):
            continue
        top_left = child.mapTo(window, QPoint(0, 0))
        right, bottom = top_left.x() + child.width(), top_left.y() + child.height()
        if right > window.width() or bottom > window.height():
            name = child.objectName() or type(child).__name__
            out.append(f"{name} to x={right}, y={bottom}")
    return out


@pytest.mark.parametrize("name", screen_names())
def test_every_screen_is_usable_at_1024_by_700(qtbot: QtBot, demo: Path, name: str) -> None:
    window = MainWindow(demo)
    qtbot.addWidget(window)
    window.resize(*SMALL)
    window.show()
    window.show_screen(name)
    _settled(qtbot, window)
    hint = window.minimumSizeHint()
    assert hint.width() <= SMALL[0] and hint.height() <= SMALL[1], (name, hint)
    assert (window.width(), window.height()) == SMALL  # not forced wider or taller
    assert _sticking_out(window) == []


@pytest.mark.parametrize("name", screen_names())
def test_screenshot_at_a_size_is_exactly_that_size(demo: Path, tmp_path: Path, name: str) -> None:
    out = tmp_path / f"{name}.png"
    assert (
        main(["--db", str(demo), "--screenshot", str(out), "--screen", name, "--size", "1024x700"])
        == 0
    )
    image = QImage(str(out))
    assert (image.width(), image.height()) == SMALL


@pytest.mark.parametrize("size", ["600x400", "1024x400"])
def test_a_size_too_small_for_the_screen_is_refused(
    demo: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str], size: str
) -> None:
    out = tmp_path / "shot.png"
    code = main(
        ["--db", str(demo), "--screenshot", str(out), "--screen", "dashboard", "--size", size]
    )
    assert code == 2
    said = capsys.readouterr().err
    least = re.search(
        rf"Cửa sổ không thu nhỏ được tới {size}: màn hình «dashboard» cần ít nhất (\d+)x(\d+)\.\n",
        said,
    )
    assert least is not None, said
    width, height = int(least.group(1)), int(least.group(2))
    wanted = tuple(int(n) for n in size.split("x"))
    assert width > wanted[0] or height > wanted[1]
    assert not out.exists()
    # The size named is enough: asked for it, the picture is exactly that size.
    assert main(["--db", str(demo), "--screenshot", str(out), "--size", f"{width}x{height}"]) == 0
    image = QImage(str(out))
    assert (image.width(), image.height()) == (width, height)


@pytest.mark.parametrize("size", ["1024", "1024x", "x700", "1024*700", "big", "0x0", "1024x700x2"])
def test_a_malformed_size_is_a_usage_error(
    tmp_path: Path, small_district: Path, capsys: pytest.CaptureFixture[str], size: str
) -> None:
    out = tmp_path / "shot.png"
    with pytest.raises(SystemExit) as stop:
        main(["--db", str(small_district), "--screenshot", str(out), "--size", size])
    assert stop.value.code == 2
    assert f"cỡ «{size}» không hợp lệ: viết RỘNGxCAO" in capsys.readouterr().err
    assert not out.exists()


def test_size_without_screenshot_is_a_usage_error(
    small_district: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["--db", str(small_district), "--size", "1024x700"]) == 2
    assert "--size chỉ dùng cùng với --screenshot." in capsys.readouterr().err


def test_a_window_is_placed_inside_the_available_area() -> None:
    frame = QMargins(8, 31, 8, 8)
    taskbar_less = QRect(0, 0, 1366, 728)  # 1366×768 with a 40-pixel task bar
    # Never placed before: 1280×800 does not fit, so it shrinks to what the screen has, centred.
    first = placed(QRect(0, 0, 1280, 800), frame, taskbar_less)
    assert first == QRect(43, 31, 1280, 689)
    # Remembered on a bigger screen, at a place off this one: inside again.
    assert placed(QRect(400, 300, 1800, 1000), frame, taskbar_less) == QRect(8, 31, 1350, 689)
    # Fits where it was: left alone.
    assert placed(QRect(100, 60, 900, 600), frame, taskbar_less) == QRect(100, 60, 900, 600)


OPEN_AND_TELL = """
import json, sys
from pathlib import Path
from PySide6.QtCore import QSettings
from PySide6.QtWidgets import QApplication
from desktop.ui.main import _application, open_window

app = _application()
if sys.argv[2] == "remember":  # as a window closed on a bigger screen left it
    from PySide6.QtWidgets import QMainWindow
    big = QMainWindow(); big.setGeometry(300, 200, 1800, 1000)
    QSettings().setValue("mainWindow/geometry", big.saveGeometry())
window = open_window(Path(sys.argv[1]))
for _ in range(5):
    app.processEvents()
outer, inner = window.frameGeometry(), window.geometry()
status = window.statusBar()
bottom = status.mapTo(window, status.rect().bottomLeft()).y() + inner.y()
print(json.dumps({"outer": outer.getRect(), "inner": inner.getRect(), "status_bottom": bottom}))
"""


@pytest.mark.parametrize("how", ["first", "remember"])
def test_the_window_opens_inside_a_1366_by_768_screen(
    small_district: Path, tmp_path: Path, how: str
) -> None:
    config = tmp_path / "screen.json"
    screen = {"name": "S", "x": 0, "y": 0, "width": 1366, "height": 768, "logicalDpi": 96}
    config.write_text(json.dumps({"windowFrameMargins": True, "screens": [screen]}))
    env = dict(os.environ, QT_QPA_PLATFORM=f"offscreen:configfile={config}")
    done = subprocess.run(
        [sys.executable, "-c", OPEN_AND_TELL, str(small_district), how],
        cwd=REPO,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode == 0, done.stderr
    seen = json.loads(done.stdout.splitlines()[-1])
    x, y, width, height = seen["outer"]
    assert x >= 0 and y >= 0 and x + width <= 1366 and y + height <= 768, seen
    assert seen["status_bottom"] <= 768
    if how == "first":
        assert seen["inner"][2:] == [1280, 764]  # as large as the screen allows, up to 1280×800


def test_the_dashboard_shows_each_target_name_whole_at_1024_by_700(
    qtbot: QtBot, demo: Path
) -> None:
    window = MainWindow(demo)
    qtbot.addWidget(window)
    window.resize(*SMALL)
    window.show()
    window.show_screen("dashboard")
    _settled(qtbot, window)
    table = window.findChild(QTableView, "dashboardTargets")
    assert table is not None and table.isVisible()
    model = table.model()
    metrics = table.fontMetrics()
    margin = 2 * (table.style().pixelMetric(QStyle.PixelMetric.PM_FocusFrameHMargin) + 1)
    assert model.rowCount() > 10
    cut = []
    for row in range(model.rowCount()):
        index = model.index(row, NAME)
        name = index.data()
        cell = table.visualRect(index)
        # The name wrapped at its cell's width (less the text margins) fits the row's height.
        needed = metrics.boundingRect(
            QRect(0, 0, cell.width() - margin, 10_000), Qt.TextFlag.TextWordWrap, name
        )
        if needed.width() > cell.width() - margin or needed.height() > cell.height():
            cut.append(f"{name} needs {needed.width()}×{needed.height()} in {cell.size()}")
        assert index.data(Qt.ItemDataRole.ToolTipRole) == name
    assert cut == []
