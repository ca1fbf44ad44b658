"""Schema and record validation of a unit-state bundle: every value, every id, every reference.

Runs after the signature and the part hashes check, so it sees what the sender really signed; it
still trusts nothing (a buggy or forged sender), and stops at the first problem with its place.
"""

from __future__ import annotations

import json
from typing import Any

from desktop.sync import messages
from desktop.sync.errors import BundleRefused
from desktop.sync.manifest import Manifest, record_part
from desktop.sync.tables import SPECS, TABLE_ORDER, Column, checkers

Rows = dict[str, list[list[Any]]]


def _refuse(message: str) -> BundleRefused:
    return BundleRefused(message, "records")


def check_schema(manifest: Manifest, file: str) -> None:
    if manifest.schema_version not in SPECS:
        raise BundleRefused(
            messages.NEWER_SCHEMA.format(file=file, found=manifest.schema_version), "newer_schema"
        )


def _table_rows(raw: bytes, table: str, names: list[str], file: str) -> list[list[Any]]:
    try:
        body = json.loads(raw.decode("utf-8"))
    except (UnicodeDecodeError, ValueError) as exc:
        raise _refuse(
            messages.RECORD_INVALID.format(
                file=file, table=table, row=0, field="(toàn phần)", problem=f"JSON hỏng ({exc})"
            )
        ) from exc
    if not isinstance(body, dict) or body.get("table") != table or body.get("columns") != names:
        raise _refuse(
            messages.RECORD_INVALID.format(
                file=file, table=table, row=0, field="columns", problem="danh sách cột không đúng"
            )
        )
    rows = body.get("rows")
    if not isinstance(rows, list):
        raise _refuse(
            messages.RECORD_INVALID.format(
                file=file, table=table, row=0, field="rows", problem="thiếu danh sách dòng"
            )
        )
    return rows


def validate_records(manifest: Manifest, parts: dict[str, bytes], file: str) -> Rows:
    """The rows of every table, checked against the frozen spec of the bundle's schema."""
    spec = SPECS[manifest.schema_version]
    expected_parts = {record_part(t) for t in TABLE_ORDER}
    missing = sorted(expected_parts - set(parts))
    if missing:
        raise _refuse(messages.MEMBER_MISSING.format(where=f"Tệp {file}", name=missing[0]))
    found: Rows = {}
    ids: dict[str, set[str]] = {}
    for table in TABLE_ORDER:
        columns = spec[table]
        names = [c.name for c in columns]
        rows = _table_rows(parts[record_part(table)], table, names, file)
        checks = checkers(columns)
        width = len(columns)
        for number, row in enumerate(rows, start=1):
            if not isinstance(row, list) or len(row) != width:
                raise _refuse(
                    messages.RECORD_INVALID.format(
                        file=file, table=table, row=number, field="(cả dòng)", problem="sai số cột"
                    )
                )
            for index, check in enumerate(checks):
                if not check(row[index]):
                    raise _refuse(
                        messages.RECORD_INVALID.format(
                            file=file,
                            table=table,
                            row=number,
                            field=names[index],
                            problem=f"giá trị {str(row[index])[:40]!r} không hợp lệ",
                        )
                    )
        expected = manifest.record_counts.get(table)
        if expected != len(rows):
            raise _refuse(
                messages.RECORD_COUNT.format(
                    file=file, table=table, expected=expected, found=len(rows)
                )
            )
        _check_references(table, columns, rows, ids, file)
        if names[0] == "id":
            seen = {row[0] for row in rows}
            if len(seen) != len(rows):
                duplicate = _first_duplicate(row[0] for row in rows)
                raise _refuse(
                    messages.RECORD_DUPLICATE.format(file=file, table=table, record=duplicate)
                )
            ids[table] = seen
        else:
            keys = {(row[0], row[1]) for row in rows}
            if len(keys) != len(rows):
                duplicate = _first_duplicate(f"{r[0]}/{r[1]}" for r in rows)
                raise _refuse(
                    messages.RECORD_DUPLICATE.format(file=file, table=table, record=duplicate)
                )
        found[table] = rows
    return found


def _check_references(
    table: str,
    columns: tuple[Column, ...],
    rows: list[list[Any]],
    ids: dict[str, set[str]],
    file: str,
) -> None:
    for index, column in enumerate(columns):
        target = column.ref
        if target is None:
            continue
        known = ids[target]
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
