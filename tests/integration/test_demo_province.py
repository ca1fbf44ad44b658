"""The demo province: offices' bundles merged month by month, one office behind, its own records."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from sqlalchemy import text

from desktop.app import main
from desktop.store import Store

BA_TRI, KCN, GIAO_DUC = "LDLD-BATRI", "CDKCN-BENTRE", "CDGD-BENTRE"


def _rows(db: Path, sql: str, **params: object) -> list[tuple]:
    with Store(db, migrate=False) as store, store.reading() as con:
        return [tuple(row) for row in con.execute(text(sql), params)]


def test_the_province_holds_three_registered_offices_one_three_months_behind(
    demo_province: Path,
) -> None:
    from desktop.services.province_figures import latest_periods, registered_offices

    with Store(demo_province, migrate=False) as store, store.reading() as con:
        offices = registered_offices(con)
        latest = latest_periods(con)
    assert offices == [
        (GIAO_DUC, "Công đoàn ngành Giáo dục tỉnh Bến Tre"),
        (KCN, "Công đoàn các Khu công nghiệp tỉnh Bến Tre"),
        (BA_TRI, "Liên đoàn Lao động huyện Ba Tri"),
    ]
    assert latest == {BA_TRI: "2024-12", KCN: "2024-12", GIAO_DUC: "2024-09"}
    # Every month of each office merged once, in order: 12 + 12 + 9 bundles.
    ledger = _rows(
        demo_province,
        "SELECT unit_code, COUNT(*), MIN(period) FROM bundle_ledger WHERE verdict = 'merged' "
        "GROUP BY unit_code ORDER BY unit_code",
    )
    assert ledger == [(GIAO_DUC, 9, "2024-01"), (KCN, 12, "2024-01"), (BA_TRI, 12, "2024-01")]
    assert _rows(demo_province, "SELECT role, code FROM office") == [("province", "LDLD-BENTRE")]


def test_each_office_at_the_province_has_the_members_of_its_own_database(
    demo_province: Path,
) -> None:
    offices = demo_province.parent / "offices"
    count = (
        "SELECT COUNT(*) FROM member WHERE deleted_at IS NULL AND status = 'active' "
        "AND unit_code = :unit"
    )
    for code in (BA_TRI, KCN):  # up to date: their December is the office's own today
        own = _rows(offices / f"{code}.sqlite", count, unit="")[0][0]
        assert own > 20
        assert _rows(demo_province, count, unit=code) == [(own,)]
    total = "SELECT COUNT(*) FROM member WHERE deleted_at IS NULL AND unit_code = :unit"
    assert _rows(demo_province, total, unit=GIAO_DUC)[0][0] > 20


@pytest.mark.parametrize(("code", "period"), [(BA_TRI, "2024-12"), (GIAO_DUC, "2024-09")])
def test_progress_of_one_office_at_the_province_equals_its_own(
    demo_province: Path, code: str, period: str, capsys: pytest.CaptureFixture[str]
) -> None:
    office = demo_province.parent / "offices" / f"{code}.sqlite"
    args = ["progress", "--period", period, "--format", "json"]
    assert main([*args, "--db", str(office)]) == 0
    own = json.loads(capsys.readouterr().out)
    assert main([*args, "--db", str(demo_province), "--unit", code]) == 0
    there = json.loads(capsys.readouterr().out)
    assert there["unit"]["code"] == code

    def figures(report: dict) -> dict[str, tuple[float | None, float | None]]:
        # 6a, 9a and 10 are the province's own measures: an office's database has none.
        return {
            t["code"]: (t["month"], t["year_to_date"])
            for t in report["targets"]
            if t["code"] not in ("6a", "9a", "10")
        }

    assert figures(there) == figures(own)
    assert (figures(own)["2a"][1] or 0) > 0  # members were admitted: the comparison is not of nothing


def test_the_province_keeps_its_quotas_ratings_inspections_and_its_own_activity(
    demo_province: Path,
) -> None:
    quotas = _rows(
        demo_province,
        "SELECT q.unit_code, t.code, q.value FROM quota q JOIN target t ON t.id = q.target_id "
        "WHERE q.deleted_at IS NULL AND t.code IN ('2a', '1a') ORDER BY q.unit_code, t.code",
    )
    assert [(u, c) for u, c, _ in quotas] == [
        (GIAO_DUC, "1a"),
        (GIAO_DUC, "2a"),
        (KCN, "1a"),
        (KCN, "2a"),
        (BA_TRI, "1a"),
        (BA_TRI, "2a"),
    ]
    assert {v for u, c, v in quotas if c == "1a"} == {90.0}
    ratings = _rows(
        demo_province, "SELECT office_code, year FROM office_rating ORDER BY year, office_code"
    )
    assert [r for r in ratings if r[1] == 2023] == [(GIAO_DUC, 2023), (KCN, 2023), (BA_TRI, 2023)]
    assert len([r for r in ratings if r[1] == 2024]) == 2
    inspected = _rows(demo_province, "SELECT office_code, kind FROM office_inspection")
    assert inspected == [(BA_TRI, "finance"), (GIAO_DUC, "charter")]
    assert _rows(
        demo_province,
        "SELECT unit_code, title FROM activity WHERE kind = 'social_criticism' AND unit_code = ''",
    ) == [("", "Phản biện dự thảo Nghị quyết HĐND tỉnh về hỗ trợ nhà ở cho công nhân")]


def test_entered_percentages_carry_their_counts_in_the_office(demo_province: Path) -> None:
    office = demo_province.parent / "offices" / f"{BA_TRI}.sqlite"
    rows = _rows(
        office,
        "SELECT e.value, e.numerator, e.denominator FROM progress_entry e JOIN target t "
        "ON t.id = e.target_id WHERE t.code = '1a' AND e.period = '2024-12'",
    )
    assert len(rows) == 1
    value, numerator, denominator = rows[0]
    # The office's scope is everyone it generated, whatever their status now.
    assert _rows(office, "SELECT COUNT(*) FROM member") == [(denominator,)]
    assert value == round(100 * numerator / denominator, 1)
