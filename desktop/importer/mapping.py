"""Which column fills which field: found from the headers, remembered from the office's last
imports, given in a --mapping file, or chosen in the wizard (in that order of strength).

A remembered choice is keyed by the folded header text, so "Số CMND/CCCD" mapped by hand once is
recognised in every later file of that office, wherever the column stands.
"""

from __future__ import annotations

import json
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING

from desktop.errors import UserError
from desktop.importer import messages
from desktop.importer.header import Column, Header, column_letter
from desktop.importer.rows import Mapping
from desktop.importer.synonyms import FIELDS, IGNORE, KIND_LABELS, STT, header_key

if TYPE_CHECKING:
    from sqlalchemy import Connection

    from desktop.store import Store


def column_key(column: Column) -> str:
    """How a column is remembered: its folded header, group and label together."""
    return header_key(f"{column.group} {column.label}")


def automatic(header: Header) -> Mapping:
    return {c.index: c.field for c in header.columns if c.field not in (None, STT)}


def remembered(store: Store, kind: str) -> dict[str, str]:
    """Folded header → field, as this office last mapped it by hand."""
    from sqlalchemy import text

    from desktop.store.dialect import table_exists

    with store.reading() as con:
        if not table_exists(con, "import_mapping"):  # a file from before migration 0003, as found
            return {}
        rows = con.execute(
            text("SELECT header_key, field FROM import_mapping WHERE kind = :kind"), {"kind": kind}
        ).fetchall()
    known = {f.id for f in FIELDS[kind]}
    return {key: field for key, field in rows if field in known or field == IGNORE}


def remember(con: Connection, kind: str, header: Header, mapping: Mapping) -> None:
    """Keep the columns whose field differs from what the headers alone say (inside the caller's
    transaction, so a refused import remembers nothing)."""
    from sqlalchemy import text

    now = datetime.now(UTC).replace(tzinfo=None).isoformat(sep=" ")
    for column in header.columns:
        chosen = mapping.get(column.index, IGNORE)
        found = column.field if column.field not in (None, STT) else IGNORE
        key = column_key(column)
        if not key:
            continue
        if chosen != found:
            con.execute(
                text(
                    "INSERT INTO import_mapping (kind, header_key, field, updated_at) "
                    "VALUES (:kind, :key, :field, :now) ON CONFLICT (kind, header_key) "
                    "DO UPDATE SET field = excluded.field, updated_at = excluded.updated_at"
                ),
                {"kind": kind, "key": key, "field": chosen, "now": now},
            )
        else:
            con.execute(
                text("DELETE FROM import_mapping WHERE kind = :kind AND header_key = :key"),
                {"kind": kind, "key": key},
            )


def read_mapping_file(path: Path, kind: str) -> dict[str, str]:
    """A JSON file `{"columns": {"Tiêu đề cột" or "C": "field"}}`; "" leaves a column out."""
    try:
        data = json.loads(Path(path).read_text(encoding="utf-8-sig"))
        columns = data["columns"]
        if not isinstance(columns, dict) or not all(
            isinstance(k, str) and isinstance(v, str) for k, v in columns.items()
        ):
            raise TypeError("«columns» phải ánh xạ tiêu đề cột → tên trường")
    except FileNotFoundError:
        raise UserError(messages.FILE_MISSING.format(path=path)) from None
    except (OSError, ValueError, KeyError, TypeError) as exc:
        raise UserError(messages.MAPPING_UNREADABLE.format(path=path, detail=exc)) from exc
    known = [f.id for f in FIELDS[kind] if f.id != STT]
    for field in columns.values():
        if field != IGNORE and field not in known:
            raise UserError(
                messages.MAPPING_UNKNOWN_FIELD.format(
                    path=path, field=field, kind=KIND_LABELS[kind], fields=", ".join(known)
                )
            )
    return columns


def resolve(
    header: Header,
    remembered_keys: dict[str, str] | None = None,
    by_file: dict[str, str] | None = None,
    chosen: Mapping | None = None,
    mapping_path: Path | None = None,
) -> Mapping:
    """The mapping to import with. `chosen` (the wizard's) is taken as it is; otherwise the headers'
    own fields, overridden by what the office remembered, overridden by the --mapping file."""
    if chosen is not None:
        return {c: f for c, f in chosen.items() if f != IGNORE}
    mapping = automatic(header)
    for column in header.columns:
        field = (remembered_keys or {}).get(column_key(column))
        if field is not None:
            mapping[column.index] = field
    if by_file:
        by_title = {header_key(c.title): c.index for c in header.columns}
        by_title.update({header_key(c.label): c.index for c in header.columns if c.label})
        letters = {column_letter(c.index): c.index for c in header.columns}
        for written, field in by_file.items():
            index = letters.get(written.strip().upper())
            if index is None:
                index = by_title.get(header_key(written))
            if index is None:
                raise UserError(
                    messages.MAPPING_NO_COLUMN.format(
                        path=mapping_path, column=written, row=header.excel_row
                    )
                )
            mapping[index] = field
    return {c: f for c, f in mapping.items() if f != IGNORE}
