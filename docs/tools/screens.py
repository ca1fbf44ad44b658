"""Redraw the screenshots in docs/ at an office screen's size (1366×768), on the demo district
and, for the province's own screens, on the demo province.

Run from the repository: `python docs/tools/screens.py [FOLDER]`. Every screen is drawn by the
program's own `--screenshot`; the import wizard, which no screen shows, is drawn here on the
demo district's member list as the app writes it.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

SIZE = "1366x768"
SCREENS = ("dashboard", "members", "unions", "activities", "targets", "reports", "sync")
PROVINCE_SCREENS = ("offices", "incoming", "summary", "quality")
DOCS = Path(__file__).resolve().parents[1]


def _screens(db: Path, out: Path, names: tuple[str, ...] = SCREENS) -> None:
    for name in names:
        command = [sys.executable, "-m", "desktop", "--db", str(db), "--screenshot"]
        command += [str(out / f"screen-{name}.png"), "--screen", name, "--size", SIZE]
        subprocess.run(command, check=True)


def _import_wizard(db: Path, work: Path, out: Path) -> None:
    from PySide6.QtWidgets import QApplication

    from desktop.ui.import_wizard import ImportWizard
    from desktop.ui.translations import install_translations

    source = work / "danh-sach-doan-vien.xlsx"
    command = [sys.executable, "-m", "desktop", "report", "member-list", "--period", "2024"]
    subprocess.run(
        [*command, "--format", "xlsx", "--out", str(source), "--db", str(db)], check=True
    )
    app = QApplication.instance() or QApplication(sys.argv)
    install_translations(app)  # type: ignore[arg-type]
    wizard = ImportWizard(db, "members")
    wizard.resize(1000, 700)
    wizard.show()
    wizard.file_page.path.setText(str(source))
    wizard.next()
    _wait(app, lambda: wizard.sheet_page.table.rowCount())
    wizard.grab().save(str(out / "screen-import.png"))
    wizard.close()


def _wait(app: object, ready: object) -> None:
    from PySide6.QtCore import QThreadPool

    for _ in range(300):  # work runs on the task runner
        QThreadPool.globalInstance().waitForDone(100)
        app.processEvents()  # type: ignore[attr-defined]
        if ready():  # type: ignore[operator]
            return


def _reports_preview(db: Path, out: Path) -> None:
    """Báo cáo with a report previewed, as a clerk sees it before printing."""
    from PySide6.QtCore import QThread
    from PySide6.QtWidgets import QApplication

    from desktop.ui.main_window import MainWindow

    app = QApplication.instance()
    window = MainWindow(db)
    window.resize(*(int(n) for n in SIZE.split("x")))
    window.show()
    screen = window.show_screen("reports")
    screen.report.setCurrentIndex(screen.report.findData("member-movement"))  # type: ignore[union-attr]
    screen.period.setText("06/2024")  # type: ignore[union-attr]
    screen.number.setText("12")  # type: ignore[union-attr]
    screen.preview()  # type: ignore[union-attr]
    _wait(app, lambda: "trang" in screen.status.text())  # type: ignore[union-attr]
    for _ in range(30):  # the preview paints its pages in the background
        QThread.msleep(100)
        app.processEvents()  # type: ignore[union-attr]
    window.grab().save(str(out / "screen-reports.png"))
    window.close()


def main() -> int:
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    out = Path(sys.argv[1]) if len(sys.argv) > 1 else DOCS
    # The status bar shows the database's path: a plain folder named for the program.
    work = Path(tempfile.gettempdir()) / "UnionDesk"
    shutil.rmtree(work, ignore_errors=True)
    work.mkdir()
    os.environ["UNIONDESK_DATA_DIR"] = str(work)
    db = work / "demo.sqlite"
    try:
        subprocess.run([sys.executable, "-m", "desktop", "demo", str(db)], check=True)
        _screens(db, out)
        _import_wizard(db, work, out)
        _reports_preview(db, out)
        province = work / "demo-province.sqlite"
        subprocess.run(
            [sys.executable, "-m", "desktop", "demo", str(province), "--province"], check=True
        )
        _screens(province, out, PROVINCE_SCREENS)
    finally:
        shutil.rmtree(work, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
