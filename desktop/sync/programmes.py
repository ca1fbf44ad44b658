"""Programme references in bundles: targets by (year, code), task areas by (year, number).

Each office loads the programme itself, so target UUIDs differ between databases; bundles name
targets by their programme's year and code and the merge maps them to the province's own rows.
"""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from desktop.sync import messages
from desktop.sync.errors import BundleRefused


@dataclass(frozen=True)
class ProgrammeIds:
    targets: dict[tuple[int, str], str]
    task_areas: dict[tuple[int, int], str]


def _years(rows: dict[str, list[list[Any]]]) -> set[int]:
    return {r[1] for r in rows["progress_entry"]} | {r[1] for r in rows["narrative"]}


def _known(db_path: Path, years: set[int]) -> tuple[set[int], ProgrammeIds]:
    con = sqlite3.connect(f"file:{db_path}?mode=ro", uri=True)
    try:
        marks = ", ".join("?" for _ in years)
        loaded = {
            r[0]
            for r in con.execute(
                f"SELECT year FROM programme WHERE deleted_at IS NULL AND year IN ({marks})",
                tuple(years),
            )
        }
        targets = {
            (y, c): i
            for y, c, i in con.execute(
                "SELECT p.year, t.code, t.id FROM target t JOIN programme p ON p.id = t.programme_id "
                f"WHERE p.deleted_at IS NULL AND t.deleted_at IS NULL AND p.year IN ({marks})",
                tuple(years),
            )
        }
        areas = {
            (y, n): i
            for y, n, i in con.execute(
                "SELECT p.year, a.number, a.id FROM task_area a JOIN programme p ON p.id = "
                f"a.programme_id WHERE p.deleted_at IS NULL AND a.deleted_at IS NULL AND p.year IN ({marks})",
                tuple(years),
            )
        }
    finally:
        con.close()
    return loaded, ProgrammeIds(targets, areas)


def check_programme_refs(db_path: Path, rows: dict[str, list[list[Any]]], file: str) -> None:
    """Every entry and narrative names a target or task area this office has or ships."""
    from desktop.programme.loader import shipped_programme

    years = _years(rows)
    if not years:
        return
    loaded, ids = _known(db_path, years)
    targets, areas = set(ids.targets), set(ids.task_areas)
    for year in years - loaded:
        programme = shipped_programme(year)
        if programme is None:
            raise BundleRefused(
                messages.NO_PROGRAMME_AT_PROVINCE.format(file=file, year=year), "records"
            )
        targets |= {(year, t.code) for t in programme.targets}
        areas |= {(year, a.number) for a in programme.task_areas}
    for table, known in (("progress_entry", targets), ("narrative", areas)):
        for number, row in enumerate(rows[table], start=1):
            if (row[1], row[2]) not in known:
                raise BundleRefused(
                    messages.UNKNOWN_TARGET.format(
                        file=file, table=table, row=number, year=row[1], code=row[2]
                    ),
                    "records",
                )


def programme_ids(db_path: Path, rows: dict[str, list[list[Any]]]) -> ProgrammeIds:
    """The province's ids for the bundle's references, loading a shipped programme if needed."""
    years = _years(rows)
    if not years:
        return ProgrammeIds({}, {})
    loaded, ids = _known(db_path, years)
    if years - loaded:
        from sqlalchemy import text

        from desktop.programme.loader import load_programme, shipped_programme
        from desktop.store import Store

        db = Store(db_path)
        try:
            with db.session() as session:
                # The write lock first: another merge loading the same year meanwhile is then
                # seen by load_programme's check instead of colliding with its rows.
                session.execute(text("UPDATE office SET id = id WHERE 0 = 1"))
                for year in sorted(years - loaded):
                    programme = shipped_programme(year)
                    if programme is not None:
                        load_programme(session, programme)
        finally:
            db.close()
        _, ids = _known(db_path, years)
    return ids
