"""`uniondesk members search` as scripts call it: tab-separated lines in the screen's order."""

from __future__ import annotations

import contextlib
import sqlite3
from pathlib import Path

import pytest

from desktop.app import main
from tests.unit._members_fixture import make_district


@pytest.fixture(scope="module")
def district(tmp_path_factory: pytest.TempPathFactory) -> Path:
    people = [
        ("Trần Thị Hòa", "female", "083190000001"),
        ("Nguyễn Văn Đức", "male", "083090000002"),
        ("Phạm Văn Đức", "male", "001090000003"),
        ("Lê Thị Ánh", "female", "083190000004"),
    ]
    return make_district(tmp_path_factory.mktemp("cli") / "d.sqlite", people)


def _lines(capsys: pytest.CaptureFixture[str], *argv: str) -> list[str]:
    capsys.readouterr()
    assert main(list(argv)) == 0
    return capsys.readouterr().out.splitlines()


def test_search_prints_name_birth_union_citizen_id(
    district: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    lines = _lines(capsys, "members", "search", "duc", "--db", str(district))
    assert lines == [
        "Nguyễn Văn Đức\t01/01/1990\tCĐCS Điện lực Ba Tri\t083090000002",
        "Phạm Văn Đức\t01/01/1990\tCĐCS Trường Tiểu học An Hòa\t001090000003",
    ]


def test_empty_query_lists_everyone_in_vietnamese_order_and_limit_cuts(
    district: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    names = [
        line.split("\t")[0]
        for line in _lines(capsys, "members", "search", "", "--db", str(district))
    ]
    assert names == ["Lê Thị Ánh", "Nguyễn Văn Đức", "Phạm Văn Đức", "Trần Thị Hòa"]
    limited = _lines(capsys, "members", "search", "", "--limit", "2", "--db", str(district))
    assert [line.split("\t")[0] for line in limited] == ["Lê Thị Ánh", "Nguyễn Văn Đức"]
    assert _lines(capsys, "members", "search", "khong co ai", "--db", str(district)) == []


def test_printed_lists_are_audited(district: Path, capsys: pytest.CaptureFixture[str]) -> None:
    # The trail is append-only: only the entries after this point are this test's.
    with contextlib.closing(sqlite3.connect(district)) as con:
        (before,) = con.execute("SELECT COALESCE(MAX(id), 0) FROM audit_event").fetchone()
    _lines(capsys, "members", "search", "", "--limit", "3", "--db", str(district))
    _lines(capsys, "members", "search", "khong co ai", "--db", str(district))  # nothing shown
    with contextlib.closing(sqlite3.connect(district)) as con:
        rows = con.execute(
            "SELECT action, detail FROM audit_event WHERE id > ? ORDER BY id", (before,)
        ).fetchall()
    assert rows == [("view", "tìm đoàn viên «» (dòng lệnh): 3 đoàn viên")]


def test_a_negative_limit_is_refused(district: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["members", "search", "", "--limit", "-1", "--db", str(district)]) == 1
    assert "--limit phải là số không âm (đã ghi -1)." in capsys.readouterr().err


def test_search_on_a_file_from_the_first_release_upgrades_it_first(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    import sqlite3
    from contextlib import closing

    from desktop.app import main as uniondesk

    dump = Path(__file__).resolve().parent.parent / "fixtures" / "schema" / "0001_initial.sql"
    old = tmp_path / "cu.sqlite"
    with closing(sqlite3.connect(old)) as con:
        con.executescript(dump.read_text(encoding="utf-8"))
    assert uniondesk(["members", "search", "", "--db", str(old)]) == 0
    printed = capsys.readouterr().out.splitlines()
    assert sorted(line.split("\t")[0] for line in printed) == [
        "Lê Thị Ánh",
        "Nguyễn Văn Đức",
        "Trần Thị Hoà",
    ]
