"""startup_ratio: process start to the main window's first paint on the demo district, against a
bare PySide6 window's process start to its first paint.

The app side takes the path a double-click takes (`uniondesk --db FILE`: the lock file, the
schema check, the login check, the window with its Tổng quan cards, the backup schedule) and,
where the event loop would begin, handles the pending events once and paints the window into a
pixmap: what the user first sees. The member chart and the targets' panel load after that paint
(desktop/ui/dashboard.py), so they are not in it; `startup_settled_ratio` is the same start up
to the `--screenshot` picture, which waits for them too (no goal: reported so that it is seen).
Both sides are whole processes, so the ratios count interpreter start, imports, the database's
open and the paint alike.
"""

from __future__ import annotations

import os
import statistics
import subprocess
import sys
import time
from pathlib import Path

from bench.common import demo_database, entry

BARE = """
import sys
from PySide6.QtWidgets import QApplication, QLabel, QMainWindow
app = QApplication(sys.argv)
window = QMainWindow()
window.setCentralWidget(QLabel("Union Desk"))
window.resize(1280, 800)
window.grab().save(sys.argv[1])
"""

# argv: OUT.png FILE. The window's start as `uniondesk --db FILE`, up to its first paint.
FIRST_PAINT = """
import sys
import desktop.ui.main as gui

def first_paint(app):
    window = gui._windows[-1]
    app.processEvents()
    window.grab().save(sys.argv[1])
    print(sorted(m for m in ("sqlalchemy", "PySide6.QtCharts") if m in sys.modules))
    return 0

gui._event_loop = first_paint
from desktop.app import main
sys.exit(main(["--db", sys.argv[2]]))
"""


def _timed(command: list[str]) -> float:
    # Bytecode is cached as on an office's PC (an install writes it; PyInstaller ships it).
    env = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
    start = time.perf_counter()
    subprocess.run(command, check=True, capture_output=True, env=env)
    return time.perf_counter() - start


def _median(command: list[str], runs: int) -> float:
    return statistics.median(_timed(command) for _ in range(runs))


def run(results: list[dict[str, object]], scratch: Path) -> None:
    db = demo_database(scratch, 5000)
    out = scratch / "shot.png"
    first_cmd = [sys.executable, "-c", FIRST_PAINT, str(out), str(db)]
    settled_cmd = [sys.executable, "-m", "desktop", "--db", str(db), "--screenshot", str(out)]
    bare_cmd = [sys.executable, "-c", BARE, str(out)]
    for command in (first_cmd, settled_cmd, bare_cmd):
        _timed(command)  # warm the OS file cache and Python's bytecode cache once
    app_times, bare_times = [], []
    for _ in range(9):  # interleaved, so a busy moment of the machine falls on both sides
        app_times.append(_timed(first_cmd))
        bare_times.append(_timed(bare_cmd))
    app, bare = statistics.median(app_times), statistics.median(bare_times)
    settled = _median(settled_cmd, 5)
    results.append(entry("startup_ratio", app / bare, "ratio", 1.0, "≤ 3.0"))
    results.append(entry("startup_seconds", app, "s", bare, "—"))
    results.append(entry("startup_settled_ratio", settled / bare, "ratio", 1.0, "—"))
