"""Thiết lập đơn vị: the setup wizard that opens when there is no database, and behind
Tệp → Tạo cơ sở dữ liệu mới….

A thin front over desktop.services.setup_flow: each page shows one step, the flow checks it and
says what is wrong, Back shows any step again, the summary lists what will be created, and
«Tạo cơ sở dữ liệu» runs the flow's `apply` on the task runner (key creation and the key backup's
hashing take a few seconds). Afterwards the lists are imported if asked, and the window opens
signed in as the administrator just created. Call everything from the GUI thread.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QDialog,
    QFileDialog,
    QHeaderView,
    QMessageBox,
    QTableWidget,
    QTableWidgetItem,
    QWidget,
    QWizard,
)

from desktop.errors import UserError
from desktop.services import setup_messages as msg
from desktop.services.setup_apply import SetupResult
from desktop.services.setup_flow import THIS_OFFICE, SetupFlow, Step
from desktop.ui import unsaved
from desktop.ui.setup_wizard_keys import CardPage, KeysPage
from desktop.ui.setup_wizard_pages import AdminPage, OfficePage, PlacePage, StartPage, StepPage
from desktop.ui.tasks import Pool, TaskRunner

TITLE = "Thiết lập đơn vị – Union Desk"
CLOSE_QUESTION = "Bỏ thiết lập? Chưa có gì được tạo; các thông tin đã nhập sẽ mất."
STEP_IDS = {step: number for number, step in enumerate(Step)}
CREATE = "Tạo cơ sở dữ liệu"
OPEN_DEMO = "Mở huyện mẫu"


class ListsPage(StepPage):
    step = Step.LISTS

    def __init__(self, wizard: SetupWizard) -> None:
        super().__init__(
            wizard,
            "Đơn vị đã có danh sách công đoàn cơ sở và đoàn viên trong bảng tính (Excel, "
            "LibreOffice)? Nhập ngay sau khi tạo cơ sở dữ liệu: công đoàn cơ sở trước, rồi "
            "đoàn viên. Để sau cũng được: Tệp → Nhập danh sách từ bảng tính.",
        )
        self.import_lists = QCheckBox("Nhập danh sách ngay sau khi tạo")
        self.import_lists.setObjectName("setupImportLists")
        self.layout_.addWidget(self.import_lists)
        self.finish_layout()

    def store(self) -> None:
        self.flow.answers.import_lists = self.import_lists.isChecked()

    def show_answers(self) -> None:
        self.import_lists.setChecked(self.flow.answers.import_lists)


class SummaryPage(StepPage):
    step = Step.SUMMARY

    def __init__(self, wizard: SetupWizard) -> None:
        super().__init__(
            wizard,
            "Bấm «Tạo cơ sở dữ liệu» để tạo những mục dưới đây, hoặc «Quay lại» để sửa. Mọi thông "
            "tin đều sửa được sau trong chương trình.",
        )
        self.table = QTableWidget(0, 2)
        self.table.setObjectName("setupSummary")
        self.table.setHorizontalHeaderLabels(["Mục", "Sẽ tạo"])
        self.table.verticalHeader().setVisible(False)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setWordWrap(True)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        self.layout_.addWidget(self.table, 1)
        self.layout_.addWidget(self.problems)

    def show_answers(self) -> None:
        lines = self.flow.summary()
        self.table.setRowCount(len(lines))
        for row, (what, value) in enumerate(lines):
            self.table.setItem(row, 0, QTableWidgetItem(what))
            self.table.setItem(row, 1, QTableWidgetItem(value))
        self.table.resizeRowsToContents()

    def validatePage(self) -> bool:
        # QWizard asks again when the task's end accepts it: by then the office exists.
        if self.wizard_.created is not None:
            return True
        if not self.wizard_.runner.busy:
            self.wizard_.create_office()
        return False  # the task's end closes the wizard


class SetupWizard(QWizard):
    """The setup towards `target`. Afterwards `choice` is DEMO or THIS_OFFICE (None when left)
    and `created` what was created. Without `offer_demo` it starts at the office's step."""

    def __init__(
        self,
        target: Path,
        *,
        offer_demo: bool = True,
        keyring: bool | None = None,
        pool: Pool | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        if keyring is None:
            from desktop.services.keys import keyring_available

            keyring = keyring_available()
        self.flow = SetupFlow(target, keyring=keyring)
        self.choice: str | None = None
        self.created: SetupResult | None = None
        self.runner = TaskRunner(self, pool)
        self.setObjectName("setupWizard")
        self.setWindowTitle(TITLE)
        self.setWizardStyle(QWizard.WizardStyle.ClassicStyle)
        self.setOption(QWizard.WizardOption.NoBackButtonOnStartPage, True)
        self.setButtonText(QWizard.WizardButton.NextButton, "Tiếp >")
        self.setButtonText(QWizard.WizardButton.BackButton, "< Quay lại")
        self.setButtonText(QWizard.WizardButton.CancelButton, "Thoát")
        self.setButtonText(QWizard.WizardButton.FinishButton, CREATE)
        # F1 and «Hướng dẫn»: the guide's setup section, as F1 opens a screen's in the window.
        self.setOption(QWizard.WizardOption.HaveHelpButton, True)
        self.setButtonText(QWizard.WizardButton.HelpButton, "Hướng dẫn")
        self.helpRequested.connect(self._show_guide)
        self.pages: dict[Step, StepPage] = {}
        for page_class in (
            StartPage,
            OfficePage,
            PlacePage,
            AdminPage,
            KeysPage,
            CardPage,
            ListsPage,
            SummaryPage,
        ):
            page = page_class(self)
            self.pages[page.step] = page
            self.setPage(STEP_IDS[page.step], page)
        if not offer_demo:
            self.flow.answers.purpose = THIS_OFFICE
            self.flow.forward()
            self.setStartId(STEP_IDS[Step.OFFICE])
        self.currentIdChanged.connect(self._shown)
        self.resize(820, 600)

    def _show_guide(self) -> None:
        from desktop.ui.help import show_help

        show_help(self, "setup")

    def id_after(self, step: Step) -> int:
        order = self.flow.steps()
        at = order.index(step) if step in order else len(order)
        return STEP_IDS[order[at + 1]] if at + 1 < len(order) else -1

    def purpose_changed(self) -> None:
        """The demo ends the wizard on its first page: «Mở huyện mẫu» instead of «Tiếp >»."""
        demo = self.flow.demo_chosen
        self.setButtonText(QWizard.WizardButton.FinishButton, OPEN_DEMO if demo else CREATE)
        self.pages[Step.START].setFinalPage(demo)  # Qt lays the buttons out again

    def steps_changed(self) -> None:
        self.pages[Step.OFFICE].completeChanged.emit()

    def _shown(self, page_id: int) -> None:
        if page_id < 0:
            return
        step = list(Step)[page_id]
        if self.flow.step != step and self.flow.may_revisit(step):
            self.flow.go_to(step)  # «< Quay lại»: the flow shows the same step
        if step != Step.START:
            self.setButtonText(QWizard.WizardButton.FinishButton, CREATE)

    def create_office(self) -> None:
        """Run the flow's `apply` on the runner; the wizard closes once the office exists."""
        page = self.pages[Step.SUMMARY]
        page.show_problems([])

        def work(progress: object, _token: object) -> SetupResult:
            return self.flow.apply(progress)  # type: ignore[arg-type]

        def done(result: SetupResult) -> None:
            self.created, self.choice = result, THIS_OFFICE
            QDialog.accept(self)

        def failed(exc: BaseException) -> None:
            if isinstance(exc, UserError):
                page.show_problems([exc.message])
                return
            from desktop.ui.errors import present_error

            present_error(self, exc)

        self.runner.run("Đang tạo cơ sở dữ liệu…", work, done, failed)

    def reject(self) -> None:
        """«Thoát» while the database is being made cancels it (nothing stays); after answers
        were typed it asks first."""
        if self.runner.busy:
            self.runner.cancel_all()
            self.runner.wait()
            return
        if self.currentId() not in (-1, self.startId()) and not unsaved.ask_two_ways(
            self,
            "setupCloseQuestion",
            TITLE,
            CLOSE_QUESTION,
            ("Thoát", "setupClose"),
            ("Ở lại", "setupStay"),
        ):
            return
        super().reject()


def import_lists(db_path: Path, parent: QWidget | None = None, pool: Pool | None = None) -> int:
    """The import wizard for the office's unions, then for its members (members name their
    union, so unions come first). Returns how many of the two went in."""
    from desktop.ui.import_wizard import ImportWizard

    imported = 0
    for kind in ("unions", "members"):
        wizard = ImportWizard(db_path, kind, pool, parent)
        wizard.exec()
        imported += int(wizard.imported)
    return imported


def after_setup(
    created: SetupResult, parent: QWidget | None = None, pool: Pool | None = None
) -> QWidget | None:
    """What follows «Tạo cơ sở dữ liệu»: the lists imported if asked, then the window on the new
    database, signed in as the administrator just created (no login: the password was typed
    twice a moment ago)."""
    from desktop.services.accounts import sign_in_as
    from desktop.ui.main import open_window

    sign_in_as(created.admin)  # the import's audit rows name the administrator
    if created.import_lists:
        import_lists(created.db_path, parent, pool)
    return open_window(created.db_path, parent, signed_in=created.admin)


def create_database(parent: QWidget | None) -> Path | None:
    """Tệp → Tạo cơ sở dữ liệu mới…: where, then the same wizard (without the demo), then the
    window on it. The new database's path, or None when nothing was created."""
    from desktop import paths

    suggested = paths.default_db_path().parent / "don-vi-moi.sqlite"
    chosen, _ = QFileDialog.getSaveFileName(
        parent, "Tạo cơ sở dữ liệu mới", str(suggested), "Cơ sở dữ liệu (*.sqlite)"
    )
    if not chosen:
        return None
    target = Path(chosen)
    if target.exists():
        QMessageBox.warning(parent, "Union Desk", msg.TARGET_EXISTS.format(path=target))
        return None
    wizard = SetupWizard(target, offer_demo=False, parent=parent)
    if wizard.exec() != QDialog.DialogCode.Accepted or wizard.created is None:
        return None
    after_setup(wizard.created, parent)
    return target
