"""The layering rule of STYLE.md: Qt only under desktop/ui/, and the UI never opens a session."""

from __future__ import annotations

import ast
from pathlib import Path

PACKAGE = Path(__file__).resolve().parents[2] / "desktop"


def _imports(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    found: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module:
            found.add(node.module)
    return found


def _modules() -> list[Path]:
    return sorted(PACKAGE.rglob("*.py"))


def test_package_has_modules_to_check() -> None:
    assert len(_modules()) > 10


def test_qt_is_imported_only_under_ui() -> None:
    offenders = [
        str(path.relative_to(PACKAGE))
        for path in _modules()
        if "ui" not in path.relative_to(PACKAGE).parts[:1]
        and any(name.split(".")[0] in {"PySide6", "shiboken6"} for name in _imports(path))
    ]
    assert offenders == []


def test_ui_never_opens_a_database_session() -> None:
    offenders = []
    for path in (PACKAGE / "ui").rglob("*.py"):
        imported = _imports(path)
        text = path.read_text(encoding="utf-8")
        if any(n.startswith("sqlalchemy") for n in imported) or ".session()" in text:
            offenders.append(path.name)
    assert offenders == []
