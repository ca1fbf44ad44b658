"""Grassroots unions: matching a written name to a union, and a unions sheet's rows to records.

Names are compared the way staff read them: no case, tones or spacing, and without the prefixes
"Công đoàn cơ sở", "CĐCS", "CĐ" that some lists write and others leave out.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date

from desktop.importer import messages
from desktop.importer.rows import DataRow, Layout, Problem, Report
from desktop.importer.synonyms import EMPLOYER_LABELS, employer_type_of
from desktop.importer.values import (
    DateValue,
    ValueProblem,
    field_text,
    is_blank,
    is_mark,
    parse_count,
    parse_date,
    shown,
    text,
)
from desktop.text import fold

_PREFIX = re.compile(r"^(cong doan co so|cong doan cs|cong doan|cd cs|cdcs|cd)\b\s*")
_STATE_TYPES = ("agency", "school", "state_enterprise")


def union_key(name: str) -> str:
    """`CĐCS Trường THCS  Thạnh Phong` and `truong thcs thanh phong` give the same key."""
    folded = " ".join(re.sub(r"[^\w]+", " ", fold(name)).split())
    return _PREFIX.sub("", folded, count=1).strip()


@dataclass(frozen=True)
class KnownUnion:
    id: str
    name: str
    dissolved: bool


class UnionIndex:
    """The office's grassroots unions by key, for matching names written in a file."""

    def __init__(self, unions: list[KnownUnion]) -> None:
        self.by_key: dict[str, list[KnownUnion]] = {}
        self._found: dict[str, KnownUnion] = {}  # a list names the same few unions many times
        for union in unions:
            self.by_key.setdefault(union_key(union.name), []).append(union)

    def find(self, written: str) -> KnownUnion:
        """The one live union `written` names; ValueProblem says why there is none."""
        known = self._found.get(written)
        if known is not None:
            return known
        found = self.by_key.get(union_key(written), [])
        alive = [u for u in found if not u.dissolved]
        if len(alive) == 1:
            self._found[written] = alive[0]
            return alive[0]
        if len(alive) > 1:
            names = "; ".join(sorted(u.name for u in alive))
            raise ValueProblem(messages.AMBIGUOUS_UNION.format(text=shown(written), names=names))
        if found:
            raise ValueProblem(messages.DISSOLVED_UNION.format(text=shown(written)))
        raise ValueProblem(messages.UNKNOWN_UNION.format(text=shown(written)))


def guess_employer_type(name: str, sector: str | None) -> str:
    """From the name when the file says nothing: "Trường …" is a school, "Công ty …" an enterprise."""
    key = fold(name)
    if key.startswith("nghiep doan"):
        return "trade"
    if re.search(r"\b(truong|mam non|mau giao)\b", key):
        return "school"
    if re.search(r"\b(hop tac xa|htx)\b", key):
        return "cooperative"
    if re.search(r"\b(cong ty|doanh nghiep|nha may|xi nghiep|dntn|tnhh)\b", key):
        return "state_enterprise" if sector == "state" else "private_enterprise"
    return "agency" if sector != "non_state" else "private_enterprise"


@dataclass
class UnionRecord:
    row: int  # the spreadsheet row
    name: str
    values: dict[str, object] = field(default_factory=dict)


def read_union(
    layout: Layout, row: DataRow, communes: dict[str, str], today: date
) -> tuple[UnionRecord | None, list[Problem], bool]:
    """One row → a record of column values (only those the file gives), its problems, and
    whether a date in it was a year or month only."""
    problems: list[Problem] = []
    partial = False

    def bad(field_id: str | None, message: str) -> None:
        problems.append(layout.problem(row, field_id, message))

    name = _field(layout, row, "name", bad)
    if not name:
        bad("name", messages.REQUIRED.format(field="tên công đoàn cơ sở"))
    values: dict[str, object] = {}

    sector = _sector(layout, row, bad)
    employer = None
    if layout.has("employer_type") and not is_blank(layout.value(row, "employer_type")):
        employer = employer_type_of(text(layout.value(row, "employer_type")))
        if employer is None:
            bad(
                "employer_type",
                messages.NOT_AN_EMPLOYER_TYPE.format(text=text(layout.value(row, "employer_type"))),
            )
    marked = [k for k in EMPLOYER_LABELS if is_mark(layout.value(row, f"employer_type={k}"))]
    if employer is None and len(marked) == 1:
        employer = marked[0]
    if employer is None and name:
        employer = guess_employer_type(name, sector)
    if sector is None and employer is not None:
        sector = "state" if employer in _STATE_TYPES else "non_state"
    values["sector"] = sector
    values["employer_type"] = employer
    values["kind"] = "trade_based" if employer == "trade" else "workplace"

    for field_id in ("address", "phone", "chair_name", "note"):
        written = _field(layout, row, field_id, bad) if layout.has(field_id) else ""
        if written:  # a blank cell says nothing: an update keeps what the union holds
            values[field_id] = written
    if layout.has("commune") and not is_blank(layout.value(row, "commune")):
        written = text(layout.value(row, "commune"))
        code = communes.get(commune_key(written))
        if code is None and written in communes.values():
            code = written  # the statistics office's code itself
        if code is None:
            bad("commune", messages.UNKNOWN_COMMUNE.format(text=written))
        else:
            values["commune_code"] = code
    for field_id in ("workforce_total", "workforce_women"):
        raw = layout.value(row, field_id)
        if layout.has(field_id) and not is_blank(raw):
            try:
                values[field_id] = parse_count(raw)
            except ValueProblem as exc:
                bad(field_id, exc.message)
    total, women = values.get("workforce_total"), values.get("workforce_women")
    if isinstance(total, int) and isinstance(women, int) and women > total:
        bad("workforce_women", messages.WOMEN_OVER_TOTAL.format(women=women, total=total))
    raw = layout.value(row, "founded_on")
    if layout.has("founded_on") and not is_blank(raw):
        try:
            founded: DateValue = parse_date(raw)
        except ValueProblem as exc:
            bad("founded_on", exc.message)
        else:
            if founded.value > today:
                bad(
                    "founded_on",
                    messages.FUTURE_DATE.format(
                        label="Ngày thành lập", day=f"{founded.value:%d/%m/%Y}"
                    ),
                )
            values["founded_on"] = founded.value
            partial = founded.partial
    if problems:
        return None, problems, partial
    return UnionRecord(row.number, name, values), problems, partial


def _sector(layout: Layout, row: DataRow, report: Report) -> str | None:
    if layout.has("sector") and not is_blank(layout.value(row, "sector")):
        key = fold(text(layout.value(row, "sector")))
        key = re.sub(r"^(khu vuc|kv|khoi)\s+", "", key)
        if key in ("nha nuoc", "nn", "hcsn", "hanh chinh su nghiep"):
            return "state"
        if key in ("ngoai nha nuoc", "ngoai nn", "nnn", "ngoai khu vuc nha nuoc", "tu nhan"):
            return "non_state"
        report("sector", messages.NOT_A_SECTOR.format(text=text(layout.value(row, "sector"))))
        return None
    state = is_mark(layout.value(row, "sector_state"))
    non_state = is_mark(layout.value(row, "sector_non_state"))
    if state and non_state:
        report("sector_state", messages.BOTH_SECTORS)
        return None
    if state or non_state:
        return "state" if state else "non_state"
    if layout.has("sector_state") or layout.has("sector_non_state"):
        report("sector_state", messages.NO_SECTOR)
    return None


def commune_key(name: str) -> str:
    """`Xã An Điền`, `an dien`, `X. An Điền` → `an dien`."""
    folded = " ".join(re.sub(r"[^\w]+", " ", fold(name)).split())
    return re.sub(r"^(xa|phuong|thi tran|tt|p|x)\s+", "", folded)


def _field(layout: Layout, row: DataRow, field_id: str, bad: Report) -> str:
    """The field's text, or "" with its problem reported (control characters, bidi overrides,
    more than the column holds): what the province would refuse is refused here first."""
    try:
        return field_text(layout.value(row, field_id), field_id)
    except ValueProblem as exc:
        bad(field_id, exc.message)
        return ""
