"""Tệp → Cài đặt…: every setting of the office in one dialog, one tab per subject.

Everything is kept in the database (the office row and the `setting` table), so a backup
carries it and every PC that opens the file sees the same. «Lưu» checks every tab first and
shows each problem beside its field (on the first tab that has one), then saves; closing with
changes typed asks «Lưu / Không lưu / Hủy» (`record_form.GuardedDialog`). A role that may not
edit (a viewer) sees every tab read-only; the idle lock is an administrator's, the keys are
gated by the keys panel itself. GUI thread only; the services do their own short database work.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path

from PySide6.QtWidgets import QLineEdit, QScrollArea, QTabWidget, QVBoxLayout, QWidget

from desktop.errors import UserError
from desktop.services.accounts import SignedIn
from desktop.services.preferences import (
    Preferences,
    preference_problems,
    read_preferences,
    update_preferences,
)
from desktop.services.roles import Action
from desktop.store import shared
from desktop.ui.confirm_password import confirm_again, refusal
from desktop.ui.errors import present_error
from desktop.ui.oversight_form_parts import named, save_buttons
from desktop.ui.record_form import GuardedDialog
from desktop.ui.settings_backup import BackupPage
from desktop.ui.settings_keys import KeysPage
from desktop.ui.settings_office import NUMBER_KEYS, SIGNER_KEYS, OfficeFields
from desktop.ui.settings_pages import DuePage, NumbersPage
from desktop.ui.tasks import Pool, TaskRunner

TAB_OFFICE, TAB_SIGNER, TAB_NUMBERS, TAB_BACKUP, TAB_KEYS, TAB_DUE = range(6)
TAB_TITLES = (
    "Đơn vị và tiêu đề văn bản",
    "Người ký và nơi nhận",
    "Số văn bản",
    "Sao lưu",
    "Khóa và thẻ khóa",
    "Hạn gửi gói",
)


def _scrolled(page: QWidget) -> QScrollArea:
    """A page that scrolls rather than clips on a small screen (1024 × 700)."""
    area = QScrollArea()
    area.setObjectName(f"{page.objectName()}Scroll")
    area.setWidgetResizable(True)
    area.setFrameShape(QScrollArea.Shape.NoFrame)
    holder = QWidget()
    column = QVBoxLayout(holder)
    column.setContentsMargins(0, 0, 0, 0)
    column.addWidget(page)
    column.addStretch(1)  # the fields stay at the top, at their own heights
    area.setWidget(holder)
    return area


class SettingsDialog(GuardedDialog):
    what = "Cài đặt"

    def __init__(
        self,
        db_path: Path | str,
        user: SignedIn | None = None,
        parent: QWidget | None = None,
        *,
        pool: Pool | None = None,
        today: date | None = None,
    ) -> None:
        super().__init__(parent)
        named(self, "settingsDialog", "Cài đặt")
        self.setWindowTitle("Cài đặt")
        # F1: the guide's Cài đặt section, as F1 opens a screen's in the window.
        from PySide6.QtGui import QKeySequence, QShortcut

        from desktop.ui.help import show_help

        QShortcut(QKeySequence.StandardKey.HelpContents, self, lambda: show_help(self, "settings"))
        self.db_path, self.user = db_path, user
        today = today or date.today()
        self.stored: Preferences = read_preferences(shared(db_path), today.year)
        self.runner = TaskRunner(self, pool)
        self.office = OfficeFields(db_path, self)
        prefix = self.office.dialog.fields["doc_prefix"]
        assert isinstance(prefix, QLineEdit)
        self.numbers = NumbersPage(self.stored, prefix, self.office.put_number_rows)
        self.backup = BackupPage(db_path, self.stored, user, self.runner.pool)
        self.backup.folder_stored.connect(self._folder_stored)
        self.keys = KeysPage(db_path, self.runner)
        from desktop.services.province_offices import office_role

        province = office_role(shared(db_path)) == "province"
        self.due = DuePage(self.stored, today, province=province)
        self.tabs = named(QTabWidget(), "settingsTabs", "Các nhóm cài đặt")
        pages = (
            self.office.office,
            self.office.signer,
            self.numbers,
            self.backup,
            self.keys,
            self.due,
        )
        for page, title in zip(pages, TAB_TITLES, strict=True):
            self.tabs.addTab(_scrolled(page), title)
        buttons = save_buttons()
        buttons.accepted.connect(self.try_save)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.tabs, 1)
        layout.addWidget(buttons)
        self.resize(900, 620)
        self.mark_clean()
        reason = refusal(Action.EDIT, user)
        if reason and not self.read_only:
            self.make_read_only(reason)

    def preference_values(self) -> dict[str, str]:
        return self.numbers.values() | self.due.values() | self.backup.values()

    def values(self) -> object:
        return tuple(sorted((self.office.values() | self.preference_values()).items()))

    def _folder_stored(self, value: str) -> None:
        """Tệp → Sao lưu tự động… stored a folder itself: it is no longer a change to save."""
        self.stored = read_preferences(shared(self.db_path), self.stored.year)
        before = getattr(self, "_clean", ())
        clean = (dict(before) if isinstance(before, tuple) else {}) | {"backup_folder": value}
        self._clean = tuple(sorted(clean.items()))

    def changes(self) -> dict[str, str]:
        """The preferences typed differently from what is stored."""
        stored = self.stored.values()
        return {k: v for k, v in self.preference_values().items() if v.strip() != stored[k]}

    def try_save(self) -> bool:
        """Save every tab and close, or show each problem beside its field and stay open."""
        office_problems = self.office.problems()
        changes = self.changes()
        problems = preference_problems(changes)
        for page in (self.numbers, self.due, self.backup):
            page.rows.show({k: v for k, v in problems.items() if k in page.rows.errors})
        first = self._first_tab_with(office_problems, problems)
        if first is not None:
            self.tabs.setCurrentIndex(first)
            return False
        if changes.get("backup_folder", "").strip() and not confirm_again(
            self, self.db_path, "đặt thư mục sao lưu thứ hai"
        ):
            return False
        if not self.office.save():
            return False
        try:
            update_preferences(shared(self.db_path), changes, self.stored.year)
        except UserError as exc:
            present_error(self, exc)
            return False
        self.accept()
        return True

    def _first_tab_with(self, office: dict[str, str], mine: dict[str, str]) -> int | None:
        tabs = []
        for key in office:
            if key in SIGNER_KEYS:
                tabs.append(TAB_SIGNER)
            elif key in NUMBER_KEYS:
                tabs.append(TAB_NUMBERS)
            else:
                tabs.append(TAB_OFFICE)
        for key in mine:
            if key.startswith("next_"):
                tabs.append(TAB_NUMBERS)
            elif key == "due_day":
                tabs.append(TAB_DUE)
            else:
                tabs.append(TAB_BACKUP)
        return min(tabs) if tabs else None


def show_settings(parent: QWidget, db_path: Path | str, user: SignedIn | None) -> None:
    """Tệp → Cài đặt…: open the dialog and wait until it is closed (saved or not)."""
    try:
        dialog = SettingsDialog(db_path, user, parent)
    except UserError as exc:  # a database without its office: said, never a traceback
        present_error(parent, exc)
        return
    dialog.exec()
