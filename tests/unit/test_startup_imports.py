"""What start-up imports: the heavy libraries wait until a screen or a command needs them, so the
window paints in about twice a bare PySide6 window's time (bench `startup_ratio`)."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

HEAVY = ("sqlalchemy", "alembic", "openpyxl", "reportlab", "PySide6.QtCharts", "python_calamine")


def test_the_start_up_path_imports_no_heavy_library() -> None:
    code = (
        "import json, sys\n"
        "import desktop.app, desktop.ui.main, desktop.ui.main_window as w\n"
        "w._report_titles(); w.screen_names()\n"
        "from desktop.cli.parser import build_parser; build_parser()\n"
        f"print(json.dumps([m for m in {HEAVY!r} if m in sys.modules]))\n"
    )
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen"}
    out = subprocess.run(
        [sys.executable, "-c", code], check=True, capture_output=True, text=True, env=env
    ).stdout
    assert json.loads(out) == []


def test_the_window_paints_its_cards_before_sqlalchemy_or_qtcharts_load(
    small_district: Path, tmp_path: Path
) -> None:
    # The start a double-click takes (`uniondesk --db FILE`), stopped where the event loop would
    # begin: the pending events handled once and the window painted, as the bench measures it.
    code = (
        "import json, sys\n"
        "import desktop.ui.main as gui\n"
        "from PySide6.QtWidgets import QLabel\n"
        "def first_paint(app):\n"
        "    window = gui._windows[-1]\n"
        "    app.processEvents()\n"
        "    window.grab().save(sys.argv[1])\n"
        "    heavy = [m for m in json.loads(sys.argv[3]) if m in sys.modules]\n"
        "    cards = {n: window.findChild(QLabel, 'value_' + n).text()\n"
        "             for n in ('unions', 'members', 'admitted')}\n"
        "    waiting = [window.findChild(QLabel, n).text()\n"
        "               for n in ('memberTrendWaiting', 'dashboardTargetsTitle')]\n"
        "    print(json.dumps({'heavy': heavy, 'cards': cards, 'waiting': waiting}))\n"
        "    return 0\n"
        "gui._event_loop = first_paint\n"
        "from desktop.app import main\n"
        "sys.exit(main(['--db', sys.argv[2]]))\n"
    )
    env = {
        **os.environ,
        "QT_QPA_PLATFORM": "offscreen",
        "UNIONDESK_DATA_DIR": str(tmp_path / "data"),
        "XDG_CONFIG_HOME": str(tmp_path / "config"),
    }
    picture = tmp_path / "first.png"
    out = subprocess.run(
        [sys.executable, "-c", code, str(picture), str(small_district), json.dumps(HEAVY)],
        check=True,
        capture_output=True,
        text=True,
        env=env,
    ).stdout
    seen = json.loads(out.splitlines()[-1])
    assert seen["heavy"] == []
    # The small district: three unions at work (one dissolved), eight members at the year's end,
    # four admitted in 2024 (Thủy, Ấn, Hòa, Yến).
    assert seen["cards"] == {"unions": "3", "members": "8", "admitted": "4"}
    # What follows the paint says that it is coming.
    assert seen["waiting"] == ["Đang vẽ biểu đồ…", "Tiến độ chỉ tiêu: đang tính…"]
    assert picture.stat().st_size > 10_000
