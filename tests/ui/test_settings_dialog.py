"""Tệp → Cài đặt…: a value changed on every tab is there when the dialog opens again; problems
beside their fields; a viewer only looks; typed work is never lost unasked."""

from __future__ import annotations

import re
from datetime import date
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QApplication,
    QLineEdit,
    QMessageBox,
    QPlainTextEdit,
    QPushButton,
    QScrollArea,
)
from pytestqt.qtbot import QtBot

from desktop.services.accounts import sign_in_as
from desktop.services.office_settings import read_settings
from desktop.services.preferences import read_preferences
from desktop.store import shared
from desktop.ui.settings_dialog import (
    TAB_BACKUP,
    TAB_DUE,
    TAB_NUMBERS,
    TAB_TITLES,
    SettingsDialog,
)
from desktop.ui.tasks import SynchronousPool
from tests.ui._accounts import ADMIN, STAFF, VIEWER, with_accounts
from tests.ui._dialogs import REAL_EXEC, answer
from tests.ui.test_sync_keys import plain
from tests.unit._sync_fixtures import DISTRICT, PROVINCE, make_office, memory_keyring

__all__ = ["memory_keyring"]
TODAY = date(2026, 12, 3)
FINGERPRINT = re.compile(r"\d{4}(?: \d{4}){5}")


def _open(qtbot: QtBot, db: Path, user=None) -> SettingsDialog:  # type: ignore[no-untyped-def]
    dialog = SettingsDialog(db, user, pool=SynchronousPool(), today=TODAY)
    qtbot.addWidget(dialog)
    dialog.show()
    return dialog


def _field(dialog: SettingsDialog, name: str) -> QLineEdit:
    found = dialog.findChild(QLineEdit, name)
    assert found is not None, name
    return found


def test_the_tabs_are_the_subjects_of_the_settings(qtbot: QtBot, small_district: Path) -> None:
    dialog = _open(qtbot, small_district)
    assert (
        [dialog.tabs.tabText(i) for i in range(dialog.tabs.count())]
        == list(TAB_TITLES)
        == [
            "Đơn vị và tiêu đề văn bản",
            "Người ký và nơi nhận",
            "Số văn bản",
            "Sao lưu",
            "Khóa và thẻ khóa",
            "Hạn gửi gói",
        ]
    )
    assert (
        _field(dialog, "office_unit_name").text() == read_settings(shared(small_district)).unit_name
    )
    assert _field(dialog, "office_signer_name").text() == "Nguyễn Văn Hùng"
    assert _field(dialog, "settings_next_BC").text() == "1"
    assert dialog.numbers.example.text() == "Số: 01/BC-LĐLĐ"
    assert _field(dialog, "settings_due_day").text() == "28"
    assert dialog.due.example.text() == "gói tháng 11/2026 hạn gửi 28/12/2026"
    assert _field(dialog, "settings_idle_lock_minutes").text() == "10"
    # Every tab at its size on a 1024 × 700 screen: nothing runs off sideways.
    dialog.resize(900, 620)
    for index in range(dialog.tabs.count()):
        dialog.tabs.setCurrentIndex(index)
        QApplication.processEvents()
        area = dialog.tabs.currentWidget()
        assert isinstance(area, QScrollArea)
        assert not area.horizontalScrollBar().isVisible(), TAB_TITLES[index]
    assert dialog.minimumSizeHint().width() <= 1024 and dialog.minimumSizeHint().height() <= 700


def test_a_value_changed_on_each_tab_is_there_when_it_opens_again(
    qtbot: QtBot, small_district: Path, tmp_path: Path
) -> None:
    dialog = _open(qtbot, small_district)
    _field(dialog, "office_place_name").setText("Thạnh Phú mới")
    _field(dialog, "office_signer_title").setText("PHÓ CHỦ TỊCH")
    recipients = dialog.findChild(QPlainTextEdit, "office_recipients")
    recipients.setPlainText("LĐLĐ tỉnh Bến Tre")
    _field(dialog, "office_doc_prefix").setText("CĐ")
    _field(dialog, "settings_next_BC").setText("12")
    _field(dialog, "settings_next_DS").setText("3")
    assert dialog.numbers.example.text() == "Số: 12/BC-CĐ"
    _field(dialog, "settings_backup_folder").setText(str(tmp_path))
    _field(dialog, "settings_idle_lock_minutes").setText("5")
    _field(dialog, "settings_due_day").setText("5")
    assert dialog.due.example.text() == "gói tháng 11/2026 hạn gửi 05/12/2026"
    assert dialog.try_save() and dialog.result() == 1

    settings = read_settings(shared(small_district))
    assert (settings.place_name, settings.signer_title, settings.doc_prefix) == (
        "Thạnh Phú mới",
        "PHÓ CHỦ TỊCH",
        "CĐ",
    )
    assert settings.recipients == ("- LĐLĐ tỉnh Bến Tre;", "- Lưu: VT.")
    again = _open(qtbot, small_district)
    assert _field(again, "office_place_name").text() == "Thạnh Phú mới"
    assert _field(again, "office_signer_title").text() == "PHÓ CHỦ TỊCH"
    assert _field(again, "office_doc_prefix").text() == "CĐ"
    assert [_field(again, f"settings_next_{s}").text() for s in ("BC", "DS")] == ["12", "3"]
    assert _field(again, "settings_backup_folder").text() == str(tmp_path)
    assert _field(again, "settings_idle_lock_minutes").text() == "5"
    assert _field(again, "settings_due_day").text() == "5"
    assert read_preferences(shared(small_district), 2026).next_numbers == (("BC", 12), ("DS", 3))


def test_the_keys_tab_sends_this_offices_card_and_takes_the_provinces(
    qtbot: QtBot, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, memory_keyring
) -> None:  # type: ignore[no-untyped-def]
    from desktop.sync.keys import export_card
    from tests.unit._sync_fixtures import no_passphrase

    district = make_office(tmp_path / "district.sqlite", "district", DISTRICT)
    province = make_office(tmp_path / "province.sqlite", "province", PROVINCE)
    dialog = _open(qtbot, district)
    keys = dialog.keys.panel
    assert not keys.missing_box.isHidden()  # what to ask the province for
    own = FINGERPRINT.findall(plain(keys.own_key.text()))
    assert len(own) == 1
    card = tmp_path / "the-khoa.json"
    keys.export_card_to(card)
    said = plain(dialog.keys.outcome.text())
    assert card.exists() and f"Dấu vân tay để đọc qua điện thoại:\n{own[0]}\n" in said

    province_card = export_card(shared(province), tmp_path / "tinh.json", passphrase=no_passphrase)
    keys.trust(tmp_path / "tinh.json", province_card.fingerprint)
    assert plain(dialog.keys.outcome.text()).startswith(f"Đã tin khóa của {PROVINCE[0]}")
    again = _open(qtbot, district)
    shown = plain(again.keys.panel.province_key.text())
    assert shown == f"Khóa LĐLĐ tỉnh đã tin: {PROVINCE[0]} – {province_card.fingerprint}"
    assert again.keys.panel.missing_box.isHidden()


def test_each_problem_is_shown_beside_its_field_and_nothing_is_saved(
    qtbot: QtBot, small_district: Path, tmp_path: Path
) -> None:
    dialog = _open(qtbot, small_district)
    _field(dialog, "office_signer_name").setText("Trần Thị Lan")
    _field(dialog, "settings_next_BC").setText("0")
    _field(dialog, "settings_due_day").setText("31")
    _field(dialog, "settings_backup_folder").setText(str(tmp_path / "USB"))
    assert not dialog.try_save()
    assert dialog.tabs.currentIndex() == TAB_NUMBERS  # the first tab with a problem
    assert dialog.numbers.rows.errors["next_BC"].text() == (
        "Số tiếp theo của báo cáo (BC): phải là số nguyên từ 1 đến 9999; đã ghi «0»."
    )
    assert dialog.numbers.rows.errors["next_DS"].isHidden()
    assert (
        dialog.due.rows.errors["due_day"]
        .text()
        .startswith("Hạn gửi gói dữ liệu tháng: phải là một ngày trong tháng")
    )
    assert dialog.backup.rows.errors["backup_folder"].text() == (
        f"Thư mục sao lưu thứ hai: không tìm thấy thư mục «{tmp_path / 'USB'}» trên máy này."
    )
    assert read_settings(shared(small_district)).signer_name == "Nguyễn Văn Hùng"
    assert read_preferences(shared(small_district), 2026).due_day == 28
    _field(dialog, "settings_next_BC").setText("4")
    _field(dialog, "settings_due_day").setText("15")
    _field(dialog, "settings_backup_folder").clear()
    _field(dialog, "office_place_name").clear()
    assert not dialog.try_save()
    assert dialog.tabs.currentIndex() == 0
    assert dialog.office.errors["place_name"].text() == "Địa danh: không được để trống."
    assert dialog.numbers.rows.errors["next_BC"].isHidden()
    _field(dialog, "office_place_name").setText("Thạnh Phú")
    assert dialog.try_save()
    assert read_settings(shared(small_district)).signer_name == "Trần Thị Lan"
    assert read_preferences(shared(small_district), 2026).due_day == 15


def test_a_viewer_sees_every_tab_read_only(qtbot: QtBot, small_district: Path) -> None:
    with_accounts(small_district)
    sign_in_as(VIEWER)
    dialog = _open(qtbot, small_district, VIEWER)
    assert dialog.read_only
    for name in (
        "office_unit_name",
        "office_signer_name",
        "office_doc_prefix",
        "settings_next_BC",
        "settings_backup_folder",
        "settings_idle_lock_minutes",
        "settings_due_day",
    ):
        assert _field(dialog, name).isReadOnly(), name
    save = dialog.findChild(QPushButton, "saveButton")
    assert not save.isEnabled()
    assert save.toolTip() == "Tài khoản xem (Chỉ xem) không được sửa dữ liệu."
    assert dialog.findChild(QPushButton, "cancelButton").text() == "Đóng"
    for button in (
        dialog.keys.panel.export_card_button,
        dialog.keys.panel.trust_button,
        dialog.backup.choose,
    ):
        assert not button.isEnabled()


def test_the_idle_lock_is_for_an_administrator(qtbot: QtBot, small_district: Path) -> None:
    with_accounts(small_district)
    sign_in_as(STAFF)
    dialog = _open(qtbot, small_district, STAFF)
    minutes = _field(dialog, "settings_idle_lock_minutes")
    assert minutes.isReadOnly() and not dialog.read_only
    assert dialog.backup.idle_note.text() == (
        "Chỉ quản trị viên đổi được: Tài khoản canbo (Cán bộ) không được quản lý tài khoản."
    )
    _field(dialog, "settings_due_day").setText("7")
    assert dialog.try_save()
    assert read_preferences(shared(small_district), 2026).due_day == 7
    sign_in_as(ADMIN)
    admin = _open(qtbot, small_district, ADMIN)
    assert not _field(admin, "settings_idle_lock_minutes").isReadOnly()
    assert admin.backup.idle_note.text().startswith("0: không bao giờ khóa.")


def test_closing_with_changes_asks_first(
    qtbot: QtBot, small_district: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(QMessageBox, "exec", REAL_EXEC)  # the real question, answered below
    seen: list[str] = []
    dialog = _open(qtbot, small_district)
    dialog.tabs.setCurrentIndex(TAB_DUE)
    _field(dialog, "settings_due_day").setText("9")
    answer("unsavedCancel", seen)
    qtbot.keyClick(dialog, Qt.Key.Key_Escape)
    assert seen == ["Cài đặt có thay đổi chưa lưu. Lưu lại trước khi rời đi?"]
    assert dialog.isVisible() and _field(dialog, "settings_due_day").text() == "9"
    answer("unsavedDiscard", seen)
    dialog.close()
    assert len(seen) == 2 and not dialog.isVisible()
    assert read_preferences(shared(small_district), 2026).due_day == 28

    again = _open(qtbot, small_district)
    again.tabs.setCurrentIndex(TAB_BACKUP)
    _field(again, "settings_idle_lock_minutes").setText("20")
    answer("unsavedSave", seen)
    qtbot.keyClick(again, Qt.Key.Key_Escape)
    assert len(seen) == 3 and not again.isVisible()
    assert read_preferences(shared(small_district), 2026).idle_lock_minutes == 20

    untouched = _open(qtbot, small_district)
    qtbot.keyClick(untouched, Qt.Key.Key_Escape)  # nothing typed: closes without a question
    assert len(seen) == 3 and not untouched.isVisible()


def test_every_text_on_every_tab_is_vietnamese(qtbot: QtBot, small_demo: Path, vietnamese) -> None:  # type: ignore[no-untyped-def]
    from tests.ui._visible_texts import english_among, every_tab_texts

    dialog = _open(qtbot, small_demo)
    texts = every_tab_texts(dialog)
    assert "Hạn gửi gói dữ liệu tháng (ngày trong tháng)" in texts
    assert english_among(texts) == {}


def test_a_folder_chosen_in_the_automatic_backups_dialog_is_shown_and_not_unsaved(
    qtbot: QtBot, small_district: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from desktop.services.auto_backup import choose_folder
    from desktop.ui.file_actions import AutoBackupDialog

    def chosen_there(shown: AutoBackupDialog) -> int:
        choose_folder(small_district, tmp_path)  # what its «Chọn thư mục thứ hai…» stores
        return 0

    monkeypatch.setattr(AutoBackupDialog, "exec", chosen_there)
    dialog = _open(qtbot, small_district)
    assert dialog.backup.copies.text() == "Các bản sao lưu, sao lưu ngay…"
    dialog.backup.copies.click()
    assert _field(dialog, "settings_backup_folder").text() == str(tmp_path)
    assert not dialog.dirty()
    _field(dialog, "settings_due_day").setText("6")
    assert dialog.dirty()
    _field(dialog, "settings_due_day").setText("28")  # as stored: closes without a question
    assert not dialog.dirty()


def test_an_office_set_up_with_its_district_saves_a_change(qtbot: QtBot, small_demo: Path) -> None:
    # The demo district keeps its district (836) and that district's province (83), which the
    # 2025 list alone would refuse: only the fields changed are checked.
    assert (
        read_settings(shared(small_demo)).district_code,
        read_settings(shared(small_demo)).province_code,
    ) == (
        "836",
        "83",
    )
    dialog = _open(qtbot, small_demo)
    _field(dialog, "office_signer_name").setText("Lê Văn Tám")
    assert dialog.try_save()
    assert read_settings(shared(small_demo)).signer_name == "Lê Văn Tám"
    assert read_settings(shared(small_demo)).province_code == "83"


def test_a_kind_the_province_names_asks_for_its_name_beside_the_field(
    qtbot: QtBot, small_district: Path
) -> None:
    from PySide6.QtWidgets import QComboBox

    dialog = _open(qtbot, small_district)
    kind = dialog.findChild(QComboBox, "office_office_kind")
    kind.setCurrentIndex(kind.findText("Công đoàn cấp trên khác do tỉnh quy định"))
    assert not dialog.try_save()  # beside the field, not a box after the fact
    assert dialog.tabs.currentIndex() == 0
    assert (
        dialog.office.errors["kind_name"]
        .text()
        .startswith(
            "Tên loại đơn vị do tỉnh quy định: loại «Công đoàn cấp trên khác do tỉnh quy định» cần"
        )
    )
    assert read_settings(shared(small_district)).office_kind == "district_federation"
    _field(dialog, "office_kind_name").setText("Công đoàn Viên chức tỉnh")
    assert dialog.try_save()
    saved = read_settings(shared(small_district))
    assert (saved.office_kind, saved.kind_name) == ("other_upper_union", "Công đoàn Viên chức tỉnh")
