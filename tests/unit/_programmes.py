"""A second programme year for tests: the small 2025 fixture shipped beside 2024, and records that
reach 2025."""

from __future__ import annotations

import shutil
import sqlite3
from pathlib import Path

import pytest

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "programmes"


def ship_2025(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """The app's programme folder with tests/fixtures/programmes/2025.json added; returns it."""
    from desktop.programme.loader import programmes_dir

    resources = tmp_path / "resources"
    shutil.copytree(programmes_dir(), resources / "programmes")
    shutil.copy(FIXTURES / "2025.json", resources / "programmes" / "2025.json")
    monkeypatch.setattr("desktop.programme.loader.resources_dir", lambda: resources)
    return resources / "programmes"


def readmit_in_march_2025(path: Path) -> None:
    """One former member of the database comes back on 03/03/2025: the records reach 2025."""
    with sqlite3.connect(path) as con:
        member, union = con.execute("SELECT id, union_id FROM member LIMIT 1").fetchone()
        con.execute(
            "INSERT INTO member_event (id, unit_code, member_id, kind, event_date, to_union_id, "
            "reason, created_at, updated_at) VALUES ('e2025', '', ?, 'readmitted', '2025-03-03', "
            "?, '', '2025-03-03', '2025-03-03')",
            (member, union),
        )
    con.close()
