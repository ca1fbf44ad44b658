"""The Chỉ tiêu screen: figures for the chosen month, quotas and entered values typed in place,
the records behind a figure."""

from __future__ import annotations

import shutil
from datetime import date
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QColor

from desktop.programme.pace import PACE_COLOURS
from desktop.services.targets import set_quota
from desktop.store import shared
from desktop.ui.targets_model import MONTH, PACE, PACE_ROLE, PERCENT, QUOTA, YTD
from desktop.ui.targets_screen import TargetsScreen
from desktop.ui.tasks import SynchronousPool, TaskRunner
from tests.ui._clerk import answer_boxes


@pytest.fixture
def screen(qtbot, small_district: Path, tmp_path: Path) -> TargetsScreen:  # type: ignore[no-untyped-def]
    path = tmp_path / "district.sqlite"
    shutil.copy(small_district, path)
    widget = TargetsScreen(path, runner=TaskRunner(pool=SynchronousPool()))
    qtbot.addWidget(widget)
    widget.period.setCurrentIndex(widget.period.findData("2024-06"))
    return widget


def _row(screen: TargetsScreen, code: str) -> int:
    return next(i for i, t in enumerate(screen.model.targets) if t.code == code)


def _cell(screen: TargetsScreen, code: str, column: int) -> str:
    return screen.model.index(_row(screen, code), column).data()


def test_the_office_targets_for_the_month(screen: TargetsScreen, qtmodeltester) -> None:  # type: ignore[no-untyped-def]
    codes = [t.code for t in screen.model.targets]
    # The province's own targets (6a, 9a, 10) are not the district's to report.
    assert codes == [
        "1a",
        "1b",
        "2a",
        "2b",
        "3a",
        "3b",
        "4",
        "5",
        "6b",
        "6c",
        "7",
        "8",
        "9b",
        "9c",
        "9d",
        "9e",
        "11",
    ]
    assert screen.title.text().endswith("tháng 6/2024")
    # Hòa (15/3), Thủy and Ấn (20/2): three admissions by June, none in June itself.
    assert (_cell(screen, "2a", MONTH), _cell(screen, "2a", YTD)) == ("0", "3")
    assert _cell(screen, "2a", PERCENT) == ""  # no quota yet: nothing, not 0 %
    assert _cell(screen, "2a", PACE) == "chưa có chỉ tiêu giao"
    qtmodeltester.check(screen.model)


def test_typing_a_quota_and_a_month_value(screen: TargetsScreen) -> None:
    model = screen.model
    assert model.setData(model.index(_row(screen, "2a"), QUOTA), "6")
    assert screen.message.text() == "Đã lưu chỉ tiêu giao 2a."
    assert (_cell(screen, "2a", QUOTA), _cell(screen, "2a", PERCENT)) == ("6", "50 %")
    assert _cell(screen, "2a", PACE) == "đúng tiến độ"

    assert not model.setData(model.index(_row(screen, "2a"), QUOTA), "-1")
    assert screen.message.text() == "Chỉ tiêu 2a: giá trị không được âm (-1)."
    assert _cell(screen, "2a", QUOTA) == "6"

    # An entered percentage is not typed in its cell: its two counts are (test below).
    one_a = model.index(_row(screen, "1a"), MONTH)
    assert not model.setData(one_a, "91,5")
    assert model.opens_counts(one_a) and _cell(screen, "1a", MONTH) == ""
    # A computed figure is not typed over.
    assert not model.setData(model.index(_row(screen, "2a"), MONTH), "9")
    assert _cell(screen, "2a", MONTH) == "0"


def _lines(listing) -> list[str]:  # type: ignore[no-untyped-def]
    return [listing.item(i).text() for i in range(listing.count())]


def test_selecting_a_target_lists_the_records_behind_it(screen: TargetsScreen) -> None:
    screen.table.selectRow(_row(screen, "2a"))
    assert screen.records_title.text() == "2a. Phát triển mới đoàn viên — hồ sơ làm nên số liệu:"
    assert screen.year_title.text() == "Lũy kế đến hết tháng 6/2024 (3 dòng):"
    assert _lines(screen.records) == [
        "20/02/2024 Võ Thị Thủy (kết nạp)",
        "20/02/2024 Huỳnh Văn Ấn (kết nạp)",
        "15/03/2024 Trần Thị Hòa (kết nạp)",
    ]
    assert screen.month_title.text() == "Trong tháng 6/2024 (0 dòng):"
    assert _lines(screen.month_records) == ["(không có hồ sơ nào)"]
    # 2b member by member. On 30/04: Đức, Hòa, Ánh, Thủy, Ấn, Lộc, Hằng, Nam; on 31/05 Lộc has
    # moved out of the district and Hằng has left.
    screen.choose_period("2024-05")
    screen.table.selectRow(_row(screen, "2b"))
    assert _lines(screen.month_records) == [
        "Đầu kỳ 8 đoàn viên",
        "Cuối kỳ 6 đoàn viên",
        "Vào 0, ra 2",
        "Ra: 31/05/2024 Bùi Văn Lộc (chuyển đi)",
        "Ra: 31/05/2024 Đỗ Thị Hằng (ra khỏi tổ chức)",
    ]
    # Since 31/12/2023 (Đức, Ánh, Dũng, Lộc, Hằng, Nam): Thủy, Ấn, Hòa in; Dũng, Lộc, Hằng out.
    assert _lines(screen.records) == [
        "Đầu kỳ 6 đoàn viên",
        "Cuối kỳ 6 đoàn viên",
        "Vào 3, ra 3",
        "Vào: 20/02/2024 Huỳnh Văn Ấn (kết nạp)",
        "Vào: 20/02/2024 Võ Thị Thủy (kết nạp)",
        "Vào: 15/03/2024 Trần Thị Hòa (kết nạp)",
        "Ra: 02/04/2024 Phạm Văn Dũng (ra khỏi tổ chức)",
        "Ra: 31/05/2024 Bùi Văn Lộc (chuyển đi)",
        "Ra: 31/05/2024 Đỗ Thị Hằng (ra khỏi tổ chức)",
    ]
    screen.table.selectRow(_row(screen, "1a"))
    assert screen.records_title.text() == (
        "1a. Đoàn viên, người lao động được tuyên truyền, phổ biến, học tập, quán triệt chủ "
        "trương, nghị quyết của Đảng, chính sách, pháp luật của Nhà nước liên quan đến lao động "
        "và công đoàn: nhập số người được tuyên truyền và tổng số trong phạm vi của tháng (nhấp "
        "đúp ô «Trong tháng» hoặc bấm «Nhập số người…»)."
    )
    assert screen.month_title.text() == "Kết quả tháng 5/2024:"
    assert _lines(screen.month_records) == ["(chưa nhập)"]
    assert _lines(screen.records) == ["(chưa nhập tháng nào)"]
    assert not screen.counts_button.isHidden()
    screen.table.selectRow(_row(screen, "2a"))
    assert screen.counts_button.isHidden()


def _bar_colour(screen: TargetsScreen, code: str) -> str:
    """The colour painted a few pixels into the pace bar of `code`'s row."""
    index = screen.model.index(_row(screen, code), PACE)
    screen.table.scrollTo(index)
    rect = screen.table.visualRect(index)
    image = screen.table.viewport().grab().toImage()
    return QColor(image.pixel(rect.left() + 10, rect.center().y())).name()


def test_each_pacing_rule_colours_its_bar(screen: TargetsScreen, qtbot) -> None:  # type: ignore[no-untyped-def]
    from datetime import date

    from desktop.models import Complaint
    from desktop.store import Store

    db = Store(screen.db_path)
    with db.session() as s:  # one complaint in March, still open in June
        s.add(Complaint(received_on=date(2024, 3, 4), subject="Chậm trả lương"))
    db.close()
    for code, quota in (("2a", "6"), ("6b", "82"), ("9e", "100")):
        set_quota(shared(screen.db_path), 2024, code, quota)
    screen.reload()
    screen.resize(1200, 900)
    screen.show()
    qtbot.waitExposed(screen)
    # linear: 3 of 6 admitted by June, half the year gone: on track.
    assert (
        _cell(screen, "2a", PACE),
        screen.model.index(_row(screen, "2a"), PACE).data(PACE_ROLE),
    ) == (
        "đúng tiến độ",
        "on_track",
    )
    # year_end: one of two state unions rated good (50 % of 82 %), yet ratings come in December.
    assert _cell(screen, "6b", PACE) == "chưa đến kỳ đánh giá"
    tip = screen.model.index(_row(screen, "6b"), PACE).data(Qt.ItemDataRole.ToolTipRole)
    assert tip == "chưa đến kỳ đánh giá: đánh giá vào cuối năm: trước tháng 12 chưa tính là chậm"
    # level: a complaint should be resolved whenever it is measured: 0 % of 100 % is far behind.
    assert (_cell(screen, "9e", YTD), _cell(screen, "9e", PACE)) == ("0 %", "chậm nhiều")
    assert _bar_colour(screen, "2a") == PACE_COLOURS["on_track"]
    assert _bar_colour(screen, "6b") == PACE_COLOURS["not_due"]
    screen.period.setCurrentIndex(screen.period.findData("2024-12"))
    # In December the rating is judged: 50 % is far below the 82 % asked.
    assert _cell(screen, "6b", PACE) == "chậm nhiều"
    assert _bar_colour(screen, "6b") == PACE_COLOURS["far_behind"]


def test_a_province_database_shows_the_provinces_own_targets(qtbot, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    from desktop.services.office import init_office

    path = tmp_path / "province.sqlite"
    init_office(
        shared(path), role="province", unit_code="LDLD-BENTRE", unit_name="LĐLĐ tỉnh Bến Tre"
    )
    widget = TargetsScreen(path, runner=TaskRunner(pool=SynchronousPool()))
    qtbot.addWidget(widget)
    widget.year.setCurrentIndex(widget.year.findData(2024))  # a new office opens on today's year
    codes = [t.code for t in widget.model.targets]
    assert {"6a", "9a", "10"} <= set(codes)
    assert len(codes) == 20


def test_the_province_opens_the_programme_editor_and_a_year_made_there_is_offered(
    qtbot, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:  # type: ignore[no-untyped-def]

    from desktop.programme.authoring import new_programme, save_programme
    from desktop.services.office import init_office
    from desktop.ui.programme_editor import ProgrammeEditor

    path = tmp_path / "province.sqlite"
    init_office(
        shared(path), role="province", unit_code="LDLD-BENTRE", unit_name="LĐLĐ tỉnh Bến Tre"
    )
    widget = TargetsScreen(path, runner=TaskRunner(pool=SynchronousPool()))
    qtbot.addWidget(widget)
    widget.year.setCurrentIndex(widget.year.findData(2024))
    opened: list[str] = []

    def author_2026(editor: ProgrammeEditor) -> int:
        # What the clerk does in the editor: «Tạo năm mới…» 2026 from 2024, then «Lưu».
        opened.append(editor.windowTitle())
        save_programme(shared(path), new_programme(shared(path), 2026, 2024))
        return 0

    monkeypatch.setattr(ProgrammeEditor, "exec", author_2026)
    assert widget.programme_button.text() == "Chương trình công tác…"
    widget.programme_button.click()
    assert opened == ["Chương trình công tác năm 2024"]
    assert widget.year.findData(2026) >= 0
    assert widget.year.currentData() == 2024
    widget.year.setCurrentIndex(widget.year.findData(2026))
    assert widget.title.text().startswith("Chương trình công tác công đoàn năm 2026")
    assert len(widget.model.targets) == 20


def test_an_office_has_no_programme_editor(screen: TargetsScreen) -> None:
    from PySide6.QtWidgets import QPushButton

    assert screen.findChild(QPushButton, "programmeButton") is None


def test_staff_pick_the_year_and_a_new_years_file_is_reachable(
    qtbot, small_district: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:  # type: ignore[no-untyped-def]
    from tests.unit._programmes import readmit_in_march_2025, ship_2025

    ship_2025(tmp_path, monkeypatch)
    path = tmp_path / "district.sqlite"
    shutil.copy(small_district, path)
    readmit_in_march_2025(path)  # the office's work reaches 2025
    widget = TargetsScreen(path, runner=TaskRunner(pool=SynchronousPool()))
    qtbot.addWidget(widget)
    years = [widget.year.itemText(i) for i in range(widget.year.count())]
    # The years with records (unions founded, members' events) or a programme, and today's.
    offered = (2001, 2005, 2010, 2012, 2015, 2016, 2017, 2018, 2020, 2023, 2024, 2025)
    today = date.today().year
    assert years == [f"Năm {y}" for y in sorted({*offered, today})]
    assert widget.year.currentText() == "Năm 2025"
    assert widget.title.text().startswith("Chương trình công tác công đoàn năm 2025 (thử)")
    assert [t.code for t in widget.model.targets] == ["A", "B"]
    widget.period.setCurrentIndex(widget.period.findData("2025-03"))
    assert (_cell(widget, "A", MONTH), _cell(widget, "A", YTD)) == ("1", "1")

    widget.year.setCurrentIndex(widget.year.findData(2024))  # back to last year, same month
    assert widget.period_text == "2024-03"
    assert widget.title.text() == "Chương trình công tác công đoàn năm 2024 — tháng 3/2024"
    # Thủy and Ấn (20/02), Hòa (15/03): three by March, Hòa in March itself.
    assert (_cell(widget, "2a", MONTH), _cell(widget, "2a", YTD)) == ("1", "3")
    widget.choose_period("2024-06")
    assert (widget.year.currentData(), widget.period_text) == (2024, "2024-06")
    assert (_cell(widget, "2a", MONTH), _cell(widget, "2a", YTD)) == ("0", "3")


def _start_typing(qtbot, screen: TargetsScreen, code: str, column: int, keys: str):  # type: ignore[no-untyped-def]
    from PySide6.QtWidgets import QLineEdit

    with qtbot.waitExposed(screen):
        screen.show()
    index = screen.model.index(_row(screen, code), column)
    screen.table.setCurrentIndex(index)
    screen.table.edit(index)
    [editor] = [w for w in screen.table.viewport().findChildren(QLineEdit) if w.isVisible()]
    editor.selectAll()
    qtbot.keyClicks(editor, keys)
    return editor


QUOTA_QUESTION = "Chỉ tiêu giao 2a có thay đổi chưa lưu. Lưu lại trước khi rời đi?"


@pytest.mark.parametrize(
    ("answer", "leaves", "quota", "still_typed"),
    [("save", True, "6", False), ("discard", True, "", False), ("cancel", False, "", True)],
)
def test_a_value_still_being_typed_is_asked_about_when_the_screen_is_left(  # type: ignore[no-untyped-def]
    qtbot,
    screen: TargetsScreen,
    monkeypatch: pytest.MonkeyPatch,
    answer: str,
    leaves: bool,
    quota: str,
    still_typed: bool,
) -> None:
    editor = _start_typing(qtbot, screen, "2a", QUOTA, "6")
    assert _cell(screen, "2a", QUOTA) == ""  # not saved yet: the cell is still being typed in
    seen = answer_boxes(monkeypatch, answer)
    assert screen.confirm_leave() is leaves
    assert seen == [QUOTA_QUESTION]
    assert _cell(screen, "2a", QUOTA) == quota
    assert _stored_quota(screen) == quota
    if answer == "save":
        assert screen.message.text() == "Đã lưu chỉ tiêu giao 2a."
        assert _cell(screen, "2a", PERCENT) == "50 %"
    assert (editor.isVisible() and editor.text() == "6") is still_typed
    if leaves:
        assert screen.confirm_leave()  # nothing open any more: the conftest refuses a box


def _stored_quota(screen: TargetsScreen) -> str:
    """The quota of 2a as stored (read again from the database, not from the table)."""
    from desktop.services.progress import progress_for

    report = progress_for(shared(screen.db_path), "2024-06")
    stored = next(t for t in report.targets if t.code == "2a")
    return "" if stored.quota is None else f"{stored.quota:g}"


def test_a_value_that_cannot_be_saved_keeps_the_clerk_on_the_screen(  # type: ignore[no-untyped-def]
    qtbot, screen: TargetsScreen, monkeypatch: pytest.MonkeyPatch
) -> None:
    editor = _start_typing(qtbot, screen, "2a", QUOTA, "-1")
    seen = answer_boxes(monkeypatch, "save")
    assert not screen.confirm_leave()
    assert seen == [QUOTA_QUESTION]
    assert screen.message.text() == "Chỉ tiêu 2a: giá trị không được âm (-1)."
    assert editor.isVisible() and editor.text() == "-1"
    assert _cell(screen, "2a", QUOTA) == ""


def test_an_opened_cell_with_nothing_typed_is_left_without_asking(  # type: ignore[no-untyped-def]
    qtbot, screen: TargetsScreen
) -> None:
    editor = _start_typing(qtbot, screen, "2a", QUOTA, "")
    assert screen.confirm_leave()  # the conftest fails the test if a box opens
    assert not editor.isVisible() and _cell(screen, "2a", QUOTA) == ""


def test_picking_another_month_asks_about_a_value_being_typed(  # type: ignore[no-untyped-def]
    qtbot, screen: TargetsScreen, monkeypatch: pytest.MonkeyPatch
) -> None:
    editor = _start_typing(qtbot, screen, "2a", QUOTA, "6")
    seen = answer_boxes(monkeypatch, "cancel", "save")
    screen.period.setCurrentIndex(screen.period.findData("2024-07"))  # «Hủy»: June stays
    assert screen.period_text == "2024-06"
    assert editor.isVisible() and editor.text() == "6"
    screen.year.setCurrentIndex(screen.year.findData(2024))  # same year: nothing happens
    screen.period.setCurrentIndex(screen.period.findData("2024-07"))  # «Lưu»: saved, then July
    assert seen == [QUOTA_QUESTION, QUOTA_QUESTION]
    assert screen.period_text == "2024-07"
    assert screen.title.text().endswith("tháng 7/2024")
    assert screen.message.text() == "Đã lưu chỉ tiêu giao 2a."
    assert _cell(screen, "2a", QUOTA) == "6"


def _entries(screen: TargetsScreen) -> list[tuple[object, ...]]:
    """The office's entries as stored (read again from the database, not from the table)."""
    from sqlalchemy import text

    with shared(screen.db_path).reading() as con:
        return [
            tuple(r)
            for r in con.execute(
                text(
                    "SELECT t.code, e.period, e.value, e.numerator, e.denominator "
                    "FROM progress_entry e JOIN target t ON t.id = e.target_id "
                    "WHERE e.deleted_at IS NULL ORDER BY t.code, e.period"
                )
            )
        ]


def test_typing_the_counts_shows_the_percentage_and_keeps_the_counts(  # type: ignore[no-untyped-def]
    qtbot, screen: TargetsScreen
) -> None:
    from desktop.ui.entry_counts_dialog import EntryCountsDialog

    with qtbot.waitExposed(screen):
        screen.show()
    cell = screen.model.index(_row(screen, "1a"), MONTH)
    assert cell.data(Qt.ItemDataRole.ToolTipRole) == (
        "Nhấp đúp để nhập số người được tuyên truyền và tổng số trong phạm vi của tháng"
    )
    screen.table.scrollTo(cell)
    rect = screen.table.visualRect(cell)
    # As a mouse does it: a press and release, then the double click (Qt's view opens on that).
    qtbot.mouseClick(screen.table.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    qtbot.mouseDClick(screen.table.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    dialog = screen.counts_dialog
    assert isinstance(dialog, EntryCountsDialog) and dialog.isVisible()
    assert dialog.windowTitle() == "Kết quả 1a tháng 6/2024"
    assert dialog.kept.text() == "Chưa có kết quả của tháng."
    assert [dialog.reached.accessibleName(), dialog.in_scope.accessibleName()] == [
        "Số người được tuyên truyền",
        "Tổng số trong phạm vi",
    ]
    qtbot.keyClicks(dialog.reached, "1.850")
    assert dialog.percent.text() == "—"  # the scope not typed yet
    qtbot.keyClicks(dialog.in_scope, "200")
    assert dialog.percent.text() == "—"  # 1.850 of 200: what is wrong is said instead
    assert dialog.problem.text() == (
        "Chỉ tiêu 1a: số người được tuyên truyền (1.850) lớn hơn tổng số trong phạm vi (200)."
    )
    dialog.save_button.click()  # refused: the dialog stays, nothing is kept
    assert dialog.isVisible() and _entries(screen) == []
    qtbot.keyClicks(dialog.in_scope, "0")  # 2000
    assert (dialog.percent.text(), dialog.problem.text()) == ("92,5 %", "")
    qtbot.keyClicks(dialog.reached, "1")  # a point groups thousands: 1.8501 is no count
    assert dialog.problem.text() == (
        "Chỉ tiêu 1a: số người được tuyên truyền phải là số nguyên (1.8501)."
    )
    qtbot.keyClick(dialog.reached, Qt.Key.Key_Backspace)
    assert (dialog.percent.text(), dialog.problem.text()) == ("92,5 %", "")
    dialog.save_button.click()
    assert not dialog.isVisible() and screen.counts_dialog is None
    assert _entries(screen) == [("1a", "2024-06", 92.5, 1850.0, 2000.0)]
    assert screen.message.text() == "Đã lưu kết quả 1a tháng 6/2024."
    assert _cell(screen, "1a", MONTH) == "92,5 %\n1.850/2.000"
    assert _cell(screen, "1a", YTD) == "92,5 %\n1.850/2.000"
    tip = screen.model.index(_row(screen, "1a"), YTD).data(Qt.ItemDataRole.ToolTipRole)
    assert tip == "Lũy kế năm lấy kết quả tháng 6/2024: 1.850/2.000 người = 92,5 %"

    # Opened again: the kept counts are in the boxes; both emptied, «Lưu» clears the month.
    screen.table.setCurrentIndex(screen.model.index(_row(screen, "1a"), MONTH))
    screen.counts_button.click()
    dialog = screen.counts_dialog
    assert isinstance(dialog, EntryCountsDialog)
    assert (dialog.reached.text(), dialog.in_scope.text()) == ("1.850", "2.000")
    assert dialog.kept.text() == "Đang lưu: 1.850/2.000 người = 92,5 %."
    dialog.reached.clear()
    dialog.in_scope.clear()
    dialog.save_button.click()
    assert _entries(screen) == []
    assert screen.message.text() == "Đã xóa kết quả 1a tháng 6/2024."
    assert _cell(screen, "1a", MONTH) == ""


def test_an_entry_kept_without_counts_shows_the_mark(  # type: ignore[no-untyped-def]
    qtbot, screen: TargetsScreen, qtmodeltester
) -> None:
    from desktop.services.targets import set_entry, set_entry_counts

    set_entry(shared(screen.db_path), "2024-05", "1a", "87,5")  # an older entry: no counts
    set_entry_counts(shared(screen.db_path), "2024-06", "1a", "1.850", "2.000")
    set_entry(shared(screen.db_path), "2024-06", "1b", "79")
    screen.reload()
    assert _cell(screen, "1b", MONTH) == "79 %\nkhông kèm số người"
    assert _cell(screen, "1b", YTD) == "79 %\nkhông kèm số người"
    marked = screen.model.index(_row(screen, "1b"), MONTH)
    assert marked.data(Qt.ItemDataRole.ForegroundRole) == QColor("#8a5a00")
    assert marked.data(Qt.ItemDataRole.ToolTipRole) == (
        "Kết quả tháng 6/2024: 79 % (nhập tỷ lệ, không kèm số người)\n"
        "Nhấp đúp để nhập số người tham gia học tập và tổng số trong phạm vi của tháng"
    )
    qtmodeltester.check(screen.model)
    assert _cell(screen, "1a", MONTH) == "92,5 %\n1.850/2.000"
    assert (
        screen.model.index(_row(screen, "1a"), MONTH).data(Qt.ItemDataRole.ForegroundRole) is None
    )
    screen.table.selectRow(_row(screen, "1a"))
    assert _lines(screen.month_records) == ["1.850/2.000 người = 92,5 %"]
    assert screen.year_title.text() == "Các tháng đã nhập đến hết tháng 6/2024 (2 tháng):"
    assert _lines(screen.records) == [
        "Tháng 5/2024: 87,5 % (nhập tỷ lệ, không kèm số người)",
        "Tháng 6/2024: 1.850/2.000 người = 92,5 %",
    ]
    screen.choose_period("2024-05")
    assert _cell(screen, "1a", MONTH) == "87,5 %\nkhông kèm số người"
    # The editor says what is kept and takes two counts in its place.
    dialog = screen.open_counts(screen.model.targets[_row(screen, "1a")])
    assert dialog.kept.text() == (  # type: ignore[attr-defined]
        "Đang lưu: 87,5 % (nhập tỷ lệ, không kèm số người). Ghi hai số để thay."
    )
    assert dialog.reached.text() == ""  # type: ignore[attr-defined]
    dialog.reject()  # type: ignore[attr-defined]


def test_dates_inside_a_record_read_day_month_year(screen: TargetsScreen) -> None:
    from datetime import date

    from desktop.services.oversight import ComplaintInput, save_complaint

    # The record that once showed «2024-12-28»: a complaint resolved in the month.
    save_complaint(
        shared(screen.db_path),
        ComplaintInput(
            date(2024, 12, 3), "Chậm trả lương", None, True, date(2024, 12, 28), "Xong."
        ),
    )
    screen.choose_period("2024-12")
    screen.table.selectRow(_row(screen, "9e"))
    lines = _lines(screen.month_records) + _lines(screen.records)
    assert "03/12/2024 Chậm trả lương: đã giải quyết 28/12/2024" in lines
    assert not [line for line in lines if "2024-" in line]


def test_a_record_line_reads_as_offices_write() -> None:
    from desktop.ui.targets_screen import shown_record

    assert shown_record("Đầu kỳ 342/4182 = 8.18 %") == "Đầu kỳ 342/4182 = 8,18 %"
    assert shown_record("Bùi Tấn An: hộ nghèo (2023-12-15) → hộ cận nghèo (2024-12-15)") == (
        "Bùi Tấn An: hộ nghèo (15/12/2023) → hộ cận nghèo (15/12/2024)"
    )
    assert shown_record("3/4 CĐCS") == "3/4 CĐCS"


def test_a_province_names_the_offices_its_figures_leave_out(qtbot, demo_province: Path) -> None:  # type: ignore[no-untyped-def]
    """The education union sent up to September: from October its figures are not in the
    province's, and Chỉ tiêu says so above the table; in September every office is counted."""
    widget = TargetsScreen(demo_province, runner=TaskRunner(pool=SynchronousPool()))
    qtbot.addWidget(widget)
    widget.year.setCurrentIndex(widget.year.findData(2024))
    widget.period.setCurrentIndex(widget.period.findData("2024-12"))
    assert not widget.uncounted.isHidden()
    assert widget.uncounted.text() == (
        "Số liệu toàn tỉnh tháng 12/2024 chưa tính 1 đơn vị chưa gửi gói đến tháng này: "
        "CDGD-BENTRE (xem màn hình Tổng hợp, Đơn vị)."
    )
    widget.period.setCurrentIndex(widget.period.findData("2024-09"))
    assert widget.uncounted.isHidden() and widget.uncounted.text() == ""
