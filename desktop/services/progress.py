"""Progress against the programme: every target's quota, this month, year to date and % of quota.

The CLI (`uniondesk progress`), the dashboard and the monthly report all read this one service.
"""

from __future__ import annotations

import sqlite3
from contextlib import closing
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from desktop.errors import UserError
from desktop.periods import Period, parse_month
from desktop.programme.catalogue import measure_for
from desktop.programme.loader import default_pacing
from desktop.programme.metrics import Measured, Records

# The one wording of a year whose programme is not here yet: the CLI, the reports and every
# screen say it, and nothing is refused because of it (records keep being made).
PROGRAMME_NOT_ARRIVED = (
    "Chưa nhận chương trình công tác năm {year} từ LĐLĐ tỉnh; hồ sơ năm {year} vẫn ghi bình "
    "thường, các chỉ tiêu được tính khi chương trình đến. Nhận gói chương trình của tỉnh ở màn "
    "hình Đồng bộ (tại LĐLĐ tỉnh: lập chương trình bằng «uniondesk programme new --year {year}»)."
)
UNKNOWN_UNIT = (
    "Cơ sở dữ liệu {path} không có số liệu của đơn vị «{code}»: hãy kiểm tra mã đơn vị "
    "(uniondesk keys show liệt kê các đơn vị đã đăng ký) hoặc gộp gói của đơn vị trước."
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
    pacing: str  # linear | level | year_end, as the programme gives it


# Before a year's programme arrives, its activities are filed by the latest programme's areas.
AREAS_OF_EARLIER_PROGRAMME = (
    "Các hoạt động năm {own} được ghi theo nhiệm vụ của chương trình năm {year}; khi chương "
    "trình năm {own} đến, mỗi hoạt động giữ nguyên số nhiệm vụ."
)


def programme_missing_text(year: int) -> str:
    """What every screen, report and command says for a year without its programme."""
    return PROGRAMME_NOT_ARRIVED.format(year=year)


def areas_note(own: int, year: int) -> str:
    """Said where `own`'s activities are listed under programme `year`'s task areas."""
    return AREAS_OF_EARLIER_PROGRAMME.format(own=own, year=year)


@dataclass(frozen=True)
class ProgressReport:
    period: str
    unit: UnitInfo
    programme_title: str  # "" when the year's programme has not arrived
    targets: tuple[TargetProgress, ...]
    programme_missing: bool = False

    @property
    def missing_text(self) -> str:
        """The not-arrived sentence of this report's year ("" when the programme is here)."""
        return programme_missing_text(int(self.period[:4])) if self.programme_missing else ""

    def as_json(self) -> dict[str, object]:
        """DESIGN.md's object; `programme` (its title, null before it arrives),
        `programme_missing` and each target's method, scope, province_value and pacing are the
        documented extras (docs/targets.md). Counts are integers."""
        return {
            "period": self.period,
            "unit": {"code": self.unit.code, "name": self.unit.name, "role": self.unit.role},
            "programme": self.programme_title or None,
            "programme_missing": self.programme_missing,
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
                    "pacing": t.pacing,
                }
                for t in self.targets
            ],
        }


def _held(db_path: Path) -> dict[int, str]:
    """Year → id of every live programme in the database."""
    with closing(sqlite3.connect(f"file:{db_path}?mode=ro", uri=True)) as con:
        rows = con.execute("SELECT year, id FROM programme WHERE deleted_at IS NULL").fetchall()
    return {int(year): str(pid) for year, pid in rows}


def ensure_programme(db_path: Path, year: int) -> str | None:
    """The id of `year`'s programme, loading the file the app ships for that year if the
    database lacks it; None when neither has it (the programme has not arrived yet). Never
    refuses: callers say `programme_missing_text(year)` and go on."""
    found = _held(db_path).get(year)
    if found is not None:
        return found
    from desktop.programme.loader import load_programme, shipped_programme
    from desktop.store import Store

    programme = shipped_programme(year)
    if programme is None:
        return None
    db = Store(db_path)
    try:
        with db.session() as session:
            return load_programme(session, programme)
    finally:
        db.close()


def areas_year(db_path: Path, year: int) -> int:
    """The programme whose task areas `year`'s activities are filed under: the year's own, or
    before it arrives the latest one held (or shipped) before that year, or for a year before
    every programme the earliest. The task area's number is what an activity keeps, so the
    activity stands under the same number once the year's own programme arrives."""
    from desktop.programme.loader import shipped_years

    years = set(_held(db_path)) | set(shipped_years())
    earlier = [y for y in years if y <= year]
    chosen = max(earlier) if earlier else min(years, default=year)
    ensure_programme(db_path, chosen)
    return chosen


def _clean(value: float | None, unit: str) -> float | None:
    """Counts are whole numbers (JSON 40, not 40.0); rates keep two decimals."""
    if value is None:
        return None
    return round(value) if unit == "count" else round(float(value), 2)


def progress_for(db_path: Path, period_text: str, *, unit: str | None = None) -> ProgressReport:
    """Every target's figures for this office, or with `unit` for one office merged here.

    A province database without `unit` gives the province-wide figures: computed targets over
    every office's records, entered counts summed over the offices and entered percentages
    averaged over the offices that reported.
    """
    period = parse_month(period_text)
    held = ensure_programme(db_path, period.first.year)
    con = sqlite3.connect(f"file:{db_path}?mode=ro", uri=True)
    try:
        info, offices = _whose(con, db_path, unit)
        if held is None:
            return ProgressReport(period.text, info, "", (), programme_missing=True)
        title, targets = _targets(con, period.first.year)
        quotas = _quotas(con, info.code, offices)
        records = Records(con, offices)
        rows = [
            _one(con, records, target, quotas.get(target[0]), info.code, period, offices)
            for target in targets
        ]
    finally:
        con.close()
    return ProgressReport(period.text, info, title, tuple(rows))


# What the metrics read; a province keeps each office's rows apart by `unit_code`.
SCOPED_TABLES = (
    "grassroots_union",
    "union_rating",
    "enterprise",
    "member",
    "member_event",
    "household_review",
    "activity",
    "activity_union",
    "inspection",
    "complaint",
)


def scope_to_unit(con: sqlite3.Connection, unit_code: str) -> None:
    """Make every later query on this connection see only `unit_code`'s rows.

    SQLite looks a plain table name up in the connection's temp schema first, so a temp view of
    the same name shadows the table: the metrics run unchanged and none can forget the filter.
    ('' is the office's own rows.)
    """
    literal = unit_code.replace("'", "''")
    for table in SCOPED_TABLES:
        con.execute(
            f"CREATE TEMP VIEW {table} AS SELECT * FROM main.{table} WHERE unit_code = '{literal}'"
        )


def _whose(
    con: sqlite3.Connection, db_path: Path, unit: str | None
) -> tuple[UnitInfo, tuple[str, ...] | None]:
    """Whose figures these are, with the connection scoped to them; and, for a province's own
    province-wide figures, the offices it holds (None otherwise)."""
    office = con.execute(
        "SELECT code, name, role FROM office WHERE deleted_at IS NULL LIMIT 1"
    ).fetchone()
    if office is None:
        raise UserError(NO_OFFICE.format(path=db_path))
    info = _scoped(con, db_path, UnitInfo(*office), unit)
    return info, (_offices(con) if unit is None and info.role == "province" else None)


def _scoped(con: sqlite3.Connection, db_path: Path, own: UnitInfo, unit: str | None) -> UnitInfo:
    """Scope the connection to `unit` (None: everything here) and say whose figures these are."""
    if unit is None:
        return own
    if unit == own.code:
        scope_to_unit(con, "")
        return own
    info = _merged_unit(con, db_path, unit)
    scope_to_unit(con, unit)
    return info


def _merged_unit(con: sqlite3.Connection, db_path: Path, code: str) -> UnitInfo:
    row = con.execute(
        "SELECT unit_code, unit_name, role FROM unit_key WHERE unit_code = ? AND own = 0 "
        "ORDER BY active DESC, id DESC LIMIT 1",
        (code,),
    ).fetchone()
    merged = con.execute("SELECT 1 FROM member WHERE unit_code = ? LIMIT 1", (code,)).fetchone()
    if row is None and merged is None:
        raise UserError(UNKNOWN_UNIT.format(code=code, path=db_path))
    return UnitInfo(*row) if row else UnitInfo(code, code, "district")


def _offices(con: sqlite3.Connection) -> tuple[str, ...]:
    """The offices whose records a province holds (registered or merged), less those that
    handed their register over to a successor (their chain is closed)."""
    rows = con.execute(
        "SELECT unit_code FROM unit_key WHERE own = 0 UNION "
        "SELECT unit_code FROM progress_entry WHERE unit_code <> '' AND deleted_at IS NULL "
        "EXCEPT SELECT from_code FROM handover"
    ).fetchall()
    return tuple(sorted(code for (code,) in rows))


def _quotas(
    con: sqlite3.Connection, code: str, offices: tuple[str, ...] | None
) -> dict[str, float]:
    own = dict(
        con.execute(
            "SELECT target_id, value FROM quota WHERE deleted_at IS NULL AND unit_code = ?",
            (code,),
        ).fetchall()
    )
    if offices:
        # Province-wide, a count target's quota is what was allocated to the offices together.
        allocated = con.execute(
            "SELECT q.target_id, SUM(q.value) FROM quota q JOIN target t ON t.id = q.target_id "
            "WHERE q.deleted_at IS NULL AND t.unit = 'count' AND q.unit_code <> ? "
            "GROUP BY q.target_id",
            (code,),
        ).fetchall()
        for target_id, total in allocated:
            own.setdefault(target_id, total)
    return own


def _targets(con: sqlite3.Connection, year: int) -> tuple[str, list[tuple]]:
    programme = con.execute(
        "SELECT id, title FROM programme WHERE year = ? AND deleted_at IS NULL", (year,)
    ).fetchone()
    targets = con.execute(
        "SELECT id, code, name, unit, method, scope, metric, province_value, pacing, measure "
        "FROM target "
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


def _entered_offices(
    con: sqlite3.Connection, target_id: str, unit: str, offices: tuple[str, ...], period: Period
) -> tuple[float | None, float | None]:
    figures = [_entered(con, target_id, code, period) for code in offices]
    months = [m for m, _ in figures if m is not None]
    latest = [y for _, y in figures if y is not None]
    if unit == "count":
        return (sum(months) if months else None), (sum(latest) if latest else None)
    # A percentage cannot be added up; without each office's base the mean is the honest figure.
    return (
        (sum(months) / len(months) if months else None),
        (sum(latest) / len(latest) if latest else None),
    )


def measure(records: Records, metric: str, params: str, first: date, last: date) -> Measured:
    return measure_for(metric, params)(records, first, last)


def _one(
    con: sqlite3.Connection,
    records: Records,
    target: tuple,
    quota: float | None,
    unit_code: str,
    period: Period,
    offices: tuple[str, ...] | None = None,
) -> TargetProgress:
    target_id, code, name, unit, method, scope, metric, province_value, pacing, params = target
    if method == "entered" and offices:
        month, ytd = _entered_offices(con, target_id, unit, offices, period)
    elif method == "entered":
        month, ytd = _entered(con, target_id, unit_code, period)
    else:
        month = measure(records, metric, params, period.first, period.last).value
        ytd = measure(records, metric, params, period.year_start, period.last).value
    month, ytd, quota = _clean(month, unit), _clean(ytd, unit), _clean(quota, unit)
    percent = None
    if quota not in (None, 0) and ytd is not None:
        percent = round(100.0 * ytd / float(quota), 1)
    pacing = pacing or default_pacing(unit)
    return TargetProgress(
        code, name, unit, method, scope, province_value, quota, month, ytd, percent, pacing
    )


def explain(
    db_path: Path,
    code: str,
    period_text: str,
    *,
    year_to_date: bool = True,
    unit: str | None = None,
) -> tuple[str, tuple[str, ...]]:
    """The records behind one computed target's number: the month's, or the year to date's."""
    period = parse_month(period_text)
    if ensure_programme(db_path, period.first.year) is None:
        raise UserError(programme_missing_text(period.first.year))
    con = sqlite3.connect(f"file:{db_path}?mode=ro", uri=True)
    try:
        _, offices = _whose(con, db_path, unit)
        _, targets = _targets(con, period.first.year)
        target = next((t for t in targets if t[1] == code), None)
        if target is None:
            raise UserError(
                f"Không có chỉ tiêu mã «{code}» trong chương trình năm {period.first.year}."
            )
        if target[4] != "computed":
            return target[2], ("Chỉ tiêu nhập tay theo tháng; không tính từ hồ sơ.",)
        first = period.year_start if year_to_date else period.first
        measured = measure(
            Records(con, offices, detail=True), target[6], target[9], first, period.last
        )
    finally:
        con.close()
    return target[2], measured.records
