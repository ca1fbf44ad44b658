"""The Đoàn viên screen: search as you type, filters, columns, the form, movements, export."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import openpyxl
import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QAbstractButton,
    QAbstractItemView,
    QApplication,
    QComboBox,
    QLineEdit,
    QMessageBox,
    QWidget,
)

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
    assert [r[5] for r in body] == [  # in full, though the screen shortens it
        "CĐCS Điện lực Ba Tri",
        "CĐCS Trường Tiểu học An Hòa",
        "CĐCS Trường Tiểu học An Hòa",
    ]
    assert screen.model.index(0, 5).data() == "Điện lực Ba Tri"
    assert screen.model.index(0, 5).data(Qt.ItemDataRole.ToolTipRole) == "CĐCS Điện lực Ba Tri"
    assert sheet.freeze_panes is not None
    monkeypatch.setattr(QMessageBox, "question", lambda *a, **k: QMessageBox.StandardButton.No)
    screen.choose_export()  # refused at the personal-data warning: nothing asked, nothing written


def _inside(widget: QWidget, kinds: tuple[type, ...]) -> bool:
    parent = widget.parentWidget()
    while parent is not None:
        if isinstance(parent, kinds):
            return True
        parent = parent.parentWidget()
    return False


def _unnamed(root: QWidget) -> list[str]:
    """Widgets people act on (or screen readers announce) without an objectName or an
    accessibleName; the parts Qt builds inside them (clear buttons, popups) are theirs."""
    kinds = (QLineEdit, QComboBox, QAbstractButton, QAbstractItemView)
    return [
        f"{type(w).__name__} {w.objectName()!r} {w.accessibleName()!r}"
        for w in root.findChildren(QWidget)
        if isinstance(w, kinds)
        and not _inside(w, kinds)
        and not (w.objectName() and w.accessibleName())
    ]


def test_every_field_button_and_table_has_a_name(screen: MembersScreen) -> None:
    assert _unnamed(screen) == []
    assert _unnamed(screen.member_dialog()) == []
    screen.table.selectRow(0)
    for kind in ("transferred", "left"):
        assert _unnamed(screen.move_dialog(kind)) == []


def test_a_member_transferred_in_from_elsewhere(screen: MembersScreen) -> None:
    dialog = screen.member_dialog()
    assert dialog.fields["arrival"].isVisibleTo(dialog)
    assert not dialog.fields["arrived_on"].isVisibleTo(dialog)
    dialog.set_text("full_name", "Đặng Văn Tài")
    dialog.choose("gender", "male")
    dialog.set_text("birth_date", "15/05/1988")
    dialog.set_text("citizen_id", "083088000777")
    dialog.set_text("joined_on", "01/06/2012")
    dialog.choose("arrival", "transferred_in")
    assert dialog.fields["arrived_on"].isVisibleTo(dialog)
    assert not dialog.try_save()
    assert dialog.errors["arrived_on"].text() == "Nhập ngày chuyển đến đơn vị."
    dialog.set_text("arrived_on", "03/02/2024")
    assert dialog.try_save()
    screen.reload("", dialog.saved_id)
    assert screen.selected().full_name == "Đặng Văn Tài"
    assert [screen.history.item(i).text() for i in range(screen.history.count())] == [
        "03/02/2024 · Chuyển đến – CĐCS Điện lực Ba Tri"
    ]
    # Editing him later shows neither field: how he came in is history, not a form field.
    edit = screen.member_dialog(screen.selected())
    assert not edit.fields["arrival"].isVisibleTo(edit)
    assert not edit.fields["union_id"].isEnabled()


def test_transfer_offers_only_other_living_unions_and_new_unions_appear(
    screen: MembersScreen,
) -> None:
    with sqlite3.connect(screen.db_path) as con:
        for uid, name, dissolved in (
            ("00000000-0000-4000-8000-0000000000cc", "CĐCS Công ty May Bình An", None),
            ("00000000-0000-4000-8000-0000000000dd", "CĐCS Xí nghiệp Gạch Cũ", "2023-06-30"),
        ):
            con.execute(
                "INSERT INTO grassroots_union (id, name, name_key, sector, kind, employer_type, "
                "commune_code, address, phone, workforce_total, workforce_women, dissolved_on, "
                "dissolved_reason, chair_name, note, created_at, updated_at) VALUES (?, ?, '', "
                "'non_state', 'workplace', 'company', '', '', '', 0, 0, ?, '', '', '', "
                "'2024-01-01', '2024-01-01')",
                (uid, name, dissolved),
            )
    screen.show()  # coming back to the screen reads the unions again
    assert [screen.union.itemText(i) for i in range(screen.union.count())] == [
        "Mọi CĐCS",
        "CĐCS Công ty May Bình An",
        "CĐCS Điện lực Ba Tri",
        "CĐCS Trường Tiểu học An Hòa",
        "CĐCS Xí nghiệp Gạch Cũ",  # still a filter: its former members are looked up
    ]
    screen.table.selectRow(_names(screen).index("Lê Thị Ánh"))  # of Điện lực Ba Tri
    move = screen.move_dialog("transferred")
    assert [move.union.itemText(i) for i in range(move.union.count())] == [
        "CĐCS Công ty May Bình An",
        "CĐCS Trường Tiểu học An Hòa",
    ]


def test_opening_the_list_is_audited(screen: MembersScreen) -> None:
    with sqlite3.connect(screen.db_path) as con:
        rows = con.execute(
            "SELECT action, detail FROM audit_event WHERE record_table = ''"
        ).fetchall()
    assert rows == [("view", "danh sách đoàn viên (5 người)")]


def test_typing_filters_after_a_short_pause(screen: MembersScreen, qtbot) -> None:  # type: ignore[no-untyped-def]
    qtbot.keyClicks(screen.search, "hoa")
    assert screen.count.text() == "5 đoàn viên"  # not on every key: once typing pauses
    qtbot.waitUntil(lambda: screen.count.text() == "1 đoàn viên", timeout=2000)
    assert _names(screen) == ["Trần Thị Hòa"]


def test_saving_the_form_unchanged_keeps_every_stored_field(screen: MembersScreen) -> None:
    columns = (
        "full_name, gender, birth_date, citizen_id, card_number, phone, ethnicity, job_title, "
        "joined_on, household_status, party_introduced_on, smartca_installed_on, note, union_id"
    )
    with sqlite3.connect(screen.db_path) as con:
        con.execute(
            "UPDATE member SET ethnicity = 'Khmer', note = 'Con thương binh', phone = '0913 456 789', "
            "job_title = 'Giáo viên', household_status = 'near_poor', "
            "party_introduced_on = '2020-05-19', smartca_installed_on = '2024-03-01' "
            "WHERE full_name = 'Trần Thị Hòa'"
        )
        before = con.execute(f"SELECT {columns} FROM member WHERE full_name = 'Trần Thị Hòa'")
        before_row = before.fetchone()
    screen.reload("")
    screen.table.selectRow(_names(screen).index("Trần Thị Hòa"))
    dialog = screen.member_dialog(screen.selected())
    assert dialog.try_save()
    with sqlite3.connect(screen.db_path) as con:
        after = con.execute(f"SELECT {columns} FROM member WHERE full_name = 'Trần Thị Hòa'")
        assert after.fetchone() == before_row


def test_joined_in_a_year_or_in_one_month_of_it(qtbot, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    from desktop.importer.plan import ImportRequest
    from tests.unit._import_fixtures import TODAY, fixture_copy, office_with_unions, run_import

    db = office_with_unions(tmp_path)
    run_import(db, ImportRequest("members", fixture_copy(tmp_path, "members.xlsx"), today=TODAY))
    screen = MembersScreen(db, runner=TaskRunner(pool=SynchronousPool()))
    qtbot.addWidget(screen)
    assert not screen.joined_month.isEnabled()
    screen.joined.setCurrentIndex(screen.joined.findData(2024))
    assert screen.joined_month.isEnabled()
    assert _names(screen) == ["Võ Văn An", "Phạm Văn Bình", "Hồ Thị Thủy"]
    screen.joined_month.setCurrentIndex(screen.joined_month.findData(1))
    assert _names(screen) == ["Phạm Văn Bình", "Hồ Thị Thủy"]
    screen.joined_month.setCurrentIndex(screen.joined_month.findData(2))
    assert _names(screen) == ["Võ Văn An"]
    screen.joined.setCurrentIndex(0)
    assert not screen.joined_month.isEnabled()
    assert screen.count.text() == "6 đoàn viên"


def test_fits_a_1024_window_beside_the_sidebar(qtbot, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    from tests.ui._dialogs import clipped, in_window

    db = make_district(tmp_path / "d.sqlite", PEOPLE)
    long_name = "CĐCS Công ty TNHH Một thành viên Xổ số kiến thiết và Dịch vụ in Bến Tre"
    with sqlite3.connect(db) as con:
        con.execute("UPDATE grassroots_union SET name = ? WHERE id = ?", (long_name, UNION_B))
    screen = MembersScreen(db, runner=TaskRunner(pool=SynchronousPool()))
    window = in_window(screen)
    qtbot.addWidget(window)
    assert screen.minimumSizeHint().width() <= 814
    assert (window.width(), screen.width()) == (1024, 814)  # nothing forces the window wider
    filters = [screen.search, screen.count, *screen.findChildren(QComboBox)]
    assert clipped(screen, filters) == []
    assert screen.table.columnWidth(5) >= 180  # union names stay readable; the table scrolls

    # The history panel wraps long lines and never scrolls sideways.
    screen.table.selectRow(_names(screen).index("Lê Thị Ánh"))  # of the long-named union
    with sqlite3.connect(db) as con:
        con.execute(
            "INSERT INTO member_event (id, member_id, kind, event_date, to_union_id, reason, "
            "unit_code, created_at, updated_at) SELECT 'e1', id, 'admitted', '2015-01-01', "
            "union_id, 'Kết nạp tại đại hội công đoàn cơ sở nhiệm kỳ 2013–2018', '', "
            "'2024-01-01', '2024-01-01' FROM member WHERE full_name = 'Lê Thị Ánh'"
        )
    screen.show_member()
    QApplication.processEvents()
    history = screen.history
    assert history.item(0).text() == (
        f"01/01/2015 · Kết nạp – {long_name} (Kết nạp tại đại hội công đoàn cơ sở nhiệm kỳ "
        "2013–2018)"
    )
    line = history.visualItemRect(history.item(0))
    assert history.horizontalScrollBar().maximum() == 0
    assert line.right() <= history.viewport().width()
    assert line.height() >= 3 * history.fontMetrics().height()  # wrapped, not cut off
