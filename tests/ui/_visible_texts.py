"""What a clerk sees in a window, and which of it is English (tests/ui/test_vietnamese_texts.py).

A word is English when it is plain ASCII letters and in ENGLISH: the words of Qt's own source texts
(resources/translations/qtbase_vi.ts) and a few more, less those that are Vietnamese words too.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from PySide6.QtCore import Qt, QTimer, QTranslator
from PySide6.QtGui import QPageSize, QTextDocumentFragment
from PySide6.QtWidgets import (
    QAbstractButton,
    QAbstractItemView,
    QAbstractSpinBox,
    QApplication,
    QComboBox,
    QDialog,
    QGroupBox,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPlainTextEdit,
    QProgressBar,
    QTabBar,
    QTabWidget,
    QTextEdit,
    QTreeView,
    QWidget,
)

ROOT = Path(__file__).resolve().parents[2]
CATALOGUE = ROOT / "resources" / "translations" / "qtbase_vi.ts"


def _words(text: str) -> set[str]:
    return set(text.split())


# Vietnamese syllables spelt like an English word of Qt's texts (names: Long, My; "in" = print).
VIETNAMESE_TOO = _words("in to do no non long my an")
MORE_ENGLISH = _words(
    "bytes kib mib gib tib document worksheet spreadsheet image text plain archive desktop home"
    " documents downloads untitled error warning question loading report reports member members"
    " union unions import export sync backup database data search filter add edit status total"
    " month year fingerprint key keys password passphrase bundle bundles package packages"
    " restore settings office activity activities target targets dashboard overview province"
    " district trust trusted check preview"
)
# Not English to a clerk: names of formats and things, units, key names, codes.
ALLOWED = _words(
    "pdf excel word cccd csv xlsx xls xlsm ods txt ms qt unicode ctrl alt shift del"
    " mm cm pt pc dd cc didot cicero pica inch"
    " lrm rlm zwj zwnj zwsp lre rle lro rlo lri rli fsi pdi"
)
PRODUCT = "Union Desk"
# Paper sizes keep the names printed on paper packs (as Vietnamese Word shows them), but only in
# a paper-size name.
PAPER_NAMES = _words(
    "letter legal ledger tabloid executive folio quarto statement note super plus ansi jis prc"
    " us chou kaku monarch dl you"
)


def _english_words() -> set[str]:
    words = set(MORE_ENGLISH)
    for source in ET.parse(CATALOGUE).getroot().iter("source"):
        words |= {
            w.lower() for w in re.findall(r"[A-Za-z]{2,}", (source.text or "").replace("&", ""))
        }
    return words - VIETNAMESE_TOO - ALLOWED


ENGLISH = _english_words()


def english_in(text: str, paper_sizes: set[str]) -> list[str]:
    plain = re.sub(r"&(.)", r"\1", text)
    allowed = ALLOWED | (PAPER_NAMES if plain in paper_sizes else set())
    plain = re.sub(r"\S*[/\\]\S*", "", plain.replace(PRODUCT, ""))  # paths: the clerk's names
    return [w for w in re.findall(r"\w+", plain) if w.lower() in ENGLISH - allowed]


def _paper_size_names() -> set[str]:
    return {
        QPageSize(QPageSize.PageSizeId(i)).name()
        for i in range(QPageSize.PageSizeId.LastPageSize.value + 1)
    }


def _plain(text: str) -> str:
    return QTextDocumentFragment.fromHtml(text).toPlainText() if "<" in text else text


def _view_texts(view: QAbstractItemView) -> list[str]:
    model, root = view.model(), view.rootIndex()
    if model is None:
        return []
    try:
        count = model.columnCount(root)
    except TypeError:  # list models keep columnCount private in the binding: one column
        count = 1
    columns = [
        c for c in range(count) if not (isinstance(view, QTreeView) and view.isColumnHidden(c))
    ]
    texts = [str(model.headerData(c, Qt.Orientation.Horizontal) or "") for c in columns]
    for row in range(min(model.rowCount(root), 40)):
        texts += [str(model.index(row, c, root).data() or "") for c in columns]
    return texts


def visible_texts(root: QWidget) -> list[str]:
    """What the clerk sees in `root` as it is shown now: titles, labels, buttons, lists, tips."""
    texts = [root.windowTitle()]
    for w in [root, *root.findChildren(QWidget)]:
        if w is not root and not w.isVisibleTo(root):
            continue
        texts.append(w.toolTip())
        if isinstance(w, QLabel):
            texts.append(_plain(w.text()))
        elif isinstance(w, QAbstractButton):
            texts.append(w.text())
        elif isinstance(w, QGroupBox):
            texts.append(w.title())
        elif isinstance(w, QTabBar):
            texts += [w.tabText(i) for i in range(w.count())]
        elif isinstance(w, QComboBox):
            texts += [w.itemText(i) for i in range(w.count())] + [w.currentText()]
        elif isinstance(w, (QLineEdit, QTextEdit | QPlainTextEdit)):
            texts.append(w.placeholderText())
        elif isinstance(w, (QAbstractSpinBox, QProgressBar)):
            texts.append(w.text())
        elif isinstance(w, QAbstractItemView):
            texts += _view_texts(w)
    return [t for t in texts if t.strip()]


def every_tab_texts(root: QWidget) -> list[str]:
    """Visible texts with each tab of each tab widget brought to the front in turn."""
    texts = visible_texts(root)
    for tabs in root.findChildren(QTabWidget):
        for i in range(tabs.count()):
            tabs.setCurrentIndex(i)
            texts += visible_texts(root)
    return texts


def english_among(texts: list[str]) -> dict[str, list[str]]:
    paper_sizes = _paper_size_names()  # as Qt names them now, in the language installed
    return {t: found for t in set(texts) if (found := english_in(t, paper_sizes))}


class ModalCatcher:
    """Runs `handler` on the next modal dialog (offscreen a modal dialog would wait forever).

    The handler reads the dialog; the catcher closes it after, and `check()` raises again what
    the handler raised. Handlers registered together take the dialogs in the order they open.
    Set `waiting` False when the test ends.
    """

    def __init__(self) -> None:
        self.errors: list[BaseException] = []
        self.handled = 0
        self.waiting = True

    def next(self, handler: Callable[[QDialog], None]) -> None:
        before = QApplication.activeModalWidget()

        def poll() -> None:
            if not self.waiting:
                return  # the test is over: never touch a later test's dialog
            widget = QApplication.activeModalWidget()
            if widget is None or widget is before or not isinstance(widget, QDialog):
                QTimer.singleShot(5, poll)
                return
            try:
                handler(widget)
            except BaseException as exc:
                self.errors.append(exc)
            finally:
                self.handled += 1
                if widget.isVisible():
                    widget.reject()

        QTimer.singleShot(0, poll)

    def check(self, expected: int) -> None:
        if self.errors:
            raise self.errors[0]
        assert self.handled == expected


class Recorder(QTranslator):
    """Installed after the catalogue, so Qt asks it first: notes each request, answers nothing."""

    def __init__(self, catalogue: QTranslator) -> None:
        super().__init__()
        self.catalogue = catalogue
        self.missing: set[tuple[str, str]] = set()

    def translate(self, context: str, source: str, disambiguation: Any = None, n: int = -1) -> Any:
        # Key names in shortcuts (Ctrl+Z) are printed on the keyboard: they stay as they are.
        if context != "QShortcut" and not self.catalogue.translate(
            context, source, disambiguation, n
        ):
            self.missing.add((context, source))
        return None

    def isEmpty(self) -> bool:
        return False


@contextmanager
def vietnamese_qt(qapp: QApplication) -> Iterator[QApplication]:
    """Qt in Vietnamese; and every text Qt asked for meanwhile must be in the catalogue."""
    from desktop.ui.translations import (
        compiled_catalogue,
        install_translations,
        uninstall_translations,
    )

    assert install_translations(qapp)
    catalogue = QTranslator()
    assert catalogue.load(str(compiled_catalogue()))
    recorder = Recorder(catalogue)
    qapp.installTranslator(recorder)
    yield qapp
    qapp.removeTranslator(recorder)
    uninstall_translations(qapp)
    missing = sorted(recorder.missing)
    assert missing == [], f"add these to qtbase_vi.ts: {missing}"


REAL_EXEC = QMessageBox.exec  # the conftest swaps it per test; the program's own boxes need it
