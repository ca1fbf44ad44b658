"""Progress against the programme: every target's quota, this month, year to date and % of quota.

The CLI (`uniondesk progress`), the dashboard and the monthly report all read this one service.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from typing import TYPE_CHECKING, Any

from sqlalchemy import Connection, text

from desktop.errors import UserError
from desktop.periods import Period, parse_month
from desktop.programme.catalogue import measure_for
from desktop.programme.loader import default_pacing
from desktop.programme.metrics import Measured
from desktop.programme.moves import Counted, keep
from desktop.programme.records import Records

if TYPE_CHECKING:
    from desktop.store import Store

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
UNCOUNTED = (
    "Số liệu toàn tỉnh tháng {month} chưa tính {n} đơn vị chưa gửi gói đến tháng này: {codes} "
    "(xem màn hình Tổng hợp, Đơn vị)."
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
    # A province's own figures only (None elsewhere): how many offices the figure counts, and of
    # an entered percentage how many counted offices typed it without its two counts (left out).
    units_counted: int | None = None
    without_counts: int = 0


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
    # A province's own figures: the registered offices without a bundle reaching the period
    # (their figures are not in it). Empty elsewhere.
    missing_units: tuple[str, ...] = ()

    @property
    def missing_text(self) -> str:
        """The not-arrived sentence of this report's year ("" when the programme is here)."""
        return programme_missing_text(int(self.period[:4])) if self.programme_missing else ""

    @property
    def uncounted_text(self) -> str:
        """(A province) which offices its figures leave out and why ("" when none): said beside
        every province-wide figure, so a total is never read as the whole province's."""
        if not self.missing_units:
            return ""
        month = f"{self.period[5:]}/{self.period[:4]}"
        return UNCOUNTED.format(
            n=len(self.missing_units), month=month, codes=", ".join(self.missing_units)
        )

    def as_json(self) -> dict[str, object]:
        """DESIGN.md's object; `programme` (its title, null before it arrives),
        `programme_missing` and each target's method, scope, province_value and pacing are the
        documented extras (docs/targets.md); a province's own figures add `missing_units` and
        each target's `units_counted` and `entered_without_counts`. Counts are integers."""
        province = any(t.units_counted is not None for t in self.targets)
        found: dict[str, object] = {
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
                    **(
                        {
                            "units_counted": t.units_counted,
                            "entered_without_counts": t.without_counts,
                        }
                        if province
                        else {}
                    ),
                }
                for t in self.targets
            ],
        }
        if province or self.missing_units:
            found["missing_units"] = list(self.missing_units)
        return found


def _held(con: Connection) -> dict[int, str]:
    """Year → id of every live programme in the database."""
    rows = con.execute(text("SELECT year, id FROM programme WHERE deleted_at IS NULL")).all()
    return {int(year): str(pid) for year, pid in rows}


def ensure_programme(store: Store, year: int) -> str | None:
    """The id of `year`'s programme, loading the file the app ships for that year if the
    database lacks it; None when neither has it (the programme has not arrived yet). Never
    refuses: callers say `programme_missing_text(year)` and go on."""
    from desktop.programme.loader import load_programme, shipped_programme

    with store.reading() as con:
        found = _held(con).get(year)
    if found is not None:
        return found
    programme = shipped_programme(year)
    if programme is None:
        return None
    # One unit of work holding the write lock; the loader looks again under it, so two
    # windows opening the same new year load its programme once.
    with store.unit_of_work() as uow:
        return load_programme(uow.session, programme)


def areas_year(store: Store, year: int) -> int:
    """The programme whose task areas `year`'s activities are filed under: the year's own, or
    before it arrives the latest one held (or shipped) before that year, or for a year before
    every programme the earliest. The task area's number is what an activity keeps, so the
    activity stands under the same number once the year's own programme arrives."""
    from desktop.programme.loader import shipped_years

    with store.reading() as con:
        years = set(_held(con)) | set(shipped_years())
    earlier = [y for y in years if y <= year]
    chosen = max(earlier) if earlier else min(years, default=year)
    ensure_programme(store, chosen)
    return chosen


def _clean(value: float | None, unit: str) -> float | None:
    """Counts are whole numbers (JSON 40, not 40.0); rates keep two decimals."""
    if value is None:
        return None
    return round(value) if unit == "count" else round(float(value), 2)


def progress_for(store: Store, period_text: str, *, unit: str | None = None) -> ProgressReport:
    """Every target's figures for this office, or with `unit` for one office merged here.

    A province database without `unit` gives the province's own figures as of the period
    (desktop/services/province_figures.py): over the offices whose bundles reach it, the others
    named in `missing_units`; 6a, 9a, 9b over every registered office, 10 the province's own.
    """
    period = parse_month(period_text)
    held = ensure_programme(store, period.first.year)
    counted: list[Counted] = []  # offices' moves counted anew, kept once the look is over
    with store.reading() as con:
        info, province, scope = _whose(con, store.label, unit)
        if held is None:
            return ProgressReport(period.text, info, "", (), programme_missing=True)
        title, targets = _targets(con, period.first.year)
        missing: tuple[str, ...] = ()
        if province:
            from desktop.services.province_figures import province_targets

            rows, missing = province_targets(con, info.code, period, targets, counted)
        else:
            quotas = _quotas(con, info.code)
            records = Records(con, unit=scope, counted=counted)
            rows = [
                _one(con, records, target, quotas.get(target[0]), info.code, period)
                for target in targets
            ]
    keep(store, counted)
    return ProgressReport(period.text, info, title, tuple(rows), missing_units=missing)


def count_ahead(store: Store, unit: str, period_text: str) -> None:
    """After a merge of `unit`'s bundle for `period_text`: the store's statistics brought up to
    date (PostgreSQL plans by them), and the office's moves (2b, 8) counted and kept for that
    month and its year to date, so the province's first look at the month reads them instead
    of rebuilding every member history of the office (desktop/programme/moves.py). Never
    fails a merge that is done: a database error here only leaves the counting to that look."""
    from sqlalchemy.exc import DBAPIError

    from desktop.programme.records import SCOPED_TABLES

    period = parse_month(period_text)
    counted: list[Counted] = []
    try:
        store.refresh_statistics(SCOPED_TABLES)
        with store.reading() as con:
            records = Records(con, unit=unit, counted=counted)
            for first in (period.first, period.year_start):
                records.moves(first - timedelta(days=1), period.last)
    except DBAPIError:
        return  # the merge is done and stays: the first look at the month counts instead
    keep(store, counted)


def _one_row(con: Connection, sql: str, **params: object) -> tuple[Any, ...] | None:
    row = con.execute(text(sql), params).first()
    return None if row is None else tuple(row)


def _whose(con: Connection, label: str, unit: str | None) -> tuple[UnitInfo, bool, str | None]:
    """Whose figures these are; whether they are a province's own province-wide figures; and
    whose rows the metrics see (None: every row here, '' the office's own)."""
    office = _one_row(con, "SELECT code, name, role FROM office WHERE deleted_at IS NULL LIMIT 1")
    if office is None:
        raise UserError(NO_OFFICE.format(path=label))
    own = UnitInfo(*office)
    if unit is None:
        return own, own.role == "province", None
    if unit == own.code:
        return own, False, ""
    return _merged_unit(con, label, unit), False, unit


def _merged_unit(con: Connection, label: str, code: str) -> UnitInfo:
    row = _one_row(
        con,
        "SELECT unit_code, unit_name, role FROM unit_key WHERE unit_code = :code "
        "AND own = FALSE ORDER BY active DESC, id DESC LIMIT 1",
        code=code,
    )
    merged = _one_row(con, "SELECT 1 FROM member WHERE unit_code = :code LIMIT 1", code=code)
    if row is None and merged is None:
        raise UserError(UNKNOWN_UNIT.format(code=code, path=label))
    return UnitInfo(*row) if row else UnitInfo(code, code, "district")


def _quotas(con: Connection, code: str) -> dict[str, float]:
    """Target id → the quota of the office `code` (its own row)."""
    return {
        target_id: value
        for target_id, value in con.execute(
            text(
                "SELECT target_id, value FROM quota WHERE deleted_at IS NULL AND unit_code = :code"
            ),
            {"code": code},
        )
    }


def _targets(con: Connection, year: int) -> tuple[str, list[tuple[Any, ...]]]:
    programme = _one_row(
        con,
        "SELECT id, title FROM programme WHERE year = :year AND deleted_at IS NULL",
        year=year,
    )
    assert programme is not None  # ensure_programme found or loaded it
    targets = con.execute(
        text(
            "SELECT id, code, name, unit, method, scope, metric, province_value, pacing, "
            "measure FROM target WHERE programme_id = :programme AND deleted_at IS NULL "
            "ORDER BY position"
        ),
        {"programme": programme[0]},
    ).all()
    return programme[1], [tuple(t) for t in targets]


def _entered(
    con: Connection, target_id: str, unit_code: str, period: Period
) -> tuple[float | None, float | None]:
    rows = con.execute(
        text(
            "SELECT period, value FROM progress_entry WHERE deleted_at IS NULL "
            "AND target_id = :target AND unit_code = :unit AND period BETWEEN :first AND :last "
            "ORDER BY period"
        ),
        {
            "target": target_id,
            "unit": unit_code,
            "first": f"{period.first.year}-01",
            "last": period.text,
        },
    ).all()
    month = next((v for p, v in rows if p == period.text), None)
    return month, (rows[-1][1] if rows else None)


def measure(records: Records, metric: str, params: str, first: date, last: date) -> Measured:
    return measure_for(metric, params)(records, first, last)


def _one(
    con: Connection,
    records: Records,
    target: tuple[Any, ...],
    quota: float | None,
    unit_code: str,
    period: Period,
) -> TargetProgress:
    target_id, _, _, _, method, _, metric, _, _, params = target
    if method == "entered":
        month, ytd = _entered(con, target_id, unit_code, period)
    else:
        month = measure(records, metric, params, period.first, period.last).value
        ytd = measure(records, metric, params, period.year_start, period.last).value
    return figures(target, quota, month, ytd)


def figures(
    target: tuple[Any, ...],
    quota: float | None,
    month: float | None,
    ytd: float | None,
    units_counted: int | None = None,
    without_counts: int = 0,
) -> TargetProgress:
    """One target's row: counts whole, rates of two decimals, % of quota of one decimal (null
    without a quota, never 0)."""
    _, code, name, unit, method, scope, _, province_value, pacing, _ = target
    month, ytd, quota = _clean(month, unit), _clean(ytd, unit), _clean(quota, unit)
    percent = None
    if quota not in (None, 0) and ytd is not None:
        percent = round(100.0 * ytd / float(quota), 1)
    pacing = pacing or default_pacing(unit)
    return TargetProgress(
        code,
        name,
        unit,
        method,
        scope,
        province_value,
        quota,
        month,
        ytd,
        percent,
        pacing,
        units_counted,
        without_counts,
    )


def explain(
    store: Store,
    code: str,
    period_text: str,
    *,
    year_to_date: bool = True,
    unit: str | None = None,
) -> tuple[str, tuple[str, ...]]:
    """The records behind one computed target's number: the month's, or the year to date's."""
    period = parse_month(period_text)
    if ensure_programme(store, period.first.year) is None:
        raise UserError(programme_missing_text(period.first.year))
    with store.reading() as con:
        _, province, scope = _whose(con, store.label, unit)
        _, targets = _targets(con, period.first.year)
        target = next((t for t in targets if t[1] == code), None)
        if target is None:
            raise UserError(
                f"Không có chỉ tiêu mã «{code}» trong chương trình năm {period.first.year}."
            )
        if target[4] != "computed" and province:
            from desktop.services.province_figures import entered_lines

            return target[2], entered_lines(con, period, target, year_to_date=year_to_date)
        if target[4] != "computed":
            return target[2], ("Chỉ tiêu nhập tay theo tháng; không tính từ hồ sơ.",)
        first = period.year_start if year_to_date else period.first
        if province:
            from desktop.services.province_figures import province_records

            records, note = province_records(con, period.text, target, detail=True)
        else:
            records, note = Records(con, unit=scope, detail=True), ()
        measured = measure(records, target[6], target[9], first, period.last)
    return target[2], (*measured.records, *note)
