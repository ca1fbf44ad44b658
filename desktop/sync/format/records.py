"""Schema and record validation of a unit-state bundle: every value, every id, every reference.

Runs after the signature and the part hashes check, so it sees what the sender really signed; it
still trusts nothing (a buggy or forged sender), and stops at the first problem with its place.
Values are judged a column at a time (desktop/sync/format/kinds.py); a column that fails is walked row by
row so the refusal names the first bad row and field, as a row-by-row check would. What the rows
must say together (dates within the period, one live row per key) is in record_rules.py.
"""

from __future__ import annotations

import json
from typing import Any

from desktop.sync.format import messages
from desktop.sync.format.errors import BundleRefused
from desktop.sync.format.kinds import column_check
from desktop.sync.format.manifest import Manifest, record_part
from desktop.sync.format.record_rules import check_rules, value_problem
from desktop.sync.format.tables import SPECS, TABLE_ORDER, Column, checkers, upgrade_rows

Rows = dict[str, list[list[Any]]]
PART_KEYS = {"table", "columns", "rows"}


def _refuse(message: str) -> BundleRefused:
    return BundleRefused(message, "records")


def check_schema(manifest: Manifest, file: str) -> None:
    if manifest.schema_version not in SPECS:
        raise BundleRefused(
            messages.NEWER_SCHEMA.format(file=file, found=manifest.schema_version), "newer_schema"
        )


def _whole(file: str, table: str, field: str, problem: str) -> BundleRefused:
    return _refuse(
        messages.RECORD_INVALID.format(file=file, table=table, row=0, field=field, problem=problem)
    )


def _table_rows(raw: bytes, table: str, names: list[str], file: str) -> list[Any]:
    try:
        body = json.loads(raw.decode("utf-8"))
    except (UnicodeDecodeError, ValueError) as exc:
        raise _whole(file, table, "(toàn phần)", f"JSON hỏng ({exc})") from exc
    if not isinstance(body, dict) or set(body) != PART_KEYS or body["table"] != table:
        raise _whole(file, table, "(toàn phần)", messages.PART_SHAPE)
    if body["columns"] != names:
        raise _whole(file, table, "columns", "danh sách cột không đúng")
    rows = body["rows"]
    if not isinstance(rows, list):
        raise _whole(file, table, "rows", "thiếu danh sách dòng")
    return rows


def _check_values(
    table: str, columns: tuple[Column, ...], rows: list[Any], file: str
) -> list[tuple[Any, ...]]:
    """Every row a list of the right width, every value of its column's kind; the columns."""
    width = len(columns)
    if set(map(type, rows)) <= {list} and set(map(len, rows)) <= {width}:
        transposed = list(zip(*rows, strict=True)) if rows else [() for _ in columns]
        if all(
            column_check(c.kind, c.nullable)(v) for c, v in zip(columns, transposed, strict=True)
        ):
            return transposed
    checks = checkers(columns)
    for number, row in enumerate(rows, start=1):
        if not isinstance(row, list) or len(row) != width:
            raise _refuse(
                messages.RECORD_INVALID.format(
                    file=file, table=table, row=number, field="(cả dòng)", problem="sai số cột"
                )
            )
        for index, check in enumerate(checks):
            if not check(row[index]):
                column = columns[index]
                raise _refuse(
                    messages.RECORD_INVALID.format(
                        file=file,
                        table=table,
                        row=number,
                        field=column.name,
                        problem=value_problem(column.kind, row[index]),
                    )
                )
    raise AssertionError("a column check and the value checks disagree")  # pragma: no cover


def validate_records(manifest: Manifest, parts: dict[str, bytes], file: str) -> Rows:
    """The rows of every table, checked against the frozen spec of the bundle's schema, then
    given in the newest schema's columns (an office on the previous release still merges)."""
    spec = SPECS[manifest.schema_version]
    missing = [t for t in TABLE_ORDER if record_part(t) not in parts]
    if missing:  # the manifest's part list already says so; never a KeyError here
        raise _refuse(
            messages.MEMBER_MISSING.format(where=f"Tệp {file}", name=record_part(missing[0]))
        )
    found: Rows = {}
    ids: dict[str, set[str]] = {}
    for table in TABLE_ORDER:
        columns = spec[table]
        names = [c.name for c in columns]
        rows = _table_rows(parts[record_part(table)], table, names, file)
        values = _check_values(table, columns, rows, file)
        expected = manifest.record_counts.get(table)
        if expected != len(rows):
            raise _refuse(
                messages.RECORD_COUNT.format(
                    file=file, table=table, expected=expected, found=len(rows)
                )
            )
        _check_references(table, columns, rows, values, ids, file)
        keys: set[Any] = set(values[0] if names[0] == "id" else zip(*values[:2], strict=True))
        if len(keys) != len(rows):
            shown = (str(r[0]) if names[0] == "id" else f"{r[0]}/{r[1]}" for r in rows)
            raise _refuse(
                messages.RECORD_DUPLICATE.format(
                    file=file, table=table, record=_first_duplicate(shown)
                )
            )
        if names[0] == "id":
            ids[table] = keys
        # From here on every reader works in the newest schema's columns.
        found[table] = upgrade_rows(manifest.schema_version, table, rows)
    check_rules(found, manifest.period, file)
    return found


def _check_references(
    table: str,
    columns: tuple[Column, ...],
    rows: list[list[Any]],
    values: list[tuple[Any, ...]],
    ids: dict[str, set[str]],
    file: str,
) -> None:
    for index, column in enumerate(columns):
        target = column.ref
        if target is None:
            continue
        known = ids[target]
        if set(values[index]) - known <= {None}:
            continue
        for number, row in enumerate(rows, start=1):
            value = row[index]
            if value is not None and value not in known:
                raise _refuse(
                    messages.RECORD_DANGLING.format(
                        file=file, table=table, row=number, field=column.name, record=value
                    )
                )


def _first_duplicate(values: Any) -> str:
    seen: set[str] = set()
    for value in values:
        if value in seen:
            return str(value)
        seen.add(value)
    return ""
