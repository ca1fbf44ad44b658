"""Registry reports read back: the PDF's text and fonts, the workbook's cells and print set-up."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import openpyxl
import pytest
from pypdf import PdfReader

from desktop.app import main
from desktop.periods import parse_period
from desktop.reports.catalogue import build_report, write_report
from desktop.reports.content import BLANK_NUMBER, place_and_date
from desktop.services.movement import member_movement
from desktop.store import shared
from tests.unit._report_checks import pdf_text as _text
from tests.unit._report_checks import uncovered_characters


def test_place_and_date_leading_zeros() -> None:
    assert place_and_date("Ba Tri", date(2024, 4, 5)) == "Ba Tri, ngày 05 tháng 4 năm 2024"
    assert place_and_date("Ba Tri", date(2024, 1, 11)) == "Ba Tri, ngày 11 tháng 01 năm 2024"
    assert place_and_date("Ba Tri", date(2024, 12, 25)) == "Ba Tri, ngày 25 tháng 12 năm 2024"


def test_movement_of_the_small_district_by_hand(small_district: Path) -> None:
    m = member_movement(shared(small_district), date(2024, 5, 1), date(2024, 5, 31))
    rows = {r.union_name: r for r in m.rows}
    may = rows["CĐCS Công ty TNHH May Phú Lễ"]  # dissolved 31/05: two members go that day
    assert (may.opening, may.transferred_out, may.left, may.closing) == (2, 1, 1, 0)
    assert (m.total.opening, m.total.closing, m.total.women) == (8, 6, 3)
    year = member_movement(shared(small_district), date(2024, 1, 1), date(2024, 12, 31))
    t = year.total
    assert (t.opening, t.admitted, t.transferred_in, t.transferred_out, t.left, t.closing) == (
        6,
        4,
        1,
        1,
        2,
        8,
    )
    assert all(r.balanced for r in year.rows) and t.balanced


def test_member_movement_pdf_has_the_official_layout(tmp_path: Path, small_district: Path) -> None:
    out = tmp_path / "bien-dong.pdf"
    assert (
        main(
            [
                "report",
                "member-movement",
                "--period",
                "2024",
                "--format",
                "pdf",
                "--out",
                str(out),
                "--db",
                str(small_district),
                "--number",
                "12",
                "--date",
                "05/01/2025",
            ]
        )
        == 0
    )
    text = _text(out)
    for line in (
        "LĐLĐ TỈNH BẾN TRE",
        "LIÊN ĐOÀN LAO ĐỘNG HUYỆN THẠNH PHÚ",
        "Số: 12/BC-LĐLĐ",
        "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
        "Độc lập - Tự do - Hạnh phúc",
        "Thạnh Phú, ngày 05 tháng 01 năm 2025",
        "BÁO CÁO",
        "Biến động đoàn viên năm 2024",
        "Nơi nhận:",
        "- Lưu: VT.",
        "TM. BAN THƯỜNG VỤ",
        "CHỦ TỊCH",
    ):
        assert line in text, line
    # The closing: recipients at left, then the signature block ending with the signer's name.
    assert text.endswith(
        "Nơi nhận: - LĐLĐ tỉnh Bến Tre; - Thường trực Huyện ủy Thạnh Phú; - Lưu: VT. "
        "TM. BAN THƯỜNG VỤ CHỦ TỊCH Nguyễn Văn Hùng"
    )
    assert "(1) (2) (3) (4) (5) (6) (7) (8) (9)" in text
    assert "Tổng cộng 6 4 1 1 2 8" in text


def test_every_font_is_embedded_and_covers_the_text(tmp_path: Path, small_district: Path) -> None:

    out = tmp_path / "ds.pdf"
    report = build_report(
        "member-list", shared(small_district), "2024-12", issued_on=date(2025, 1, 5)
    )
    write_report(report, out, "pdf")
    reader = PdfReader(out)
    for page in reader.pages:
        for font in page["/Resources"]["/Font"].values():
            font = font.get_object()
            assert font["/Subtype"] == "/TrueType", font["/BaseFont"]
            descriptor = font["/FontDescriptor"].get_object()
            assert "/FontFile2" in descriptor, font["/BaseFont"]
            # Every character drawn has a glyph: the subset maps it back through /ToUnicode.
            assert "/ToUnicode" in font
    text = _text(out)
    assert "\x00" not in text  # what a character without a glyph reads back as
    assert uncovered_characters(out) == set()
    for name in ("Nguyễn Văn Đức", "Trần Thị Hòa", "Huỳnh Văn Ấn", "Võ Thị Thủy"):
        assert name in text


def test_the_coverage_check_catches_a_character_the_font_lacks(tmp_path: Path) -> None:
    from desktop.reports.content import Paragraph, Report
    from desktop.reports.pdf import write_pdf

    out = tmp_path / "x.pdf"
    body = Paragraph("Tiếng Việt đủ dấu: ỹ Ỹ ự Ự; nhưng ☃ và 漢 thì không có trong phông.")
    write_pdf(Report("t", "BÁO CÁO", "Thử phông", _head(), (body,)), out)
    assert uncovered_characters(out) == {"\x00"}  # both read back as U+0000
    assert "\x00" in _text(out)


def test_union_list_workbook_cells(tmp_path: Path, small_district: Path) -> None:
    out = tmp_path / "cdcs.xlsx"
    report = build_report(
        "union-list", shared(small_district), "2024-12", number="7", issued_on=date(2025, 1, 5)
    )
    write_report(report, out, "xlsx")
    ws = openpyxl.load_workbook(out).active
    assert ws["A1"].value == "LĐLĐ TỈNH BẾN TRE"
    # The issuer, and under it the short line (a run of "_" in the same cell).
    issuer, rule = ws["A2"].value.split("\n")
    assert issuer == "LIÊN ĐOÀN LAO ĐỘNG HUYỆN THẠNH PHÚ" and ws["A2"].font.b
    assert set(rule) == {"_"}
    assert ws["A3"].value == "Số: 07/DS-LĐLĐ"  # a list is a DANH SÁCH: DS; 7 takes a zero
    assert ws["A5"].value == "DANH SÁCH"
    assert ws["A8"].value == "STT" and ws["B8"].value == "Công đoàn cơ sở"
    assert [ws.cell(row=9, column=c).value for c in range(1, 9)] == [f"({n})" for n in range(1, 9)]
    assert ws.freeze_panes == "A10"
    assert ws.print_title_rows == "$8:$9"
    assert int(ws.page_setup.paperSize) == 9  # A4
    assert ws.page_setup.orientation == "landscape"
    assert ws.page_setup.fitToWidth == 1
    names = [ws.cell(row=r, column=2).value for r in range(10, 13)]
    assert names == [
        "CĐCS Công ty TNHH Thủy sản Đông Hải",
        "CĐCS Trường THCS Thạnh Phong",
        "CĐCS Ủy ban nhân dân xã An Điền",
    ]
    assert [ws.cell(row=r, column=6).value for r in range(10, 14)] == [3, 3, 2, 8]
    assert ws.cell(row=10, column=6).number_format == "#,##0"
    assert ws.cell(row=11, column=8).value == "Tốt"


def _head(number: str = "1"):  # type: ignore[no-untyped-def]
    from desktop.reports.content import Letterhead

    return Letterhead(
        "LĐLĐ tỉnh",
        "LĐLĐ huyện",
        number,
        "LĐLĐ",
        "Ba Tri",
        date(2024, 1, 1),
        "TM. BAN THƯỜNG VỤ",
        "CHỦ TỊCH",
        "Tên",
        ("- Lưu: VT.",),
    )


def test_text_that_looks_like_a_formula_stays_text(tmp_path: Path) -> None:
    from desktop.reports.content import Column, Report, Table
    from desktop.reports.xlsx import write_xlsx

    head = _head()
    table = Table(
        (Column("Tên", 40), Column("CCCD", 30)),
        (("=SUM(A1:A9)", "083080123456"), ("+84 90", "001190000001"), ("@x", "-1")),
    )
    out = tmp_path / "f.xlsx"
    write_xlsx(Report("t", "DANH SÁCH", "Thử", head, (table,)), out)
    ws = openpyxl.load_workbook(out).active
    values = [
        (ws.cell(row=r, column=1).value, ws.cell(row=r, column=2).value) for r in (10, 11, 12)
    ]
    assert values == [("=SUM(A1:A9)", "083080123456"), ("+84 90", "001190000001"), ("@x", "-1")]
    assert all(ws.cell(row=r, column=1).data_type == "s" for r in (10, 11, 12))


def test_a_blank_number_keeps_room_to_write_it_in(tmp_path: Path, small_district: Path) -> None:
    """Without --number the clerk writes the number by hand: ten non-breaking spaces stay."""
    for name, kind in (("member-movement", "BC"), ("member-list", "DS")):
        report = build_report(name, shared(small_district), "2024", issued_on=date(2025, 1, 5))
        pdf, xlsx = tmp_path / f"{name}.pdf", tmp_path / f"{name}.xlsx"
        write_report(report, pdf, "pdf")
        write_report(report, xlsx, "xlsx")
        expected = f"Số: {BLANK_NUMBER}/{kind}-LĐLĐ"
        assert BLANK_NUMBER == "\u00a0" * 10
        # Drawn as eleven spaces' room (plain spaces would collapse to one: "Số: /BC-LĐLĐ").
        assert f"Số:{' ' * 11}/{kind}-LĐLĐ" in PdfReader(pdf).pages[0].extract_text()
        assert openpyxl.load_workbook(xlsx).active["A3"].value == expected


def test_every_report_title_has_its_document_kind(small_district: Path) -> None:
    from desktop.reports.catalogue import REPORTS
    from desktop.services.progress import ensure_programme

    ensure_programme(shared(small_district), 2024)
    kinds = {}
    for name in REPORTS:
        period = "2024-06" if name == "monthly-progress" else "2024"
        report = build_report(name, shared(small_district), period, number="4")
        kinds[name] = report.number_line
    assert kinds == {
        "monthly-progress": "Số: 04/BC-LĐLĐ",
        "member-movement": "Số: 04/BC-LĐLĐ",
        "member-list": "Số: 04/DS-LĐLĐ",
        "union-list": "Số: 04/DS-LĐLĐ",
        "mid-year-review": "Số: 04/BC-LĐLĐ",
        "year-end-review": "Số: 04/BC-LĐLĐ",
    }


def test_member_list_dates_are_real_dates_in_excel(tmp_path: Path, small_district: Path) -> None:
    out = tmp_path / "ds.xlsx"
    write_report(build_report("member-list", shared(small_district), "2024-12"), out, "xlsx")
    ws = openpyxl.load_workbook(out).active
    rows = {ws.cell(row=r, column=2).value: r for r in range(10, ws.max_row + 1)}
    r = rows["Trần Thị Hòa"]
    born, joined = ws.cell(row=r, column=4), ws.cell(row=r, column=8)
    assert (born.value.date(), joined.value.date()) == (date(1990, 1, 1), date(2024, 3, 15))
    assert born.number_format == joined.number_format == "dd/mm/yyyy"
    assert ws.cell(row=r, column=5).value == "083190000001"
    assert ws.cell(row=r, column=5).number_format == "@"


def test_percentages_in_excel_carry_no_float_noise(tmp_path: Path) -> None:
    from desktop.reports.content import Column, Report, Table, Typed
    from desktop.reports.xlsx import write_xlsx

    table = Table(
        (Column("Mã", 10), Column("Giá trị", 20, "int")),
        (("a", 83.2), ("b", Typed(83.2, "percent")), ("c", Typed(0.89, "decimal"))),
    )
    out = tmp_path / "p.xlsx"
    write_xlsx(Report("t", "BÁO CÁO", "Thử", _head(), (table,)), out)
    ws = openpyxl.load_workbook(out).active
    cells = [ws.cell(row=r, column=2) for r in (10, 11, 12)]
    assert [(c.value, c.number_format) for c in cells] == [
        (83.2, "#,##0"),
        (0.832, "0.0%"),  # 83.2 / 100 is 0.8320000000000001 unrounded
        (0.89, "#,##0.00"),
    ]


@pytest.mark.parametrize("bad", ["2024-13", "24-06", "13/2024", "tháng 13/2024", ""])
def test_bad_period_is_refused_in_vietnamese(bad: str) -> None:
    from desktop.errors import UserError

    with pytest.raises(UserError, match="không hợp lệ"):
        parse_period(bad)
