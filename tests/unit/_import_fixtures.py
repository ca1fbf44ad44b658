"""A new Ba Tri office with its grassroots unions imported from the LibreOffice fixture, and
copies of the fixture files in a temporary folder (an error workbook is written beside its input)."""

from __future__ import annotations

import shutil
import sqlite3
from datetime import date
from pathlib import Path
from typing import Any

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures" / "import"
TODAY = date(2024, 6, 30)


def fixture_copy(tmp_path: Path, name: str) -> Path:
    target = tmp_path / name
    shutil.copyfile(FIXTURES / name, target)
    return target


def new_office(tmp_path: Path) -> Path:
    """The office's file, closed again: a test may copy it, and an open handle would keep the
    newest writes in the write-ahead log beside it, which a copy of the file alone misses."""
    from desktop.services.office import init_office
    from desktop.store import Store

    db_path = tmp_path / "batri.sqlite"
    with Store(db_path) as store:
        init_office(
            store,
            role="district",
            unit_code="LDLD-BATRI",
            unit_name="Liên đoàn Lao động huyện Ba Tri",
            district_code="836",
        )
    return db_path


def run_import(db_path: Path, request: Any, **options: Any) -> Any:
    """The import service on the file at `db_path`, opened as found (as a command opens it with
    --dry-run) in a store of its own, closed again so the file is whole on disk afterwards."""
    from desktop.services.importing import run_import as service
    from desktop.store import Store

    with Store(db_path, migrate=False) as store:
        return service(store, request, **options)


def office_with_unions(tmp_path: Path) -> Path:
    from desktop.services.importing import ImportRequest

    db_path = new_office(tmp_path)
    run_import(db_path, ImportRequest("unions", fixture_copy(tmp_path, "unions.xlsx"), today=TODAY))
    return db_path


def rows(db_path: Path, sql: str) -> list[tuple[object, ...]]:
    with sqlite3.connect(db_path) as con:
        return con.execute(sql).fetchall()


def count(db_path: Path, table: str) -> int:
    return rows(db_path, f"SELECT COUNT(*) FROM {table}")[0][0]  # type: ignore[return-value]
