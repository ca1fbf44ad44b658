"""member_search_keystroke_150k and member_table_rss_150k: the Đoàn viên screen at scale.

The keystroke entry types "nguyen van duc" one key at a time through the screen's search
service (p95 ms a key); its baseline is the same search as one SQL query per key. The RSS entry
opens the screen on 150,000 members in a fresh process; its baseline is a bare window process.
"""

from __future__ import annotations

import statistics
import subprocess
import sys
import time
from pathlib import Path

from bench.common import demo_database, entry

MEMBERS = 150_000
TYPED = "nguyen van duc"

RSS_CODE = """
import os, sys
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
from pathlib import Path
from PySide6.QtWidgets import QApplication, QTableView
app = QApplication([])
if sys.argv[1] == "screen":
    from desktop.ui.members_screen import MembersScreen
    from desktop.ui.tasks import SynchronousPool, TaskRunner
    widget = MembersScreen(Path(sys.argv[2]), runner=TaskRunner(pool=SynchronousPool()))
    widget.search.setText("nguyen")
    widget.apply()
else:
    widget = QTableView()
widget.resize(1200, 800)
widget.grab()
with open("/proc/self/status") as status:
    rss = next(int(line.split()[1]) for line in status if line.startswith("VmRSS"))
print(rss / 1024)
"""


def _p95(samples: list[float]) -> float:
    return statistics.quantiles(samples, n=20)[-1]


def _keystrokes(db: Path) -> tuple[float, float]:
    import sqlite3

    from desktop.services.member_search import MemberIndex
    from desktop.store import Store

    store = Store(db)
    con = sqlite3.connect(f"file:{db}?mode=ro", uri=True)  # the plain-SQL scan compared against
    ours: list[float] = []
    sql: list[float] = []
    for _ in range(3):
        with store.reading() as reading:
            index = MemberIndex(reading)
        typed = ""
        for char in TYPED:
            typed += char
            start = time.perf_counter()
            index.find(typed)
            ours.append((time.perf_counter() - start) * 1000)
            words = typed.split()
            where = " AND ".join("instr(' ' || name_key, ?) > 0" for _ in words) or "1"
            start = time.perf_counter()
            con.execute(
                f"SELECT id FROM member WHERE deleted_at IS NULL AND {where} ORDER BY sort_key",
                [" " + w for w in words],
            ).fetchall()
            sql.append((time.perf_counter() - start) * 1000)
    con.close()
    store.close()
    return _p95(ours), _p95(sql)


def _rss(*args: str) -> float:
    done = subprocess.run(
        [sys.executable, "-c", RSS_CODE, *args], check=True, capture_output=True, text=True
    )
    return float(done.stdout.strip().splitlines()[-1])


def run(results: list[dict[str, object]], scratch: Path) -> None:
    db = demo_database(scratch, MEMBERS)
    ours, sql = _keystrokes(db)
    results.append(entry("member_search_keystroke_150k", ours, "ms p95", sql, "≤ 50 ms"))
    screen, bare = _rss("screen", str(db)), _rss("bare")
    results.append(entry("member_table_rss_150k", screen, "MB", bare, "≤ 300 MB"))
