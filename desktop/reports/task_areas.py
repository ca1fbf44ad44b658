"""Part II of the programme reports: a paragraph per task area for a month or a span of months.

Each area gets the office's own narratives of the span (month by month), then that span's
activities with their figures. The inspection and complaint records (target 9) are not activities:
they are told in the paragraph of the area of inspection and supervision ("kiểm tra").
"""

from __future__ import annotations

import sqlite3
from collections import defaultdict
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from desktop.format import money, number
from desktop.reports.content import Paragraph
from desktop.services.oversight import KIND_LABELS
from desktop.text import fold

# The area that tells the inspections and complaints, found by its title in any programme.
OVERSIGHT_TITLE = "kiem tra"


@dataclass(frozen=True)
class Span:
    """The months a report covers and how its sentences name them."""

    first: date
    last: date
    label: str  # "tháng 6/2024", "sáu tháng đầu năm 2024", "năm 2024"

    @property
    def months(self) -> tuple[str, str]:
        return f"{self.first:%Y-%m}", f"{self.last:%Y-%m}"


def _short(iso: str) -> str:
    return f"{iso[8:10]}/{iso[5:7]}"


def _read(con: sqlite3.Connection, span: Span) -> tuple[list[tuple], dict, dict, list, list]:
    days = (span.first.isoformat(), span.last.isoformat())
    areas = con.execute(
        "SELECT t.id, t.number, t.title FROM task_area t JOIN programme p ON p.id = t.programme_id "
        "WHERE p.year = ? AND t.deleted_at IS NULL AND p.deleted_at IS NULL ORDER BY t.number",
        (span.first.year,),
    ).fetchall()
    narratives: dict[str, list[tuple[str, str]]] = defaultdict(list)
    for area_id, period, text in con.execute(
        "SELECT task_area_id, period, text FROM narrative WHERE deleted_at IS NULL "
        "AND unit_code = '' AND period BETWEEN ? AND ? AND trim(text) <> '' ORDER BY period",
        span.months,
    ):
        narratives[area_id].append((period, text))
    activities: dict[int, list[tuple]] = defaultdict(list)
    for row in con.execute(
        "SELECT task_area, title, held_on, participants, participants_women, amount "
        "FROM activity WHERE deleted_at IS NULL AND held_on BETWEEN ? AND ? "
        "ORDER BY task_area, held_on",
        days,
    ):
        activities[row[0]].append(row[1:])
    inspections = con.execute(
        "SELECT i.kind, i.scope, COALESCE(g.name, ''), i.inspected_on FROM inspection i "
        "LEFT JOIN grassroots_union g ON g.id = i.union_id WHERE i.deleted_at IS NULL "
        "AND i.inspected_on BETWEEN ? AND ? ORDER BY i.inspected_on",
        days,
    ).fetchall()
    complaints = con.execute(
        "SELECT received_on, resolved_on, within_authority FROM complaint "
        "WHERE deleted_at IS NULL AND (received_on BETWEEN ?1 AND ?2 OR resolved_on BETWEEN ?1 AND ?2 "
        "OR (received_on < ?1 AND (resolved_on IS NULL OR resolved_on > ?2)))",
        days,
    ).fetchall()
    return areas, narratives, activities, inspections, complaints


def _activities_sentence(activities: list[tuple]) -> str:
    people = sum(a[2] for a in activities)
    women = sum(a[3] for a in activities)
    amount = sum(a[4] for a in activities)
    lines = "; ".join(
        f"{title} ({_short(held)}, {number(n)} người" + (f", {money(cost)}" if cost else "") + ")"
        for title, held, n, _, cost in activities
    )
    return (
        f"Tổ chức {number(len(activities))} hoạt động với {number(people)} lượt người tham dự "
        f"({number(women)} nữ)"
        + (f", tổng kinh phí {money(amount)}" if amount else "")
        + f": {lines}."
    )


def _inspections_sentence(inspections: list[tuple]) -> str:
    """`Kiểm tra tài chính 2 CĐCS (CĐCS A 05/06; CĐCS B 12/06); …`, by kind and scope."""
    parts = []
    for scope, what in (
        ("grassroots", "CĐCS"),
        ("same_level", "lần tại cơ quan đơn vị"),
        ("by_province", "lần do LĐLĐ tỉnh kiểm tra đơn vị"),
    ):
        for kind in ("finance", "charter"):
            found = [(u, on) for k, s, u, on in inspections if k == kind and s == scope]
            if not found:
                continue
            where = "; ".join(f"{u} {_short(on)}".strip() for u, on in found)
            label = KIND_LABELS[kind]
            parts.append(f"{label[0].lower()}{label[1:]} {number(len(found))} {what} ({where})")
    text = "; ".join(parts)
    return text[:1].upper() + text[1:] + "."


def _complaints_sentence(complaints: list[tuple], span: Span) -> str:
    first, last = span.first.isoformat(), span.last.isoformat()
    received = [c for c in complaints if first <= c[0] <= last]
    resolved = [c for c in complaints if c[1] is not None and first <= c[1] <= last]
    pending = [c for c in complaints if c[1] is None or c[1] > last]
    within = sum(1 for c in received if c[2])
    return (
        f"Tiếp nhận {number(len(received))} đơn thư khiếu nại, tố cáo ({number(within)} thuộc "
        f"thẩm quyền của công đoàn); giải quyết {number(len(resolved))} đơn; đến hết "
        f"{span.label} còn {number(len(pending))} đơn đang giải quyết."
    )


def area_paragraphs(db_path: Path, span: Span) -> list[Paragraph]:
    con = sqlite3.connect(f"file:{db_path}?mode=ro", uri=True)
    try:
        areas, narratives, activities, inspections, complaints = _read(con, span)
    finally:
        con.close()
    several_months = span.months[0] != span.months[1]
    blocks: list[Paragraph] = []
    for area_id, area_number, title in areas:
        blocks.append(Paragraph(f"{area_number}. {title}", heading=True))
        told = narratives.get(area_id, [])
        for period, text in told:
            prefix = f"Tháng {int(period[5:])}: " if several_months else ""
            blocks.append(Paragraph(prefix + text))
        # The office's own account is work told: "no activity" only when nothing at all is said.
        said = bool(told)
        if activities.get(area_number):
            blocks.append(Paragraph(_activities_sentence(activities[area_number])))
            said = True
        if OVERSIGHT_TITLE in fold(title):
            if inspections:
                blocks.append(Paragraph(_inspections_sentence(inspections)))
            if complaints:
                blocks.append(Paragraph(_complaints_sentence(complaints, span)))
            said = said or bool(inspections or complaints)
        if not said:
            blocks.append(Paragraph(f"Trong {span.label} chưa ghi nhận hoạt động."))
    return blocks
