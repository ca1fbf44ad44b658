"""The union form's «Tái cử» box (target 5 counts newly elected chairs only): ticked for the
sitting chair's new election date, unticked for a new name, left alone once staff choose."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialog

from desktop.ui.tasks import SynchronousPool, TaskRunner
from desktop.ui.union_dialog import UnionDialog
from desktop.ui.unions_screen import UnionsScreen
from tests.unit._unions_fixture import district_copy

SCHOOL = "CĐCS Trường Tiểu học An Hòa Tây"  # chair Nguyễn Thị Lan, elected 10/04/2023


@pytest.fixture
def screen(qtbot, tmp_path: Path) -> UnionsScreen:  # type: ignore[no-untyped-def]
    db, _ = district_copy(tmp_path)
    widget = UnionsScreen(db, runner=TaskRunner(pool=SynchronousPool()))
    qtbot.addWidget(widget)
    return widget


def _school_form(screen: UnionsScreen, qtbot) -> UnionDialog:  # type: ignore[no-untyped-def]
    panel = screen.unions
    panel.select_id(next(u.id for u in panel.all_rows if u.name == SCHOOL))
    form = panel.union_dialog(panel.selected())
    # A form left with typed text is closed without the unsaved-work question.
    qtbot.addWidget(form, before_close_func=lambda w: QDialog.done(w, 0))
    form.show()
    return form


def _stored(db: Path) -> tuple[object, ...]:
    with sqlite3.connect(db) as con:
        return con.execute(
            "SELECT chair_name, chair_elected_on, chair_trained_on, chair_reelected "
            "FROM grassroots_union WHERE name = ?",
            (SCHOOL,),
        ).fetchone()


def test_a_new_election_date_for_the_sitting_chair_ticks_re_election(
    screen: UnionsScreen,
    qtbot,  # type: ignore[no-untyped-def]
) -> None:
    form = _school_form(screen, qtbot)
    assert form.reelected.accessibleName() == "Tái cử (bầu lại chủ tịch đương nhiệm)"
    assert not form.reelected.isChecked()
    elected = form.dates["chair_elected_on"]
    elected.clear()
    qtbot.keyClicks(elected, "1210202")
    assert not form.reelected.isChecked()  # half a date: no guess yet
    qtbot.keyClicks(elected, "4")
    assert elected.text() == "12/10/2024" and form.reelected.isChecked()
    form.chair.setText("Trần Văn Bảo")  # a new name is a new chair
    assert not form.reelected.isChecked()
    form.chair.setText("nguyễn thị  lan")  # the same chair, typed carelessly
    assert form.reelected.isChecked()
    form.chair.setText("Nguyễn Thị Lan")
    elected.setText("10/04/2023")  # the stored date: the stored answer
    assert not form.reelected.isChecked()
    elected.setText("12/10/2024")
    assert form.reelected.isChecked()
    # The training of 01/06/2023, before this election, counts for the new term: saved as is.
    assert form.try_save()
    assert _stored(screen.db_path) == ("Nguyễn Thị Lan", "2024-10-12", "2023-06-01", 1)

    again = _school_form(screen, qtbot)
    assert again.reelected.isChecked()


def test_once_staff_untick_it_the_form_stops_guessing(
    screen: UnionsScreen,
    qtbot,  # type: ignore[no-untyped-def]
) -> None:
    form = _school_form(screen, qtbot)
    elected = form.dates["chair_elected_on"]
    elected.setText("12/10/2024")
    assert form.reelected.isChecked()
    qtbot.mouseClick(form.reelected, Qt.MouseButton.LeftButton)
    assert not form.reelected.isChecked()
    elected.setText("13/10/2024")
    assert not form.reelected.isChecked()
    assert form.try_save()
    assert _stored(screen.db_path)[1:] == ("2024-10-13", "2023-06-01", 0)


def test_a_re_election_with_a_new_name_is_refused_beside_the_box(
    screen: UnionsScreen,
    qtbot,  # type: ignore[no-untyped-def]
) -> None:
    form = _school_form(screen, qtbot)
    form.dates["chair_elected_on"].setText("12/10/2024")
    form.chair.setText("Trần Văn Bảo")
    qtbot.mouseClick(form.reelected, Qt.MouseButton.LeftButton)
    assert form.reelected.isChecked()
    assert not form.try_save()
    assert form.rows.errors["chair_reelected"].text() == (
        "Tái cử: «Trần Văn Bảo» thay «Nguyễn Thị Lan» là chủ tịch mới, không phải tái cử; bỏ "
        "chọn Tái cử (chỉ tiêu 5 tính chủ tịch bầu mới)."
    )
    assert _stored(screen.db_path) == ("Nguyễn Thị Lan", "2023-04-10", "2023-06-01", 0)
