"""The province's first day in its own window: set up in the setup wizard → an office's key card
registered in Đơn vị (the fingerprint read over the phone) → the office's June bundle checked and
merged in Nhận gói → the office's figures in Tổng hợp, and its members behind them."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from desktop.services.progress import progress_for
from desktop.store import shared
from desktop.ui.setup_wizard import after_setup
from desktop.ui.summary_screen import NO_PERIOD
from desktop.ui.tasks import SynchronousPool
from tests.ui.test_first_day import counted, password_again, settle
from tests.ui.test_setup_wizard import NewOffice, create, fill_in, open_wizard
from tests.unit._sync_fixtures import DISTRICT, add_small_records, memory_keyring, no_passphrase

__all__ = ["memory_keyring"]


def _the_office_sends_june(
    folder: Path, province_card: Path, fingerprint: str
) -> tuple[Path, str, Path]:
    """An office set up by command (its own first day is tests/ui/test_first_day.py): its card,
    the fingerprint it reads over the phone, and its June bundle."""
    from desktop.services.office import init_office
    from desktop.sync.keys import create_office_keys, export_card, trust_card
    from desktop.sync.office.export import export_bundle

    district = folder / "batri.sqlite"
    init_office(shared(district), role="district", unit_code=DISTRICT[0], unit_name=DISTRICT[1])
    create_office_keys(shared(district), passphrase=no_passphrase)
    trust_card(shared(district), province_card, fingerprint=fingerprint)
    add_small_records(district)
    card = folder / "the-khoa-ldld-batri.json"
    key = export_card(shared(district), card, passphrase=no_passphrase)
    bundle = folder / "goi-du-lieu-ldld-batri-06-2024.udb"
    export_bundle(shared(district), "2024-06", bundle, passphrase=no_passphrase)
    return card, key.fingerprint, bundle


def test_the_provinces_first_day(
    qtbot: QtBot, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, memory_keyring: object
) -> None:
    from desktop.sync.keys import export_card
    from desktop.ui.office_card_dialog import OfficeCardDialog

    # The province sets itself up in the setup wizard.
    wizard = open_wizard(qtbot, tmp_path / "tinh.sqlite")
    office = NewOffice(
        role="province",
        code="LDLD-VINHLONG",
        name="Liên đoàn Lao động tỉnh Vĩnh Long",
        district="",
        full_name="Trần Văn Hải",
        login="hai.tran",
        password="tinh-vinh-long-2026",
    )
    fill_in(wizard, office, tmp_path / "usb")
    create(wizard)
    assert wizard.created is not None
    window = after_setup(wizard.created, pool=SynchronousPool())
    assert window is not None
    qtbot.addWidget(window)
    password_again(monkeypatch, office.password)
    province = tmp_path / "tinh.sqlite"
    province_card = tmp_path / "the-khoa-ldld-vinhlong.json"
    fingerprint = export_card(shared(province), province_card, passphrase=no_passphrase).fingerprint
    card, heard, bundle = _the_office_sends_june(tmp_path, province_card, fingerprint)

    # Đơn vị: the office's card, with the fingerprint its clerk reads over the phone.
    def clerk_registers(dialog: OfficeCardDialog) -> int:
        dialog.card.setText(str(card))
        dialog.fingerprint.setText(heard)
        assert dialog.try_save(), dialog.findChildren(type(dialog.card))
        return 1

    monkeypatch.setattr(OfficeCardDialog, "exec", clerk_registers)
    offices = window.show_screen("offices")  # type: ignore[attr-defined]
    settle(qtbot, offices)
    offices.register_card()
    assert offices.selected_code() == DISTRICT[0]

    # Tổng hợp has nothing yet.
    summary = window.show_screen("summary")  # type: ignore[attr-defined]
    settle(qtbot, summary)
    assert summary.heading.text() == NO_PERIOD and summary.proxy.rowCount() == 0

    # Nhận gói: the verdict first, nothing written; then the merge.
    incoming = window.show_screen("incoming")  # type: ignore[attr-defined]
    incoming.add_files([bundle])
    settle(qtbot, incoming)
    model = incoming.model
    assert [model.index(0, c).data() for c in (1, 2, 3, 4, 5)] == [
        bundle.name,
        DISTRICT[1],
        "tháng 6/2024",
        "1",
        "Sẽ gộp",
    ]
    assert "Gói đầu tiên của đơn vị: CĐCS thêm 2; đoàn viên thêm 3" in incoming.details.text()
    assert counted(province, "SELECT COUNT(*) FROM member") == [(0,)]
    qtbot.mouseClick(incoming.merge_button, Qt.MouseButton.LeftButton)
    settle(qtbot, incoming)
    assert model.index(0, 5).data() == "Đã gộp"
    assert "Đã gộp 1/1 tệp." in incoming.outcome.text()
    assert counted(province, "SELECT unit_code, COUNT(*) FROM member GROUP BY unit_code") == [
        (DISTRICT[0], 3)
    ]

    # Tổng hợp, back to it: June, the office's own figures beside the province's.
    assert window.show_screen("summary") is summary  # type: ignore[attr-defined]
    settle(qtbot, summary)
    qtbot.waitUntil(lambda: summary.model.figures is not None, timeout=60_000)
    assert summary.period.currentData() == "2024-06"
    proxy = summary.proxy
    headers = [
        proxy.headerData(c, Qt.Orientation.Horizontal, Qt.ItemDataRole.DisplayRole)
        for c in range(proxy.columnCount())
    ]
    assert headers[:3] == ["Mã", "Chỉ tiêu", "Toàn tỉnh"] and headers[5:] == [DISTRICT[0]]
    cells = {proxy.index(r, 0).data(): proxy.index(r, 5).data() for r in range(proxy.rowCount())}
    total = {proxy.index(r, 0).data(): proxy.index(r, 2).data() for r in range(proxy.rowCount())}
    # Admitted 1/2, 1/3 and 1/4/2024, one union founded 10/3/2024 (add_small_records).
    assert (cells["2a"], cells["2b"], cells["3a"]) == ("3", "3", "1")
    assert (total["2a"], total["2b"], total["3a"]) == ("3", "3", "1")  # the only office so far
    own = progress_for(shared(province), "2024-06", unit=DISTRICT[0])
    assert {t.code: t.year_to_date for t in own.targets}["2a"] == 3
    assert summary.missing.text() == ""
    summary.open_office(DISTRICT[0])
    browser = summary.browser
    assert browser is not None
    names = browser.members_model  # type: ignore[attr-defined]
    assert sorted(names.index(r, 0).data() for r in range(names.rowCount())) == [
        "Lê Thị Ánh",
        "Nguyễn Văn Đức",
        "Trần Thị Hoà",
    ]
    browser.close()
