"""(Province) «Gửi gói cho đơn vị»: the quotas of each office typed in a grid or read from the
allocation workbook, then the programme, quotas and receipts packages written to a folder.

Opened from Đơn vị and Tổng hợp with one office chosen, or none (every office). The work is
desktop/services/province_packages.py; this dialog only gathers what the person chose. The
password is asked again before packages leave (they carry the province's decisions and quotas),
and the packages are made in the task runner's worker. GUI thread only.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Any

from PySide6.QtCore import QSettings
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QFileDialog,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from desktop.errors import UserError
from desktop.services.province_packages import (
    KIND_LABELS,
    PROGRAMME,
    QUOTAS,
    RECEIPTS,
    PackageOutcome,
)
from desktop.services.roles import Action
from desktop.store import shared
from desktop.ui.confirm_password import confirm_again, gate, refusal
from desktop.ui.errors import present_error
from desktop.ui.quota_grid import QuotaGridModel
from desktop.ui.tasks import TaskRunner

ALL_OFFICES = "Mọi đơn vị"
FOLDER_KEY = "packages/folder"
RED, GREEN = "#b3261e", "#2e7d32"
DEFAULT = object()  # the key opens without a typed passphrase (the OS keyring holds it)
KIND_BOXES = {
    PROGRAMME: "Chương trình công tác năm {year}",
    QUOTAS: "Chỉ tiêu giao năm {year}",
    RECEIPTS: "Biên nhận các gói đã gộp và quyết định duyệt/trả lại",
}


def outcome_lines(outcomes: list[PackageOutcome]) -> str:
    """One line per package, the refused ones in red, and where the files are."""
    lines = []
    for o in outcomes:
        colour = GREEN if o.written else RED
        lines.append(f"<span style='color:{colour}'>{o.unit_code}: {_escape(o.message)}</span>")
    written = [o for o in outcomes if o.path is not None]
    if written and written[0].path is not None:
        lines.append(
            f"{len(written)}/{len(outcomes)} gói đã lập trong thư mục {_escape(str(written[0].path.parent))}. "
            "Gửi mỗi tệp cho đúng đơn vị (USB, thư điện tử hoặc Zalo): nội dung đã được mã hóa."
        )
    return "<br>".join(lines)


def _escape(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


class SendPackagesDialog(QDialog):
    def __init__(
        self,
        db: Path | str,
        unit_code: str | None,
        parent: QWidget | None = None,
        *,
        runner: TaskRunner | None = None,
        today: date | None = None,
    ) -> None:
        super().__init__(parent)
        from desktop.services.dashboard import years_offered
        from desktop.services.province_packages import offices
        from desktop.services.targets import working_period

        self.setObjectName("sendPackagesDialog")
        self.setWindowTitle("Gửi gói cho đơn vị")
        self.db = db
        self.runner = runner or TaskRunner(self)
        self.today = today
        self.outcomes: list[PackageOutcome] = []
        store = shared(db)
        self.offices = offices(store)

        self.office = QComboBox()
        self.office.setObjectName("packagesOffice")
        self.office.setAccessibleName("Đơn vị nhận gói")
        self.office.addItem(f"{ALL_OFFICES} ({len(self.offices)})", None)
        for code, name in self.offices:
            self.office.addItem(f"{code} – {name}", code)
        if unit_code is not None and self.office.findData(unit_code) >= 0:
            self.office.setCurrentIndex(self.office.findData(unit_code))
        self.year = QComboBox()
        self.year.setObjectName("packagesYear")
        self.year.setAccessibleName("Năm chương trình")
        for year in years_offered(store, today):
            self.year.addItem(f"Năm {year}", year)
        working = int(working_period(store, today)[:4])
        self.year.setCurrentIndex(max(self.year.findData(working), 0))
        top = QHBoxLayout()
        top.addWidget(QLabel("Đơn vị:"))
        top.addWidget(self.office, 1)
        top.addWidget(QLabel("Năm:"))
        top.addWidget(self.year)

        self.model = QuotaGridModel(self)
        self.table = QTableView()
        self.table.setObjectName("quotaGrid")
        self.table.setAccessibleName("Bảng chỉ tiêu giao: chỉ tiêu theo hàng, đơn vị theo cột")
        self.table.setModel(self.model)
        self.table.setWordWrap(True)
        self.table.setAlternatingRowColors(True)
        self.table.verticalHeader().setVisible(False)
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        self.table.horizontalHeader().setDefaultSectionSize(110)
        self.table.verticalHeader().setDefaultSectionSize(50)
        self.table.setEditTriggers(
            QTableView.EditTrigger.DoubleClicked
            | QTableView.EditTrigger.EditKeyPressed
            | QTableView.EditTrigger.AnyKeyPressed
        )
        self.save_button = QPushButton("Lưu chỉ tiêu")
        self.save_button.setObjectName("quotaSave")
        self.save_button.clicked.connect(self.save_quotas)
        self.import_button = QPushButton("Nhập từ bảng phân bổ…")
        self.import_button.setObjectName("quotaImport")
        self.import_button.setToolTip(
            "Tệp Excel: một dòng mỗi đơn vị (cột «Mã đơn vị»), một cột mỗi chỉ tiêu (2a, 2b…); "
            "hoặc tệp CSV unit_code,target_code,value."
        )
        self.import_button.clicked.connect(self.choose_workbook)
        self.template_button = QPushButton("Lưu mẫu bảng phân bổ…")
        self.template_button.setObjectName("quotaTemplate")
        self.template_button.clicked.connect(self.choose_template)
        grid_buttons = QHBoxLayout()
        grid_buttons.addWidget(self.save_button)
        grid_buttons.addWidget(self.import_button)
        grid_buttons.addWidget(self.template_button)
        grid_buttons.addStretch(1)
        self.quotas_box = QGroupBox()
        self.quotas_box.setObjectName("quotasBox")
        quotas_layout = QVBoxLayout(self.quotas_box)
        hint = QLabel(
            "Gõ chỉ tiêu giao vào ô (ví dụ 1.250 hoặc 92,5; để trống là bỏ chỉ tiêu). Ô đã sửa "
            "tô vàng cho đến khi lưu."
        )
        hint.setWordWrap(True)
        quotas_layout.addWidget(hint)
        quotas_layout.addWidget(self.table, 1)
        quotas_layout.addLayout(grid_buttons)

        self.kinds: dict[str, QCheckBox] = {}
        kinds_box = QGroupBox("Gói cần lập")
        kinds_layout = QVBoxLayout(kinds_box)
        for kind in (PROGRAMME, QUOTAS, RECEIPTS):
            box = QCheckBox()
            box.setObjectName(f"package_{kind}")
            box.setChecked(True)
            self.kinds[kind] = box
            kinds_layout.addWidget(box)
        self.folder = QLineEdit(str(QSettings().value(FOLDER_KEY, str(Path.home()))))
        self.folder.setObjectName("packagesFolder")
        self.folder.setAccessibleName("Thư mục lưu gói")
        folder_button = QPushButton("Chọn thư mục…")
        folder_button.setObjectName("packagesFolderChoose")
        folder_button.clicked.connect(self.choose_folder)
        folder_row = QHBoxLayout()
        folder_row.addWidget(QLabel("Lưu vào thư mục:"))
        folder_row.addWidget(self.folder, 1)
        folder_row.addWidget(folder_button)
        kinds_layout.addLayout(folder_row)

        self.message = QLabel()
        self.message.setObjectName("packagesMessage")
        self.message.setWordWrap(True)
        self.send_button = QPushButton("Lập gói")
        self.send_button.setObjectName("packagesSend")
        self.send_button.clicked.connect(self.send)
        close = QPushButton("Đóng")
        close.setObjectName("packagesClose")
        close.clicked.connect(self.reject)
        buttons = QHBoxLayout()
        buttons.addStretch(1)
        buttons.addWidget(self.send_button)
        buttons.addWidget(close)

        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.quotas_box, 1)
        layout.addWidget(kinds_box)
        layout.addWidget(self.message)
        layout.addLayout(buttons)
        for button in self.findChildren(QPushButton):
            # Enter finishes a cell being typed: it must never press «Lập gói» or «Đóng».
            button.setAutoDefault(False)
            button.setDefault(False)
        for button in (self.save_button, self.import_button):
            gate(button, Action.EDIT)
        if refusal(Action.EDIT):  # a viewer reads the quotas; typing would lead nowhere
            self.table.setEditTriggers(QTableView.EditTrigger.NoEditTriggers)
        gate(self.send_button, Action.EXPORT)
        self._shown = (self.office.currentIndex(), self.year.currentIndex())
        self.office.currentIndexChanged.connect(lambda _i: self.choice_changed())
        self.year.currentIndexChanged.connect(lambda _i: self.choice_changed())
        self.resize(980, 720)
        self.load()

    @property
    def unit_code(self) -> str | None:
        data = self.office.currentData()
        return None if data is None else str(data)

    @property
    def chosen_year(self) -> int:
        return int(self.year.currentData())

    def say(self, html: str) -> None:
        self.message.setText(html)

    def choice_changed(self) -> None:
        """Another office or year: cells typed for the one shown are saved first; when they
        cannot be, the choice goes back and the message says which cell is wrong."""
        if self.model.pending:
            office, year = self._shown
            self.office.blockSignals(True)
            self.year.blockSignals(True)
            chosen = (self.office.currentIndex(), self.year.currentIndex())
            self.office.setCurrentIndex(office)
            self.year.setCurrentIndex(year)
            saved = self.save_quotas()
            if saved:
                self.office.setCurrentIndex(chosen[0])
                self.year.setCurrentIndex(chosen[1])
            self.office.blockSignals(False)
            self.year.blockSignals(False)
            if not saved:
                return
        self.load()

    def load(self) -> None:
        """Show the chosen year's quotas for the chosen office (or all)."""
        from desktop.services.province_packages import quota_grid

        self._shown = (self.office.currentIndex(), self.year.currentIndex())
        year = self.chosen_year
        self.quotas_box.setTitle(f"Chỉ tiêu giao năm {year}")
        for kind, box in self.kinds.items():
            box.setText(KIND_BOXES[kind].format(year=year))
        try:
            grid = quota_grid(shared(self.db), year, self.unit_code)
        except UserError as exc:
            self.say(f"<span style='color:{RED}'>{_escape(exc.message)}</span>")
            return
        self.model.set_grid(grid)
        self.table.setColumnWidth(0, 360)
        if not grid.targets:
            from desktop.services.progress import programme_missing_text

            self.say(f"<span style='color:{RED}'>{_escape(programme_missing_text(year))}</span>")

    def save_quotas(self) -> bool:
        """Save the cells typed; True when saved (or nothing was pending)."""
        from desktop.services.province_packages import save_quota_grid

        if not self.model.pending:
            return True
        try:
            saved = save_quota_grid(shared(self.db), self.chosen_year, dict(self.model.pending))
        except UserError as exc:
            self.say(f"<span style='color:{RED}'>{_escape(exc.message)}</span>")
            return False
        self.load()
        self.say(f"<span style='color:{GREEN}'>Đã lưu {len(saved)} ô chỉ tiêu giao.</span>")
        return True

    def choose_workbook(self) -> None:
        path, _ = QFileDialog.getOpenFileName(
            self,
            "Chọn bảng phân bổ chỉ tiêu",
            self.folder.text(),
            "Bảng phân bổ (*.xlsx *.csv);;Mọi tệp (*)",
        )
        if path:
            self.import_workbook(Path(path))

    def import_workbook(self, path: Path) -> None:
        """Read the allocation workbook into the quotas (all or nothing), then show them."""
        from desktop.services.province_packages import import_allocation

        try:
            saved = import_allocation(shared(self.db), path, self.chosen_year)
        except UserError as exc:
            self.say(f"<span style='color:{RED}'>{_escape(exc.message)}</span>")
            return
        self.load()
        offices = len({q.unit_code for q in saved})
        self.say(
            f"<span style='color:{GREEN}'>Đã nhập {len(saved)} chỉ tiêu giao của {offices} đơn vị "
            f"từ {_escape(path.name)}.</span>"
        )

    def choose_template(self) -> None:
        name = f"bang-phan-bo-chi-tieu-{self.chosen_year}.xlsx"
        path, _ = QFileDialog.getSaveFileName(
            self,
            "Lưu mẫu bảng phân bổ",
            str(Path(self.folder.text()) / name),
            "Excel (*.xlsx)",
        )
        if path:
            self.save_template(Path(path))

    def save_template(self, path: Path) -> None:
        from desktop.services.province_packages import allocation_template

        try:
            allocation_template(shared(self.db), self.chosen_year, path)
        except (UserError, OSError) as exc:
            message = exc.message if isinstance(exc, UserError) else str(exc)
            self.say(f"<span style='color:{RED}'>{_escape(message)}</span>")
            return
        self.say(
            f"Đã lưu mẫu {_escape(path.name)}: điền chỉ tiêu mỗi đơn vị rồi bấm «Nhập từ bảng "
            "phân bổ…»."
        )

    def choose_folder(self) -> None:
        folder = QFileDialog.getExistingDirectory(self, "Thư mục lưu gói", self.folder.text())
        if folder:
            self.folder.setText(folder)

    def send(self) -> None:
        """Save any typed quota, ask the password again, then write the packages (worker)."""
        from desktop.services.province_packages import send_packages

        if refusal(Action.EXPORT):
            self.say(f"<span style='color:{RED}'>{_escape(refusal(Action.EXPORT))}</span>")
            return
        kinds = [kind for kind, box in self.kinds.items() if box.isChecked()]
        if not kinds:
            self.say(f"<span style='color:{RED}'>Chọn ít nhất một gói để lập.</span>")
            return
        if not self.save_quotas():
            return
        folder = Path(self.folder.text().strip())
        if not confirm_again(self, self.db, "lập gói gửi đơn vị"):
            self.say("Chưa lập gói: mật khẩu chưa được xác nhận.")
            return
        passphrase = self._passphrase()
        if passphrase is None:
            return
        QSettings().setValue(FOLDER_KEY, str(folder))
        db, year, unit, today = self.db, self.chosen_year, self.unit_code, self.today
        unlock = {} if passphrase is DEFAULT else {"passphrase": passphrase}

        def work(progress: Any, token: Any) -> Any:
            return send_packages(
                shared(db),
                folder,
                year,
                kinds,
                unit,
                progress=progress,
                cancel=token,
                today=today,
                **unlock,
            )

        def done(outcomes: Any) -> None:
            self.outcomes = list(outcomes)
            self.say(outcome_lines(self.outcomes))

        def failed(exc: BaseException) -> None:
            if isinstance(exc, UserError):
                self.say(f"<span style='color:{RED}'>{_escape(exc.message)}</span>")
            else:
                present_error(self, exc)

        self.runner.run("Đang lập gói gửi đơn vị…", work, done, failed)

    def _passphrase(self) -> Any:
        """The province key's passphrase, asked once where there is no OS keyring."""
        from desktop.services.sync_status import sync_status
        from desktop.ui.sync_keys import ask_text

        if not sync_status(shared(self.db)).needs_passphrase:
            return DEFAULT
        secret = ask_text(self, "Mật khẩu khóa", "Mật khẩu mở khóa ký của tỉnh:", secret=True)
        if secret is None:
            return None
        return lambda _purpose, _new: secret


def send_packages_dialog(db: Path | str, unit_code: str | None, parent: QWidget | None) -> None:
    """Open the dialog modally (what Đơn vị and Tổng hợp call)."""
    SendPackagesDialog(db, unit_code, parent).exec()


__all__ = ["KIND_LABELS", "SendPackagesDialog", "send_packages_dialog"]
