"""F1 opens the Vietnamese guide (docs/huong-dan.md) at the current screen's section, rendered in
the program; the guide's pictures are on disk and its quoted texts are the program's own."""

from __future__ import annotations

import re
import struct
import sys
from pathlib import Path

import pytest
from PySide6.QtCore import QPoint, Qt, QUrl
from PySide6.QtGui import QAction, QImage, QPixmap, QTextDocument
from PySide6.QtWidgets import QMenu, QMessageBox
from pytestqt.qtbot import QtBot

from desktop import paths
from desktop.ui.help import (
    PICTURE_WIDTH,
    HelpDialog,
    install_help,
    picture_names,
    read_guide,
    show_help,
)
from desktop.ui.main_window import SCREENS, MainWindow, screen_names

ROOT = Path(__file__).resolve().parents[2]
GUIDE = ROOT / "docs" / "huong-dan.md"
TEXT = GUIDE.read_text(encoding="utf-8")
PICTURES = re.findall(r"!\[[^\]]*\]\(([^)\s]+)\)", TEXT)
QUOTED = [" ".join(q.split()) for q in re.findall(r"«([^»]+)»", TEXT)]


def _menus(window: MainWindow) -> dict[str, QMenu]:
    found = {}
    for action in window.menuBar().actions():
        if action.menu() is not None:
            found[action.text().replace("&", "")] = action.menu()
    return found


def _help_action(window: MainWindow) -> QAction:
    """The window's «Hướng dẫn sử dụng»: installed by the window itself, or here as the window's
    glue does (the current screen's name) when the window does not install it yet."""
    found = window.findChild(QAction, "actionHelp")
    if isinstance(found, QAction):
        return found
    return install_help(
        window,
        _menus(window)["Trợ giúp"],
        lambda: screen_names()[max(window.sidebar.currentRow(), 0)],
    )


def _top_heading(dialog: HelpDialog) -> str:
    """The heading at the top of the guide as the clerk sees it now."""
    return dialog.browser.cursorForPosition(QPoint(20, 8)).block().text().strip()


def test_the_program_finds_the_guide_of_the_checkout() -> None:
    assert paths.guide_path() == GUIDE


def test_a_frozen_build_reads_the_guide_from_its_docs_folder(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.setattr(sys, "_MEIPASS", str(tmp_path), raising=False)
    assert paths.guide_path() == tmp_path / "docs" / "huong-dan.md"


def test_every_screen_has_a_section_headed_by_its_sidebar_title() -> None:
    guide = read_guide(GUIDE)
    assert {e.name: guide.heading_of(e.name) for e in SCREENS} == {e.name: e.title for e in SCREENS}


@pytest.mark.parametrize("screen", screen_names())
def test_f1_opens_the_guide_at_the_current_screen(
    qtbot: QtBot, small_district: Path, screen: str
) -> None:
    window = MainWindow(small_district)
    qtbot.addWidget(window)
    action = _help_action(window)
    assert action.text().replace("&", "") == "Hướng dẫn sử dụng"
    assert action.shortcut().toString() == "F1"
    window.show()
    qtbot.waitExposed(window)
    window.show_screen(screen)
    action.trigger()
    dialog = window.help_dialog  # type: ignore[attr-defined]
    assert isinstance(dialog, HelpDialog) and dialog.isVisible()
    assert dialog.windowTitle() == "Hướng dẫn sử dụng — Union Desk"
    title = next(e.title for e in SCREENS if e.name == screen)
    qtbot.waitUntil(lambda: _top_heading(dialog) == title)
    assert dialog.browser.verticalScrollBar().value() > 0


def test_the_guide_keeps_one_window_and_follows_its_links(
    qtbot: QtBot, small_district: Path
) -> None:
    window = MainWindow(small_district)
    qtbot.addWidget(window)
    window.show()
    first = show_help(window, "members")
    assert first is not None
    qtbot.waitUntil(lambda: _top_heading(first) == "Đoàn viên")
    assert show_help(window, "sync") is first
    qtbot.waitUntil(lambda: _top_heading(first) == "Đồng bộ")
    first.browser.anchorClicked.emit(QUrl("#backup"))
    qtbot.waitUntil(lambda: _top_heading(first) == "Sao lưu và khôi phục")
    assert show_help(window, None) is first
    assert first.browser.verticalScrollBar().value() == 0
    assert _top_heading(first) == "Hướng dẫn sử dụng Union Desk"


def test_every_link_inside_the_guide_names_a_section() -> None:
    guide = read_guide(GUIDE)
    links = set(re.findall(r"\]\(#([^)]+)\)", TEXT))
    assert links and links <= set(guide.anchors), sorted(links - set(guide.anchors))


def test_the_rendered_guide_names_every_heading_and_reads_vietnamese(qtbot: QtBot) -> None:
    dialog = HelpDialog(GUIDE)
    qtbot.addWidget(dialog)
    guide = dialog.guide
    assert dialog.heading_blocks() == list(guide.headings)
    document = dialog.browser.document()
    for name, index in guide.anchors.items():
        named = [
            b.text().strip()
            for b in _blocks(document)
            if b.blockFormat().headingLevel() and name in _anchor_names(b)
        ]
        assert named == [guide.headings[index]], name
    plain = document.toPlainText()
    assert "Công đoàn cơ sở" in plain and "Đồng bộ" in plain and "<a id" not in plain


def _blocks(document: QTextDocument) -> list:
    found, block = [], document.begin()
    while block.isValid():
        found.append(block)
        block = block.next()
    return found


def _anchor_names(block: object) -> list[str]:
    names: list[str] = []
    pieces = block.begin()  # type: ignore[attr-defined]
    while not pieces.atEnd():
        names += pieces.fragment().charFormat().anchorNames()
        pieces += 1
    return names


def _png_size(path: Path) -> tuple[int, int]:
    head = path.read_bytes()[:24]
    assert head[:8] == b"\x89PNG\r\n\x1a\n", path
    return struct.unpack(">II", head[16:24])


def test_every_picture_the_guide_shows_is_on_disk_at_an_office_screens_size() -> None:
    assert PICTURES
    for picture in PICTURES:
        path = GUIDE.parent / picture
        assert path.is_file(), picture
        width, height = _png_size(path)
        assert width <= 1366 and height <= 768, picture
    shown = {GUIDE.parent / p for p in PICTURES}
    folder = set((GUIDE.parent / "huong-dan").glob("*.png"))
    assert folder == shown, sorted(p.name for p in folder ^ shown)
    for name in screen_names():  # each screen drawn by --screenshot, shown in the guide
        assert f"huong-dan/{name}.png" in PICTURES
    total = sum(p.stat().st_size for p in folder)
    assert total < 3_000_000


def test_the_rendered_pictures_load_and_fit_the_window(qtbot: QtBot) -> None:
    dialog = HelpDialog(GUIDE)
    qtbot.addWidget(dialog)
    document = dialog.browser.document()
    assert picture_names(document) == PICTURES
    for name in PICTURES:
        shown = document.resource(QTextDocument.ResourceType.ImageResource, QUrl(name))
        assert isinstance(shown, QImage | QPixmap) and not shown.isNull(), name
        width, _ = _png_size(GUIDE.parent / name)
        assert shown.width() == min(width, PICTURE_WIDTH), name


def test_every_menu_item_the_guide_quotes_is_in_the_window(
    qtbot: QtBot, small_district: Path
) -> None:
    window = MainWindow(small_district)
    qtbot.addWidget(window)
    _help_action(window)
    menus = {
        title: {a.text().replace("&", "") for a in menu.actions() if not a.isSeparator()}
        for title, menu in _menus(window).items()
    }
    paths_quoted = [q for q in QUOTED if "→" in q]
    assert len(paths_quoted) > 15
    missing = []
    for quoted in paths_quoted:
        title, _, item = (part.strip() for part in quoted.partition("→"))
        if item not in menus.get(title, set()):
            missing.append(quoted)
    assert missing == []


def test_every_other_quoted_text_is_one_the_program_shows() -> None:
    """«…» is the program's own wording: a button, a tab, a message. A text the program no
    longer has (renamed, or English) fails here."""
    source = "".join(
        p.read_text(encoding="utf-8").replace("&", "") for p in (ROOT / "desktop").rglob("*.py")
    )
    stale = sorted({q for q in QUOTED if "→" not in q and q not in source})
    assert stale == []


def test_a_missing_guide_is_said_in_vietnamese(
    qtbot: QtBot, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    said: list[str] = []
    monkeypatch.setattr(paths, "guide_path", lambda: tmp_path / "huong-dan.md")
    monkeypatch.setattr(QMessageBox, "warning", lambda _parent, _title, text: said.append(text))
    assert show_help(None, "members") is None
    assert said == [
        f"Không tìm thấy tệp hướng dẫn {tmp_path / 'huong-dan.md'}. "
        "Hãy cài lại Union Desk để có đủ tài liệu đi kèm."
    ]


def test_f1_is_the_help_key(qtbot: QtBot, small_district: Path) -> None:
    window = MainWindow(small_district)
    qtbot.addWidget(window)
    fired: list[bool] = []
    _help_action(window).triggered.connect(lambda: fired.append(True))
    window.show_screen("activities")
    window.show()
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow)  # waitActive returns before offscreen activates
    window.sidebar.setFocus()
    qtbot.keyClick(window.sidebar, Qt.Key.Key_F1)
    assert fired == [True]
    dialog = getattr(window, "help_dialog", None)
    assert isinstance(dialog, HelpDialog) and dialog.isVisible()
    qtbot.waitUntil(lambda: _top_heading(dialog) == "Hoạt động")


def test_the_setup_wizard_and_the_settings_open_their_own_sections(
    qtbot: QtBot, small_district: Path, tmp_path: Path
) -> None:
    from PySide6.QtWidgets import QWizard

    from desktop.ui.settings_dialog import SettingsDialog
    from desktop.ui.setup_wizard import SetupWizard

    wizard = SetupWizard(tmp_path / "moi.sqlite")
    qtbot.addWidget(wizard)
    wizard.show()
    assert wizard.button(QWizard.WizardButton.HelpButton).text() == "Hướng dẫn"
    wizard.button(QWizard.WizardButton.HelpButton).click()
    shown = wizard.help_dialog  # type: ignore[attr-defined]
    assert isinstance(shown, HelpDialog) and shown.isVisible()
    qtbot.waitUntil(lambda: _top_heading(shown) == "Cài đặt lần đầu")

    settings = SettingsDialog(small_district, None)
    qtbot.addWidget(settings)
    settings.show()
    settings.activateWindow()
    qtbot.waitUntil(settings.isActiveWindow)
    qtbot.keyClick(settings, Qt.Key.Key_F1)
    opened = settings.help_dialog  # type: ignore[attr-defined]
    assert isinstance(opened, HelpDialog) and opened.isVisible()
    qtbot.waitUntil(lambda: _top_heading(opened) == "Cài đặt")


def test_help_on_each_province_screen_opens_its_section(qtbot: QtBot, demo_province: Path) -> None:
    window = MainWindow(demo_province, user=None)
    qtbot.addWidget(window)
    window.show()
    sections = {
        "offices": "Đơn vị",
        "incoming": "Nhận gói",
        "summary": "Tổng hợp",
        "quality": "Chất lượng dữ liệu",
    }
    for screen, heading in sections.items():
        dialog = show_help(window, screen)
        assert dialog is not None
        qtbot.waitUntil(lambda d=dialog, h=heading: _top_heading(d) == h)
    for name in sections:
        assert f"huong-dan/{name}.png" in PICTURES
    window.close()
