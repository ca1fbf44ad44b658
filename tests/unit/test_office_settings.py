"""The office's letterhead settings: checks, `uniondesk office show|set`, and what reports print."""

from __future__ import annotations

import sqlite3
from datetime import date
from pathlib import Path

import pytest

from desktop.app import main
from desktop.errors import UserError
from desktop.reports.catalogue import build_report, write_report
from desktop.services.office import init_office
from desktop.services.office_settings import (
    read_settings,
    recipient_lines,
    settings_problems,
    update_settings,
)
from tests.unit._report_checks import pdf_text


@pytest.fixture
def fresh(tmp_path: Path) -> Path:
    path = tmp_path / "office.sqlite"
    init_office(
        path, role="district", unit_code="LDLD-MCN", unit_name="Liên đoàn Lao động huyện Mỏ Cày Nam"
    )
    return path


def test_recipients_take_the_official_form_whatever_was_typed() -> None:
    assert recipient_lines(
        ["LĐLĐ tỉnh Bến Tre (b/c)", "- Thường trực Huyện ủy;", "  ", "• UBND huyện."]
    ) == (
        "- LĐLĐ tỉnh Bến Tre (b/c);",
        "- Thường trực Huyện ủy;",
        "- UBND huyện;",
        "- Lưu: VT.",
    )
    assert recipient_lines(["Lưu: VT, BTG.", "Như trên"]) == ("- Như trên;", "- Lưu: VT, BTG.")
    assert recipient_lines([]) == ("- Lưu: VT.",)


def test_each_problem_names_its_field() -> None:
    problems = settings_problems(
        {
            "unit_name": "  ",
            "doc_prefix": "LĐLĐ/BT",
            "signer_name": "A" * 121,
            "recipients": ";".join(f"Nơi {n}" for n in range(16)),
        }
    )
    assert problems == {
        "unit_name": "Tên đơn vị: không được để trống.",
        "doc_prefix": "Ký hiệu cơ quan trong số văn bản: «LĐLĐ/BT» không dùng được trong số văn "
        "bản (không có dấu «/» hay khoảng trắng); ví dụ LĐLĐ.",
        "signer_name": "Họ và tên người ký: dài 121 ký tự, tối đa 120 ký tự.",
        "recipients": "Nơi nhận: 16 nơi nhận, tối đa 15.",
    }


def test_a_refused_update_changes_nothing(fresh: Path) -> None:
    before = read_settings(fresh)
    with pytest.raises(UserError, match="Chức vụ người ký: không được để trống"):
        update_settings(fresh, {"signer_name": "Lê Văn Tám", "signer_title": ""})
    assert read_settings(fresh) == before


def test_office_set_then_show_and_the_pdf_prints_them(
    fresh: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert read_settings(fresh).signer_name == ""
    code = main(
        [
            "office", "set", "--db", str(fresh),
            "--signer-name", "Lê Văn Tám",
            "--signer-title", "Phó Chủ tịch",
            "--on-behalf", "KT. CHỦ TỊCH",
            "--doc-prefix", "LĐLĐ-MCN",
            "--recipients", "LĐLĐ tỉnh Bến Tre (b/c); Thường trực Huyện ủy Mỏ Cày Nam",
            "--place-name", "Mỏ Cày Nam",
            "--parent-body", "LĐLĐ tỉnh Bến Tre",
        ]
    )  # fmt: skip
    assert code == 0
    assert "Họ và tên người ký: Lê Văn Tám" in capsys.readouterr().out
    assert main(["office", "show", "--db", str(fresh)]) == 0
    shown = capsys.readouterr().out.splitlines()
    assert shown == [
        "Mã đơn vị: LDLD-MCN (district)",
        "Tên đơn vị: Liên đoàn Lao động huyện Mỏ Cày Nam",
        "Cơ quan cấp trên: LĐLĐ tỉnh Bến Tre",
        "Địa danh: Mỏ Cày Nam",
        "Ký hiệu cơ quan trong số văn bản: LĐLĐ-MCN",
        "Thẩm quyền ký (TM., KT., …): KT. CHỦ TỊCH",
        "Chức vụ người ký: Phó Chủ tịch",
        "Họ và tên người ký: Lê Văn Tám",
        "Nơi nhận:",
        "  - LĐLĐ tỉnh Bến Tre (b/c);",
        "  - Thường trực Huyện ủy Mỏ Cày Nam;",
        "  - Lưu: VT.",
    ]
    out = tmp_path / "bd.pdf"
    report = build_report(
        "member-movement", fresh, "2024-06", number="15", issued_on=date(2024, 7, 2)
    )
    write_report(report, out, "pdf")
    text = pdf_text(out)
    assert text.startswith(
        "LĐLĐ TỈNH BẾN TRE LIÊN ĐOÀN LAO ĐỘNG HUYỆN MỎ CÀY NAM Số: 15/BC-LĐLĐ-MCN"
    )
    assert "Mỏ Cày Nam, ngày 02 tháng 7 năm 2024" in text
    assert text.endswith(
        "Nơi nhận: - LĐLĐ tỉnh Bến Tre (b/c); - Thường trực Huyện ủy Mỏ Cày Nam; - Lưu: VT. "
        "KT. CHỦ TỊCH PHÓ CHỦ TỊCH Lê Văn Tám"
    )
    with sqlite3.connect(fresh) as con:
        audit = con.execute("SELECT action, detail FROM audit_event").fetchall()
    assert audit == [
        (
            "edit",
            "thông tin đơn vị: Cơ quan cấp trên, Địa danh, Ký hiệu cơ quan trong số văn bản, "
            "Thẩm quyền ký (TM., KT., …), Chức vụ người ký, Họ và tên người ký, Nơi nhận",
        )
    ]


def test_office_set_refuses_bad_values_with_exit_1(
    fresh: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["office", "set", "--db", str(fresh), "--place-name", " "]) == 1
    assert "Địa danh: không được để trống." in capsys.readouterr().err
    assert main(["office", "set", "--db", str(fresh)]) == 2
