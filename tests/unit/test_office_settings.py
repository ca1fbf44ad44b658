"""The office's letterhead settings: checks, `uniondesk office show|set`, and what reports print."""

from __future__ import annotations

import sqlite3
from datetime import date
from pathlib import Path

import openpyxl
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
from desktop.store import shared
from tests.unit._report_checks import pdf_text


@pytest.fixture
def fresh(tmp_path: Path) -> Path:
    path = tmp_path / "office.sqlite"
    init_office(
        shared(path),
        role="district",
        unit_code="LDLD-MCN",
        unit_name="Liên đoàn Lao động huyện Mỏ Cày Nam",
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
    before = read_settings(shared(fresh))
    with pytest.raises(UserError, match="Chức vụ người ký: không được để trống"):
        update_settings(shared(fresh), {"signer_name": "Lê Văn Tám", "signer_title": ""})
    assert read_settings(shared(fresh)) == before


def test_office_set_then_show_and_the_pdf_prints_them(
    fresh: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert read_settings(shared(fresh)).signer_name == ""
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
        "Loại đơn vị: Liên đoàn Lao động cấp huyện",  # a district office's kind unless told
        "Tên đơn vị: Liên đoàn Lao động huyện Mỏ Cày Nam",
        "Cơ quan cấp trên: LĐLĐ tỉnh Bến Tre",
        "Địa danh: Mỏ Cày Nam",
        "Mã huyện (danh mục hành chính): (trống)",
        "Mã tỉnh (danh mục từ 01/7/2025): (trống)",
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
        "member-movement", shared(fresh), "2024-06", number="15", issued_on=date(2024, 7, 2)
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
        audit = con.execute(
            "SELECT action, detail FROM audit_event WHERE record_table = ''"
        ).fetchall()
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


def _office_row(path: Path) -> tuple:
    with sqlite3.connect(path) as con:
        row = con.execute(
            "SELECT place_name, parent_body, district_code, province_code FROM office"
        ).fetchone()
    con.close()
    return row


def test_init_with_a_district_code_fills_the_place_and_the_parent_body(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    db = tmp_path / "batri.sqlite"
    base = ["init", "--db", str(db), "--role", "district", "--unit-code", "LDLD-BATRI"]
    name = ["--unit-name", "Liên đoàn Lao động huyện Ba Tri"]
    assert main([*base, *name, "--district-code", "836"]) == 0
    assert (
        "Theo mã huyện 836: địa danh «Ba Tri», cơ quan cấp trên «LĐLĐ tỉnh Bến Tre» (sửa bằng "
        "uniondesk office set)." in capsys.readouterr().out
    )
    assert _office_row(db) == ("Ba Tri", "LĐLĐ tỉnh Bến Tre", "836", "83")
    out = tmp_path / "bd.pdf"
    write_report(
        build_report(
            "member-movement", shared(db), "2024-06", number="3", issued_on=date(2024, 7, 2)
        ),
        out,
        "pdf",
    )
    assert pdf_text(out).startswith(
        "LĐLĐ TỈNH BẾN TRE LIÊN ĐOÀN LAO ĐỘNG HUYỆN BA TRI Số: 03/BC-LĐLĐ CỘNG HÒA XÃ HỘI CHỦ "
        "NGHĨA VIỆT NAM Độc lập - Tự do - Hạnh phúc Ba Tri, ngày 02 tháng 7 năm 2024"
    )
    # What the office gives itself wins over what the code would give.
    own = tmp_path / "own.sqlite"
    given = ["--place-name", "Thị trấn Ba Tri", "--parent-body", "LĐLĐ tỉnh BT"]
    assert main([*base[:2], str(own), *base[3:], *name, "--district-code", "836", *given]) == 0
    assert "Theo mã huyện" not in capsys.readouterr().out
    assert _office_row(own) == ("Thị trấn Ba Tri", "LĐLĐ tỉnh BT", "836", "83")


def test_office_set_district_code_sets_the_province_and_fills_what_is_empty(
    fresh: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert _office_row(fresh) == ("", "", "", "")
    assert main(["office", "set", "--db", str(fresh), "--district-code", "833"]) == 0
    out = capsys.readouterr().out
    assert "  Mã huyện (danh mục hành chính): 833 (Huyện Mỏ Cày Nam)" in out
    assert "  Địa danh: Mỏ Cày Nam" in out and "  Cơ quan cấp trên: LĐLĐ tỉnh Bến Tre" in out
    assert _office_row(fresh) == ("Mỏ Cày Nam", "LĐLĐ tỉnh Bến Tre", "833", "83")
    # A place name of the office's own stays when the district changes.
    update_settings(shared(fresh), {"place_name": "Mỏ Cày"})
    assert main(["office", "set", "--db", str(fresh), "--district-code", "836"]) == 0
    assert _office_row(fresh) == ("Mỏ Cày", "LĐLĐ tỉnh Bến Tre", "836", "83")
    capsys.readouterr()
    for bad in ("999", "83", "29110"):  # no such code, a province, a commune
        assert main(["office", "set", "--db", str(fresh), "--district-code", bad]) == 1
        assert capsys.readouterr().err.strip() == (
            f"Mã huyện (danh mục hành chính): «{bad}» không phải mã huyện, quận, thị xã hay "
            "thành phố thuộc tỉnh trong danh mục đơn vị hành chính (trước sắp xếp 2025); ví dụ "
            "836 là huyện Ba Tri, tỉnh Bến Tre."
        )
    assert _office_row(fresh) == ("Mỏ Cày", "LĐLĐ tỉnh Bến Tre", "836", "83")


def test_a_report_with_empty_settings_is_a_draft_said_so(
    fresh: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """No place name, no signer: the report is written (a draft may go out), with a warning
    that says how to fill them, and the date never follows a dangling comma."""
    out = tmp_path / "bd.pdf"
    argv = ["report", "member-movement", "--period", "2024-06", "--format", "pdf"]
    argv += ["--out", str(out), "--db", str(fresh), "--date", "02/07/2024"]
    assert main(argv) == 0
    err = capsys.readouterr().err
    assert (
        "Cảnh báo: thông tin đơn vị chưa có địa danh và họ và tên người ký, nên văn bản không "
        "có địa danh trước ngày tháng, không có tên người ký; chỉ dùng làm bản nháp. Hãy điền "
        f"bằng lệnh: uniondesk office set --db {fresh} --place-name … --signer-name …"
    ) in err
    text = pdf_text(out)
    assert "Độc lập - Tự do - Hạnh phúc Ngày 02 tháng 7 năm 2024 BÁO CÁO" in text
    assert ", ngày" not in text
    assert text.endswith("TM. BAN THƯỜNG VỤ CHỦ TỊCH")  # the name is left to be written in
    xlsx = tmp_path / "bd.xlsx"
    assert main([*argv[:5], "xlsx", "--out", str(xlsx), *argv[8:]]) == 0
    sheet = openpyxl.load_workbook(xlsx).active
    # No parent body: the number and the date stand on the row under the issuer's.
    assert "Ngày 02 tháng 7 năm 2024" in [c.value for c in sheet[3]]
    update_settings(shared(fresh), {"place_name": "Mỏ Cày Nam", "signer_name": "Lê Văn Tám"})
    capsys.readouterr()
    assert main(argv) == 0
    assert "Cảnh báo" not in capsys.readouterr().err
    assert "Mỏ Cày Nam, ngày 02 tháng 7 năm 2024" in pdf_text(out)
