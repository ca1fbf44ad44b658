"""The import wizard as staff use it: file → sheet and header → columns → check → import."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QComboBox, QDialog, QMessageBox, QWidget, QWizard

from desktop.ui.combos import chosen, select
from desktop.ui.import_pages import CANCELLED_IMPORT
from desktop.ui.import_wizard import ImportWizard
from desktop.ui.tasks import SynchronousPool, TaskRunner
from tests.ui._dialogs import REAL_EXEC, answer
from tests.unit._import_fixtures import count, fixture_copy, office_with_unions, rows


def _wizard(qtbot, db_path: Path, source: Path) -> ImportWizard:  # type: ignore[no-untyped-def]
    wizard = ImportWizard(db_path, "members", SynchronousPool())
    # Left open by a test, the wizard goes without the question (nobody is there to answer it).
    qtbot.addWidget(wizard, before_close_func=lambda w: QDialog.done(w, 0))
    wizard.show()
    wizard.file_page.path.setText(str(source))
    assert wizard.file_page.isComplete()
    wizard.next()
    return wizard


def test_a_clean_file_goes_in_after_every_page_shows_what_it_found(qtbot, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    db_path = office_with_unions(tmp_path)
    wizard = _wizard(qtbot, db_path, fixture_copy(tmp_path, "members.xlsx"))

    sheet = wizard.sheet_page
    assert wizard.currentPage() is sheet
    assert sheet.header_row.value() == 4
    assert sheet.note.text() == "Tiêu đề cột ở dòng 4 và 5."
    assert sheet.table.item(3, 1).text() == "Họ và tên"
    assert sheet.table.item(5, 1).text() == "Nguyễn Văn Đức"
    assert sheet.table.item(3, 1).font().bold()
    assert sheet.isComplete()
    wizard.next()

    mapping = wizard.mapping_page
    titles = [mapping.table.item(r, 1).text() for r in range(mapping.table.rowCount())]
    assert titles == [
        "STT",
        "Họ và tên",
        "Năm sinh / Nam",
        "Năm sinh / Nữ",
        "Số CCCD",
        "Ngày vào công đoàn",
        "Công đoàn cơ sở",
        "Số điện thoại",
    ]
    fields = [chosen(combo) for combo in mapping.combos.values()]
    assert fields == [
        None,
        "full_name",
        "gender_male",
        "gender_female",
        "citizen_id",
        "joined_on",
        "union",
        "phone",
    ]
    assert mapping.table.item(1, 2).text() == "Nguyễn Văn Đức"  # the first data row as example
    wizard.next()

    check = wizard.check_page
    assert check.isComplete()
    assert check.problems.rowCount() == 0
    assert check.summary.text().splitlines()[:2] == [
        "Đọc 6 dòng dữ liệu ở trang tính «Đoàn viên» (dòng tiêu đề: 4).",
        "Thêm mới: 6 đoàn viên.",
    ]
    assert wizard.button(QWizard.WizardButton.CommitButton).text() == "Nhập"
    assert count(db_path, "member") == 0  # checking writes nothing
    wizard.next()

    done = wizard.done_page
    assert done.isComplete() and wizard.imported
    assert done.result.text().endswith("Đã nhập xong.")
    assert count(db_path, "member") == 6
    # No way back to «Nhập» the same list a second time.
    back = wizard.button(QWizard.WizardButton.BackButton)
    assert not (back.isVisible() and back.isEnabled())
    assert wizard.plan is None


def test_problems_are_listed_and_nothing_can_be_imported(qtbot, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    db_path = office_with_unions(tmp_path)
    wizard = _wizard(qtbot, db_path, fixture_copy(tmp_path, "members-errors.xlsx"))
    wizard.next()
    wizard.next()
    check = wizard.check_page
    assert not check.isComplete()
    listed = [
        (check.problems.item(r, 0).text(), check.problems.item(r, 1).text())
        for r in range(check.problems.rowCount())
    ]
    assert listed == [
        ("5", "Số CCCD"),
        ("6", "Ngày sinh"),
        ("7", "Công đoàn cơ sở"),
        ("9", "Số CCCD"),
        ("10", "Số CCCD"),
        ("11", "Ngày vào công đoàn"),
        ("12", "Ngày vào công đoàn"),
    ]
    assert check.problems.item(3, 2).text() == "Số CCCD 083082000222 trùng với dòng 8."
    assert check.save.isVisible()
    assert count(db_path, "member") == 0


def test_columns_chosen_by_hand_are_used_and_remembered(qtbot, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    db_path = office_with_unions(tmp_path)
    source = tmp_path / "la.csv"
    source.write_text(
        "Tên người,Giới tính,Ngày sinh,Giấy tờ,Ngày vào công đoàn,Công đoàn cơ sở\n"
        "Nguyễn Văn Đức,Nam,05/04/1985,083085001234,12/03/2010,Trường Tiểu học An Đức\n",
        encoding="utf-8",
    )
    wizard = _wizard(qtbot, db_path, source)
    wizard.next()
    combos = wizard.mapping_page.combos
    assert chosen(combos[0]) is None and chosen(combos[3]) is None  # headers it cannot know
    select(combos[0], "full_name")
    select(combos[3], "citizen_id")
    wizard.next()
    assert wizard.check_page.isComplete()
    wizard.next()
    assert rows(db_path, "SELECT full_name, citizen_id FROM member") == [
        ("Nguyễn Văn Đức", "083085001234")
    ]
    # The next wizard on a file with the same headers proposes the office's own choices.
    again = _wizard(qtbot, db_path, source)
    again.next()
    assert chosen(again.mapping_page.combos[0]) == "full_name"
    assert chosen(again.mapping_page.combos[3]) == "citizen_id"


def test_a_file_that_is_not_a_spreadsheet_is_named_on_the_page(qtbot, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    db_path = office_with_unions(tmp_path)
    fake = tmp_path / "thu.xlsx"
    fake.write_text("không phải bảng tính", encoding="utf-8")
    wizard = _wizard(qtbot, db_path, fake)
    assert not wizard.sheet_page.isComplete()
    assert "thu.xlsx không phải bảng tính đọc được" in wizard.sheet_page.note.text()


def test_every_field_of_the_wizard_is_named(qtbot, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    db_path = office_with_unions(tmp_path)
    wizard = _wizard(qtbot, db_path, fixture_copy(tmp_path, "members.xlsx"))
    wizard.next()
    for widget in wizard.findChildren(QWidget):
        if isinstance(widget, QComboBox) or widget.objectName().startswith("import"):
            assert widget.objectName() and widget.accessibleName(), widget


def test_the_members_screen_opens_the_wizard_and_shows_what_came_in(
    qtbot,
    tmp_path: Path,
    monkeypatch,  # type: ignore[no-untyped-def]
) -> None:
    from desktop.ui.members_screen import MembersScreen

    db_path = office_with_unions(tmp_path)
    source = fixture_copy(tmp_path, "members.xlsx")
    screen = MembersScreen(db_path, runner=TaskRunner(pool=SynchronousPool()))
    qtbot.addWidget(screen)
    assert screen.model is not None and screen.model.rowCount() == 0

    def staff_go_through_it(wizard: ImportWizard) -> int:
        wizard.show()
        wizard.file_page.path.setText(str(source))
        for _page in range(4):
            wizard.next()
        return 1

    monkeypatch.setattr(ImportWizard, "exec", staff_go_through_it)
    screen.buttons["import"].click()
    assert screen.model.rowCount() == 6
    assert screen.message.text() == "Đã nhập danh sách từ bảng tính."
    assert screen.buttons["import"].accessibleName() == "Nhập từ bảng tính"


def _walk_through(source: Path):  # type: ignore[no-untyped-def]
    def staff_go_through_it(wizard: ImportWizard) -> int:
        wizard.show()
        wizard.file_page.path.setText(str(source))
        for _page in range(4):
            wizard.next()
        return 1

    return staff_go_through_it


def test_the_unions_screen_imports_a_unions_list(qtbot, tmp_path: Path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    from desktop.ui.unions_screen import UnionsScreen
    from tests.unit._import_fixtures import new_office

    db_path = new_office(tmp_path)
    screen = UnionsScreen(db_path, runner=TaskRunner(pool=SynchronousPool()))
    qtbot.addWidget(screen)
    panel = screen.findChild(QWidget, "unionsPanel")
    assert panel.model.rowCount() == 0
    kinds: list[str] = []
    walk = _walk_through(fixture_copy(tmp_path, "unions.xlsx"))

    def check_kind_then_walk(wizard: ImportWizard) -> int:
        kinds.append(wizard.kind)
        assert wizard.file_page.unions.isChecked()
        return walk(wizard)

    monkeypatch.setattr(ImportWizard, "exec", check_kind_then_walk)
    panel.buttons["import"].click()
    assert kinds == ["unions"]
    assert panel.model.rowCount() == 5
    assert count(db_path, "grassroots_union") == 5


def test_the_file_menu_imports_and_every_screen_reads_again(
    qtbot, tmp_path: Path, monkeypatch
) -> None:  # type: ignore[no-untyped-def]
    from PySide6.QtGui import QAction

    from desktop.ui.main_window import MainWindow

    db_path = office_with_unions(tmp_path)
    window = MainWindow(db_path)
    qtbot.addWidget(window)
    window.runner = TaskRunner(window, pool=SynchronousPool())
    monkeypatch.setattr(ImportWizard, "exec", _walk_through(fixture_copy(tmp_path, "members.xlsx")))
    window.findChild(QAction, "actionImport").trigger()
    assert count(db_path, "member") == 6
    members = window.show_screen("members")
    qtbot.waitUntil(lambda: members.model is not None and members.model.rowCount() == 6)
    assert window.db_label.text() == str(db_path.resolve())


def test_cancel_during_the_import_says_nothing_was_written(
    qtbot,
    tmp_path: Path,
    monkeypatch,  # type: ignore[no-untyped-def]
) -> None:
    from desktop.importer import write
    from desktop.ui.import_pages import CANCELLED_IMPORT

    db_path = office_with_unions(tmp_path)
    wizard = _wizard(qtbot, db_path, fixture_copy(tmp_path, "members.xlsx"))
    wizard.next()
    wizard.next()
    real_apply = write.apply

    def staff_press_cancel(db, plan, progress, token):  # type: ignore[no-untyped-def]
        token.cancel()  # as the progress dialog's «Hủy» does, while the rows go in
        return real_apply(db, plan, progress, token)

    monkeypatch.setattr(write, "apply", staff_press_cancel)
    wizard.next()
    done = wizard.done_page
    assert done.result.text() == CANCELLED_IMPORT
    assert done.isComplete() and not wizard.imported
    assert count(db_path, "member") == 0


def test_closing_the_wizard_cancels_the_work_under_way(qtbot, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    import threading

    from PySide6.QtCore import QThreadPool

    db_path = office_with_unions(tmp_path)
    wizard = ImportWizard(db_path, "members", QThreadPool.globalInstance())
    qtbot.addWidget(wizard)
    wizard.show()
    started = threading.Event()
    seen: list[bool] = []

    def reading(_progress, token):  # type: ignore[no-untyped-def]
        started.set()
        token_seen = token._event.wait(30)  # work that stops at its next check
        seen.append(token_seen)

    wizard.run("Đang đọc…", reading, lambda _r: None, lambda _e: None, lambda: None)
    qtbot.waitUntil(started.is_set)
    wizard.reject()
    # Closed only once the work stopped: nothing is left running behind a closed wizard.
    assert seen == [True]
    assert not wizard.runner.busy and not wizard.isVisible()


def _csv_of_3000_members(tmp_path: Path) -> Path:
    """3,000 members with their own citizen IDs, in the office's unions, as a CSV file."""
    surnames = ["Nguyễn", "Trần", "Lê", "Phạm", "Huỳnh", "Võ", "Đặng", "Bùi", "Đỗ", "Hồ"]
    middles = ["Văn", "Thị", "Minh", "Ngọc", "Hữu", "Thanh", "Quốc", "Kim", "Đức", "Bảo"]
    givens = [
        "An", "Bình", "Châu", "Dũng", "Đông", "Giang", "Hà", "Hải", "Hạnh", "Hiếu",
        "Hòa", "Hùng", "Khánh", "Lan", "Linh", "Lộc", "Mai", "Nam", "Nga", "Phúc",
        "Quân", "Sơn", "Tâm", "Thảo", "Thủy", "Trang", "Trung", "Tú", "Vân", "Yến",
    ]  # fmt: skip
    unions = [
        name for (name,) in rows(tmp_path / "batri.sqlite", "SELECT name FROM grassroots_union")
    ]
    lines = ["Họ và tên,Giới tính,Ngày sinh,Số CCCD,Ngày vào công đoàn,Công đoàn cơ sở"]
    for i in range(3000):
        name = f"{surnames[i % 10]} {middles[i // 10 % 10]} {givens[i // 100]}"
        female = i % 2 == 1
        year = 1970 + i % 30
        citizen_id = f"083{1 if female else 0}{year % 100:02d}{i:06d}"
        gender = "Nữ" if female else "Nam"
        lines.append(
            f"{name},{gender},{1 + i % 28:02d}/{1 + i % 12:02d}/{year},{citizen_id},"
            f"01/06/2015,{unions[i % len(unions)]}"
        )
    path = tmp_path / "ds-3000.csv"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


@pytest.mark.parametrize("how", ["close button", "Esc", "Đóng"])
def test_closing_the_wizard_during_a_3000_row_import_writes_nothing(
    qtbot,  # type: ignore[no-untyped-def]
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capfd: pytest.CaptureFixture[str],
    how: str,
) -> None:
    import threading

    from PySide6.QtCore import Qt, QThreadPool
    from PySide6.QtWidgets import QApplication

    from desktop.importer import write

    db_path = office_with_unions(tmp_path)
    wizard = _wizard(qtbot, db_path, _csv_of_3000_members(tmp_path))
    wizard.next()
    wizard.next()
    assert wizard.plan is not None and len(wizard.plan.new) == 3000 and not wizard.plan.problems
    assert count(db_path, "member") == 0

    # The write runs on a real worker thread; the test holds it after the 3,000 member rows went
    # into the open transaction, until the wizard is closed.
    real_batches = write._in_batches
    written_in_transaction: list[int] = []
    inside = threading.Event()

    def members_then_hold(conn, table, batch_rows, token, progress, start, span):  # type: ignore[no-untyped-def]
        real_batches(conn, table, batch_rows, token, progress, start, span)
        if table.name == "member":
            written_in_transaction.append(
                conn.exec_driver_sql("SELECT COUNT(*) FROM member").scalar()
            )
            inside.set()
            token._event.wait(30)

    monkeypatch.setattr(write, "_in_batches", members_then_hold)
    wizard.runner = TaskRunner(wizard, QThreadPool.globalInstance())
    with qtbot.captureExceptions() as exceptions:
        wizard.next()
        qtbot.waitUntil(inside.is_set)
        if how == "close button":
            # The progress shows over the wizard without blocking it: its close button still
            # works (a modal progress dialog made the window system's close do nothing).
            progress = wizard.findChild(QWidget, "taskProgress")
            qtbot.waitUntil(progress.isVisible)
            assert QApplication.activeModalWidget() is None
            wizard.close()
        elif how == "Esc":
            # In the wizard's window (in the progress dialog's, Esc is its «Hủy»: also nothing in).
            wizard.activateWindow()
            qtbot.waitUntil(lambda: QApplication.activeWindow() is wizard)
            qtbot.keyClick(wizard, Qt.Key.Key_Escape)
        else:
            wizard.button(QWizard.WizardButton.CancelButton).click()
    assert exceptions == []
    assert not wizard.isVisible()
    assert not wizard.runner.busy
    assert written_in_transaction == [3000]
    assert count(db_path, "member") == 0 and count(db_path, "member_event") == 0
    assert not wizard.imported
    assert wizard.done_page.result.text() == CANCELLED_IMPORT
    assert "Signal source has been deleted" not in capfd.readouterr().err


def test_a_sheet_without_a_header_is_shown_and_another_can_be_picked(qtbot, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    db_path = office_with_unions(tmp_path)
    wizard = _wizard(qtbot, db_path, fixture_copy(tmp_path, "members-two-sheets.xlsx"))
    sheet = wizard.sheet_page
    # The first sheet with a header is chosen by itself …
    assert sheet.sheet.currentText() == "Danh sách" and sheet.isComplete()
    # … and the instructions can still be looked at, with the reason they cannot be imported.
    sheet.sheet.setCurrentText("Hướng dẫn")
    assert [sheet.sheet.itemText(i) for i in range(sheet.sheet.count())] == [
        "Hướng dẫn",
        "Danh sách",
    ]
    assert not sheet.isComplete()
    assert sheet.note.text().startswith("Trang tính «Hướng dẫn»: không tìm thấy dòng tiêu đề cột")
    assert sheet.table.item(0, 0).text() == "HƯỚNG DẪN ĐIỀN DANH SÁCH"
    sheet.sheet.setCurrentText("Danh sách")
    assert sheet.isComplete()


def test_a_header_row_chosen_by_hand_when_none_was_found(qtbot, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    db_path = office_with_unions(tmp_path)
    source = tmp_path / "la.csv"
    source.write_text(
        "Tên người,Phái tính,Sinh,Vào CĐ,Nơi SH\n"
        "Trần Văn Mười,Nam,05/04/1987,12/03/2011,Trường Tiểu học An Đức\n",
        encoding="utf-8",
    )
    wizard = _wizard(qtbot, db_path, source)
    sheet = wizard.sheet_page
    assert not sheet.isComplete() and sheet.header_row.value() == 0
    assert sheet.header_row.text() == "tự tìm"
    sheet.header_row.setValue(1)  # staff say: the headers are on row 1
    assert sheet.isComplete()
    wizard.next()
    combos = wizard.mapping_page.combos
    for column, field_id in enumerate(("full_name", "gender", "birth_date", "joined_on", "union")):
        select(combos[column], field_id)
    wizard.next()
    assert wizard.check_page.isComplete()


CLOSE_QUESTION = "Bỏ các lựa chọn đã làm và đóng?"


def test_closing_after_columns_were_chosen_by_hand_asks_first(  # type: ignore[no-untyped-def]
    qtbot, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    db_path = office_with_unions(tmp_path)
    wizard = _wizard(qtbot, db_path, fixture_copy(tmp_path, "members.xlsx"))
    wizard.next()
    phone = wizard.mapping_page.combos[7]
    assert chosen(phone) == "phone"
    select(phone, None)  # the clerk: the phone numbers stay out
    monkeypatch.setattr(QMessageBox, "exec", REAL_EXEC)
    seen: list[str] = []
    answer("importStay", seen)
    qtbot.keyClick(wizard, Qt.Key.Key_Escape)
    assert seen == [CLOSE_QUESTION]
    assert wizard.isVisible() and wizard.currentPage() is wizard.mapping_page
    assert chosen(phone) is None  # «Ở lại»: the choice is still there
    answer("importClose", seen)
    qtbot.keyClick(wizard, Qt.Key.Key_Escape)
    assert seen == [CLOSE_QUESTION, CLOSE_QUESTION]
    assert not wizard.isVisible() and wizard.result() == QDialog.DialogCode.Rejected
    assert count(db_path, "member") == 0


@pytest.mark.parametrize("how", ["close button", "Đóng"])
def test_closing_after_a_sheet_was_picked_by_hand_asks_first(  # type: ignore[no-untyped-def]
    qtbot, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, how: str
) -> None:
    db_path = office_with_unions(tmp_path)
    wizard = _wizard(qtbot, db_path, fixture_copy(tmp_path, "members-two-sheets.xlsx"))
    sheet = wizard.sheet_page
    sheet.sheet.setCurrentText("Hướng dẫn")
    monkeypatch.setattr(QMessageBox, "exec", REAL_EXEC)
    seen: list[str] = []
    answer("importStay", seen)
    if how == "close button":
        wizard.close()
    else:
        assert wizard.button(QWizard.WizardButton.CancelButton).text() == "Đóng"
        wizard.button(QWizard.WizardButton.CancelButton).click()
    assert seen == [CLOSE_QUESTION]
    assert wizard.isVisible() and sheet.sheet.currentText() == "Hướng dẫn"
    answer("importClose", seen)
    wizard.close()
    assert len(seen) == 2 and not wizard.isVisible()


def test_a_wizard_left_as_found_closes_without_asking(qtbot, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    db_path = office_with_unions(tmp_path)
    wizard = _wizard(qtbot, db_path, fixture_copy(tmp_path, "members.xlsx"))
    wizard.next()
    assert wizard.currentPage() is wizard.mapping_page
    qtbot.keyClick(wizard, Qt.Key.Key_Escape)  # the conftest fails the test if a box opens
    assert not wizard.isVisible() and wizard.result() == QDialog.DialogCode.Rejected
