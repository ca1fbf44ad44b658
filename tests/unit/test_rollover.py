"""A year without its programme: nothing is refused, everything says the programme has not arrived,
and once it arrives the year's activities stand under their task areas and the targets count.

The small district (tests/conftest.py) holds the 2024 programme only (shipped with the app); its
records stop in 2024, so every figure of 2025 below is worked out by hand from it.
"""

from __future__ import annotations

import dataclasses
import json
import shutil
import sqlite3
from datetime import date
from pathlib import Path

import pytest

from desktop.app import main
from desktop.errors import UserError
from desktop.reports.catalogue import build_report, write_report
from desktop.reports.task_areas import Span, area_paragraphs
from desktop.services.activities import (
    ActivityInput,
    activities_in,
    narrative,
    save_activity,
    save_narrative,
    task_areas,
)
from desktop.services.progress import (
    areas_note,
    areas_year,
    ensure_programme,
    programme_missing_text,
    progress_for,
)
from desktop.store import shared
from tests.unit._report_checks import pdf_text
from tests.unit._sync_fixtures import DISTRICT, Exchange, memory_keyring

__all__ = ["memory_keyring"]

MISSING_2025 = (
    "Chưa nhận chương trình công tác năm 2025 từ LĐLĐ tỉnh; hồ sơ năm 2025 vẫn ghi bình thường, "
    "các chỉ tiêu được tính khi chương trình đến. Nhận gói chương trình của tỉnh ở màn hình Đồng "
    "bộ (tại LĐLĐ tỉnh: lập chương trình bằng «uniondesk programme new --year 2025»)."
)
MARCH_2025 = "Tuyên truyền Bộ luật Lao động tại xã An Điền"
MAY_2023 = "Tập huấn nghiệp vụ cho chủ tịch CĐCS"


@pytest.fixture
def district(small_district: Path, tmp_path: Path) -> Path:
    path = tmp_path / "district.sqlite"
    shutil.copy(small_district, path)
    return path


def _record_2025_and_2023(db: Path) -> tuple[str, str]:
    march = save_activity(
        shared(db),
        ActivityInput(
            task_area=4,
            kind="propaganda",
            title=MARCH_2025,
            held_on=date(2025, 3, 12),
            participants=40,
            participants_women=25,
        ),
        today=date(2025, 3, 31),
    )
    may = save_activity(
        shared(db),
        ActivityInput(task_area=10, kind="training", title=MAY_2023, held_on=date(2023, 5, 10)),
        today=date(2025, 3, 31),
    )
    return march, may


def _arrive_2025(db: Path, areas: int | None = None) -> None:
    """The 2025 programme arrives: the 2024 file's content with year 2025 (and, with `areas`,
    only its first task areas), loaded as a programme package loads it."""
    from desktop.programme.loader import load_programme, shipped_programme
    from desktop.store import Store

    shipped = shipped_programme(2024)
    assert shipped is not None
    programme = dataclasses.replace(
        shipped,
        year=2025,
        title="Chương trình công tác công đoàn năm 2025",
        task_areas=shipped.task_areas[:areas] if areas else shipped.task_areas,
    )
    database = Store(db)
    try:
        with database.session() as session:
            load_programme(session, programme)
    finally:
        database.close()


def _march_report_text(db: Path, out: Path) -> str:
    report = build_report("monthly-progress", shared(db), "2025-03", issued_on=date(2025, 4, 2))
    write_report(report, out, "pdf")
    return " ".join(pdf_text(out).split())


def test_the_not_arrived_sentence_is_said_in_one_wording() -> None:
    assert programme_missing_text(2025) == MISSING_2025
    assert areas_note(2025, 2024) == (
        "Các hoạt động năm 2025 được ghi theo nhiệm vụ của chương trình năm 2024; khi chương "
        "trình năm 2025 đến, mỗi hoạt động giữ nguyên số nhiệm vụ."
    )


def test_activities_of_a_year_without_programme_save_under_the_latest_programmes_areas(
    district: Path,
) -> None:
    assert ensure_programme(shared(district), 2025) is None  # nothing refused, nothing loaded
    march, may = _record_2025_and_2023(district)
    # 2025 and 2023 are filed by the 2024 programme's ten task areas (2023: none came earlier).
    assert (areas_year(shared(district), 2025), areas_year(shared(district), 2023)) == (2024, 2024)
    areas = task_areas(shared(district), "2025-03")
    assert [a.number for a in areas] == list(range(1, 11))
    assert {a.number: a.activities for a in areas if a.activities} == {4: 1}
    assert [(r.id, r.task_area, r.title) for r in activities_in(shared(district), "2025-03")] == [
        (march, 4, MARCH_2025)
    ]
    assert [(r.id, r.task_area) for r in activities_in(shared(district), "2023-05", 10)] == [
        (may, 10)
    ]
    save_narrative(shared(district), "2025-03", 4, "Tuyên truyền pháp luật tại 1 xã.")
    assert narrative(shared(district), "2025-03", 4) == "Tuyên truyền pháp luật tại 1 xã."


def test_progress_of_a_year_without_programme_exits_0_and_says_so(
    district: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    _record_2025_and_2023(district)
    argv = ["progress", "--period", "2025-03", "--format", "json", "--db", str(district)]
    assert main(argv) == 0
    data = json.loads(capsys.readouterr().out)
    # DESIGN.md's keys stay; programme is null, targets empty, programme_missing says why.
    assert data == {
        "period": "2025-03",
        "unit": {
            "code": "LDLD-THU",
            "name": "Liên đoàn Lao động huyện Thạnh Phú",
            "role": "district",
        },
        "programme": None,
        "programme_missing": True,
        "targets": [],
    }
    report = progress_for(shared(district), "03/2025")
    assert (report.programme_missing, report.missing_text) == (True, MISSING_2025)
    # The records behind one target's figure: no target yet, said in the same words; nothing
    # is refused for lack of a programme (exit 0).
    capsys.readouterr()
    assert main(["progress", "--period", "2025-03", "--explain", "2a", "--db", str(district)]) == 0
    assert MISSING_2025 in " ".join(capsys.readouterr().out.split())


def test_the_march_2025_report_prints_without_the_programme(district: Path, tmp_path: Path) -> None:
    _record_2025_and_2023(district)
    text = _march_report_text(district, tmp_path / "bao-cao-03-2025.pdf")
    assert MISSING_2025 in text
    assert "Chỉ tiêu giao" not in text  # no targets table
    # The members and unions the table would count: 8 members (5 women) in the 3 unions alive,
    # no movement since 2024 (small district by hand, tests/conftest.py).
    assert (
        "Trong tháng 3/2025: kết nạp 0 đoàn viên, chuyển đến 0, chuyển đi 0, ra khỏi tổ chức 0; "
        "thành lập mới 0 CĐCS. Đến hết tháng 3/2025 có 8 đoàn viên (5 nữ) trong 3 CĐCS đang "
        "hoạt động."
    ) in text
    assert areas_note(2025, 2024) in text
    assert (
        f"Tổ chức 1 hoạt động với 40 lượt người tham dự (25 nữ): {MARCH_2025} (12/03, 40 người)."
        in text
    )
    assert MAY_2023 not in text


def test_the_year_end_review_of_2025_prints_without_the_programme(
    district: Path, tmp_path: Path
) -> None:
    _record_2025_and_2023(district)
    out = tmp_path / "tong-ket-2025.pdf"
    write_report(build_report("year-end-review", shared(district), "2025"), out, "pdf")
    text = " ".join(pdf_text(out).split())
    assert MISSING_2025 in text
    assert MARCH_2025 in text
    assert "Đánh giá" not in text  # no targets table, no verdict


def test_once_the_programme_arrives_the_activity_stands_under_its_area_and_targets_count(
    district: Path, tmp_path: Path
) -> None:
    march, _ = _record_2025_and_2023(district)
    save_narrative(shared(district), "2025-03", 4, "Tuyên truyền pháp luật tại 1 xã.")
    _arrive_2025(district)
    assert areas_year(shared(district), 2025) == 2025
    areas = task_areas(shared(district), "2025-03")
    assert {a.number: a.activities for a in areas if a.activities} == {4: 1}
    assert [(r.id, r.task_area) for r in activities_in(shared(district), "2025-03", 4)] == [
        (march, 4)
    ]
    # The narrative written before it arrived is the area's narrative still.
    assert narrative(shared(district), "2025-03", 4) == "Tuyên truyền pháp luật tại 1 xã."

    report = progress_for(shared(district), "2025-03")
    assert (report.programme_missing, report.programme_title) == (
        False,
        "Chương trình công tác công đoàn năm 2025",
    )
    assert len(report.targets) == 20
    assert {t.code: t.year_to_date for t in report.targets}["2a"] == 0

    blocks = [
        b.text
        for b in area_paragraphs(
            shared(district), Span(date(2025, 3, 1), date(2025, 3, 31), "tháng 3/2025")
        )
    ]
    four = next(i for i, text in enumerate(blocks) if text.startswith("4. "))
    assert blocks[four + 1 : four + 3] == [
        "Tuyên truyền pháp luật tại 1 xã.",
        f"Tổ chức 1 hoạt động với 40 lượt người tham dự (25 nữ): {MARCH_2025} (12/03, 40 người).",
    ]
    text = _march_report_text(district, tmp_path / "bao-cao-03-2025.pdf")
    assert MISSING_2025 not in text
    assert areas_note(2025, 2024) not in text
    assert "Chỉ tiêu giao" in text


def test_an_activity_under_a_number_the_new_programme_lacks_is_still_told(district: Path) -> None:
    _record_2025_and_2023(district)
    _arrive_2025(district, areas=3)  # the 2025 programme has three task areas only
    blocks = [
        b.text
        for b in area_paragraphs(
            shared(district), Span(date(2025, 3, 1), date(2025, 3, 31), "tháng 3/2025")
        )
    ]
    assert blocks[-2:] == [
        "Hoạt động ghi theo nhiệm vụ số 4 (chương trình năm 2025 không có nhiệm vụ này)",
        f"Tổ chức 1 hoạt động với 40 lượt người tham dự (25 nữ): {MARCH_2025} (12/03, 40 người).",
    ]


def test_quotas_and_entries_wait_for_the_programme(district: Path) -> None:
    from desktop.services.quotas import unit_quotas
    from desktop.services.targets import set_entry, set_quota

    assert unit_quotas(shared(district), 2025) == []
    with pytest.raises(UserError) as quota:
        set_quota(shared(district), 2025, "2a", "40")
    with pytest.raises(UserError) as entry:
        set_entry(shared(district), "2025-03", "1a", "90")
    assert quota.value.message == entry.value.message == MISSING_2025
    with sqlite3.connect(district) as con:
        assert con.execute("SELECT COUNT(*) FROM quota").fetchone() == (0,)
    con.close()


def test_the_bundle_of_march_2025_exports_and_merges(tmp_path: Path, memory_keyring) -> None:  # type: ignore[no-untyped-def]
    ex = Exchange(tmp_path)
    save_activity(
        shared(ex.district),
        ActivityInput(task_area=4, kind="propaganda", title=MARCH_2025, held_on=date(2025, 3, 12)),
        today=date(2025, 3, 31),
    )
    save_narrative(shared(ex.district), "2025-03", 4, "Tuyên truyền pháp luật tại 1 xã.")
    bundle = ex.export("2025-03")
    assert [r.verdict for r in ex.merge(bundle)] == ["merged"]
    assert ex.province_rows(
        "SELECT a.title, a.task_area FROM activity a WHERE a.unit_code = 'LDLD-BATRI' "
        "AND a.held_on = '2025-03-12'"
    ) == [(MARCH_2025, 4)]
    assert ex.province_rows(
        "SELECT n.period, t.number FROM narrative n JOIN task_area t ON t.id = n.task_area_id"
    ) == [("2025-03", 4)]
    seen = progress_for(shared(ex.province), "2025-03", unit=DISTRICT[0])
    assert (seen.programme_missing, seen.targets) == (True, ())


def test_progress_as_text_says_the_sentence(
    district: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """(Needs desktop/cli/progress.py to print report.missing_text.)"""
    assert main(["progress", "--period", "2025-03", "--db", str(district)]) == 0
    assert (
        capsys.readouterr().out
        == f"Liên đoàn Lao động huyện Thạnh Phú – kỳ 2025-03\n{MISSING_2025}\n"
    )
