"""demo_province_seconds: `uniondesk demo PATH --province` as shipped (five offices of about 800
members, their twelve monthly bundles exported and merged at the province), against the same
members generated as one demo district (no keys, no bundles, no merge). Goal: well under a minute.

`demo_province_database(scratch)` gives the province it made to the benches that need one.
"""

from __future__ import annotations

import time
from pathlib import Path

from bench.common import entry


def demo_province_database(scratch: Path) -> Path:
    """The default demo province, made once per bench run and shared."""
    path = scratch / "demo-province.sqlite"
    if not path.exists():
        from desktop.demo.province import make_demo_province

        make_demo_province(path, keep_key=False)
    return path


def run(results: list[dict[str, object]], scratch: Path) -> None:
    from desktop.demo import generate_demo
    from desktop.demo.province import DEFAULT_MEMBERS, DEFAULT_OFFICES

    start = time.perf_counter()
    generate_demo(
        scratch / "district-as-province.sqlite", members=DEFAULT_MEMBERS * DEFAULT_OFFICES
    )
    district = time.perf_counter() - start
    path = scratch / "demo-province.sqlite"
    path.unlink(missing_ok=True)
    start = time.perf_counter()
    demo_province_database(scratch)
    province = time.perf_counter() - start
    results.append(entry("demo_province_seconds", province, "s", district, "< 60 s"))
