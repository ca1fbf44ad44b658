"""The keys part of Đồng bộ: everything an office does once so its bundles are accepted.

Create the key, send its card to the province (the fingerprint read by phone), back the private
keys up, and take the province's card. The work goes through desktop.services.keys, the same
calls as `uniondesk keys …`; this module never opens a session. Key operations are for a role
that may do them (administrators), and each asks the account's password again.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFrame,
    QGroupBox,
    QHBoxLayout,
    QInputDialog,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from desktop.errors import UserError
from desktop.services import keys as key_service
from desktop.services.keys import Passphrase
from desktop.services.roles import Action
from desktop.services.sync_status import SyncStatus
from desktop.store import shared
from desktop.ui.confirm_password import confirm_again, gate, refusal
from desktop.ui.errors import present_error
from desktop.ui.tasks import TaskRunner

RED = "#b3261e"
MISSING_TITLE = "Chưa có thẻ khóa của LĐLĐ tỉnh nên chưa thể xuất gói tháng."
MISSING_STEPS = (
    (
        "Cần xin gì:",
        "gọi điện cho LĐLĐ tỉnh, đề nghị gửi «thẻ khóa công khai của LĐLĐ tỉnh» (một tệp nhỏ, "
        "đuôi .json hoặc .card) và đọc cho mình dấu vân tay của thẻ: 24 chữ số, từng nhóm 4 số. "
        "Ghi dấu vân tay ra giấy.",
    ),
    (
        "Thẻ đến bằng cách nào:",
        "tỉnh gửi tệp qua USB, thư điện tử hoặc Zalo; lưu tệp vào máy này.",
    ),
    (
        "Khi có tệp:",
        "bấm «Nhận thẻ khóa của tỉnh…», chọn tệp và gõ dấu vân tay đã ghi. Thẻ chỉ được nhận "
        "khi khớp từng chữ số.",
    ),
)


def _steps_html(steps: tuple[str, ...]) -> str:
    return "".join(f"<br>{n}. {step}" for n, step in enumerate(steps, 1))


def ask_text(parent: QWidget, title: str, label: str, *, secret: bool = False) -> str | None:
    """One line typed, with Vietnamese buttons whatever Qt's translation; None on Hủy."""
    dialog = QInputDialog(parent)
    dialog.setObjectName("syncQuestion")
    dialog.setWindowTitle(title)
    dialog.setLabelText(label)
    dialog.setOkButtonText("Đồng ý")
    dialog.setCancelButtonText("Hủy")
    if secret:
        dialog.setTextEchoMode(QLineEdit.EchoMode.Password)
    if dialog.exec() != QDialog.DialogCode.Accepted:
        return None
    return str(dialog.textValue())


class BackupPassphraseDialog(QDialog):
    """The backup's passphrase, typed twice; «Sao lưu» only once it passes the service's rule."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("backupPassphraseDialog")
        self.setWindowTitle("Mật khẩu cho bản sao khóa")
        self.first = QLineEdit()
        self.first.setObjectName("backupPassphrase")
        self.second = QLineEdit()
        self.second.setObjectName("backupPassphraseAgain")
        for field in (self.first, self.second):
            field.setEchoMode(QLineEdit.EchoMode.Password)
            field.textChanged.connect(self._check)
        self.problem = QLabel()
        self.problem.setObjectName("passphraseProblem")
        self.problem.setWordWrap(True)
        self.buttons = QDialogButtonBox()
        self.ok = self.buttons.addButton("Sao lưu", QDialogButtonBox.ButtonRole.AcceptRole)
        self.ok.setObjectName("backupPassphraseOk")
        cancel = self.buttons.addButton("Hủy", QDialogButtonBox.ButtonRole.RejectRole)
        cancel.setObjectName("backupPassphraseCancel")
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        intro = QLabel(
            "Bản sao khóa được khóa bằng mật khẩu này. Không có mật khẩu thì không ai mở được "
            "bản sao, kể cả đơn vị: hãy ghi mật khẩu ra giấy và cất riêng."
        )
        intro.setWordWrap(True)
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addWidget(QLabel("Mật khẩu:"))
        layout.addWidget(self.first)
        layout.addWidget(QLabel("Nhập lại mật khẩu:"))
        layout.addWidget(self.second)
        layout.addWidget(self.problem)
        layout.addWidget(self.buttons)
        self.setMinimumWidth(420)
        self._check()

    def _check(self) -> None:
        first, second = self.first.text(), self.second.text()
        problem = key_service.backup_passphrase_problem(first)
        if problem is None and second and second != first:
            problem = key_service.BACKUP_PASSPHRASES_DIFFER
        elif problem is None and not second:
            problem = "Nhập lại mật khẩu lần nữa để chắc chắn không gõ nhầm."
        self.problem.setText(problem or "Mật khẩu dùng được.")
        self.problem.setStyleSheet(f"color: {RED}" if problem else "color: #1b6e20")
        self.ok.setEnabled(problem is None)

    def passphrase(self) -> str:
        return self.first.text()


class ProvinceCardBox(QFrame):
    """What to ask the province for, and how it will arrive: shown until its card is trusted."""

    def __init__(self, choose_card: Callable[[], None], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("provinceCardMissing")
        self.setFrameShape(QFrame.Shape.StyledPanel)
        self.setStyleSheet(
            "#provinceCardMissing { background: #fff4d6; border: 1px solid #d9a400; }"
        )
        self.title = QLabel(f"<b>{MISSING_TITLE}</b>")
        self.title.setObjectName("provinceCardMissingTitle")
        self.title.setWordWrap(True)
        layout = QVBoxLayout(self)
        layout.addWidget(self.title)
        self.steps: list[QLabel] = []
        for number, (lead, text) in enumerate(MISSING_STEPS, 1):
            step = QLabel(f"{number}. <b>{lead}</b> {text}")
            step.setObjectName(f"provinceCardStep{number}")
            step.setWordWrap(True)
            layout.addWidget(step)
            self.steps.append(step)
        self.button = QPushButton("Nhận thẻ khóa của tỉnh…")
        self.button.setObjectName("trustCardButton")
        self.button.clicked.connect(choose_card)
        row = QHBoxLayout()
        row.addStretch(1)
        row.addWidget(self.button)
        layout.addLayout(row)


class KeysPanel(QGroupBox):
    """«Khóa ký số»: this office's key and card, its backup, and the province's card.

    `changed` re-reads the screen's state; `say` shows an outcome in the screen's words.
    Call every method from the GUI thread.
    """

    def __init__(
        self,
        db_path: Path | str,
        runner: TaskRunner,
        changed: Callable[[], None],
        say: Callable[[str], None],
        parent: QWidget | None = None,
    ) -> None:
        super().__init__("Khóa ký số", parent)
        self.db_path, self.runner, self._changed, self._say = db_path, runner, changed, say
        self._key_secret: str | None = None
        self.status: SyncStatus | None = None

        self.own_key = QLabel()
        self.own_key.setObjectName("ownFingerprint")
        self.own_key.setWordWrap(True)
        self.own_key.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.province_key = QLabel()
        self.province_key.setObjectName("provinceFingerprint")
        self.province_key.setWordWrap(True)
        self.create_key_button = self._button("Tạo khóa cho đơn vị…", "createKeyButton")
        self.create_key_button.clicked.connect(self.create_key)
        self.export_card_button = self._button("Xuất thẻ khóa của đơn vị…", "exportCardButton")
        self.export_card_button.clicked.connect(self.choose_card_export)
        self.backup_button = self._button("Sao lưu khóa bí mật…", "backupKeysButton")
        self.backup_button.clicked.connect(self.choose_backup)
        self.restore_button = self._button("Khôi phục khóa từ bản sao…", "restoreKeysButton")
        self.restore_button.clicked.connect(self.choose_restore)
        self.replace_card_button = self._button("Nhận thẻ khóa mới của tỉnh…", "replaceCardButton")
        self.replace_card_button.clicked.connect(self.choose_card)
        self.missing_box = ProvinceCardBox(self.choose_card)
        self.trust_button = self.missing_box.button
        # The card is public (it is read out over the phone): sending it is an export.
        self.can_export_card = gate(self.export_card_button, Action.EXPORT)
        gates = [
            gate(button, Action.KEYS)
            for button in (
                self.create_key_button,
                self.backup_button,
                self.restore_button,
                self.replace_card_button,
                self.trust_button,
            )
        ]
        self.can_keys = all(gates)

        own_row = QHBoxLayout()
        own_row.addWidget(self.own_key, 1)
        own_row.addWidget(self.create_key_button)
        own_actions = QHBoxLayout()
        for button in (self.export_card_button, self.backup_button, self.restore_button):
            own_actions.addWidget(button)
        own_actions.addStretch(1)
        province_row = QHBoxLayout()
        province_row.addWidget(self.province_key, 1)
        province_row.addWidget(self.replace_card_button)
        layout = QVBoxLayout(self)
        layout.addLayout(own_row)
        layout.addLayout(own_actions)
        layout.addLayout(province_row)
        layout.addWidget(self.missing_box)

    @staticmethod
    def _button(text: str, name: str) -> QPushButton:
        button = QPushButton(text)
        button.setObjectName(name)
        return button

    def show_status(self, s: SyncStatus) -> None:
        self.status = s
        has_key = bool(s.own_key_id)
        self.own_key.setText(
            f"Dấu vân tay khóa của đơn vị: <b>{s.own_fingerprint}</b> (mã khóa {s.own_key_id})"
            if has_key
            else "Đơn vị chưa có khóa: bấm «Tạo khóa cho đơn vị…», hoặc «Khôi phục khóa từ bản "
            "sao…» nếu đơn vị đã có khóa trên máy cũ."
        )
        self.create_key_button.setVisible(not has_key)
        self.export_card_button.setEnabled(has_key and self.can_export_card)
        self.backup_button.setEnabled(has_key and self.can_keys)
        district = s.role != "province"
        trusted = bool(s.province_code)
        self.province_key.setVisible(district and trusted)  # else the box below says it
        self.province_key.setText(
            f"Khóa LĐLĐ tỉnh đã tin: {s.province_code} – <b>{s.province_fingerprint}</b>"
        )
        self.replace_card_button.setVisible(district and trusted)
        self.missing_box.setVisible(district and not trusted)

    def unlock(self) -> Passphrase | None:
        """The key file's passphrase, asked once (only where there is no OS keyring); None on
        Hủy. Ask here on the GUI thread, never from the worker."""
        if self.status is not None and self.status.needs_passphrase and self._key_secret is None:
            text = ask_text(self, "Mật khẩu khóa", "Mật khẩu mở khóa ký của đơn vị:", secret=True)
            if text is None:
                return None
            self._key_secret = text
        secret = self._key_secret or ""
        return lambda _purpose, _new: secret

    def _refused(self, what: str) -> Callable[[BaseException], None]:
        def refused(exc: BaseException) -> None:
            if not isinstance(exc, UserError):
                present_error(self, exc)
                return
            if self.status is not None and self.status.needs_passphrase:
                self._key_secret = None  # perhaps mistyped: asked again next time
            self._say(f"<span style='color:{RED}'>{what}: {exc}</span>")

        return refused

    def _may(self, what: str, action: Action = Action.KEYS) -> bool:
        """The role may do `action` and the password was given again; else said why."""
        if refusal(action):
            self._say(f"<span style='color:{RED}'>{refusal(action)}</span>")
            return False
        if not confirm_again(self, self.db_path, what):
            self._say("Chưa thực hiện: mật khẩu chưa được xác nhận.")
            return False
        return True

    def _code(self) -> str:
        return self.status.office_code if self.status is not None else ""

    def create_key(self) -> None:
        if not self._may("tạo khóa cho đơn vị"):
            return
        secret = ""
        if not key_service.keyring_available():
            secret = self._ask_new_key_secret() or ""
            if not secret:
                return

        def work(progress: Any, token: Any) -> Any:
            return key_service.create_office_key(
                shared(self.db_path), passphrase=lambda _p, _n: secret
            )

        def done(key: Any) -> None:
            self._key_secret = secret or None
            self._say(
                f"Đã tạo khóa; dấu vân tay {key.fingerprint}. Việc tiếp theo: bấm «Sao lưu khóa "
                "bí mật…» ngay, rồi «Xuất thẻ khóa của đơn vị…» để gửi thẻ cho LĐLĐ tỉnh."
            )
            self._changed()

        self.runner.run("Đang tạo khóa…", work, done, self._refused("Chưa tạo được khóa"))

    def _ask_new_key_secret(self) -> str | None:
        """No OS keyring here: the private key goes to a file locked by a passphrase chosen now."""
        first = ask_text(
            self,
            "Mật khẩu khóa",
            "Máy này không có kho khóa của hệ điều hành.\n"
            "Đặt mật khẩu (ít nhất 8 ký tự) để khóa tệp khóa bí mật:",
            secret=True,
        )
        if first is None:
            return None
        second = ask_text(self, "Mật khẩu khóa", "Nhập lại mật khẩu:", secret=True)
        if second is None:
            return None
        if first != second:
            self._say("Hai lần nhập mật khẩu không khớp; chưa tạo khóa.")
            return None
        return first

    def choose_card_export(self) -> None:
        name = key_service.card_file_name(self._code())
        out, _ = QFileDialog.getSaveFileName(
            self, "Lưu thẻ khóa của đơn vị", name, "Thẻ khóa Union Desk (*.json)"
        )
        if out:
            self.export_card_to(Path(out))

    def export_card_to(self, out: Path) -> None:
        """Write this office's key card to `out` and say what to do with it."""
        if not self._may(f"xuất thẻ khóa ra {out.name}", Action.EXPORT):
            return
        passphrase = self.unlock()
        if passphrase is None:
            return

        def work(progress: Any, token: Any) -> Any:
            return key_service.export_office_card(shared(self.db_path), out, passphrase=passphrase)

        def done(card: key_service.CardWritten) -> None:
            self._say(
                f"Đã ghi thẻ khóa của đơn vị vào {out}.<br>Dấu vân tay để đọc qua điện thoại:"
                f"<br><span style='font-size:20px; font-family:monospace'><b>{card.fingerprint}"
                f"</b></span>{_steps_html(card.steps)}"
            )

        self.runner.run("Đang xuất thẻ khóa…", work, done, self._refused("Chưa xuất được thẻ"))

    def choose_backup(self) -> None:
        name = key_service.backup_file_name(self._code())
        out, _ = QFileDialog.getSaveFileName(
            self,
            "Lưu bản sao khóa bí mật",
            name,
            "Bản sao khóa Union Desk (*.ukb)",
            options=QFileDialog.Option.DontConfirmOverwrite,  # never overwritten: said after
        )
        if not out:
            return
        dialog = BackupPassphraseDialog(self)
        if dialog.exec() == QDialog.DialogCode.Accepted:
            self.backup_to(Path(out), dialog.passphrase())

    def backup_to(self, out: Path, secret: str) -> None:
        """Write the passphrase-protected backup of every private key of the office to `out`."""
        if not self._may(f"sao lưu khóa bí mật ra {out.name}"):
            return
        unlock = self.unlock()
        if unlock is None:
            return

        def passphrase(purpose: str, new: bool) -> str:
            return secret if new else unlock(purpose, new)

        def work(progress: Any, token: Any) -> Any:
            return key_service.backup_office_keys(shared(self.db_path), out, passphrase=passphrase)

        def done(result: Any) -> None:
            steps = "".join(f"<br>- {step}" for step in key_service.BACKUP_KEEP_STEPS)
            self._say(
                f"Đã sao lưu {len(result.keys)} khóa của {result.unit_code} vào {out}.{steps}"
            )

        self.runner.run("Đang sao lưu khóa…", work, done, self._refused("Chưa sao lưu được khóa"))

    def choose_restore(self) -> None:
        chosen, _ = QFileDialog.getOpenFileName(
            self, "Chọn bản sao khóa", "", "Bản sao khóa Union Desk (*.ukb);;Mọi tệp (*)"
        )
        if not chosen:
            return
        secret = ask_text(self, "Mật khẩu bản sao khóa", "Mật khẩu của bản sao khóa:", secret=True)
        if secret:
            self.restore_from(Path(chosen), secret)

    def restore_from(self, backup: Path, secret: str) -> None:
        if not self._may("khôi phục khóa từ bản sao"):
            return

        def work(progress: Any, token: Any) -> Any:
            return key_service.restore_office_keys(
                shared(self.db_path), backup, passphrase=lambda _p, _n: secret
            )

        def done(keys: Any) -> None:
            self._key_secret = secret
            active = next((k for k in keys if k.active), keys[-1])
            self._say(
                f"Đã khôi phục {len(keys)} khóa từ {backup}; khóa đang dùng có dấu vân tay "
                f"{active.fingerprint}."
            )
            self._changed()

        self.runner.run(
            "Đang khôi phục khóa…", work, done, self._refused("Chưa khôi phục được khóa")
        )

    def choose_card(self) -> None:
        path, _ = QFileDialog.getOpenFileName(
            self, "Chọn thẻ khóa của LĐLĐ tỉnh", "", "Thẻ khóa (*.json *.card);;Mọi tệp (*)"
        )
        if not path:
            return
        fingerprint = ask_text(
            self,
            "Đối chiếu dấu vân tay",
            "Gõ dấu vân tay LĐLĐ tỉnh đã đọc qua điện thoại\n"
            "(thẻ chỉ được tin khi khớp từng chữ số):",
        )
        if fingerprint and fingerprint.strip():
            self.trust(Path(path), fingerprint)

    def trust(self, card: Path, fingerprint: str) -> None:
        if not self._may("tin thẻ khóa của LĐLĐ tỉnh"):
            return

        def work(progress: Any, token: Any) -> Any:
            return key_service.trust_office_card(
                shared(self.db_path), card, fingerprint=fingerprint
            )

        def done(result: Any) -> None:
            self._say(
                f"Đã tin khóa của {result.key.unit_code} – {result.key.unit_name}; "
                f"dấu vân tay {result.key.fingerprint}."
            )
            self._changed()

        self.runner.run("Đang nhận thẻ khóa…", work, done, self._refused("Không tin thẻ khóa"))
