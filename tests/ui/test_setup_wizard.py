"""The setup wizard as a new office meets it: typed into, refused with the field named, walked
back and forth, and the office it creates; the program opening it when there is no database."""

from __future__ import annotations

import contextlib
import sqlite3
from dataclasses import dataclass
from pathlib import Path

import pytest
from PySide6.QtWidgets import QDialog, QMessageBox, QWizard
from pytestqt.qtbot import QtBot

from desktop.errors import UserError
from desktop.services.setup_flow import Step
from desktop.ui.combos import select
from desktop.ui.setup_wizard import SetupWizard
from desktop.ui.tasks import SynchronousPool
from tests.ui._clerk import type_text
from tests.ui._dialogs import REAL_EXEC, answer  # taken before the guard replaces exec
from tests.unit._sync_fixtures import memory_keyring

__all__ = ["memory_keyring"]

BACKUP_SECRET = "sao luu 2026 ba tri"


@dataclass(frozen=True)
class NewOffice:
    """What a clerk types into the wizard."""

    role: str = "district"
    code: str = "LDLD-BATRI"
    name: str = "Liên đoàn Lao động huyện Ba Tri"
    province: str = "86"
    district: str = "836"
    full_name: str = "Nguyễn Thị Lan"
    login: str = "lan.nguyen"
    password: str = "quan-tri-2026"
    card: Path | None = None
    fingerprint: str = ""
    import_lists: bool = False


def open_wizard(qtbot: QtBot, target: Path, **options: object) -> SetupWizard:
    wizard = SetupWizard(target, keyring=True, pool=SynchronousPool(), **options)  # type: ignore[arg-type]
    # Left open by a test, the wizard goes without its question (nobody is there to answer).
    qtbot.addWidget(wizard, before_close_func=lambda w: QDialog.done(w, 0))
    wizard.resize(1024, 700)
    wizard.show()
    return wizard


def next_page(wizard: SetupWizard) -> None:
    wizard.button(QWizard.WizardButton.NextButton).click()


def fill_in(wizard: SetupWizard, office: NewOffice, usb: Path) -> None:
    """Every page filled through its widgets, up to the summary."""
    pages = wizard.pages
    if wizard.currentId() == 0:
        pages[Step.START].office.click()
        next_page(wizard)
    page = pages[Step.OFFICE]
    select(page.role, office.role)
    type_text(page.code, office.code)
    type_text(page.name, office.name)
    next_page(wizard)
    page = pages[Step.PLACE]
    select(page.province, office.province)
    if office.district:
        select(page.district, office.district)
    next_page(wizard)
    page = pages[Step.ADMIN]
    type_text(page.full_name, office.full_name)
    type_text(page.name, office.login)
    type_text(page.password, office.password)
    type_text(page.again, office.password)
    next_page(wizard)
    page = pages[Step.KEYS]
    usb.mkdir(exist_ok=True)
    page.folder.setText(str(usb))  # as «Chọn…» leaves it
    type_text(page.passphrase, BACKUP_SECRET)
    type_text(page.passphrase_again, BACKUP_SECRET)
    next_page(wizard)
    if office.role != "province":
        page = pages[Step.CARD]
        if office.card is None:
            page.later.click()
        else:
            page.now.click()
            page.path.setText(str(office.card))  # as «Chọn…» leaves it
            type_text(page.fingerprint, office.fingerprint)
        next_page(wizard)
    if office.import_lists:
        pages[Step.LISTS].import_lists.click()
    next_page(wizard)
    assert wizard.currentPage() is pages[Step.SUMMARY]


def create(wizard: SetupWizard) -> None:
    finish = wizard.button(QWizard.WizardButton.FinishButton)
    assert finish.text() == "Tạo cơ sở dữ liệu"
    finish.click()


def summary(wizard: SetupWizard) -> dict[str, str]:
    table = wizard.pages[Step.SUMMARY].table
    return {table.item(r, 0).text(): table.item(r, 1).text() for r in range(table.rowCount())}


def test_the_demo_is_opened_from_the_first_page(qtbot: QtBot, tmp_path: Path) -> None:
    wizard = open_wizard(qtbot, tmp_path / "office.sqlite")
    wizard.pages[Step.START].demo.click()
    finish = wizard.button(QWizard.WizardButton.FinishButton)
    assert finish.isVisible() and finish.text() == "Mở huyện mẫu"
    finish.click()
    assert wizard.result() == QDialog.DialogCode.Accepted
    assert wizard.choice == "demo" and wizard.created is None
    assert not (tmp_path / "office.sqlite").exists()


def test_problems_are_named_under_the_fields_and_back_changes_an_answer(
    qtbot: QtBot, tmp_path: Path, memory_keyring: object
) -> None:
    wizard = open_wizard(qtbot, tmp_path / "batri.sqlite")
    next_page(wizard)
    start = wizard.pages[Step.START]
    assert start.problems.text() == "• Hãy chọn «Xem thử huyện mẫu» hoặc «Thiết lập đơn vị này»."
    start.office.click()
    next_page(wizard)
    office = wizard.pages[Step.OFFICE]
    assert wizard.currentPage() is office
    next_page(wizard)
    assert office.problems.text() == (
        "• Mã đơn vị: chưa nhập (ví dụ «LDLD-BATRI»).\n"
        "• Tên đơn vị: chưa nhập (ví dụ «Liên đoàn Lao động huyện Ba Tri»)."
    )
    assert wizard.currentPage() is office
    wizard.back()
    fill_in(wizard, NewOffice(), tmp_path / "usb")
    assert summary(wizard)["Mã đơn vị"] == "LDLD-BATRI"
    assert summary(wizard)["Thẻ khóa của LĐLĐ tỉnh"] == "để sau (nhận ở màn hình Đồng bộ)"
    # Back to the office's page, every answer still there; a corrected code reaches the summary.
    for _ in range(6):
        wizard.back()
    assert wizard.currentPage() is office and wizard.flow.step == Step.OFFICE
    assert office.code.text() == "LDLD-BATRI"
    office.code.clear()
    type_text(office.code, "LDLD-BATRI-MOI")
    for _ in range(6):
        next_page(wizard)
    assert wizard.currentPage() is wizard.pages[Step.SUMMARY]
    assert summary(wizard)["Mã đơn vị"] == "LDLD-BATRI-MOI"
    assert summary(wizard)["Bản sao khóa"] == str(
        tmp_path / "usb" / "sao-luu-khoa-ldld-batri-moi.ukb"
    )
    assert summary(wizard)["Địa danh trên văn bản"] == "Ba Tri"
    create(wizard)
    assert wizard.result() == QDialog.DialogCode.Accepted
    assert wizard.created is not None and wizard.created.office.code == "LDLD-BATRI-MOI"
    with contextlib.closing(sqlite3.connect(tmp_path / "batri.sqlite")) as con:
        assert con.execute("SELECT code, place_name FROM office").fetchall() == [
            ("LDLD-BATRI-MOI", "Ba Tri")
        ]
    assert (tmp_path / "usb" / "sao-luu-khoa-ldld-batri-moi.ukb").is_file()


def test_a_province_skips_the_card_page(
    qtbot: QtBot, tmp_path: Path, memory_keyring: object
) -> None:
    wizard = open_wizard(qtbot, tmp_path / "tinh.sqlite", offer_demo=False)
    assert wizard.currentPage() is wizard.pages[Step.OFFICE]
    province = NewOffice(
        role="province", code="LDLD-VINHLONG", name="LĐLĐ tỉnh Vĩnh Long", district=""
    )
    fill_in(wizard, province, tmp_path / "usb")
    assert Step.CARD not in wizard.flow.steps()
    assert "Thẻ khóa của LĐLĐ tỉnh" not in summary(wizard)
    assert summary(wizard)["Cơ quan cấp trên"] == "Tổng Liên đoàn Lao động Việt Nam"
    wizard.back()
    wizard.back()
    assert wizard.currentPage() is wizard.pages[Step.KEYS]  # the card page was never shown


def test_a_failure_while_creating_is_shown_on_the_summary_and_leaves_no_file(
    qtbot: QtBot, tmp_path: Path, memory_keyring: object
) -> None:
    wizard = open_wizard(qtbot, tmp_path / "batri.sqlite")
    fill_in(wizard, NewOffice(), tmp_path / "usb")
    (tmp_path / "usb").rmdir()  # the USB stick was pulled out before «Tạo cơ sở dữ liệu»
    create(wizard)
    problems = wizard.pages[Step.SUMMARY].problems.text()
    assert problems == (
        f"• Chưa thể tạo cơ sở dữ liệu: Thư mục lưu bản sao khóa: không tìm thấy thư mục "
        f"{tmp_path / 'usb'}."
    )
    assert wizard.isVisible() and wizard.created is None
    assert sorted(p.name for p in tmp_path.iterdir()) == []


def test_the_wizard_opens_when_there_is_no_database_and_thoat_ends_quietly(
    qtbot: QtBot, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from desktop.ui import main

    shown: list[SetupWizard] = []

    def leave(wizard: SetupWizard) -> int:
        shown.append(wizard)
        wizard.reject()  # «Thoát» on the first page: nothing typed, nothing asked
        return int(QDialog.DialogCode.Rejected)

    monkeypatch.setattr(SetupWizard, "exec", leave)
    assert main.run_gui(tmp_path / "none.sqlite") == 0
    assert len(shown) == 1 and shown[0].windowTitle() == "Thiết lập đơn vị – Union Desk"
    assert not (tmp_path / "none.sqlite").exists()


def test_a_screenshot_without_a_database_is_still_refused(tmp_path: Path) -> None:
    from desktop.ui import main

    with pytest.raises(UserError) as refused:
        main.run_gui(tmp_path / "none.sqlite", screenshot=tmp_path / "x.png")
    assert refused.value.message == (
        f"Không tìm thấy cơ sở dữ liệu {tmp_path / 'none.sqlite'}. Hãy kiểm tra lại đường dẫn "
        "(--db)."
    )


def test_thoat_after_typing_asks_before_the_answers_are_thrown_away(
    qtbot: QtBot, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(QMessageBox, "exec", REAL_EXEC)
    wizard = open_wizard(qtbot, tmp_path / "batri.sqlite")
    wizard.pages[Step.START].office.click()
    next_page(wizard)
    type_text(wizard.pages[Step.OFFICE].code, "LDLD-BATRI")
    seen: list[str] = []
    answer("setupStay", seen)
    wizard.button(QWizard.WizardButton.CancelButton).click()
    assert seen == ["Bỏ thiết lập? Chưa có gì được tạo; các thông tin đã nhập sẽ mất."]
    assert wizard.isVisible() and wizard.pages[Step.OFFICE].code.text() == "LDLD-BATRI"
    answer("setupClose", seen)
    wizard.button(QWizard.WizardButton.CancelButton).click()
    assert len(seen) == 2 and not wizard.isVisible()
    assert wizard.result() == QDialog.DialogCode.Rejected and wizard.choice is None


def test_choosing_the_demo_opens_it_as_the_demo_option_does(
    qtbot: QtBot, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from desktop import paths
    from desktop.ui import main

    def look_around_first(wizard: SetupWizard) -> int:
        wizard.show()
        wizard.pages[Step.START].demo.click()
        wizard.button(QWizard.WizardButton.FinishButton).click()
        return int(wizard.result())

    loops: list[object] = []
    monkeypatch.setattr(SetupWizard, "exec", look_around_first)
    monkeypatch.setattr(main, "_event_loop", lambda app: loops.append(app) or 0)
    assert main.run_gui(tmp_path / "none.sqlite") == 0
    assert len(loops) == 1  # the program went on running, with the demo's window
    [window] = [w for w in main._windows if w.isVisible()]
    qtbot.addWidget(window)
    assert Path(window.db_path) == paths.demo_db_path()  # type: ignore[attr-defined]
    assert paths.demo_db_path().is_file() and not (tmp_path / "none.sqlite").exists()


def test_a_new_database_from_the_file_menu_goes_through_the_same_wizard(
    qtbot: QtBot, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from PySide6.QtWidgets import QFileDialog

    from desktop.ui import main
    from desktop.ui.setup_wizard import create_database

    target = tmp_path / "cong-doan-nganh.sqlite"
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a, **k: (str(target), ""))
    sector = NewOffice(code="CDN-GIAODUC", name="Công đoàn ngành Giáo dục", district="")

    def clerk(wizard: SetupWizard) -> int:
        wizard.show()
        assert wizard.currentPage() is wizard.pages[Step.OFFICE]  # no demo offered here
        select(wizard.pages[Step.OFFICE].kind, "sector_union")
        fill_in(wizard, sector, tmp_path / "usb")
        create(wizard)
        qtbot.waitUntil(lambda: not wizard.isVisible())  # made on the application's pool
        return int(wizard.result())

    monkeypatch.setattr(SetupWizard, "exec", clerk)
    assert create_database(None) == target
    [window] = [w for w in main._windows if w.isVisible() and Path(w.db_path) == target]  # type: ignore[attr-defined]
    qtbot.addWidget(window)
    assert window.user.name == "lan.nguyen"  # type: ignore[attr-defined]
    with contextlib.closing(sqlite3.connect(target)) as con:
        assert con.execute("SELECT kind, code, place_name, parent_body FROM office").fetchall() == [
            ("sector_union", "CDN-GIAODUC", "Vĩnh Long", "LĐLĐ tỉnh Vĩnh Long")
        ]
