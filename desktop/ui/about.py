"""Trợ giúp → Giới thiệu: version, data folder, database in use, and the licences of what ships
inside the program (libraries, fonts, the administrative-unit lists). GUI thread only.

Versions come from the installed packages' metadata; a frozen build may carry a package without
its metadata, so the module's own version is the fallback, and "không rõ" when neither tells.
"""

from __future__ import annotations

import html
import re
import warnings
from dataclasses import dataclass
from importlib import import_module, metadata
from pathlib import Path

from PySide6.QtWidgets import QDialog, QDialogButtonBox, QTextBrowser, QVBoxLayout, QWidget

from desktop import __version__, paths

TITLE = "Giới thiệu Union Desk"
UNKNOWN_VERSION = "không rõ phiên bản"


@dataclass(frozen=True)
class Component:
    name: str  # as the clerk reads it
    version: str  # "" for data and fonts
    licence: str
    purpose: str  # what it does in Union Desk, in Vietnamese


# (distribution, module and its version attribute, shown name, licence, what it does here)
LIBRARIES: tuple[tuple[str, str, str, str, str], ...] = (
    (
        "pyside6-essentials",
        "PySide6.__version__",
        "Qt / PySide6",
        "LGPL phiên bản 3",
        "giao diện, in ấn",
    ),
    ("SQLAlchemy", "sqlalchemy.__version__", "SQLAlchemy", "MIT", "cơ sở dữ liệu"),
    ("alembic", "alembic.__version__", "Alembic", "MIT", "nâng cấp cơ sở dữ liệu"),
    ("openpyxl", "openpyxl.__version__", "openpyxl", "MIT", "đọc, ghi bảng tính Excel"),
    ("python-calamine", "python_calamine.__version__", "python-calamine", "MIT", "đọc bảng tính"),
    ("defusedxml", "defusedxml.__version__", "defusedxml", "PSF", "đọc tệp XML an toàn"),
    ("reportlab", "reportlab.Version", "ReportLab", "BSD", "tạo báo cáo PDF"),
    ("keyring", "keyring.__version__", "keyring", "MIT", "cất khóa bí mật trong kho khóa"),
    (
        "cryptography",
        "cryptography.__version__",
        "cryptography",
        "Apache 2.0 hoặc BSD",
        "ký số và mã hóa gói dữ liệu",
    ),
    ("argon2-cffi", "argon2.__version__", "argon2-cffi", "MIT", "bảo vệ mật khẩu tài khoản"),
    ("platformdirs", "platformdirs.__version__", "platformdirs", "MIT", "thư mục dữ liệu"),
)


def library_version(distribution: str, attribute: str) -> str:
    """The installed version of `distribution`, else `module.attribute`, else ""."""
    try:
        return metadata.version(distribution)
    except metadata.PackageNotFoundError:
        pass
    module_name, _, name = attribute.rpartition(".")
    try:
        with warnings.catch_warnings():  # argon2 warns that its __version__ is going away
            warnings.simplefilter("ignore", DeprecationWarning)
            found = getattr(import_module(module_name), name, "")
    except ImportError:
        return ""
    return found if isinstance(found, str) else ""


def _font_licences(folder: Path) -> list[Component]:
    fonts = []
    for text in sorted(folder.glob("LICENSE-*")):
        family = text.stem.removeprefix("LICENSE-")
        first = text.read_text(encoding="utf-8", errors="replace")
        licence = "SIL Open Font License 1.1" if "SIL OPEN FONT LICENSE" in first.upper() else ""
        fonts.append(
            Component(
                f"Phông chữ {re.sub(r'(?<=[a-z])(?=[A-Z])', ' ', family)}",
                "",
                licence or f"xem tệp {text.name}",
                "chữ trong báo cáo in và PDF",
            )
        )
    return fonts


def _admin_unit_licences(readme: Path) -> list[Component]:
    """One row per shipped list, from the table in resources/admin-units/README.md."""
    if not readme.is_file():
        return []
    found = []
    for line in readme.read_text(encoding="utf-8").splitlines():
        cells = [c.strip() for c in line.strip().strip("|").split("|")]
        if len(cells) != 4 or not cells[0].startswith("`"):
            continue
        file_name = cells[0].strip("`")
        sources = re.findall(r"public repository ([\w.-]+/[\w.-]+)", cells[2])
        source = f" (nguồn: {', '.join(sources)})" if sources else ""
        licence = cells[3].replace("that repository", "của kho mã nguồn đó")
        found.append(Component(file_name, "", licence, f"danh mục đơn vị hành chính{source}"))
    return found


def shipped_components() -> list[Component]:
    """Everything inside the program that comes from others, with its licence."""
    parts = [
        Component(shown, library_version(dist, attr) or UNKNOWN_VERSION, licence, purpose)
        for dist, attr, shown, licence, purpose in LIBRARIES
    ]
    resources = paths.resources_dir()
    parts += _font_licences(resources / "fonts")
    parts += _admin_unit_licences(resources / "admin-units" / "README.md")
    return parts


def about_html(database: Path | str) -> str:
    """`database`: the file, or the server's URL without its password (Store.label)."""
    rows = "".join(
        "<tr>"
        f"<td>{html.escape(c.name)}</td>"
        f"<td>{html.escape(c.version)}</td>"
        f"<td>{html.escape(c.licence)}</td>"
        f"<td>{html.escape(c.purpose)}</td>"
        "</tr>"
        for c in shipped_components()
    )
    return (
        f"<h3>Union Desk {__version__}</h3>"
        "<p>Phần mềm quản lý công tác công đoàn cấp trên trực tiếp cơ sở, chạy không cần mạng.</p>"
        f"<p><b>Thư mục dữ liệu:</b> {html.escape(str(paths.data_dir()))}<br>"
        f"<b>Cơ sở dữ liệu đang mở:</b> {html.escape(str(database))}</p>"
        "<h4>Thành phần đi kèm và giấy phép</h4>"
        "<p>Union Desk dùng các thành phần mã nguồn mở dưới đây; mỗi thành phần giữ giấy phép "
        "của tác giả. Thư viện Qt dùng theo giấy phép LGPL: có thể thay bằng bản Qt khác.</p>"
        '<table cellspacing="0" cellpadding="4" border="1">'
        "<tr><th>Thành phần</th><th>Phiên bản</th><th>Giấy phép</th><th>Dùng để</th></tr>"
        f"{rows}</table>"
    )


class AboutDialog(QDialog):
    """A scrollable page with the version, the folders and the licences."""

    def __init__(self, database: Path | str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("aboutDialog")
        self.setWindowTitle(TITLE)
        self.text = QTextBrowser()
        self.text.setObjectName("aboutText")
        self.text.setOpenExternalLinks(False)
        self.text.setHtml(about_html(database))
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok)
        buttons.accepted.connect(self.accept)
        layout = QVBoxLayout(self)
        layout.addWidget(self.text, 1)
        layout.addWidget(buttons)
        self.resize(760, 560)


def show_about(parent: QWidget, database: Path | str) -> None:
    AboutDialog(database, parent).exec()
