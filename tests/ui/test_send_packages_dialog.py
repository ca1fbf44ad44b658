"""«Gửi gói cho đơn vị»: quotas typed in the grid or read from the allocation workbook, then the
programme, quotas and receipts packages, which the office takes: its quotas become the values
typed."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtGui import QBrush
from PySide6.QtWidgets import QLineEdit, QTableView

from desktop.services.bundles import process_files
from desktop.store import shared
from desktop.ui.province_packages import SendPackagesDialog
from desktop.ui.quota_grid import PENDING
from desktop.ui.tasks import SynchronousPool, TaskRunner
from tests.unit._sync_fixtures import DISTRICT, Exchange, memory_keyring, no_passphrase, rows_of

__all__ = ["memory_keyring"]
TODAY = date(2024, 7, 5)


def _dialog(qtbot, ex: Exchange, unit: str | None) -> SendPackagesDialog:  # type: ignore[no-untyped-def]
    dialog = SendPackagesDialog(
        ex.province, unit, runner=TaskRunner(pool=SynchronousPool()), today=TODAY
    )
    qtbot.addWidget(dialog)
    dialog.folder.setText(str(ex.folder))
    dialog.show()
    qtbot.waitExposed(dialog)
    return dialog


def _type(qtbot, dialog: SendPackagesDialog, office: str, target: str, text: str) -> None:  # type: ignore[no-untyped-def]
    """Select the cell and type into it as a person does, Enter to finish."""
    index = dialog.model.index_of(office, target)
    assert index.isValid()
    dialog.table.setFocus()
    dialog.table.setCurrentIndex(index)
    qtbot.keyClick(dialog.table, text[0])  # any key opens the cell's editor with it
    (editor,) = [e for e in dialog.table.viewport().findChildren(QLineEdit) if e.isVisible()]
    qtbot.keyClicks(editor, text[1:])
    qtbot.keyClick(editor, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: dialog.table.state() != QTableView.State.EditingState)


def _office_quotas(path: Path) -> dict[str, float]:
    return dict(
        rows_of(
            path,
            "SELECT t.code, q.value FROM quota q JOIN target t ON t.id = q.target_id "
            "WHERE q.deleted_at IS NULL ORDER BY t.code",
        )
    )


def test_quotas_typed_in_the_grid_reach_the_office(
    qtbot, qtmodeltester, tmp_path: Path, memory_keyring
) -> None:  # type: ignore[no-untyped-def]
    ex = Exchange(tmp_path)
    dialog = _dialog(qtbot, ex, DISTRICT[0])
    qtmodeltester.check(dialog.model)
    assert dialog.office.currentText() == f"{DISTRICT[0]} – {DISTRICT[1]}"
    assert dialog.year.currentText() == "Năm 2024"
    assert dialog.quotas_box.title() == "Chỉ tiêu giao năm 2024"
    assert dialog.model.headerData(1, Qt.Orientation.Horizontal) == DISTRICT[0]
    assert dialog.model.index(2, 0).data() == "2a. Phát triển mới đoàn viên (số lượng)"
    assert [box.text() for box in dialog.kinds.values()] == [
        "Chương trình công tác năm 2024",
        "Chỉ tiêu giao năm 2024",
        "Biên nhận các gói đã gộp và quyết định duyệt/trả lại",
    ]

    _type(qtbot, dialog, DISTRICT[0], "2a", "1.250")
    _type(qtbot, dialog, DISTRICT[0], "1a", "92,5")
    cell = dialog.model.index_of(DISTRICT[0], "2a")
    assert cell.data() == "1.250"
    assert cell.data(Qt.ItemDataRole.BackgroundRole) == QBrush(PENDING)
    dialog.save_button.click()
    assert "Đã lưu 2 ô chỉ tiêu giao." in dialog.message.text()
    assert cell.data() == "1.250" and cell.data(Qt.ItemDataRole.BackgroundRole) is None
    assert dialog.model.index_of(DISTRICT[0], "1a").data() == "92,5"

    _type(qtbot, dialog, DISTRICT[0], "3a", "hai")  # refused on sending: nothing is written
    dialog.send_button.click()
    assert "Ô đơn vị LDLD-BATRI, chỉ tiêu 3a: Chỉ tiêu 3a: «hai» không phải là số" in (
        dialog.message.text()
    )
    assert not list(ex.folder.glob("*.udp"))
    _type(qtbot, dialog, DISTRICT[0], "3a", "3")
    dialog.kinds["programme"].setChecked(False)
    dialog.send_button.click()  # saves the typed 3 first
    assert [(o.kind, o.sequence) for o in dialog.outcomes] == [("quotas", 1), ("receipts", 1)]
    text = dialog.message.text()
    assert "LDLD-BATRI: Đã lập gói chỉ tiêu giao số 1: goi-chi-tieu-2024-ldld-batri.udp" in text
    assert "2/2 gói đã lập trong thư mục" in text
    files = sorted(ex.folder.glob("*.udp"))
    assert [f.name for f in files] == [
        "goi-bien-nhan-ldld-batri-05-07-2024.udp",
        "goi-chi-tieu-2024-ldld-batri.udp",
    ]
    taken = process_files(shared(ex.district), files, write=True, passphrase=no_passphrase)
    assert [t.verdict for t in taken] == ["accepted", "accepted"], [t.message for t in taken]
    assert _office_quotas(ex.district) == {"1a": 92.5, "2a": 1250.0, "3a": 3.0}


def test_the_allocation_workbook_fills_the_grid(qtbot, tmp_path: Path, memory_keyring) -> None:  # type: ignore[no-untyped-def]
    from openpyxl import load_workbook

    ex = Exchange(tmp_path)
    dialog = _dialog(qtbot, ex, None)
    assert dialog.office.currentText() == "Mọi đơn vị (1)"
    template = tmp_path / "bang-phan-bo-chi-tieu-2024.xlsx"
    dialog.save_template(template)
    assert "Đã lưu mẫu bang-phan-bo-chi-tieu-2024.xlsx" in dialog.message.text()
    book = load_workbook(template)
    sheet = book.active
    assert sheet is not None
    assert (sheet["A4"].value, sheet["E4"].value) == (DISTRICT[0], None)
    sheet["E4"] = 450  # 2a
    sheet["F4"] = "nhiều"  # 2b: refused, and nothing else taken
    book.save(template)
    dialog.import_workbook(template)
    assert (
        "Tệp bang-phan-bo-chi-tieu-2024.xlsx, trang Phân bổ 2024, dòng 4, cột F: Chỉ tiêu 2b: "
        "«nhiều» không phải là số" in dialog.message.text()
    )
    assert dialog.model.index_of(DISTRICT[0], "2a").data() == ""
    sheet["F4"] = 200
    book.save(template)
    dialog.import_workbook(template)
    assert "Đã nhập 2 chỉ tiêu giao của 1 đơn vị từ bang-phan-bo-chi-tieu-2024.xlsx." in (
        dialog.message.text()
    )
    assert dialog.model.index_of(DISTRICT[0], "2a").data() == "450"
    assert dialog.model.index_of(DISTRICT[0], "2b").data() == "200"
    dialog.grab().save(str(tmp_path / "packages.png"))


def test_on_the_demo_province_one_office_gets_its_new_quota(qtbot, demo_province: Path) -> None:  # type: ignore[no-untyped-def]
    office = demo_province.parent / "offices" / "CDKCN-BENTRE.sqlite"
    before = _office_quotas(office)
    assert before["2a"] == 4.0
    dialog = SendPackagesDialog(
        demo_province, None, runner=TaskRunner(pool=SynchronousPool()), today=date(2025, 1, 5)
    )
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    assert [dialog.model.headerData(c, Qt.Orientation.Horizontal) for c in (1, 2, 3)] == [
        "CDGD-BENTRE",
        "CDKCN-BENTRE",
        "LDLD-BATRI",
    ]
    _type(qtbot, dialog, "CDKCN-BENTRE", "2a", "12")
    # Choosing the office keeps what was typed (saved first) and shows its column alone.
    dialog.office.setCurrentIndex(dialog.office.findData("CDKCN-BENTRE"))
    assert dialog.model.columnCount() == 2
    assert dialog.model.index_of("CDKCN-BENTRE", "2a").data() == "12"
    folder = demo_province.parent / "goi"
    folder.mkdir()
    dialog.folder.setText(str(folder))
    dialog.kinds["programme"].setChecked(False)
    dialog.kinds["receipts"].setChecked(False)
    dialog.send_button.click()
    assert [(o.unit_code, o.kind, o.written) for o in dialog.outcomes] == [
        ("CDKCN-BENTRE", "quotas", True)
    ]
    (package,) = folder.iterdir()
    taken = process_files(shared(office), [package], write=True)
    assert [t.verdict for t in taken] == ["accepted"], [t.message for t in taken]
    assert _office_quotas(office) == {**before, "2a": 12.0}


def test_a_viewer_reads_the_quotas_and_can_neither_type_nor_send(
    qtbot, tmp_path: Path, memory_keyring
) -> None:  # type: ignore[no-untyped-def]
    from desktop.services.accounts import SignedIn, sign_in_as

    ex = Exchange(tmp_path)
    sign_in_as(SignedIn("xem", "Trần Văn Xem", "viewer"))
    try:
        dialog = _dialog(qtbot, ex, None)
        for button in (dialog.save_button, dialog.import_button, dialog.send_button):
            assert not button.isEnabled()
        assert dialog.send_button.toolTip() == "Tài khoản xem (Chỉ xem) không được xuất dữ liệu."
        assert dialog.table.editTriggers() == QTableView.EditTrigger.NoEditTriggers
    finally:
        sign_in_as(None)
