"""Đồng bộ: export the month's bundle, see what was sent and what the province said, the key
fingerprint, and take a package from the province.

All work goes through desktop.sync services on the task runner; this widget never opens a session.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtGui import QColor
from PySide6.QtWidgets import (
    QFileDialog,
    QGridLayout,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QInputDialog,
    QLabel,
    QLineEdit,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from desktop.errors import UserError
from desktop.format import number, period_label
from desktop.sync.status import SentRow, SyncStatus, sync_status
from desktop.ui.errors import present_error
from desktop.ui.tasks import TaskRunner

COLUMNS = ("Số", "Kỳ", "Ngày xuất", "Đoàn viên", "Trạng thái", "Lý do", "Thay đổi", "Tệp")
CHANGES_WIDTH = 300  # px: the "Thay đổi" column, its full text in the tooltip
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
        if role == Qt.ItemDataRole.ForegroundRole and column == 4:
            return QColor(STATE_COLOURS.get(row.state, "#000000"))
        if role == Qt.ItemDataRole.TextAlignmentRole and column in (0, 3):
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        return None


class SyncScreen(QWidget):
    def __init__(
        self, db_path: Path, parent: QWidget | None = None, runner: TaskRunner | None = None
    ) -> None:
        super().__init__(parent)
        self.setObjectName("syncScreen")
        self.setAccessibleName("Đồng bộ")
        self.db_path = db_path
        self.runner = runner or TaskRunner(self)
        self._passphrase: str | None = None

        self.office = QLabel()
        self.office.setObjectName("syncOffice")
        self.office.setStyleSheet("font-size: 15px; font-weight: bold;")
        self.own_key = QLabel()
        self.own_key.setObjectName("ownFingerprint")
        self.own_key.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.province_key = QLabel()
        self.province_key.setObjectName("provinceFingerprint")
        self.create_key_button = QPushButton("Tạo khóa cho đơn vị…")
        self.create_key_button.setObjectName("createKeyButton")
        self.create_key_button.clicked.connect(self.create_key)
        self.trust_button = QPushButton("Nhận thẻ khóa của tỉnh…")
        self.trust_button.setObjectName("trustCardButton")
        self.trust_button.clicked.connect(self.choose_card)
        keys = QGroupBox("Khóa ký số")
        keys_layout = QGridLayout(keys)
        keys_layout.addWidget(self.own_key, 0, 0)
        keys_layout.addWidget(self.create_key_button, 0, 1)
        keys_layout.addWidget(self.province_key, 1, 0)
        keys_layout.addWidget(self.trust_button, 1, 1)
        keys_layout.setColumnStretch(0, 1)

        from desktop.services.targets import working_period

        # The month the other screens report on: last month, or the data's own last December.
        self.period = QLineEdit(working_period(db_path))
        self.period.setObjectName("exportPeriod")
        self.period.setAccessibleName("Kỳ của gói")
        self.period.setPlaceholderText("YYYY-MM")
        self.period.setMaximumWidth(110)
        self.export_button = QPushButton("Xuất gói tháng…")
        self.export_button.setObjectName("exportBundleButton")
        self.export_button.clicked.connect(self.choose_export)
        self.take_button = QPushButton("Nhận gói của tỉnh…")
        self.take_button.setObjectName("takePackageButton")
        self.take_button.clicked.connect(self.choose_packages)
        actions = QHBoxLayout()
        actions.addWidget(QLabel("Kỳ"))
        actions.addWidget(self.period)
        actions.addWidget(self.export_button)
        actions.addStretch(1)
        actions.addWidget(self.take_button)

        self.model = SentBundlesModel(parent=self)
        self.table = QTableView()
        self.table.setObjectName("sentBundles")
        self.table.setModel(self.model)
        self.table.verticalHeader().setVisible(False)
        self.table.setSelectionBehavior(QTableView.SelectionBehavior.SelectRows)
        self.table.horizontalHeader().setSectionResizeMode(5, QHeaderView.ResizeMode.Stretch)
        self.table.setAlternatingRowColors(True)
        self.packages = QLabel()
        self.packages.setObjectName("acceptedPackages")
        self.outcome = QLabel()
        self.outcome.setObjectName("syncOutcome")
        self.outcome.setWordWrap(True)
        self.outcome.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)

        layout = QVBoxLayout(self)
        layout.addWidget(self.office)
        layout.addWidget(keys)
        layout.addLayout(actions)
        layout.addWidget(
            QLabel("Các gói đã gửi LĐLĐ tỉnh (Union Desk không bao giờ xóa tệp đã xuất):")
        )
        layout.addWidget(self.table, 1)
        layout.addWidget(self.packages)
        layout.addWidget(self.outcome)
        self.refresh()

    def refresh(self) -> None:
        """Re-read the state (fast, read-only). Call from the GUI thread."""
        self.status: SyncStatus = sync_status(self.db_path)
        s = self.status
        self.office.setText(
            f"{s.office_name} ({s.office_code})" if s.office_code else "Chưa khởi tạo đơn vị"
        )
        self.own_key.setText(
            f"Dấu vân tay khóa của đơn vị: <b>{s.own_fingerprint}</b> (mã khóa {s.own_key_id})"
            if s.own_key_id
            else "Đơn vị chưa có khóa: bấm «Tạo khóa cho đơn vị» (hoặc khôi phục bản sao khóa)."
        )
        self.create_key_button.setVisible(not s.own_key_id)
        self.province_key.setText(
            f"Khóa LĐLĐ tỉnh đã tin: {s.province_code} – <b>{s.province_fingerprint}</b>"
            if s.province_code
            else "Chưa nhận thẻ khóa của LĐLĐ tỉnh: chưa thể xuất gói."
        )
        self.export_button.setEnabled(bool(s.own_key_id and s.province_code))
        self.model.set_rows(s.sent)
        self.table.resizeColumnsToContents()
        # A summary runs long; the whole of it is on hover, so the file name stays in view.
        self.table.setColumnWidth(6, min(self.table.columnWidth(6), CHANGES_WIDTH))
        self.table.horizontalHeader().setSectionResizeMode(5, QHeaderView.ResizeMode.Stretch)
        packages = ", ".join(f"{label.lower()} số {seq} ({on})" for label, seq, on in s.packages)
        self.packages.setText(
            f"Gói đã nhận từ tỉnh: {packages}" if packages else "Chưa nhận gói nào từ tỉnh."
        )

    def _passphrase_fn(self) -> Any:
        """Ask on the GUI thread (never from the worker) when the key sits in a locked file."""
        if self.status.needs_passphrase and self._passphrase is None:
            text, ok = QInputDialog.getText(
                self,
                "Mật khẩu khóa",
                "Mật khẩu mở khóa ký của đơn vị:",
                QLineEdit.EchoMode.Password,
            )
            if not ok:
                return None
            self._passphrase = text
        secret = self._passphrase or ""
        return lambda _purpose, _new: secret

    def create_key(self) -> None:
        from desktop.sync.keys import create_office_keys
        from desktop.sync.keystore import keyring_available

        secret = ""
        if not keyring_available():
            secret = self._ask_new_passphrase() or ""
            if not secret:
                return

        def work(progress: Any, token: Any) -> Any:
            return create_office_keys(self.db_path, passphrase=lambda _p, _n: secret)

        def done(key: Any) -> None:
            self._passphrase = secret or None
            self.outcome.setText(
                f"Đã tạo khóa; dấu vân tay {key.fingerprint}. Hãy sao lưu khóa ngay "
                "(uniondesk keys backup) và gửi thẻ khóa cho LĐLĐ tỉnh (uniondesk keys export)."
            )
            self.refresh()

        self.runner.run("Đang tạo khóa…", work, done)

    def _ask_new_passphrase(self) -> str | None:
        """No OS keyring here: the private key goes to a file locked by a passphrase chosen now."""
        first, ok = QInputDialog.getText(
            self,
            "Mật khẩu khóa",
            "Máy này không có kho khóa của hệ điều hành.\n"
            "Đặt mật khẩu (ít nhất 8 ký tự) để khóa tệp khóa bí mật:",
            QLineEdit.EchoMode.Password,
        )
        if not ok:
            return None
        second, ok = QInputDialog.getText(
            self, "Mật khẩu khóa", "Nhập lại mật khẩu:", QLineEdit.EchoMode.Password
        )
        if not ok:
            return None
        if first != second:
            self.outcome.setText("Hai lần nhập mật khẩu không khớp; chưa tạo khóa.")
            return None
        return first

    def choose_card(self) -> None:
        path, _ = QFileDialog.getOpenFileName(
            self, "Chọn thẻ khóa của LĐLĐ tỉnh", "", "Thẻ khóa (*.json *.card);;Mọi tệp (*)"
        )
        if not path:
            return
        fingerprint, ok = QInputDialog.getText(
            self,
            "Đối chiếu dấu vân tay",
            "Gọi điện cho LĐLĐ tỉnh và nhập dấu vân tay họ đọc\n"
            "(thẻ chỉ được tin khi khớp từng chữ số):",
        )
        if ok and fingerprint.strip():
            self.trust(Path(path), fingerprint)

    def trust(self, card: Path, fingerprint: str) -> None:
        from desktop.sync.keys import trust_card

        def work(progress: Any, token: Any) -> Any:
            return trust_card(self.db_path, card, fingerprint=fingerprint)

        def done(result: Any) -> None:
            self.outcome.setText(
                f"Đã tin khóa của {result.key.unit_code} – {result.key.unit_name}; "
                f"dấu vân tay {result.key.fingerprint}."
            )
            self.refresh()

        def refused(exc: BaseException) -> None:
            if not isinstance(exc, UserError):
                present_error(self, exc)
                return
            self.outcome.setText(f"<span style='color:#b3261e'>Không tin thẻ khóa: {exc}</span>")

        self.runner.run("Đang nhận thẻ khóa…", work, done, refused)

    def choose_export(self) -> None:
        if not self.export_button.isEnabled():
            self.outcome.setText(
                "Chưa thể xuất gói: đơn vị cần có khóa và đã tin thẻ khóa của LĐLĐ tỉnh."
            )
            return
        period = self.period.text().strip()
        name = f"{self.status.office_code}_{period}.udb"
        out, _ = QFileDialog.getSaveFileName(
            self, "Lưu gói dữ liệu tháng", name, "Gói Union Desk (*.udb)"
        )
        if out:
            self.export_to(Path(out), period)

    def export_to(self, out: Path, period: str) -> None:
        from desktop.sync.export import export_bundle

        passphrase = self._passphrase_fn()
        if passphrase is None:
            return

        def work(progress: Any, token: Any) -> Any:
            return export_bundle(
                self.db_path, period, out, passphrase=passphrase, progress=progress
            )

        def done(result: Any) -> None:
            self.outcome.setText(
                f"Đã xuất gói số {result.sequence} ({period_label(result.period)}): {out}. "
                "Gửi tệp này cho LĐLĐ tỉnh (USB, thư điện tử hoặc Zalo): nội dung đã được mã hóa."
            )
            self.refresh()

        self.runner.run("Đang xuất gói dữ liệu tháng…", work, done)

    def choose_packages(self) -> None:
        files, _ = QFileDialog.getOpenFileNames(
            self, "Chọn gói của LĐLĐ tỉnh", "", "Gói Union Desk (*.udp *.udb);;Mọi tệp (*)"
        )
        if files:
            self.take([Path(f) for f in files])

    def take(self, files: list[Path]) -> None:
        from desktop.sync.merge import process_files

        passphrase = self._passphrase_fn()
        if passphrase is None:
            return

        def work(progress: Any, token: Any) -> Any:
            return process_files(
                self.db_path, files, write=True, passphrase=passphrase, progress=progress
            )

        def done(results: Any) -> None:
            self.outcome.setText("\n".join(f"{r.file}: {r.message}" for r in results))
            self.refresh()

        self.runner.run("Đang nhận gói của tỉnh…", work, done)
