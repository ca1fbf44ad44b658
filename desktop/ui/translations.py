"""Vietnamese for the texts Qt draws itself (Yes/No, Cancel, its file and print dialogs).

Qt ships no Vietnamese catalogue, so `resources/translations/qtbase_vi.ts` holds ours. The build
(`make`, build.spec) compiles it to `qtbase_vi.qm` beside it. Where the compiled file is missing (a
wheel built from a bare checkout) it is compiled once into the user's cache folder with the
`lrelease` that PySide6 itself ships, so an installed copy speaks Vietnamese all the same.

Native dialogs are left on (nothing here or elsewhere turns them off): on Windows the
file and print dialogs are the system's own, in the system's language. Where Qt draws its own file
dialog, it formats sizes and dates with the system locale whatever the catalogue says ("4.88 KiB",
"6/5/24"); a proxy over its file list writes them the Vietnamese way ("4,9 KB", "05/06/2024 14:30").
"""

from __future__ import annotations

import logging
import sys
from pathlib import Path
from typing import Any

from PySide6.QtCore import (
    QCoreApplication,
    QIdentityProxyModel,
    QLocale,
    QModelIndex,
    QPersistentModelIndex,
    Qt,
    QTranslator,
)
from PySide6.QtWidgets import (
    QApplication,
    QFileDialog,
    QFileSystemModel,
    QListView,
    QSplitter,
    QTreeView,
    QWidget,
)

from desktop.paths import APP_AUTHOR, APP_NAME, resources_dir

CATALOGUE = "qtbase_vi"
VIETNAMESE = QLocale(QLocale.Language.Vietnamese, QLocale.Country.Vietnam)

log = logging.getLogger(__name__)
# The translator and the locale that was the default before, per application object.
_installed: dict[int, tuple[QTranslator, QLocale]] = {}


def install_translations(app: QCoreApplication) -> bool:
    """Make Qt's own texts and number/date forms Vietnamese; False if no catalogue could be had.

    Safe to call more than once: the catalogue is installed once per application object.
    """
    if id(app) in _installed:
        return True
    previous = QLocale()
    QLocale.setDefault(VIETNAMESE)
    translator = QTranslator(app)
    path = compiled_catalogue()
    if path is None or not translator.load(str(path)):
        log.warning("Không nạp được bản dịch tiếng Việt cho Qt (%s).", path)
        _installed[id(app)] = (translator, previous)
        return False
    app.installTranslator(translator)
    _installed[id(app)] = (translator, previous)
    if isinstance(app, QApplication):
        # Qt's own file dialog takes the focus as it opens: the moment to give it our columns.
        app.focusChanged.connect(_vietnamese_file_columns)
    return True


def uninstall_translations(app: QCoreApplication) -> None:
    """Undo `install_translations` (tests share one application object)."""
    entry = _installed.pop(id(app), None)
    if entry is None:
        return
    translator, previous = entry
    if app.removeTranslator(translator) and isinstance(app, QApplication):
        app.focusChanged.disconnect(_vietnamese_file_columns)
    QLocale.setDefault(previous)


def compiled_catalogue() -> Path | None:
    """The .qm to load: the one the build made, else one compiled now into the cache folder.

    A built .qm older than the .ts (the .ts edited, the build not run again) gives way to a fresh
    compile when lrelease is at hand, and is used as it is when not (a frozen bundle has none).
    """
    folder = resources_dir() / "translations"
    source = folder / f"{CATALOGUE}.ts"
    built = folder / f"{CATALOGUE}.qm"
    if not built.is_file():
        return _compile_into_cache(source) if source.is_file() else None
    if source.is_file() and built.stat().st_mtime < source.stat().st_mtime:
        return _compile_into_cache(source) or built
    return built


def _compile_into_cache(source: Path) -> Path | None:
    import hashlib
    import subprocess  # only when the catalogue must be compiled: not on start-up

    import platformdirs

    digest = hashlib.sha256(source.read_bytes()).hexdigest()[:16]
    cache = Path(platformdirs.user_cache_dir(APP_NAME, APP_AUTHOR)) / "translations"
    target = cache / f"{CATALOGUE}-{digest}.qm"
    if target.is_file():
        return target
    tool = lrelease_path()
    if tool is None:
        return None
    cache.mkdir(parents=True, exist_ok=True)
    partial = target.with_suffix(".part")
    try:
        subprocess.run(
            [str(tool), "-silent", str(source), "-qm", str(partial)],
            check=True,
            capture_output=True,
            timeout=60,
        )
        partial.replace(target)  # another copy starting at once never reads half a file
    except (OSError, subprocess.SubprocessError) as exc:
        log.warning("lrelease không dịch được %s: %s", source, exc)
        return None
    return target


def lrelease_path() -> Path | None:
    """PySide6's own lrelease (pyside6-essentials carries it beside the package)."""
    import PySide6

    name = "lrelease.exe" if sys.platform == "win32" else "lrelease"
    tool = Path(PySide6.__file__).resolve().parent / name
    return tool if tool.is_file() else None


def _vietnamese_file_columns(_old: QWidget | None, now: QWidget | None) -> None:
    window = now.window() if now is not None else None
    if not isinstance(window, QFileDialog) or window.proxyModel() is not None:
        return
    tree = window.findChild(QTreeView, "treeView")
    if tree is None:
        return  # the system's own dialog: nothing of Qt's to change
    window.setProxyModel(VietnameseFileColumns(window))
    _fit_texts(window, tree)


def _fit_texts(window: QFileDialog, tree: QTreeView) -> None:
    """Qt sizes the columns and the side bar for English ("Computer", "10/29/81 02:02PM")."""
    metrics = tree.fontMetrics()
    header = tree.header()
    samples = {1: "1.023,9 MB", 2: "Bảng tính Excel", 3: "00/00/0000 00:00"}
    for column, sample in samples.items():
        title = str(tree.model().headerData(column, Qt.Orientation.Horizontal) or "")
        wanted = max(metrics.horizontalAdvance(sample), metrics.horizontalAdvance(title)) + 24
        header.resizeSection(column, max(header.sectionSize(column), wanted))
    sidebar = window.findChild(QListView, "sidebar")
    splitter = window.findChild(QSplitter, "splitter")
    if sidebar is None or splitter is None or splitter.count() != 2:
        return
    model = sidebar.model()
    names = [str(model.index(row, 0).data() or "") for row in range(model.rowCount())]
    wanted = max((metrics.horizontalAdvance(name) for name in names), default=0) + 56
    left, right = splitter.sizes()
    if left < wanted < left + right:
        splitter.setSizes([wanted, left + right - wanted])


class VietnameseFileColumns(QIdentityProxyModel):
    """Qt's file list with its Size and Date Modified columns written as Vietnamese offices do."""

    SIZE, DATE = 1, 3

    def data(
        self, index: QModelIndex | QPersistentModelIndex, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        source = self.sourceModel()
        if (
            role == Qt.ItemDataRole.DisplayRole
            and index.column() in (self.SIZE, self.DATE)
            and isinstance(source, QFileSystemModel)
        ):
            info = source.fileInfo(self.mapToSource(index))
            if index.column() == self.DATE:
                return info.lastModified().toString("dd/MM/yyyy HH:mm")
            if info.isFile():
                return file_size_text(info.size())
        return super().data(index, role)


def file_size_text(size: int) -> str:
    """`512 byte`, `4,9 KB`, `1,4 MB`: binary multiples under the names Windows shows."""
    if size < 1024:
        return f"{size} byte"
    value, units = size / 1024, ["KB", "MB", "GB", "TB"]
    while value >= 1024 and len(units) > 1:
        value, units = value / 1024, units[1:]
    return f"{VIETNAMESE.toString(value, 'f', 1).removesuffix(',0')} {units[0]}"
