"""The Hoạt động screen: the month's activities by task area, the form, the narrative."""

from __future__ import annotations

import shutil
from datetime import date
from pathlib import Path

import pytest
from PySide6.QtWidgets import QMessageBox

from desktop.services.activities import narrative
from desktop.store import shared
from desktop.ui.activities_screen import ActivitiesScreen
from desktop.ui.tasks import SynchronousPool, TaskRunner
from tests.ui._clerk import answer_boxes, type_text


@pytest.fixture
def screen(qtbot, small_district: Path, tmp_path: Path) -> ActivitiesScreen:  # type: ignore[no-untyped-def]
    path = tmp_path / "district.sqlite"
    shutil.copy(small_district, path)
    widget = ActivitiesScreen(path, runner=TaskRunner(pool=SynchronousPool()))
    qtbot.addWidget(widget)
    widget.year.setCurrentIndex(widget.year.findData(2024))
    widget.month.setCurrentIndex(5)  # June
    return widget


def _areas(screen: ActivitiesScreen) -> list[str]:
    return [screen.area_list.item(i).text() for i in range(screen.area_list.count())]


def test_add_an_activity_through_the_form(screen: ActivitiesScreen, qtmodeltester) -> None:  # type: ignore[no-untyped-def]
    assert screen.title.text() == "Hoạt động tháng 6/2024"
    assert _areas(screen)[0] == "Tất cả nhiệm vụ (0)"
    assert len(_areas(screen)) == 11
    screen.area_list.setCurrentRow(3)  # task area 3
    form = screen.form()
    assert form.area.currentData() == 3
    assert form.held_on.date() == date(2024, 6, 1)
    assert form.held_on.text() == "01/06/2024"
    assert not form.form.isRowVisible(form.houses)  # asked of a house activity only
    form.kind.setCurrentIndex(form.kind.findData("house"))
    assert form.form.isRowVisible(form.houses)
    assert [form.subkind.itemText(i) for i in range(form.subkind.count())] == [
        "",
        "Mái ấm Công đoàn",
        "Nghĩa tình đồng nghiệp",
        "Nhà tình thương",
    ]
    form.participants.setValue(10)
    form.women.setValue(12)
    assert not form.try_save()
    assert form.errors["title"].text() == "Nhập tên hoạt động."
    assert form.errors["participants_women"].text() == "Số nữ (12) lớn hơn số người tham gia (10)."
    assert form.errors["amount"].isHidden()
    assert form.errors["houses"].text() == "Nhập số căn nhà (số nguyên, từ 1 trở lên)."
    form.houses.setText("hai")
    assert not form.try_save()
    assert form.errors["houses"].text() == (
        "Số căn nhà phải là số nguyên từ 1 trở lên (đã nhập «hai»)."
    )
    form.houses.setText("0")
    assert not form.try_save()
    assert form.errors["houses"].text() == "Số căn nhà phải từ 1 trở lên (đã nhập 0)."
    form.kind.setCurrentIndex(form.kind.findData("support"))
    assert not form.form.isRowVisible(form.houses) and form.errors["houses"].isHidden()
    form.kind.setCurrentIndex(form.kind.findData("house"))
    form.houses.setText("2")

    form.title.setText("Trao Mái ấm Công đoàn")
    form.women.setValue(6)
    form.subkind.setCurrentText("Mái ấm Công đoàn")
    form.amount.setValue(50_000_000)
    form.held_on.setDate(date(2024, 6, 12))
    form.union_filter.setText("dong hai")
    visible = [
        form.unions.item(i).text()
        for i in range(form.unions.count())
        if not form.unions.item(i).isHidden()
    ]
    assert visible == ["CĐCS Công ty TNHH Thủy sản Đông Hải"]
    form.check_unions(visible)
    assert form.try_save()
    screen._saved("Đã thêm hoạt động.")

    assert _areas(screen)[0] == "Tất cả nhiệm vụ (1)"
    assert _areas(screen)[3].endswith("(1)")
    assert screen.model.rowCount() == 1
    cells = [screen.model.index(0, c).data() for c in range(screen.model.columnCount())]
    assert cells == [
        "12/06/2024",
        "3",
        "Nhà tặng đoàn viên – Mái ấm Công đoàn (2 căn)",
        "Trao Mái ấm Công đoàn",
        "CĐCS Công ty TNHH Thủy sản Đông Hải",
        "10",
        "6",
        "50.000.000 đ",
    ]
    qtmodeltester.check(screen.model)

    screen.area_list.setCurrentRow(4)  # task area 4 has nothing
    assert screen.model.rowCount() == 0


def test_the_narrative_of_a_task_area(screen: ActivitiesScreen) -> None:
    screen.area_list.setCurrentRow(0)
    assert not screen.narrative.isEnabled()
    screen.area_list.setCurrentRow(4)
    assert screen.narrative_label.text() == "Tình hình thực hiện nhiệm vụ 4 trong tháng 6/2024:"
    screen.narrative.setPlainText("Tổ chức 12 buổi tuyên truyền Bộ luật Lao động.")
    screen.store_narrative()
    assert screen.message.text() == "Đã lưu tình hình nhiệm vụ 4 tháng 6/2024."
    assert (
        narrative(shared(screen.db_path), "2024-06", 4)
        == "Tổ chức 12 buổi tuyên truyền Bộ luật Lao động."
    )
    screen.month.setCurrentIndex(6)
    screen.area_list.setCurrentRow(4)
    assert screen.narrative.toPlainText() == ""


def test_delete_asks_first(screen: ActivitiesScreen, monkeypatch: pytest.MonkeyPatch) -> None:
    from desktop.services.activities import ActivityInput, save_activity

    save_activity(
        shared(screen.db_path),
        ActivityInput(
            task_area=4, kind="propaganda", title="Tuyên truyền", held_on=date(2024, 6, 3)
        ),
    )
    screen.reload()
    screen.table.selectRow(0)
    monkeypatch.setattr(QMessageBox, "question", lambda *a, **k: QMessageBox.StandardButton.No)
    screen.delete_selected()
    assert screen.model.rowCount() == 1
    monkeypatch.setattr(QMessageBox, "question", lambda *a, **k: QMessageBox.StandardButton.Yes)
    screen.delete_selected()
    assert screen.model.rowCount() == 0
    assert screen.message.text() == "Đã xóa hoạt động «Tuyên truyền»."


# A narrative typed and not saved is never thrown away without asking ---------------------------

TYPED = "Tổ chức 12 buổi tuyên truyền Bộ luật Lao động."
QUESTION = (
    "Tình hình thực hiện nhiệm vụ 4 tháng 6/2024 có thay đổi chưa lưu. Lưu lại trước khi rời đi?"
)


def _type_narrative(screen: ActivitiesScreen) -> None:
    screen.area_list.setCurrentRow(4)  # task area 4
    type_text(screen.narrative, TYPED)
    assert screen.narrative_dirty()


@pytest.mark.parametrize(
    ("answer", "stored", "shown_area", "shown_text"),
    [
        ("save", TYPED, 5, ""),
        ("discard", "", 5, ""),
        ("cancel", "", 4, TYPED),
    ],
)
def test_switching_task_area_asks_about_the_narrative(
    screen: ActivitiesScreen,
    monkeypatch: pytest.MonkeyPatch,
    answer: str,
    stored: str,
    shown_area: int,
    shown_text: str,
) -> None:
    _type_narrative(screen)
    seen = answer_boxes(monkeypatch, answer)
    screen.area_list.setCurrentRow(5)  # the clerk picks task area 5
    assert seen == [QUESTION]
    assert narrative(shared(screen.db_path), "2024-06", 4) == stored
    assert screen.area == shown_area
    assert screen.area_list.currentRow() == shown_area  # «Hủy» puts the list back on area 4
    assert screen.narrative.toPlainText() == shown_text
    assert screen.narrative_label.text() == (
        f"Tình hình thực hiện nhiệm vụ {shown_area} trong tháng 6/2024:"
    )
    if answer == "save":
        assert screen.message.text() == "Đã lưu tình hình nhiệm vụ 4 tháng 6/2024."


@pytest.mark.parametrize(
    ("answer", "stored", "period", "shown_text"),
    [
        ("save", TYPED, "2024-07", ""),
        ("discard", "", "2024-07", ""),
        ("cancel", "", "2024-06", TYPED),
    ],
)
def test_switching_month_asks_about_the_narrative(
    screen: ActivitiesScreen,
    monkeypatch: pytest.MonkeyPatch,
    answer: str,
    stored: str,
    period: str,
    shown_text: str,
) -> None:
    _type_narrative(screen)
    seen = answer_boxes(monkeypatch, answer)
    screen.month.setCurrentIndex(6)  # the clerk picks July
    assert seen == [QUESTION]
    assert narrative(shared(screen.db_path), "2024-06", 4) == stored
    assert narrative(shared(screen.db_path), "2024-07", 4) == ""
    assert screen.period == period
    assert screen.month.currentText() == ("Tháng 7" if period == "2024-07" else "Tháng 6")
    assert screen.area == 4  # the same task area, in the month now shown
    assert screen.narrative.toPlainText() == shown_text
    month = "7" if period == "2024-07" else "6"
    assert screen.title.text() == f"Hoạt động tháng {month}/2024"


def test_switching_year_with_cancel_keeps_the_year_and_the_text(
    screen: ActivitiesScreen, monkeypatch: pytest.MonkeyPatch
) -> None:
    _type_narrative(screen)
    seen = answer_boxes(monkeypatch, "cancel")
    screen.year.setCurrentIndex(screen.year.findData(2023))
    assert seen == [QUESTION]
    assert (screen.year.currentData(), screen.period) == (2024, "2024-06")
    assert screen.narrative.toPlainText() == TYPED


@pytest.mark.parametrize(
    ("answer", "leaves", "stored", "shown_text"),
    [
        ("save", True, TYPED, TYPED),
        ("discard", True, "", ""),
        ("cancel", False, "", TYPED),
    ],
)
def test_leaving_the_screen_asks_about_the_narrative(
    screen: ActivitiesScreen,
    monkeypatch: pytest.MonkeyPatch,
    answer: str,
    leaves: bool,
    stored: str,
    shown_text: str,
) -> None:
    _type_narrative(screen)
    seen = answer_boxes(monkeypatch, answer)
    assert screen.confirm_leave() is leaves
    assert seen == [QUESTION]
    assert narrative(shared(screen.db_path), "2024-06", 4) == stored
    assert screen.narrative.toPlainText() == shown_text
    # Nothing more to ask once saved or let go; still asked after «Hủy».
    assert screen.narrative_dirty() is (not leaves)


def test_nothing_typed_nothing_asked(screen: ActivitiesScreen) -> None:
    screen.area_list.setCurrentRow(4)
    screen.narrative.setPlainText("")
    assert screen.confirm_leave()  # the conftest fails the test if any box opens
    screen.area_list.setCurrentRow(5)
    screen.month.setCurrentIndex(6)
    assert (screen.area, screen.period) == (5, "2024-07")


def test_an_activity_added_under_typed_text_keeps_the_text(screen: ActivitiesScreen) -> None:
    from desktop.services.activities import ActivityInput, save_activity

    _type_narrative(screen)
    save_activity(
        shared(screen.db_path),
        ActivityInput(
            task_area=4, kind="propaganda", title="Tuyên truyền", held_on=date(2024, 6, 3)
        ),
    )
    screen._saved("Đã thêm hoạt động.")  # what the form's «Lưu» leads to
    assert screen.model.rowCount() == 1
    assert screen.narrative.toPlainText() == TYPED
    assert screen.narrative_dirty()


def test_the_main_window_asks_before_leaving_or_closing_on_a_typed_narrative(
    qtbot, small_district: Path, monkeypatch: pytest.MonkeyPatch
) -> None:  # type: ignore[no-untyped-def]
    from desktop.ui.main_window import MainWindow

    window = MainWindow(small_district)
    qtbot.addWidget(window)
    screen = window.show_screen("activities")
    assert isinstance(screen, ActivitiesScreen)
    screen.year.setCurrentIndex(screen.year.findData(2024))
    screen.month.setCurrentIndex(5)
    _type_narrative(screen)
    seen = answer_boxes(monkeypatch, "cancel")
    window.sidebar.setCurrentRow(4)  # Chỉ tiêu
    assert seen == [QUESTION]
    assert window.stack.currentWidget() is screen  # «Hủy»: still on Hoạt động, text kept
    assert window.sidebar.currentItem().text() == "Hoạt động"
    assert screen.narrative.toPlainText() == TYPED

    seen = answer_boxes(monkeypatch, "save")
    assert window.close()
    assert seen == [QUESTION]
    assert narrative(shared(small_district), "2024-06", 4) == TYPED
