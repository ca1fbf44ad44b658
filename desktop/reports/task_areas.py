"""Part II of the programme reports: a paragraph per task area for a month or a span of months.

Each area gets the office's own narratives of the span (month by month), then that span's
activities with their figures. The inspection and complaint records (target 9) are not activities:
they are told in the paragraph of the area of inspection and supervision ("kiểm tra").
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING

from sqlalchemy import Connection, text

from desktop.format import money, number, vn_date
from desktop.programme.metrics import inspected_unions
from desktop.programme.records import Records
from desktop.reports.content import Paragraph
from desktop.services.oversight import KIND_LABELS
from desktop.text import fold

if TYPE_CHECKING:
    from desktop.store import Store

# The area that tells the inspections and complaints, found by its title in any programme.
OVERSIGHT_TITLE = "kiem tra"
# Activities filed under a task area number the span's programme does not have (recorded under
# an earlier programme's areas before this one arrived): told, never dropped.
OTHER_AREA = (
    "Hoạt động ghi theo nhiệm vụ số {number} (chương trình năm {year} không có nhiệm vụ này)"
)


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


def _rows(con: Connection, sql: str, **params: object) -> list[tuple]:
    return [tuple(row) for row in con.execute(text(sql), params)]


def _read(con: Connection, span: Span, year: int) -> tuple[list[tuple], dict, dict, list, list]:
    """The task areas of programme `year` and the span's records. Narratives and activities
    go by the task area's number: one written before the year's programme arrived (under the
    earlier programme's area) is told under the area of that number."""
    days = {"first": span.first.isoformat(), "last": span.last.isoformat()}
    areas = _rows(
        con,
        "SELECT t.number, t.title FROM task_area t JOIN programme p ON p.id = t.programme_id "
        "WHERE p.year = :year AND t.deleted_at IS NULL AND p.deleted_at IS NULL ORDER BY t.number",
        year=year,
    )
    narratives: dict[int, list[tuple[str, str]]] = defaultdict(list)
    for area_number, period, told in _rows(
        con,
        "SELECT t.number, n.period, n.text FROM narrative n JOIN task_area t "
        "ON t.id = n.task_area_id WHERE n.deleted_at IS NULL AND n.unit_code = '' "
        "AND n.period BETWEEN :first AND :last AND trim(n.text) <> '' "
        "ORDER BY n.period, n.created_at, n.id",
        first=span.months[0],
        last=span.months[1],
    ):
        narratives[area_number].append((period, told))
    activities: dict[int, list[tuple]] = defaultdict(list)
    for row in _rows(
        con,
        "SELECT task_area, title, held_on, participants, participants_women, amount "
        "FROM activity WHERE deleted_at IS NULL AND held_on BETWEEN :first AND :last "
        "ORDER BY task_area, held_on, created_at, id",
        **days,
    ):
        activities[row[0]].append(row[1:])
    inspections = _rows(
        con,
        "SELECT i.kind, i.scope, i.union_id, COALESCE(g.name, ''), i.inspected_on FROM inspection i "
        "LEFT JOIN grassroots_union g ON g.id = i.union_id WHERE i.deleted_at IS NULL "
        "AND i.inspected_on BETWEEN :first AND :last ORDER BY i.inspected_on, i.created_at, i.id",
        **days,
    )
    complaints = _rows(
        con,
        "SELECT received_on, resolved_on, within_authority FROM complaint "
        "WHERE deleted_at IS NULL AND (received_on BETWEEN :first AND :last "
        "OR resolved_on BETWEEN :first AND :last "
        "OR (received_on < :first AND (resolved_on IS NULL OR resolved_on > :last)))",
        **days,
    )
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


def _inspections_sentence(con: Connection, inspections: list[tuple], span: Span) -> str:
    """`Kiểm tra tài chính 2 CĐCS (CĐCS A 05/06, 20/08; CĐCS B 12/06); …`, by kind and scope.

    Grassroots unions are counted as targets 9c and 9d count them (each union once, alive at
    the span's end): the sentence and the targets table give one number, and a union the target
    leaves out is named with the reason.
    """
    parts = []
    for scope, what in (
        ("grassroots", "CĐCS"),
        ("same_level", "lần tại cơ quan đơn vị"),
        ("by_province", "lần do LĐLĐ tỉnh kiểm tra đơn vị"),
    ):
        for kind in ("finance", "charter"):
            found = [(uid, u, on) for k, s, uid, u, on in inspections if k == kind and s == scope]
            if not found:
                continue
            label = KIND_LABELS[kind]
            label = f"{label[0].lower()}{label[1:]}"
            if scope == "grassroots":
                parts.append(f"{label} {_unions_inspected(con, found, span, kind)}")
                continue
            where = "; ".join(f"{u} {_short(on)}".strip() for _, u, on in found)
            parts.append(f"{label} {number(len(found))} {what} ({where})")
    joined = "; ".join(parts)
    return joined[:1].upper() + joined[1:] + "."


def _unions_inspected(
    con: Connection, found: list[tuple[str | None, str, str]], span: Span, kind: str
) -> str:
    """`2 CĐCS (A 15/03; B 04/05, 20/08; không tính 1 CĐCS đã giải thể: C 15/03, giải thể ngày
    31/05/2024, vì chỉ tiêu 9d chỉ tính CĐCS còn hoạt động đến 31/12/2024)`."""
    counted, left_out = inspected_unions(Records(con), span.first, span.last, kind)
    days: dict[str | None, list[str]] = defaultdict(list)
    for uid, _, on in found:
        days[uid].append(_short(on))
    first_seen = list(days)
    counted.sort(key=lambda u: first_seen.index(u[0]))
    shown = [f"{name} {', '.join(days[uid])}" for uid, name in counted]
    reasons = _why_left_out(con, [uid for uid, _ in left_out], span.last)
    gone = [
        f"{name} {', '.join(days[uid])}, {reasons[uid][1]}"
        for uid, name in sorted(left_out, key=lambda u: first_seen.index(u[0]))
    ]
    unnamed = len(days.get(None, []))
    if gone or unnamed:
        kinds = {reasons[uid][0] for uid, _ in left_out}
        which = kinds.pop() if len(kinds) == 1 and not unnamed else "không còn trong danh sách"
        codes = _target_codes(con, span.first.year, METRIC_OF_KIND[kind])
        target = f"chỉ tiêu {codes}" if codes else "chỉ tiêu"
        detail = "; ".join(gone + ([f"{number(unnamed)} lần chưa ghi CĐCS"] if unnamed else []))
        shown.append(
            f"không tính {number(len(gone) + unnamed)} CĐCS {which}: {detail}, vì {target} chỉ "
            f"tính CĐCS còn hoạt động đến {vn_date(span.last)}"
        )
    return f"{number(len(counted))} CĐCS" + (f" ({'; '.join(shown)})" if shown else "")


METRIC_OF_KIND = {"finance": "finance_inspected", "charter": "charter_supervised"}


def _why_left_out(con: Connection, union_ids: list[str], last: date) -> dict[str, tuple[str, str]]:
    """Each left-out union's reason: (its kind, said of a group; said of the union)."""
    found: dict[str, tuple[str, str]] = {}
    for uid in union_ids:
        founded, dissolved, deleted = _rows(
            con,
            "SELECT founded_on, dissolved_on, deleted_at FROM grassroots_union WHERE id = :id",
            id=uid,
        )[0]
        if deleted:
            found[uid] = ("đã xóa khỏi danh sách", "đã xóa khỏi danh sách CĐCS")
        elif dissolved and dissolved <= last.isoformat():
            on = vn_date(date.fromisoformat(dissolved))
            found[uid] = ("đã giải thể", f"giải thể ngày {on}")
        else:
            on = vn_date(date.fromisoformat(founded)) if founded else ""
            found[uid] = ("chưa thành lập", f"thành lập ngày {on}")
    return found


def _target_codes(con: Connection, year: int, metric: str) -> str:
    codes = _rows(
        con,
        "SELECT t.code FROM target t JOIN programme p ON p.id = t.programme_id "
        "WHERE p.year = :year AND t.metric = :metric AND t.deleted_at IS NULL "
        "AND p.deleted_at IS NULL ORDER BY t.position",
        year=year,
        metric=metric,
    )
    return ", ".join(code for (code,) in codes)


def _complaints_sentence(complaints: list[tuple], span: Span) -> str:
    """Received, of them within the union's authority and resolved by the span's end (what
    target 9e counts), resolved in the span (some received earlier), and still open."""
    first, last = span.first.isoformat(), span.last.isoformat()
    received = [c for c in complaints if first <= c[0] <= last]
    resolved = [c for c in complaints if c[1] is not None and first <= c[1] <= last]
    pending = [c for c in complaints if c[1] is None or c[1] > last]
    within = [c for c in received if c[2]]
    within_done = sum(1 for c in within if c[1] is not None and c[1] <= last)
    earlier = sum(1 for c in resolved if c[0] < first)
    return (
        f"Tiếp nhận {number(len(received))} đơn thư khiếu nại, tố cáo ({number(len(within))} "
        "thuộc thẩm quyền của công đoàn"
        + (f", đã giải quyết {number(within_done)}" if within else "")
        + f"); giải quyết {number(len(resolved))} đơn"
        + (f" (có {number(earlier)} đơn nhận trước {span.label})" if earlier else "")
        + f"; đến hết {span.label} còn {number(len(pending))} đơn đang giải quyết."
    )


def area_paragraphs(store: Store, span: Span) -> list[Paragraph]:
    """A paragraph per task area of the span's programme (before the year's programme arrives,
    the latest one's: `areas_year`); activities under a number that programme lacks come last."""
    from desktop.services.progress import areas_note, areas_year

    year = areas_year(store, span.first.year)
    with store.reading() as con:
        areas, narratives, activities, inspections, complaints = _read(con, span, year)
        told_inspections = _inspections_sentence(con, inspections, span) if inspections else ""
    several_months = span.months[0] != span.months[1]
    blocks: list[Paragraph] = []
    if year != span.first.year:
        blocks.append(Paragraph(areas_note(span.first.year, year)))
    for area_number, title in areas:
        blocks.append(Paragraph(f"{area_number}. {title}", heading=True))
        told = narratives.get(area_number, [])
        for period, said_then in told:
            prefix = f"Tháng {int(period[5:])}: " if several_months else ""
            blocks.append(Paragraph(prefix + said_then))
        # The office's own account is work told: "no activity" only when nothing at all is said.
        said = bool(told)
        if activities.get(area_number):
            blocks.append(Paragraph(_activities_sentence(activities[area_number])))
            said = True
        if OVERSIGHT_TITLE in fold(title):
            if inspections:
                blocks.append(Paragraph(told_inspections))
            if complaints:
                blocks.append(Paragraph(_complaints_sentence(complaints, span)))
            said = said or bool(inspections or complaints)
        if not said:
            blocks.append(Paragraph(f"Trong {span.label} chưa ghi nhận hoạt động."))
    numbers = {number for number, _ in areas}
    for area_number in sorted(set(activities) - numbers):
        blocks.append(Paragraph(OTHER_AREA.format(number=area_number, year=year), heading=True))
        blocks.append(Paragraph(_activities_sentence(activities[area_number])))
    return blocks
