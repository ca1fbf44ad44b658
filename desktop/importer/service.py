"""The import as one call, for the command line and the wizard alike: check the whole file, and
either write it all in one transaction or write nothing and leave an error workbook beside it."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from desktop.errors import UserError
from desktop.importer import messages
from desktop.importer.plan import ImportPlan, ImportRequest, prepare
from desktop.progress import CancelToken, ProgressFn, no_progress

SHOWN_PROBLEMS = 30  # in the message; the error workbook holds every one


@dataclass(frozen=True)
class ImportOutcome:
    written: bool
    added: int
    updated: int
    kept: int
    summary: tuple[str, ...]
    columns: tuple[str, ...] = ()  # which column went to which field


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
    from desktop.importer.write import apply

    token = token or CancelToken()
    plan = prepare(db_path, request, progress, token)
    if plan.problems:
        raise refusal(plan)
    columns = tuple(plan.columns())
    if dry_run:
        return ImportOutcome(
            False, len(plan.new), len(plan.updates), len(plan.kept), tuple(plan.summary()), columns
        )
    result = apply(db_path, plan, progress, token)
    return ImportOutcome(True, result.added, result.updated, result.kept, result.summary, columns)
