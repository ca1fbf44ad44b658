"""The Đoàn viên screen: search as you type, filters, columns, the form, movements, export."""

from __future__ import annotations

from pathlib import Path

import openpyxl
import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QMessageBox

from desktop.ui.members_screen import MembersScreen
from desktop.ui.tasks import SynchronousPool, TaskRunner
from tests.unit._members_fixture import UNION_B, make_district

PEOPLE = [
    ("Trần Thị Hòa", "female", "083190000001"),
    ("Nguyễn Văn Đức", "male", "083090000002"),
    ("Phạm Văn Đức", "male", "001090000003"),
    ("Lê Thị Ánh", "female", "083190000004"),
    ("=Hack Thị Lạ", "female", "083190000005"),
]


@pytest.fixture
def screen(qtbot, tmp_path: Path) -> MembersScreen:  # type: ignore[no-untyped-def]
    db = make_district(tmp_path / "d.sqlite", PEOPLE)
    widget = MembersScreen(db, runner=TaskRunner(pool=SynchronousPool()))
    qtbot.addWidget(widget)
    return widget


def _names(screen: MembersScreen) -> list[str]:
    model = screen.model
    assert model is not None
    return [model.index(r, 0).data() for r in range(model.rowCount())]


def _type(screen: MembersScreen, text: str) -> None:
    screen.search.setText(text)
    screen.apply()  # what the debounce timer calls


def test_search_as_you_type_and_filters(screen: MembersScreen, qtmodeltester) -> None:  # type: ignore[no-untyped-def]
    # By given name: Ánh, Đức, Đức, Hòa, Lạ.
    assert _names(screen) == [
        "Lê Thị Ánh",
        "Nguyễn Văn Đức",
        "Phạm Văn Đức",
        "Trần Thị Hòa",
        "=Hack Thị Lạ",
    ]
    assert screen.count.text() == "5 đoàn viên"
    _type(screen, "d")
    assert _names(screen) == ["Nguyễn Văn Đức", "Phạm Văn Đức"]
    _type(screen, "duc nguyen")
    assert _names(screen) == ["Nguyễn Văn Đức"]
    _type(screen, "0011")
    assert screen.count.text() == "0 đoàn viên"
    _type(screen, "")
    screen.union.setCurrentIndex(screen.union.findData(UNION_B))
    assert _names(screen) == ["Lê Thị Ánh", "Nguyễn Văn Đức"]
    screen.gender.setCurrentIndex(screen.gender.findData("female"))
    assert _names(screen) == ["Lê Thị Ánh"]
    assert screen.model is not None
    qtmodeltester.check(screen.model)


def test_column_chooser_hides_and_remembers(screen: MembersScreen) -> None:
    shown = [
        screen.model.headerData(c, Qt.Orientation.Horizontal)
        for c in range(screen.model.columnCount())
        if not screen.table.isColumnHidden(c)
    ]
    assert shown == [
        "Họ và tên",
        "Giới tính",
        "Ngày sinh",
        "Số CCCD",
        "Công đoàn cơ sở",
        "Trạng thái",
        "Ngày vào CĐ",
    ]
    menu = screen.choose_columns()
    phone = next(a for a in menu.actions() if a.text() == "Điện thoại")
    phone.setChecked(True)
    assert not screen.table.isColumnHidden(9)
    again = MembersScreen(screen.db_path, runner=TaskRunner(pool=SynchronousPool()))
    assert not again.table.isColumnHidden(9)  # remembered for the next time
    next(a for a in again.choose_columns().actions() if a.text() == "Điện thoại").setChecked(False)


def test_add_move_undo_through_the_screen(screen: MembersScreen) -> None:
    dialog = screen.member_dialog()
    dialog.set_text("full_name", "Võ Thị Mỹ")
    dialog.choose("gender", "female")
    dialog.set_text("birth_date", "3/4/1990")
    dialog.set_text("citizen_id", "083190000001")  # Hòa's
    dialog.set_text("joined_on", "31/12/2004")
    assert not dialog.try_save()
    assert (
        dialog.errors["citizen_id"]
        .text()
        .startswith("Số CCCD 083190000001 đã thuộc đoàn viên Trần Thị Hòa")
    )
    assert (
        dialog.errors["joined_on"]
        .text()
        .startswith("Ngày vào công đoàn 31/12/2004 chưa đủ 15 tuổi")
    )
    dialog.set_text("citizen_id", "083190000099")
    dialog.set_text("joined_on", "2/9/2015")
    assert dialog.try_save()
    screen.reload("Đã thêm đoàn viên Võ Thị Mỹ.", dialog.saved_id)
    assert "Võ Thị Mỹ" in _names(screen)
    assert screen.selected().full_name == "Võ Thị Mỹ"
    assert [screen.history.item(i).text() for i in range(screen.history.count())] == [
        "02/09/2015 · Kết nạp – CĐCS Điện lực Ba Tri"
    ]
    assert screen.buttons["left"].isEnabled() and not screen.buttons["readmitted"].isEnabled()

    move = screen.move_dialog("left")
    move.day.setText("01/06/2024")
    assert not move.try_save()
    assert "ghi lý do" in move.error.text()
    move.reason.setText("Nghỉ việc")
    assert move.try_save()
    screen.reload("", move.member.id)
    # The default filter shows active members: she is gone from the view, still in the file.
    assert "Võ Thị Mỹ" not in _names(screen)
    screen.status.setCurrentIndex(0)
    screen.table.selectRow(_names(screen).index("Võ Thị Mỹ"))
    assert (
        screen.history.item(1).text()
        == "01/06/2024 · Ra khỏi tổ chức – CĐCS Điện lực Ba Tri (Nghỉ việc)"
    )
    assert screen.buttons["readmitted"].isEnabled()
    screen.undo()
    assert screen.message.text() == "Đã hoàn tác «ra khỏi tổ chức» ngày 01/06/2024 của Võ Thị Mỹ."
    assert screen.history.count() == 1


def test_export_the_view_to_excel(
    screen: MembersScreen, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    _type(screen, "thi")
    out = tmp_path / "ds.xlsx"
    screen.export_to(out)
    assert screen.message.text() == f"Đã xuất 3 đoàn viên ra {out}."
    sheet = openpyxl.load_workbook(out).active
    rows = [[c.value for c in row] for row in sheet.iter_rows()]
    header = next(i for i, r in enumerate(rows) if r[0] == "STT")
    assert rows[header][:5] == ["STT", "Họ và tên", "Giới tính", "Ngày sinh", "Số CCCD"]
    assert rows[header + 1][:3] == ["(1)", "(2)", "(3)"]  # the column-number row
    body = rows[header + 2 : header + 5]
    assert [r[:2] for r in body] == [[1, "Lê Thị Ánh"], [2, "Trần Thị Hòa"], [3, "=Hack Thị Lạ"]]
    assert sheet.cell(header + 5, 2).data_type == "s"  # "=Hack…" is text, never a formula
    assert [r[4] for r in body] == ["083190000004", "083190000001", "083190000005"]
    assert sheet.freeze_panes is not None
    monkeypatch.setattr(QMessageBox, "question", lambda *a, **k: QMessageBox.StandardButton.No)
    screen.choose_export()  # refused at the personal-data warning: nothing asked, nothing written
