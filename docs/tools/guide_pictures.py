"""Redraw the user guide's pictures (docs/huong-dan/*.png) on the demo district: `make docs`.

Run from the repository: `python docs/tools/guide_pictures.py [FOLDER]`. The demo district first
goes through a month's end with a province set up beside it (cards trusted both ways, two bundles
sent and merged, the receipts taken), all by the command line. Every screen of the sidebar is then
drawn by the program's own `--screenshot` (one picture per `--screen` name, 1366×768, an office
screen's size), and the province's Chỉ tiêu too; the dialogs the guide shows (the setup wizard's
pages filled in as a new office would, the login, a member's form, the import wizard, a previewed
report, the letterhead, the settings, backups, the audit trail, accounts, the programme editor,
the guide itself and Giới thiệu) are opened offscreen here and grabbed. Each picture is reduced to
256 colours (the interface has few), which keeps the folder small without blurring the text. A
picture the guide no longer gets is deleted; tests/ui/test_help.py checks the guide shows every
picture in the folder and nothing else.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import tempfile
from collections.abc import Callable
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[2]
OUT = ROOT / "docs" / "huong-dan"
SIZE = (1366, 768)
PASSWORD = "quan-tri-2024"  # the picture database's administrator (a throwaway copy)
KEY_PASSPHRASE = "mat-khau-khoa-2024"  # no keyring on a build machine: keys in a locked file
PROVINCE = ("LDLD-BENTRE", "Liên đoàn Lao động tỉnh Bến Tre")

sys.path.insert(0, str(ROOT))
# Every window and dialog opened here lives until the program ends: one freed by Python's
# collector while its tasks or queued events still point at it crashed a run now and then.
KEEP: list[Any] = []


def _uniondesk(*args: str) -> None:
    subprocess.run([sys.executable, "-m", "desktop", *args], check=True, cwd=ROOT)


def _fingerprint(*args: str) -> str:
    """Run `uniondesk keys export …` and read the fingerprint it prints for the phone."""
    done = subprocess.run(
        [sys.executable, "-m", "desktop", "keys", "export", *args],
        check=True,
        cwd=ROOT,
        capture_output=True,
        text=True,
    )
    [line] = [x for x in done.stdout.splitlines() if x.startswith("Dấu vân tay")]
    return line.rpartition(":")[2].strip()


def _exchange(db: Path, province: Path, work: Path) -> tuple[Path, str]:
    """As a month's end looks: the office and the province trust each other's cards, the office
    sent November's and December's bundles, the province merged them and sent its receipts.
    The province's card and its fingerprint, for the setup wizard's pictures."""
    code, name = PROVINCE
    _uniondesk(
        *("init", "--db", str(province), "--role", "province"),
        *("--unit-code", code, "--unit-name", name),
    )  # a province is set up with its keys; the office makes its own
    _uniondesk("keys", "create", "--db", str(db))
    ours, theirs = work / "the-khoa-huyen.json", work / "the-khoa-tinh.json"
    heard_from_province = _fingerprint("--db", str(province), "--out", str(theirs))
    heard_from_office = _fingerprint("--db", str(db), "--out", str(ours))
    _uniondesk("keys", "trust", str(theirs), "--fingerprint", heard_from_province, "--db", str(db))
    _uniondesk(
        "keys", "trust", str(ours), "--fingerprint", heard_from_office, "--db", str(province)
    )
    bundles = []
    for month in ("2024-11", "2024-12"):  # named as «Xuất gói tháng…» proposes
        bundles.append(work / f"goi-du-lieu-ldld-batri-{month[5:]}-{month[:4]}.udb")
        _uniondesk(
            "bundle", "export", "--period", month, "--out", str(bundles[-1]), "--db", str(db)
        )
    _uniondesk("bundle", "merge", *map(str, bundles), "--db", str(province))
    receipts = work / "bien-nhan.udp"
    _uniondesk(
        *("bundle", "package", "--type", "receipts", "--unit", "LDLD-BATRI"),
        *("--out", str(receipts), "--db", str(province)),
    )
    _uniondesk("bundle", "merge", str(receipts), "--db", str(db))
    return theirs, heard_from_province


def _screenshot(db: Path, name: str, picture: Path) -> Path:
    size = f"{SIZE[0]}x{SIZE[1]}"
    _uniondesk("--db", str(db), "--screenshot", str(picture), "--screen", name, "--size", size)
    return picture


def _screens(db: Path, province: Path, out: Path) -> list[Path]:
    """Every screen of the sidebar on the office's database; the province's Chỉ tiêu, and the
    province's own screens on the demo province (offices that send, one late, one returned)."""
    from desktop.ui.main_window import province_screen_names, screen_names

    made = [_screenshot(db, name, out / f"{name}.png") for name in screen_names()]
    made.append(_screenshot(province, "targets", out / "province-targets.png"))
    demo_province = db.with_name("demo-province.sqlite")
    _uniondesk("demo", str(demo_province), "--province")
    for name in province_screen_names():
        if name not in screen_names():
            made.append(_screenshot(demo_province, name, out / f"{name}.png"))
    return made


def _wait(ready: Callable[[], object], rounds: int = 300) -> None:
    from PySide6.QtCore import QThreadPool
    from PySide6.QtWidgets import QApplication

    for _ in range(rounds):  # work runs on the task runner
        QThreadPool.globalInstance().waitForDone(100)
        QApplication.processEvents()
        if ready():
            return


def _settle(milliseconds: int = 1500) -> None:
    from PySide6.QtCore import QThread
    from PySide6.QtWidgets import QApplication

    for _ in range(milliseconds // 100):
        QThread.msleep(100)
        QApplication.processEvents()


def _grab(widget: Any, picture: Path) -> Path:
    KEEP.append(widget)
    widget.show()
    _settle(300)
    widget.grab().save(str(picture))
    return picture


def _window(db: Path) -> Any:
    from PySide6.QtCore import Qt

    from desktop.ui.main_window import MainWindow

    window = MainWindow(db)
    KEEP.append(window)
    window.resize(*SIZE)
    window.setAttribute(Qt.WidgetAttribute.WA_DontShowOnScreen)
    window.show()
    return window


# What a new office types on each page of the setup wizard (widgets by object name).
SETUP_TEXT = {
    "setupCode": "LDLD-BATRI",
    "setupName": "Liên đoàn Lao động huyện Ba Tri",
    "setupAdminFullName": "Nguyễn Thị Lan",
    "setupAdminName": "lan.nguyen",
    "setupAdminPassword": PASSWORD,
    "setupAdminPasswordAgain": PASSWORD,
    "setupKeySecret": KEY_PASSPHRASE,
    "setupKeySecretAgain": KEY_PASSPHRASE,
    "setupBackupPassphrase": "sao-luu-khoa-2024",
    "setupBackupPassphraseAgain": "sao-luu-khoa-2024",
}
SETUP_CHOICES = {"setupProvince": "86", "setupDistrict": "836"}  # Vĩnh Long, huyện Ba Tri cũ
SETUP_CHECKS = ("setupThisOffice", "setupCardNow", "setupImportLists")


def _fill_setup_page(page: Any, answers: dict[str, str]) -> None:
    from PySide6.QtWidgets import QAbstractButton, QComboBox, QLineEdit

    for name in SETUP_CHECKS:
        button = page.findChild(QAbstractButton, name)
        if button is not None:
            button.setChecked(True)
    for name, data in SETUP_CHOICES.items():
        combo = page.findChild(QComboBox, name)
        if combo is not None and combo.findData(data) >= 0:
            combo.setCurrentIndex(combo.findData(data))
    for name, text in answers.items():
        field = page.findChild(QLineEdit, name)
        if field is not None:
            field.setText(text)


def _setup_wizard(work: Path, province_card: Path, heard: str, out: Path) -> list[Path]:
    """Each page of the first-run setup wizard, filled in as a new office would, up to the
    summary (nothing is created)."""
    try:
        from desktop.ui.setup_wizard import SetupWizard
    except ImportError:
        return []
    from PySide6.QtWidgets import QWizard

    folder = work / "USB"
    folder.mkdir()
    answers = {
        **SETUP_TEXT,
        "setupBackupFolder": str(folder),
        "setupCardPath": str(province_card),
        "setupCardFingerprint": heard,
    }
    wizard = SetupWizard(work / "moi" / "uniondesk.sqlite", keyring=False)
    KEEP.append(wizard)
    wizard.resize(820, 600)
    wizard.show()
    made: list[Path] = []
    while len(made) < 12:
        _settle(300)
        page = wizard.currentPage()
        if not page.objectName().startswith("setupPage_"):
            break
        _fill_setup_page(page, answers)
        _settle(200)
        name = page.objectName().removeprefix("setupPage_")
        made.append(_grab(wizard, out / f"setup-{name}.png"))
        shown = wizard.currentId()
        if wizard.button(QWizard.WizardButton.FinishButton).isVisible():
            break  # the summary: «Tạo cơ sở dữ liệu» would create the office
        wizard.next()
        if wizard.currentId() == shown:
            raise SystemExit(f"Trang «{page.title()}» của trình thiết lập không qua được.")
    wizard.done(0)
    return made


def _login(db: Path, out: Path) -> list[Path]:
    from desktop.ui.login_dialog import LoginDialog

    dialog = LoginDialog(db, "Liên đoàn Lao động huyện Ba Tri")
    return [_grab(dialog, out / "login.png")]


def _member_form(window: Any, out: Path) -> list[Path]:
    screen = window.show_screen("members")
    _wait(lambda: screen.table.model() is not None and screen.table.model().rowCount() > 0)
    screen.table.selectRow(0)
    dialog = screen.member_dialog(screen.selected())
    return [_grab(dialog, out / "member-form.png")]


def _name_sheet(workbook: Path, title: str) -> None:
    """The sheet named as an office names its own list (the report names it by its NAME)."""
    from openpyxl import load_workbook

    book = load_workbook(workbook)
    book.worksheets[0].title = title
    book.save(workbook)


def _import_wizard(db: Path, source: Path, out: Path) -> list[Path]:
    from desktop.ui.import_wizard import ImportWizard

    wizard = ImportWizard(db, "members")
    KEEP.append(wizard)
    wizard.resize(1000, 700)
    wizard.show()
    wizard.file_page.path.setText(str(source))
    wizard.next()
    _wait(lambda: wizard.sheet_page.table.rowCount())
    made = [_grab(wizard, out / "import-sheet.png")]
    wizard.next()
    _settle(500)
    made.append(_grab(wizard, out / "import-columns.png"))
    wizard.close()
    return made


def _report_preview(window: Any, out: Path) -> list[Path]:
    screen = window.show_screen("reports")
    screen.report.setCurrentIndex(screen.report.findData("monthly-progress"))
    screen.period.setText("06/2024")
    screen.number.setText("12")
    screen.preview()
    _wait(lambda: "trang" in screen.status.text())
    _settle(3000)  # the preview paints its pages in the background
    window.grab().save(str(out / "reports-preview.png"))
    return [out / "reports-preview.png"]


def _edit_a_member(window: Any) -> None:
    """A change by the signed-in clerk, for the audit trail's picture: who, what, old → new."""
    screen = window.show_screen("members")
    _wait(lambda: screen.table.model() is not None and screen.table.model().rowCount() > 0)
    screen.table.selectRow(0)
    form = screen.member_dialog(screen.selected())
    form.fields["phone"].setText("0918 123 456")
    form.fields["job_title"].setText("Điều dưỡng")
    if not form.try_save():
        raise SystemExit("Không lưu được hồ sơ đoàn viên cho hình nhật ký.")


def _dialogs(window: Any, db: Path, out: Path) -> list[Path]:
    from PySide6.QtWidgets import QPushButton

    from desktop.ui.about import AboutDialog
    from desktop.ui.audit_log import AuditLogDialog
    from desktop.ui.file_actions import AutoBackupDialog
    from desktop.ui.help import show_help
    from desktop.ui.office_dialog import OfficeDialog
    from desktop.ui.users_dialog import UsersDialog

    made = [_grab(OfficeDialog(db, window), out / "office.png")]
    backups = AutoBackupDialog(db, window.runner.pool, window)
    _settle(500)
    made.append(_grab(backups, out / "backup.png"))
    _edit_a_member(window)
    log = AuditLogDialog(db, window, pool=window.runner.pool)
    log.resize(1100, 640)
    _wait(lambda: log.actor.findData("quantri") >= 0)  # the trail is read on the task runner
    log.actor.setCurrentIndex(log.actor.findData("quantri"))
    [search] = [b for b in log.findChildren(QPushButton) if b.text() == "Lọc"]
    search.click()
    _wait(lambda: False, rounds=10)
    made.append(_grab(log, out / "audit-log.png"))
    made.append(_grab(UsersDialog(db, window), out / "users.png"))
    try:
        from desktop.ui.settings_dialog import SettingsDialog
    except ImportError:
        pass
    else:
        settings = SettingsDialog(db, window.user, window, pool=window.runner.pool)
        made.append(_grab(settings, out / "settings.png"))
        settings.mark_clean()
        settings.done(0)
    about = AboutDialog(db, window)
    made.append(_grab(about, out / "about.png"))
    guide = show_help(window, "members")
    if guide is not None:
        guide.resize(1000, 700)
        _settle(300)
        guide.show_section("members")
        made.append(_grab(guide, out / "help.png"))
        guide.close()
    return made


def _reduce(picture: Path) -> None:
    """256 colours, the PNG written as small as Pillow can."""
    from PIL import Image

    with Image.open(picture) as image:
        reduced = image.convert("RGB").quantize(colors=256, method=Image.Quantize.MEDIANCUT)
    reduced.save(picture, optimize=True)


def main() -> int:
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    out = Path(sys.argv[1]) if len(sys.argv) > 1 else OUT
    out.mkdir(parents=True, exist_ok=True)
    # The status bar and Giới thiệu show the database's path: a plain folder named for the
    # program, the same on every run (so pictures change only when the program does), apart
    # from the one the screens of docs/ use.
    scratch = Path(tempfile.gettempdir()) / "uniondesk-huong-dan"
    shutil.rmtree(scratch, ignore_errors=True)
    work = scratch / "UnionDesk"
    work.mkdir(parents=True)
    os.environ["UNIONDESK_DATA_DIR"] = str(work)
    # The demo's keys never reach this PC's own keyring: a locked file in the scratch folder.
    os.environ["PYTHON_KEYRING_BACKEND"] = "keyring.backends.fail.Keyring"
    os.environ["UNIONDESK_KEY_PASSPHRASE"] = KEY_PASSPHRASE
    db, province = work / "demo.sqlite", work / "tinh.sqlite"
    try:
        _uniondesk("demo", str(db))
        card = _exchange(db, province, scratch)
        made = _screens(db, province, out)
        source = work / "danh-sach-doan-vien.xlsx"
        _uniondesk(
            *("report", "member-list", "--period", "2024", "--format", "xlsx"),
            *("--out", str(source), "--db", str(db)),
        )
        _name_sheet(source, "Danh sách đoàn viên")
        made += _in_process(db, province, card, source, work, out)
        for picture in made:
            _reduce(picture)
        for stale in set(out.glob("*.png")) - set(made):
            stale.unlink()  # a picture the guide no longer gets: gone, not left behind stale
    finally:
        shutil.rmtree(scratch, ignore_errors=True)
    for picture in sorted(made):
        print(f"{picture.relative_to(ROOT) if picture.is_relative_to(ROOT) else picture}")
    return 0


def _programme_editor(province: Path, out: Path) -> list[Path]:
    from desktop.ui.programme_editor import ProgrammeEditor

    editor = ProgrammeEditor(province, 2024)
    KEEP.append(editor)
    editor.resize(1200, 720)
    return [_grab(editor, out / "programme-editor.png")]


def _province_keys(province: Path, out: Path) -> list[Path]:
    """The keys part of Đồng bộ at the province (the rest of that screen is the office's)."""
    window = _window(province)
    screen = window.show_screen("sync")
    _wait(lambda: "Dấu vân tay" in screen.keys.own_key.text())
    _settle(300)
    picture = out / "province-keys.png"
    screen.keys.grab().save(str(picture))
    window.close()
    return [picture]


def _in_process(
    db: Path, province: Path, card: tuple[Path, str], source: Path, work: Path, out: Path
) -> list[Path]:
    from PySide6.QtWidgets import QApplication

    from desktop.services.accounts import create_account, sign_in, sign_in_as
    from desktop.store import shared
    from desktop.ui.translations import install_translations

    app = QApplication.instance() or QApplication(sys.argv)
    app.setApplicationName("Union Desk")
    app.setOrganizationName("UnionDesk")
    install_translations(app)  # type: ignore[arg-type]
    made = _setup_wizard(work, *card, out)
    made += _import_wizard(db, source, out)
    made += _programme_editor(province, out)
    made += _province_keys(province, out)
    window = _window(db)
    made += _member_form(window, out)
    made += _report_preview(window, out)
    window.close()
    # Accounts last: a database with accounts asks for a sign-in, as an office's does.
    create_account(shared(db), "quantri", PASSWORD, "admin", "Nguyễn Thị Lan")
    made += _login(db, out)
    sign_in_as(sign_in(shared(db), "quantri", PASSWORD))
    window = _window(db)
    made += _dialogs(window, db, out)
    window.close()
    return made


if __name__ == "__main__":
    sys.exit(main())
