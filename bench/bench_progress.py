"""progress_month_30k: every target for one month on a 30,000-member district vs plain SQL counts."""

from __future__ import annotations

import sqlite3
import time
from pathlib import Path

from bench.common import demo_database, entry
from desktop.store import shared

# The same facts as the engine reads, as bare counts: the floor any implementation pays.
PLAIN = (
    "SELECT COUNT(*) FROM member_event WHERE kind IN ('admitted','readmitted') AND event_date BETWEEN :a AND :b",
    "SELECT kind, COUNT(*) FROM member_event WHERE event_date <= :b GROUP BY member_id, kind",
    "SELECT COUNT(*) FROM grassroots_union WHERE founded_on BETWEEN :a AND :b",
    "SELECT COUNT(*) FROM member WHERE party_introduced_on BETWEEN :a AND :b",
    "SELECT COUNT(*) FROM grassroots_union WHERE chair_elected_on BETWEEN :a AND :b",
    "SELECT COUNT(*) FROM union_rating WHERE year = 2024",
    "SELECT COUNT(*) FROM activity WHERE kind = 'house' AND held_on BETWEEN :a AND :b",
    "SELECT member_id, status FROM household_review WHERE reviewed_on <= :b",
    "SELECT COUNT(*) FROM inspection WHERE inspected_on BETWEEN :a AND :b",
    "SELECT COUNT(*) FROM complaint WHERE received_on BETWEEN :a AND :b",
    "SELECT COUNT(*) FROM member WHERE smartca_installed_on BETWEEN :a AND :b",
)


def _plain(db: Path) -> None:
    con = sqlite3.connect(db)
    for window in ({"a": "2024-06-01", "b": "2024-06-30"}, {"a": "2024-01-01", "b": "2024-06-30"}):
        for sql in PLAIN:
            con.execute(sql, window).fetchall()
    con.close()


def run(results: list[dict[str, object]], scratch: Path) -> None:
    from desktop.services.progress import ensure_programme, progress_for

    db = demo_database(scratch, 30000)
    ensure_programme(shared(db), 2024)
    progress_for(shared(db), "2024-06")  # warm the file cache
    start = time.perf_counter()
    progress_for(shared(db), "2024-06")
    ours = time.perf_counter() - start
    start = time.perf_counter()
    _plain(db)
    plain = time.perf_counter() - start
    results.append(entry("progress_month_30k", ours, "s", plain, "≤ 1 s and ≤ 3×"))
