"""What a unit-state bundle carries, table by table, and how each value is checked.

The column lists are frozen per bundle schema (`BUNDLE_SCHEMA`): a reader validates a bundle against
the list of the schema it names, not against whatever the local database looks like today. A new
column in a synchronised table means a new entry in SPECS (a test compares the newest one with the
models). Kinds (desktop/sync/format/kinds.py): uuid, text, derived (a column the reader computes again
from another, desktop/sync/format/derived.py), int, float, bool, date, datetime, period, an enum name, or
ref.TABLE (a UUID that must name a row of TABLE in the same bundle); a trailing `?` allows null.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from desktop.sync.format.kinds import ENUMS, MAX_TEXT, value_check

__all__ = ["ENUMS", "MAX_TEXT", "Column", "checkers"]

BUNDLE_SCHEMA = "0013_province"
STAMPS = "created_at:datetime updated_at:datetime deleted_at:datetime?"

_SPEC_0002 = {
    "grassroots_union": "id:uuid name:text name_key:derived sector:sector kind:union_kind "
    "employer_type:employer_type commune_code:text address:text phone:text workforce_total:int "
    "workforce_women:int founded_on:date? dissolved_on:date? dissolved_reason:text "
    "chair_name:text chair_elected_on:date? chair_trained_on:date? note:text " + STAMPS,
    "union_rating": "id:uuid union_id:ref.grassroots_union year:int rating:rating rated_on:date? "
    + STAMPS,
    "enterprise": "id:uuid name:text employer_type:employer_type commune_code:text address:text "
    "workforce_total:int workforce_women:int status:prospect_status status_on:date? "
    "union_id:ref.grassroots_union? note:text " + STAMPS,
    "member": "id:uuid union_id:ref.grassroots_union full_name:text name_key:derived sort_key:derived "
    "gender:gender birth_date:date? citizen_id:text card_number:text phone:text ethnicity:text "
    "job_title:text joined_on:date? status:member_status household_status:household_status? "
    "party_introduced_on:date? smartca_installed_on:date? note:text " + STAMPS,
    "member_event": "id:uuid member_id:ref.member kind:event_kind event_date:date "
    "from_union_id:ref.grassroots_union? to_union_id:ref.grassroots_union? reason:text " + STAMPS,
    "household_review": "id:uuid member_id:ref.member reviewed_on:date status:household_status "
    + STAMPS,
    "activity": "id:uuid task_area:int kind:activity_kind subkind:text title:text held_on:date "
    "participants:int participants_women:int amount:int beneficiary_member_id:ref.member? "
    "note:text " + STAMPS,
    "activity_union": "activity_id:ref.activity union_id:ref.grassroots_union",
    "inspection": "id:uuid kind:inspection_kind scope:inspection_scope "
    "union_id:ref.grassroots_union? inspected_on:date findings:text " + STAMPS,
    "complaint": "id:uuid received_on:date resolved_on:date? subject:text "
    "union_id:ref.grassroots_union? within_authority:bool outcome:text " + STAMPS,
    # Programme rows are the province's: entries name their target and task area by year and code.
    "progress_entry": "id:uuid programme_year:int target_code:text period:period value:float "
    "note:text " + STAMPS,
    "narrative": "id:uuid programme_year:int task_area_number:int period:period text:text "
    + STAMPS,
}

# 0007_years: a chair's re-election (target 5 counts newly elected chairs) and a house
# activity's number of houses (target 7 counts houses); every other table as in 0002_sync.
_SPEC_0007 = {
    **_SPEC_0002,
    "grassroots_union": "id:uuid name:text name_key:derived sector:sector kind:union_kind "
    "employer_type:employer_type commune_code:text address:text phone:text workforce_total:int "
    "workforce_women:int founded_on:date? dissolved_on:date? dissolved_reason:text "
    "chair_name:text chair_elected_on:date? chair_trained_on:date? chair_reelected:bool note:text "
    + STAMPS,
    "activity": "id:uuid task_area:int kind:activity_kind subkind:text title:text held_on:date "
    "participants:int participants_women:int amount:int houses:int? "
    "beneficiary_member_id:ref.member? note:text " + STAMPS,
}

# 0013_province: the two counts behind an entered percentage (people reached, people in scope),
# so the province sums counts instead of averaging percentages; null when entered without them.
_SPEC_0013 = {
    **_SPEC_0007,
    "progress_entry": "id:uuid programme_year:int target_code:text period:period value:float "
    "numerator:float? denominator:float? note:text " + STAMPS,
}

# Parents before children: the order parts are written, validated and inserted in.
TABLE_ORDER = tuple(_SPEC_0002)

# What a column a later schema added holds in a row an older schema wrote: the previous release
# never asked, so nobody recorded a re-election and no house activity its number of houses.
ADDED_DEFAULTS: dict[tuple[str, str], Any] = {
    ("grassroots_union", "chair_reelected"): 0,
    ("activity", "houses"): None,
    ("progress_entry", "numerator"): None,  # entered as a percentage without its counts
    ("progress_entry", "denominator"): None,
}

# The dated column that places a record in time: records dated after the period end stay home.
DATED = {
    "member_event": "event_date",
    "household_review": "reviewed_on",
    "activity": "held_on",
    "inspection": "inspected_on",
    "complaint": "received_on",
}


@dataclass(frozen=True)
class Column:
    name: str
    kind: str
    nullable: bool

    @property
    def ref(self) -> str | None:
        return self.kind[4:] if self.kind.startswith("ref.") else None


def _parse(spec: dict[str, str]) -> dict[str, tuple[Column, ...]]:
    parsed = {}
    for table, text in spec.items():
        columns = []
        for item in text.split():
            name, kind = item.split(":")
            columns.append(Column(name, kind.rstrip("?"), kind.endswith("?")))
        parsed[table] = tuple(columns)
    return parsed


SPECS: dict[str, dict[str, tuple[Column, ...]]] = {
    "0002_sync": _parse(_SPEC_0002),
    "0007_years": _parse(_SPEC_0007),
    "0013_province": _parse(_SPEC_0013),
}


def upgrade_rows(schema: str, table: str, rows: list[list[Any]]) -> list[list[Any]]:
    """Rows of `table` as a bundle of `schema` carries them, in the columns of the newest
    schema, which every reader after validation works with: a column the older schema lacks
    gets its `ADDED_DEFAULTS` value. A province keeps reading offices on the previous release."""
    old = [c.name for c in SPECS[schema][table]]
    new = [c.name for c in SPECS[BUNDLE_SCHEMA][table]]
    if old == new:
        return rows
    where = [old.index(name) if name in old else None for name in new]
    fill = [
        None if i is not None else ADDED_DEFAULTS[(table, name)]
        for i, name in zip(where, new, strict=True)
    ]
    return [
        [row[i] if i is not None else value for i, value in zip(where, fill, strict=True)]
        for row in rows
    ]


def checkers(columns: tuple[Column, ...]) -> list[Callable[[Any], bool]]:
    """One value check per column, null allowed where the column says so."""
    found: list[Callable[[Any], bool]] = []
    for column in columns:
        check = value_check(column.kind)
        found.append(_nullable(check) if column.nullable else check)
    return found


def _nullable(check: Callable[[Any], bool]) -> Callable[[Any], bool]:
    return lambda v: v is None or check(v)


def export_sql(
    table: str, columns: tuple[Column, ...], owner: str, last_day: str
) -> tuple[str, dict[str, Any]]:
    """The SELECT that reads this office's own rows of `table` in the bundle's column order."""
    params: dict[str, Any] = {"owner": owner, "last": last_day, "period": last_day[:7]}
    if table == "progress_entry":
        sql = (
            "SELECT e.id, p.year, t.code, e.period, e.value, e.numerator, e.denominator, e.note, "
            "e.created_at, e.updated_at, "
            "e.deleted_at FROM progress_entry e JOIN target t ON t.id = e.target_id "
            "JOIN programme p ON p.id = t.programme_id WHERE e.unit_code = :code "
            "AND e.period <= :period ORDER BY e.id"
        )
        return sql, params
    if table == "narrative":
        sql = (
            "SELECT n.id, p.year, a.number, n.period, n.text, n.created_at, n.updated_at, "
            "n.deleted_at FROM narrative n JOIN task_area a ON a.id = n.task_area_id "
            "JOIN programme p ON p.id = a.programme_id WHERE n.unit_code = :owner "
            "AND n.period <= :period ORDER BY n.id"
        )
        return sql, params
    names = ", ".join(c.name for c in columns)
    where = "unit_code = :owner"
    if table in DATED:
        where += f" AND {DATED[table]} <= :last"
    if table == "activity_union":
        # A link follows its activity: one dated after the period end stays home with it.
        where += " AND activity_id IN (SELECT id FROM activity WHERE unit_code = :owner AND held_on <= :last)"
    order = "activity_id, union_id" if table == "activity_union" else "id"
    return f"SELECT {names} FROM {table} WHERE {where} ORDER BY {order}", params
