"""The letterhead as Decree 30/2020 (Appendix I) draws it, read back from the PDF and the workbook:
a line under the issuer and under the subject 1/3 to 1/2 as long as the line of text above it,
centred; a line under the motto as long as the motto; `Số: 07/…` at 13 pt."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import openpyxl
import pytest
from openpyxl.cell.rich_text import CellRichText
from reportlab.pdfbase.pdfmetrics import stringWidth

from desktop.reports.catalogue import build_report, write_report
from desktop.reports.fonts import register_fonts
from desktop.store import shared
from tests.unit._report_checks import Run, line_segments, text_runs

ISSUER = "LIÊN ĐOÀN LAO ĐỘNG HUYỆN THẠNH PHÚ"
MOTTO = "Độc lập - Tự do - Hạnh phúc"
FONTS = {"LiberationSerif": "Regular", "LiberationSerif-Bold": "Bold"}


@pytest.fixture
def reports(small_district: Path, tmp_path: Path) -> dict[str, Path]:
    """The union list (landscape: the issuer on one line) and the movement report (portrait),
    numbered 7, as PDF and workbook."""
    made = {}
    for name, period in (("union-list", "2024-12"), ("member-movement", "2024")):
        report = build_report(
            name, shared(small_district), period, number="7", issued_on=date(2025, 1, 5)
        )
        for fmt in ("pdf", "xlsx"):
            made[f"{name}.{fmt}"] = tmp_path / f"{name}.{fmt}"
            write_report(report, made[f"{name}.{fmt}"], fmt)
    return made


def _width(run: Run) -> float:
    return float(stringWidth(run.text, f"{register_fonts()}-{FONTS[run.font]}", run.size))


def _rule_under(pdf: Path, runs: list[Run]) -> tuple[float, float]:
    """(left, right) of the horizontal line drawn right under the lowest of `runs`, below
    their text (the issuer's and the motto's lines sit side by side)."""
    lowest = min(r.y for r in runs)
    start, end = min(r.x for r in runs), max(r.x + _width(r) for r in runs)
    below = [
        (min(x1, x2), max(x1, x2))
        for x1, y1, x2, y2 in line_segments(pdf, 0)
        if y1 == pytest.approx(y2) and lowest - 12 < y1 < lowest and start <= (x1 + x2) / 2 <= end
    ]
    assert len(below) == 1, below
    return below[0]


@pytest.mark.parametrize("name", ["union-list", "member-movement"])
def test_the_rules_under_the_issuer_motto_and_subject(reports: dict[str, Path], name: str) -> None:
    pdf = reports[f"{name}.pdf"]
    runs = text_runs(pdf, 0)
    motto = next(r for r in runs if r.text == MOTTO)
    left, right = _rule_under(pdf, [motto])
    assert (left, right) == (
        pytest.approx(motto.x, abs=0.5),
        pytest.approx(motto.x + _width(motto), abs=0.5),
    )
    issuer = [r for r in runs if r.text in ISSUER and r.font == "LiberationSerif-Bold"]
    assert " ".join(r.text for r in issuer) == ISSUER
    widest = max(issuer, key=_width)
    left, right = _rule_under(pdf, issuer)
    assert 1 / 3 <= (right - left) / _width(widest) <= 1 / 2
    assert (left + right) / 2 == pytest.approx(widest.x + _width(widest) / 2, abs=0.5)
    subject = next(r for r in runs if r.text.startswith(("Công đoàn cơ sở trực", "Biến động")))
    left, right = _rule_under(pdf, [subject])
    assert 1 / 3 <= (right - left) / _width(subject) <= 1 / 2
    assert (left + right) / 2 == pytest.approx(subject.x + _width(subject) / 2, abs=0.5)


def test_the_number_takes_a_zero_and_13_pt(reports: dict[str, Path]) -> None:
    runs = text_runs(reports["union-list.pdf"], 0)
    number = next(r for r in runs if r.text.startswith("Số:"))
    assert (number.text, number.size, number.font) == ("Số: 07/DS-LĐLĐ", 13.0, "LiberationSerif")
    sheet = openpyxl.load_workbook(reports["union-list.xlsx"]).active
    assert sheet["A3"].value == "Số: 07/DS-LĐLĐ" and sheet["A3"].font.sz == 13


def _runs(cell: object) -> list[tuple[str, float, bool]]:
    value = cell.value  # type: ignore[attr-defined]
    assert isinstance(value, CellRichText), value
    return [(block.text, block.font.sz, bool(block.font.b)) for block in value]


def test_the_workbook_letterhead_has_the_same_lines(reports: dict[str, Path]) -> None:
    """Each line is a run of `_` on its own line in the text's own (centred) cell."""
    family = register_fonts()
    sheet = openpyxl.load_workbook(reports["union-list.xlsx"], rich_text=True).active

    def rule(cell: object, text: str, size: float) -> float:
        (shown, shown_size, bold), (line, line_size, _) = _runs(cell)
        assert (shown, shown_size, bold) == (text, size, True)
        assert line.startswith("\n") and set(line[1:]) == {"_"}
        assert cell.alignment.horizontal == "center"  # type: ignore[attr-defined]
        return (len(line) - 1) * stringWidth("_", f"{family}-Regular", line_size)

    issuer = stringWidth(ISSUER, f"{family}-Bold", 12.5)
    assert 1 / 3 <= rule(sheet["A2"], ISSUER, 12.5) / issuer <= 1 / 2
    motto_cell = next(c for c in sheet[2][1:] if c.value)
    underscore = stringWidth("_", f"{family}-Regular", 8)
    motto = stringWidth(MOTTO, f"{family}-Bold", 13)
    assert rule(motto_cell, MOTTO, 13) == pytest.approx(motto, abs=underscore)
    subject = "Công đoàn cơ sở trực thuộc đến hết tháng 12/2024"
    assert (
        1 / 3
        <= rule(sheet["A6"], subject, 14) / stringWidth(subject, f"{family}-Bold", 14)
        <= 1 / 2
    )
    assert sheet["A5"].value == "DANH SÁCH"
