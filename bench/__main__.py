"""`make bench`: run every bench module, print a table, write bench/results.json.

Each entry is {"name", "value", "unit", "baseline", "ratio", "goal"}; ratios against a baseline
measured in the same run travel between machines better than seconds do. bench_startup runs first so
`startup_ratio` heads the table and the file; the other modules follow in name order.
"""

from __future__ import annotations

import importlib
import json
import sys
import tempfile
from pathlib import Path

HERE = Path(__file__).resolve().parent
RESULTS = HERE / "results.json"
FIRST = "bench_startup"


def _modules(selected: list[str]) -> list[str]:
    names = sorted(p.stem for p in HERE.glob("bench_*.py"))
    names.sort(key=lambda n: n != FIRST)  # stable: the rest keep their name order
    return [n for n in names if not selected or any(s in n for s in selected)]


def main(argv: list[str]) -> int:
    results: list[dict[str, object]] = []
    with tempfile.TemporaryDirectory(prefix="uniondesk-bench-") as scratch:
        for name in _modules(argv):
            module = importlib.import_module(f"bench.{name}")
            print(f"… {name}", file=sys.stderr, flush=True)
            module.run(results, Path(scratch))
    width = max((len(str(r["name"])) for r in results), default=10)
    print(f"{'name':<{width}}  {'value':>10}  {'unit':<6} {'baseline':>10}  {'ratio':>6}  goal")
    for r in results:
        print(
            f"{r['name']!s:<{width}}  {r['value']!s:>10}  {r['unit']!s:<6} "
            f"{r['baseline']!s:>10}  {r['ratio']!s:>6}  {r['goal']}"
        )
    RESULTS.write_text(json.dumps(results, ensure_ascii=False, indent=2) + "\n")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
