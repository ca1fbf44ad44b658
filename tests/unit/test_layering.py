"""The layering rule of STYLE.md: Qt only under desktop/ui/, the UI never opens a session, and
the store (desktop/store/) is the one way into a database: the only importer of sqlite3."""

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


def _sqlite_users() -> list[str]:
    """Modules outside desktop/store/ that import sqlite3 (the store is the one way in)."""
    return [
        str(path.relative_to(PACKAGE))
        for path in _modules()
        if path.relative_to(PACKAGE).parts[0] != "store" and "sqlite3" in _imports(path)
    ]


def test_sqlite3_is_imported_only_by_the_store() -> None:
    assert _sqlite_users() == []


def test_the_store_imports_no_qt() -> None:
    offenders = [
        path.name
        for path in sorted((PACKAGE / "store").rglob("*.py"))
        if any(name.split(".")[0] in {"PySide6", "shiboken6"} for name in _imports(path))
    ]
    assert offenders == []
    assert (PACKAGE / "store" / "handle.py").exists()  # the folder this checks is the store's


def test_ui_and_cli_import_nothing_of_sync() -> None:
    """The window and the command line call use cases in desktop/services (bundles, keys,
    sync_status); desktop/sync stays behind them."""
    offenders = [
        str(path.relative_to(PACKAGE))
        for part in ("ui", "cli")
        for path in sorted((PACKAGE / part).rglob("*.py"))
        if any(name.startswith("desktop.sync") for name in _imports(path))
    ]
    assert offenders == []


def _ui_and_cli_importing(*prefixes: str) -> list[str]:
    return [
        str(path.relative_to(PACKAGE))
        for part in ("ui", "cli")
        for path in sorted((PACKAGE / part).rglob("*.py"))
        if any(name == p or name.startswith(p + ".") for name in _imports(path) for p in prefixes)
    ]


def test_ui_and_cli_reach_a_database_only_through_services() -> None:
    """No driver, no SQLAlchemy: the window and the commands hold a Store and call services."""
    assert _ui_and_cli_importing("sqlite3", "sqlalchemy") == []


def test_ui_and_cli_import_nothing_of_the_importer_or_the_reports_builders() -> None:
    """Imports and reports are use cases in desktop/services (importing, reports)."""
    assert _ui_and_cli_importing("desktop.importer", "desktop.reports") == []
