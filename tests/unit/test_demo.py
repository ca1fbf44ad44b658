"""The demo district: deterministic, believable, and consistent with its own history."""

from __future__ import annotations

import re
import sqlite3
import unicodedata
from datetime import date
from pathlib import Path

import pytest

from desktop.admin_units import communes_of_district
from desktop.citizen_id import citizen_id_problems
from desktop.demo import generate_demo
from desktop.store import shared
from tests.unit._check import check_file


def _dump(path: Path, table: str) -> list[tuple]:
    with sqlite3.connect(path) as con:
        return sorted(con.execute(f"SELECT * FROM {table}").fetchall(), key=repr)


def _tables(path: Path) -> list[str]:
    with sqlite3.connect(path) as con:
        return [
            r[0]
            for r in con.execute(
                "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' "
                "ORDER BY name"
            )
        ]


@pytest.fixture(scope="module")
def demo600(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("demo") / "demo.sqlite"
    generate_demo(path, members=600, seed=7)
    return path


def test_same_seed_same_data_other_seed_other_data(tmp_path: Path, demo600: Path) -> None:
    again = tmp_path / "again.sqlite"
    generate_demo(again, members=600, seed=7)
    tables = _tables(demo600)
    assert {"programme", "target", "task_area", "quota", "progress_entry"} <= set(tables)
    # Every row of every table, ids and timestamps included; only the audit trail records when
    # the file was made.
    for table in tables:
        if table not in ("audit_event", "alembic_version"):
            assert _dump(again, table) == _dump(demo600, table), table
    with sqlite3.connect(again) as con:
        programme = con.execute("SELECT created_at, updated_at FROM programme").fetchone()
        stamps = set(
            con.execute("SELECT created_at FROM target UNION SELECT created_at FROM quota")
        )
    assert programme == ("2024-01-11 08:00:00.000000", "2024-01-11 08:00:00.000000")
    assert stamps == {("2024-01-11 08:00:00.000000",), ("2024-01-18 08:00:00.000000",)}
    other = tmp_path / "other.sqlite"
    generate_demo(other, members=600, seed=8)
    assert _dump(other, "member") != _dump(demo600, "member")


def test_default_size_has_about_100_unions_in_both_sectors(tmp_path: Path) -> None:
    path = tmp_path / "d.sqlite"
    summary = generate_demo(path, members=5000, seed=1)
    assert summary.members == 5000
    with sqlite3.connect(path) as con:
        assert con.execute("SELECT COUNT(*) FROM member").fetchone()[0] == 5000
        sectors = dict(con.execute("SELECT sector, COUNT(*) FROM grassroots_union GROUP BY sector"))
    assert sum(sectors.values()) == 100
    assert 45 <= sectors["state"] <= 65 and 35 <= sectors["non_state"] <= 55
    report = check_file(path)
    assert report.findings == (), report.findings
    # Founding rates and quotas agree: every upper-union target of 2024 is a believable share of
    # what the province allocated, none at 0 and none at 300 %.
    from desktop.services.progress import progress_for

    shares = {
        t.code: t.percent_of_quota
        for t in progress_for(shared(path), "2024-12").targets
        if t.scope == "upper_union"
    }
    assert len(shares) == 17
    off = {code: p for code, p in shares.items() if p is None or not 40 <= p <= 110}
    assert off == {}, shares
    with sqlite3.connect(path) as con:
        founded = con.execute(
            "SELECT substr(founded_on, 1, 4), COUNT(*), SUM(workforce_total >= 25) "
            "FROM grassroots_union WHERE founded_on >= '2022-01-01' GROUP BY 1"
        ).fetchall()
    # Two new unions a year, one of them in an enterprise of 25 workers or more (quota 2 and 1).
    assert founded == [("2022", 2, 1), ("2023", 2, 1), ("2024", 2, 1)]


def test_citizen_ids_follow_the_rule_and_are_unique(demo600: Path) -> None:
    with sqlite3.connect(demo600) as con:
        rows = con.execute("SELECT citizen_id, gender, birth_date, status FROM member").fetchall()
    active = [r[0] for r in rows if r[3] == "active"]
    assert len(active) == len(set(active))
    for citizen_id, gender, born, _ in rows:
        assert re.fullmatch(r"0\d{11}", citizen_id)
        year = int(born[:4])
        digit = int(citizen_id[3])
        assert digit == (0 if year < 2000 else 2) + (1 if gender == "female" else 0)
        assert citizen_id[4:6] == f"{year % 100:02d}"
        assert citizen_id_problems(citizen_id, gender, date.fromisoformat(born)) == []


def test_status_matches_the_latest_event(demo600: Path) -> None:
    with sqlite3.connect(demo600) as con:
        rows = con.execute(
            """SELECT m.status, m.union_id, e.kind, e.to_union_id FROM member m JOIN member_event e
               ON e.id = (SELECT id FROM member_event WHERE member_id = m.id
                          ORDER BY event_date DESC, rowid DESC LIMIT 1)"""
        ).fetchall()
    assert len(rows) == 600
    for status, union_id, kind, to_union in rows:
        expected = {"left": "left", "transferred_out": "transferred_out"}.get(kind, "active")
        assert status == expected
        if expected == "active":
            assert union_id == to_union


def test_every_kind_of_event_happens_each_year(demo600: Path) -> None:
    with sqlite3.connect(demo600) as con:
        kinds = set(
            con.execute(
                "SELECT substr(event_date, 1, 4), kind FROM member_event "
                "WHERE event_date >= '2022-01-01'"
            )
        )
    for year in ("2022", "2023", "2024"):
        for kind in ("admitted", "left", "transferred", "transferred_out", "transferred_in"):
            assert (year, kind) in kinds
    assert any(kind == "readmitted" for _, kind in kinds)
    with sqlite3.connect(demo600) as con:
        latest = con.execute("SELECT MAX(event_date) FROM member_event").fetchone()[0]
    assert latest <= "2024-12-31"


def test_names_are_nfc_vietnamese(demo600: Path) -> None:
    with sqlite3.connect(demo600) as con:
        names = [r[0] for r in con.execute("SELECT full_name FROM member")]
    assert all(unicodedata.is_normalized("NFC", n) for n in names)
    assert sum(1 for n in names if any(ord(ch) > 127 for ch in n)) > len(names) * 0.9
    assert any("Đ" in n for n in names)


def test_ratings_2024_missing_for_a_few_unions(demo600: Path) -> None:
    with sqlite3.connect(demo600) as con:
        live = con.execute(
            "SELECT COUNT(*) FROM grassroots_union WHERE founded_on <= '2024-09-30' "
            "AND (dissolved_on IS NULL OR dissolved_on > '2024-12-31')"
        ).fetchone()[0]
        rated = con.execute("SELECT COUNT(*) FROM union_rating WHERE year = 2024").fetchone()[0]
    assert 0 < live - rated <= 5


def test_communes_are_real_communes_of_ba_tri(demo600: Path) -> None:
    real = {u.code for u in communes_of_district("836")}
    assert len(real) == 22
    with sqlite3.connect(demo600) as con:
        used = {r[0] for r in con.execute("SELECT DISTINCT commune_code FROM grassroots_union")}
        office = con.execute("SELECT name, district_code FROM office").fetchone()
    assert used <= real
    assert office == ("Liên đoàn Lao động huyện Ba Tri", "836")


def test_an_existing_demo_file_is_regenerated(tmp_path: Path) -> None:
    path = tmp_path / "demo.sqlite"
    generate_demo(path, members=60, seed=3)
    with sqlite3.connect(path) as con:
        con.execute("DELETE FROM member_event")
    con.close()
    generate_demo(path, members=60, seed=3)
    with sqlite3.connect(path) as con:
        assert con.execute("SELECT COUNT(*) FROM member").fetchone()[0] == 60
        assert con.execute("SELECT COUNT(*) FROM member_event").fetchone()[0] > 60
        marks = con.execute("SELECT detail FROM audit_event WHERE action = 'demo'").fetchall()
    assert marks == [("huyện mẫu: 60 đoàn viên, hạt giống 3",)]


def test_demo_refuses_to_replace_a_file_that_is_not_a_demo(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    from desktop.app import main
    from desktop.services.office import init_office

    real = tmp_path / "van-phong.sqlite"
    init_office(shared(real), role="district", unit_code="LDLD-X", unit_name="LĐLĐ huyện X")
    before = real.read_bytes()
    assert main(["demo", str(real), "--members", "50"]) == 1
    assert capsys.readouterr().err.strip() == (
        f"Tệp {real} đã có và không phải cơ sở dữ liệu huyện mẫu: không ghi đè. Hãy chọn tên tệp "
        "khác, hoặc thêm --force nếu thật sự muốn thay tệp này bằng huyện mẫu."
    )
    assert real.read_bytes() == before
    notes = tmp_path / "ghi-chu.txt"
    notes.write_text("không phải cơ sở dữ liệu", encoding="utf-8")
    assert main(["demo", str(notes), "--members", "50"]) == 1
    assert f"Tệp {notes} đã có" in capsys.readouterr().err
    assert notes.read_text(encoding="utf-8") == "không phải cơ sở dữ liệu"

    assert main(["demo", str(real), "--members", "50", "--force"]) == 0
    assert "Đã tạo huyện mẫu" in capsys.readouterr().out
    with sqlite3.connect(real) as con:
        assert con.execute("SELECT code FROM office").fetchall() == [("LDLD-BATRI",)]


def test_the_demo_summary_groups_its_counts(tmp_path: Path) -> None:
    summary = str(generate_demo(tmp_path / "d.sqlite", members=1500, seed=3))
    assert " 1.500 đoàn viên (" in summary
    assert re.fullmatch(
        r"\d+ CĐCS, 1\.500 đoàn viên \(1\.\d{3} đang sinh hoạt\), \d\.\d{3} biến động, "
        r"\d+ hoạt động",
        summary,
    ), summary
