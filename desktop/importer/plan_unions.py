"""Checking a grassroots-unions sheet against itself and the database.

A union already present is one whose name reads the same (no case, tones, spacing or "CĐCS"
prefix) among the office's live unions; a dissolved namesake does not count, since a union
re-founded under its old name is a new union.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path

from desktop.admin_units import communes_of_district
from desktop.errors import UserError
from desktop.importer import messages
from desktop.importer.plan import ImportPlan, Planned
from desktop.importer.plan_members import STEP, office_unions, read_only
from desktop.importer.rows import Layout
from desktop.importer.unions import commune_key, read_union, union_key
from desktop.progress import CancelToken, ProgressFn


def district_communes(district_code: str) -> dict[str, str]:
    """Folded commune name → statistics office code, for the office's district."""
    return {commune_key(u.name): u.code for u in communes_of_district(district_code)}


def check(
    db_path: Path, plan: ImportPlan, layout: Layout, progress: ProgressFn, token: CancelToken
) -> None:
    from desktop.models.db import ensure_schema

    ensure_schema(db_path)
    con = read_only(db_path)
    try:
        live = {union_key(u.name): u for u in office_unions(con, db_path) if not u.dissolved}
        row = con.execute("SELECT district_code FROM office").fetchone()
    finally:
        con.close()
    communes = district_communes(row[0] if row else "")
    if layout.has("commune") and not communes:
        raise UserError(messages.NO_DISTRICT.format(path=db_path))
    today = plan.request.today or date.today()
    seen: dict[str, int] = {}
    rows = list(layout.rows())
    for number, data_row in enumerate(rows):
        if number % STEP == 0:
            token.check()
            progress(0.1 + 0.8 * number / max(len(rows), 1), messages.PROGRESS_CHECKING)
        plan.rows_read += 1
        record, problems, partial = read_union(layout, data_row, communes, today)
        plan.problems.extend(problems)
        plan.partial_dates += partial
        if record is None:
            continue
        key = union_key(record.name)
        if key in seen:
            plan.problems.append(
                layout.problem(data_row, "name", messages.DUPLICATE_UNION.format(row=seen[key]))
            )
            continue
        seen[key] = record.row
        planned = Planned(record.row, record.name, record)
        present = live.get(key)
        if present is None:
            plan.new.append(planned)
        else:
            planned.existing_id = present.id
            (plan.updates if plan.request.update_existing else plan.kept).append(planned)
    progress(0.9, messages.PROGRESS_CHECKED)
