"""A review's sentences on inspections and complaints give the numbers its targets table gives
(targets 9d and 9e), and name what a target leaves out and why."""

from __future__ import annotations

import re
import sqlite3
from contextlib import closing
from datetime import date
from pathlib import Path

import openpyxl
import pytest

from desktop.reports.catalogue import build_report, write_report
from desktop.services.oversight import (
    ComplaintInput,
    InspectionInput,
    save_complaint,
    save_inspection,
)
from desktop.services.progress import explain, progress_for
from desktop.store import shared
from tests.unit._report_checks import pdf_text, sheet_paragraphs

TODAY = date(2025, 1, 5)
THANH_PHONG = "CĐCS Trường THCS Thạnh Phong"
AN_DIEN = "CĐCS Ủy ban nhân dân xã An Điền"
PHU_LE = "CĐCS Công ty TNHH May Phú Lễ"  # dissolved 31/05/2024 in the small district


def _ids(db: Path) -> dict[str, str]:
    with closing(sqlite3.connect(db)) as con:
        return dict(con.execute("SELECT name, id FROM grassroots_union"))


@pytest.fixture
def supervised(small_district: Path) -> Path:
    """Charter supervisions of three unions in 2024, one of them dissolved in May and one
    supervised twice: target 9d counts 2 of the 3 unions alive on 31/12/2024."""
    ids = _ids(small_district)
    for name, on in (
        (THANH_PHONG, date(2024, 3, 15)),
        (PHU_LE, date(2024, 3, 20)),
        (AN_DIEN, date(2024, 5, 4)),
        (AN_DIEN, date(2024, 8, 20)),
    ):
        save_inspection(
            shared(small_district),
            InspectionInput("charter", "grassroots", on, ids[name], "Chấp hành tốt"),
            today=TODAY,
        )
    return small_district


YEAR_SENTENCE = (
    f"Giám sát thi hành Điều lệ 2 CĐCS ({THANH_PHONG} 15/03; {AN_DIEN} 04/05, 20/08; "
    f"không tính 1 CĐCS đã giải thể: {PHU_LE} 20/03, giải thể ngày 31/05/2024, vì chỉ tiêu 9d "
    "chỉ tính CĐCS còn hoạt động đến 31/12/2024)."
)


def test_the_year_end_sentence_counts_the_unions_target_9d_counts(
    supervised: Path, tmp_path: Path
) -> None:
    target = {t.code: t for t in progress_for(shared(supervised), "2024-12").targets}["9d"]
    _, records = explain(shared(supervised), "9d", "2024-12")
    assert records[0] == "2/3 CĐCS" and target.year_to_date == pytest.approx(66.7)
    report = build_report("year-end-review", shared(supervised), "2024", issued_on=TODAY)
    pdf, xlsx = tmp_path / "tong-ket.pdf", tmp_path / "tong-ket.xlsx"
    write_report(report, pdf, "pdf")
    write_report(report, xlsx, "xlsx")
    text = pdf_text(pdf)
    assert YEAR_SENTENCE in text
    said = re.search(r"Giám sát thi hành Điều lệ (\d+) CĐCS", text)
    assert said is not None and f"{said.group(1)}/3 CĐCS" == records[0]  # one count
    assert "9d Giám sát và kiểm tra chấp hành Điều lệ Công đoàn cấp dưới ≥ 5 % 66,7 %" in text
    assert YEAR_SENTENCE in sheet_paragraphs(openpyxl.load_workbook(xlsx).active)


def test_a_union_dissolved_after_the_span_is_counted(supervised: Path, tmp_path: Path) -> None:
    """The monthly report of March: May Phú Lễ was alive on 31/03, so March counts it."""
    _, records = explain(shared(supervised), "9d", "2024-03", year_to_date=False)
    assert records[0] == "2/4 CĐCS"
    out = tmp_path / "thang-3.pdf"
    write_report(build_report("monthly-progress", shared(supervised), "2024-03"), out, "pdf")
    march = f"Giám sát thi hành Điều lệ 2 CĐCS ({THANH_PHONG} 15/03; {PHU_LE} 20/03)."
    assert march in pdf_text(out)


def test_the_complaints_sentence_gives_target_9e_its_numbers(
    small_district: Path, tmp_path: Path
) -> None:
    """Two complaints within the union's authority received in 2024, one resolved (9e: 50 %);
    one outside it, resolved; one from 2023 resolved in 2024."""
    for received, resolved, within in (
        (date(2024, 2, 1), date(2024, 3, 1), True),
        (date(2024, 4, 1), None, True),
        (date(2024, 5, 1), date(2024, 5, 20), False),
        (date(2023, 11, 2), date(2024, 1, 10), True),
    ):
        outcome = "Đã trả lời bằng văn bản" if resolved else ""
        complaint = ComplaintInput(
            received, "Đơn đề nghị", within_authority=within, resolved_on=resolved, outcome=outcome
        )
        save_complaint(shared(small_district), complaint, today=TODAY)
    target = {t.code: t for t in progress_for(shared(small_district), "2024-12").targets}["9e"]
    assert target.year_to_date == pytest.approx(50.0)
    out = tmp_path / "tong-ket.pdf"
    write_report(build_report("year-end-review", shared(small_district), "2024"), out, "pdf")
    assert (
        "Tiếp nhận 3 đơn thư khiếu nại, tố cáo (2 thuộc thẩm quyền của công đoàn, đã giải quyết "
        "1); giải quyết 3 đơn (có 1 đơn nhận trước năm 2024); đến hết năm 2024 còn 1 đơn đang "
        "giải quyết."
    ) in pdf_text(out)
