"""Trợ giúp → Giới thiệu shows the version, the data folder, the database in use and the licence
of everything shipped inside; both entry points print the version."""

from __future__ import annotations

import subprocess
import sys
from importlib import metadata
from pathlib import Path

import pytest
from PySide6.QtGui import QAction, QTextTable
from pytestqt.qtbot import QtBot

from desktop import __version__, paths
from desktop.ui import about
from desktop.ui.about import UNKNOWN_VERSION, AboutDialog, library_version, shipped_components
from desktop.ui.main_window import MainWindow

UNIONDESK = Path(sys.executable).with_name("uniondesk")
ADMIN_UNITS = sorted(p.name for p in (paths.resources_dir() / "admin-units").glob("*.csv"))


def _lines(dialog: AboutDialog) -> list[str]:
    return [line for line in dialog.text.toPlainText().splitlines() if line.strip()]


def _rows(dialog: AboutDialog) -> dict[str, tuple[str, str]]:
    """Each licence table row as the clerk reads it: component → (version, licence)."""
    [table] = dialog.text.document().rootFrame().childFrames()
    assert isinstance(table, QTextTable)

    def cell(row: int, column: int) -> str:
        start = table.cellAt(row, column).firstCursorPosition()
        start.setPosition(
            table.cellAt(row, column).lastCursorPosition().position(), start.MoveMode.KeepAnchor
        )
        return start.selectedText().strip()

    assert [cell(0, c) for c in range(4)] == ["Thành phần", "Phiên bản", "Giấy phép", "Dùng để"]
    return {cell(r, 0): (cell(r, 1), cell(r, 2)) for r in range(1, table.rows())}


def test_about_from_the_help_menu_names_version_folders_and_database(
    qtbot: QtBot,
    small_district: Path,
    private_data_dir: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    shown: list[AboutDialog] = []
    monkeypatch.setattr(AboutDialog, "exec", lambda dialog: shown.append(dialog) or 0)
    window = MainWindow(small_district)
    qtbot.addWidget(window)
    window.findChild(QAction, "actionAbout").trigger()
    [dialog] = shown
    assert dialog.windowTitle() == "Giới thiệu Union Desk"
    assert _lines(dialog)[:5] == [
        f"Union Desk {__version__}",
        "Phần mềm quản lý công tác công đoàn cấp trên trực tiếp cơ sở, chạy không cần mạng.",
        f"Thư mục dữ liệu: {private_data_dir}",
        f"Cơ sở dữ liệu đang mở: {small_district}",
        "Thành phần đi kèm và giấy phép",
    ]


def test_the_licence_of_every_shipped_part(qtbot: QtBot, tmp_path: Path) -> None:
    dialog = AboutDialog(tmp_path / "demo.sqlite")
    qtbot.addWidget(dialog)
    rows = _rows(dialog)
    assert {name: licence for name, (_, licence) in rows.items()} == {
        "Qt / PySide6": "LGPL phiên bản 3",
        "SQLAlchemy": "MIT",
        "Alembic": "MIT",
        "openpyxl": "MIT",
        "python-calamine": "MIT",
        "defusedxml": "PSF",
        "ReportLab": "BSD",
        "keyring": "MIT",
        "cryptography": "Apache 2.0 hoặc BSD",
        "argon2-cffi": "MIT",
        "platformdirs": "MIT",
        "Phông chữ Liberation Serif": "SIL Open Font License 1.1",
        "admin-units-2024.csv": "MIT (của kho mã nguồn đó)",
        "commune-successors-2025.csv": "MIT (của kho mã nguồn đó, © 2025 Tran Ngoc Minh Hieu)",
        "admin-units-2025.csv": "MIT (của kho mã nguồn đó)",
    }
    assert sorted(n for n in rows if n.endswith(".csv")) == ADMIN_UNITS
    assert rows["Qt / PySide6"][0] == metadata.version("pyside6-essentials")
    assert rows["SQLAlchemy"][0] == metadata.version("SQLAlchemy")
    assert rows["Phông chữ Liberation Serif"][0] == ""
    dialog.show()
    assert dialog.text.verticalScrollBar().maximum() > 0  # the list scrolls, the dialog fits


def test_a_frozen_build_without_metadata_reads_the_modules_versions(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    def missing(name: str) -> str:
        raise metadata.PackageNotFoundError(name)

    monkeypatch.setattr(about.metadata, "version", missing)
    import PySide6
    import sqlalchemy

    versions = {c.name: c.version for c in shipped_components()}
    assert versions["Qt / PySide6"] == PySide6.__version__
    assert versions["SQLAlchemy"] == sqlalchemy.__version__
    assert library_version("no-such-package", "desktop.__version__") == __version__
    assert library_version("no-such-package", "no_such_module.__version__") == ""
    monkeypatch.setattr(about, "LIBRARIES", (("x", "no_such_module.v", "X", "MIT", "thử"),))
    assert next(c.version for c in shipped_components()) == UNKNOWN_VERSION


@pytest.mark.parametrize(
    "command",
    [[sys.executable, "-m", "desktop", "--version"], [str(UNIONDESK), "--version"]],
    ids=["python -m desktop", "uniondesk"],
)
def test_version_on_the_command_line(command: list[str]) -> None:
    done = subprocess.run(command, capture_output=True, text=True, timeout=60)
    assert (done.returncode, done.stdout, done.stderr) == (0, f"Union Desk {__version__}\n", "")
