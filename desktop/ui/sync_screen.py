"""Đồng bộ: export the month's bundle, see what was sent and what the province said, take a package
from the province; the keys part (card, backup, the province's card) is desktop.ui.sync_keys.

All work goes through desktop.services on the task runner; this widget never opens
a session.
"""

from __future__ import annotations

import html
from datetime import date
from pathlib import Path
from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtGui import QColor
from PySide6.QtWidgets import (
    QFileDialog,
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
from desktop.format import number, period_label
from desktop.periods import parse_month, period_shown
from desktop.services.keys import bundle_file_name
from desktop.services.roles import Action
from desktop.services.sync_status import SentRow, SyncStatus, sync_status
from desktop.store import shared
from desktop.ui.confirm_password import confirm_again, gate, refusal
from desktop.ui.sync_keys import KeysPanel
from desktop.ui.tasks import TaskRunner

COLUMNS = ("Số", "Kỳ", "Ngày xuất", "Đoàn viên", "Trạng thái", "Lý do", "Thay đổi", "Tệp")
STATE_COLOURS = {"sent": "#8a6d00", "received": "#1b6e20", "returned": "#b3261e"}
Index = QModelIndex | QPersistentModelIndex


class SentBundlesModel(QAbstractTableModel):
    """The bundles this office exported, newest first."""

    def __init__(self, rows: tuple[SentRow, ...] = (), parent: Any = None) -> None:
        super().__init__(parent)
        self._rows = rows

    def set_rows(self, rows: tuple[SentRow, ...]) -> None:
        self.beginResetModel()
        self._rows = rows
        self.endResetModel()

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(COLUMNS)

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if role == Qt.ItemDataRole.DisplayRole and orientation == Qt.Orientation.Horizontal:
            return COLUMNS[section]
        return None

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self._rows):
            return None
        row, column = self._rows[index.row()], index.column()
        if role == Qt.ItemDataRole.DisplayRole:
            return (
                str(row.sequence),
                period_label(row.period),
                row.created_on,
                number(row.members),
                row.state_label,
                row.reason,
                row.changes[0] if row.changes else "",
                row.file_name,
            )[column]
        if role == Qt.ItemDataRole.ToolTipRole and column == 6 and row.changes:
            return "\n".join(row.changes)  # the month's member movement too
        if role == Qt.ItemDataRole.ToolTipRole and column == 5 and row.reason:
            return row.reason
        if role == Qt.ItemDataRole.ForegroundRole and column == 4:
            return QColor(STATE_COLOURS.get(row.state, "#000000"))
        if role == Qt.ItemDataRole.TextAlignmentRole and column in (0, 3):
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        return None


class SyncScreen(QWidget):
    def __init__(
        self, db_path: Path | str, parent: QWidget | None = None, runner: TaskRunner | None = None
    ) -> None:
        super().__init__(parent)
        self.setObjectName("syncScreen")
        self.setAccessibleName("Đồng bộ")
        self.db_path = db_path
        self.runner = runner or TaskRunner(self)

        self.office = QLabel()
        self.office.setObjectName("syncOffice")
        self.office.setStyleSheet("font-size: 15px; font-weight: bold;")
        self.office.setWordWrap(True)
        self.keys = KeysPanel(db_path, self.runner, self.refresh, self.say)

        from desktop.services.targets import working_period

        # The month the other screens report on: last month, or the data's own last December.
        self.period = QLineEdit(period_shown(working_period(shared(db_path))))
        self.period.setObjectName("exportPeriod")
        self.period.setAccessibleName("Kỳ của gói")
        self.period.setPlaceholderText("06/2024")
        self.period.setToolTip("Tháng của gói: 6/2024, 06/2024 hoặc tháng 6/2024")
        self.period.setMaximumWidth(110)
        self.period.editingFinished.connect(self._tidy_period)
        self.export_button = QPushButton("Xuất gói tháng…")
        self.export_button.setObjectName("exportBundleButton")
        self.export_button.clicked.connect(self.choose_export)
        self.take_button = QPushButton("Nhận gói của tỉnh…")
        self.take_button.setObjectName("takePackageButton")
        self.take_button.clicked.connect(self.choose_packages)
        # A bundle carries every member's data out; a package from the province changes records.
        self.can_export = gate(self.export_button, Action.EXPORT)
        self.can_take = gate(self.take_button, Action.IMPORT)
        # When the month's bundle is due (Tệp → Cài đặt…, Hạn gửi gói), and whether it went.
        self.deadline = QLabel()
        self.deadline.setObjectName("bundleDeadline")
        self.period.editingFinished.connect(self.show_deadline)
        actions = QHBoxLayout()
        actions.addWidget(QLabel("Kỳ"))
        actions.addWidget(self.period)
        actions.addWidget(self.export_button)
        actions.addWidget(self.deadline)
        actions.addStretch(1)
        actions.addWidget(self.take_button)

        self.model = SentBundlesModel(parent=self)
        self.table = QTableView()
        self.table.setObjectName("sentBundles")
        self.table.setModel(self.model)
        self.table.verticalHeader().setVisible(False)
        self.table.setSelectionBehavior(QTableView.SelectionBehavior.SelectRows)
        # The reason and the summary run long: they share the room the other columns leave, so
        # the file name (what a clerk looks for on the USB stick) is whole at 814 px; both are
        # read in full under the table and on hover.
        for column in (5, 6):
            self.table.horizontalHeader().setSectionResizeMode(
                column, QHeaderView.ResizeMode.Stretch
            )
        self.table.setWordWrap(False)
        self.table.setTextElideMode(Qt.TextElideMode.ElideRight)
        self.table.setAlternatingRowColors(True)
        self.table.selectionModel().currentRowChanged.connect(lambda *_: self._show_details())
        self.details = QLabel()
        self.details.setObjectName("bundleDetails")
        self.details.setWordWrap(True)
        self.details.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.packages = QLabel()
        self.packages.setObjectName("acceptedPackages")
        self.packages.setWordWrap(True)
        # What the province said of each month: accepted, or returned with its reason.
        self.decisions = QLabel()
        self.decisions.setObjectName("provinceDecisions")
        self.decisions.setAccessibleName("Quyết định của LĐLĐ tỉnh về báo cáo tháng")
        self.decisions.setWordWrap(True)
        self.decisions.setTextFormat(Qt.TextFormat.RichText)
        self.decisions.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.outcome = QLabel()
        self.outcome.setObjectName("syncOutcome")
        self.outcome.setWordWrap(True)
        self.outcome.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        sent_title = QLabel("Các gói đã gửi LĐLĐ tỉnh (Union Desk không bao giờ xóa tệp đã xuất):")
        sent_title.setWordWrap(True)

        layout = QVBoxLayout(self)
        layout.addWidget(self.office)
        layout.addWidget(self.keys)
        layout.addLayout(actions)
        layout.addWidget(sent_title)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.details)
        layout.addWidget(self.packages)
        layout.addWidget(self.decisions)
        layout.addWidget(self.outcome)
        self.refresh()

    # The key widgets, where the screen's callers and tests have always found them.
    @property
    def own_key(self) -> QLabel:
        return self.keys.own_key

    @property
    def province_key(self) -> QLabel:
        return self.keys.province_key

    @property
    def create_key_button(self) -> QPushButton:
        return self.keys.create_key_button

    def create_key(self) -> None:
        self.keys.create_key()

    def choose_card_export(self) -> None:
        """«Xuất thẻ khóa của đơn vị…» (for a menu entry as well as the button)."""
        self.keys.choose_card_export()

    def choose_backup(self) -> None:
        """«Sao lưu khóa bí mật…» (for a menu entry as well as the button)."""
        self.keys.choose_backup()

    def trust(self, card: Path, fingerprint: str) -> None:
        self.keys.trust(card, fingerprint)

    def say(self, text: str) -> None:
        self.outcome.setText(text)

    def refresh(self) -> None:
        """Re-read the state (fast, read-only). Call from the GUI thread."""
        self.status: SyncStatus = sync_status(shared(self.db_path))
        s = self.status
        self.office.setText(
            f"{s.office_name} ({s.office_code})" if s.office_code else "Chưa khởi tạo đơn vị"
        )
        self.keys.show_status(s)
        self.export_button.setEnabled(self.can_export and bool(s.own_key_id and s.province_code))
        self.model.set_rows(s.sent)
        self.table.resizeColumnsToContents()
        self._show_details()
        packages = ", ".join(f"{label.lower()} số {seq} ({on})" for label, seq, on in s.packages)
        self.packages.setText(
            f"Gói đã nhận từ tỉnh: {packages}" if packages else "Chưa nhận gói nào từ tỉnh."
        )
        self._show_decisions()
        self.show_deadline()

    def _show_decisions(self) -> None:
        """Each month's newest decision, a month to send again in red (plain text: `decision_texts`)."""
        lines = self.status.decisions
        self.decisions.setVisible(bool(lines))
        if not lines:
            self.decisions.clear()
            return
        title = (
            "Quyết định về báo cáo tháng của các đơn vị:"
            if self.status.role == "province"
            else "LĐLĐ tỉnh đã xem báo cáo tháng:"
        )
        items = []
        for line in lines:
            said = html.escape(line.text)
            if line.pending:
                said = f"<span style='color:#b3261e; font-weight:bold'>{said}</span>"
            items.append(f"• {said}")
        self.decisions.setText(f"<b>{html.escape(title)}</b><br>" + "<br>".join(items))

    def decision_texts(self) -> list[str]:
        """What the decisions part says, line by line, as plain text."""
        return [line.text for line in self.status.decisions]

    def show_deadline(self, today: date | None = None) -> None:
        """The chosen month's due date, said beside «Xuất gói tháng…» (nothing for a month
        typed wrong: the export says what is wrong with it)."""
        from desktop.services.preferences import bundle_deadline_text

        try:
            month = parse_month(self.period.text()).text
        except UserError:
            self.deadline.clear()
            return
        sent = any(row.period == month for row in self.status.sent)
        self.deadline.setText(
            bundle_deadline_text(shared(self.db_path), month, today or date.today(), sent=sent)
        )

    def _show_details(self) -> None:
        """The chosen bundle (else the newest) in full: its reason and what it changed."""
        rows = self.status.sent
        current = self.table.currentIndex().row()
        if not rows:
            self.details.setText("")
            return
        row = rows[current if 0 <= current < len(rows) else 0]
        lines = [f"Gói số {row.sequence} ({period_label(row.period)}) – {row.state_label}"]
        if row.reason:
            lines[0] += f": {row.reason}"
        lines.extend(row.changes)
        self.details.setText("\n".join(lines))

    def _month(self) -> str | None:
        """The typed month as `YYYY-MM`, or None after saying what is wrong with it."""
        typed = self.period.text()
        try:
            month = parse_month(typed).text
        except UserError as exc:
            self.say(f"<span style='color:#b3261e'>Ô «Kỳ»: {exc}</span>")
            return None
        self.period.setText(period_shown(month))
        return month

    def _tidy_period(self) -> None:
        if self.period.text().strip():
            self._month()

    def choose_export(self) -> None:
        if not self.can_export:
            self.say(refusal(Action.EXPORT))
            return
        if not self.export_button.isEnabled():
            self.say("Chưa thể xuất gói: đơn vị cần có khóa và đã tin thẻ khóa của LĐLĐ tỉnh.")
            return
        month = self._month()
        if month is None:
            return
        name = bundle_file_name(self.status.office_code, month)
        out, _ = QFileDialog.getSaveFileName(
            self, "Lưu gói dữ liệu tháng", name, "Gói Union Desk (*.udb)"
        )
        if out:
            self.export_to(Path(out), month)

    def export_to(self, out: Path, period: str) -> None:
        from desktop.services.bundles import export_bundle

        month = parse_month(period).text
        if not self.can_export:
            self.say(refusal(Action.EXPORT))
            return
        if not confirm_again(self, self.db_path, f"xuất gói dữ liệu tháng ra {out.name}"):
            self.say("Chưa xuất gói: mật khẩu chưa được xác nhận.")
            return
        passphrase = self.keys.unlock()
        if passphrase is None:
            return

        def work(progress: Any, token: Any) -> Any:
            return export_bundle(
                shared(self.db_path), month, out, passphrase=passphrase, progress=progress
            )

        def done(result: Any) -> None:
            self.say(
                f"Đã xuất gói số {result.sequence} ({period_label(result.period)}): {out}. "
                "Gửi tệp này cho LĐLĐ tỉnh (USB, thư điện tử hoặc Zalo): nội dung đã được mã hóa."
            )
            self.refresh()

        self.runner.run("Đang xuất gói dữ liệu tháng…", work, done)

    def choose_packages(self) -> None:
        if not self.can_take:
            self.say(refusal(Action.IMPORT))
            return
        files, _ = QFileDialog.getOpenFileNames(
            self, "Chọn gói của LĐLĐ tỉnh", "", "Gói Union Desk (*.udp *.udb);;Mọi tệp (*)"
        )
        if files:
            self.take([Path(f) for f in files])

    def take(self, files: list[Path]) -> None:
        from desktop.services.bundles import process_files

        if not self.can_take:
            self.say(refusal(Action.IMPORT))
            return
        passphrase = self.keys.unlock()
        if passphrase is None:
            return

        def work(progress: Any, token: Any) -> Any:
            return process_files(
                shared(self.db_path), files, write=True, passphrase=passphrase, progress=progress
            )

        def done(results: Any) -> None:
            self.say("\n".join(f"{r.file}: {r.message}" for r in results))
            self.refresh()

        self.runner.run("Đang nhận gói của tỉnh…", work, done)
