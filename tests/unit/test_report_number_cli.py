"""`report … --number N` from a script uses the number up as the window does: the window then
proposes the number after it (Cài đặt → Số văn bản)."""

from __future__ import annotations

import shutil
from pathlib import Path

from desktop.app import main
from desktop.services.preferences import next_number
from desktop.store import shared


def test_a_number_issued_by_a_script_moves_the_series_on(
    small_district: Path, tmp_path: Path
) -> None:
    db = tmp_path / "district.sqlite"
    shutil.copy(small_district, db)
    assert next_number(shared(db), "BC", 2024) == 1
    common = ["--period", "2024-06", "--format", "pdf", "--date", "15/07/2024", "--db", str(db)]
    out = tmp_path / "bao-cao.pdf"
    assert main(["report", "monthly-progress", "--number", "12", "--out", str(out), *common]) == 0
    assert next_number(shared(db), "BC", 2024) == 13
    assert next_number(shared(db), "BC", 2025) == 1  # numbering restarts each January
    # An earlier number issued again (a corrected copy) never takes the series back.
    again = tmp_path / "bao-cao-lai.pdf"
    assert main(["report", "monthly-progress", "--number", "7", "--out", str(again), *common]) == 0
    assert next_number(shared(db), "BC", 2024) == 13


def test_each_issued_report_is_kept_with_its_number_date_and_file(
    small_district: Path, tmp_path: Path
) -> None:
    import sqlite3
    from contextlib import closing

    from desktop.services.issued_reports import issued

    db = tmp_path / "district.sqlite"
    shutil.copy(small_district, db)
    assert not issued(shared(db), "monthly-progress", "2024-06")
    out = tmp_path / "bao-cao.pdf"
    common = ["--period", "06/2024", "--format", "pdf", "--date", "15/07/2024", "--db", str(db)]
    assert main(["report", "monthly-progress", "--number", "12", "--out", str(out), *common]) == 0
    assert issued(shared(db), "monthly-progress", "2024-06")
    assert not issued(shared(db), "monthly-progress", "2024-05")
    with closing(sqlite3.connect(db)) as con:
        assert con.execute(
            "SELECT report, period, how, destination, number, issued_on FROM issued_report"
        ).fetchall() == [("monthly-progress", "2024-06", "saved", str(out), "12", "2024-07-15")]
        # The trail keeps its own entry of it, as before.
        assert con.execute(
            "SELECT action, detail FROM audit_event WHERE action = 'report'"
        ).fetchall() == [("report", f"monthly-progress 2024-06 → {out}")]
