"""The document layout read back from the files: page numbers, margins, repeated headers that say
whose rows continue, the closing kept with the body, Nơi nhận's font, and the workbook's print
set-up (DESIGN.md, Reports; Decree 30/2020 Appendix I)."""

from __future__ import annotations

import re
from datetime import date
from pathlib import Path

import openpyxl
import pytest
from pypdf import PdfReader
from reportlab.lib.units import mm
from reportlab.pdfbase.pdfmetrics import stringWidth

from desktop.demo import generate_demo
from desktop.reports.catalogue import build_report, write_report
from desktop.reports.content import Column, Letterhead, Paragraph, Report, Table
from desktop.reports.fonts import register_fonts
from desktop.reports.pdf import write_pdf
from desktop.store import shared
from tests.unit._report_checks import line_box, text_runs


@pytest.fixture(scope="module")
def pdfs(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """The demo's member list (34 landscape pages) and June report (2 portrait pages)."""
    folder = tmp_path_factory.mktemp("layout")
    demo = folder / "demo.sqlite"
    generate_demo(demo, members=800, seed=5)
    made = {}
    for name, period in (("member-list", "2024-12"), ("monthly-progress", "2024-06")):
        made[name] = folder / f"{name}.pdf"
        report = build_report(name, shared(demo), period, issued_on=date(2025, 1, 5))
        write_report(report, made[name], "pdf")
        if name == "member-list":
            made["xlsx"] = folder / "member-list.xlsx"
            write_report(report, made["xlsx"], "xlsx")
    return made


def _page_text(pdf: Path, page: int) -> str:
    return " ".join(PdfReader(pdf).pages[page].extract_text().split())


@pytest.mark.parametrize("name", ["member-list", "monthly-progress"])
def test_page_numbers_are_centred_at_the_top_from_page_two(
    pdfs: dict[str, Path], name: str
) -> None:
    family = register_fonts()
    reader = PdfReader(pdfs[name])
    assert len(reader.pages) >= 2
    for index, page in enumerate(reader.pages):
        width, height = float(page.mediabox.width), float(page.mediabox.height)
        top = [r for r in text_runs(pdfs[name], index) if r.y > height - 20 * mm]
        numbers = [r for r in top if r.text.isdigit()]
        if index == 0:
            assert numbers == [], "page 1 carries no number"
            continue
        assert [r.text for r in numbers] == [str(index + 1)]
        number = numbers[0]
        drawn = stringWidth(number.text, f"{family}-Regular", number.size)
        assert number.x + drawn / 2 == pytest.approx(width / 2, abs=0.5)  # centred
        assert height - number.y == pytest.approx(12 * mm, abs=0.5)  # in the top margin


@pytest.mark.parametrize("name", ["member-list", "monthly-progress"])
def test_every_page_keeps_the_margins(pdfs: dict[str, Path], name: str) -> None:
    """Left 30–35 mm, right 15–20 mm, top and bottom 20–25 mm, measured on the table grids."""
    reader = PdfReader(pdfs[name])
    bottoms = []
    for index, page in enumerate(reader.pages):
        width, height = float(page.mediabox.width), float(page.mediabox.height)
        body = [r for r in text_runs(pdfs[name], index) if r.y < height - 20 * mm]
        assert body and all(30 * mm - 0.5 <= r.x < width - 15 * mm for r in body), index
        assert all(r.y >= 20 * mm for r in body), index
        box = line_box(pdfs[name], index)
        if box is None:  # a page of paragraphs only
            continue
        left, bottom, right, top = box
        assert 30 * mm - 0.5 <= left <= 35 * mm, (index, left / mm)
        assert 15 * mm - 0.5 <= width - right <= 20 * mm, (index, (width - right) / mm)
        assert height - top >= 20 * mm and bottom >= 20 * mm, (index, top, bottom)
        if index:  # a continuation page starts at the top of the frame
            assert height - top <= 25 * mm, (index, (height - top) / mm)
        bottoms.append(bottom)
    if name == "member-list":  # full pages run down to the bottom margin
        assert min(bottoms) <= 25 * mm


def test_a_continued_union_is_named_in_the_repeated_header(pdfs: dict[str, Path]) -> None:
    pdf = pdfs["member-list"]
    header = "STT Họ và tên Giới tính Ngày sinh Số CCCD Số thẻ Công việc Ngày vào CĐ (1) (2) (3)"
    first = _page_text(pdf, 0)
    assert "Công đoàn cơ sở Công ty TNHH Bao bì Sao Mai (76 đoàn viên) " + header in first
    assert "(tiếp theo)" not in first
    assert _page_text(pdf, 1).startswith(
        "2 Công đoàn cơ sở Công ty TNHH Bao bì Sao Mai (tiếp theo) " + header + " (4) (5) (6) "
        "(7) (8) 16 Nguyễn Thu Hiền"
    )
    union = ""
    for index in range(len(PdfReader(pdf).pages)):
        text = _page_text(pdf, index)
        starts = re.findall(r"(Công đoàn cơ sở [^()]+?) \([\d.]+ đoàn viên\) STT", text)
        if index:
            continued = re.match(rf"{index + 1} (.+?) \(tiếp theo\) {re.escape(header)}", text)
            opens = re.match(rf"{index + 1} Công đoàn cơ sở .+? \([\d.]+ đoàn viên\) STT", text)
            assert continued or opens, text[:200]
            if continued:
                assert continued.group(1) == union, index  # the union the last page left off
        if starts:
            union = starts[-1]


def test_the_targets_header_repeats_on_page_two(pdfs: dict[str, Path]) -> None:
    assert _page_text(pdfs["monthly-progress"], 1).startswith(
        "2 Mã Chỉ tiêu Chỉ tiêu tỉnh Chỉ tiêu giao Trong tháng Lũy kế năm % chỉ tiêu giao "
        "(1) (2) (3) (4) (5) (6) (7) "
    )


@pytest.mark.parametrize("name", ["member-list", "monthly-progress"])
def test_noi_nhan_is_bold_italic_12_pt(pdfs: dict[str, Path], name: str) -> None:
    last = len(PdfReader(pdfs[name]).pages) - 1
    runs = {r.text: r for r in text_runs(pdfs[name], last)}
    heading, archive = runs["Nơi nhận:"], runs["- Lưu: VT."]
    assert (heading.font, heading.size) == ("LiberationSerif-BoldItalic", 12.0)
    assert (archive.font, archive.size) == ("LiberationSerif", 11.0)
    assert runs["TM. BAN THƯỜNG VỤ"].font == "LiberationSerif-Bold"
    assert heading.x == pytest.approx(30 * mm, abs=0.5)  # bottom left, on the margin


def _head() -> Letterhead:
    return Letterhead(
        "LĐLĐ tỉnh Bến Tre",
        "Liên đoàn Lao động huyện Ba Tri",
        "1",
        "LĐLĐ",
        "Ba Tri",
        date(2024, 7, 5),
        "TM. BAN THƯỜNG VỤ",
        "CHỦ TỊCH",
        "Nguyễn Văn A",
        ("- LĐLĐ tỉnh Bến Tre;", "- Lưu: VT."),
    )


def _closing_page(pdf: Path) -> str:
    reader = PdfReader(pdf)
    return " ".join(reader.pages[-1].extract_text().split())


def test_the_closing_never_stands_alone_after_a_table(tmp_path: Path) -> None:
    """Whatever the number of rows, the page with Nơi nhận also has the table's last rows."""
    columns = (Column("STT", 15, "int"), Column("Tên", 80), Column("Số", 30, "int"))
    alone = 0
    for count in range(20, 60):
        rows = tuple((n, f"Dòng số {n}", n * 10) for n in range(1, count + 1))
        out = tmp_path / f"t{count}.pdf"
        write_pdf(Report("t", "BÁO CÁO", "Thử", _head(), (Table(columns, rows),)), out)
        page = _closing_page(out)
        assert "Nơi nhận:" in page and "Nguyễn Văn A" in page
        assert f"Dòng số {count} " in page, count
        if len(PdfReader(out).pages) > 1 and page.split(" ")[1] == "STT":
            alone += 1  # the rows came over under the repeated header
    assert alone, "some row count puts the closing at the top of a new page"


def test_the_closing_never_stands_alone_after_the_last_paragraph(tmp_path: Path) -> None:
    text = "Nội dung báo cáo của đơn vị trong tháng, đủ dài để xuống dòng nhiều lần. " * 4
    for count in range(8, 20):
        blocks = tuple(Paragraph(f"Đoạn {n}. {text}") for n in range(1, count + 1))
        out = tmp_path / f"p{count}.pdf"
        write_pdf(Report("t", "BÁO CÁO", "Thử", _head(), blocks), out)
        page = _closing_page(out)
        assert "Nơi nhận:" in page and f"Đoạn {count}. " in page, count


def test_the_workbook_fits_the_page_width_with_columns_that_fit(pdfs: dict[str, Path]) -> None:
    ws = openpyxl.load_workbook(pdfs["xlsx"]).active
    assert ws.sheet_properties.pageSetUpPr.fitToPage is True  # else Excel ignores fitToWidth
    assert (ws.page_setup.fitToWidth, ws.page_setup.fitToHeight) == (1, 0)  # pages run down
    assert ws.page_setup.orientation == "landscape"
    assert ws.print_title_rows == "$8:$9"
    widths = {letter: ws.column_dimensions[letter].width for letter in "ABCDEFGH"}
    # Dates and numbers never wrap: a column narrower than its text prints ####.
    longest: dict[str, int] = {}
    for row in ws.iter_rows(min_row=10):
        for cell in row:
            if cell.number_format == "dd/mm/yyyy" and cell.value is not None:
                longest[cell.column_letter] = max(longest.get(cell.column_letter, 0), 10)
            elif cell.number_format == "#,##0" and isinstance(cell.value, int):
                shown = len(f"{cell.value:,}")
                longest[cell.column_letter] = max(longest.get(cell.column_letter, 0), shown)
    assert set(longest) >= {"A", "D", "H"}
    for letter, chars in longest.items():
        assert widths[letter] >= chars + 1, (letter, widths[letter], chars)
    assert widths["E"] >= 13  # a 12-digit citizen ID on one line
    assert widths["B"] >= 20  # a full name on one line
