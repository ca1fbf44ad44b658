"""`make bench`: startup_ratio is the first entry of the printed table and of results.json."""

from __future__ import annotations

import json
import types
from pathlib import Path

import pytest

import bench.__main__ as bench_main


def test_bench_startup_runs_first_then_the_others_by_name() -> None:
    names = bench_main._modules([])
    assert names[0] == "bench_startup"
    assert names[1:] == sorted(names[1:])
    assert {"bench_members", "bench_progress", "bench_sync"} <= set(names)
    assert bench_main._modules(["progress", "startup"]) == ["bench_startup", "bench_progress"]


def test_startup_ratio_heads_the_table_and_the_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    ran: list[str] = []

    def fake(name: str) -> types.SimpleNamespace:
        short = name.removeprefix("bench.")

        def run(results: list[dict[str, object]], scratch: Path) -> None:
            ran.append(short)
            label = "startup_ratio" if short == "bench_startup" else f"{short}_seconds"
            results.append(
                {
                    "name": label,
                    "value": 1.0,
                    "unit": "s",
                    "baseline": 1.0,
                    "ratio": 1.0,
                    "goal": "—",
                }
            )

        return types.SimpleNamespace(run=run)

    monkeypatch.setattr(bench_main.importlib, "import_module", fake)
    monkeypatch.setattr(bench_main, "RESULTS", tmp_path / "results.json")
    assert bench_main.main(["members", "startup", "progress"]) == 0
    assert ran == ["bench_startup", "bench_members", "bench_progress"]
    table = capsys.readouterr().out.splitlines()
    assert table[0].split() == ["name", "value", "unit", "baseline", "ratio", "goal"]
    assert table[1].split()[0] == "startup_ratio"
    written = json.loads((tmp_path / "results.json").read_text(encoding="utf-8"))
    assert [r["name"] for r in written] == [
        "startup_ratio",
        "bench_members_seconds",
        "bench_progress_seconds",
    ]
