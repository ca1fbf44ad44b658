"""Nhập danh sách từ bảng tính: the import wizard.

Pick the file → the sheet and its header row (found, shown, changeable) → which column fills
which field (found from the headers and the office's earlier choices) → the check of every row,
with each problem named → the import itself. Reading, checking and writing run on the task
runner with progress and Cancel; the wizard holds only plain results (an ImportPlan, a summary).
Closing it while work runs cancels the work; closing it after choices made by hand (sheet, header
row, columns) asks «Bỏ các lựa chọn đã làm và đóng?» first.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtWidgets import QWidget, QWizard

from desktop.services.importing import ImportPlan, ImportRequest, Mapping, SheetPreview
from desktop.ui import unsaved
from desktop.ui.import_pages import CheckPage, DonePage, FilePage, MappingPage, SheetPage
from desktop.ui.tasks import Pool, Task, TaskRunner

if TYPE_CHECKING:
    from desktop.store import Store

TITLES = {"members": "đoàn viên", "unions": "công đoàn cơ sở"}
CLOSE_QUESTION = "Bỏ các lựa chọn đã làm và đóng?"


def ask_close(parent: QWidget) -> bool:
    """«Đóng» (True) or «Ở lại» (False); Esc is «Ở lại». Nothing to save here: the choices only
    mean something for the import they were made for."""
    return unsaved.ask_two_ways(
        parent,
        "importCloseQuestion",
        "Nhập danh sách từ bảng tính",
        CLOSE_QUESTION,
        ("Đóng", "importClose"),
        ("Ở lại", "importStay"),
    )


class ImportWizard(QWizard):
    """Call from the GUI thread; `imported` is True once a file went in."""

    def __init__(
        self,
        db_path: Path | str,
        kind: str = "members",
        pool: Pool | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("importWizard")
        self.setAccessibleName("Nhập danh sách từ bảng tính")
        self.setWindowTitle("Nhập danh sách từ bảng tính")
        self.setWizardStyle(QWizard.WizardStyle.ClassicStyle)
        self.setButtonText(QWizard.WizardButton.NextButton, "Tiếp >")
        self.setButtonText(QWizard.WizardButton.BackButton, "< Quay lại")
        self.setButtonText(QWizard.WizardButton.CancelButton, "Đóng")
        self.setButtonText(QWizard.WizardButton.FinishButton, "Xong")
        self.resize(980, 640)
        self.db_path = db_path
        self._store: Store | None = None
        # Its own runner: the progress dialog sits over the wizard, and closing the wizard
        # cancels what runs (an import under way rolls back whole).
        self.runner = TaskRunner(self, pool)
        self.task: Task | None = None
        self.kind = kind
        self.path: Path | None = None
        self.preview: SheetPreview | None = None
        self.mapping: Mapping = {}
        self.update_existing = False
        self.union_name: str | None = None
        self.plan: ImportPlan | None = None
        self.imported = False
        self.file_page = FilePage(self)
        self.sheet_page = SheetPage(self)
        self.mapping_page = MappingPage(self)
        self.check_page = CheckPage(self)
        self.done_page = DonePage(self)
        for page in (
            self.file_page,
            self.sheet_page,
            self.mapping_page,
            self.check_page,
            self.done_page,
        ):
            self.addPage(page)

    @property
    def store(self) -> Store:
        """The window's handle on the database, taken when the wizard first reads it."""
        if self._store is None:
            from desktop.store import shared

            self._store = shared(self.db_path)
        return self._store

    def request(self) -> ImportRequest:
        assert self.path is not None and self.preview is not None
        assert self.preview.header is not None
        return ImportRequest(
            kind=self.kind,
            path=self.path,
            sheet=self.preview.sheet,
            header_row=self.preview.header.excel_row,
            mapping=dict(self.mapping),
            update_existing=self.update_existing,
            union_name=self.union_name,
        )

    def run(self, title: str, work: Any, done: Any, failed: Any, cancelled: Any) -> None:
        """Long work on the runner: `done` gets the result, `failed` the exception (a UserError
        is shown on the page), `cancelled` is called after a Cancel. An account whose role may
        not import is refused before any file is read (the import service refuses it too)."""
        from desktop.errors import UserError
        from desktop.services.roles import Action
        from desktop.ui.confirm_password import refusal

        reason = refusal(Action.IMPORT)
        if reason:
            failed(UserError(reason))
            return
        self.task = self.runner.run(title, work, done, failed, cancelled)

    def chose_by_hand(self) -> bool:
        """Choices closing would throw away: a sheet or header row picked, a column's field
        changed from what was found. None once the import ran (or was cancelled)."""
        if self.imported or self.currentPage() is self.done_page:
            return False
        return self.sheet_page.picked or self.mapping_page.changed()

    def reject(self) -> None:
        """«Đóng», Esc or the window's close button while something runs cancels it and waits
        until it stopped, so an import under way rolls back whole before the wizard goes.
        Otherwise choices made by hand are asked about before they are thrown away."""
        if self.runner.busy:
            self.runner.cancel_all()
            self.runner.wait()
            if self.imported:  # the rows went in before the cancel reached them: the page says so
                return
        elif self.chose_by_hand() and not ask_close(self):
            return
        super().reject()
