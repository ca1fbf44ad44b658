"""The import as one call, for the command line and the wizard alike: check the whole file, and
either write it all in one transaction or write nothing and leave an error workbook beside it."""

from __future__ import annotations

import sqlite3
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from desktop.errors import UserError
from desktop.importer import messages
from desktop.importer.plan import ImportOutcome, ImportPlan, ImportRequest, prepare
from desktop.progress import CancelToken, ProgressFn, no_progress

SHOWN_PROBLEMS = 30  # in the message; the error workbook holds every one


@contextmanager
def _current_schema(db_path: Path) -> Iterator[Path]:
    """The database to check a dry run against, at the newest schema without touching the file:
    itself when it is current, else a migrated copy in a temporary folder."""
    from desktop.migrations import HEAD
    from desktop.store.schema import ensure_schema, schema_revision

    if schema_revision(db_path) == HEAD:
        yield db_path
        return
    with tempfile.TemporaryDirectory(prefix="uniondesk-dry-run-") as folder:
        copy = Path(folder) / db_path.name
        source = sqlite3.connect(f"file:{db_path}?mode=ro", uri=True)
        target = sqlite3.connect(copy)
        try:
            source.backup(target)
        finally:
            target.close()
            source.close()
        ensure_schema(copy)
        yield copy


def refusal(plan: ImportPlan) -> UserError:
    """The refusal of a plan with problems, after writing its error workbook."""
    from desktop.importer.error_book import error_book_path, write_error_book

    lines = [
        messages.REFUSED.format(
            path=plan.request.path, count=len(plan.problems), sheet=plan.sheet.name
        )
    ]
    lines += [p.text() for p in plan.problems[:SHOWN_PROBLEMS]]
    if len(plan.problems) > SHOWN_PROBLEMS:
        lines.append(messages.MORE_PROBLEMS.format(count=len(plan.problems) - SHOWN_PROBLEMS))
    target = error_book_path(plan.request.path)
    try:
        lines.append(messages.REPORT_WRITTEN.format(path=write_error_book(plan, target)))
    except OSError as exc:  # a read-only USB stick: the message alone still says everything
        lines.append(messages.REPORT_NOT_WRITTEN.format(path=target, detail=exc))
    return UserError("\n".join(lines))


def run_import(
    db_path: Path,
    request: ImportRequest,
    *,
    dry_run: bool = False,
    progress: ProgressFn = no_progress,
    token: CancelToken | None = None,
) -> ImportOutcome:
    """Check `request`'s file; refuse it whole (UserError) or, unless `dry_run`, write it whole."""
    from desktop.services.roles import Action, permit

    permit(Action.IMPORT)  # before the file is read: a refused account learns nothing of it
    token = token or CancelToken()
    # Checked against the newest schema without touching the file: a refused or dry import leaves
    # an older database exactly as it was; only a real write brings it up to date first.
    with _current_schema(db_path) as readable:
        try:
            plan = prepare(readable, request, progress, token)
        except UserError as exc:
            from desktop.importer.guard import naming_file

            raise naming_file(request.path, exc) from None
    if plan.problems:
        raise refusal(plan)
    if dry_run:
        return plan.outcome(written=False)
    # Imported only now: the models cost half a second that a refused file need not pay.
    from desktop.importer.write import apply
    from desktop.store.schema import ensure_schema

    ensure_schema(db_path)  # as opening the file in the app would
    return apply(db_path, plan, progress, token)
