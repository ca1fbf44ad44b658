"""A year's programme as data the province makes: read from the database, started from an
earlier year, saved over the year it replaces, written out as a programme file (format 1).

The command line (`uniondesk programme`), the programme editor and the programme package all go
through here. Saving keeps each target's row (and so its quotas and entered progress) by its
code and each task area's row (and the narratives written under it) by its number.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import replace
from typing import TYPE_CHECKING, Any

from sqlalchemy import Connection, text

from desktop.errors import UserError
from desktop.programme.loader import FORMAT, ProgrammeDef, TargetDef, TaskAreaDef

if TYPE_CHECKING:
    from desktop.store import Store

YEAR_EXISTS = (
    "Đã có chương trình công tác năm {year}{where}: không tạo lại. Xem bằng «uniondesk programme "
    "show --year {year}», sửa bằng «uniondesk programme import TỆP --year {year}»."
)
NO_SOURCE_YEAR = (
    "Chưa có chương trình năm {source} để chép sang năm {year} (các năm đã có: {known})."
)
NO_EARLIER_YEAR = (
    "Chưa có chương trình nào trước năm {year} để chép: ghi --from NĂM, hoặc lập chương trình "
    "từ mẫu (uniondesk programme template) rồi nhập (uniondesk programme import)."
)
BAD_YEAR = "Năm {year} không hợp lệ: ghi năm từ 2000 đến 2100."
STILL_USED_TARGET = (
    "Không bỏ được chỉ tiêu «{code}» ({name}) khỏi chương trình năm {year}: {uses}. "
    "Giữ chỉ tiêu này, hoặc xóa chỉ tiêu giao và kết quả nhập của nó trước."
)
STILL_USED_AREA = (
    "Không bỏ được nhiệm vụ {number} ({title}) khỏi chương trình năm {year}: đã có {count} bản "
    "tình hình thực hiện ghi theo nhiệm vụ này. Giữ nhiệm vụ này trong chương trình."
)
DEFAULT_TITLE = "Chương trình công tác công đoàn năm {year}"


def _rows(con: Connection, sql: str, **params: object) -> list[tuple]:
    return [tuple(row) for row in con.execute(text(sql), params)]


def programme_years(store: Store) -> tuple[int, ...]:
    """The years whose programme the database holds, oldest first."""

    with store.reading() as con:
        rows = _rows(con, "SELECT year FROM programme WHERE deleted_at IS NULL ORDER BY year")
    return tuple(int(y) for (y,) in rows)


def programme_of(store: Store, year: int) -> ProgrammeDef | None:
    """The year's programme as the database holds it (None if it holds none: a shipped file
    is not looked at). Its `sha256` is that of its `programme_json`."""

    with store.reading() as con:
        found = _rows(
            con,
            "SELECT id, number, title, theme FROM programme WHERE year = :year "
            "AND deleted_at IS NULL",
            year=year,
        )
        if not found:
            return None
        head = found[0]
        targets = _rows(
            con,
            "SELECT code, name, unit, method, scope, metric, province_value, value_min, "
            "value_max, pacing, measure FROM target WHERE programme_id = :programme "
            "AND deleted_at IS NULL ORDER BY position, code",
            programme=head[0],
        )
        areas = _rows(
            con,
            "SELECT number, title, points FROM task_area WHERE programme_id = :programme "
            "AND deleted_at IS NULL ORDER BY number",
            programme=head[0],
        )
    from desktop.programme.loader import default_pacing

    programme = ProgrammeDef(
        year=year,
        number=head[1] or "",
        title=head[2],
        theme=head[3] or "",
        targets=tuple(
            TargetDef(
                code=t[0],
                name=t[1],
                unit=t[2],
                method=t[3],
                scope=t[4],
                metric=t[5] or "",
                province_value=t[6] or "",
                value_min=t[7],
                value_max=t[8],
                pacing=t[9] or default_pacing(t[2]),
                measure=t[10] or "",
            )
            for t in targets
        ),
        task_areas=tuple(
            TaskAreaDef(int(n), title, tuple(p for p in (points or "").split("\n") if p))
            for n, title, points in areas
        ),
        sha256="",
    )
    return with_digest(programme)


def with_digest(programme: ProgrammeDef) -> ProgrammeDef:
    """`programme` carrying the SHA-256 of its `programme_json`, as parsing that file gives."""
    return replace(programme, sha256=hashlib.sha256(programme_json(programme)).hexdigest())


def _bound(value: float | None) -> int | float | None:
    if value is None:
        return None
    return int(value) if float(value).is_integer() else float(value)


def programme_json(programme: ProgrammeDef) -> bytes:
    """The programme as a programme file (format 1, the shape of resources/programmes/*.json):
    UTF-8, one space indent, a target's "measure" object only when it has parameters. Reading it
    back with parse_programme gives the same programme (and `with_digest`'s sha256)."""
    targets = []
    for t in programme.targets:
        entry: dict[str, Any] = {
            "code": t.code,
            "name": t.name,
            "unit": t.unit,
            "method": t.method,
            "scope": t.scope,
            "metric": t.metric,
            "province_value": t.province_value,
            "min": _bound(t.value_min),
            "max": _bound(t.value_max),
            "pacing": t.pacing,
        }
        if t.measure:
            entry["measure"] = json.loads(t.measure)
        targets.append(entry)
    data = {
        "format": FORMAT,
        "year": programme.year,
        "number": programme.number,
        "title": programme.title,
        "theme": programme.theme,
        "targets": targets,
        "task_areas": [
            {"number": a.number, "title": a.title, "points": list(a.points)}
            for a in programme.task_areas
        ],
    }
    return (json.dumps(data, ensure_ascii=False, indent=1) + "\n").encode("utf-8")


def _for_year(text: str, source: int, year: int) -> str:
    return text.replace(str(source), str(year))


def new_programme(store: Store, year: int, from_year: int | None = None) -> ProgrammeDef:
    """A new year's programme copied from `from_year` (held in the database, else shipped with
    the program), or from the latest year before `year`; the year in its title and number is
    changed. Nothing is saved: `save_programme` does that. Refused if `year` already has one."""
    from desktop.programme.loader import shipped_programme, shipped_years

    if not 2000 <= year <= 2100:
        raise UserError(BAD_YEAR.format(year=year))
    held = programme_years(store)
    if year in held or year in shipped_years():
        where = "" if year in held else " (đi kèm chương trình)"
        raise UserError(YEAR_EXISTS.format(year=year, where=where))
    known = sorted(set(held) | set(shipped_years()))
    from_year = source_year(store, year, from_year)
    source = programme_of(store, from_year) or shipped_programme(from_year)
    if source is None:
        raise UserError(
            NO_SOURCE_YEAR.format(
                source=from_year,
                year=year,
                known=", ".join(map(str, known)) or "chưa có",
            )
        )
    title = _for_year(source.title, from_year, year)
    if str(year) not in title:
        title = DEFAULT_TITLE.format(year=year)
    copy = replace(
        source,
        year=year,
        title=title,
        number=_for_year(source.number, from_year, year),
        sha256="",
    )
    return with_digest(copy)


def source_year(store: Store, year: int, from_year: int | None = None) -> int:
    """The year `new_programme` copies: `from_year`, else the latest year before `year` that
    the database holds or the program ships."""
    from desktop.programme.loader import shipped_years

    if from_year is not None:
        return from_year
    earlier = [y for y in set(programme_years(store)) | set(shipped_years()) if y < year]
    if not earlier:
        raise UserError(NO_EARLIER_YEAR.format(year=year))
    return max(earlier)


PROVINCE_AUTHORS = (
    "{db} là cơ sở dữ liệu của đơn vị cấp trên cơ sở: chương trình công tác do LĐLĐ tỉnh lập "
    "và gửi xuống trong gói chương trình có chữ ký. Hãy nhận gói ở màn hình Đồng bộ («Nhận gói "
    "của tỉnh…») hoặc bằng «uniondesk bundle merge GÓI --db {db}»."
)


def require_province(store: Store) -> None:
    """Only the province authors a programme: an office that wrote its own would then refuse
    the province's signed package for that year (a target it dropped still holding entries)."""

    with store.reading() as con:
        rows = _rows(con, "SELECT role FROM office WHERE deleted_at IS NULL LIMIT 1")
    if rows and rows[0][0] != "province":
        raise UserError(PROVINCE_AUTHORS.format(db=store.label))


def save_programme(store: Store, programme: ProgrammeDef) -> None:
    """Insert or replace the programme of `programme.year` with its audit entry, in one unit
    of work. Targets keep their rows by code (quotas and entered progress stay with them),
    task areas by number; a target with quotas or entered progress, or a task area with
    narratives, cannot be left out (UserError naming it, nothing written)."""
    from desktop.services.audit_chain import NewEntry, append
    from desktop.services.roles import Action, permit

    permit(Action.EDIT)
    require_province(store)
    with store.unit_of_work() as uow:
        done = replace_programme(uow.session, programme)
        uow.session.flush()
        append(uow.connection, [NewEntry("edit", done)])


def _held(session: Any, year: int) -> tuple[Any, dict[str, Any], dict[int, Any]] | None:
    """The year's programme row with every target by code and task area by number (removed
    ones too: a code or number that comes back gets its old row, the indexes allow one)."""
    from sqlalchemy import select

    from desktop.models import Programme, Target, TaskArea

    head = session.scalars(
        select(Programme).where(Programme.year == year, Programme.deleted_at.is_(None))
    ).first()
    if head is None:
        return None
    targets = {
        t.code: t for t in session.scalars(select(Target).where(Target.programme_id == head.id))
    }
    areas = {
        a.number: a
        for a in session.scalars(select(TaskArea).where(TaskArea.programme_id == head.id))
    }
    return head, targets, areas


def check_replacement(session: Any, programme: ProgrammeDef) -> None:
    """UserError if saving `programme` would leave out a target that has quotas or entered
    progress, or a task area with narratives, in the database of `session`."""
    from desktop.models import Narrative, ProgressEntry, Quota

    held = _held(session, programme.year)
    if held is None:
        return
    _, targets, areas = held
    codes = {t.code for t in programme.targets}
    numbers = {a.number for a in programme.task_areas}
    for code, target in targets.items():
        if target.deleted_at is not None or code in codes:
            continue
        quotas = (
            session.query(Quota)
            .filter(Quota.target_id == target.id, Quota.deleted_at.is_(None))
            .count()
        )
        entries = (
            session.query(ProgressEntry)
            .filter(ProgressEntry.target_id == target.id, ProgressEntry.deleted_at.is_(None))
            .count()
        )
        uses = ([f"đã giao cho {quotas} đơn vị"] if quotas else []) + (
            [f"đã có {entries} kết quả nhập"] if entries else []
        )
        if uses:
            raise UserError(
                STILL_USED_TARGET.format(
                    code=code, name=target.name, year=programme.year, uses=", ".join(uses)
                )
            )
    for number, area in areas.items():
        if area.deleted_at is not None or number in numbers:
            continue
        count = (
            session.query(Narrative)
            .filter(Narrative.task_area_id == area.id, Narrative.deleted_at.is_(None))
            .count()
        )
        if count:
            raise UserError(
                STILL_USED_AREA.format(
                    number=number, title=area.title, year=programme.year, count=count
                )
            )


def replace_programme(session: Any, programme: ProgrammeDef) -> str:
    """`save_programme` inside the caller's transaction (a package taken at an office); returns
    what changed, in words. Everything is checked before the first change."""
    from desktop.models import Target, TaskArea
    from desktop.models.base import utcnow
    from desktop.programme.loader import load_programme

    programme = with_digest(programme)
    year = programme.year
    held = _held(session, year)
    if held is None:
        load_programme(session, programme)
        return (
            f"chương trình công tác năm {year}: tạo mới, {len(programme.targets)} chỉ tiêu, "
            f"{len(programme.task_areas)} nhiệm vụ"
        )
    check_replacement(session, programme)
    head, targets, areas = held
    now = utcnow()
    codes = {t.code for t in programme.targets}
    numbers = {a.number for a in programme.task_areas}
    head.number, head.title, head.theme = programme.number, programme.title, programme.theme
    head.source_sha256 = programme.sha256
    added = changed = 0
    for position, t in enumerate(programme.targets):
        values = {
            "position": position,
            "name": t.name,
            "unit": t.unit,
            "method": t.method,
            "scope": t.scope,
            "metric": t.metric,
            "province_value": t.province_value,
            "value_min": t.value_min,
            "value_max": t.value_max,
            "pacing": t.pacing,
            "measure": t.measure,
        }
        row = targets.get(t.code)
        if row is None:
            session.add(Target(programme_id=head.id, code=t.code, **values))
            added += 1
            continue
        if row.deleted_at is not None:
            row.deleted_at = None
            added += 1
        elif any(getattr(row, k) != v for k, v in values.items() if k != "position"):
            changed += 1
        for key, value in values.items():
            setattr(row, key, value)
    dropped = sorted(
        (t for code, t in targets.items() if t.deleted_at is None and code not in codes),
        key=lambda t: t.position,
    )
    for target in dropped:
        target.deleted_at = now
    for area_def in programme.task_areas:
        points = "\n".join(area_def.points)
        area = areas.get(area_def.number)
        if area is None:
            session.add(
                TaskArea(
                    programme_id=head.id,
                    number=area_def.number,
                    title=area_def.title,
                    points=points,
                )
            )
            continue
        area.deleted_at = None
        area.title, area.points = area_def.title, points
    for number, area in areas.items():
        if area.deleted_at is None and number not in numbers:
            area.deleted_at = now
    session.flush()
    parts = [f"{len(programme.targets)} chỉ tiêu"]
    if added:
        parts.append(f"thêm {added}")
    if changed:
        parts.append(f"sửa {changed}")
    if dropped:
        parts.append("bỏ " + ", ".join(t.code for t in dropped))
    parts.append(f"{len(programme.task_areas)} nhiệm vụ")
    return f"chương trình công tác năm {year}: thay thế ({'; '.join(parts)})"
