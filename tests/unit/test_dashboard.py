"""Dashboard figures equal counts taken by hand on the small district."""

from __future__ import annotations

import sqlite3
from datetime import date
from pathlib import Path

import pytest

from desktop.services.dashboard import load_dashboard, working_year
from desktop.store import Store, shared
from desktop.store.probe import Peek


def test_figures_of_the_small_district(small_district: Path) -> None:
    f = load_dashboard(Peek(small_district), 2024)
    assert f.office_name == "Liên đoàn Lao động huyện Thạnh Phú"
    assert (f.unions_state, f.unions_non_state, f.unions_total) == (2, 1, 3)
    assert f.members_active == 8  # the tombstoned member is not counted
    assert f.members_women == 5
    assert f.admitted_in_year == 4  # transferred-in members are not admissions
    assert (f.left_in_year, f.transferred_out_in_year) == (2, 1)
    assert f.unions_without_rating == 2
    assert [n for _, n in f.members_by_month] == [6, 8, 9, 8, 6, 6, 7, 7, 8, 8, 8, 8]


def test_figures_equal_plain_counts_on_the_demo(tmp_path: Path) -> None:
    from desktop.demo import generate_demo

    path = tmp_path / "demo.sqlite"
    generate_demo(path, members=800, seed=3)
    f = load_dashboard(Peek(path), 2024)
    with sqlite3.connect(path) as con:
        members = con.execute("SELECT COUNT(*) FROM member WHERE status='active'").fetchone()[0]
        admitted = con.execute(
            "SELECT COUNT(*) FROM member_event WHERE kind IN ('admitted','readmitted') "
            "AND event_date BETWEEN '2024-01-01' AND '2024-12-31'"
        ).fetchone()[0]
    assert f.members_active == members
    assert f.admitted_in_year == admitted
    assert f.members_by_month[-1] == ("2024-12", members)


def test_working_year_prefers_the_programme_then_the_latest_record(
    small_district: Path, tmp_path: Path
) -> None:
    assert working_year(Peek(small_district), today=date(2026, 11, 25)) == 2024
    empty = tmp_path / "empty.sqlite"
    Store(empty).close()
    # A new, empty office opens on today's year, with or without its programme (the screens say
    # it has not arrived and records go on).
    assert working_year(Peek(empty), today=date(2026, 11, 25)) == 2026
    assert working_year(Peek(empty), today=date(2023, 5, 1)) == 2023
    copy = tmp_path / "with-programme.sqlite"
    copy.write_bytes(small_district.read_bytes())
    with sqlite3.connect(copy) as con:
        con.execute(
            "INSERT INTO programme (id, year, number, title, theme, source_sha256, created_at, "
            "updated_at) VALUES ('p', 2025, '', 'Chương trình 2025', '', '', '2025-01-01', '2025-01-01')"
        )
    assert working_year(Peek(copy)) == 2025


def test_a_shipped_programme_counts_once_the_records_reach_its_year(
    small_district: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import shutil

    from desktop.services.progress import progress_for
    from tests.unit._programmes import readmit_in_march_2025, ship_2025

    ship_2025(tmp_path, monkeypatch)
    path = tmp_path / "district.sqlite"
    shutil.copy(small_district, path)
    progress_for(shared(path), "2024-12")  # the 2024 programme is in the database
    # The records stop in 2024: a 2025 file does not empty the screens.
    assert working_year(Peek(path), today=date(2026, 11, 25)) == 2024
    readmit_in_march_2025(path)
    assert working_year(Peek(path), today=date(2026, 11, 25)) == 2025
    report = progress_for(shared(path), "2025-03")  # the first screen that needs it loads the file
    assert report.programme_title == "Chương trình công tác công đoàn năm 2025 (thử)"
    assert [(t.code, t.month, t.pacing) for t in report.targets] == [
        ("A", 1, "linear"),
        ("B", None, "level"),
    ]
