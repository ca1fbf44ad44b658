"""merge_pg_12x12500: twelve offices' bundles of 12,500 members merged into a province's
PostgreSQL database vs PostgreSQL's own COPY of the same rows read from the offices' files.

The cluster is a throwaway one (tests/pg_cluster.py: a temporary folder, fsync off, both runs
alike); where PostgreSQL is not installed the entry is left out, saying so. First measured on a
shared two-CPU machine under load: 186 s against a COPY of 85 s (2.2×), about 840,000 rows. Since
the merge copies each table's rows in with COPY and counts each office's month ahead (statistics
gathered, moves kept): 39 s against 22 s (1.7×) on the same machine, where the earlier merge took
55 s against 24 s.
"""

from __future__ import annotations

import sqlite3
import sys
import time
from pathlib import Path

from bench.bench_sync import _keys, _office, _quiet, _scaled_unit, _trust
from bench.common import demo_database, entry
from desktop.store import shared

UNITS = 12
MEMBERS = 12500
PROVINCE = ("LDLD-BENTRE", "Liên đoàn Lao động tỉnh Bến Tre")


def _bundles(
    scratch: Path, province: str, units: int, members: int
) -> tuple[list[Path], list[Path]]:
    """Each office's bundle for June 2024, and the office files they were made from."""
    from desktop.sync.keys import create_office_keys
    from desktop.sync.office.export import export_bundle

    small = demo_database(scratch, members)
    bundles, sources = [], []
    for index in range(units):
        code = f"LDLD-P{index:02d}"
        unit = scratch / f"pg-unit-{index}.sqlite"
        _scaled_unit(small, unit, code)
        create_office_keys(shared(unit), passphrase=_quiet)
        _trust(unit, province, scratch, code)  # type: ignore[arg-type]
        out = scratch / f"pg-unit-{index}.udb"
        export_bundle(shared(unit), "2024-06", out, passphrase=_quiet)
        bundles.append(out)
        sources.append(unit)
    return bundles, sources


def _copy(sources: list[Path], url: str) -> None:
    """The floor: every synchronised row of each office file COPYed into the province's tables."""
    import psycopg

    from desktop.sync.format.tables import TABLE_ORDER

    tables = [t for t in TABLE_ORDER if t not in ("progress_entry", "narrative")]
    with psycopg.connect(url) as pg:
        for index, source in enumerate(sources):
            office = sqlite3.connect(source)
            for table in tables:
                cursor = office.execute(f"SELECT * FROM {table}")
                names = [d[0] for d in cursor.description if d[0] != "unit_code"]
                keep = [i for i, d in enumerate(cursor.description) if d[0] != "unit_code"]
                sql = f"COPY {table} ({', '.join(names)}, unit_code) FROM STDIN"
                with pg.cursor().copy(sql) as copy:
                    for row in cursor:
                        copy.write_row([*(row[i] for i in keep), f"U{index}"])
            office.close()
            pg.commit()


def measure(scratch: Path, units: int = UNITS, members: int = MEMBERS) -> tuple[float, float]:
    """(seconds of `bundle merge` of the bundles, seconds of the COPY floor)."""
    from desktop.services.bundles import process_files
    from desktop.store import Store
    from tests.pg_cluster import Cluster

    _keys()
    cluster = Cluster()
    try:
        province = cluster.new_database()
        _office(province, "province", *PROVINCE)  # type: ignore[arg-type]
        bundles, sources = _bundles(scratch, province, units, members)
        with Store(province) as store:
            start = time.perf_counter()
            verdicts = process_files(store, bundles, write=True, passphrase=_quiet)
            ours = time.perf_counter() - start
        assert all(v.verdict == "merged" for v in verdicts), [v.message for v in verdicts]
        floor = cluster.new_database()
        _office(floor, "province", *PROVINCE)  # type: ignore[arg-type]
        start = time.perf_counter()
        _copy(sources, floor)
        plain = time.perf_counter() - start
    finally:
        cluster.stop()
    return ours, plain


def run(results: list[dict[str, object]], scratch: Path) -> None:
    from tests.pg_cluster import binaries

    if binaries() is None:
        print("merge_pg_12x12500: PostgreSQL is not installed here, left out", file=sys.stderr)
        return
    ours, plain = measure(scratch)
    results.append(entry("merge_pg_12x12500", ours, "s", plain, "≤ 3×"))
