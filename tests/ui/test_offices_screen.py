"""Đơn vị on the demo province (three generated offices whose 2024 bundles were merged month by
month; the education union stopped at September, Ba Tri's June was returned): the table's cells
as the clerk reads them, a card registered with the fingerprint heard, a rating and an
inspection added, changed and removed, a month returned and accepted."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QBrush
from PySide6.QtWidgets import QPushButton, QTableWidget, QTableWidgetItem
from pytestqt.qtbot import QtBot

from desktop.services.keys import show_office_keys
from desktop.services.preferences import update_preferences
from desktop.store import shared
from desktop.ui.office_card_dialog import OfficeCardDialog
from desktop.ui.office_inspection_form import OfficeInspectionForm
from desktop.ui.office_rating_form import OfficeRatingForm
from desktop.ui.offices_model import BEHIND_BACKGROUND, LATE_BACKGROUND, Columns
from desktop.ui.offices_screen import OfficesScreen

EDUCATION, ZONES, BA_TRI = "CDGD-BENTRE", "CDKCN-BENTRE", "LDLD-BATRI"
SHOTS = Path("/tmp/uniondesk-shots")


def _fingerprint(province: Path, code: str) -> str:
    """The office's own key, read from its own database (the other side of the exchange)."""
    keys = show_office_keys(shared(province.parent / "offices" / f"{code}.sqlite")).own
    return next(k.fingerprint for k in keys if k.active)


def _cells(screen: OfficesScreen) -> list[list[str]]:
    proxy = screen.proxy
    return [
        [str(proxy.index(r, c).data()) for c in range(proxy.columnCount())]
        for r in range(proxy.rowCount())
    ]


def _row(screen: OfficesScreen, code: str) -> list[str]:
    return next(row for row in _cells(screen) if row[0] == code)


def _background(screen: OfficesScreen, code: str) -> str | None:
    proxy = screen.proxy
    for r in range(proxy.rowCount()):
        if proxy.index(r, 0).data() == code:
            brush = proxy.index(r, Columns.STATE).data(Qt.ItemDataRole.BackgroundRole)
            return brush.color().name() if isinstance(brush, QBrush) else None
    raise AssertionError(code)


def _texts(table: QTableWidget) -> list[list[str]]:
    """Every cell of one of the detail's small tables, row by row."""
    return [
        [(table.item(r, c) or QTableWidgetItem()).text() for c in range(table.columnCount())]
        for r in range(table.rowCount())
    ]


def _click(screen: OfficesScreen, name: str) -> None:
    button = screen.findChild(QPushButton, name)
    assert button is not None, name
    button.click()


def _shot(screen: OfficesScreen, name: str) -> None:
    SHOTS.mkdir(exist_ok=True)
    screen.grab().save(str(SHOTS / f"offices-{name}.png"))


@pytest.fixture
def screen(qtbot: QtBot, demo_province: Path) -> OfficesScreen:
    # Mid-January 2025 with the bundles due on the 10th: December's are owed, and late.
    update_preferences(shared(demo_province), {"due_day": "10"}, 2025)
    made = OfficesScreen(demo_province, today=date(2025, 1, 15))
    qtbot.addWidget(made)
    made.resize(1070, 760)
    made.show()
    return made


def test_the_table_says_who_is_late_behind_or_returned(
    screen: OfficesScreen, demo_province: Path, qtmodeltester
) -> None:  # type: ignore[no-untyped-def]
    qtmodeltester.check(screen.model)
    keys = {code: _fingerprint(demo_province, code) for code in (EDUCATION, ZONES, BA_TRI)}
    split = {code: f"{f[:14]}\n{f[15:]}" for code, f in keys.items()}
    assert [h.replace("\n", " ") for h in screen.model.headers()] == [
        "Mã",
        "Đơn vị",
        "Gói gần nhất",
        "Tình trạng gửi gói",
        "Dấu vân tay khóa",
        "Xếp loại năm 2024",
        "Tỉnh kiểm tra 2024",
    ]
    assert _cells(screen) == [
        [
            EDUCATION,
            "Công đoàn ngành Giáo dục tỉnh Bến Tre\nCông đoàn ngành",
            "tháng 9/2024",
            "Quá hạn gửi gói tháng 12/2024 (hạn 10/01/2025)\nThiếu tháng 10–12/2024",
            split[EDUCATION],
            "Chưa xếp loại",
            "1 lần",
        ],
        [
            ZONES,
            "Công đoàn các Khu công nghiệp tỉnh Bến Tre\nCông đoàn các Khu công nghiệp/Khu kinh tế",
            "tháng 12/2024",
            "Đã gửi đủ gói",
            split[ZONES],
            "Tốt",
            "Chưa kiểm tra",
        ],
        [
            BA_TRI,
            "Liên đoàn Lao động huyện Ba Tri\nLiên đoàn Lao động cấp huyện",
            "tháng 12/2024",
            "Đã trả lại tháng 6/2024, chờ gói sửa",
            split[BA_TRI],
            "Hoàn thành",
            "1 lần",
        ],
    ]
    assert (_background(screen, EDUCATION), _background(screen, ZONES)) == (LATE_BACKGROUND, None)
    assert _background(screen, BA_TRI) == BEHIND_BACKGROUND
    assert screen.summary.text() == (
        "3 đơn vị đăng ký; kỳ đang làm: tháng 12/2024. Quá hạn gửi gói: CDGD-BENTRE. "
        "Đã trả lại, chờ gói sửa: LDLD-BATRI. 1 đơn vị chưa được xếp loại năm 2024."
    )
    # Sorted by state: the late office last when ascending, first when descending.
    screen.table.sortByColumn(Columns.STATE, Qt.SortOrder.DescendingOrder)
    assert [row[0] for row in _cells(screen)] == [EDUCATION, BA_TRI, ZONES]

    screen.select(EDUCATION)
    assert screen.detail.title.text() == (
        "CDGD-BENTRE – Công đoàn ngành Giáo dục tỉnh Bến Tre (Công đoàn ngành)"
    )
    assert screen.detail.keys_label.text() == (
        f"Khóa đã đăng ký:<ul><li><b>{keys[EDUCATION]}</b> — đang dùng</li></ul>"
        "Gói gần nhất: tháng 9/2024 (gói số 9).<br>Các tháng đã nhận: tháng 1–9/2024."
        "<br>Tháng còn thiếu: tháng 10–12/2024.<br>Tình trạng: Quá hạn gửi gói tháng 12/2024 "
        "(hạn 10/01/2025)."
    )
    _shot(screen, "table")


def test_a_card_registered_with_the_fingerprint_heard(
    screen: OfficesScreen, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from desktop.services.keys import export_office_card
    from tests.unit._sync_fixtures import make_office, no_passphrase

    office = make_office(
        tmp_path / "vien-chuc.sqlite", "district", ("CDVC-BENTRE", "Công đoàn Viên chức tỉnh")
    )
    card = export_office_card(shared(office), tmp_path / "vien-chuc.json", passphrase=no_passphrase)
    wrong = card.fingerprint.replace(
        card.fingerprint[0], "0" if card.fingerprint[0] != "0" else "1"
    )
    seen: dict[str, object] = {}

    def fill(dialog: OfficeCardDialog) -> int:
        dialog.card.setText(str(card.path))
        dialog.fingerprint.setText(wrong)
        dialog.kind.setCurrentIndex(dialog.kind.findData("other_upper_union"))
        assert not dialog.try_save()  # refused: the digits do not match
        seen["error"] = dialog.rows.errors["fingerprint"].text()
        seen["shown"] = dialog.rows.errors["fingerprint"].isVisibleTo(dialog)
        dialog.fingerprint.setText(card.fingerprint)
        assert dialog.try_save()
        return int(dialog.result())

    monkeypatch.setattr(OfficeCardDialog, "exec", fill)
    screen.register_button.click()
    assert seen["shown"] is True
    assert "CDVC-BENTRE" in str(seen["error"]) and wrong in str(seen["error"])
    assert screen.selected_code() == "CDVC-BENTRE"
    assert _row(screen, "CDVC-BENTRE") == [
        "CDVC-BENTRE",
        "Công đoàn Viên chức tỉnh\nCông đoàn cấp trên khác do tỉnh quy định",
        "chưa nhận gói nào",
        "Quá hạn gửi gói tháng 12/2024 (hạn 10/01/2025)\nThiếu tháng 1–12/2024",
        f"{card.fingerprint[:14]}\n{card.fingerprint[15:]}",
        "Chưa xếp loại",
        "Chưa kiểm tra",
    ]
    _shot(screen, "registered")


def test_a_rating_and_an_inspection_added_changed_and_removed(
    screen: OfficesScreen, monkeypatch: pytest.MonkeyPatch
) -> None:
    screen.select(EDUCATION)
    problems: list[str] = []

    def rate(form: OfficeRatingForm) -> int:
        assert form.office.currentData() == EDUCATION
        assert form.year.text() == "2024"
        form.year.setText("2031")
        assert not form.try_save()
        problems.append(form.rows.errors["year"].text())
        form.year.setText("2024")
        form.grade.setCurrentIndex(form.grade.findData("excellent"))
        form.note.setText("QĐ 15/QĐ-LĐLĐ ngày 20/12/2024")
        assert form.try_save()
        return int(form.result())

    monkeypatch.setattr(OfficeRatingForm, "exec", rate)
    screen.detail.tabs.setCurrentIndex(1)
    _click(screen, "addRatingButton")
    assert problems == [
        f"Năm xếp loại 2031 không hợp lệ: từ 2000 đến năm nay ({date.today().year})."
    ]
    assert _row(screen, EDUCATION)[Columns.RATING] == "Xuất sắc"
    table = screen.detail.rating_table
    assert _texts(table) == [
        ["2024", "Hoàn thành xuất sắc nhiệm vụ", "QĐ 15/QĐ-LĐLĐ ngày 20/12/2024"],
        ["2023", "Hoàn thành tốt nhiệm vụ", "Xếp loại theo Hướng dẫn thi đua của LĐLĐ tỉnh"],
    ]
    assert "1 đơn vị chưa được xếp loại" not in screen.summary.text()

    def inspect(form: OfficeInspectionForm) -> int:
        assert form.office.currentData() == EDUCATION
        form.kind.setCurrentIndex(form.kind.findData("finance"))
        form.inspected_on.setText("05/11/2024")
        assert not form.try_save()  # no findings yet
        problems.append(form.rows.errors["findings"].text())
        form.findings.setPlainText("Thu, chi đúng quy định; nộp kinh phí đủ.")
        assert form.try_save()
        return int(form.result())

    monkeypatch.setattr(OfficeInspectionForm, "exec", inspect)
    screen.detail.tabs.setCurrentIndex(2)
    _click(screen, "addInspectionButton")
    assert problems[-1] == "Kết luận kiểm tra: nhập nhận xét, kết luận của cuộc kiểm tra."
    assert _row(screen, EDUCATION)[Columns.INSPECTED] == "2 lần"
    table = screen.detail.inspection_table
    assert _texts(table) == [
        ["05/11/2024", "Kiểm tra tài chính", "Thu, chi đúng quy định; nộp kinh phí đủ."],
        [
            "11/09/2024",
            "Kiểm tra, giám sát thi hành Điều lệ",
            "Giám sát thi hành Điều lệ Công đoàn: đại hội CĐCS đúng nhiệm kỳ.",
        ],
    ]
    _shot(screen, "inspection")

    # The rating removed (after the question), the inspection's date corrected.
    asked: list[str] = []

    def agree(question: str) -> bool:
        asked.append(question)
        return True

    monkeypatch.setattr(screen.detail, "confirm", agree)
    screen.detail.rating_table.selectRow(0)
    screen.detail.remove_rating()
    assert asked == ["Xóa xếp loại năm 2024 của CDGD-BENTRE (Hoàn thành xuất sắc nhiệm vụ)?"]
    assert _row(screen, EDUCATION)[Columns.RATING] == "Chưa xếp loại"

    def correct(form: OfficeInspectionForm) -> int:
        assert form.inspected_on.text() == "05/11/2024"
        form.inspected_on.setText("06/11/2024")
        assert form.try_save()
        return int(form.result())

    monkeypatch.setattr(OfficeInspectionForm, "exec", correct)
    screen.detail.inspection_table.selectRow(0)
    screen.detail.edit_inspection()
    assert _texts(screen.detail.inspection_table)[0][0] == "06/11/2024"
    assert _row(screen, EDUCATION)[Columns.INSPECTED] == "2 lần"


def test_a_month_returned_with_a_reason_then_accepted(
    screen: OfficesScreen, monkeypatch: pytest.MonkeyPatch
) -> None:
    screen.select(EDUCATION)
    screen.detail.tabs.setCurrentIndex(3)
    combo = screen.detail.decision_period
    assert [combo.itemText(i) for i in range(3)] == ["tháng 9/2024", "tháng 8/2024", "tháng 7/2024"]
    assert screen.detail.decision_state.text() == "tháng 9/2024: chưa duyệt."
    monkeypatch.setattr(
        screen.detail, "ask_reason", lambda period: "Thiếu biên bản kiểm tra quý III."
    )
    screen.detail.return_month()
    assert screen.selected_code() == EDUCATION
    assert _row(screen, EDUCATION)[Columns.STATE] == (
        "Quá hạn gửi gói tháng 12/2024 (hạn 10/01/2025)\nThiếu tháng 10–12/2024\n"
        "Đã trả lại tháng 9/2024, chờ gói sửa"
    )
    assert screen.detail.decision_state.text() == (
        "tháng 9/2024: Đã trả lại — lý do: Thiếu biên bản kiểm tra quý III. "
        "(chưa gửi gói báo cho đơn vị: bấm «Gửi gói…»)."
    )
    first = _texts(screen.detail.decision_table)[0][:3]
    assert first == ["tháng 9/2024", "Đã trả lại", "Thiếu biên bản kiểm tra quý III."]
    _shot(screen, "returned")

    screen.detail.accept_month()
    assert _row(screen, EDUCATION)[Columns.STATE] == (
        "Quá hạn gửi gói tháng 12/2024 (hạn 10/01/2025)\nThiếu tháng 10–12/2024"
    )
    assert screen.detail.decision_state.text() == (
        "tháng 9/2024: Đã chấp nhận (chưa gửi gói báo cho đơn vị: bấm «Gửi gói…»)."
    )


def test_the_due_day_the_province_sets_in_settings_decides_who_is_late(
    qtbot: QtBot, demo_province: Path
) -> None:
    from PySide6.QtWidgets import QLabel

    from desktop.ui.settings_dialog import SettingsDialog
    from desktop.ui.settings_pages import PROVINCE_DUE_INTRO
    from desktop.ui.tasks import SynchronousPool

    dialog = SettingsDialog(demo_province, None, pool=SynchronousPool(), today=date(2025, 1, 15))
    qtbot.addWidget(dialog)
    texts = [label.text() for label in dialog.due.findChildren(QLabel)]
    assert PROVINCE_DUE_INTRO in texts
    dialog.due.day.setText("20")
    assert dialog.due.example.text() == "gói tháng 12/2024 hạn gửi 20/01/2025"
    assert dialog.try_save()

    screen = OfficesScreen(demo_province, today=date(2025, 1, 15))
    qtbot.addWidget(screen)
    assert _row(screen, EDUCATION)[Columns.STATE] == (
        "Chưa gửi gói tháng 12/2024 (hạn 20/01/2025)\nThiếu tháng 10–12/2024"
    )
    assert _background(screen, EDUCATION) == BEHIND_BACKGROUND
    late = OfficesScreen(demo_province, today=date(2025, 1, 21))
    qtbot.addWidget(late)
    assert _row(late, EDUCATION)[Columns.STATE] == (
        "Quá hạn gửi gói tháng 12/2024 (hạn 20/01/2025)\nThiếu tháng 10–12/2024"
    )


def test_packages_are_sent_to_the_office_chosen(
    screen: OfficesScreen, monkeypatch: pytest.MonkeyPatch
) -> None:
    from desktop.ui.province_packages import SendPackagesDialog

    opened: list[object] = []

    def shown(dialog: SendPackagesDialog) -> int:
        opened.append(dialog.office.currentData())
        return 0

    monkeypatch.setattr(SendPackagesDialog, "exec", shown)
    screen.select(BA_TRI)
    screen.packages_button.click()
    assert opened == [BA_TRI]
    assert screen.selected_code() == BA_TRI


def test_on_a_province_server(qtbot: QtBot, pg_url: str, tmp_path: Path) -> None:
    """The same screen on PostgreSQL: dates come back as dates, decisions with their times."""
    from desktop.services.decisions import decide
    from desktop.services.province_records import rate_office, save_office_inspection
    from tests.unit._sync_fixtures import DISTRICT, Exchange

    ex = Exchange(tmp_path, pg_url)
    assert [r.verdict for r in ex.merge(ex.export("2024-01"))] == ["merged"]
    store = shared(pg_url)
    update_preferences(store, {"due_day": "10"}, 2024)
    rate_office(store, DISTRICT[0], 2024, "good", today=date(2024, 12, 20))
    save_office_inspection(store, DISTRICT[0], "charter", date(2024, 2, 5), "Đúng Điều lệ.")
    decide(store, DISTRICT[0], "2024-01", "return", "Thiếu danh sách kết nạp.")
    screen = OfficesScreen(pg_url, today=date(2024, 2, 20))
    qtbot.addWidget(screen)
    row = _row(screen, DISTRICT[0])
    assert row[1:4] + row[5:] == [
        "Liên đoàn Lao động huyện Ba Tri\nLiên đoàn Lao động cấp huyện",
        "tháng 1/2024",
        "Đã trả lại tháng 1/2024, chờ gói sửa",
        "Tốt",
        "1 lần",
    ]
    assert _texts(screen.detail.inspection_table) == [
        ["05/02/2024", "Kiểm tra, giám sát thi hành Điều lệ", "Đúng Điều lệ."]
    ]
    assert _texts(screen.detail.decision_table)[0][:3] == [
        "tháng 1/2024",
        "Đã trả lại",
        "Thiếu danh sách kết nạp.",
    ]


def test_the_kind_of_an_office_changed(
    screen: OfficesScreen, monkeypatch: pytest.MonkeyPatch
) -> None:
    screen.select(BA_TRI)
    offered: list[str] = []

    def pick(current: str) -> str:
        offered.append(current)
        return "sector_union"

    monkeypatch.setattr(screen.detail, "ask_kind", pick)
    _click(screen, "officeKindButton")
    assert offered == ["district_federation"]
    assert _row(screen, BA_TRI)[Columns.NAME] == "Liên đoàn Lao động huyện Ba Tri\nCông đoàn ngành"
    assert screen.detail.title.text() == (
        "LDLD-BATRI – Liên đoàn Lao động huyện Ba Tri (Công đoàn ngành)"
    )
