"""Every text a clerk can see is Vietnamese: Qt's own texts (message boxes, file, print and preview
dialogs, wizard buttons, context menus) and every dialog of the program (tests/ui/_visible_texts.py
says what counts as English).
"""

from __future__ import annotations

import re
import shutil
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import QCoreApplication, QLocale, Qt, QTranslator
from PySide6.QtPrintSupport import QPrintDialog, QPrinter, QPrintPreviewDialog
from PySide6.QtWidgets import (
    QApplication,
    QDialog,
    QFileDialog,
    QInputDialog,
    QLineEdit,
    QMessageBox,
    QPlainTextEdit,
    QProgressDialog,
    QPushButton,
    QSpinBox,
    QTextEdit,
    QToolButton,
    QTreeView,
    QWidget,
)

from desktop.ui.translations import compiled_catalogue
from tests.ui._visible_texts import (
    CATALOGUE,
    REAL_EXEC,
    ROOT,
    ModalCatcher,
    english_among,
    every_tab_texts,
    visible_texts,
)

# Qt in Vietnamese for every test here, and the catalogue checked (tests/ui/conftest.py).
pytestmark = pytest.mark.usefixtures("vietnamese")


def _buttons(box: QWidget) -> list[str]:
    return sorted(
        b.text().replace("&", "") for b in box.findChildren(QPushButton) if b.isVisibleTo(box)
    )


Std = QMessageBox.StandardButton


@pytest.mark.parametrize(
    ("buttons", "texts"),
    [
        (Std.Yes | Std.No, ["Có", "Không"]),
        (Std.Yes | Std.No | Std.Cancel, ["Có", "Hủy", "Không"]),
        (Std.Ok, ["Đồng ý"]),
        (Std.Ok | Std.Cancel, ["Hủy", "Đồng ý"]),
        (Std.Save | Std.Discard | Std.Cancel, ["Hủy", "Không lưu", "Lưu"]),
        (Std.Close | Std.Retry | Std.Ignore, ["Bỏ qua", "Thử lại", "Đóng"]),
    ],
)
def test_message_boxes_answer_in_vietnamese(
    qtbot: Any, catcher: ModalCatcher, buttons: QMessageBox.StandardButton, texts: list[str]
) -> None:
    seen: list[str] = []

    def read(box: QDialog) -> None:
        seen.extend(_buttons(box))
        assert english_among(visible_texts(box)) == {}

    catcher.next(read)
    QMessageBox.question(None, "Xác nhận", "Xóa hoạt động đã chọn?", buttons)
    catcher.check(1)
    assert seen == texts


def test_details_and_the_programs_own_boxes(
    qtbot: Any, monkeypatch: pytest.MonkeyPatch, catcher: ModalCatcher, tmp_path: Path
) -> None:
    from desktop.errors import UserError
    from desktop.ui.about import show_about
    from desktop.ui.errors import present_error
    from desktop.ui.unsaved import ask_unsaved

    monkeypatch.setattr(QMessageBox, "exec", REAL_EXEC)
    box = QMessageBox(QMessageBox.Icon.Warning, "Kiểm tra dữ liệu", "Có 2 lỗi.", Std.Close)
    box.setDetailedText("Dòng 4: thiếu họ tên.")
    qtbot.addWidget(box)
    box.show()
    assert "Hiện chi tiết…" in _buttons(box)
    assert english_among(visible_texts(box)) == {}

    found: list[list[str]] = []
    for _ in range(3):
        catcher.next(lambda b: found.append(visible_texts(b)))
    show_about(box, tmp_path / "demo.sqlite")
    present_error(box, UserError("Không đọc được tệp."))
    ask_unsaved(box, "Tình hình nhiệm vụ 3")
    catcher.check(3)
    assert [english_among(texts) for texts in found] == [{}, {}, {}]
    assert "Đồng ý" in found[0] and "Đồng ý" in found[1]


def test_input_and_progress_boxes(qtbot: Any, catcher: ModalCatcher) -> None:
    seen: list[str] = []

    def read(dialog: QDialog) -> None:
        seen.extend(_buttons(dialog))
        assert english_among(visible_texts(dialog)) == {}

    catcher.next(read)
    QInputDialog.getText(None, "Mở khóa", "Mật khẩu khóa riêng:", QLineEdit.EchoMode.Password)
    catcher.check(1)
    assert seen == ["Hủy", "Đồng ý"]
    progress = QProgressDialog()  # with Qt's own Cancel button
    progress.setLabelText("Đang in…")
    qtbot.addWidget(progress)
    progress.setValue(3)
    progress.show()
    assert _buttons(progress) == ["Hủy"]
    assert english_among(visible_texts(progress)) == {}


def _folder(tmp_path: Path) -> Path:
    folder = tmp_path / "Báo cáo"
    (folder / "Lưu trữ").mkdir(parents=True)
    (folder / "bao-cao-thang-06-2024.pdf").write_bytes(b"%" * 5000)
    (folder / "danh-sach-doan-vien.xlsx").write_bytes(b"x" * 1_500_000)
    return folder


def _detail_view(qtbot: Any, dialog: QDialog, rows: int) -> QTreeView:
    dialog.findChild(QToolButton, "detailModeButton").click()
    tree = dialog.findChild(QTreeView, "treeView")
    qtbot.waitUntil(lambda: tree.model().rowCount(tree.rootIndex()) == rows)
    return tree


def _rows(tree: QTreeView) -> dict[str, list[str]]:
    model, root = tree.model(), tree.rootIndex()
    rows = [[model.index(r, c, root).data() for c in range(4)] for r in range(model.rowCount(root))]
    return {row[0]: row[1:] for row in rows}


def test_qt_file_dialogs_open_and_save_in_vietnamese(
    qtbot: Any, catcher: ModalCatcher, tmp_path: Path
) -> None:
    folder = _folder(tmp_path)
    seen: dict[str, list[str]] = {}

    def read_open(dialog: QDialog) -> None:
        tree = _detail_view(qtbot, dialog, 3)
        seen["open"] = visible_texts(dialog)
        header = [tree.model().headerData(c, Qt.Orientation.Horizontal) for c in range(4)]
        assert header == ["Tên", "Kích thước", "Loại", "Ngày sửa"]
        pdf, xlsx = (
            _rows(tree)["bao-cao-thang-06-2024.pdf"],
            _rows(tree)["danh-sach-doan-vien.xlsx"],
        )
        assert (pdf[0], xlsx[0]) == ("4,9 KB", "1,4 MB")
        assert re.fullmatch(r"\d\d/\d\d/\d{4} \d\d:\d\d", pdf[2])

    catcher.next(read_open)
    QFileDialog.getOpenFileName(None, "Chọn tệp", str(folder), "Bảng tính, PDF (*.xlsx *.pdf)")
    catcher.check(1)
    assert {"Tìm trong:", "Tên tệp:", "Loại tệp:", "Mở", "Hủy", "Máy tính"} <= {
        t.replace("&", "") for t in seen["open"]
    }

    def read_save(dialog: QDialog) -> None:
        _detail_view(qtbot, dialog, 2)
        seen["save"] = visible_texts(dialog)
        assert dialog.findChild(QLineEdit, "fileNameEdit").text() == "bao-cao-thang-06-2024.pdf"
        catcher.next(lambda box: seen.__setitem__("replace", visible_texts(box)))
        dialog.accept()  # the file is there: Qt asks before writing over it

    catcher.next(read_save)
    suggested = folder / "bao-cao-thang-06-2024.pdf"
    QFileDialog.getSaveFileName(None, "Lưu báo cáo", str(suggested), "Tệp PDF (*.pdf)")
    catcher.check(3)
    assert {"Lưu", "Hủy"} <= {t.replace("&", "") for t in seen["save"]}
    assert (
        "Tệp bao-cao-thang-06-2024.pdf đã có.\nBạn có muốn ghi đè lên tệp đó không?"
        in seen["replace"]
    )
    assert english_among(seen["open"] + seen["save"] + seen["replace"]) == {}


def test_qt_print_dialog_with_its_options_and_properties(qtbot: Any, catcher: ModalCatcher) -> None:
    printer = QPrinter(QPrinter.PrinterMode.HighResolution)  # kept alive for the dialog
    seen: list[str] = []

    def read_properties(dialog: QDialog) -> None:
        seen.extend(every_tab_texts(dialog))

    def read(dialog: QDialog) -> None:
        more = next(b for b in dialog.findChildren(QPushButton) if b.text().endswith(">>"))
        more.click()
        seen.extend(every_tab_texts(dialog))
        properties = dialog.findChild(QPushButton, "properties")
        assert properties.isEnabled()
        catcher.next(read_properties)
        properties.click()

    catcher.next(read)
    QPrintDialog(printer).exec()
    catcher.check(2)
    plain = {t.replace("&", "") for t in seen}
    assert {"Máy in", "Tên:", "Tùy chọn <<", "In", "Hủy", "Số bản:", "Khổ giấy:"} <= plain
    assert {"Dọc", "Ngang", "Lề", "Thuộc tính máy in"} <= plain
    assert english_among(seen) == {}


def test_qt_print_preview(qtbot: Any) -> None:
    printer = QPrinter(QPrinter.PrinterMode.HighResolution)
    preview = QPrintPreviewDialog(printer)
    qtbot.addWidget(preview)
    preview.resize(1000, 700)  # the whole tool bar in view
    preview.show()
    texts = visible_texts(preview)
    assert {"Xem trước khi in", "Phóng to", "Thu nhỏ", "Trang sau", "Khổ ngang", "In"} <= set(texts)
    assert english_among(texts) == {}


def test_context_menus_of_text_fields(qtbot: Any) -> None:
    fields = [QLineEdit("Hòa"), QPlainTextEdit("Tình hình"), QTextEdit("Tình hình")]
    menus = [field.createStandardContextMenu() for field in fields]
    spin = QSpinBox()
    qtbot.addWidget(spin)
    menus.append(spin.lineEdit().createStandardContextMenu())
    texts = [a.text().split("\t")[0] for menu in menus for a in menu.actions() if a.text()]
    assert {"&Hoàn tác", "&Làm lại", "&Cắt", "&Sao chép", "&Dán", "Xóa", "Chọn tất cả"} <= set(
        texts
    )
    assert english_among(texts) == {}


def test_the_import_wizard_page_by_page(qtbot: Any, tmp_path: Path) -> None:
    from desktop.ui.import_wizard import ImportWizard
    from desktop.ui.tasks import SynchronousPool
    from tests.unit._import_fixtures import fixture_copy, office_with_unions

    wizard = ImportWizard(office_with_unions(tmp_path), "members", SynchronousPool())
    qtbot.addWidget(wizard)
    wizard.show()
    pages: list[list[str]] = [visible_texts(wizard)]
    wizard.file_page.path.setText(str(fixture_copy(tmp_path, "members.xlsx")))
    buttons: set[str] = set()
    for _step in range(4):  # file → sheet → columns → check → done (the import runs)
        buttons |= {
            b.text().replace("&", "") for b in wizard.findChildren(QPushButton) if b.isVisible()
        }
        before = wizard.currentPage()
        wizard.next()
        assert wizard.currentPage() is not before
        pages.append(visible_texts(wizard))
    buttons |= {
        b.text().replace("&", "") for b in wizard.findChildren(QPushButton) if b.isVisible()
    }
    assert {"Tiếp >", "< Quay lại"} <= buttons, buttons
    assert [english_among(texts) for texts in pages] == [{}] * 5


@pytest.fixture
def demo(demo_district: Path) -> Path:
    return demo_district


def _shown(qtbot: Any, widget: QWidget) -> list[str]:
    qtbot.addWidget(widget)
    widget.show()
    texts = every_tab_texts(widget)
    widget.hide()
    return texts


def test_every_dialog_of_the_program_on_the_demo_district(qtbot: Any, demo: Path) -> None:
    from desktop.ui.activities_screen import ActivitiesScreen
    from desktop.ui.members_screen import MembersScreen
    from desktop.ui.office_dialog import OfficeDialog
    from desktop.ui.tasks import SynchronousPool, TaskRunner
    from desktop.ui.unions_screen import UnionsScreen

    runner = TaskRunner(pool=SynchronousPool())
    found: dict[str, list[str]] = {}
    members = MembersScreen(demo, runner=runner)
    found["Đoàn viên"] = _shown(qtbot, members)
    members.table.selectRow(0)
    found["Thêm đoàn viên"] = _shown(qtbot, members.member_dialog())
    found["Sửa đoàn viên"] = _shown(qtbot, members.member_dialog(members.selected()))
    for kind in ("transferred", "transferred_out", "left"):
        found[f"Biến động {kind}"] = _shown(qtbot, members.move_dialog(kind))

    screen = UnionsScreen(demo, runner=runner)
    found["Công đoàn cơ sở"] = _shown(qtbot, screen)
    assert screen.unions.select_id(screen.unions.all_rows[0].id)
    found["Thêm CĐCS"] = _shown(qtbot, screen.unions.union_dialog())
    found["Sửa CĐCS"] = _shown(qtbot, screen.unions.union_dialog(screen.unions.selected()))
    found["Xếp loại"] = _shown(qtbot, screen.unions.rating_dialog(2024))
    found["Giải thể"] = _shown(qtbot, screen.unions.dissolve_dialog())
    prospects = screen.prospects
    prospects.table.setCurrentIndex(prospects.proxy.index(0, 0))
    found["Doanh nghiệp"] = _shown(qtbot, prospects.prospect_dialog())
    found["Tình trạng"] = _shown(qtbot, prospects.status_dialog())

    activities = ActivitiesScreen(demo, runner=runner)
    found["Hoạt động"] = _shown(qtbot, activities)
    found["Thêm hoạt động"] = _shown(qtbot, activities.form())
    for panel in activities.oversight:
        found[panel.accessibleName()] = _shown(qtbot, panel.form())
    found["Thông tin đơn vị"] = _shown(qtbot, OfficeDialog(demo))

    assert len(found) == 18
    english = {name: words for name, texts in found.items() if (words := english_among(texts))}
    assert english == {}


def test_an_install_without_the_compiled_catalogue_compiles_it_once(
    qapp: QApplication, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A wheel built from a bare checkout carries only the .ts: it is compiled into the cache."""
    import desktop.ui.translations as translations

    resources = tmp_path / "resources"
    (resources / "translations").mkdir(parents=True)
    shutil.copy(CATALOGUE, resources / "translations" / CATALOGUE.name)
    monkeypatch.setattr(translations, "resources_dir", lambda: resources)
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    monkeypatch.setenv("LOCALAPPDATA", str(tmp_path / "cache"))
    first = compiled_catalogue()
    assert first is not None and first.is_relative_to(tmp_path / "cache")
    assert compiled_catalogue() == first  # compiled once, then found
    translator = QTranslator()
    assert translator.load(str(first))
    assert translator.translate("QPlatformTheme", "&Yes") == "&Có"


def test_native_dialogs_are_never_turned_off(qapp: QApplication) -> None:
    """On Windows the file and print dialogs are the system's own, in the system's language."""
    sources = [p for p in (ROOT / "desktop").rglob("*.py")]
    turned_off = [p.name for p in sources if "DontUseNative" in p.read_text(encoding="utf-8")]
    assert turned_off == []
    assert not qapp.testAttribute(Qt.ApplicationAttribute.AA_DontUseNativeDialogs)


def test_numbers_and_dates_in_qt_widgets_are_vietnamese(qtbot: Any) -> None:
    assert QLocale().toString(1234567.5, "f", 1) == "1.234.567,5"
    assert QLocale().monthName(6) == "tháng 6"
    assert QCoreApplication.translate("QPlatformTheme", "Cancel") == "Hủy"
