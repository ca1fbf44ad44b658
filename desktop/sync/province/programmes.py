"""Programme references in bundles: targets by (year, code), task areas by (year, number).

Each office loads the programme itself, so target UUIDs differ between databases; bundles name
targets by their programme's year and code and the merge maps them to the province's own rows.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from sqlalchemy import Connection, text

from desktop.sync.format import messages
from desktop.sync.format.errors import BundleRefused

if TYPE_CHECKING:
    from desktop.store import Store


@dataclass(frozen=True)
class ProgrammeIds:
    targets: dict[tuple[int, str], str]
    task_areas: dict[tuple[int, int], str]


def _years(rows: dict[str, list[list[Any]]]) -> set[int]:
    return {r[1] for r in rows["progress_entry"]} | {r[1] for r in rows["narrative"]}


def _known(con: Connection, years: set[int]) -> tuple[set[int], ProgrammeIds]:
    marks = ", ".join(f":y{i}" for i in range(len(years)))
    bound = {f"y{i}": year for i, year in enumerate(sorted(years))}
    loaded = {
        r[0]
        for r in con.execute(
            text(f"SELECT year FROM programme WHERE deleted_at IS NULL AND year IN ({marks})"),
            bound,
        )
    }
    targets = {
        (y, c): i
        for y, c, i in con.execute(
            text(
                "SELECT p.year, t.code, t.id FROM target t JOIN programme p ON p.id = "
                "t.programme_id WHERE p.deleted_at IS NULL AND t.deleted_at IS NULL "
                f"AND p.year IN ({marks})"
            ),
            bound,
        )
    }
    areas = {
        (y, n): i
        for y, n, i in con.execute(
            text(
                "SELECT p.year, a.number, a.id FROM task_area a JOIN programme p ON p.id = "
                "a.programme_id WHERE p.deleted_at IS NULL AND a.deleted_at IS NULL "
                f"AND p.year IN ({marks})"
            ),
            bound,
        )
    }
    return loaded, ProgrammeIds(targets, areas)


def _known_in(store: Store, years: set[int]) -> tuple[set[int], ProgrammeIds]:
    with store.reading() as con:
        return _known(con, years)


def check_programme_refs(store: Store, rows: dict[str, list[list[Any]]], file: str) -> None:
    """Every entry and narrative names a target or task area this office has or ships."""
    from desktop.programme.loader import shipped_programme

    years = _years(rows)
    if not years:
        return
    loaded, ids = _known_in(store, years)
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


def programme_ids(store: Store, rows: dict[str, list[list[Any]]]) -> ProgrammeIds:
    """The province's ids for the bundle's references, loading a shipped programme if needed."""
    years = _years(rows)
    if not years:
        return ProgrammeIds({}, {})
    loaded, ids = _known_in(store, years)
    if years - loaded:
        from desktop.programme.loader import load_programme, shipped_programme

        # The write lock is the unit of work's first act: another merge loading the same
        # year meanwhile is then seen by load_programme's check instead of colliding.
        with store.unit_of_work() as uow:
            for year in sorted(years - loaded):
                programme = shipped_programme(year)
                if programme is not None:
                    load_programme(uow.session, programme)
        loaded, ids = _known_in(store, years)
    return ids
