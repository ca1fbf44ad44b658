"""`province-summary`: every office side by side with the province totals, read back from the
PDF (pdftotext) and the workbook (openpyxl), and the command line's answers."""

from __future__ import annotations

import subprocess
from dataclasses import dataclass
from datetime import date
from pathlib import Path

import openpyxl
import pytest
from openpyxl.cell.cell import MergedCell
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet

from desktop.app import main
from desktop.reports.content import Letterhead
from desktop.reports.province_summary import (
    MISSING,
    SummaryReport,
    split_offices,
    summary_from,
)
from desktop.reports.province_summary_pdf import write_summary_pdf
from desktop.reports.province_summary_xlsx import write_summary_xlsx
from desktop.services.progress import TargetProgress
from tests.unit._report_checks import uncovered_characters
from tests.unit._sync_fixtures import (
    BOTH_STORES,
    DISTRICT,
    Exchange,
    exchange_for,
    memory_keyring,
)

__all__ = ["memory_keyring"]  # a fixture

HEAD = Letterhead(
    parent_body="Tổng Liên đoàn Lao động Việt Nam",
    issuer="Liên đoàn Lao động tỉnh Bến Tre",
    registry_number="7",
    doc_prefix="LĐLĐ",
    place="Bến Tre",
    issued_on=date(2024, 7, 5),
    signer_on_behalf="TM. Ban Thường vụ",
    signer_title="Chủ tịch",
    signer_name="Nguyễn Văn Hùng",
    recipients=("- Tổng LĐLĐ Việt Nam;", "- Lưu: VT."),
)


# The shapes of desktop.services.province_figures (contract): the layout is tested on figures
# chosen here; the figures themselves in test_the_command_prints_side_by_side_figures.
@dataclass(frozen=True)
class OfficeColumn:
    code: str
    name: str
    latest_period: str | None
    missing: bool


@dataclass(frozen=True)
class SideBySideRow:
    code: str
    name: str
    unit: str
    method: str
    quota: float | None
    by_office: dict[str, TargetProgress | None]
    province: TargetProgress
    units_counted: int


@dataclass(frozen=True)
class SideBySide:
    period: str
    programme_title: str
    programme_missing: bool
    offices: tuple[OfficeColumn, ...]
    rows: tuple[SideBySideRow, ...]
    missing_units: tuple[str, ...]


def _progress(
    unit: str, month: float | None, ytd: float | None, pct: float | None = None, scope: str = ""
) -> TargetProgress:
    return TargetProgress("", "", unit, "", scope, "", None, month, ytd, pct, "linear")


TARGETS = (
    ("1a", "Tỷ lệ người lao động được tuyên truyền pháp luật", "percent", 90.0),
    ("2a", "Kết nạp đoàn viên mới", "count", 9000.0),
    ("5", "Đoàn viên giới thiệu cho Đảng bình quân mỗi CĐCS", "ratio", 1.5),
    ("6a", "Công đoàn cấp trên cơ sở xếp loại tốt", "percent", 85.0),
)


# More targets, as the real programme has: a part then runs over a page.
MORE = tuple(
    (f"9{c}", f"Chỉ tiêu thêm số {c} của chương trình", "count", 100.0) for c in "bcdefghijkl"
)


def figures(
    offices: int,
    missing: tuple[int, ...] = (1,),
    targets: tuple[tuple[str, str, str, float], ...] = TARGETS,
) -> SideBySide:
    """`offices` offices (codes 800, 801, …), those in `missing` last sent March."""
    columns = tuple(
        OfficeColumn(
            f"8{i:02d}",
            f"LĐLĐ huyện Thứ {i}",
            "2024-03" if i in missing else "2024-06",
            i in missing,
        )
        for i in range(offices)
    )
    rows = []
    for k, (code, name, unit, quota) in enumerate(targets):
        by: dict[str, TargetProgress | None] = {}
        for i, office in enumerate(columns):
            own = code == "6a" or office.missing  # 6a: the province's own target
            by[office.code] = None if own else _progress(unit, 10.0 * i + k, 1000.0 * i + 7)
        scope = "province" if code == "6a" else "upper_union"
        total = _progress(unit, 123.0 + k, 12345.0 + k, 45.6 + k, scope)
        rows.append(SideBySideRow(code, name, unit, "", quota, by, total, offices - len(missing)))
    return SideBySide(
        "2024-06",
        "Chương trình công tác năm 2024",
        False,
        columns,
        tuple(rows),
        tuple(c.code for c in columns if c.missing),
    )


def pdftotext(pdf: Path, mode: str = "-layout") -> list[str]:
    """The PDF's pages as text, each laid out as printed (-layout) or in drawing order (-raw)."""
    out = subprocess.run(
        ["pdftotext", mode, "-enc", "UTF-8", str(pdf), "-"],
        capture_output=True,
        check=True,
        text=True,
    ).stdout
    return out.split("\f")


def row_text(page: str, code: str) -> str:
    """The table row that starts with target `code` on a page, its words one space apart."""
    for line in page.splitlines():
        words = line.split()
        if words and words[0] == code:
            return " ".join(words)
    raise AssertionError(f"no row {code}")


def _written(report: SummaryReport, tmp_path: Path, fmt: str) -> Path:
    out = tmp_path / f"tong-hop.{fmt}"
    (write_summary_pdf if fmt == "pdf" else write_summary_xlsx)(report, out)
    return out


@pytest.mark.parametrize("count", [1, 3, 4, 9, 15, 30])
def test_offices_are_split_into_parts_that_fit_the_page(count: int) -> None:
    parts = split_offices(count)
    assert sum(size for size, _ in parts) == count
    assert [total for _, total in parts] == [False] * (len(parts) - 1) + [True]
    assert all(size <= 4 for size, _ in parts) and parts[-1][0] <= 3
    assert max(s for s, _ in parts) - min(s for s, _ in parts[:-1] or parts) <= 1
    assert len(parts) == {1: 1, 3: 1, 4: 2, 9: 3, 15: 4, 30: 8}[count]


def test_the_pdf_puts_each_office_beside_the_province_total(tmp_path: Path) -> None:
    pdf = _written(summary_from(figures(3), HEAD), tmp_path, "pdf")
    pages = pdftotext(pdf)
    first = pages[0]
    # Code, name, unit, province quota; office 800 (month, year to date); 801 missing; 802;
    # the province (month, year to date, % of its quota).
    assert row_text(first, "2a") == (
        "2a Kết nạp đoàn viên mới Số lượng 9.000 1 7 Chưa gửi 21 2.007 124 12.346 46,6 %"
    )
    assert row_text(first, "5") == (
        "5 Bình quân 1,50 2,00 7,00 Chưa gửi 22,00 2.007,00 125,00 12.347,00 47,6 %"
    )
    # The province's own target: the offices that sent June do not report it.
    assert row_text(first, "6a") == ("6a Tỷ lệ % 85 % - - Chưa gửi - - 126 % 12.348 % 48,6 %")
    text = " ".join(" ".join(pages).split())
    assert "Số: 07/BC-LĐLĐ" in text and "Bến Tre, ngày 05 tháng 7 năm 2024" in text
    assert (
        "Tổng hợp kết quả thực hiện chương trình công tác công đoàn của các đơn vị tháng 6/2024"
        in text
    )
    assert "2/3 đơn vị đã gửi số liệu tháng 6/2024" in text
    assert (
        "Đơn vị chưa gửi số liệu tháng 06/2024: LĐLĐ huyện Thứ 1 (801, mới gửi đến tháng "
        "03/2024)." in text
    )
    assert "Chỉ tiêu 6a là chỉ tiêu của cấp tỉnh: số toàn tỉnh tính từ hồ sơ của LĐLĐ tỉnh" in text
    assert uncovered_characters(pdf) == set()


def test_many_offices_continue_in_parts_with_the_header_repeated(tmp_path: Path) -> None:
    report = summary_from(figures(9, missing=(4,), targets=TARGETS + MORE), HEAD)
    assert [p.offices for p in report.parts] == [(0, 1, 2), (3, 4, 5), (6, 7, 8)]
    assert [p.total for p in report.parts] == [False, False, True]
    pdf = _written(report, tmp_path, "pdf")
    pages = [" ".join(page.split()) for page in pdftotext(pdf, "-raw")]
    text = " ".join(pages)
    assert "Phần 1/3: đơn vị thứ 1 đến 3" in text
    assert "Phần 2/3: đơn vị thứ 4 đến 6" in text
    assert "Phần 3/3: đơn vị thứ 7 đến 9 và toàn tỉnh" in text
    for i in range(9):
        assert f"LĐLĐ huyện Thứ {i}" in text
    # Part 3 runs over a page: its caption says so, its header and offices are there again.
    continued = [p for p in pages if "Phần 3/3: đơn vị thứ 7 đến 9 và toàn tỉnh (tiếp theo)" in p]
    assert len(continued) == 1
    assert all(f"LĐLĐ huyện Thứ {i}" in continued[0] for i in (6, 7, 8))
    assert "Chỉ tiêu tỉnh" in continued[0] and "Toàn tỉnh" in continued[0]
    assert "(1) (2) (3) (4) (5) (6) (7) (8) (9) (10) (11) (12) (13)" in continued[0]
    # Each part holds every target once: no row is lost or split between pages.
    assert sum(page.count("Kết nạp đoàn viên mới") for page in pages) == 3
    assert sum(page.count("Chỉ tiêu thêm số l") for page in pages) == 3
    # The part without office 804's June says so in its place, never another month's figures.
    layout = pdftotext(pdf)
    part_two = next(page for page in layout if "Phần 2/3" in " ".join(page.split()))
    assert row_text(part_two, "2a") == (
        "2a Kết nạp đoàn viên mới Số lượng 9.000 31 3.007 Chưa gửi 51 5.007"
    )
    assert uncovered_characters(pdf) == set()


def _row_of(ws: Worksheet, code: str) -> int:
    return next(row for row in range(1, ws.max_row + 1) if ws.cell(row, 1).value == code)


def _cells(ws: Worksheet, row: int) -> list[tuple[object, str]]:
    """(value, number format) of columns D… of a row; a merged range's other cells skipped."""
    return [
        (ws.cell(row, column).value, ws.cell(row, column).number_format)
        for column in range(4, ws.max_column + 1)
        if not isinstance(ws.cell(row, column), MergedCell)
    ]


def test_the_workbook_holds_real_numbers_in_the_report_and_the_data_sheet(
    tmp_path: Path,
) -> None:
    book = openpyxl.load_workbook(_written(summary_from(figures(3), HEAD), tmp_path, "xlsx"))
    assert book.sheetnames == ["Báo cáo", "Số liệu"]
    report, data = book["Báo cáo"], book["Số liệu"]
    count, pct, ratio = "#,##0", "0.0%", "#,##0.00"
    # Quota; office 800 month, year to date; 801 missing (merged over its two columns); 802;
    # the province: month, year to date, % of its quota.
    two_a = [
        (9000, count), (1, count), (7, count), (MISSING, "@"), (21, count), (2007, count),
        (124, count), (12346, count), (0.466, pct),
    ]  # fmt: skip
    five = [
        (1.5, ratio), (2, ratio), (7, ratio), (MISSING, "@"), (22, ratio), (2007, ratio),
        (125, ratio), (12347, ratio), (0.476, pct),
    ]  # fmt: skip
    six_a = [
        (0.85, pct), ("-", "@"), ("-", "@"), (MISSING, "@"), ("-", "@"), ("-", "@"),
        (1.26, pct), (123.48, pct), (0.486, pct),
    ]  # fmt: skip
    for ws in (report, data):
        for code, expected in (("2a", two_a), ("5", five), ("6a", six_a)):
            row = _row_of(ws, code)
            assert _cells(ws, row) == expected, (ws.title, code)
            assert f"G{row}:H{row}" in {str(r) for r in ws.merged_cells.ranges}
        row = _row_of(ws, "2a")
        assert [ws.cell(row, c).value for c in (1, 2, 3)] == [
            "2a",
            "Kết nạp đoàn viên mới",
            "Số lượng",
        ]
    # The report sheet: its header two rows above the column numbers, frozen under them.
    head = _row_of(report, "(1)")
    assert [report.cell(head - 2, c).value for c in range(1, 14)] == [
        "Mã", "Chỉ tiêu", "Đơn vị tính", "Chỉ tiêu tỉnh", "LĐLĐ huyện Thứ 0", None,
        "LĐLĐ huyện Thứ 1", None, "LĐLĐ huyện Thứ 2", None, "Toàn tỉnh", None, None,
    ]  # fmt: skip
    assert [report.cell(head - 1, c).value for c in range(5, 14)] == [
        "Tháng", "Lũy kế năm", "Tháng", "Lũy kế năm", "Tháng", "Lũy kế năm",
        "Tháng", "Lũy kế năm", "% chỉ tiêu tỉnh",
    ]  # fmt: skip
    assert report.freeze_panes == f"A{head + 1}"
    assert report.page_setup.orientation == "landscape"
    assert int(report.page_setup.paperSize) == 9  # A4
    texts = [str(report.cell(r, 1).value) for r in range(1, report.max_row + 1)]
    assert (
        "Đơn vị chưa gửi số liệu tháng 06/2024: LĐLĐ huyện Thứ 1 (801, mới gửi đến tháng "
        "03/2024)." in texts
    )
    # The data sheet: the header and the targets' columns stay in view and print on every page.
    assert data.freeze_panes == "E3"
    assert data.print_title_rows == "$1:$2" and data.print_title_cols == "$A:$D"
    assert data["E1"].value == "LĐLĐ huyện Thứ 0 (800)" and data["K1"].value == "Toàn tỉnh"
    # Widths: the names take what the figures leave; every figure column alike, wide enough
    # for the widest figure ("12.346" and "% chỉ tiêu" at 11 pt) so Excel never prints ####.
    for ws in (report, data):
        widths = [ws.column_dimensions[get_column_letter(c)].width for c in range(1, 14)]
        assert widths[1] > 20 and len(set(widths[4:])) == 1 and widths[4] >= 9


def test_an_office_database_is_refused_with_the_reason(
    small_district: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "tong-hop.pdf"
    args = [
        "--period",
        "2024-06",
        "--format",
        "pdf",
        "--out",
        str(out),
        "--db",
        str(small_district),
    ]
    assert main(["report", "province-summary", *args]) == 1
    said = " ".join(capsys.readouterr().err.split())
    assert (
        "Báo cáo tổng hợp các đơn vị (province-summary) chỉ lập trên cơ sở dữ liệu của LĐLĐ tỉnh; "
        f"{small_district} là cơ sở dữ liệu của " in said
    )
    assert "Hãy mở cơ sở dữ liệu của tỉnh (--db)." in said
    assert [p.name for p in tmp_path.iterdir()] == [small_district.name]  # nothing written
    # --format and --out go together: a usage error.
    with pytest.raises(SystemExit) as usage:
        main(["report", "province-summary", "--period", "2024-06", "--db", str(small_district)])
    assert usage.value.code == 2
    assert "thiếu --format và --out" in capsys.readouterr().err


def _expected_tail(figures: object, code: str) -> str:
    """Row `code` as printed from the quota on: each office's month and year to date (or
    «Chưa gửi»), then the province's month, year to date and % of its quota."""
    from desktop.reports.cells import cell_text
    from desktop.reports.province_summary import UNIT_KINDS

    row = next(r for r in figures.rows if r.code == code)  # type: ignore[attr-defined]
    kind = UNIT_KINDS[row.unit]
    cells = [cell_text(row.quota, kind)]
    for office in figures.offices:  # type: ignore[attr-defined]
        got = row.by_office[office.code]
        if office.missing:
            cells.append(MISSING)
        elif got is None:
            cells += ["-", "-"]
        else:
            cells += [cell_text(got.month, kind), cell_text(got.year_to_date, kind)]
    p = row.province
    cells += [cell_text(p.month, kind), cell_text(p.year_to_date, kind)]
    cells.append(cell_text(p.percent_of_quota, "percent"))
    return " ".join(" ".join(cells).split()).replace(" %", "%")


def test_the_command_prints_the_side_by_side_figures(
    demo_province: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    from desktop.services.issued_reports import issued
    from desktop.services.province_figures import side_by_side
    from desktop.store import shared

    common = ["--period", "2024-12", "--number", "3", "--date", "05/01/2025"]
    pdf, xlsx = tmp_path / "tong-hop.pdf", tmp_path / "tong-hop.xlsx"
    for out, fmt in ((pdf, "pdf"), (xlsx, "xlsx")):
        args = [*common, "--format", fmt, "--out", str(out), "--db", str(demo_province)]
        assert main(["report", "province-summary", *args]) == 0
    assert issued(shared(demo_province), "province-summary", "2024-12")
    # A year is not a month: refused, saying what the report takes.
    year = ["--period", "2024", "--format", "pdf", "--out", str(tmp_path / "nam.pdf")]
    assert main(["report", "province-summary", *year, "--db", str(demo_province)]) == 1
    assert "lấy kỳ là một tháng (YYYY-MM, ví dụ 2024-06), không phải «2024»" in " ".join(
        capsys.readouterr().err.split()
    )
    assert not (tmp_path / "nam.pdf").exists()
    figures = side_by_side(shared(demo_province), "2024-12")
    missing = [o for o in figures.offices if o.missing]
    assert len(figures.offices) == 3 and len(missing) == 1  # one office stopped at September
    pages = pdftotext(pdf)
    for code in ("2a", "2b", "3a"):
        row = next(row_text(page, code) for page in pages if f"\n{code} " in f"\n{page}")
        # (-layout may close the gap before % in a narrow column)
        assert row.replace(" %", "%").endswith(" " + _expected_tail(figures, code)), code
    text = " ".join(" ".join(pages).split())
    office = missing[0]
    assert (
        f"Đơn vị chưa gửi số liệu tháng 12/2024: {office.name} ({office.code}, mới gửi đến "
        "tháng 09/2024)." in text
    )
    assert "Chỉ tiêu 6a, 9a, 10 là chỉ tiêu của cấp tỉnh" in text
    assert uncovered_characters(pdf) == set()
    data = openpyxl.load_workbook(xlsx)["Số liệu"]
    row = _row_of(data, "2a")
    two_a = next(r for r in figures.rows if r.code == "2a")
    expected: list[object] = [two_a.quota]
    for column in figures.offices:
        got = two_a.by_office[column.code]
        expected += [MISSING] if column.missing else [got.month, got.year_to_date]  # type: ignore[union-attr]
    expected += [two_a.province.month, two_a.province.year_to_date]
    expected.append(round(two_a.province.percent_of_quota / 100, 6))  # type: ignore[operator]
    assert [value for value, _ in _cells(data, row)] == expected


def test_the_data_sheet_prints_offices_whole_across_pages(tmp_path: Path) -> None:
    book = openpyxl.load_workbook(
        _written(summary_from(figures(9, missing=()), HEAD), tmp_path, "xlsx")
    )
    data = book["Số liệu"]
    assert data.max_column == 4 + 2 * 9 + 3
    breaks = [b.id for b in data.col_breaks.brk]
    # A page of columns after the targets' four: whole offices (two columns each), the
    # province's three columns together on the last.
    assert breaks and all(b % 2 == 0 for b in breaks)
    assert breaks[-1] <= 4 + 2 * 9
    assert (
        data.cell(1, breaks[0] + 1).value
        == f"LĐLĐ huyện Thứ {(breaks[0] - 4) // 2} (8{(breaks[0] - 4) // 2:02d})"
    )


@pytest.fixture
def ex(request: pytest.FixtureRequest, tmp_path: Path, memory_keyring: object) -> Exchange:
    return exchange_for(request, tmp_path)


@BOTH_STORES
def test_an_office_reads_as_its_own_progress_and_a_later_month_as_missing(
    ex: Exchange, tmp_path: Path
) -> None:
    from desktop.reports.catalogue import build_report, write_report
    from desktop.services.progress import progress_for
    from desktop.store import shared

    ex.merge(ex.export("2024-06"))
    store = shared(ex.province)
    june = build_report("province-summary", store, "2024-06", number="2")
    assert isinstance(june, SummaryReport)
    assert [(o.code, o.missing) for o in june.offices] == [(DISTRICT[0], False)]
    own = {t.code: t for t in progress_for(shared(ex.district), "2024-06").targets}
    for line in june.lines:
        [(month, ytd)] = line.offices  # type: ignore[misc]
        assert (month.value, ytd.value) == (own[line.code].month, own[line.code].year_to_date)
    two_a = next(line for line in june.lines if line.code == "2a")
    assert two_a.offices[0][1].value == 3  # type: ignore[index,union-attr]  # the small records' three admitted
    july = build_report("province-summary", store, "2024-07", number="2")
    assert isinstance(july, SummaryReport)
    assert all(line.offices == (None,) for line in july.lines)
    assert july.notes[0].text == (
        f"Đơn vị chưa gửi số liệu tháng 07/2024: {DISTRICT[1]} ({DISTRICT[0]}, mới gửi đến "
        "tháng 06/2024)."
    )
    write_report(july, tmp_path / "july.pdf", "pdf")
    assert "Chưa gửi" in " ".join(" ".join(pdftotext(tmp_path / "july.pdf")).split())


def test_the_summary_says_which_office_it_counts_and_stops_on_cancel(demo_province: Path) -> None:
    from desktop.errors import Cancelled
    from desktop.progress import CancelToken
    from desktop.reports.catalogue import build_report
    from desktop.store import shared

    said: list[str] = []
    build_report(
        "province-summary", shared(demo_province), "2024-12", progress=lambda f, t: said.append(t)
    )
    assert said[0] == "Đang tính số liệu toàn tỉnh…"
    assert [t for t in said if t.startswith("Đang tính số liệu của")][-1].endswith("(3/3)…")
    token = CancelToken()
    token.cancel()
    with pytest.raises(Cancelled):
        build_report("province-summary", shared(demo_province), "2024-12", cancel=token)


def test_the_report_sheet_repeats_a_parts_header_on_the_pages_it_continues_on(
    tmp_path: Path,
) -> None:
    report = summary_from(figures(9, missing=(4,), targets=TARGETS + MORE), HEAD)
    ws = openpyxl.load_workbook(_written(report, tmp_path, "xlsx"))["Báo cáo"]
    first = [str(ws.cell(row, 1).value) for row in range(1, ws.max_row + 1)]
    breaks = [b.id for b in ws.row_breaks.brk]
    assert breaks  # pages broken by hand, as the PDF's
    # After each break that falls inside a part: the part's caption «(tiếp theo)», then its
    # two header rows and the column numbers.
    continued = [row for row in breaks if first[row].endswith("(tiếp theo)")]
    assert continued
    for row in continued:
        assert first[row + 1 : row + 4] == ["Mã", "None", "(1)"]
        assert first[row].startswith("Phần ")
    captions = [text for text in first if text.startswith("Phần ")]
    assert [c for c in captions if not c.endswith("(tiếp theo)")] == [
        "Phần 1/3: đơn vị thứ 1 đến 3",
        "Phần 2/3: đơn vị thứ 4 đến 6",
        "Phần 3/3: đơn vị thứ 7 đến 9 và toàn tỉnh",
    ]
    # Every target once in each part, the missing office merged as «Chưa gửi» in its part.
    assert first.count("2a") == 3
    row = first.index("2a", first.index("Phần 2/3: đơn vị thứ 4 đến 6")) + 1
    assert ws.cell(row, 7).value == MISSING and f"G{row}:H{row}" in {
        str(r) for r in ws.merged_cells.ranges
    }
