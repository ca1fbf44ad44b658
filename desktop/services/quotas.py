"""(Province) the quotas it allocates to each upper union, by target and year.

The province's allocation letter, typed in (`uniondesk quotas set`) or read from a CSV file
(`quotas import`); a quotas package then carries an office's own list to it (desktop/sync/
packages.py). Rows live in `quota` with the office's code as `unit_code`, so the province's
`progress --unit CODE` reads the same quotas the office sees. Several values are written in one
transaction: a file either applies whole or not at all. Clearing a value soft-deletes the row.
"""

from __future__ import annotations

import csv
import io
import sqlite3
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from desktop.errors import UserError
from desktop.services import messages
from desktop.services.progress import ensure_programme, programme_missing_text
from desktop.services.roles import Action, permit
from desktop.services.targets import UNKNOWN_TARGET, check_value, parse_value

HEADER = ("unit_code", "target_code", "value")


@dataclass(frozen=True)
class UnitQuota:
    unit_code: str
    target_code: str
    value: float | None  # None: the quota was cleared


def _province(con: sqlite3.Connection, db_path: Path) -> None:
    row = con.execute("SELECT code, role FROM office WHERE deleted_at IS NULL LIMIT 1").fetchone()
    if row is None:
        raise UserError(messages.NO_OFFICE.format(path=db_path))
    if row[1] != "province":
        raise UserError(messages.QUOTAS_NOT_PROVINCE.format(path=db_path, code=row[0]))


def _units(con: sqlite3.Connection) -> list[str]:
    rows = con.execute(
        "SELECT DISTINCT unit_code FROM unit_key WHERE own = 0 AND role <> 'province' "
        "EXCEPT SELECT from_code FROM handover ORDER BY unit_code"
    )
    return [code for (code,) in rows]


def _targets(con: sqlite3.Connection, year: int) -> dict[str, tuple[str, str, str]]:
    """code → (target id, unit, scope) of the year's programme."""
    rows = con.execute(
        "SELECT t.code, t.id, t.unit, t.scope FROM target t JOIN programme p ON p.id = "
        "t.programme_id WHERE p.year = ? AND t.deleted_at IS NULL AND p.deleted_at IS NULL",
        (year,),
    )
    return {code: (target_id, unit, scope) for code, target_id, unit, scope in rows}


def _checked(
    con: sqlite3.Connection, year: int, items: list[tuple[str, str, str]], places: list[str]
) -> list[tuple[str, str, str, float | None]]:
    """(unit, target id, target code, value) for each item, or the first problem with its place."""
    units, targets = _units(con), _targets(con, year)
    found = []
    for (unit, code, text), where in zip(items, places, strict=True):
        unit, code = unit.strip(), code.strip()
        if unit not in units:
            raise UserError(
                messages.QUOTA_UNKNOWN_UNIT.format(
                    where=where, unit=unit, known=", ".join(units) or "(chưa có)"
                )
            )
        if code not in targets:
            raise UserError(where + UNKNOWN_TARGET.format(code=code, year=year))
        target_id, measure, scope = targets[code]
        if scope == "province":
            raise UserError(
                messages.QUOTA_PROVINCE_TARGET.format(where=where, code=code, unit=unit)
            )
        try:
            value = parse_value(text, code)
            if value is not None:
                check_value(code, measure, value)
        except UserError as exc:
            raise UserError(where + exc.message) from None
        found.append((unit, target_id, code, value))
    return found


def _write(con: sqlite3.Connection, rows: list[tuple[str, str, str, float | None]]) -> None:
    from desktop.models.base import new_id

    now = datetime.now(UTC).replace(tzinfo=None).isoformat(sep=" ")
    for unit, target_id, _, value in rows:
        live = con.execute(
            "SELECT id FROM quota WHERE deleted_at IS NULL AND target_id = ? AND unit_code = ?",
            (target_id, unit),
        ).fetchone()
        if live and value is None:
            con.execute(
                "UPDATE quota SET deleted_at = ?, updated_at = ? WHERE id = ?", (now, now, live[0])
            )
        elif live:
            con.execute(
                "UPDATE quota SET value = ?, updated_at = ? WHERE id = ?", (value, now, live[0])
            )
        elif value is not None:
            con.execute(
                "INSERT INTO quota (id, target_id, unit_code, value, created_at, updated_at) "
                "VALUES (?, ?, ?, ?, ?, ?)",
                (new_id(), target_id, unit, value, now, now),
            )


def set_unit_quotas(
    db_path: Path, year: int, items: list[tuple[str, str, str]], places: list[str] | None = None
) -> list[UnitQuota]:
    """Allocate (unit code, target code, value as typed) for `year`, all or nothing.

    `places` prefix each item's message ("Tệp x.csv, dòng 3: "); an empty value clears a quota.
    """
    permit(Action.EDIT)
    with sqlite3.connect(f"file:{db_path}?mode=ro", uri=True) as ro:
        _province(ro, db_path)
    ro.close()
    if ensure_programme(db_path, year) is None:
        raise UserError(programme_missing_text(year))  # no target yet to allocate to
    con = sqlite3.connect(db_path, isolation_level=None)
    try:
        con.execute("PRAGMA busy_timeout=5000")
        checked = _checked(con, year, items, places or [""] * len(items))
        con.execute("BEGIN IMMEDIATE")
        try:
            _write(con, checked)
            con.execute("COMMIT")
        except BaseException:
            con.execute("ROLLBACK")
            raise
    finally:
        con.close()
    from desktop.services.audit import record

    shown = ", ".join(f"{u} {c} = {_shown(v)}" for u, _, c, v in checked)
    record(db_path, "edit", f"chỉ tiêu giao năm {year}: {shown}")
    return [UnitQuota(unit, code, value) for unit, _, code, value in checked]


def _shown(value: float | None) -> str:
    return "(xóa)" if value is None else f"{value:g}".replace(".", ",")


def set_unit_quota(db_path: Path, unit: str, year: int, code: str, text: str) -> float | None:
    """One office's quota for one target (the command line's `quotas set`)."""
    return set_unit_quotas(db_path, year, [(unit, code, text)])[0].value


def import_quotas(db_path: Path, file: Path, year: int) -> list[UnitQuota]:
    """A CSV of `unit_code,target_code,value` rows (`,` or `;` between them, UTF-8)."""
    try:
        text = file.read_text(encoding="utf-8-sig")
    except (OSError, UnicodeDecodeError) as exc:
        raise UserError(messages.QUOTA_FILE_UNREADABLE.format(file=file.name, detail=exc)) from exc
    first = text.splitlines()[0] if text.strip() else ""
    delimiter = ";" if first.count(";") > first.count(",") else ","
    rows = list(csv.reader(io.StringIO(text), delimiter=delimiter))
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
    return set_unit_quotas(db_path, year, items, places)


def unit_quotas(db_path: Path, year: int, unit: str | None = None) -> list[UnitQuota]:
    """The live quotas of `year`, by office then in the programme's order of targets (none
    before the year's programme arrives)."""
    if ensure_programme(db_path, year) is None:
        return []
    with sqlite3.connect(f"file:{db_path}?mode=ro", uri=True) as con:
        rows = con.execute(
            "SELECT q.unit_code, t.code, q.value FROM quota q JOIN target t ON t.id = q.target_id "
            "JOIN programme p ON p.id = t.programme_id WHERE p.year = ? AND q.deleted_at IS NULL "
            "AND (? IS NULL OR q.unit_code = ?) ORDER BY q.unit_code, t.position",
            (year, unit, unit),
        ).fetchall()
    con.close()
    return [UnitQuota(*row) for row in rows]
