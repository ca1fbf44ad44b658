"""province_progress_300k: every target province-wide for one month on a province's PostgreSQL
database holding twelve offices of 25,000 members, vs the same facts as bare counts there.

The offices' rows are COPYed in (as bench_merge_pg's floor does): the bench times the figures,
not the merge. The cluster is a throwaway one (tests/pg_cluster.py); where PostgreSQL is not
installed the entry is left out, saying so.
"""

from __future__ import annotations

import sys
import time
from pathlib import Path

from bench.bench_progress import PLAIN
from bench.common import demo_database, entry

UNITS = 12
MEMBERS = 25000
PROVINCE = ("LDLD-BENTRE", "Liên đoàn Lao động tỉnh Bến Tre")
WINDOWS = ({"a": "2024-06-01", "b": "2024-06-30"}, {"a": "2024-01-01", "b": "2024-06-30"})


def _plain(url: str) -> None:
    import psycopg

    with psycopg.connect(url) as pg:
        for window in WINDOWS:
            for sql in PLAIN:
                pg.execute(sql.replace(":a", "%(a)s").replace(":b", "%(b)s"), window).fetchall()


def measure(scratch: Path, units: int = UNITS, members: int = MEMBERS) -> tuple[float, float]:
    """(seconds of `progress` province-wide for 06/2024, seconds of the bare counts)."""
    from bench.bench_merge_pg import _copy
    from bench.bench_sync import _keys, _office, _scaled_unit
    from desktop.services.progress import ensure_programme, progress_for
    from desktop.store import Store
    from tests.pg_cluster import Cluster

    _keys()
    small = demo_database(scratch, members)
    sources = []
    for index in range(units):
        unit = scratch / f"province-unit-{members}-{index}.sqlite"
        if not unit.exists():
            _scaled_unit(small, unit, f"LDLD-P{index:02d}")
        sources.append(unit)
    cluster = Cluster()
    try:
        province = cluster.new_database()
        _office(province, "province", *PROVINCE)  # type: ignore[arg-type]
        _copy(sources, province)
        with Store(province) as store:
            ensure_programme(store, 2024)
            progress_for(store, "2024-06")  # the server's cache warmed, as for the floor below
            start = time.perf_counter()
            report = progress_for(store, "2024-06")
            ours = time.perf_counter() - start
        assert report.targets and not report.programme_missing
        _plain(province)
        start = time.perf_counter()
        _plain(province)
        plain = time.perf_counter() - start
    finally:
        cluster.stop()
    return ours, plain


def run(results: list[dict[str, object]], scratch: Path) -> None:
    from tests.pg_cluster import binaries

    if binaries() is None:
        print("province_progress_300k: PostgreSQL is not installed here, left out", file=sys.stderr)
        return
    ours, plain = measure(scratch)
    # First measured at 21 s (bare counts 3.8 s) on two shared CPUs: a month's figures for a
    # whole province within half a minute, while most of the time is spent rebuilding each
    # member's history in Python.
    results.append(entry("province_progress_300k", ours, "s", plain, "≤ 30 s"))
