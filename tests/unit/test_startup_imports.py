"""What start-up imports: the heavy libraries wait until a screen or a command needs them, so the
window paints in about twice a bare PySide6 window's time (bench `startup_ratio`)."""

from __future__ import annotations

import json
import os
import subprocess
import sys

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
