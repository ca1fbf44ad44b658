"""The role matrix as the window shows it: for each role (and for a database without accounts)
which menu actions and screen buttons are enabled, what a disabled one says, that a refused
action stays refused when called anyway, and the administrator's account list."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest
from PySide6.QtGui import QAction
from pytestqt.qtbot import QtBot

from desktop.errors import UserError
from desktop.services.accounts import (
    AccountInfo,
    SignedIn,
    list_accounts,
    sign_in,
    sign_in_as,
)
from desktop.store import shared
from desktop.ui.activities_screen import ActivitiesScreen
from desktop.ui.main_window import MainWindow
from desktop.ui.members_screen import MembersScreen
from desktop.ui.reports_screen import ReportsScreen
from desktop.ui.sync_screen import SyncScreen
from desktop.ui.tasks import SynchronousPool, TaskRunner
from desktop.ui.union_detail import UnionDetailPane
from desktop.ui.users_dialog import DIFFERENT, SELF_DISABLE, UsersDialog
from tests.ui._accounts import ADMIN, PASSWORDS, STAFF, VIEWER, with_accounts

ROLES = {"admin": ADMIN, "staff": STAFF, "viewer": VIEWER, "no accounts": None}

EVERYONE = {
    "actionNewDatabase",
    "actionOpenDatabase",
    "actionSettings",
    "actionOfficeSettings",
    "actionAuditLog",
    "actionQuit",
    "actionAbout",
    "actionHelp",
}
REPORTS = {
    "actionReport_monthly-progress",
    "actionReport_member-movement",
    "actionReport_member-list",
    "actionReport_union-list",
    "actionReport_mid-year-review",
    "actionReport_year-end-review",
}
STAFF_ACTIONS = {
    "actionImport",  # import
    "actionBackup",  # backup
    "actionAutoBackup",  # backup
    "actionCheck",  # view full IDs (the check names members by citizen ID)
    "actionExportBundle",  # export
    "actionTakePackage",  # import
    "actionExportCard",  # export: the card is public, read out over the phone
}
ADMIN_ACTIONS = {"actionRestore", "actionUsers", "actionBackupKeys"}
OWN_PASSWORD = {"actionChangePassword"}  # any account; nothing to change without accounts
ENABLED_ACTIONS = {
    "admin": EVERYONE | OWN_PASSWORD | REPORTS | STAFF_ACTIONS | ADMIN_ACTIONS,
    "staff": EVERYONE | OWN_PASSWORD | REPORTS | STAFF_ACTIONS,
    "viewer": EVERYONE | OWN_PASSWORD | REPORTS,
    "no accounts": EVERYONE | REPORTS | STAFF_ACTIONS | ADMIN_ACTIONS,
}


@pytest.fixture
def office(small_district: Path) -> Path:
    return with_accounts(small_district)


def _as(role: str, office: Path, small_district: Path) -> Path:
    """Sign in as `role` on the office's database («no accounts»: a copy without any)."""
    user = ROLES[role]
    sign_in_as(user)
    if user is not None:
        return office
    plain = small_district.with_name("plain.sqlite")
    with sqlite3.connect(office) as con:
        con.execute("DELETE FROM account")
    con.close()
    office.rename(plain)
    return plain


@pytest.mark.parametrize("role", list(ROLES))
def test_menu_actions_by_role(qtbot: QtBot, office: Path, small_district: Path, role: str) -> None:
    db = _as(role, office, small_district)
    window = MainWindow(db)
    qtbot.addWidget(window)
    actions = [a for a in window.findChildren(QAction) if a.objectName().startswith("action")]
    enabled = {a.objectName() for a in actions if a.isEnabled()}
    assert enabled == ENABLED_ACTIONS[role]
    user = ROLES[role]
    said = f"Tài khoản {user.name} (" if user else "Cơ sở dữ liệu này chưa có tài khoản"
    for action in actions:  # every refused one says why
        assert action.isEnabled() or action.toolTip().startswith(said)


def test_a_disabled_action_names_the_account_role_and_action(qtbot: QtBot, office: Path) -> None:
    sign_in_as(VIEWER)
    viewer = MainWindow(office)
    qtbot.addWidget(viewer)
    assert viewer.findChild(QAction, "actionImport").toolTip() == (  # type: ignore[union-attr]
        "Tài khoản xem (Chỉ xem) không được nhập dữ liệu."
    )
    assert viewer.findChild(QAction, "actionCheck").toolTip() == (  # type: ignore[union-attr]
        "Tài khoản xem (Chỉ xem) không được xem đầy đủ số CCCD."
    )
    sign_in_as(STAFF)
    staff = MainWindow(office)
    qtbot.addWidget(staff)
    assert staff.findChild(QAction, "actionRestore").toolTip() == (  # type: ignore[union-attr]
        "Tài khoản canbo (Cán bộ) không được khôi phục dữ liệu từ bản sao lưu."
    )
    assert staff.findChild(QAction, "actionUsers").toolTip() == (  # type: ignore[union-attr]
        "Tài khoản canbo (Cán bộ) không được quản lý tài khoản."
    )


SCREEN_BUTTONS = {
    # members: add, export, import; reports: print, save PDF, save Excel, preview the member list;
    # sync: take a package, restore keys; union detail: rate; activities: add, delete
    "admin": {"add", "export", "import", "print", "pdf", "xlsx", "preview", "take", "keys", "rate",
              "activity", "forget"},
    "staff": {"add", "export", "import", "print", "pdf", "xlsx", "preview", "take", "rate",
              "activity", "forget"},
    "viewer": set(),
    "no accounts": {
        "add", "export", "import", "print", "pdf", "xlsx", "preview", "take", "keys", "rate",
        "activity", "forget"
    },
}  # fmt: skip


@pytest.mark.parametrize("role", list(ROLES))
def test_screen_buttons_by_role(
    qtbot: QtBot, office: Path, small_district: Path, role: str
) -> None:
    db = _as(role, office, small_district)
    runner = TaskRunner(pool=SynchronousPool())
    members = MembersScreen(db, runner=runner)
    reports = ReportsScreen(db, runner=runner)
    sync = SyncScreen(db, runner=runner)
    detail = UnionDetailPane(db)
    activities = ActivitiesScreen(db, runner=runner)
    for widget in (members, reports, sync, detail, activities):
        qtbot.addWidget(widget)
    reports.report.setCurrentIndex(reports.report.findData("member-list"))
    with sqlite3.connect(db) as con:
        union = con.execute("SELECT id FROM grassroots_union ORDER BY name LIMIT 1").fetchone()[0]
    con.close()
    detail.show_union(union)
    buttons = {
        "add": members.buttons["add"],
        "export": members.buttons["export"],
        "import": members.buttons["import"],
        "print": reports.print_button,
        "pdf": reports.pdf_button,
        "xlsx": reports.xlsx_button,
        "preview": reports.preview_button,
        "take": sync.take_button,
        "keys": sync.keys.restore_button,
        "rate": detail.rate_button,
        "activity": activities.add_button,
        "forget": activities.delete_button,
    }
    assert {k for k, b in buttons.items() if b.isEnabled()} == SCREEN_BUTTONS[role]
    for button in buttons.values():
        assert button.isEnabled() or button.toolTip().startswith("Tài khoản ")


def test_a_refused_action_stays_refused_when_called_anyway(
    qtbot: QtBot, office: Path, tmp_path: Path
) -> None:
    """Never only a disabled button: the screen refuses the call, and writes nothing."""
    from desktop.errors import UserError as Refused
    from desktop.ui.import_wizard import ImportWizard

    sign_in_as(VIEWER)
    runner = TaskRunner(pool=SynchronousPool())
    members = MembersScreen(office, runner=runner)
    qtbot.addWidget(members)
    out = tmp_path / "ds.xlsx"
    members.export_to(out)
    assert not out.exists()
    assert members.message.text() == "Tài khoản xem (Chỉ xem) không được xuất dữ liệu."

    reports = ReportsScreen(office, runner=runner)
    qtbot.addWidget(reports)
    reports.save("pdf")
    assert reports.status.text() == "Tài khoản xem (Chỉ xem) không được xuất dữ liệu."
    reports.print_report()
    assert reports.status.text() == "Tài khoản xem (Chỉ xem) không được in danh sách, báo cáo."

    wizard = ImportWizard(office, "members", runner.pool)
    qtbot.addWidget(wizard)
    failures: list[BaseException] = []
    ran: list[str] = []
    wizard.run("Đang đọc…", lambda *_: ran.append("read"), None, failures.append, None)
    assert ran == []
    assert len(failures) == 1 and isinstance(failures[0], Refused)
    assert failures[0].message == "Tài khoản xem (Chỉ xem) không được nhập dữ liệu."


# --- the administrator's account list ----------------------------------------------------------


def _table(dialog: UsersDialog) -> list[list[str]]:
    t = dialog.table
    return [[t.item(r, c).text() for c in range(4)] for r in range(t.rowCount())]


def test_an_administrator_adds_changes_and_locks_accounts(qtbot: QtBot, office: Path) -> None:
    sign_in_as(ADMIN)
    dialog = UsersDialog(office)
    qtbot.addWidget(dialog)
    assert _table(dialog) == [
        ["quantri", "Nguyễn Văn Quản", "Quản trị", "Đang dùng"],
        ["canbo", "Lê Thị Bé", "Cán bộ", "Đang dùng"],
        ["xem", "Trần Văn Xem", "Chỉ xem", "Đang dùng"],
    ]

    form = dialog.form("add")
    qtbot.addWidget(form)
    form.name.setText("lan.nguyen")
    form.full_name.setText("Nguyễn Thị Lan")
    form.password.setText("mat-khau-lan")
    form.again.setText("mat-khau-lam")
    form.accept()
    assert form.message.text() == DIFFERENT
    form.again.setText("mat-khau-lan")
    form.password.setText("ngan")
    form.again.setText("ngan")
    form.accept()
    assert form.message.text() == "Mật khẩu phải có ít nhất 8 ký tự."
    form.password.setText("mat-khau-lan")
    form.again.setText("mat-khau-lan")
    form.role.setCurrentIndex(form.role.findData("viewer"))
    form.accept()
    assert form.result() == form.DialogCode.Accepted
    dialog.refresh("lan.nguyen")
    assert ["lan.nguyen", "Nguyễn Thị Lan", "Chỉ xem", "Đang dùng"] in _table(dialog)
    assert sign_in(shared(office), "lan.nguyen", "mat-khau-lan").role == "viewer"

    dialog.refresh("lan.nguyen")
    role = dialog.form("role")
    qtbot.addWidget(role)
    role.role.setCurrentIndex(role.role.findData("staff"))
    role.accept()
    password = dialog.form("password")
    qtbot.addWidget(password)
    password.password.setText("mat-khau-moi")
    password.again.setText("mat-khau-moi")
    password.accept()
    dialog.refresh("lan.nguyen")
    assert sign_in(shared(office), "lan.nguyen", "mat-khau-moi") == SignedIn(
        "lan.nguyen", "Nguyễn Thị Lan", "staff"
    )

    dialog.disable_selected(confirm=False)
    assert dialog.message.text() == "Đã khóa tài khoản lan.nguyen."
    assert ["lan.nguyen", "Nguyễn Thị Lan", "Cán bộ", "Đã khóa"] in _table(dialog)
    assert dialog.buttons["enable"].isEnabled() and not dialog.buttons["disable"].isEnabled()
    with pytest.raises(UserError):
        sign_in(shared(office), "lan.nguyen", "mat-khau-moi")

    dialog.refresh("quantri")
    dialog.disable_selected(confirm=False)  # oneself: refused, still in use
    assert SELF_DISABLE in dialog.message.text()
    assert _table(dialog)[0] == ["quantri", "Nguyễn Văn Quản", "Quản trị", "Đang dùng"]


def test_the_last_administrator_keeps_the_role(qtbot: QtBot, office: Path) -> None:
    sign_in_as(ADMIN)
    dialog = UsersDialog(office)
    qtbot.addWidget(dialog)
    dialog.refresh("quantri")
    form = dialog.form("role")
    qtbot.addWidget(form)
    form.role.setCurrentIndex(form.role.findData("staff"))
    form.accept()
    assert form.message.text() == (
        "Không thể bỏ quyền quản trị của «quantri»: đây là tài khoản quản trị cuối cùng còn "
        "dùng được. Hãy cho một tài khoản khác vai trò quản trị trước."
    )
    assert _table(dialog)[0][2] == "Quản trị"


def test_only_an_administrator_changes_accounts(qtbot: QtBot, office: Path) -> None:
    sign_in_as(ADMIN)
    dialog = UsersDialog(office)
    qtbot.addWidget(dialog)
    sign_in_as(STAFF)  # the dialog left open, someone else signed in: the change is refused
    form = dialog.form("add")
    qtbot.addWidget(form)
    form.name.setText("ke.gian")
    form.password.setText("mat-khau-gian")
    form.again.setText("mat-khau-gian")
    form.accept()
    assert form.message.text() == "Tài khoản canbo (Cán bộ) không được quản lý tài khoản."
    assert "ke.gian" not in [row[0] for row in _table(dialog)]


def _account(db: Path, name: str) -> AccountInfo:
    return next(a for a in list_accounts(shared(db)) if a.name == name)


def test_any_account_changes_its_own_password(qtbot: QtBot, office: Path) -> None:
    from desktop.ui.users_dialog import AccountForm

    form = AccountForm(office, "own", _account(office, "xem"))
    qtbot.addWidget(form)
    sign_in_as(VIEWER)
    form.current.setText("khong-phai")
    form.password.setText("mat-khau-moi-xem")
    form.again.setText("mat-khau-moi-xem")
    form.accept()
    assert form.message.text() == "Mật khẩu không đúng."
    form.current.setText(PASSWORDS["xem"])
    form.accept()
    assert form.result() == form.DialogCode.Accepted
    assert sign_in(shared(office), "xem", "mat-khau-moi-xem") == VIEWER


def test_every_form_opens_read_only_for_a_viewer(qtbot: QtBot, office: Path) -> None:
    """The office's letterhead form, as one more form than the member form."""
    from PySide6.QtWidgets import QDialogButtonBox, QLineEdit

    from desktop.ui.office_dialog import OfficeDialog

    sign_in_as(VIEWER)
    dialog = OfficeDialog(office)
    qtbot.addWidget(dialog)
    box = dialog.findChild(QDialogButtonBox)
    assert box is not None
    states = {box.buttonRole(b).name: (b.text(), b.isEnabled()) for b in box.buttons()}
    assert states == {"AcceptRole": ("Lưu", False), "RejectRole": ("Đóng", True)}
    assert all(f.isReadOnly() for f in dialog.findChildren(QLineEdit))
    sign_in_as(STAFF)
    staff = OfficeDialog(office)
    qtbot.addWidget(staff)
    assert all(b.isEnabled() for b in staff.findChild(QDialogButtonBox).buttons())  # type: ignore[union-attr]
    assert not any(f.isReadOnly() for f in staff.findChildren(QLineEdit))
