"""The same district on SQLite and on PostgreSQL gives the same figures, the same explanations
and the same reports: `uniondesk progress` and `uniondesk report` read one SQL on both."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import openpyxl
import pytest

from desktop.app import main
from desktop.reports.catalogue import SERIES, build_report, write_report
from desktop.store import Store, shared
from tests.unit._report_checks import pdf_text
from tests.unit._sync_fixtures import (
    BOTH_STORES,
    DISTRICT,
    OTHER_DISTRICT,
    Exchange,
    exchange_for,
    memory_keyring,
    no_passphrase,
)
from tests.unit._two_stores import copy_to_postgres

__all__ = ["memory_keyring"]

COMPUTED = ("2a", "2b", "3a", "3b", "4", "5", "6b", "6c", "7", "8", "9b", "9c", "9d", "9e", "11")


@pytest.fixture
def both(small_demo: Path, pg_url: str) -> tuple[str, str]:
    """The small demo district as its file and as a PostgreSQL database holding its rows."""
    copy_to_postgres(small_demo, pg_url).close()
    return str(small_demo), pg_url


def _said(argv: list[str], capsys: pytest.CaptureFixture[str]) -> str:
    assert main(argv) == 0
    return capsys.readouterr().out


@pytest.mark.parametrize("period", ["2024-06", "2024-12"])
def test_progress_is_the_same_on_both_stores(
    both: tuple[str, str], period: str, capsys: pytest.CaptureFixture[str]
) -> None:
    sqlite, postgres = both
    for form in ("json", "text"):
        argv = ["progress", "--period", period, "--format", form]
        assert _said([*argv, "--db", postgres], capsys) == _said([*argv, "--db", sqlite], capsys)
    figures = json.loads(_said(["progress", "--period", period, "--format", "json", "--db", postgres], capsys))  # fmt: skip
    # Not two empty answers: the district's own figures, every target of the 2024 programme.
    assert figures["unit"]["role"] == "district"
    assert len(figures["targets"]) == 20
    counted = {t["code"]: t["year_to_date"] for t in figures["targets"]}
    assert counted["2a"] > 0 and counted["6b"] is not None


def test_every_explanation_is_the_same_on_both_stores(
    both: tuple[str, str], capsys: pytest.CaptureFixture[str]
) -> None:
    sqlite, postgres = both
    lines = 0
    for code in COMPUTED:
        for window in ([], ["--month"]):
            argv = ["progress", "--period", "2024-12", "--explain", code, *window]
            told = _said([*argv, "--db", sqlite], capsys)
            assert _said([*argv, "--db", postgres], capsys) == told, code
            lines += len(told.splitlines())
    assert lines > 300  # the members, unions and activities behind the figures, listed


def test_the_dashboard_and_the_working_year_are_the_same_on_both_stores(
    both: tuple[str, str],
) -> None:
    from desktop.services.dashboard import load_dashboard, working_year, years_offered
    from desktop.services.targets import due_this_month
    from desktop.store.probe import Peek

    sqlite, postgres = both
    today = date(2026, 11, 25)
    with Store(postgres) as server:
        assert working_year(server, today) == working_year(Peek(Path(sqlite)), today) == 2024
        assert years_offered(server, today) == years_offered(Peek(Path(sqlite)), today)
        figures = load_dashboard(server, 2024)
        assert figures == load_dashboard(Peek(Path(sqlite)), 2024)
        assert figures.members_active > 0 and len(figures.members_by_month) == 12
        assert due_this_month(server, "2024-12", today) == due_this_month(shared(sqlite), "2024-12", today)  # fmt: skip


@pytest.mark.parametrize(
    ("name", "period"),
    [
        ("monthly-progress", "2024-06"),
        ("mid-year-review", "2024"),
        ("year-end-review", "2024"),
        ("member-movement", "2024-06"),
        ("member-list", "2024-12"),
        ("union-list", "2024-12"),
    ],
)
def test_a_report_from_postgresql_reads_as_the_one_from_the_file(
    both: tuple[str, str], tmp_path: Path, name: str, period: str
) -> None:
    sqlite, postgres = both
    made = {}
    for store, target in (("sqlite", Path(sqlite)), ("postgresql", postgres)):
        report = build_report(name, shared(target), period, number="7", issued_on=date(2025, 1, 5))
        made[store] = report
        write_report(report, tmp_path / f"{store}.pdf", "pdf")
        write_report(report, tmp_path / f"{store}.xlsx", "xlsx")
    assert made["postgresql"] == made["sqlite"]
    text = pdf_text(tmp_path / "postgresql.pdf")
    assert text == pdf_text(tmp_path / "sqlite.pdf")
    assert f"Số: 07/{SERIES[name]}-LĐLĐ" in text
    sheets = [
        [list(row) for row in openpyxl.load_workbook(tmp_path / f"{s}.xlsx").active.values]
        for s in ("sqlite", "postgresql")
    ]
    assert sheets[1] == sheets[0] and len(sheets[0]) > 10


def test_the_report_command_takes_a_postgresql_database(
    both: tuple[str, str], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    _, postgres = both
    out = tmp_path / "bao-cao.pdf"
    argv = ["report", "monthly-progress", "--period", "2024-06", "--format", "pdf", "--out", str(out)]  # fmt: skip
    assert main([*argv, "--number", "12", "--db", postgres]) == 0
    assert f"Đã ghi {out}" in capsys.readouterr().out
    assert "Số: 12/BC-LĐLĐ" in pdf_text(out)
    from desktop.services.issued_reports import issued

    with Store(postgres) as server:  # «Việc cần làm» sees it issued
        assert issued(server, "monthly-progress", "2024-06")
        assert not issued(server, "monthly-progress", "2024-05")


@pytest.fixture
def ex(request: pytest.FixtureRequest, tmp_path: Path, memory_keyring: object) -> Exchange:
    return exchange_for(request, tmp_path)


@BOTH_STORES
def test_a_province_on_either_store_sums_its_offices_and_scopes_one(
    ex: Exchange, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    from desktop.services.progress import explain, progress_for
    from desktop.sync.office.export import export_bundle
    from tests.integration.test_bundle_roundtrip import add_programme_work
    from tests.integration.test_province_progress import _province_quotas, _second_district

    add_programme_work(ex.district)
    other = _second_district(ex)
    _province_quotas(ex.province)
    thanh_phu = tmp_path / "thanh-phu-2024-06.udb"
    export_bundle(shared(other), "2024-06", thanh_phu, passphrase=no_passphrase)
    assert [r.verdict for r in ex.merge(ex.export("2024-06"), thanh_phu)] == ["merged", "merged"]

    with Store(ex.province) as province:
        for unit, own in ((DISTRICT[0], ex.district), (OTHER_DISTRICT[0], other)):
            seen = progress_for(province, "2024-06", unit=unit)
            assert seen.unit.code == unit
            expected = progress_for(shared(own), "2024-06").targets
            assert [(t.code, t.month, t.year_to_date) for t in seen.targets] == [
                (t.code, t.month, t.year_to_date) for t in expected
            ]
        wide = {t.code: t for t in progress_for(province, "2024-06").targets}
        # The province's own quota is the programme's 9.000 (not the 500 + 300 it allocated);
        # 9a counts its own inspections of offices, not an office's own «by_province» note.
        assert (wide["2a"].year_to_date, wide["2a"].quota) == (5.0, 9000)
        assert (wide["9a"].month, wide["9a"].year_to_date) == (0.0, 0.0)
        assert explain(province, "9a", "2024-06")[1] == (
            "0/2 công đoàn cấp trên",
            f"{DISTRICT[0]}: chưa được tỉnh kiểm tra",
            f"{OTHER_DISTRICT[0]}: chưa được tỉnh kiểm tra",
        )
    argv = ["progress", "--db", str(ex.province), "--period", "2024-06", "--format", "json"]
    assert main([*argv, "--unit", OTHER_DISTRICT[0]]) == 0
    printed = json.loads(capsys.readouterr().out)
    assert {t["code"]: t["year_to_date"] for t in printed["targets"]}["2a"] == 2.0
