"""Tệp → Thông tin đơn vị…: the office's code and kind, as a clerk picks and saves them."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtWidgets import QComboBox, QLineEdit
from pytestqt.qtbot import QtBot

from desktop.services.office_settings import read_settings
from desktop.store import shared
from desktop.ui.office_dialog import OfficeDialog


@pytest.fixture
def dialog(qtbot: QtBot, small_district: Path) -> OfficeDialog:
    opened = OfficeDialog(small_district)
    qtbot.addWidget(opened)
    return opened


def test_the_kind_is_offered_in_words_and_its_own_name_only_for_another_kind(
    dialog: OfficeDialog, small_district: Path
) -> None:
    kind = dialog.findChild(QComboBox, "office_office_kind")
    name = dialog.findChild(QLineEdit, "office_kind_name")
    code = dialog.findChild(QLineEdit, "office_unit_code")
    assert kind is not None and name is not None and code is not None
    assert kind.accessibleName() == "Loại đơn vị"
    assert [kind.itemText(i) for i in range(kind.count())] == [
        "Liên đoàn Lao động cấp huyện",
        "Công đoàn ngành",
        "Công đoàn các Khu công nghiệp/Khu kinh tế",
        "Công đoàn cấp trên khác do tỉnh quy định",
    ]
    assert kind.currentText() == "Liên đoàn Lao động cấp huyện"
    assert code.text() == read_settings(shared(small_district)).code
    assert not name.isEnabled()
    kind.setCurrentIndex(3)
    assert name.isEnabled()
    dialog.try_save()
    assert dialog.result() == 0  # the province's name for the kind is missing
    assert (
        dialog.rows.errors["kind_name"]
        .text()
        .startswith(
            "Tên loại đơn vị do tỉnh quy định: loại «Công đoàn cấp trên khác do tỉnh quy định» cần"
        )
    )
    assert read_settings(shared(small_district)).office_kind == "district_federation"
    name.setText("Công đoàn Viên chức tỉnh")
    dialog.try_save()
    assert dialog.result() == 1
    saved = read_settings(shared(small_district))
    assert (saved.office_kind, saved.kind_name) == ("other_upper_union", "Công đoàn Viên chức tỉnh")
