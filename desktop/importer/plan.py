"""Reading and checking a whole file before anything is written: the import plan.

`prepare` reads the sheet, finds its header, maps its columns, checks every row as the forms
would and compares it with the database; it writes nothing. The plan says what would be added,
updated or left alone, and every problem with its place. `desktop.importer.write` applies a plan
with no problems in one transaction.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING

from desktop.errors import UserError
from desktop.format import number
from desktop.importer import legacy, mapping, messages
from desktop.importer.header import Header, NoHeaderFound, find_header
from desktop.importer.read import Sheet, read_sheet, sheet_names
from desktop.importer.rows import Layout, Mapping, Problem
from desktop.importer.synonyms import KIND_LABELS, KINDS, MEMBERS, field_label, header_key
from desktop.progress import CancelToken, ProgressFn, no_progress

if TYPE_CHECKING:
    from sqlalchemy import Connection

    from desktop.store import Store

PREVIEW_ROWS = 40


@dataclass(frozen=True)
class ImportRequest:
    """What the person chose: the command line's options, or the wizard's pages."""

    kind: str  # "members" or "unions"
    path: Path
    sheet: str | None = None
    header_row: int | None = None  # as the spreadsheet shows it (1 = the first row)
    mapping: Mapping | None = None  # the wizard's column choices; win over everything else
    mapping_file: Path | None = None
    update_existing: bool = False  # records already present: update them, or leave them alone
    union_name: str | None = None  # members: the one union of a list with no union column
    today: date | None = None


@dataclass
class Planned:
    """One record the import would write: `existing_id` is None for a new one."""

    row: int
    label: str  # the name, for the summary and the wizard's report
    values: object  # a MemberRecord or a UnionRecord
    existing_id: str | None = None


@dataclass(frozen=True)
class ImportOutcome:
    """What an import did (or, for a dry run, would do): counts and the lines that say it."""

    written: bool
    added: int
    updated: int
    kept: int
    summary: tuple[str, ...]
    columns: tuple[str, ...] = ()  # which column went to which field


@dataclass
class ImportPlan:
    request: ImportRequest
    sheet: Sheet
    header: Header
    mapping: Mapping
    rows_read: int = 0
    new: list[Planned] = field(default_factory=list)
    updates: list[Planned] = field(default_factory=list)
    kept: list[Planned] = field(default_factory=list)  # already present, left alone by choice
    problems: list[Problem] = field(default_factory=list)
    padded_ids: int = 0
    partial_dates: int = 0
    headings: list[str] = field(default_factory=list)  # group headings passed over
    # What the database held when the plan was made (`data_version`): `apply` compares it under
    # the write lock and plans again when another writer changed the records in between.
    seen_version: tuple[object, ...] | None = None

    @property
    def ok(self) -> bool:
        return not self.problems

    def outcome(self, written: bool) -> ImportOutcome:
        return ImportOutcome(
            written,
            len(self.new),
            len(self.updates),
            len(self.kept),
            tuple(self.summary()),
            tuple(self.columns()),
        )

    def columns(self) -> list[str]:
        """Which column went to which field, as the command line prints it before the summary."""
        lines = []
        for column in self.header.columns:
            field_id = self.mapping.get(column.index)
            target = field_label(self.request.kind, field_id) if field_id else messages.NOT_IMPORTED
            lines.append(
                messages.COLUMN_USED.format(letter=column.letter, title=column.title, field=target)
            )
        return lines

    def summary(self) -> list[str]:
        """The Vietnamese lines the command line prints and the wizard shows."""
        what = KIND_LABELS[self.request.kind]
        lines = [
            messages.SUMMARY_READ.format(
                rows=number(self.rows_read), sheet=self.sheet.name, header=self.header.excel_row
            )
        ]
        if self.sheet.legacy:
            lines.append(
                messages.SUMMARY_LEGACY.format(
                    count=number(len(self.sheet.converted_cells)),
                    encoding=legacy.NAMES[self.sheet.legacy],
                )
            )
        if self.problems:
            lines.append(messages.SUMMARY_PROBLEMS.format(count=number(len(self.problems))))
            return lines
        lines.append(messages.SUMMARY_NEW.format(count=number(len(self.new)), what=what))
        if self.updates:
            lines.append(
                messages.SUMMARY_UPDATED.format(count=number(len(self.updates)), what=what)
            )
            lines.append(_who(self.updates))
        if self.kept:
            lines.append(messages.SUMMARY_KEPT.format(count=number(len(self.kept)), what=what))
            lines.append(_who(self.kept))
        if self.padded_ids:
            lines.append(messages.SUMMARY_PADDED.format(count=number(self.padded_ids)))
        if self.partial_dates:
            lines.append(messages.SUMMARY_PARTIAL_DATES.format(count=number(self.partial_dates)))
        if self.headings:
            lines.append(
                messages.SUMMARY_HEADINGS.format(
                    count=number(len(self.headings)), first=self.headings[0]
                )
            )
        return lines


NAMED_IN_SUMMARY = 10


def _who(planned: list[Planned]) -> str:
    """Who an update or a skip concerns: `  Nguyễn Văn Đức (dòng 6); … và 3 khác`."""
    shown = "; ".join(
        messages.SUMMARY_WHO.format(name=p.label, row=p.row) for p in planned[:NAMED_IN_SUMMARY]
    )
    if len(planned) > NAMED_IN_SUMMARY:
        shown += messages.SUMMARY_MORE.format(count=number(len(planned) - NAMED_IN_SUMMARY))
    return f"  {shown}"


@dataclass(frozen=True)
class SheetPreview:
    """What the wizard shows on its sheet and header pages."""

    sheets: tuple[str, ...]
    sheet: str
    header: Header | None
    mapping: Mapping
    rows: tuple[tuple[str, ...], ...]  # the first rows of the sheet, as text
    legacy: str | None
    problem: str = ""  # why no header was found (then `header` is None)


def preview(
    store: Store, kind: str, path: Path, sheet: str | None = None, header_row: int | None = None
) -> SheetPreview:
    """The sheet's first rows, its header as found (or as chosen) and the mapping it suggests.

    A sheet whose header cannot be found is still shown, with `problem` saying why, so the
    person can pick another sheet or the header row."""
    from desktop.importer.read import cell_text

    _check_kind(kind)
    names = tuple(sheet_names(path))
    header: Header | None
    problem = ""
    remembered = mapping.remembered(store, kind)
    try:
        read, header = sheet_and_header(path, kind, sheet, header_row, remembered)
    except NoHeaderFound as exc:
        read, header, problem = exc.sheet, None, exc.message
    suggested = {} if header is None else mapping.resolve(header, remembered)
    width = read.width
    rows = tuple(
        tuple(cell_text(r[c]) if c < len(r) else "" for c in range(width))
        for r in read.rows[:PREVIEW_ROWS]
    )
    return SheetPreview(names, read.name, header, suggested, rows, read.legacy, problem)


def sheet_and_header(
    path: Path,
    kind: str,
    sheet: str | None,
    header_row: int | None,
    known: dict[str, str] | None = None,
) -> tuple[Sheet, Header]:
    """The chosen sheet with its header; with no sheet chosen, the first whose header holds the
    columns a record needs (workbooks often open on a «Hướng dẫn» or a «Tổng hợp» sheet), else
    the first with any header. NoHeaderFound names the first sheet when none has one."""
    index = None if header_row is None else header_row - 1
    chosen = [sheet] if sheet is not None or header_row is not None else sheet_names(path)
    refusal: NoHeaderFound | None = None
    fallback: tuple[Sheet, Header] | None = None
    for name in chosen:
        read = read_sheet(path, name)
        try:
            header = find_header(read, kind, index, known)
        except NoHeaderFound as exc:
            refusal = refusal or exc
            continue
        if len(chosen) == 1 or _complete(kind, {c.field for c in header.columns}):
            return read, header
        fallback = fallback or (read, header)
    if fallback is not None:
        return fallback
    assert refusal is not None
    raise refusal


def _complete(kind: str, fields: set[str | None]) -> bool:
    if kind != MEMBERS:
        return "name" in fields
    named = "full_name" in fields or {"family_name", "given_name"} <= fields
    return named and bool(fields & {"gender", "gender_male", "gender_female"})


def known_headers(remembered: dict[str, str], by_file: dict[str, str] | None) -> dict[str, str]:
    """Folded header → field beyond the synonyms, to find the header row by: what the office
    mapped by hand, then what a --mapping file names (column letters cannot help here)."""
    known = dict(remembered)
    for written, field_id in (by_file or {}).items():
        if not re.fullmatch(r"[A-Za-z]{1,3}", written.strip()):
            known[header_key(written)] = field_id
    return known


# Counts and newest stamps of what a plan decides on. Every write path bumps `updated_at` (see
# desktop/services/stale.py), a deletion lowers a count: another writer's commit changes this.
DATA_VERSION = (
    "SELECT (SELECT COUNT(*) FROM member), (SELECT MAX(updated_at) FROM member), "
    "(SELECT COUNT(*) FROM grassroots_union), (SELECT MAX(updated_at) FROM grassroots_union), "
    "(SELECT COUNT(*) FROM office)"
)


def data_version(con: Connection) -> tuple[object, ...]:
    """The records' version as `con` reads it (plain rows, so two reads compare alike on both
    stores)."""
    from sqlalchemy import text

    return tuple(con.execute(text(DATA_VERSION)).one())


def _check_kind(kind: str) -> None:
    if kind not in KINDS:
        raise UserError(messages.UNKNOWN_KIND.format(kind=kind))


def _required(kind: str, sheet: Sheet, header: Header, layout: Layout, union_given: bool) -> None:
    """Columns without which no row can be read: refused before any row is looked at."""
    missing: list[str] = []
    if kind == MEMBERS:
        if not layout.has("full_name") and not (
            layout.has("family_name") and layout.has("given_name")
        ):
            missing.append("full_name")
        if not (layout.has("gender") or layout.has("gender_male") or layout.has("gender_female")):
            missing.append("gender")
        if not (
            layout.has("birth_date") or layout.has("gender_male") or layout.has("gender_female")
        ):
            missing.append("birth_date")
        if not layout.has("union") and not union_given and not _grouped_by_union(layout):
            raise UserError(messages.MISSING_UNION_COLUMN.format(sheet=sheet.name))
    elif not layout.has("name"):
        missing.append("name")
    if missing:
        raise UserError(
            messages.MISSING_COLUMN.format(
                sheet=sheet.name,
                field=", ".join(field_label(kind, f) for f in missing),
                row=header.excel_row,
            )
        )


def _grouped_by_union(layout: Layout) -> bool:
    """A list printed union by union names each one in a heading row instead of a column."""
    grouped = any(row.heading for row in layout.rows())
    layout.headings.clear()  # counted again when the rows are read for real
    return grouped


def prepare(
    store: Store,
    request: ImportRequest,
    progress: ProgressFn = no_progress,
    token: CancelToken | None = None,
) -> ImportPlan:
    """Read and check the whole file against the database; writes nothing."""
    from desktop.importer import plan_members, plan_unions

    _check_kind(request.kind)
    progress(0.0, messages.PROGRESS_READING.format(path=request.path.name))
    by_file = (
        mapping.read_mapping_file(request.mapping_file, request.kind)
        if request.mapping_file
        else None
    )
    remembered = mapping.remembered(store, request.kind)
    known = known_headers(remembered, by_file)
    sheet, header = sheet_and_header(
        request.path, request.kind, request.sheet, request.header_row, known
    )
    chosen = mapping.resolve(header, remembered, by_file, request.mapping, request.mapping_file)
    layout = Layout(request.kind, sheet, header, chosen)
    _required(request.kind, sheet, header, layout, bool(request.union_name))
    plan = ImportPlan(request, sheet, header, chosen)
    checker = plan_members if request.kind == MEMBERS else plan_unions
    checker.check(store, plan, layout, progress, token or CancelToken())
    plan.headings = layout.headings
    if plan.rows_read == 0 and not plan.problems:
        raise UserError(messages.NO_DATA_ROWS.format(sheet=sheet.name, row=header.excel_row))
    return plan
