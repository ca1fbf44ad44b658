"""The Hoạt động screen: the month's activities by task area, the form, the narrative."""

from __future__ import annotations

import shutil
from datetime import date
from pathlib import Path

import pytest
from PySide6.QtWidgets import QMessageBox

from desktop.services.activities import narrative
from desktop.ui.activities_screen import ActivitiesScreen
from desktop.ui.tasks import SynchronousPool, TaskRunner


@pytest.fixture
def screen(qtbot, small_district: Path, tmp_path: Path) -> ActivitiesScreen:  # type: ignore[no-untyped-def]
    path = tmp_path / "district.sqlite"
    shutil.copy(small_district, path)
    widget = ActivitiesScreen(path, runner=TaskRunner(pool=SynchronousPool()))
    qtbot.addWidget(widget)
    widget.year.setValue(2024)
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
    form.kind.setCurrentIndex(form.kind.findData("house"))
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
        "Nhà tặng đoàn viên – Mái ấm Công đoàn",
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
        narrative(screen.db_path, "2024-06", 4) == "Tổ chức 12 buổi tuyên truyền Bộ luật Lao động."
    )
    screen.month.setCurrentIndex(6)
    screen.area_list.setCurrentRow(4)
    assert screen.narrative.toPlainText() == ""


def test_delete_asks_first(screen: ActivitiesScreen, monkeypatch: pytest.MonkeyPatch) -> None:
    from desktop.services.activities import ActivityInput, save_activity

    save_activity(
        screen.db_path,
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
