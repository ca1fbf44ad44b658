"""Programme files (resources/programmes/YYYY.json): checked, then loaded into an office database.

A new year's programme is a new file; nothing in the code names a target. A broken file is refused
with a message naming the file and the entry.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any

from desktop.errors import UserError
from desktop.paths import resources_dir

FORMAT = 1
UNITS = {"count", "percent", "ratio"}
METHODS = {"computed", "entered"}
SCOPES = {"upper_union", "province"}
# Where an office should be by a month of the year (desktop.programme.pace.expected_share):
# linear   builds up over the year: by June half the quota (new members, houses, inspections);
# level    a rate that should be at the quota whenever it is measured (complaints resolved);
# year_end given at the end of the year (ratings, poverty reviews): not judged before December.
PACINGS = {"linear", "level", "year_end"}


def default_pacing(unit: str) -> str:
    """The rule of a target whose file names none: counts build up, rates are rates."""
    return "linear" if unit == "count" else "level"


@dataclass(frozen=True)
class TargetDef:
    code: str
    name: str
    unit: str
    method: str
    scope: str
    metric: str
    province_value: str
    value_min: float | None
    value_max: float | None
    pacing: str = "linear"
    # The parameters of `metric` from the catalogue (desktop/programme/catalogue.py) as canonical
    # JSON (keys sorted, no spaces); "" for a measure that takes none.
    measure: str = ""


@dataclass(frozen=True)
class TaskAreaDef:
    number: int
    title: str
    points: tuple[str, ...]


@dataclass(frozen=True)
class ProgrammeDef:
    year: int
    number: str
    title: str
    theme: str
    targets: tuple[TargetDef, ...]
    task_areas: tuple[TaskAreaDef, ...]
    sha256: str


def programmes_dir() -> Path:
    return resources_dir() / "programmes"


def _fail(path: Path, where: str, what: str) -> UserError:
    return UserError(f"Tệp chương trình {path.name}, {where}: {what}")


def _text(entry: dict[str, Any], key: str, path: Path, where: str) -> str:
    value = entry.get(key)
    if not isinstance(value, str) or not value.strip():
        raise _fail(path, where, f"thiếu trường «{key}» (chuỗi chữ)")
    return value.strip()


def _number(entry: dict[str, Any], key: str, path: Path, where: str) -> float | None:
    value = entry.get(key)
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise _fail(path, where, f"trường «{key}» phải là số hoặc null")
    return float(value)


def _measure(entry: dict[str, Any], method: str, metric: str, path: Path, where: str) -> str:
    """The target's measure parameters, checked against the catalogue, as canonical JSON."""
    from desktop.programme.catalogue import check_measure

    params = entry.get("measure")
    if method != "computed":
        if params not in (None, {}):
            raise _fail(path, where, "chỉ tiêu nhập tay («entered») không có tham số «measure»")
        return ""
    if params is not None and not isinstance(params, dict):
        raise _fail(path, where, "«measure» phải là một đối tượng JSON (tham số của cách tính)")
    try:
        return check_measure(metric, params)
    except UserError as exc:
        raise _fail(path, where, exc.message) from None


def parse_programme(path: Path) -> ProgrammeDef:
    """Read and check one programme file; every problem names the entry it is in."""
    return parse_programme_bytes(path.read_bytes(), path)


def parse_programme_bytes(raw: bytes, path: Path) -> ProgrammeDef:
    """`parse_programme` of bytes already read (a package's part, an imported file); `path`
    names them in messages, and a name that is a year must be the programme's year."""
    try:
        data = json.loads(raw.decode("utf-8"))
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise _fail(path, "toàn tệp", f"không phải JSON UTF-8 hợp lệ ({exc})") from exc
    if not isinstance(data, dict):
        raise _fail(path, "toàn tệp", "phải là một đối tượng JSON")
    if data.get("format") != FORMAT:
        raise _fail(
            path, "trường «format»", f"phiên bản {data.get('format')!r} không hỗ trợ (cần {FORMAT})"
        )
    year = data.get("year")
    if not isinstance(year, int) or not 2000 <= year <= 2100:
        raise _fail(path, "trường «year»", "năm phải là số nguyên, ví dụ 2024")
    if path.stem.isdigit() and int(path.stem) != year:
        # The file name is how a year's programme is found: 2025.json must be 2025's.
        raise _fail(
            path,
            "trường «year»",
            f"ghi năm {year} nhưng tên tệp là năm {path.stem}; sửa «year» hoặc đổi tên tệp",
        )
    targets: list[TargetDef] = []
    seen: set[str] = set()
    for index, entry in enumerate(data.get("targets") or []):
        where = f"chỉ tiêu thứ {index + 1}"
        if not isinstance(entry, dict):
            raise _fail(path, where, "phải là một đối tượng")
        code = _text(entry, "code", path, where)
        where = f"chỉ tiêu «{code}»"
        if code in seen:
            raise _fail(path, where, "mã chỉ tiêu bị trùng")
        seen.add(code)
        unit, method, scope = (_text(entry, k, path, where) for k in ("unit", "method", "scope"))
        if unit not in UNITS:
            raise _fail(path, where, f"đơn vị «{unit}» không hợp lệ ({', '.join(sorted(UNITS))})")
        if method not in METHODS:
            raise _fail(path, where, f"cách tính «{method}» không hợp lệ (computed, entered)")
        if scope not in SCOPES:
            raise _fail(path, where, f"phạm vi «{scope}» không hợp lệ (upper_union, province)")
        pacing = entry.get("pacing", default_pacing(unit))
        if pacing not in PACINGS:
            raise _fail(
                path, where, f"nhịp tiến độ «{pacing}» không hợp lệ ({', '.join(sorted(PACINGS))})"
            )
        metric = str(entry.get("metric") or "")
        measure = _measure(entry, method, metric, path, where)
        targets.append(
            TargetDef(
                code=code,
                name=_text(entry, "name", path, where),
                unit=unit,
                method=method,
                scope=scope,
                metric=metric,
                province_value=_text(entry, "province_value", path, where),
                value_min=_number(entry, "min", path, where),
                value_max=_number(entry, "max", path, where),
                pacing=pacing,
                measure=measure,
            )
        )
    if not targets:
        raise _fail(path, "trường «targets»", "chương trình chưa có chỉ tiêu nào")
    areas: list[TaskAreaDef] = []
    for index, entry in enumerate(data.get("task_areas") or []):
        where = f"nhiệm vụ thứ {index + 1}"
        number = entry.get("number") if isinstance(entry, dict) else None
        if not isinstance(number, int):
            raise _fail(path, where, "thiếu số thứ tự «number»")
        points = entry.get("points") or []
        if not isinstance(points, list) or not all(isinstance(p, str) for p in points):
            raise _fail(path, f"nhiệm vụ {number}", "«points» phải là danh sách chuỗi")
        areas.append(
            TaskAreaDef(number, _text(entry, "title", path, f"nhiệm vụ {number}"), tuple(points))
        )
    return ProgrammeDef(
        year=year,
        number=str(data.get("number", "")),
        title=_text(data, "title", path, "đầu tệp"),
        theme=str(data.get("theme", "")),
        targets=tuple(targets),
        task_areas=tuple(areas),
        sha256=hashlib.sha256(raw).hexdigest(),
    )


def shipped_programme(year: int) -> ProgrammeDef | None:
    path = programmes_dir() / f"{year}.json"
    return parse_programme(path) if path.exists() else None


def shipped_years() -> tuple[int, ...]:
    """The years whose programme file ships with the app (read from the file names only)."""
    folder = programmes_dir()
    if not folder.is_dir():
        return ()
    return tuple(sorted(int(p.stem) for p in folder.glob("*.json") if p.stem.isdigit()))


def load_programme(
    session: Any,
    programme: ProgrammeDef,
    *,
    new_id: Callable[[], str] | None = None,
    stamp: datetime | None = None,
) -> str:
    """Insert `programme` into the database of `session` unless that year is there; returns its id.

    `new_id` and `stamp` fix the rows' ids and timestamps (the demo: same seed, same rows); by
    default every row gets a fresh UUID and the current time.
    """
    from sqlalchemy import select

    from desktop.models import Programme, Target, TaskArea
    from desktop.models.base import new_id as fresh_id
    from desktop.models.base import utcnow

    existing = session.scalars(select(Programme).where(Programme.year == programme.year)).first()
    if existing is not None:
        return str(existing.id)
    make_id = new_id or fresh_id
    when = stamp or utcnow()

    def record(**values: Any) -> dict[str, Any]:
        return {"id": make_id(), "created_at": when, "updated_at": when, **values}

    row = Programme(
        **record(),
        year=programme.year,
        number=programme.number,
        title=programme.title,
        theme=programme.theme,
        source_sha256=programme.sha256,
    )
    session.add(row)
    session.flush()
    for position, t in enumerate(programme.targets):
        session.add(
            Target(
                **record(),
                programme_id=row.id,
                code=t.code,
                position=position,
                name=t.name,
                unit=t.unit,
                method=t.method,
                scope=t.scope,
                metric=t.metric,
                province_value=t.province_value,
                value_min=t.value_min,
                value_max=t.value_max,
                pacing=t.pacing,
                measure=t.measure,
            )
        )
    for area in programme.task_areas:
        session.add(
            TaskArea(
                **record(),
                programme_id=row.id,
                number=area.number,
                title=area.title,
                points="\n".join(area.points),
            )
        )
    session.flush()
    return str(row.id)
