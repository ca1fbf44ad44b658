"""The Đồng bộ screen: fingerprint, sent bundles with their state, export and take a package."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt

from desktop.store import shared
from desktop.sync.province.packages import export_package
from desktop.ui.sync_screen import SyncScreen
from desktop.ui.tasks import SynchronousPool, TaskRunner
from tests.unit._sync_fixtures import DISTRICT, Exchange, memory_keyring, no_passphrase

__all__ = ["memory_keyring"]


def test_sync_screen_exports_and_shows_what_the_province_said(
    qtbot, qtmodeltester, tmp_path: Path, memory_keyring
) -> None:  # type: ignore[no-untyped-def]
    ex = Exchange(tmp_path)
    screen = SyncScreen(ex.district, runner=TaskRunner(pool=SynchronousPool()))
    qtbot.addWidget(screen)
    assert screen.model.rowCount() == 0
    assert screen.status.own_fingerprint in screen.own_key.text()
    assert "LDLD-BENTRE" in screen.province_key.text()

    screen.export_to(tmp_path / "goi-du-lieu-ldld-batri-03-2024.udb", "2024-03")
    screen.export_to(tmp_path / "goi-du-lieu-ldld-batri-04-2024.udb", "2024-04")
    assert "Đã xuất gói số 2 (tháng 4/2024)" in screen.outcome.text()
    assert screen.model.rowCount() == 2
    ex.merge(tmp_path / "goi-du-lieu-ldld-batri-04-2024.udb")
    ex.merge(tmp_path / "goi-du-lieu-ldld-batri-03-2024.udb")
    receipts = tmp_path / "bien-nhan.udp"
    export_package(shared(ex.province), "receipts", DISTRICT[0], receipts, passphrase=no_passphrase)

    screen.take([receipts])
    assert "Đã nhận gói biên nhận số 1" in screen.outcome.text()
    states = [screen.model.index(r, 4).data() for r in range(2)]
    assert states == ["Tỉnh đã nhận", "Tỉnh trả lại"]
    assert "cũ hơn gói số 2" in screen.model.index(1, 5).data()
    # What each bundle changed, counted against the one before (its member movement on hover).
    assert screen.model.index(1, 6).data() == (
        "Gói đầu tiên của đơn vị: CĐCS thêm 2; đoàn viên thêm 2; biến động đoàn viên thêm 2; "
        "hoạt động thêm 1."
    )
    assert screen.model.index(0, 6).data() == (
        "Thay đổi so với gói số 1 (tháng 3/2024): đoàn viên thêm 1; biến động đoàn viên thêm 1."
    )
    assert (
        screen.model.index(0, 6)
        .data(Qt.ItemDataRole.ToolTipRole)
        .endswith("\nBiến động đoàn viên tháng 4/2024: kết nạp 1.")
    )
    assert screen.model.index(0, 7).data() == "goi-du-lieu-ldld-batri-04-2024.udb"
    # At 814 px (1024 less the sidebar) the long summary never pushes the file name aside.
    screen.resize(814, 700)
    screen.show()
    header = screen.table.horizontalHeader()
    file_right = header.sectionViewportPosition(7) + header.sectionSize(7)
    assert header.sectionSize(7) >= screen.table.sizeHintForColumn(7)
    assert file_right <= screen.table.viewport().width()
    assert screen.model.index(1, 5).data(Qt.ItemDataRole.ToolTipRole) == (
        screen.model.index(1, 5).data()
    )  # a long reason, cut in the column, is whole on hover
    # ... and under the table, with what the bundle changed, for the row a clerk picks.
    assert screen.details.text().splitlines()[0] == "Gói số 2 (tháng 4/2024) – Tỉnh đã nhận"
    screen.table.selectRow(1)
    first, *changes = screen.details.text().splitlines()
    assert first.startswith("Gói số 1 (tháng 3/2024) – Tỉnh trả lại: ")
    assert first.endswith(screen.model.index(1, 5).data())
    assert changes[0] == screen.model.index(1, 6).data()
    assert screen.packages.text().startswith("Gói đã nhận từ tỉnh: biên nhận số 1")
    qtmodeltester.check(screen.model)
    screen.resize(1000, 560)
    screen.grab().save(str(tmp_path / "sync.png"))


def test_a_new_office_creates_its_key_and_trusts_the_province_card_from_the_screen(
    qtbot, tmp_path: Path, memory_keyring
) -> None:  # type: ignore[no-untyped-def]
    from desktop.services.office import init_office
    from desktop.sync.keys import export_card
    from tests.unit._sync_fixtures import PROVINCE, make_office

    district = tmp_path / "district.sqlite"
    init_office(shared(district), role="district", unit_code=DISTRICT[0], unit_name=DISTRICT[1])
    province = make_office(tmp_path / "province.sqlite", "province", PROVINCE)
    card = export_card(shared(province), tmp_path / "province.card", passphrase=no_passphrase)

    screen = SyncScreen(district, runner=TaskRunner(pool=SynchronousPool()))
    qtbot.addWidget(screen)
    assert "Đơn vị chưa có khóa" in screen.own_key.text()
    assert not screen.export_button.isEnabled()
    screen.choose_export()
    assert "Chưa thể xuất gói" in screen.outcome.text()

    screen.create_key()
    assert screen.status.own_key_id
    assert screen.status.own_fingerprint in screen.own_key.text()
    assert screen.create_key_button.isHidden()

    wrong = "0" * len(card.fingerprint)
    screen.trust(tmp_path / "province.card", wrong)
    assert "Không tin thẻ khóa" in screen.outcome.text()
    assert card.fingerprint in screen.outcome.text()
    assert screen.status.province_code == ""

    screen.trust(tmp_path / "province.card", card.fingerprint)
    assert screen.status.province_code == PROVINCE[0]
    assert card.fingerprint in screen.province_key.text()
    assert screen.export_button.isEnabled()


def test_the_export_period_is_the_working_period_of_the_data(
    qtbot, small_district: Path, tmp_path: Path, memory_keyring
) -> None:  # type: ignore[no-untyped-def]
    import shutil

    from desktop.services.targets import working_period

    district = tmp_path / "district.sqlite"
    shutil.copy(small_district, district)
    screen = SyncScreen(district, runner=TaskRunner(pool=SynchronousPool()))
    qtbot.addWidget(screen)
    # The small district's records stop in 2024: opened any later, the bundle to export is
    # December 2024's, the month the dashboard and Chỉ tiêu report on, not last month's.
    assert working_period(shared(district)) == "2024-12"
    assert screen.period.text() == "12/2024"  # as offices write a month


def test_a_returned_month_shows_on_the_sync_screen_until_it_is_sent_again(
    qtbot, tmp_path: Path, memory_keyring
) -> None:  # type: ignore[no-untyped-def]
    from desktop.services.decisions import decide
    from desktop.services.sync_status import sync_status

    ex = Exchange(tmp_path)
    screen = SyncScreen(ex.district, runner=TaskRunner(pool=SynchronousPool()))
    qtbot.addWidget(screen)
    assert screen.decision_texts() == [] and screen.decisions.isHidden()
    june = tmp_path / "goi-du-lieu-ldld-batri-06-2024.udb"
    screen.export_to(june, "2024-06")
    ex.merge(june)
    returned = decide(shared(ex.province), DISTRICT[0], "2024-06", "return", "Thiếu số liệu 1a")
    on = returned.decided_at.strftime("%d/%m/%Y")
    receipts = tmp_path / "bien-nhan-1.udp"
    export_package(shared(ex.province), "receipts", DISTRICT[0], receipts, passphrase=no_passphrase)

    screen.take([receipts])
    assert "Nhận 1 quyết định mới của LĐLĐ tỉnh" in screen.outcome.text()
    assert screen.decision_texts() == [
        f"Tháng 6/2024: bị trả lại ngày {on} – lý do: Thiếu số liệu 1a. "
        "Cần sửa rồi xuất và gửi lại gói tháng 6/2024."
    ]
    assert not screen.decisions.isHidden()
    assert "color:#b3261e" in screen.decisions.text()  # to be done: in red
    assert "LĐLĐ tỉnh đã xem báo cáo tháng:" in screen.decisions.text()
    screen.resize(1000, 640)
    screen.grab().save(str(tmp_path / "sync-returned.png"))

    again = tmp_path / "goi-du-lieu-ldld-batri-06-2024-lan-2.udb"
    screen.export_to(again, "2024-06")
    assert screen.decision_texts() == [
        f"Tháng 6/2024: bị trả lại ngày {on} – lý do: Thiếu số liệu 1a. "
        "Đã gửi lại (gói số 2), chờ tỉnh xem."
    ]
    [merged] = ex.merge(again)
    assert merged.verdict == "merged", merged.message
    # The province's list says it was answered and waits for its word.
    listed = sync_status(shared(ex.province)).lines()
    [answering] = [line for line in listed if "gửi lại báo cáo bị trả lại" in line]
    assert answering.startswith("  LDLD-BATRI     số   2  tháng 6/2024")
    assert answering.endswith("Đã gộp – gửi lại báo cáo bị trả lại (tháng 6/2024)")
    assert listed[-2:] == [
        "Quyết định về báo cáo tháng của các đơn vị:",
        f"  LDLD-BATRI – tháng 6/2024: bị trả lại ngày {on} – lý do: Thiếu số liệu 1a. "
        "Đơn vị đã gửi lại (gói số 2): chờ chấp nhận hoặc trả lại lần nữa.",
    ]
    accepted = decide(shared(ex.province), DISTRICT[0], "2024-06", "accept")
    receipts = tmp_path / "bien-nhan-2.udp"
    export_package(shared(ex.province), "receipts", DISTRICT[0], receipts, passphrase=no_passphrase)
    screen.take([receipts])
    on = accepted.decided_at.strftime("%d/%m/%Y")
    assert screen.decision_texts() == [f"Tháng 6/2024: đã chấp nhận ngày {on}."]
    assert "color:#b3261e" not in screen.decisions.text()
