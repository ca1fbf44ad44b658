"""Accounts in the window, as staff meet them: the login before the window, a viewer's masked
citizen IDs and read-only form, the lock after idle minutes, the password again before an
export."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import QEvent, QTimer
from PySide6.QtGui import QColor
from PySide6.QtWidgets import QApplication, QLabel, QLineEdit, QPushButton, QWidget
from pytestqt.qtbot import QtBot

from desktop.services.accounts import current_user, sign_in_as
from desktop.store import shared
from desktop.ui.confirm_password import PasswordAgainDialog
from desktop.ui.idle_lock import COVER_COLOUR, LockCover
from desktop.ui.login_dialog import LoginDialog
from desktop.ui.main import open_window
from desktop.ui.main_window import MainWindow
from desktop.ui.members_model import COLUMNS
from desktop.ui.members_screen import MembersScreen
from desktop.ui.tasks import SynchronousPool, TaskRunner
from tests.ui._accounts import ADMIN, PASSWORDS, STAFF, VIEWER, with_accounts

WRONG = "Tên đăng nhập hoặc mật khẩu không đúng."
OFFICE = "Liên đoàn Lao động huyện Thạnh Phú"


@pytest.fixture
def office(small_district: Path) -> Path:
    """The small district with an administrator, a clerk and a viewer."""
    return with_accounts(small_district)


def when_modal(kind: type[QWidget], act: Callable[[Any], None]) -> list[QWidget]:
    """When a modal `kind` opens, run `act` on it, as staff would; the list holds it."""
    seen: list[QWidget] = []
    looks = [0]

    def look() -> None:
        modal = QApplication.activeModalWidget()
        if not isinstance(modal, kind):
            looks[0] += 1
            if looks[0] < 400:
                QTimer.singleShot(5, look)
            return
        seen.append(modal)
        act(modal)

    QTimer.singleShot(0, look)
    return seen


def log_in(name: str, password: str) -> Callable[[LoginDialog], None]:
    def act(dialog: LoginDialog) -> None:
        dialog.name.setText(name)
        dialog.password.setText(password)
        dialog.login_button.click()

    return act


def member_cell(screen: MembersScreen, name: str, key: str) -> str:
    model = screen.model
    assert model is not None
    column = next(c for c, (k, _, _) in enumerate(COLUMNS) if k == key)
    row = next(r for r in range(model.rowCount()) if model.index(r, 0).data() == name)
    return str(model.index(row, column).data())


def members_screen(qtbot: QtBot, db: Path) -> MembersScreen:
    screen = MembersScreen(db, runner=TaskRunner(pool=SynchronousPool()))
    qtbot.addWidget(screen)
    return screen


# --- the login -----------------------------------------------------------------------------


def test_the_login_opens_the_window_named_for_the_account(qtbot: QtBot, office: Path) -> None:
    seen = when_modal(LoginDialog, log_in("CanBo", PASSWORDS["canbo"]))
    window = open_window(office)
    assert window is not None
    try:
        assert len(seen) == 1
        assert window.windowTitle() == f"Union Desk — {OFFICE} — Lê Thị Bé (Cán bộ)"
        status = window.findChild(QLabel, "statusUser")
        assert status is not None and status.text() == "Đăng nhập: Lê Thị Bé (Cán bộ)"
        assert current_user() == STAFF
    finally:
        window.close()


def test_leaving_the_login_opens_no_window(qtbot: QtBot, office: Path) -> None:
    before = [w for w in QApplication.topLevelWidgets() if isinstance(w, MainWindow)]
    seen = when_modal(LoginDialog, lambda d: d.quit_button.click())
    assert open_window(office) is None
    assert len(seen) == 1
    after = [w for w in QApplication.topLevelWidgets() if isinstance(w, MainWindow)]
    assert [w for w in after if w.isVisible()] == [w for w in before if w.isVisible()]
    assert current_user() is None
    # The database is free again: a second try opens it.
    when_modal(LoginDialog, log_in("quantri", PASSWORDS["quantri"]))
    window = open_window(office)
    assert window is not None
    window.close()


def test_a_database_without_accounts_opens_without_a_login(
    qtbot: QtBot, small_district: Path
) -> None:
    """What `--demo` opens: the demo district has no accounts."""
    seen = when_modal(LoginDialog, lambda d: d.reject())
    window = open_window(small_district)
    assert window is not None
    try:
        QApplication.processEvents()
        assert seen == []
        assert window.windowTitle() == f"Union Desk — {OFFICE}"
        assert window.findChild(QLabel, "statusUser") is None
        assert window.idle_lock is None  # no password to unlock with
    finally:
        window.close()


def test_an_unknown_name_and_a_wrong_password_get_one_message(qtbot: QtBot, office: Path) -> None:
    dialog = LoginDialog(office, OFFICE)
    qtbot.addWidget(dialog)
    dialog.show()
    for name, password in (("quantri", "sai-mat-khau"), ("khong.co.ai", PASSWORDS["quantri"])):
        log_in(name, password)(dialog)
        assert dialog.message.isVisible()
        assert dialog.message.text() == WRONG
        assert dialog.user is None and dialog.isVisible()
        assert dialog.password.text() == ""
    log_in("quantri", PASSWORDS["quantri"])(dialog)
    assert dialog.user == ADMIN
    assert not dialog.isVisible()


def test_after_repeated_failures_the_login_waits(qtbot: QtBot, office: Path) -> None:
    dialog = LoginDialog(office, OFFICE)
    qtbot.addWidget(dialog)
    dialog.show()
    for _ in range(3):
        log_in("xem", "sai-mat-khau")(dialog)
    assert dialog.message.text() == (f"{WRONG} Đã nhập sai nhiều lần: hãy chờ 2 giây rồi thử lại.")
    assert not dialog.login_button.isEnabled()
    assert dialog.login_button.text() == "Chờ 2 giây"
    dialog.password.setText(PASSWORDS["xem"])
    dialog.accept()  # Enter while waiting: nothing is tried
    assert dialog.user is None and dialog.isVisible()
    dialog.countdown.tick()
    assert dialog.login_button.text() == "Chờ 1 giây"
    dialog.countdown.tick()
    assert dialog.login_button.isEnabled()
    assert dialog.login_button.text() == "Đăng nhập"


# --- a viewer ------------------------------------------------------------------------------


def test_a_viewer_sees_citizen_ids_masked(qtbot: QtBot, office: Path) -> None:
    sign_in_as(VIEWER)
    screen = members_screen(qtbot, office)
    assert member_cell(screen, "Trần Thị Hòa", "citizen_id") == "083•••••••01"
    assert member_cell(screen, "Nguyễn Văn Đức", "citizen_id") == "083•••••••00"
    screen.table.selectRow(
        next(
            r
            for r in range(screen.model.rowCount())
            if screen.model.index(r, 0).data() == "Trần Thị Hòa"
        )  # type: ignore[union-attr]
    )
    assert "CCCD 083•••••••01" in screen.history_title.text()
    assert "083190000001" not in screen.history_title.text()

    sign_in_as(STAFF)
    staff = members_screen(qtbot, office)
    assert member_cell(staff, "Trần Thị Hòa", "citizen_id") == "083190000001"


def test_a_viewer_opens_the_member_form_read_only(qtbot: QtBot, office: Path) -> None:
    sign_in_as(VIEWER)
    screen = members_screen(qtbot, office)
    assert screen.buttons["edit"].text() == "Xem…"
    refused = "Tài khoản xem (Chỉ xem) không được sửa dữ liệu."
    for key in ("add", "undo", "transferred", "left"):
        assert not screen.buttons[key].isEnabled()
    assert screen.buttons["add"].toolTip() == refused
    screen.table.selectRow(0)
    member = screen.selected()
    assert member is not None
    dialog = screen.member_dialog(member)
    qtbot.addWidget(dialog)
    dialog.show()
    save = dialog.findChild(QPushButton, "memberSave")
    assert save is not None and not save.isEnabled()
    assert save.toolTip() == refused
    assert dialog.findChild(QPushButton, "memberCancel").text() == "Đóng"  # type: ignore[union-attr]
    assert dialog.findChild(QLabel, "readOnlyNotice").text() == f"Chỉ xem: {refused}"  # type: ignore[union-attr]
    citizen_id = dialog.fields["citizen_id"]
    assert isinstance(citizen_id, QLineEdit)
    assert citizen_id.text() == member.citizen_id[:3] + "•••••••" + member.citizen_id[-2:]
    assert all(
        field.isReadOnly() for field in dialog.fields.values() if isinstance(field, QLineEdit)
    )
    dialog.reject()  # «Đóng»: nothing asked, nothing saved
    assert not dialog.isVisible()


# --- the idle lock ---------------------------------------------------------------------------


def _colour_at(widget: QWidget, x: int, y: int) -> str:
    return QColor(widget.grab().toImage().pixel(x, y)).name()


def test_the_idle_lock_hides_everything_and_the_password_unlocks(
    qtbot: QtBot, office: Path
) -> None:
    sign_in_as(STAFF)
    window = MainWindow(office)
    qtbot.addWidget(window)
    window.resize(1100, 700)
    window.show()
    qtbot.waitExposed(window)
    members = window.show_screen("members")
    assert members is not None
    members.table.selectRow(0)
    form = members.member_dialog(members.selected())
    qtbot.addWidget(form)
    form.show()
    form.set_text("job_title", "Kế toán")  # typed, not saved
    job = form.fields["job_title"]
    assert window.idle_lock is not None
    where = window.stack.geometry().topRight()  # the screen's corner, away from the panel
    corner = (where.x() - 20, where.y() + 40)
    assert _colour_at(window, *corner) != COVER_COLOUR

    window.idle_lock.start(30)  # as after the office's idle minutes
    qtbot.waitUntil(lambda: window.idle_lock.locked)  # type: ignore[union-attr]
    covers = {c.window_covered: c for c in window.findChildren(LockCover)}
    covers.update({c.window_covered: c for c in form.findChildren(LockCover)})
    assert set(covers) == {window, form}
    for covered, cover in covers.items():
        assert cover.isVisible() and cover.geometry() == covered.rect()
    assert _colour_at(window, *corner) == COVER_COLOUR
    window.grab().save("/tmp/b2_locked_window.png")
    form.grab().save("/tmp/b2_locked_form.png")
    assert _colour_at(form, 8, form.height() - 8) == COVER_COLOUR  # where «Lưu» was
    qtbot.keyClicks(job, "xyz")  # typing meant for the hidden form goes nowhere
    assert form.text("job_title") == "Kế toán"

    sheet = covers[window]
    sheet.password.setText("sai-mat-khau")
    sheet.button.click()
    assert sheet.message.text() == "Mật khẩu không đúng."
    assert window.idle_lock.locked
    sheet.password.setText(PASSWORDS["canbo"])
    sheet.button.click()
    assert not window.idle_lock.locked
    assert window.idle_lock.timer.isActive()  # counting again
    window.idle_lock.start(0)  # (30 ms would lock again while the test looks)
    QApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)
    assert window.findChildren(LockCover) == []
    assert form.isVisible() and form.text("job_title") == "Kế toán"  # nothing typed was lost
    assert _colour_at(window, *corner) != COVER_COLOUR
    form.mark_clean()
    form.reject()


def test_idle_minutes_come_from_the_office_settings(qtbot: QtBot, office: Path) -> None:
    from desktop.services.settings import set_setting
    from desktop.ui.idle_lock import idle_minutes

    assert idle_minutes(office) == 10
    set_setting(shared(office), "idle_lock_minutes", "0")
    assert idle_minutes(office) == 0
    sign_in_as(ADMIN)
    window = MainWindow(office)
    qtbot.addWidget(window)
    assert window.idle_lock is not None and not window.idle_lock.timer.isActive()  # never
    set_setting(shared(office), "idle_lock_minutes", "mười")
    assert idle_minutes(office) == 10


# --- the password again ----------------------------------------------------------------------


def test_an_export_asks_the_password_again_and_a_wrong_one_writes_nothing(
    qtbot: QtBot, office: Path, tmp_path: Path
) -> None:
    sign_in_as(STAFF)
    screen = members_screen(qtbot, office)
    out = tmp_path / "doan-vien.xlsx"
    said: list[str] = []

    def wrong_then_cancel(dialog: PasswordAgainDialog) -> None:
        said.append(dialog.findChild(QLabel, "passwordAgainPrompt").text())  # type: ignore[union-attr]
        dialog.password.setText("sai-mat-khau")
        dialog.ok_button.click()
        said.append(dialog.message.text())
        assert dialog.isVisible()  # a wrong password keeps the question open
        dialog.findChild(QPushButton, "passwordAgainCancel").click()  # type: ignore[union-attr]

    seen = when_modal(PasswordAgainDialog, wrong_then_cancel)
    screen.export_to(out)
    assert len(seen) == 1
    assert said == [
        "Nhập lại mật khẩu của Lê Thị Bé để xuất danh sách đoàn viên ra doan-vien.xlsx.",
        "Mật khẩu không đúng.",
    ]
    assert not out.exists()
    assert screen.message.text() == "Chưa xuất: mật khẩu chưa được xác nhận."

    def right(dialog: PasswordAgainDialog) -> None:
        dialog.password.setText(PASSWORDS["canbo"])
        dialog.ok_button.click()

    when_modal(PasswordAgainDialog, right)
    screen.export_to(out)
    assert out.exists()
    assert screen.message.text() == f"Đã xuất 8 đoàn viên ra {out}."


def test_a_key_or_a_mouse_move_starts_the_idle_count_again(qtbot: QtBot, office: Path) -> None:
    from PySide6.QtCore import QPointF, Qt
    from PySide6.QtGui import QKeyEvent, QMouseEvent

    sign_in_as(STAFF)
    window = MainWindow(office)
    qtbot.addWidget(window)
    lock = window.idle_lock
    assert lock is not None and lock.timer.interval() == 10 * 60_000
    lock.timer.stop()  # as if the count had run on
    key = QKeyEvent(QEvent.Type.KeyPress, Qt.Key.Key_A, Qt.KeyboardModifier.NoModifier, "a")
    QApplication.sendEvent(window.sidebar, key)
    assert lock.timer.isActive()
    lock.timer.stop()
    move = QMouseEvent(
        QEvent.Type.MouseMove,
        QPointF(5, 5),
        QPointF(5, 5),
        Qt.MouseButton.NoButton,
        Qt.MouseButton.NoButton,
        Qt.KeyboardModifier.NoModifier,
    )
    QApplication.sendEvent(window.sidebar, move)
    assert lock.timer.isActive()
    assert not lock.locked


def test_a_screenshot_of_a_database_with_accounts_needs_a_signed_in_account(
    office: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    from desktop.app import main

    out = tmp_path / "shot.png"
    assert main(["--db", str(office), "--screenshot", str(out)]) == 1
    assert not out.exists()
    assert "có tài khoản: chụp màn hình cần đăng nhập" in capsys.readouterr().err


def test_a_screenshot_signs_in_with_user_and_password_as_commands_do(
    office: Path,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    from PySide6.QtGui import QImage

    from desktop.app import main

    out = tmp_path / "shot.png"
    monkeypatch.setenv("UNIONDESK_PASSWORD", "sai-mat-khau")
    assert main(["--db", str(office), "--user", "xem", "--screenshot", str(out)]) == 1
    assert "Tên đăng nhập hoặc mật khẩu không đúng." in capsys.readouterr().err
    assert not out.exists()
    monkeypatch.setenv("UNIONDESK_PASSWORD", PASSWORDS["xem"])
    assert main(["--db", str(office), "--user", "xem", "--screenshot", str(out)]) == 0
    assert QImage(str(out)).size().width() == 1280
