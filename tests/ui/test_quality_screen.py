"""The «Chất lượng dữ liệu» screen on a province built row by row (tests/unit/test_data_quality.py):
four groups with their counts, what to do, one line per finding, IDs masked for a viewer."""

from __future__ import annotations

import os
from datetime import date
from pathlib import Path

from desktop.services.accounts import SignedIn, sign_in_as
from desktop.services.data_quality import DUPLICATE_ID, FORK, LATE, NO_COUNTS
from desktop.ui.quality_screen import MASKED_NOTE, QualityScreen
from desktop.ui.tasks import SynchronousPool, TaskRunner
from tests.unit.test_data_quality import TODAY, province

# UNIONDESK_SHOTS=docs: the screenshot the README shows is saved there.
SHOTS = Path(os.environ["UNIONDESK_SHOTS"]) if os.environ.get("UNIONDESK_SHOTS") else None


def _screen(qtbot, path: Path) -> QualityScreen:  # type: ignore[no-untyped-def]
    screen = QualityScreen(path, runner=TaskRunner(pool=SynchronousPool()), today=TODAY)
    qtbot.addWidget(screen)
    return screen


def test_the_screen_lists_each_kind_with_its_count_and_what_to_do(qtbot, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    path = Path(province(str(tmp_path / "province.sqlite")))
    screen = _screen(qtbot, path)
    assert screen.summary.text() == "7 vấn đề cần xem (kiểm tra ngày 29/07/2024)."
    assert [screen.boxes[k].title() for k in (DUPLICATE_ID, LATE, FORK, NO_COUNTS)] == [
        "Một số CCCD đang là đoàn viên ở hai đơn vị (1)",
        "Đơn vị gửi gói chậm hoặc thiếu tháng (3)",
        "Gói bị rẽ nhánh đang chờ tỉnh quyết định (1)",
        "Tỷ lệ % nhập tay chưa có số đếm (2)",
    ]
    assert screen.texts(DUPLICATE_ID) == [
        "• Số CCCD 083080000101: Nguyễn Văn Đức (CĐCS Trường Tiểu học An Hòa, LDLD-BATRI – "
        "Liên đoàn Lao động huyện Ba Tri); Nguyễn Văn Đức (CĐCS Công ty TNHH Thủy sản Đông Hải, "
        "LDLD-THUNHA – Liên đoàn Lao động huyện Thạnh Phú)."
    ]
    assert screen.texts(NO_COUNTS) == [
        "• LDLD-BATRI – Liên đoàn Lao động huyện Ba Tri, tháng 5/2024: 1a 91,5 %.",
        "• LDLD-THUNHA – Liên đoàn Lao động huyện Thạnh Phú, tháng 3/2024: 1a 80 %, 1b 40 %.",
    ]
    assert (
        screen.action_labels[FORK]
        .text()
        .startswith("Cách xử lý: Vào màn hình Nhận gói: giữ dữ liệu")
    )
    assert screen.masked_note.isHidden()
    if SHOTS:
        screen.resize(1000, 640)
        screen.grab().save(str(SHOTS / "screen-quality.png"))


def test_a_viewer_reads_ids_masked_and_a_clear_group_says_so(qtbot, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    from desktop.models import Member
    from desktop.store import shared
    from desktop.sync.ledger import insert_ledger_row
    from tests.unit.test_data_quality import THUNHA, _ledger

    path = Path(province(str(tmp_path / "province.sqlite")))
    sign_in_as(SignedIn("xem", "Trần Văn Xem", "viewer"))
    try:
        screen = _screen(qtbot, path)
        assert screen.texts(DUPLICATE_ID)[0].startswith("• Số CCCD 083•••••••01: Nguyễn Văn Đức")
        assert not screen.masked_note.isHidden()
        assert screen.masked_note.text() == MASKED_NOTE
    finally:
        sign_in_as(None)

    store = shared(path)
    with store.unit_of_work() as uow:
        uow.session.query(Member).filter_by(
            unit_code=THUNHA[0], citizen_id="083080000101"
        ).one().status = "left"
        insert_ledger_row(uow.plain(), _ledger(THUNHA[0], 1, "2024-03", "resolved_keep", "b1"))
    screen.refresh_button.click()
    assert screen.boxes[DUPLICATE_ID].title() == "Một số CCCD đang là đoàn viên ở hai đơn vị (0)"
    assert screen.texts(DUPLICATE_ID) == ["Không có vấn đề nào."]
    assert screen.action_labels[DUPLICATE_ID].isHidden()
    assert screen.texts(FORK) == ["Không có vấn đề nào."]
    assert screen.summary.text() == "5 vấn đề cần xem (kiểm tra ngày 29/07/2024)."


def test_the_demo_province_shows_the_office_that_stopped_in_september(
    qtbot, demo_province: Path
) -> None:  # type: ignore[no-untyped-def]
    screen = QualityScreen(
        demo_province, runner=TaskRunner(pool=SynchronousPool()), today=date(2025, 1, 29)
    )
    qtbot.addWidget(screen)
    assert screen.summary.text() == "1 vấn đề cần xem (kiểm tra ngày 29/01/2025)."
    assert screen.texts(LATE) == [
        "• CDGD-BENTRE – Công đoàn ngành Giáo dục tỉnh Bến Tre: gói mới nhất tháng 9/2024, "
        "thiếu tháng 10–12/2024, quá hạn gửi gói tháng 12/2024 (hạn 28/01/2025)."
    ]
    for kind in (DUPLICATE_ID, FORK, NO_COUNTS):
        assert screen.texts(kind) == ["Không có vấn đề nào."]
