"""`uniondesk init` and `uniondesk check` as scripts call them: output and exit status."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from desktop.app import main


def test_init_creates_the_office_and_refuses_a_second_time(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    db = tmp_path / "batri.sqlite"
    args = [
        "init",
        "--db",
        str(db),
        "--role",
        "district",
        "--unit-code",
        "BT-BATRI",
        "--unit-name",
        "Liên đoàn Lao động huyện Ba Tri",
        "--place-name",
        "Ba Tri",
    ]
    assert main(args) == 0
    row = sqlite3.connect(db).execute("SELECT role, code, name, place_name FROM office").fetchall()
    assert row == [("district", "BT-BATRI", "Liên đoàn Lao động huyện Ba Tri", "Ba Tri")]
    keys = sqlite3.connect(db).execute("SELECT own, active, fingerprint FROM unit_key").fetchall()
    assert len(keys) == 1 and keys[0][:2] == (1, 1)
    assert f"Dấu vân tay: {keys[0][2]}" in capsys.readouterr().out

    assert main(args) == 1
    err = capsys.readouterr().err
    assert "đã là cơ sở dữ liệu của đơn vị BT-BATRI" in err
    assert sqlite3.connect(db).execute("SELECT COUNT(*) FROM office").fetchone()[0] == 1


def test_init_usage_errors_exit_2(tmp_path: Path) -> None:
    with pytest.raises(SystemExit) as exc:
        main(
            [
                "init",
                "--db",
                str(tmp_path / "x.sqlite"),
                "--role",
                "county",
                "--unit-code",
                "X",
                "--unit-name",
                "Y",
            ]
        )
    assert exc.value.code == 2
    with pytest.raises(SystemExit) as exc:
        main(["no-such-command"])
    assert exc.value.code == 2


def test_blank_unit_name_is_refused(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    db = tmp_path / "blank.sqlite"
    assert (
        main(
            [
                "init",
                "--db",
                str(db),
                "--role",
                "province",
                "--unit-code",
                "83",
                "--unit-name",
                "  ",
            ]
        )
        == 1
    )
    assert "--unit-name" in capsys.readouterr().err


def test_check_on_a_healthy_database(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    db = tmp_path / "ok.sqlite"
    main(["init", "--db", str(db), "--role", "district", "--unit-code", "A", "--unit-name", "B"])
    capsys.readouterr()
    assert main(["check", "--db", str(db)]) == 0
    out = capsys.readouterr().out
    assert "Không phát hiện lỗi." in out
    assert "Đoàn viên đang sinh hoạt: 0" in out


def test_check_reports_inconsistency_and_exits_1(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    db = tmp_path / "bad.sqlite"
    main(["init", "--db", str(db), "--role", "district", "--unit-code", "A", "--unit-name", "B"])
    with sqlite3.connect(db) as con:
        con.execute(
            "INSERT INTO grassroots_union (id, name, name_key, sector, kind, employer_type, "
            "commune_code, address, phone, workforce_total, workforce_women, dissolved_on, "
            "dissolved_reason, chair_name, note, created_at, updated_at) VALUES ('u1', "
            "'CĐCS Công ty Cổ phần Thủy sản Ba Tri', '', 'non_state', 'workplace', "
            "'private_enterprise', '', '', '', 10, 5, '2024-06-30', 'Doanh nghiệp giải thể', '', '', "
            "'2024-01-01', '2024-01-01')"
        )
        con.execute(
            "INSERT INTO member (id, union_id, full_name, name_key, sort_key, gender, citizen_id, "
            "card_number, phone, ethnicity, job_title, status, note, created_at, updated_at) VALUES "
            "('m1', 'u1', 'Phạm Văn Lộc', '', '', 'male', '08308012345', '', '', 'Kinh', '', "
            "'active', '', '2024-01-01', '2024-01-01')"
        )
    capsys.readouterr()
    assert main(["check", "--db", str(db)]) == 1
    out = capsys.readouterr().out
    assert "[LỖI] Số CCCD không đủ 12 chữ số: 1" in out
    assert "Phạm Văn Lộc (08308012345)" in out
    assert "[LỖI] Đoàn viên đang sinh hoạt thuộc CĐCS đã giải thể hoặc đã xoá: 1" in out
    assert "[CẢNH BÁO] Đoàn viên chưa có biến động kết nạp" in out


def test_check_missing_file_exits_1(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["check", "--db", str(tmp_path / "none.sqlite")]) == 1
    assert "Không tìm thấy cơ sở dữ liệu" in capsys.readouterr().err
