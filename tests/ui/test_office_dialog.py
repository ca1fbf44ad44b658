"""Tệp → Thông tin đơn vị…: every field named, problems beside their fields, saved settings printed."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtWidgets import QLineEdit, QPlainTextEdit
from pytestqt.qtbot import QtBot

from desktop.services.office_settings import FIELDS, read_settings
from desktop.store import shared
from desktop.ui.office_dialog import OfficeDialog


@pytest.fixture
def dialog(qtbot: QtBot, small_district: Path) -> OfficeDialog:
    opened = OfficeDialog(small_district)
    qtbot.addWidget(opened)
    return opened


def test_every_field_has_a_name_and_the_stored_value(dialog: OfficeDialog) -> None:
    for key, (label, *_rest) in FIELDS.items():
        widget = dialog.findChild(
            QLineEdit if key != "recipients" else QPlainTextEdit, f"office_{key}"
        )
        assert widget is not None and widget.accessibleName() == label, key
    assert dialog.fields["signer_name"].text() == "Nguyễn Văn Hùng"
    assert dialog.fields["recipients"].toPlainText() == (
        "LĐLĐ tỉnh Bến Tre\nThường trực Huyện ủy Thạnh Phú"
    )


def test_problems_show_beside_their_fields_and_nothing_is_saved(
    dialog: OfficeDialog, small_district: Path
) -> None:
    dialog.fields["place_name"].setText("")
    dialog.fields["doc_prefix"].setText("LĐ LĐ")
    dialog.try_save()
    assert dialog.result() == 0
    assert dialog.rows.errors["place_name"].text() == "Địa danh: không được để trống."
    assert "«LĐ LĐ» không dùng được" in dialog.rows.errors["doc_prefix"].text()
    assert dialog.rows.errors["signer_name"].isHidden()
    assert read_settings(shared(small_district)).place_name == "Thạnh Phú"


def test_saving_changes_the_letterhead(dialog: OfficeDialog, small_district: Path) -> None:
    dialog.fields["signer_name"].setText("Trần Thị Lan")
    dialog.fields["recipients"].setPlainText("LĐLĐ tỉnh Bến Tre\nUBND huyện Thạnh Phú;")
    dialog.try_save()
    assert dialog.result() == 1
    saved = read_settings(shared(small_district))
    assert saved.signer_name == "Trần Thị Lan"
    assert saved.recipients == ("- LĐLĐ tỉnh Bến Tre;", "- UBND huyện Thạnh Phú;", "- Lưu: VT.")
    assert saved.place_name == "Thạnh Phú"


def test_the_district_code_is_checked_and_sets_the_province(
    dialog: OfficeDialog, small_district: Path
) -> None:
    import sqlite3

    field = dialog.fields["district_code"]
    assert field.accessibleName() == "Mã huyện (danh mục hành chính)"
    field.setText("999")
    dialog.try_save()
    assert dialog.result() == 0
    assert (
        dialog.rows.errors["district_code"]
        .text()
        .startswith("Mã huyện (danh mục hành chính): «999» không phải mã huyện, quận, thị xã")
    )
    field.setText("837")  # Thạnh Phú
    dialog.try_save()
    assert dialog.result() == 1
    with sqlite3.connect(small_district) as con:
        codes = con.execute(
            "SELECT district_code, province_code, place_name FROM office"
        ).fetchone()
    con.close()
    assert codes == ("837", "83", "Thạnh Phú")
    assert read_settings(shared(small_district)).district_code == "837"


def test_an_office_set_up_with_its_district_saves_a_new_signer(
    qtbot: QtBot, small_demo: Path, tmp_path: Path
) -> None:
    # The demo was set up by its pre-2025 district (836, in province 83): the pair the 2025
    # rules would not take today is kept, and changing the signer alone saves.
    import shutil

    db = tmp_path / "copy-of-demo.sqlite"
    shutil.copy(small_demo, db)
    before = read_settings(shared(db))
    assert (before.district_code, before.province_code) == ("836", "83")
    opened = OfficeDialog(db)
    qtbot.addWidget(opened)
    opened.fields["signer_name"].setText("Trần Thị Lan")
    assert opened.try_save()
    after = read_settings(shared(db))
    assert after.signer_name == "Trần Thị Lan"
    assert (after.district_code, after.province_code) == ("836", "83")
