"""(Province) the quotas it allocates to each upper union, by target and year.

The province's allocation letter, typed in (`uniondesk quotas set`) or read from a CSV file
(`quotas import`); a quotas package then carries an office's own list to it (desktop/sync/
packages.py). Rows live in `quota` with the office's code as `unit_code`, so the province's
`progress --unit CODE` reads the same quotas the office sees. A row under the province's own code
is the province's own quota of a target (`quotas set --unit <its code>`), in place of the
programme's province-wide figure. Several values are written in one
transaction: a file either applies whole or not at all. Clearing a value soft-deletes the row.
"""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from sqlalchemy import Connection, text

from desktop.errors import UserError
from desktop.programme.entered_values import check_value, parse_value
from desktop.services import messages
from desktop.services.progress import ensure_programme, programme_missing_text
from desktop.services.roles import Action, permit
from desktop.services.targets import UNKNOWN_TARGET, upsert_value

if TYPE_CHECKING:
    from desktop.store import Store

HEADER = ("unit_code", "target_code", "value")


@dataclass(frozen=True)
class UnitQuota:
    unit_code: str
    target_code: str
    value: float | None  # None: the quota was cleared


def _rows(con: Connection, sql: str, **params: object) -> list[tuple[Any, ...]]:
    return [tuple(row) for row in con.execute(text(sql), params)]


def _province(con: Connection, label: str) -> str:
    """The province's own code (refused on an office's database)."""
    rows = _rows(con, "SELECT code, role FROM office WHERE deleted_at IS NULL LIMIT 1")
    if not rows:
        raise UserError(messages.NO_OFFICE.format(path=label))
    if rows[0][1] != "province":
        raise UserError(messages.QUOTAS_NOT_PROVINCE.format(path=label, code=rows[0][0]))
    return str(rows[0][0])


def _units(con: Connection) -> list[str]:
    rows = _rows(
        con,
        "SELECT DISTINCT unit_code FROM unit_key WHERE own = FALSE AND role <> 'province' "
        "EXCEPT SELECT from_code FROM handover ORDER BY unit_code",
    )
    return [code for (code,) in rows]


def _targets(con: Connection, year: int) -> dict[str, tuple[str, str, str]]:
    """code → (target id, unit, scope) of the year's programme."""
    rows = _rows(
        con,
        "SELECT t.code, t.id, t.unit, t.scope FROM target t JOIN programme p ON p.id = "
        "t.programme_id WHERE p.year = :year AND t.deleted_at IS NULL AND p.deleted_at IS NULL",
        year=year,
    )
    return {code: (target_id, unit, scope) for code, target_id, unit, scope in rows}


def _checked(
    con: Connection, year: int, items: list[tuple[str, str, str]], places: list[str]
) -> list[tuple[str, str, str, float | None]]:
    """(unit, target id, target code, value) for each item, or the first problem with its place.

    The province's own code sets its own quota of any target (its province-wide figure, the
    programme's own wording until then): what its own `progress` judges against."""
    own = _province(con, "")
    units, targets = _units(con), _targets(con, year)
    found = []
    for (unit, code, typed), where in zip(items, places, strict=True):
        unit, code = unit.strip(), code.strip()
        if unit not in units and unit != own:
            raise UserError(
                messages.QUOTA_UNKNOWN_UNIT.format(
                    where=where, unit=unit, known=", ".join(units) or "(chưa có)"
                )
            )
        if code not in targets:
            raise UserError(where + UNKNOWN_TARGET.format(code=code, year=year))
        target_id, measure, scope = targets[code]
        if scope == "province" and unit != own:
            raise UserError(
                messages.QUOTA_PROVINCE_TARGET.format(where=where, code=code, unit=unit)
            )
        try:
            value = parse_value(typed, code)
            if value is not None:
                check_value(code, measure, value)
        except UserError as exc:
            raise UserError(where + exc.message) from None
        found.append((unit, target_id, code, value))
    return found


def set_unit_quotas(
    store: Store,
    year: int,
    items: list[tuple[str, str, str]],
    places: list[str] | None = None,
) -> list[UnitQuota]:
    """Allocate (unit code, target code, value as typed) for `year`, all or nothing: the
    values and their audit entry in one unit of work.

    `places` prefix each item's message ("Tệp x.csv, dòng 3: "); an empty value clears a quota.
    """
    from desktop.services.audit_chain import NewEntry, append

    permit(Action.EDIT)
    with store.reading() as con:
        _province(con, store.label)
    if ensure_programme(store, year) is None:
        raise UserError(programme_missing_text(year))  # no target yet to allocate to
    with store.unit_of_work() as uow:
        checked = _checked(uow.plain(), year, items, places or [""] * len(items))
        for unit, target_id, _, value in checked:
            match: dict[str, object] = {"target_id": target_id, "unit_code": unit}
            upsert_value(uow.plain(), "quota", match, value)
        shown = ", ".join(f"{u} {c} = {_shown(v)}" for u, _, c, v in checked)
        append(uow.connection, [NewEntry("edit", f"chỉ tiêu giao năm {year}: {shown}")])
    return [UnitQuota(unit, code, value) for unit, _, code, value in checked]


def _shown(value: float | None) -> str:
    return "(xóa)" if value is None else f"{value:g}".replace(".", ",")


def set_unit_quota(db: Store, unit: str, year: int, code: str, value: str) -> float | None:
    """One office's quota for one target (the command line's `quotas set`)."""
    return set_unit_quotas(db, year, [(unit, code, value)])[0].value


def import_quotas(db: Store, file: Path, year: int) -> list[UnitQuota]:
    """A CSV of `unit_code,target_code,value` rows (`,` or `;` between them, UTF-8)."""
    try:
        content = file.read_text(encoding="utf-8-sig")
    except (OSError, UnicodeDecodeError) as exc:
        raise UserError(messages.QUOTA_FILE_UNREADABLE.format(file=file.name, detail=exc)) from exc
    first = content.splitlines()[0] if content.strip() else ""
    delimiter = ";" if first.count(";") > first.count(",") else ","
    rows = list(csv.reader(io.StringIO(content), delimiter=delimiter))
    header = tuple(cell.strip().lower() for cell in rows[0]) if rows else ()
    if header != HEADER:
        raise UserError(messages.QUOTA_FILE_HEADER.format(file=file.name, found=first[:80]))
    items, places = [], []
    for number, row in enumerate(rows[1:], start=2):
        if not any(cell.strip() for cell in row):
            continue
        if len(row) != 3:
            raise UserError(messages.QUOTA_FILE_ROW.format(file=file.name, row=number))
        items.append((row[0], row[1], row[2]))
        places.append(f"Tệp {file.name}, dòng {number}: ")
    if not items:
        raise UserError(messages.QUOTA_FILE_EMPTY.format(file=file.name))
    return set_unit_quotas(db, year, items, places)


def unit_quotas(store: Store, year: int, unit: str | None = None) -> list[UnitQuota]:
    """The live quotas of `year`, by office then in the programme's order of targets (none
    before the year's programme arrives)."""
    if ensure_programme(store, year) is None:
        return []
    with store.reading() as con:
        rows = _rows(
            con,
            "SELECT q.unit_code, t.code, q.value FROM quota q JOIN target t "
            "ON t.id = q.target_id JOIN programme p ON p.id = t.programme_id "
            "WHERE p.year = :year AND q.deleted_at IS NULL "
            f"{'' if unit is None else 'AND q.unit_code = :unit '}"
            "ORDER BY q.unit_code, t.position",
            year=year,
            unit=unit,
        )
    return [UnitQuota(*row) for row in rows]
