"""`province-summary`: every office side by side with the province totals, read back from the
PDF (pdftotext) and the workbook (openpyxl), and the command line's answers."""

from __future__ import annotations

import subprocess
from dataclasses import dataclass
from datetime import date
from pathlib import Path

import pytest

from desktop.reports.content import Letterhead
from desktop.reports.province_summary import (
    SummaryReport,
    split_offices,
    summary_from,
)
from desktop.reports.province_summary_pdf import write_summary_pdf
from desktop.reports.province_summary_xlsx import write_summary_xlsx
from desktop.services.progress import TargetProgress
from tests.unit._report_checks import uncovered_characters

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


def _progress(unit: str, month: float | None, ytd: float | None, pct: float | None = None):
    return TargetProgress("", "", unit, "", "office", "", None, month, ytd, pct, "linear")


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
        total = _progress(unit, 123.0 + k, 12345.0 + k, 45.6 + k)
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
    assert "Chỉ tiêu 6a là chỉ tiêu của cấp tỉnh" in text
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
