"""`uniondesk import` and `office merge` on an office's file and on a PostgreSQL database alike:
the same lines said, the same records written, the import all or nothing on both."""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy import text

from desktop.app import main
from desktop.models.member_row import name_columns
from desktop.store import Store, parse_target
from tests.unit._import_fixtures import fixture_copy

BATRI = ("LDLD-BATRI", "Liên đoàn Lao động huyện Ba Tri")
THANHPHU = ("LDLD-THANHPHU", "Liên đoàn Lao động huyện Thạnh Phú")


def _run(capsys: pytest.CaptureFixture[str], *args: str, code: int = 0) -> list[str]:
    said = main(list(args))
    captured = capsys.readouterr()
    assert said == code, captured.err
    return (captured.out + captured.err).splitlines()


def _office(capsys: pytest.CaptureFixture[str], db: str, unit: tuple[str, str]) -> None:
    _run(
        capsys,
        *("init", "--db", db, "--role", "district", "--unit-code", unit[0]),
        *("--unit-name", unit[1], "--district-code", "836"),
    )


def _rows(db: str, sql: str) -> list[tuple[object, ...]]:
    with Store(db) as store, store.reading() as con:
        return [tuple(r) for r in con.execute(text(sql))]


def test_an_import_says_and_writes_the_same_on_either_store(
    db_target: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    label = parse_target(db_target).label
    _office(capsys, db_target, BATRI)
    unions = fixture_copy(tmp_path, "unions.xlsx")
    members = fixture_copy(tmp_path, "members.xlsx")

    assert "Thêm mới: 5 công đoàn cơ sở." in _run(
        capsys, "import", "unions", str(unions), "--db", db_target
    )
    dry = _run(capsys, "import", "members", str(members), "--db", db_target, "--dry-run")
    assert dry[-1] == "Chạy thử (--dry-run): không ghi gì vào cơ sở dữ liệu."
    assert "Thêm mới: 6 đoàn viên." in dry
    assert _rows(db_target, "SELECT COUNT(*) FROM member") == [(0,)]

    done = _run(capsys, "import", "members", str(members), "--db", db_target)
    assert "Thêm mới: 6 đoàn viên." in done
    assert done[-1] == f"Đã nhập xong vào {label}."
    again = _run(capsys, "import", "members", str(members), "--db", db_target)
    assert "Giữ nguyên (đã có, không cập nhật): 6 đoàn viên." in again

    stored = _rows(db_target, "SELECT full_name, name_key, sort_key FROM member ORDER BY sort_key")
    assert len(stored) == 6
    assert all(row == tuple(name_columns(str(row[0])).values()) for row in stored)
    assert _rows(
        db_target, "SELECT kind, COUNT(*) FROM member_event GROUP BY kind ORDER BY kind"
    ) == [("admitted", 6)]
    imports = "SELECT COUNT(*) FROM audit_event WHERE action = 'import'"
    assert _rows(db_target, imports) == [(3,)]  # unions, members, members again; no dry run


def test_a_refused_import_writes_nothing_on_either_store(
    db_target: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    _office(capsys, db_target, BATRI)
    _run(capsys, "import", "unions", str(fixture_copy(tmp_path, "unions.xlsx")), "--db", db_target)
    sheet = tmp_path / "ds.csv"
    sheet.write_text(
        "Họ và tên,Giới tính,Ngày sinh,Ngày vào công đoàn,Công đoàn cơ sở\n"
        "Nguyễn Văn An,Nam,01/01/1990,01/01/2020,CĐCS Trường Tiểu học An Đức\n"
        "Trần Thị Bình,Nữ,31/02/1991,01/01/2020,CĐCS Trường Tiểu học An Đức\n",
        encoding="utf-8",
    )
    said = _run(capsys, "import", "members", str(sheet), "--db", db_target, code=1)
    assert any("dòng 3" in line for line in said), said
    assert _rows(db_target, "SELECT COUNT(*) FROM member") == [(0,)]


def test_an_office_merge_into_either_store_takes_the_other_file_whole(
    db_target: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    _office(capsys, db_target, BATRI)
    _run(capsys, "import", "unions", str(fixture_copy(tmp_path, "unions.xlsx")), "--db", db_target)
    closing = str(tmp_path / "thanhphu.sqlite")
    _office(capsys, closing, THANHPHU)
    _run(capsys, "import", "unions", str(fixture_copy(tmp_path, "unions.xlsx")), "--db", closing)
    _run(capsys, "import", "members", str(fixture_copy(tmp_path, "members.xlsx")), "--db", closing)

    said = _run(capsys, "office", "merge", closing, "--db", db_target)

    label = parse_target(db_target).label
    assert said[0] == f"Đã gộp sổ của {THANHPHU[0]} – {THANHPHU[1]} ({closing}) vào {label}:"
    assert "  Công đoàn cơ sở: 5" in said and "  Đoàn viên: 6" in said
    assert _rows(db_target, "SELECT COUNT(*) FROM grassroots_union") == [(10,)]
    # Each union taken over keeps its chairs as records, as the other office kept them.
    chairs = "SELECT id, union_id, chair_name, elected_on, ended_on FROM chair_term"
    brought = _rows(closing, chairs)
    assert brought and set(brought) <= set(_rows(db_target, chairs))
    ours = _rows(db_target, "SELECT id, full_name, name_key, sort_key, birth_date FROM member")
    theirs = _rows(closing, "SELECT id, full_name, name_key, sort_key, birth_date FROM member")
    assert sorted(ours) == sorted(theirs)  # same ids, names, keys and dates, as text on both
    assert _rows(db_target, "SELECT COUNT(*) FROM audit_event WHERE action = 'office_merge'") == [
        (1,)
    ]
    # Merged before: said so, nothing added.
    again = _run(capsys, "office", "merge", closing, "--db", db_target)
    assert again == [
        f"Sổ của {THANHPHU[0]} – {THANHPHU[1]} ({closing}) đã được gộp vào {label} trước đó: "
        "không có gì thay đổi."
    ]
    assert _rows(db_target, "SELECT COUNT(*) FROM member") == [(6,)]
