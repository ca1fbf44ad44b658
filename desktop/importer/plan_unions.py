"""Checking a grassroots-unions sheet against itself and the database.

A union already present is one whose name reads the same (no case, tones, spacing or "CĐCS"
prefix) among the office's live unions; a dissolved namesake does not count, since a union
re-founded under its old name is a new union.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING

from sqlalchemy import text

from desktop.admin_units import find, former_communes, office_communes
from desktop.errors import UserError
from desktop.importer import messages
from desktop.importer.plan import ImportPlan, Planned, data_version
from desktop.importer.plan_members import STEP, office_unions
from desktop.importer.rows import Layout
from desktop.importer.unions import UnionRecord, commune_key, read_union, union_key
from desktop.progress import CancelToken, ProgressFn
from desktop.text import fold

if TYPE_CHECKING:
    from sqlalchemy import Connection

    from desktop.store import Store


def office_communes_by_name(district_code: str, province_code: str) -> dict[str, str]:
    """Folded commune name → 2025 commune code, for the office's province. A list written before
    the 2025 reform names old communes: each leads to its successor (an old name of the office's
    own pre-reform district first; another old name only when it leads to one commune), and a
    2025 name always wins over an old one. An old code written in the cell leads there too."""
    found: dict[str, str] = {}
    ambiguous: set[str] = set()
    own: set[str] = set()
    for successor in former_communes(district_code, province_code):
        key = commune_key(successor.old.name)
        if successor.old.parent_code == district_code and district_code:
            if key not in own:
                found[key] = successor.new.code
                own.add(key)
        elif key not in own:
            if key in found and found[key] != successor.new.code:
                ambiguous.add(key)
            found.setdefault(key, successor.new.code)
    for key in ambiguous:
        found.pop(key, None)
    for successor in former_communes(district_code, province_code):
        if find(successor.old.code, "2025") is None:  # a reused code is the 2025 commune's
            found.setdefault(successor.old.code, successor.new.code)  # an old code typed as such
    for unit in office_communes(district_code, province_code):
        found[commune_key(unit.name)] = unit.code
    return found


@dataclass(frozen=True)
class PresentUnion:
    id: str
    founded_on: date | None
    chair_name: str
    chair_elected_on: date | None
    workforce_total: int
    workforce_women: int


def _present(con: Connection, store: Store) -> dict[str, PresentUnion]:
    """The office's working unions by name key (a dissolved namesake is another union)."""
    live = {u.id: u for u in office_unions(con, store) if not u.dissolved}
    found = {}
    for row in con.execute(
        text(
            "SELECT id, founded_on, chair_name, chair_elected_on, workforce_total, "
            "workforce_women FROM grassroots_union WHERE unit_code = '' AND deleted_at IS NULL"
        )
    ):
        if row[0] in live:
            founded = date.fromisoformat(row[1]) if row[1] else None
            elected = date.fromisoformat(row[3]) if row[3] else None
            found[union_key(live[row[0]].name)] = PresentUnion(
                row[0], founded, row[2], elected, row[4], row[5]
            )
    return found


def check(
    store: Store, plan: ImportPlan, layout: Layout, progress: ProgressFn, token: CancelToken
) -> None:
    with store.reading() as con:  # one snapshot: the version and the records it stands for
        plan.seen_version = data_version(con)
        live = _present(con, store)
        row = con.execute(text("SELECT district_code, province_code FROM office")).first()
    communes = office_communes_by_name(*(tuple(row) if row else ("", "")))
    if layout.has("commune") and not communes:
        raise UserError(messages.NO_DISTRICT.format(path=store.label))
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
            continue
        planned.existing_id = present.id
        if not plan.request.update_existing:
            plan.kept.append(planned)
            continue
        problem = _merge_into_present(record, present, partial)
        if problem:
            plan.problems.append(layout.problem(data_row, "workforce_women", problem))
            continue
        plan.updates.append(planned)
    progress(0.9, messages.PROGRESS_CHECKED)


def _merge_into_present(record: UnionRecord, present: PresentUnion, partial: bool) -> str | None:
    """What an update may change, given what the union already holds; a problem, or None."""
    values = record.values
    total = values.get("workforce_total", present.workforce_total)
    women = values.get("workforce_women", present.workforce_women)
    if isinstance(total, int) and isinstance(women, int) and women > total:
        return messages.WOMEN_OVER_TOTAL.format(women=women, total=total)
    founded = values.get("founded_on")
    known = present.founded_on
    if partial and isinstance(founded, date) and known is not None and known.year == founded.year:
        values["founded_on"] = known  # a bare year keeps the full date
    chair = values.get("chair_name")
    if chair and present.chair_name and fold(str(chair)) != fold(present.chair_name):
        # A new chair: the old one's election and training dates are not theirs (target 5).
        values["chair_changed_from"] = (present.chair_name, present.chair_elected_on)
    return None
