"""desktop/sync/ in three parts that show the flow (issue 12): the format below, the office side
and the province side above it, neither side importing the other, and no file circles inside."""

from __future__ import annotations

import ast
from pathlib import Path

SYNC = Path(__file__).resolve().parents[2] / "desktop" / "sync"


def _module(path: Path) -> str:
    parts = path.relative_to(SYNC.parents[1]).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def _graph() -> dict[str, set[str]]:
    """Each sync module → the sync modules it imports (at the top or inside a function)."""
    paths = {_module(path): path for path in SYNC.rglob("*.py")}
    graph: dict[str, set[str]] = {}
    for name, path in paths.items():
        found: set[str] = set()
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.ImportFrom) and node.module:
                for alias in node.names:
                    whole = f"{node.module}.{alias.name}"
                    found.add(whole if whole in paths else node.module)
            elif isinstance(node, ast.Import):
                found.update(alias.name for alias in node.names)
        graph[name] = {m for m in found if m in paths and m != "desktop.sync" and m != name}
    return graph


def _offenders(part: str, forbidden: tuple[str, ...]) -> list[str]:
    return sorted(
        f"{name} -> {dep}"
        for name, deps in _graph().items()
        if name.startswith(f"desktop.sync.{part}")
        for dep in deps
        if dep.startswith(forbidden)
    )


def test_the_three_parts_exist() -> None:
    for part in ("format", "office", "province"):
        assert len(list((SYNC / part).glob("*.py"))) >= 4, part


def test_the_format_imports_neither_side_nor_the_keys() -> None:
    shared = tuple(f"desktop.sync.{m}" for m in ("keys", "keystore", "ledger", "verify"))
    assert _offenders("format", ("desktop.sync.office", "desktop.sync.province", *shared)) == []


def test_the_office_and_the_province_do_not_import_each_other() -> None:
    assert _offenders("office", ("desktop.sync.province",)) == []
    assert _offenders("province", ("desktop.sync.office",)) == []


def test_the_shared_keys_and_ledger_import_neither_side() -> None:
    top = [name for name in _graph() if name.count(".") == 2]
    assert len(top) >= 6
    offenders = [
        f"{name} -> {dep}"
        for name in top
        for dep in _graph()[name]
        if dep.startswith(("desktop.sync.office", "desktop.sync.province"))
    ]
    assert offenders == []


def test_no_file_circles_inside_sync() -> None:
    graph = _graph()
    circles: list[str] = []

    def walk(name: str, path: list[str]) -> None:
        for dep in sorted(graph[name]):
            if dep in path:
                circles.append(" -> ".join([*path[path.index(dep) :], dep]))
            elif dep not in done:
                walk(dep, [*path, dep])
        done.add(name)

    done: set[str] = set()
    for start in sorted(graph):
        if start not in done:
            walk(start, [start])
    assert circles == []
