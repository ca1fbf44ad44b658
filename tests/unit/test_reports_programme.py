"""Programme reports carry the same numbers as `uniondesk progress`."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import openpyxl
import pytest
from pypdf import PdfReader

from desktop.demo import generate_demo
from desktop.errors import UserError
from desktop.format import number
from desktop.reports.catalogue import build_report, write_report
from desktop.services.progress import progress_for


@pytest.fixture(scope="module")
def demo(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("prog") / "demo.sqlite"
    generate_demo(path, members=800, seed=5)
    return path


def _text(pdf: Path) -> str:
    return " ".join(" ".join(p.extract_text() for p in PdfReader(pdf).pages).split())


def test_monthly_progress_numbers_equal_progress(demo: Path, tmp_path: Path) -> None:
    progress = {t.code: t for t in progress_for(demo, "2024-06").targets}
    out = tmp_path / "m.pdf"
    write_report(
        build_report("monthly-progress", demo, "2024-06", number="9", issued_on=date(2024, 7, 5)),
        out,
        "pdf",
    )
    text = _text(out)
    assert "Kết quả thực hiện chương trình công tác công đoàn tháng 6/2024" in text
    assert "Số: 9/BC-LĐLĐ" in text and "Ba Tri, ngày 05 tháng 7 năm 2024" in text
    t = progress["2a"]
    row = f"2a Phát triển mới đoàn viên 9.000 {number(t.quota)} {number(t.month)} {number(t.year_to_date)}"
    assert row in text
    assert "II. KẾT QUẢ THỰC HIỆN NHIỆM VỤ VÀ GIẢI PHÁP" in text
    assert "7. Công tác nữ công công đoàn" in text
    assert "6a" not in text.split("II. KẾT QUẢ")[0]  # province targets are the province's to report


def test_monthly_progress_workbook_matches(demo: Path, tmp_path: Path) -> None:
    progress = {t.code: t for t in progress_for(demo, "2024-12").targets}
    out = tmp_path / "m.xlsx"
    write_report(
        build_report("monthly-progress", demo, "2024-12", issued_on=date(2025, 1, 5)), out, "xlsx"
    )
    ws = openpyxl.load_workbook(out).active
    rows = {ws.cell(row=r, column=1).value: r for r in range(1, ws.max_row + 1)}
    r = rows["2b"]
    assert ws.cell(row=r, column=6).value == progress["2b"].year_to_date
    assert ws.cell(row=r, column=7).value == pytest.approx(progress["2b"].percent_of_quota / 100)


def test_reviews_and_month_only_rule(demo: Path, tmp_path: Path) -> None:
    for name, subject in (
        ("mid-year-review", "Sơ kết công tác công đoàn sáu tháng đầu năm 2024"),
        ("year-end-review", "Tổng kết công tác công đoàn năm 2024"),
    ):
        out = tmp_path / f"{name}.pdf"
        write_report(build_report(name, demo, "2024", issued_on=date(2025, 1, 5)), out, "pdf")
        assert subject in _text(out)
    with pytest.raises(UserError, match="Báo cáo tháng cần kỳ dạng YYYY-MM"):
        build_report("monthly-progress", demo, "2024")
