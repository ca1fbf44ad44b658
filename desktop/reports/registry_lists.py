"""The registry reports: member-movement, member-list, union-list."""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING

from sqlalchemy import Connection, text

from desktop.format import number, period_label
from desktop.reports.content import Column, Letterhead, Paragraph, Report, Table
from desktop.services.movement import member_movement, members_on
from desktop.text import name_sort_key, text_sort_key

if TYPE_CHECKING:
    from desktop.store import Store

SECTORS = {"state": "Nhà nước", "non_state": "Ngoài nhà nước"}
RATINGS = {
    "excellent": "Xuất sắc",
    "good": "Tốt",
    "completed": "Hoàn thành",
    "not_completed": "Không hoàn thành",
}
GENDERS = {"male": "Nam", "female": "Nữ"}


def _rows(con: Connection, sql: str, **params: object) -> list[tuple]:
    return [tuple(row) for row in con.execute(text(sql), params)]


def member_movement_report(
    store: Store, period: str, first: date, last: date, head: Letterhead
) -> Report:
    movement = member_movement(store, first, last)
    columns = (
        Column("STT", 13, "int"),
        Column("Công đoàn cơ sở", 80),
        Column("Đầu kỳ", 20, "int"),
        Column("Kết nạp", 20, "int"),
        Column("Chuyển đến", 20, "int"),
        Column("Chuyển đi", 20, "int"),
        Column("Ra khỏi tổ chức", 22, "int"),
        Column("Cuối kỳ", 20, "int"),
        Column("Trong đó nữ", 20, "int"),
    )
    rows = tuple(
        (
            n,
            r.union_name,
            r.opening,
            r.admitted,
            r.transferred_in,
            r.transferred_out,
            r.left,
            r.closing,
            r.women,
        )
        for n, r in enumerate(movement.rows, start=1)
    )
    t = movement.total
    total = (
        "",
        "Tổng cộng",
        t.opening,
        t.admitted,
        t.transferred_in,
        t.transferred_out,
        t.left,
        t.closing,
        t.women,
    )
    summary = Paragraph(
        f"Đầu kỳ toàn đơn vị có {number(t.opening)} đoàn viên; trong {period_label(period)} kết "
        f"nạp {number(t.admitted)}, chuyển đến {number(t.transferred_in)}, chuyển đi "
        f"{number(t.transferred_out)}, ra khỏi tổ chức {number(t.left)}; cuối kỳ có "
        f"{number(t.closing)} đoàn viên, trong đó {number(t.women)} nữ. Chuyển sinh hoạt giữa "
        "các công đoàn cơ sở trong đơn vị được tính ở cả cột chuyển đến và chuyển đi."
    )
    return Report(
        name="member-movement",
        title="BÁO CÁO",
        subject=f"Biến động đoàn viên {period_label(period)}",
        letterhead=head,
        blocks=(summary, Table(columns, rows, total)),
        landscape=True,
    )


def member_list_report(store: Store, period: str, last: date, head: Letterhead) -> Report:
    where = members_on(store, last)
    with store.reading() as con:
        unions = dict(_rows(con, "SELECT id, name FROM grassroots_union"))
        # Listed by name below; read in the order made so equal names keep one order everywhere.
        people = _rows(
            con,
            "SELECT id, full_name, gender, birth_date, citizen_id, card_number, job_title, "
            "joined_on FROM member WHERE deleted_at IS NULL ORDER BY created_at, id",
        )
    by_union: dict[str, list[tuple]] = {}
    for row in people:
        if row[0] in where:
            by_union.setdefault(where[row[0]], []).append(row)
    columns = (
        Column("STT", 13, "int"),
        Column("Họ và tên", 45),
        Column("Giới tính", 14),
        Column("Ngày sinh", 22, "date"),
        Column("Số CCCD", 28),
        Column("Số thẻ", 24),
        Column("Công việc", 35),
        Column("Ngày vào CĐ", 22, "date"),
    )
    rows: list[tuple] = []
    sections: set[int] = set()
    for union_id in sorted(by_union, key=lambda u: text_sort_key(unions.get(u, ""))):
        members = sorted(by_union[union_id], key=lambda r: name_sort_key(r[1]))
        sections.add(len(rows))
        rows.append(
            (f"{unions.get(union_id, '')} ({len(members):,} đoàn viên)".replace(",", "."),)
            + ("",) * (len(columns) - 1)
        )
        for n, (_, name, gender, born, cid, card, job, joined) in enumerate(members, start=1):
            rows.append(
                (n, name, GENDERS.get(gender, ""), _day(born), cid, card, job, _day(joined))
            )
    return Report(
        name="member-list",
        title="DANH SÁCH",
        subject=f"Đoàn viên theo công đoàn cơ sở đến hết {period_label(period)}",
        letterhead=head,
        blocks=(Table(columns, tuple(rows), sections=frozenset(sections)),),
        landscape=True,
        personal_data=True,
    )


def _day(iso: str | None) -> date | None:
    """A stored date as a date: dd/mm/yyyy on paper, a real date cell in Excel."""
    return date.fromisoformat(iso) if iso else None


def union_list_report(store: Store, period: str, last: date, head: Letterhead) -> Report:
    where = members_on(store, last)
    counts: dict[str, int] = {}
    for union_id in where.values():
        counts[union_id] = counts.get(union_id, 0) + 1
    day = last.isoformat()
    with store.reading() as con:
        unions = _rows(
            con,
            "SELECT id, name, sector, workforce_total, workforce_women, chair_name, founded_on "
            "FROM grassroots_union WHERE deleted_at IS NULL "
            "AND (founded_on IS NULL OR founded_on <= :day) "
            "AND (dissolved_on IS NULL OR dissolved_on > :day) ORDER BY created_at, id",
            day=day,
        )
        ratings = dict(
            _rows(
                con,
                "SELECT union_id, rating FROM union_rating WHERE deleted_at IS NULL "
                "AND year = :year ORDER BY created_at, id",
                year=last.year - (1 if last.month < 12 else 0),
            )
        )
    rated_year = last.year - (1 if last.month < 12 else 0)
    columns = (
        Column("STT", 13, "int"),
        Column("Công đoàn cơ sở", 75),
        Column("Khu vực", 26),
        Column("Lao động", 18, "int"),
        Column("Trong đó nữ", 18, "int"),
        Column("Đoàn viên", 18, "int"),
        Column("Chủ tịch", 40),
        Column(f"Xếp loại {rated_year}", 26),
    )
    ordered = sorted(unions, key=lambda u: text_sort_key(u[1]))
    rows = tuple(
        (
            n,
            name,
            SECTORS.get(sector, sector),
            total,
            women,
            counts.get(uid, 0),
            chair,
            RATINGS.get(ratings.get(uid, ""), "Chưa xếp loại"),
        )
        for n, (uid, name, sector, total, women, chair, _) in enumerate(ordered, start=1)
    )
    total = (
        "",
        "Tổng cộng",
        "",
        sum(r[3] for r in rows),
        sum(r[4] for r in rows),
        sum(r[5] for r in rows),
        "",
        "",
    )
    return Report(
        name="union-list",
        title="DANH SÁCH",
        subject=f"Công đoàn cơ sở trực thuộc đến hết {period_label(period)}",
        letterhead=head,
        blocks=(Table(columns, rows, total),),
        landscape=True,
    )
