"""Helpers shared by the bench modules."""

from __future__ import annotations

import statistics
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path


def entry(
    name: str, value: float, unit: str, baseline: float | None, goal: str
) -> dict[str, object]:
    ratio = round(value / baseline, 2) if baseline else None
    return {
        "name": name,
        "value": round(value, 3),
        "unit": unit,
        "baseline": None if baseline is None else round(baseline, 3),
        "ratio": ratio,
        "goal": goal,
    }


def median_seconds(fn: Callable[[], object], repeat: int = 5) -> float:
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        fn()
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def run_python(code: str, *args: str) -> None:
    subprocess.run([sys.executable, "-c", code, *args], check=True, capture_output=True)


def demo_database(scratch: Path, members: int) -> Path:
    """A demo district of `members` members, made once per bench run and shared."""
    path = scratch / f"demo-{members}.sqlite"
    if not path.exists():
        from desktop.demo import generate_demo

        generate_demo(path, members=members, seed=1)
    return path
