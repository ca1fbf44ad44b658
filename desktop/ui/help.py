"""Trợ giúp → Hướng dẫn sử dụng (F1): the Vietnamese guide, rendered offline by Qt's own Markdown
support, opened at the section of the screen in use. GUI thread only.

The guide marks each section with an HTML anchor line (`<a id="members"></a>`) above its heading:
GitHub and other viewers follow it, but Qt's Markdown reader drops an empty anchor, so the anchor
lines are taken out here and the names put back on the headings they stood above. A section's
name is the screen's `--screen` name (desktop/ui/main_window.py SCREENS) or a topic of its own
(`setup`, `backup`, …).
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from PySide6.QtCore import Qt, QUrl
from PySide6.QtGui import (
    QAction,
    QDesktopServices,
    QImage,
    QKeySequence,
    QTextCharFormat,
    QTextCursor,
    QTextDocument,
)
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QMenu,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)

from desktop import paths

_ANCHOR = re.compile(r"""\s*<a\s+(?:id|name)=["']([A-Za-z0-9_-]+)["']\s*>\s*</a>\s*""")
_HEADING = re.compile(r" {0,3}(#{1,6})\s+(.*?)(?:\s+#+)?\s*")
_FENCE = re.compile(r" {0,3}(```|~~~)")
# Wider pictures are shown at this width (the dialog opens at about 1000 px); the file keeps its
# own size, so a picture opened from the folder is still whole.
PICTURE_WIDTH = 880
TITLE = "Hướng dẫn sử dụng — Union Desk"


@dataclass(frozen=True)
class Guide:
    """The guide as Qt reads it: the Markdown without anchor lines, its headings in order, and
    for each anchor the index of the heading it names."""

    markdown: str
    headings: tuple[str, ...]
    anchors: dict[str, int]

    def heading_of(self, section: str) -> str | None:
        index = self.anchors.get(section)
        return None if index is None else self.headings[index]


def read_guide(path: Path) -> Guide:
    """Parse the guide at `path` (UTF-8). An anchor names the next heading below it."""
    kept: list[str] = []
    headings: list[str] = []
    anchors: dict[str, int] = {}
    waiting: list[str] = []
    fenced = False
    for line in path.read_text(encoding="utf-8").splitlines():
        if _FENCE.match(line):
            fenced = not fenced
        elif not fenced:
            anchor = _ANCHOR.fullmatch(line)
            if anchor:
                waiting.append(anchor.group(1))
                continue
            heading = _HEADING.fullmatch(line)
            if heading:
                for name in waiting:
                    anchors[name] = len(headings)
                waiting = []
                headings.append(heading.group(2))
        kept.append(line)
    return Guide("\n".join(kept) + "\n", tuple(headings), anchors)


def _plain_heading(markdown: str) -> str:
    """A heading's text as rendered: no emphasis marks, code ticks or link targets."""
    text = re.sub(r"\[([^\]]*)\]\([^)]*\)", r"\1", markdown)
    return re.sub(r"[*_`]", "", text).strip()


class HelpDialog(QDialog):
    """The guide in a browser that follows its own links (`#section`), opens web links in the
    system's browser and shows pictures from the folder beside the guide."""

    def __init__(self, guide_file: Path, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("helpDialog")
        self.setWindowTitle(TITLE)
        self.guide_file = guide_file
        self.guide = read_guide(guide_file)
        self.browser = QTextBrowser()
        self.browser.setObjectName("helpBrowser")
        self.browser.setOpenLinks(False)
        self.browser.anchorClicked.connect(self._follow)
        document = self.browser.document()
        document.setBaseUrl(QUrl.fromLocalFile(f"{guide_file.parent.resolve()}/"))
        document.setMarkdown(
            self.guide.markdown, QTextDocument.MarkdownFeature.MarkdownDialectGitHub
        )
        self._name_headings()
        self._fit_pictures()
        buttons = QDialogButtonBox()
        close = buttons.addButton("Đóng", QDialogButtonBox.ButtonRole.RejectRole)
        close.setObjectName("helpClose")
        buttons.rejected.connect(self.close)
        layout = QVBoxLayout(self)
        layout.addWidget(self.browser, 1)
        layout.addWidget(buttons)
        self.resize(1000, 700)

    def heading_blocks(self) -> list[str]:
        """The rendered headings' texts, in order."""
        found = []
        block = self.browser.document().begin()
        while block.isValid():
            if block.blockFormat().headingLevel() > 0:
                found.append(block.text().strip())
            block = block.next()
        return found

    def _name_headings(self) -> None:
        blocks = []
        block = self.browser.document().begin()
        while block.isValid():
            if block.blockFormat().headingLevel() > 0:
                blocks.append(block)
            block = block.next()
        for block in blocks:  # Qt's Markdown headings sit tight on the text above them
            spaced = block.blockFormat()
            spaced.setTopMargin(18 if spaced.headingLevel() <= 2 else 12)
            spaced.setBottomMargin(6)
            QTextCursor(block).setBlockFormat(spaced)
        texts = [b.text().strip() for b in blocks]
        for name, index in self.guide.anchors.items():
            if len(blocks) == len(self.guide.headings):
                target = blocks[index]
            else:  # a heading Qt read otherwise: find it by its text
                wanted = _plain_heading(self.guide.headings[index])
                if wanted not in texts:
                    continue
                target = blocks[texts.index(wanted)]
            cursor = QTextCursor(target)
            cursor.movePosition(
                QTextCursor.MoveOperation.EndOfBlock, QTextCursor.MoveMode.KeepAnchor
            )
            named = QTextCharFormat()
            named.setAnchor(True)
            named.setAnchorNames([*target.charFormat().anchorNames(), name])
            cursor.mergeCharFormat(named)

    def _fit_pictures(self) -> None:
        """A picture wider than PICTURE_WIDTH is shown smoothly scaled down (Qt's own scaling of
        an image's width in a document is blocky and leaves its text hard to read)."""
        document = self.browser.document()
        for name in picture_names(document):
            image = QImage(str(self.guide_file.parent / name))
            if not image.isNull() and image.width() > PICTURE_WIDTH:
                smaller = image.scaledToWidth(
                    PICTURE_WIDTH, Qt.TransformationMode.SmoothTransformation
                )
                # Looked up by the address resolved against the guide's folder.
                where = document.baseUrl().resolved(QUrl(name))
                document.addResource(QTextDocument.ResourceType.ImageResource, where, smaller)
        document.markContentsDirty(0, document.characterCount())

    def show_section(self, section: str | None) -> None:
        """Scroll to the section's heading; the start of the guide for no section or an
        unknown one."""
        if section and section in self.guide.anchors:
            self.browser.scrollToAnchor(section)
        else:
            self.browser.verticalScrollBar().setValue(0)

    def _follow(self, url: QUrl) -> None:
        if url.scheme() in ("http", "https", "mailto"):
            QDesktopServices.openUrl(url)
        elif url.hasFragment() and not url.path():
            self.show_section(url.fragment())


def picture_names(document: QTextDocument) -> list[str]:
    """The pictures a document shows, as its Markdown names them, in order."""
    names = []
    block = document.begin()
    while block.isValid():
        pieces = block.begin()
        while not pieces.atEnd():
            form = pieces.fragment().charFormat()
            if form.isImageFormat():
                names.append(form.toImageFormat().name())
            pieces += 1
        block = block.next()
    return names


def _missing(parent: QWidget | None, path: Path) -> None:
    from PySide6.QtWidgets import QMessageBox

    QMessageBox.warning(
        parent,
        TITLE,
        f"Không tìm thấy tệp hướng dẫn {path}. Hãy cài lại Union Desk để có đủ tài liệu đi kèm.",
    )


def show_help(parent: QWidget | None, section: str | None = None) -> HelpDialog | None:
    """Open the guide at `section` (a screen's `--screen` name or a topic such as `setup`), beside
    the window: one guide per window, brought forward and scrolled on the next F1. None, after
    saying so, when the guide is not where the program looks for it."""
    guide_file = paths.guide_path()
    if not guide_file.is_file():
        _missing(parent, guide_file)
        return None
    dialog = getattr(parent, "help_dialog", None) if parent is not None else None
    if not isinstance(dialog, HelpDialog):
        dialog = HelpDialog(guide_file, parent)
        if parent is not None:
            parent.help_dialog = dialog  # type: ignore[attr-defined]
    dialog.show()
    dialog.raise_()
    dialog.activateWindow()
    dialog.show_section(section)
    return dialog


def install_help(window: QWidget, menu: QMenu, section: Callable[[], str | None]) -> QAction:
    """«Hướng dẫn sử dụng» at the top of the Trợ giúp `menu`, on F1 (the platform's help key):
    the guide at `section()`, the current screen's name. Installed once per window; a second
    call gives back the action already there."""
    found = window.findChild(QAction, "actionHelp")
    if isinstance(found, QAction):
        return found
    action = QAction("&Hướng dẫn sử dụng", window)
    action.setObjectName("actionHelp")
    action.setShortcut(QKeySequence.StandardKey.HelpContents)
    action.triggered.connect(lambda: show_help(window, section()))
    first = menu.actions()[0] if menu.actions() else None
    if first is None:
        menu.addAction(action)
    else:
        menu.insertAction(first, action)
    return action
