"""A target's pacing rule lives with the target, so a programme that reached the office only in a
province package (no file shipped for its year) keeps it; older databases get it by migration."""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path

from desktop.programme.loader import load_programme, parse_programme, shipped_programme
from desktop.services.progress import progress_for
from desktop.store import Store, shared
from desktop.store.schema import ensure_schema

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures"


def test_a_packaged_programme_keeps_its_pacing(small_district: Path, tmp_path: Path) -> None:
    data = json.loads((FIXTURES / "programmes" / "2025.json").read_text(encoding="utf-8"))
    for target in data["targets"]:
        if target["code"] == "B":
            target["pacing"] = "year_end"
    source = tmp_path / "programme.json"  # as a province package carries it
    source.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    assert shipped_programme(2025) is None
    db = Store(small_district)
    with db.session() as session:
        load_programme(session, parse_programme(source))
    db.close()
    pacing = {t.code: t.pacing for t in progress_for(shared(small_district), "2025-03").targets}
    assert pacing == {"A": "linear", "B": "year_end"}


def test_older_databases_get_the_2024_rules(tmp_path: Path) -> None:
    path = tmp_path / "r3.sqlite"
    with sqlite3.connect(path) as con:
        con.executescript(
            (FIXTURES / "schema" / "0003_import_mapping.sql").read_text(encoding="utf-8")
        )
    ensure_schema(path)
    with sqlite3.connect(path) as con:
        found = dict(con.execute("SELECT code, pacing FROM target"))
    shipped = {t.code: t.pacing for t in shipped_programme(2024).targets}  # type: ignore[union-attr]
    assert found == shipped
    assert found["6b"] == "year_end" and found["9e"] == "level" and found["2a"] == "linear"
