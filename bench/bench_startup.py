"""startup_ratio: process start to a painted main window on the demo district vs a bare window.

Both sides are whole processes that build their window, paint it into a pixmap and exit, so the
ratio counts interpreter start, imports, database open and the first paint alike.
"""

from __future__ import annotations

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


def _timed(command: list[str]) -> float:
    start = time.perf_counter()
    subprocess.run(command, check=True, capture_output=True)
    return time.perf_counter() - start


def run(results: list[dict[str, object]], scratch: Path) -> None:
    db = demo_database(scratch, 5000)
    out = scratch / "shot.png"
    app_cmd = [sys.executable, "-m", "desktop", "--db", str(db), "--screenshot", str(out)]
    bare_cmd = [sys.executable, "-c", BARE, str(out)]
    _timed(app_cmd)  # warm the OS file cache and Python's bytecode cache once
    _timed(bare_cmd)
    app_times, bare_times = [], []
    for _ in range(7):
        app_times.append(_timed(app_cmd))
        bare_times.append(_timed(bare_cmd))
    app, bare = statistics.median(app_times), statistics.median(bare_times)
    results.append(entry("startup_ratio", app / bare, "ratio", 1.0, "≤ 3.0"))
    results.append(entry("startup_seconds", app, "s", bare, "—"))
