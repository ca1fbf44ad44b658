"""Progress against the programme: every target's quota, this month, year to date and % of quota.

The CLI (`uniondesk progress`), the dashboard and the monthly report all read this one service.
"""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from desktop.errors import UserError
from desktop.periods import Period, parse_month
from desktop.programme.metrics import METRICS, Measured, Records

NO_PROGRAMME = (
    "Chưa có chương trình công tác năm {year}: hãy thêm tệp resources/programmes/{year}.json "
    "hoặc nhận gói chương trình từ LĐLĐ tỉnh."
)
NO_OFFICE = "Cơ sở dữ liệu {path} chưa được khởi tạo cho đơn vị nào: chạy «uniondesk init» trước."


@dataclass(frozen=True)
class UnitInfo:
    code: str
    name: str
    role: str


@dataclass(frozen=True)
class TargetProgress:
    code: str
    name: str
    unit: str
    method: str
    scope: str
    province_value: str
    quota: float | None
    month: float | None
    year_to_date: float | None
    percent_of_quota: float | None


@dataclass(frozen=True)
class ProgressReport:
    period: str
    unit: UnitInfo
    programme_title: str
    targets: tuple[TargetProgress, ...]

    def as_json(self) -> dict[str, object]:
        return {
            "period": self.period,
            "unit": {"code": self.unit.code, "name": self.unit.name, "role": self.unit.role},
            "programme": self.programme_title,
            "targets": [
                {
                    "code": t.code,
                    "name": t.name,
                    "unit": t.unit,
                    "quota": t.quota,
                    "month": t.month,
                    "year_to_date": t.year_to_date,
                    "percent_of_quota": t.percent_of_quota,
                    "method": t.method,
                    "scope": t.scope,
                    "province_value": t.province_value,
                }
                for t in self.targets
            ],
        }


def ensure_programme(db_path: Path, year: int) -> None:
    """Load the shipped programme of `year` into the database if it is not there yet."""
    with sqlite3.connect(f"file:{db_path}?mode=ro", uri=True) as con:
        found = con.execute(
            "SELECT 1 FROM programme WHERE year = ? AND deleted_at IS NULL", (year,)
        ).fetchone()
    if found:
        return
    from desktop.models.db import Database
    from desktop.programme.loader import load_programme, shipped_programme

    programme = shipped_programme(year)
    if programme is None:
        raise UserError(NO_PROGRAMME.format(year=year))
    db = Database(db_path)
    try:
        with db.session() as session:
            load_programme(session, programme)
    finally:
        db.close()


def _clean(value: float | None, unit: str) -> float | None:
    if value is None:
        return None
    return float(int(value)) if unit == "count" else round(float(value), 2)


def progress_for(db_path: Path, period_text: str) -> ProgressReport:
    period = parse_month(period_text)
    ensure_programme(db_path, period.first.year)
    con = sqlite3.connect(f"file:{db_path}?mode=ro", uri=True)
    try:
        office = con.execute(
            "SELECT code, name, role FROM office WHERE deleted_at IS NULL LIMIT 1"
        ).fetchone()
        if office is None:
            raise UserError(NO_OFFICE.format(path=db_path))
        unit = UnitInfo(*office)
        title, targets = _targets(con, period.first.year)
        quotas = dict(
            con.execute(
                "SELECT target_id, value FROM quota WHERE deleted_at IS NULL AND unit_code = ?",
                (unit.code,),
            ).fetchall()
        )
        records = Records(con)
        rows = [
            _one(con, records, target, quotas.get(target[0]), unit.code, period)
            for target in targets
        ]
    finally:
        con.close()
    return ProgressReport(period.text, unit, title, tuple(rows))


def _targets(con: sqlite3.Connection, year: int) -> tuple[str, list[tuple]]:
    programme = con.execute(
        "SELECT id, title FROM programme WHERE year = ? AND deleted_at IS NULL", (year,)
    ).fetchone()
    targets = con.execute(
        "SELECT id, code, name, unit, method, scope, metric, province_value FROM target "
        "WHERE programme_id = ? AND deleted_at IS NULL ORDER BY position",
        (programme[0],),
    ).fetchall()
    return programme[1], targets


def _entered(
    con: sqlite3.Connection, target_id: str, unit_code: str, period: Period
) -> tuple[float | None, float | None]:
    rows = con.execute(
        "SELECT period, value FROM progress_entry WHERE deleted_at IS NULL AND target_id = ? "
        "AND unit_code = ? AND period BETWEEN ? AND ? ORDER BY period",
        (target_id, unit_code, f"{period.first.year}-01", period.text),
    ).fetchall()
    month = next((v for p, v in rows if p == period.text), None)
    return month, (rows[-1][1] if rows else None)


def measure(records: Records, metric: str, first: date, last: date) -> Measured:
    return METRICS[metric](records, first, last)


def _one(
    con: sqlite3.Connection,
    records: Records,
    target: tuple,
    quota: float | None,
    unit_code: str,
    period: Period,
) -> TargetProgress:
    target_id, code, name, unit, method, scope, metric, province_value = target
    if method == "entered":
        month, ytd = _entered(con, target_id, unit_code, period)
    else:
        month = measure(records, metric, period.first, period.last).value
        ytd = measure(records, metric, period.year_start, period.last).value
    month, ytd = _clean(month, unit), _clean(ytd, unit)
    percent = None
    if quota not in (None, 0) and ytd is not None:
        percent = round(100.0 * ytd / float(quota), 1)  # type: ignore[arg-type]
    return TargetProgress(
        code, name, unit, method, scope, province_value, quota, month, ytd, percent
    )


def explain(
    db_path: Path, code: str, period_text: str, *, year_to_date: bool = True
) -> tuple[str, tuple[str, ...]]:
    """The records behind one computed target's number (month or year to date)."""
    period = parse_month(period_text)
    ensure_programme(db_path, period.first.year)
    con = sqlite3.connect(f"file:{db_path}?mode=ro", uri=True)
    try:
        _, targets = _targets(con, period.first.year)
        target = next((t for t in targets if t[1] == code), None)
        if target is None:
            raise UserError(
                f"Không có chỉ tiêu mã «{code}» trong chương trình năm {period.first.year}."
            )
        if target[4] != "computed":
            return target[2], ("Chỉ tiêu nhập tay theo tháng; không tính từ hồ sơ.",)
        first = period.year_start if year_to_date else period.first
        measured = measure(Records(con), target[6], first, period.last)
    finally:
        con.close()
    return target[2], measured.records
