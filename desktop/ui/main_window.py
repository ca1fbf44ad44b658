"""The main window: sidebar of screens, menus, status bar with the office and database.

Screens are registered in SCREENS (PROVINCE_SCREENS on a province's database; both in
desktop/ui/screen_list.py) and built on first visit, so start-up pays only for the dashboard.
Nothing typed is lost and no work is cut off: before another screen shows, the current one may
keep the user (`confirm_leave`, desktop/ui/unsaved.py); before the window closes or every screen
is rebuilt (restore, import), every built screen is asked, and work under way is cancelled only
after asking, then waited for.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QElapsedTimer, QEvent, QEventLoop, QSettings, QSize, Qt, QTimer
from PySide6.QtGui import QAction, QCloseEvent, QKeySequence, QPainter, QPaintEvent
from PySide6.QtWidgets import (
    QApplication,
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QMainWindow,
    QStackedWidget,
    QWidget,
)

from desktop.services.accounts import SignedIn, current_user, sign_in_as
from desktop.services.dashboard import office_name
from desktop.services.roles import Action
from desktop.store.probe import Peek
from desktop.store.target import parse_target
from desktop.ui import file_actions, unsaved
from desktop.ui.confirm_password import confirm_again, gate, may, who
from desktop.ui.help import install_help
from desktop.ui.screen_list import (
    NOT_HERE,
    OFFICE_SYNC,
    PROVINCE_IMPORTS,
    PROVINCE_SCREENS,
    PROVINCE_SYNC,
    SCREENS,
    ScreenEntry,
)
from desktop.ui.tasks import WAIT_MS, TaskRunner, ask_cancel_work

if TYPE_CHECKING:
    from desktop.store import Store
    from desktop.ui.idle_lock import IdleLock

_SIGNED_IN = object()  # MainWindow's default user: whoever this process signed in
SERVER_COPIES = (
    "{label} là cơ sở dữ liệu PostgreSQL của tỉnh: sao lưu và khôi phục bằng công cụ của máy chủ "
    "(pg_dump, pg_restore) do người quản trị máy chủ thực hiện."
)


def _report_titles(province: bool = False) -> list[tuple[str, tuple[str, object]]]:
    # The catalogue is plain data; reading it does not import reportlab or openpyxl.
    from desktop.services.reports import PROVINCE_REPORTS, REPORTS

    # A province's own report first: it is the one its staff print each month.
    return [*(PROVINCE_REPORTS.items() if province else ()), *REPORTS.items()]


def screen_names() -> list[str]:
    """The office window's screens, in sidebar order."""
    return [entry.name for entry in SCREENS]


def province_screen_names() -> list[str]:
    """The province window's screens, in sidebar order."""
    return [entry.name for entry in PROVINCE_SCREENS]


def all_screen_names() -> list[str]:
    """Every name `--screen` may take: the office's screens, then the province's own."""
    names = screen_names()
    return names + [n for n in province_screen_names() if n not in names]


class ElidedLabel(QLabel):
    """A status bar label that never widens the window: a long text is drawn shortened with «…»
    (the whole text on hover); `text()` keeps it whole."""

    def __init__(self, text: str, mode: Qt.TextElideMode) -> None:
        super().__init__(text)
        self._mode = mode
        self.setToolTip(text)

    def minimumSizeHint(self) -> QSize:
        return QSize(80, super().minimumSizeHint().height())

    def setText(self, text: str) -> None:
        super().setText(text)
        self.setToolTip(text)

    def paintEvent(self, event: QPaintEvent) -> None:
        painter = QPainter(self)
        shown = self.fontMetrics().elidedText(self.text(), self._mode, self.contentsRect().width())
        painter.drawText(self.contentsRect(), int(self.alignment()), shown)


def _busy(screen: QWidget) -> bool:
    """A screen's own `busy` (the Báo cáo screen's printing and preview), method or flag."""
    flag = getattr(screen, "busy", False)
    return bool(flag() if callable(flag) else flag)


class MainWindow(QMainWindow):
    """The window on `db_path` for `user` (by default the account signed in; None on a
    database without accounts): the role decides which actions are enabled, and the window
    locks after the office's idle minutes."""

    def __init__(
        self, db_path: Path | str, parent: QWidget | None = None, *, user: object = _SIGNED_IN
    ) -> None:
        super().__init__(parent)
        self.setObjectName("mainWindow")
        self.db_path = db_path
        self.target = parse_target(db_path)  # what the database is, known without opening it
        self.user: SignedIn | None = current_user() if user is _SIGNED_IN else user  # type: ignore[assignment]
        self.office = self._office_name() or "(chưa khởi tạo đơn vị)"
        self.province = self._office_role() == "province"
        # The module's lists are read now (a test may put a screen of its own in them first).
        self.screens: list[ScreenEntry] = PROVINCE_SCREENS if self.province else SCREENS
        self._show_title()
        self._built: dict[str, QWidget] = {}
        self.runner = TaskRunner(self)

        self.sidebar = QListWidget()
        self.sidebar.setObjectName("sidebar")
        self.sidebar.setAccessibleName("Danh mục màn hình")
        self.sidebar.setFixedWidth(210)
        self.sidebar.setStyleSheet(
            "QListWidget { background: #1d3557; color: white; border: none; font-size: 11pt; }"
            "QListWidget::item { padding: 10px 14px; }"
            "QListWidget::item:selected { background: #457b9d; }"
        )
        self.stack = QStackedWidget()
        self.stack.setObjectName("screens")
        for entry in self.screens:
            item = QListWidgetItem(entry.title)
            item.setData(Qt.ItemDataRole.UserRole, entry.name)
            self.sidebar.addItem(item)
        self.sidebar.currentRowChanged.connect(self._show_row)

        central = QWidget()
        layout = QHBoxLayout(central)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(0)
        layout.addWidget(self.sidebar)
        layout.addWidget(self.stack, 1)
        self.setCentralWidget(central)
        central.setStyleSheet("QStackedWidget { background: #f4f6fa; }")

        self.office_label = ElidedLabel(self.office, Qt.TextElideMode.ElideRight)
        self.office_label.setObjectName("statusOffice")
        where = self.target.path
        shown = str(where.resolve()) if where is not None else self.target.label
        self.db_label = ElidedLabel(shown, Qt.TextElideMode.ElideMiddle)
        self.db_label.setObjectName("statusDatabase")
        self.statusBar().addWidget(self.office_label)
        if self.user is not None:
            self.user_label = QLabel(f"Đăng nhập: {who(self.user)}")
            self.user_label.setObjectName("statusUser")
            self.statusBar().addPermanentWidget(self.user_label)
        self.statusBar().addPermanentWidget(self.db_label)
        self._build_menus()
        self.idle_lock = self._idle_lock()
        self.sidebar.setCurrentRow(0)

    @property
    def store(self) -> Store:
        """The window's one handle on its database (a file, or a province's server by URL): every
        screen and service of this window reaches this same store through `shared`. Taken on
        first use, so a file's window paints before SQLAlchemy is loaded."""
        from desktop.store import shared

        return shared(self.db_path)

    @property
    def file_path(self) -> Path:
        """The database file, for the actions that copy it (backups, restore): they are turned
        off on a server's window, which has no file."""
        return Path(self.db_path)

    def _office_name(self) -> str:
        # A file is peeked at for the first paint; a server read only through its store.
        if self.target.path is not None:
            return office_name(Peek(Path(self.db_path)))
        return office_name(self.store)

    def _office_role(self) -> str:
        from desktop.services.province_offices import office_role

        if self.target.path is not None:
            return office_role(Peek(Path(self.db_path)))
        return office_role(self.store)

    def names(self) -> list[str]:
        """This window's screens, in sidebar order."""
        return [entry.name for entry in self.screens]

    def _show_title(self) -> None:
        signed = f" — {who(self.user)}" if self.user is not None else ""
        # Several staff may have windows on the province's server and on their own files at once:
        # a server's window says which server (the URL, never its password).
        server = f" — {self.target.label}" if self.target.path is None else ""
        self.setWindowTitle(f"Union Desk — {self.office}{signed}{server}")

    def _idle_lock(self) -> IdleLock | None:
        """Only an account has a password to unlock with: no accounts, no lock."""
        if self.user is None:
            return None
        from desktop.ui.idle_lock import IdleLock, idle_minutes

        return IdleLock(self.db_path, self.user, idle_minutes(self.db_path) * 60_000, self)

    def changeEvent(self, event: QEvent) -> None:
        # Several windows may be open on different databases: the audit trail and the services
        # act for the account of the window in use.
        activated = event.type() == QEvent.Type.ActivationChange and self.isActiveWindow()
        if activated and current_user() != self.user:
            sign_in_as(self.user)
        super().changeEvent(event)

    def _build_menus(self) -> None:
        file_menu = self.menuBar().addMenu("&Tệp")
        new_action = QAction("Tạo cơ sở &dữ liệu mới…", self)
        new_action.setObjectName("actionNewDatabase")
        new_action.setShortcut(QKeySequence.StandardKey.New)
        new_action.triggered.connect(self.create_database)
        file_menu.addAction(new_action)
        open_action = QAction("&Mở cơ sở dữ liệu…", self)
        open_action.setObjectName("actionOpenDatabase")
        open_action.setShortcut(QKeySequence.StandardKey.Open)
        open_action.triggered.connect(self.open_database)
        file_menu.addAction(open_action)
        import_action = QAction("&Nhập danh sách từ bảng tính…", self)
        import_action.setObjectName("actionImport")
        import_action.triggered.connect(self.import_file)
        file_menu.addAction(import_action)
        file_menu.addSeparator()
        for key, text, slot, needs in (
            ("actionBackup", "&Sao lưu…", self.back_up, Action.BACKUP),
            ("actionAutoBackup", "Sao &lưu tự động…", self.auto_backups, Action.BACKUP),
            ("actionRestore", "&Khôi phục từ bản sao lưu…", self.restore, Action.RESTORE),
            (
                "actionCheck",
                "&Kiểm tra dữ liệu",
                lambda: file_actions.check(self, self.runner, self.db_path),
                Action.VIEW_FULL_ID,  # its findings name members by citizen ID
            ),
            ("actionAuditLog", "&Nhật ký hoạt động…", self.show_audit_log, Action.VIEW),
            ("actionSettings", "&Cài đặt…", self.show_settings, Action.VIEW),
            ("actionOfficeSettings", "Thông tin đơn &vị…", self.edit_office, Action.VIEW),
            ("actionUsers", "&Tài khoản người dùng…", self.manage_users, Action.USERS),
            ("actionChangePassword", "Đổi &mật khẩu…", self.change_password, Action.VIEW),
        ):
            action = QAction(text, self)
            action.setObjectName(key)
            action.triggered.connect(slot)
            gate(action, needs, self.user)
            file_menu.addAction(action)
        gate(import_action, Action.IMPORT, self.user)
        if self.target.path is None:
            self._server_keeps_copies()
        own = self.findChild(QAction, "actionChangePassword")
        if self.user is None and own is not None:  # nobody signed in: no password to change
            own.setEnabled(False)
            own.setToolTip("Cơ sở dữ liệu này chưa có tài khoản nên không có mật khẩu để đổi.")
        file_menu.addSeparator()
        quit_action = QAction("&Thoát", self)
        quit_action.setObjectName("actionQuit")
        quit_action.setShortcut(QKeySequence.StandardKey.Quit)
        quit_action.triggered.connect(self.close)
        file_menu.addAction(quit_action)

        reports_menu = self.menuBar().addMenu("&Báo cáo")
        for name, (title, _) in _report_titles(self.province):
            action = QAction(f"{title}…", self)
            action.setObjectName(f"actionReport_{name}")
            action.triggered.connect(lambda _=False, n=name: self.open_report(n))
            reports_menu.addAction(action)

        sync_menu = self.menuBar().addMenu("Đồng &bộ")
        for key, text, screen, method, needs in PROVINCE_SYNC if self.province else OFFICE_SYNC:
            action = QAction(text, self)
            action.setObjectName(key)
            action.triggered.connect(lambda _=False, n=screen, m=method: self._on_screen(n, m))
            gate(action, needs, self.user)
            sync_menu.addAction(action)
        if self.province:  # a province's members come in the offices' bundles (Nhận gói)
            import_action.setEnabled(False)
            import_action.setToolTip(PROVINCE_IMPORTS)

        for menu in (file_menu, reports_menu, sync_menu):
            menu.setToolTipsVisible(True)  # a disabled action says which role it needs
        help_menu = self.menuBar().addMenu("Trợ &giúp")
        install_help(self, help_menu, self.current_screen)
        about_action = QAction("&Giới thiệu", self)
        about_action.setObjectName("actionAbout")
        about_action.triggered.connect(self._show_about)
        help_menu.addAction(about_action)

    def _server_keeps_copies(self) -> None:
        """A province's server is copied and restored with the server's own tools: the file
        copies of the Tệp menu are off on its window, saying so."""
        said = SERVER_COPIES.format(label=self.target.label)
        for key in ("actionBackup", "actionAutoBackup", "actionRestore"):
            action = self.findChild(QAction, key)
            if action is not None:
                action.setEnabled(False)
                action.setToolTip(said)

    def _show_row(self, row: int) -> None:
        screens = self.screens
        if 0 <= row < len(screens) and self.show_screen(screens[row].name) is None:
            # The current screen kept the user: its row is selected again, silently.
            current = self.stack.currentWidget()
            name = next((n for n, w in self._built.items() if w is current), screens[0].name)
            self.sidebar.blockSignals(True)
            self.sidebar.setCurrentRow(self.names().index(name))
            self.sidebar.blockSignals(False)

    def _on_screen(self, name: str, method: str) -> None:
        screen = self.show_screen(name)
        if screen is not None:
            getattr(screen, method)()

    def show_screen(self, name: str) -> QWidget | None:
        """Switch to the screen `name`, building it on first visit; None when the current screen
        holds unsaved work the user chose to stay with. A screen of the other kind of database
        (Đơn vị on an office's, Đoàn viên on a province's) is refused, naming this window's."""
        entry = next((e for e in self.screens if e.name == name), None)
        if entry is None:
            from desktop.errors import UserError

            where = "LĐLĐ tỉnh" if name in province_screen_names() else "đơn vị cấp trên cơ sở"
            raise UserError(
                NOT_HERE.format(
                    name=name, where=where, label=self.target.label, names=", ".join(self.names())
                )
            )
        current = self.stack.currentWidget()
        widget = self._built.get(name)
        leaving = current is not None and current is not widget
        if leaving and isinstance(current, unsaved.LeavesSafely) and not current.confirm_leave():
            return None
        if widget is None:
            widget = entry.factory(self.db_path)
            self._built[name] = widget
            self.stack.addWidget(widget)
        self.stack.setCurrentWidget(widget)
        row = self.names().index(name)
        if self.sidebar.currentRow() != row:
            self.sidebar.setCurrentRow(row)
        return widget

    def open_report(self, name: str) -> None:
        screen = self.show_screen("reports")
        if screen is None:
            return
        index = screen.report.findData(name)  # type: ignore[attr-defined]
        screen.report.setCurrentIndex(index)  # type: ignore[attr-defined]

    def back_up(self) -> None:
        """Tệp → Sao lưu…: a whole copy of the personal data, so the password is asked again."""
        if confirm_again(self, self.db_path, "sao lưu cơ sở dữ liệu"):
            file_actions.back_up(self, self.runner, self.file_path)

    def auto_backups(self) -> None:
        """Tệp → Sao lưu tự động…: a second folder gets every copy of the personal data."""
        if confirm_again(self, self.db_path, "đặt sao lưu tự động"):
            file_actions.auto_backups(self, self.runner, self.file_path)

    def show_audit_log(self) -> None:
        """Tệp → Nhật ký hoạt động…: who changed, exported, printed or viewed what."""
        from desktop.ui.audit_log import show_audit_log

        show_audit_log(self, self.db_path, pool=self.runner.pool)

    def restore(self) -> None:
        """Tệp → Khôi phục…: replaces every record, so the password is asked again."""
        if confirm_again(self, self.db_path, "khôi phục dữ liệu từ bản sao lưu"):
            file_actions.restore_from(
                self, self.runner, self.file_path, self.reopen, self.may_rebuild
            )

    def manage_users(self) -> None:
        """Tệp → Tài khoản người dùng… (administrators)."""
        from desktop.ui.users_dialog import UsersDialog

        UsersDialog(self.db_path, self).exec()

    def change_password(self) -> None:
        """Tệp → Đổi mật khẩu…: any account, after its current password."""
        from desktop.ui.users_dialog import change_own_password

        if self.user is not None and change_own_password(self, self.db_path, self.user):
            self.statusBar().showMessage("Đã đổi mật khẩu.", 10_000)

    def show_settings(self) -> None:
        """Tệp → Cài đặt…: every setting of the office; the title, the status bar, the idle
        lock and the screens that show a setting follow what was saved."""
        from desktop.ui.idle_lock import idle_minutes
        from desktop.ui.settings_dialog import show_settings

        show_settings(self, self.db_path, self.user)
        self.office = self._office_name() or self.office
        self._show_title()
        self.office_label.setText(self.office)
        if self.idle_lock is not None:
            self.idle_lock.start(idle_minutes(self.db_path) * 60_000)
        reports = self._built.get("reports")
        if reports is not None:  # its draft warning and the number it proposes
            reports.refresh_draft_warning()  # type: ignore[attr-defined]
            reports.propose_number()  # type: ignore[attr-defined]
        sync = self._built.get("sync")
        if sync is not None:  # the bundle's due date and the keys
            sync.refresh()  # type: ignore[attr-defined]
        dashboard = self._built.get("dashboard")
        if dashboard is not None:  # «Việc cần làm» by the due day
            dashboard.load_later()  # type: ignore[attr-defined]

    def edit_office(self) -> None:
        """Tệp → Thông tin đơn vị…: the letterhead settings; the title and status bar follow."""
        from desktop.ui.office_dialog import edit_office

        if edit_office(self, self.db_path):
            self.office = self._office_name() or self.office
            self._show_title()
            self.office_label.setText(self.office)
            reports = self._built.get("reports")
            if reports is not None:  # its warning on empty settings follows them
                reports.refresh_draft_warning()  # type: ignore[attr-defined]

    def import_file(self) -> None:
        """The import wizard (members by default, unions on the Công đoàn cơ sở screen); every
        screen is read again once a file went in."""
        from desktop.ui.import_wizard import ImportWizard

        if self.province or not may(Action.IMPORT, self.user) or not self.may_rebuild("nhập"):
            return
        current = self.current_screen()
        kind = "unions" if current == "unions" else "members"
        wizard = ImportWizard(self.db_path, kind, self.runner.pool, self)
        wizard.exec()
        if wizard.imported:
            self.reopen()

    def reopen(self) -> None:
        """Rebuild every screen on the (restored) database; the caller has asked `may_rebuild`."""
        from desktop.ui.main import prepare_database

        prepare_database(self.db_path)  # a backup from an older release needs its migrations
        for widget in self._built.values():
            self.stack.removeWidget(widget)
            widget.deleteLater()
        self._built.clear()
        self.show_screen(self.current_screen())

    def current_screen(self) -> str:
        """The --screen name of the screen shown: F1 opens its section of the guide."""
        return self.screens[max(self.sidebar.currentRow(), 0)].name

    def create_database(self) -> None:
        """Tệp → Tạo cơ sở dữ liệu mới…: the setup wizard, then the new database in a window of
        its own, signed in as the administrator it made."""
        from desktop.ui.setup_wizard import create_database

        create_database(self)

    def open_database(self) -> None:
        """Another database in a window of its own; one already open (here or in another window
        of this program) only comes to the front."""
        folder = str(self.target.path.parent) if self.target.path is not None else str(Path.home())
        chosen, _ = QFileDialog.getOpenFileName(
            self, "Mở cơ sở dữ liệu", folder, "Cơ sở dữ liệu (*.sqlite *.db)"
        )
        if chosen:
            from desktop.ui.main import open_window

            open_window(Path(chosen), self)

    def _show_about(self) -> None:
        # Loaded when asked: it reads every library's metadata, which start-up need not.
        from desktop.ui.about import show_about

        show_about(self, self.target.label)

    def bring_to_front(self) -> None:
        """Asked by another start of the program on this database; the platform may only flash
        the task bar instead."""
        if self.isMinimized():
            self.showNormal()
        self.show()
        self.raise_()
        self.activateWindow()
        QApplication.alert(self)

    def busy(self) -> bool:
        """Work under way on any screen (printing, a preview, a report, a load) or the window's."""
        runners = self.findChildren(TaskRunner)
        return any(r.busy for r in runners) or any(_busy(s) for s in self._built.values())

    def working(self) -> bool:
        """Work the user sees under way (a progress dialog, printing, a preview): asked about."""
        runners = self.findChildren(TaskRunner)
        return any(r.showing for r in runners) or any(_busy(s) for s in self._built.values())

    def stop_work(self, then: str = "đóng") -> bool:
        """No work under way, or the user chose to cancel it: cancelled and waited for (its
        callbacks delivered, so nothing is left to touch deleted widgets). A quick load still
        running is cancelled without a question. False to keep the work."""
        if not self.busy():
            return True
        if self.working() and not ask_cancel_work(self, then):
            return False
        for screen in self._built.values():
            cancel = getattr(screen, "cancel_work", None)
            if callable(cancel):
                cancel()
        for runner in self.findChildren(TaskRunner):
            runner.cancel_all()
        clock = QElapsedTimer()
        clock.start()
        loop = QEventLoop()
        while self.busy() and clock.elapsed() < WAIT_MS:
            QTimer.singleShot(20, loop.quit)
            loop.exec()
        return True

    def may_rebuild(self, then: str = "tiếp tục") -> bool:
        """Before every screen is rebuilt (restore, import): unsaved work asked about, work under
        way cancelled after asking. False to stay as it is."""
        return unsaved.confirm_leave_all(list(self._built.values())) and self.stop_work(then)

    def closeEvent(self, event: QCloseEvent) -> None:
        if not self.may_rebuild("đóng"):
            event.ignore()
            return
        QSettings().setValue("mainWindow/geometry", self.saveGeometry())
        if self.idle_lock is not None:
            self.idle_lock.stop()
        guard = getattr(self, "guard", None)
        if guard is not None:
            guard.release()
        super().closeEvent(event)
