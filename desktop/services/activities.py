"""Activities under the programme's task areas, and the office's monthly narrative per task area.

Read through the store (the screen lists a month at a time); written through the ORM in one unit
of work per save, its audit entry in the same transaction. Only the office's own rows (unit_code '') are listed or touched.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import TYPE_CHECKING, Any

from desktop.errors import UserError
from desktop.periods import parse_month
from desktop.services.progress import areas_year

if TYPE_CHECKING:
    from sqlalchemy import Connection

    from desktop.store import Store

KIND_LABELS = {
    "propaganda": "Tuyên truyền, phổ biến",
    "training": "Tập huấn, bồi dưỡng",
    "dialogue": "Đối thoại tại nơi làm việc",
    "collective_agreement": "Ký thỏa ước lao động tập thể",
    "workers_month": "Tháng Công nhân",
    "support": "Chăm lo, hỗ trợ đoàn viên",
    "house": "Nhà tặng đoàn viên",
    "social_criticism": "Phản biện xã hội",
    "womens_affairs": "Nữ công",
    "other": "Khác",
}
# The programmes a kind is usually part of: offered in the form, free text allowed.
SUBKINDS = {
    "support": ("Tết Sum vầy", "Cảm ơn người lao động", "Thăm hỏi", "Vì trẻ thơ"),
    "house": ("Mái ấm Công đoàn", "Nghĩa tình đồng nghiệp", "Nhà tình thương"),
    "workers_month": ("Tháng Công nhân", "Tháng hành động về an toàn, vệ sinh lao động"),
}
EARLIEST = date(2000, 1, 1)
MAX_HOUSES = 1000  # one handover of a whole resettlement area at most; more is a typing slip


@dataclass(frozen=True)
class TaskAreaRow:
    number: int
    title: str
    points: str
    activities: int  # in the month shown


@dataclass(frozen=True)
class ActivityRow:
    id: str
    task_area: int
    kind: str
    subkind: str
    title: str
    held_on: date
    participants: int
    participants_women: int
    amount: int
    unions: tuple[str, ...]
    note: str
    houses: int | None = None  # a house activity's houses; None on records made before

    @property
    def kind_label(self) -> str:
        return KIND_LABELS.get(self.kind, self.kind)

    @property
    def houses_text(self) -> str:
        """A house activity's houses as the list shows them; empty for other kinds."""
        if self.kind != "house":
            return ""
        return "chưa ghi số căn" if self.houses is None else f"{self.houses} căn"


@dataclass
class ActivityInput:
    task_area: int
    kind: str
    title: str
    held_on: date | None
    subkind: str = ""
    participants: int = 0
    participants_women: int = 0
    amount: int = 0
    union_ids: list[str] = field(default_factory=list)
    note: str = ""
    houses: int | None = None  # asked of a house activity only (target 7 counts houses)


def _sql(statement: str) -> Any:
    from sqlalchemy import text

    return text(statement)


def task_areas(store: Store, period_text: str) -> list[TaskAreaRow]:
    """The task areas activities of the month are filed under (the year's programme's, or the
    latest one's before it arrives: `areas_year`) with the number of activities each has."""
    period = parse_month(period_text)
    year = areas_year(store, period.first.year)
    with store.reading() as con:
        rows = con.execute(
            _sql(
                """SELECT t.number, t.title, t.points,
                      (SELECT COUNT(*) FROM activity a WHERE a.deleted_at IS NULL
                       AND a.unit_code = '' AND a.task_area = t.number
                       AND a.held_on BETWEEN :first AND :last)
               FROM task_area t JOIN programme p ON p.id = t.programme_id
               WHERE p.year = :year AND p.deleted_at IS NULL AND t.deleted_at IS NULL
               ORDER BY t.number"""
            ),
            {
                "first": period.first.isoformat(),
                "last": period.last.isoformat(),
                "year": year,
            },
        ).fetchall()
    return [TaskAreaRow(*tuple(row)) for row in rows]


def activities_in(store: Store, period_text: str, area: int | None = None) -> list[ActivityRow]:
    from desktop.store.dialect import in_code_points

    period = parse_month(period_text)
    where = """FROM activity a WHERE a.deleted_at IS NULL AND a.unit_code = ''
             AND a.held_on BETWEEN :first AND :last"""
    params: dict[str, object] = {"first": period.first.isoformat(), "last": period.last.isoformat()}
    if area is not None:
        where += " AND a.task_area = :area"
        params["area"] = area
    with store.reading() as con:
        rows = con.execute(
            _sql(
                "SELECT a.id, a.task_area, a.kind, a.subkind, a.title, a.held_on, "
                "a.participants, a.participants_women, a.amount, a.note, a.houses "
                + where
                + f" ORDER BY a.held_on, {in_code_points(con, 'a.title')}, a.id"
            ),
            params,
        ).fetchall()
        names: dict[str, list[str]] = {}
        for activity_id, name in con.execute(
            _sql(
                "SELECT au.activity_id, g.name FROM activity_union au JOIN grassroots_union g "
                f"ON g.id = au.union_id WHERE au.activity_id IN (SELECT a.id {where})"
            ),
            params,
        ):
            names.setdefault(activity_id, []).append(name)
    return [
        ActivityRow(
            id=r[0],
            task_area=r[1],
            kind=r[2],
            subkind=r[3],
            title=r[4],
            held_on=date.fromisoformat(r[5]),
            participants=r[6],
            participants_women=r[7],
            amount=r[8],
            unions=tuple(sorted(names.get(r[0], ()))),
            note=r[9],
            houses=r[10],
        )
        for r in rows
    ]


def union_choices(store: Store, on: date | None = None) -> list[tuple[str, str]]:
    """(id, name) of the office's grassroots unions alive on `on` (all live ones without a date)."""
    sql = "SELECT id, name FROM grassroots_union WHERE deleted_at IS NULL AND unit_code = ''"
    if on is not None:  # PostgreSQL cannot type a parameter that is only tested for NULL
        sql += (
            " AND (founded_on IS NULL OR founded_on <= :on) "
            "AND (dissolved_on IS NULL OR dissolved_on > :on)"
        )
    with store.reading() as con:
        rows = con.execute(_sql(sql), {"on": on.isoformat()} if on else {}).fetchall()
    from desktop.text import text_sort_key

    return sorted(((r[0], r[1]) for r in rows), key=lambda r: text_sort_key(r[1]))


def problems(store: Store, data: ActivityInput, today: date | None = None) -> dict[str, str]:
    """Field → what to fix, in Vietnamese; empty when the activity can be saved."""
    today = today or date.today()
    found: dict[str, str] = {}
    if not data.title.strip():
        found["title"] = "Nhập tên hoạt động."
    if data.kind not in KIND_LABELS:
        found["kind"] = f"Loại hoạt động «{data.kind}» không có trong danh mục."
    if data.held_on is None:
        found["held_on"] = "Nhập ngày tổ chức (dd/mm/yyyy)."
    elif data.held_on > today:
        found["held_on"] = (
            f"Ngày tổ chức {data.held_on:%d/%m/%Y} ở tương lai; chỉ ghi hoạt động đã diễn ra."
        )
    elif data.held_on < EARLIEST:
        found["held_on"] = f"Ngày tổ chức {data.held_on:%d/%m/%Y} quá xa (trước năm 2000)."
    if data.participants < 0:
        found["participants"] = "Số người tham gia không được âm."
    if data.participants_women < 0:
        found["participants_women"] = "Số nữ không được âm."
    elif data.participants_women > data.participants:
        found["participants_women"] = (
            f"Số nữ ({data.participants_women}) lớn hơn số người tham gia ({data.participants})."
        )
    if data.amount < 0:
        found["amount"] = "Số tiền không được âm."
    houses = houses_problem(data)
    if houses:
        found["houses"] = houses
    if data.held_on is not None and "held_on" not in found:
        areas = {a.number for a in task_areas(store, f"{data.held_on:%Y-%m}")}
        if data.task_area not in areas:
            year = areas_year(store, data.held_on.year)
            found["task_area"] = f"Chương trình năm {year} không có nhiệm vụ số {data.task_area}."
        alive = {uid for uid, _ in union_choices(store, data.held_on)}
        gone = [uid for uid in data.union_ids if uid not in alive]
        if gone:
            found["unions"] = (
                f"{len(gone)} CĐCS đã chọn không hoạt động vào ngày {data.held_on:%d/%m/%Y}."
            )
    return found


def houses_problem(data: ActivityInput) -> str | None:
    """A house activity says how many houses it built or repaired (target 7 counts houses)."""
    if data.kind != "house":
        return None
    if data.houses is None:
        return "Nhập số căn nhà (số nguyên, từ 1 trở lên)."
    if data.houses < 1:
        return f"Số căn nhà phải từ 1 trở lên (đã nhập {data.houses})."
    if data.houses > MAX_HOUSES:
        return f"Số căn nhà {data.houses} quá lớn cho một hoạt động (tối đa {MAX_HOUSES})."
    return None


def save_activity(
    store: Store, data: ActivityInput, activity_id: str | None = None, today: date | None = None
) -> str:
    """Create or update one activity and its unions; refuses with every problem at once."""
    found = problems(store, data, today)
    if found:
        raise UserError(" ".join(found.values()))
    from sqlalchemy import delete, insert

    from desktop.models import Activity, activity_union
    from desktop.services.member_events import audit_in
    from desktop.text import clean

    with store.unit_of_work() as uow:
        s = uow.session
        row = s.get(Activity, activity_id) if activity_id else Activity(unit_code="")
        if row is None or row.deleted_at is not None or row.unit_code != "":
            raise UserError("Hoạt động này không còn trong cơ sở dữ liệu (có thể đã bị xóa).")
        row.task_area = data.task_area
        row.kind = data.kind
        row.subkind = clean(data.subkind)
        row.title = clean(data.title)
        row.held_on = data.held_on  # type: ignore[assignment]
        row.participants = data.participants
        row.participants_women = data.participants_women
        row.amount = data.amount
        row.houses = data.houses if data.kind == "house" else None
        row.note = data.note.strip()
        s.add(row)
        s.flush()
        s.execute(delete(activity_union).where(activity_union.c.activity_id == row.id))
        if data.union_ids:
            s.execute(
                insert(activity_union),
                [{"activity_id": row.id, "union_id": uid} for uid in dict.fromkeys(data.union_ids)],
            )
        saved = row.id
        audit_in(s, "edit", f"hoạt động {saved}: {clean(data.title)}")
    return saved


def delete_activity(store: Store, activity_id: str) -> None:
    """Soft delete: the tombstone travels in the next bundle."""
    from desktop.models import Activity
    from desktop.models.base import utcnow
    from desktop.services.member_events import audit_in

    with store.unit_of_work() as uow:
        row = uow.session.get(Activity, activity_id)
        if row is None or row.deleted_at is not None:
            return
        row.deleted_at = utcnow()
        audit_in(uow.session, "delete", f"hoạt động {activity_id}: {row.title}")


def _area_id(con: Connection, year: int, area: int) -> str:
    """The task area a new narrative of `area` is filed under (of the `areas_year` programme)."""
    row = con.execute(
        _sql(
            "SELECT t.id FROM task_area t JOIN programme p ON p.id = t.programme_id "
            "WHERE p.year = :year AND t.number = :area AND t.deleted_at IS NULL "
            "AND p.deleted_at IS NULL"
        ),
        {"year": year, "area": area},
    ).first()
    if row is None:
        raise UserError(f"Chương trình năm {year} không có nhiệm vụ số {area}.")
    return str(row[0])


def _area_ids(con: Connection, area: int) -> list[str]:
    """Every task area numbered `area`: a narrative written before the year's programme arrived
    stays filed under the earlier programme's area of that number and is found by the number."""
    rows = con.execute(
        _sql("SELECT id FROM task_area WHERE number = :area AND deleted_at IS NULL"),
        {"area": area},
    ).fetchall()
    return [str(r[0]) for r in rows]


def narrative(store: Store, period_text: str, area: int) -> str:
    from sqlalchemy import bindparam

    period = parse_month(period_text)
    year = areas_year(store, period.first.year)
    with store.reading() as con:
        _area_id(con, year, area)
        ids = _area_ids(con, area)
        row = con.execute(
            _sql(
                "SELECT text FROM narrative WHERE task_area_id IN :ids AND period = :period "
                "AND deleted_at IS NULL AND unit_code = ''"
            ).bindparams(bindparam("ids", expanding=True)),
            {"ids": ids, "period": period.text},
        ).first()
    return str(row[0]) if row else ""


def save_narrative(store: Store, period_text: str, area: int, text: str) -> None:
    """The month's account of one task area, printed in the monthly report; empty removes it."""
    from sqlalchemy import select

    from desktop.models import Narrative
    from desktop.models.base import utcnow
    from desktop.services.member_events import audit_in

    period = parse_month(period_text)
    year = areas_year(store, period.first.year)
    text = text.strip()
    with store.unit_of_work() as uow:
        s = uow.session
        area_id = _area_id(uow.connection, year, area)
        ids = _area_ids(uow.connection, area)
        row = s.scalars(
            select(Narrative).where(
                Narrative.task_area_id.in_(ids),
                Narrative.period == period.text,
                Narrative.deleted_at.is_(None),
                Narrative.unit_code == "",
            )
        ).first()
        if row is None and text:
            s.add(Narrative(task_area_id=area_id, period=period.text, text=text))
        elif row is not None and text:
            row.text = text
        elif row is not None:
            row.deleted_at = utcnow()
        audit_in(s, "edit", f"tình hình nhiệm vụ {area} {period.text}")
