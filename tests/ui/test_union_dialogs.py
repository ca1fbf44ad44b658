"""The union, prospect and movement dialogs ask before typed work is lost, and the union and
prospect forms offer to read again a record changed after they opened (the real boxes are
clicked, as a clerk would)."""

from __future__ import annotations

import sqlite3
from datetime import date
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QMessageBox

from desktop.importer.plan import ImportRequest
from desktop.services.prospect_status import change_status
from desktop.store import shared
from desktop.ui.members_screen import MembersScreen
from desktop.ui.tasks import SynchronousPool, TaskRunner
from desktop.ui.unions_screen import UnionsScreen
from tests.ui._dialogs import REAL_EXEC, answer
from tests.unit._import_fixtures import run_import
from tests.unit._members_fixture import make_district
from tests.unit._unions_fixture import district_copy

SCHOOL = "CĐCS Trường Tiểu học An Hòa Tây"
BANH = "Cơ sở Bánh tráng Mỹ Thạnh"


@pytest.fixture(autouse=True)
def real_boxes(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(QMessageBox, "exec", REAL_EXEC)


@pytest.fixture
def screen(qtbot, tmp_path: Path) -> UnionsScreen:  # type: ignore[no-untyped-def]
    db, _ = district_copy(tmp_path)
    widget = UnionsScreen(db, runner=TaskRunner(pool=SynchronousPool()))
    qtbot.addWidget(widget)
    return widget


def _school(db: Path) -> tuple[object, ...]:
    with sqlite3.connect(db) as con:
        return con.execute(
            "SELECT workforce_total, phone FROM grassroots_union WHERE name = ?", (SCHOOL,)
        ).fetchone()


def test_the_union_form_asks_then_reads_an_imported_change_again(
    screen: UnionsScreen, qtbot, tmp_path: Path
) -> None:  # type: ignore[no-untyped-def]
    panel, db = screen.unions, screen.db_path
    panel.select_id(next(u.id for u in panel.all_rows if u.name == SCHOOL))
    dialog = panel.union_dialog(panel.selected())
    qtbot.addWidget(dialog)
    dialog.show()
    dialog.phone.setText("0275 3 861 234")
    seen: list[str] = []
    answer("unsavedCancel", seen)
    qtbot.keyClick(dialog, Qt.Key.Key_Escape)
    assert seen == ["Thông tin công đoàn cơ sở có thay đổi chưa lưu. Lưu lại trước khi rời đi?"]
    assert dialog.isVisible() and dialog.phone.text() == "0275 3 861 234"

    sheet = tmp_path / "cdcs.csv"
    sheet.write_text("Tên công đoàn cơ sở,Tổng số lao động\n" + SCHOOL + ",44\n", encoding="utf-8")
    run_import(db, ImportRequest("unions", sheet, update_existing=True, today=date(2024, 12, 31)))
    answer("staleCancel", seen)
    assert not dialog.try_save()
    assert seen[1].startswith(f"Thông tin của {SCHOOL} đã được sửa lúc ")
    assert seen[1].endswith(
        "(nhập từ bảng tính cdcs.csv) sau khi mở biểu mẫu. Tải lại để xem bản mới?"
    )
    assert dialog.rows.errors["name"].text() == seen[1].replace(
        "Tải lại để xem bản mới?", "Biểu mẫu chưa được lưu."
    )
    assert _school(db) == (44, "")  # the import's count stays

    answer("staleReload", seen)
    assert not dialog.try_save()
    assert (dialog.total.value(), dialog.phone.text()) == (44, "")
    assert dialog.rows.errors["name"].text() == "Đã tải lại bản mới nhất; xem lại rồi bấm «Lưu»."
    dialog.phone.setText("0275 3 861 234")
    assert dialog.try_save()
    assert _school(db) == (44, "0275 3 861 234")


def test_a_prospect_form_reads_a_status_step_made_meanwhile(screen: UnionsScreen, qtbot) -> None:  # type: ignore[no-untyped-def]
    panel, db = screen.prospects, screen.db_path
    banh = next(p.id for p in panel.all_rows if p.name == BANH)
    panel.select_id(banh)
    dialog = panel.prospect_dialog(panel.selected())
    qtbot.addWidget(dialog)
    dialog.total.setValue(30)
    change_status(shared(db), banh, "mobilising", date(2024, 12, 2), "Hẹn họp công nhân")
    seen: list[str] = []
    answer("staleReload", seen)
    assert not dialog.try_save()
    assert seen[0].startswith(f"Thông tin doanh nghiệp {BANH} đã được sửa lúc ")
    assert "(đang vận động 02/12/2024) sau khi mở biểu mẫu." in seen[0]
    assert dialog.note.toPlainText().endswith("02/12/2024 Đang vận động: Hẹn họp công nhân")
    dialog.total.setValue(30)
    assert dialog.try_save()
    with sqlite3.connect(db) as con:
        stored = con.execute(
            "SELECT workforce_total, status, note FROM enterprise WHERE name = ?", (BANH,)
        ).fetchone()
    assert stored[:2] == (30, "mobilising")
    assert stored[2].endswith("02/12/2024 Đang vận động: Hẹn họp công nhân")


def test_closing_a_movement_with_a_reason_typed_asks_and_saves(qtbot, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    db = make_district(tmp_path / "d.sqlite", [("Trần Thị Hòa", "female", "083190000001")])
    members = MembersScreen(db, runner=TaskRunner(pool=SynchronousPool()))
    qtbot.addWidget(members)
    members.table.selectRow(0)
    move = members.move_dialog("left")
    qtbot.addWidget(move)
    move.show()
    move.day.clear()
    qtbot.keyClicks(move.day, "01062024")
    move.reason.setText("Nghỉ việc")
    seen: list[str] = []
    answer("unsavedSave", seen)
    move.close()
    assert seen == [
        "Biểu mẫu «Ra khỏi tổ chức» của Trần Thị Hòa có thay đổi chưa lưu. "
        "Lưu lại trước khi rời đi?"
    ]
    assert not move.isVisible()
    with sqlite3.connect(db) as con:
        rows = con.execute("SELECT kind, event_date, reason FROM member_event").fetchall()
    assert rows == [("left", "2024-06-01", "Nghỉ việc")]


def test_dates_typed_straight_through_in_the_union_dialogs(screen: UnionsScreen, qtbot) -> None:  # type: ignore[no-untyped-def]
    panel, db = screen.unions, screen.db_path
    panel.select_id(next(u.id for u in panel.all_rows if u.name == SCHOOL))
    rating = panel.rating_dialog(2024)
    qtbot.addWidget(rating)
    rating.rated_on.clear()
    qtbot.keyClicks(rating.rated_on, "15122024")
    assert rating.try_save()
    form = panel.union_dialog(panel.selected())
    qtbot.addWidget(form)
    form.dates["chair_trained_on"].clear()
    qtbot.keyClicks(form.dates["chair_trained_on"], "02062023")
    assert form.try_save()
    with sqlite3.connect(db) as con:
        rated = con.execute(
            "SELECT r.rated_on, g.chair_trained_on FROM union_rating r JOIN grassroots_union g "
            "ON g.id = r.union_id WHERE g.name = ? AND r.year = 2024 AND r.deleted_at IS NULL",
            (SCHOOL,),
        ).fetchall()
    assert rated == [("2024-12-15", "2023-06-02")]
