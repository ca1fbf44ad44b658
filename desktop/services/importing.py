"""Importing an office's spreadsheets: the one door for the import wizard and `uniondesk import`.

Check the whole file, then either write it all in one transaction or write nothing and leave an
error workbook beside it. The wizard goes step by step (`preview` a sheet, `check` the file,
`apply` the plan, each with progress and Cancel); the command line calls `run_import`. Both get
from here the words and choices they show (fields, column letters, file types), so neither
reaches into the reading and checking machinery of `desktop.importer`.
"""

from __future__ import annotations

import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING

from desktop.errors import UserError
from desktop.importer import messages
from desktop.importer.header import column_letter
from desktop.importer.plan import ImportOutcome, ImportPlan, ImportRequest, SheetPreview
from desktop.importer.read import SUFFIXES
from desktop.importer.rows import Mapping
from desktop.importer.synonyms import FIELDS, IGNORE, KIND_LABELS, STT
from desktop.progress import CancelToken, ProgressFn, no_progress

if TYPE_CHECKING:
    from desktop.store import Store

__all__ = [
    "COLUMNS_USED",
    "DONE",
    "DRY_RUN",
    "IGNORE",
    "SUFFIXES",
    "ImportOutcome",
    "ImportPlan",
    "ImportRequest",
    "Mapping",
    "SheetPreview",
    "apply",
    "check",
    "column_letter",
    "error_list_path",
    "field_choices",
    "kind_label",
    "legacy_name",
    "preview",
    "run_import",
    "save_error_list",
]

COLUMNS_USED = messages.COLUMNS_USED
DRY_RUN = messages.DRY_RUN
DONE = messages.DONE


def field_choices(kind: str) -> list[tuple[str, str]]:
    """(label, field) of every field a column of a `kind` list can fill, as the wizard offers."""
    return [(f.label, f.id) for f in FIELDS[kind] if f.id != STT]


def kind_label(kind: str) -> str:
    """«đoàn viên» or «công đoàn cơ sở»."""
    return KIND_LABELS[kind]


def legacy_name(code: str) -> str:
    """The name offices know an old Vietnamese encoding by (TCVN3, VNI)."""
    from desktop.importer.legacy import NAMES

    return NAMES[code]


def error_list_path(plan: ImportPlan) -> Path:
    """Where the error workbook of a refused file goes by default: beside the file."""
    from desktop.importer.error_book import error_book_path

    return error_book_path(plan.request.path)


def save_error_list(plan: ImportPlan, out: Path) -> Path:
    """Write the plan's error workbook to `out` (OSError when it cannot be written)."""
    from desktop.importer.error_book import write_error_book

    return write_error_book(plan, out)


def preview(
    store: Store, kind: str, path: Path, sheet: str | None = None, header_row: int | None = None
) -> SheetPreview:
    """The sheet's first rows, its header as found (or as chosen) and the columns it suggests
    (the office's earlier choices included); see desktop.importer.plan.preview."""
    from desktop.importer import plan

    with _current_schema(store) as current:
        return plan.preview(current, kind, path, sheet, header_row)


def check(
    store: Store,
    request: ImportRequest,
    progress: ProgressFn = no_progress,
    token: CancelToken | None = None,
) -> ImportPlan:
    """Read and check the whole file against the database; writes nothing. A file that cannot be
    read at all is a UserError naming it; problems in its rows are the plan's `problems`."""
    from desktop.importer.guard import naming_file
    from desktop.importer.plan import prepare
    from desktop.services.roles import Action, permit

    permit(Action.IMPORT)  # before the file is read: a refused account learns nothing of it
    # Checked against the newest schema without touching the file: a refused or dry import leaves
    # an older database exactly as it was; only a real write brings it up to date first.
    with _current_schema(store) as current:
        try:
            return prepare(current, request, progress, token or CancelToken())
        except UserError as exc:
            raise naming_file(request.path, exc) from None


def apply(
    store: Store,
    plan: ImportPlan,
    progress: ProgressFn = no_progress,
    token: CancelToken | None = None,
) -> ImportOutcome:
    """Write a plan without problems in one transaction (made again under the write lock when
    another writer changed the records since it was checked)."""
    # Imported only now: the models cost half a second that a refused file need not pay.
    from desktop.importer import write

    _upgrade(store)  # as opening the file in the app would
    return write.apply(store, plan, progress, token)


def run_import(
    store: Store,
    request: ImportRequest,
    *,
    dry_run: bool = False,
    progress: ProgressFn = no_progress,
    token: CancelToken | None = None,
) -> ImportOutcome:
    """Check `request`'s file; refuse it whole (UserError, the error workbook written beside the
    file) or, unless `dry_run`, write it whole."""
    from desktop.importer.error_book import refusal

    token = token or CancelToken()
    plan = check(store, request, progress, token)
    if plan.problems:
        raise refusal(plan)
    if dry_run:
        return plan.outcome(written=False)
    return apply(store, plan, progress, token)


def _revision(store: Store) -> str | None:
    if store.path is not None:
        from desktop.store.schema import schema_revision

        return schema_revision(store.path)
    from sqlalchemy import text

    from desktop.store.dialect import table_exists

    with store.reading() as con:
        if not table_exists(con, "alembic_version"):
            return None
        return con.execute(text("SELECT version_num FROM alembic_version")).scalar()


def _upgrade(store: Store) -> None:
    from desktop.migrations import HEAD
    from desktop.store.schema import ensure_schema

    if _revision(store) != HEAD:
        ensure_schema(store.target)


@contextmanager
def _current_schema(store: Store) -> Iterator[Store]:
    """The database to read at the newest schema: the store itself when it is there (always, once
    opened the usual way), else (a file opened as found) a migrated copy in a temporary folder."""
    from desktop.migrations import HEAD

    if _revision(store) == HEAD:
        yield store
        return
    if store.path is None:  # a server opened as found: brought up to date, as opening it does
        _upgrade(store)
        yield store
        return
    from desktop.store import Store
    from desktop.store.file_copy import copy_file

    # No store may open the file itself: opening one upgrades it (and turns on WAL in its header).
    with tempfile.TemporaryDirectory(prefix="uniondesk-dry-run-") as folder:
        copy = Path(folder) / store.path.name
        copy_file(store.path, copy)
        with Store(copy) as current:  # opening upgrades the copy, never the file
            yield current
