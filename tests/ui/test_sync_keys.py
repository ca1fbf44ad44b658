"""Đồng bộ, the keys part: everything an office does once, done from the screen alone.

The card the screen writes is the card `keys trust` registers; the backup it writes is the one
`keys restore` reads; where the province's card is missing the screen says what to ask for.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path

import keyring
import pytest
from PySide6.QtCore import Qt, QTimer
from PySide6.QtGui import QInputMethodEvent, QTextDocument
from PySide6.QtWidgets import QApplication, QFileDialog, QInputDialog, QPushButton, QWidget

from desktop.services.office import init_office
from desktop.store import shared
from desktop.sync import keystore
from desktop.sync.keys import export_card, show_keys
from desktop.sync.memory_keyring import MemoryKeyring
from desktop.ui.sync_screen import SyncScreen
from desktop.ui.tasks import SynchronousPool, TaskRunner
from tests.unit._sync_fixtures import (
    DISTRICT,
    PROVINCE,
    add_small_records,
    make_office,
    memory_keyring,
    no_passphrase,
    parse_cli,
)

__all__ = ["memory_keyring"]
FINGERPRINT = re.compile(r"\d{4}(?: \d{4}){5}")


def plain(label_text: str) -> str:
    """What a clerk reads in a rich-text label."""
    document = QTextDocument()
    document.setHtml(label_text)
    return document.toPlainText()


def answer_dialog(act: Callable[[QWidget], None]) -> list[QWidget]:
    """Act on the next modal dialog as a clerk would (it opens inside the click)."""
    seen: list[QWidget] = []

    def handle() -> None:
        dialog = QApplication.activeModalWidget()
        if dialog is None:
            QTimer.singleShot(10, handle)
            return
        seen.append(dialog)
        act(dialog)

    QTimer.singleShot(0, handle)
    return seen


def type_into(qtbot, field: QWidget, text: str) -> None:  # type: ignore[no-untyped-def]
    """Type as a clerk does: plain keys, and Vietnamese letters committed by the input method
    (QTest's keyClicks aborts the process on a letter outside Latin-1's ASCII part)."""
    for char in text:
        if ord(char) < 128:
            qtbot.keyClicks(field, char)
        else:
            event = QInputMethodEvent()
            event.setCommitString(char)
            QApplication.sendEvent(field, event)


def click_button(dialog: QWidget, text: str) -> None:
    [button] = [b for b in dialog.findChildren(QPushButton) if b.text() == text]
    button.click()


def save_to(monkeypatch: pytest.MonkeyPatch, path: Path) -> list[str]:
    """The save dialog answers `path`; returns the names it suggested."""
    suggested: list[str] = []

    def chosen(parent: QWidget, title: str, name: str, *args: object, **kw: object) -> tuple:
        suggested.append(name)
        return str(path), ""

    monkeypatch.setattr(QFileDialog, "getSaveFileName", chosen)
    return suggested


def open_file(monkeypatch: pytest.MonkeyPatch, path: Path) -> None:
    monkeypatch.setattr(QFileDialog, "getOpenFileName", lambda *a, **k: (str(path), ""))


def screen_on(qtbot, db: Path) -> SyncScreen:  # type: ignore[no-untyped-def]
    screen = SyncScreen(db, runner=TaskRunner(pool=SynchronousPool()))
    qtbot.addWidget(screen)
    screen.resize(814, 700)
    screen.show()
    return screen


def export_card_from(qtbot, screen: SyncScreen, monkeypatch, out: Path) -> str:  # type: ignore[no-untyped-def]
    """Click «Xuất thẻ khóa của đơn vị…»; returns the fingerprint the screen shows."""
    suggested = save_to(monkeypatch, out)
    qtbot.mouseClick(screen.keys.export_card_button, Qt.MouseButton.LeftButton)
    assert suggested == ["the-khoa-ldld-batri.json"]
    shown = plain(screen.outcome.text())
    [fingerprint] = FINGERPRINT.findall(shown)
    return fingerprint


def test_the_office_card_from_the_screen_is_the_one_keys_trust_registers(
    qtbot, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, memory_keyring
) -> None:  # type: ignore[no-untyped-def]
    district = make_office(tmp_path / "district.sqlite", "district", DISTRICT)
    province = make_office(tmp_path / "province.sqlite", "province", PROVINCE)
    screen = screen_on(qtbot, district)
    assert screen.keys.export_card_button.text() == "Xuất thẻ khóa của đơn vị…"

    card = tmp_path / "the-khoa.json"
    fingerprint = export_card_from(qtbot, screen, monkeypatch, card)
    assert card.exists()
    assert plain(screen.outcome.text()).splitlines() == [
        f"Đã ghi thẻ khóa của đơn vị vào {card}.",
        "Dấu vân tay để đọc qua điện thoại:",
        fingerprint,
        "1. Gửi tệp thẻ khóa này cho LĐLĐ tỉnh (USB, thư điện tử hoặc Zalo).",
        "2. Gọi điện cho LĐLĐ tỉnh và đọc dấu vân tay, từng nhóm 4 chữ số; tỉnh chỉ nhận thẻ "
        "khi khớp từng chữ số.",
    ]

    # The province types the fingerprint it heard: the card matches it digit for digit.
    args = parse_cli(["keys", "trust", str(card), "--fingerprint", fingerprint])
    args.db = province
    assert args.handler(args) == 0
    [registered] = show_keys(shared(province)).trusted
    assert (registered.unit_code, registered.fingerprint) == (DISTRICT[0], fingerprint)
    assert fingerprint in screen.own_key.text()  # the same one the screen always showed


def test_the_key_backup_from_the_screen_restores_the_same_keys(
    qtbot, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, memory_keyring
) -> None:  # type: ignore[no-untyped-def]
    from desktop.services.keys import restore_office_keys

    district = make_office(tmp_path / "district.sqlite", "district", DISTRICT)
    before = [(k.key_id, k.fingerprint) for k in show_keys(shared(district)).own]
    screen = screen_on(qtbot, district)
    backup = tmp_path / "usb" / "khoa.ukb"
    suggested = save_to(monkeypatch, backup)
    problems: list[str] = []

    def type_passphrases(dialog: QWidget) -> None:
        first = dialog.findChild(QWidget, "backupPassphrase")
        again = dialog.findChild(QWidget, "backupPassphraseAgain")
        ok = dialog.findChild(QPushButton, "backupPassphraseOk")
        problem = dialog.findChild(QWidget, "passphraseProblem")
        first.setText("01012024")  # a date: guessed first
        problems.append(problem.text())
        assert not ok.isEnabled()
        first.setText("Ba Tri 2024 sao lưu")
        again.setText("Ba Tri 2024 sao luu")
        problems.append(problem.text())
        assert not ok.isEnabled()
        again.setText("Ba Tri 2024 sao lưu")
        problems.append(problem.text())
        click_button(dialog, "Sao lưu")

    dialogs = answer_dialog(type_passphrases)
    qtbot.mouseClick(screen.keys.backup_button, Qt.MouseButton.LeftButton)
    assert len(dialogs) == 1 and dialogs[0].windowTitle() == "Mật khẩu cho bản sao khóa"
    assert suggested == ["sao-luu-khoa-ldld-batri.ukb"]
    assert problems == [
        "Mật khẩu bản sao khóa cần ít nhất 10 ký tự, gồm cả chữ cái và chữ số (hoặc dấu cách, "
        "ký hiệu).",
        "Hai lần nhập mật khẩu không giống nhau.",
        "Mật khẩu dùng được.",
    ]
    assert backup.exists()
    assert plain(screen.outcome.text()).splitlines() == [
        f"Đã sao lưu 1 khóa của LDLD-BATRI vào {backup}.",
        "- Chép tệp này vào USB và cất USB ở nơi khác, xa máy tính này (tủ có khóa của cơ quan).",
        "- Ghi mật khẩu ra giấy, cất riêng, không để cùng chỗ với USB.",
        "- Khi cài lại máy, khôi phục khóa từ bản sao này: LĐLĐ tỉnh vẫn nhận gói của đơn vị mà "
        "không phải đăng ký lại.",
    ]

    # A reinstalled PC: an empty keyring, a new database of the same office.
    keyring.set_keyring(MemoryKeyring())
    keystore.forget_unlocked()
    fresh = tmp_path / "may-moi.sqlite"
    init_office(shared(fresh), role="district", unit_code=DISTRICT[0], unit_name=DISTRICT[1])
    restored = restore_office_keys(
        shared(fresh), backup, passphrase=lambda _p, _n: "Ba Tri 2024 sao lưu"
    )
    assert [(k.key_id, k.fingerprint) for k in restored] == before
    assert [(k.key_id, k.fingerprint) for k in show_keys(shared(fresh)).own] == before


def test_where_the_province_card_is_missing_the_screen_says_what_to_ask_for(
    qtbot, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, memory_keyring
) -> None:  # type: ignore[no-untyped-def]
    district = make_office(tmp_path / "district.sqlite", "district", DISTRICT)
    province = make_office(tmp_path / "province.sqlite", "province", PROVINCE)
    card = export_card(shared(province), tmp_path / "the-khoa-tinh.json", passphrase=no_passphrase)
    screen = screen_on(qtbot, district)
    box = screen.keys.missing_box
    assert box.isVisible()
    assert not screen.export_button.isEnabled()
    assert [plain(label.text()) for label in (box.title, *box.steps)] == [
        "Chưa có thẻ khóa của LĐLĐ tỉnh nên chưa thể xuất gói tháng.",
        "1. Cần xin gì: gọi điện cho LĐLĐ tỉnh, đề nghị gửi «thẻ khóa công khai của LĐLĐ tỉnh» "
        "(một tệp nhỏ, đuôi .json hoặc .card) và đọc cho mình dấu vân tay của thẻ: 24 chữ số, "
        "từng nhóm 4 số. Ghi dấu vân tay ra giấy.",
        "2. Thẻ đến bằng cách nào: tỉnh gửi tệp qua USB, thư điện tử hoặc Zalo; lưu tệp vào "
        "máy này.",
        "3. Khi có tệp: bấm «Nhận thẻ khóa của tỉnh…», chọn tệp và gõ dấu vân tay đã ghi. Thẻ "
        "chỉ được nhận khi khớp từng chữ số.",
    ]
    assert all(label.isVisible() for label in box.steps)
    assert box.button.text() == "Nhận thẻ khóa của tỉnh…" and box.button.isVisible()

    def type_fingerprint(heard: str) -> Callable[[QWidget], None]:
        def act(dialog: QWidget) -> None:
            assert isinstance(dialog, QInputDialog)
            assert dialog.labelText().startswith("Gõ dấu vân tay LĐLĐ tỉnh đã đọc qua điện")
            dialog.setTextValue(heard)
            click_button(dialog, "Đồng ý")

        return act

    open_file(monkeypatch, tmp_path / "the-khoa-tinh.json")
    misheard = card.fingerprint[:-1] + ("0" if card.fingerprint[-1] != "0" else "1")
    answer_dialog(type_fingerprint(misheard))
    qtbot.mouseClick(box.button, Qt.MouseButton.LeftButton)
    assert plain(screen.outcome.text()).startswith("Không tin thẻ khóa: Dấu vân tay của thẻ")
    assert box.isVisible()

    answer_dialog(type_fingerprint(card.fingerprint.replace(" ", "")))  # typed without spaces
    qtbot.mouseClick(box.button, Qt.MouseButton.LeftButton)
    assert not box.isVisible()
    assert screen.export_button.isEnabled()
    assert plain(screen.province_key.text()) == (
        f"Khóa LĐLĐ tỉnh đã tin: LDLD-BENTRE – {card.fingerprint}"
    )
    assert screen.keys.replace_card_button.isVisible()


def test_an_office_set_up_from_the_screen_alone_has_its_bundle_accepted(
    qtbot, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, memory_keyring
) -> None:  # type: ignore[no-untyped-def]
    """The clerk of issue 11: card, province card and bundle all from Đồng bộ, and the province
    accepts the bundle."""
    from desktop.services.bundles import process_files

    district = tmp_path / "district.sqlite"
    init_office(shared(district), role="district", unit_code=DISTRICT[0], unit_name=DISTRICT[1])
    add_small_records(district)
    province = make_office(tmp_path / "province.sqlite", "province", PROVINCE)
    province_card = export_card(shared(province), tmp_path / "tinh.json", passphrase=no_passphrase)
    screen = screen_on(qtbot, district)

    qtbot.mouseClick(screen.create_key_button, Qt.MouseButton.LeftButton)
    fingerprint = export_card_from(qtbot, screen, monkeypatch, tmp_path / "the-khoa.json")
    args = parse_cli(
        ["keys", "trust", str(tmp_path / "the-khoa.json"), "--fingerprint", fingerprint]
    )
    args.db = province
    assert args.handler(args) == 0

    open_file(monkeypatch, tmp_path / "tinh.json")

    def heard(dialog: QWidget) -> None:
        dialog.setTextValue(province_card.fingerprint)  # type: ignore[attr-defined]
        click_button(dialog, "Đồng ý")

    answer_dialog(heard)
    qtbot.mouseClick(screen.keys.trust_button, Qt.MouseButton.LeftButton)
    assert screen.export_button.isEnabled()

    screen.period.clear()
    type_into(qtbot, screen.period, "tháng 3/2024")
    bundle = tmp_path / "goi.udb"
    suggested = save_to(monkeypatch, bundle)
    qtbot.mouseClick(screen.export_button, Qt.MouseButton.LeftButton)
    assert suggested == ["goi-du-lieu-ldld-batri-03-2024.udb"]
    assert screen.period.text() == "03/2024"
    assert bundle.exists()

    [verdict] = process_files(shared(province), [bundle], write=False, passphrase=no_passphrase)
    assert (verdict.verdict, verdict.unit_code, verdict.period) == ("ok", DISTRICT[0], "2024-03")


@pytest.mark.parametrize("typed", ["6/2024", "06/2024", "tháng 6/2024", "Tháng 06/2024"])
def test_the_month_is_typed_as_offices_write_it(
    qtbot, tmp_path: Path, memory_keyring, typed: str
) -> None:  # type: ignore[no-untyped-def]
    screen = screen_on(qtbot, make_office(tmp_path / "d.sqlite", "district", DISTRICT))
    screen.period.clear()
    type_into(qtbot, screen.period, typed)
    qtbot.keyClick(screen.period, Qt.Key.Key_Return)
    assert screen.period.text() == "06/2024"


def test_an_impossible_month_is_refused_naming_the_field(
    qtbot, tmp_path: Path, memory_keyring
) -> None:  # type: ignore[no-untyped-def]
    screen = screen_on(qtbot, make_office(tmp_path / "d.sqlite", "district", DISTRICT))
    screen.period.setText("13/2024")
    screen.period.editingFinished.emit()
    assert screen.period.text() == "13/2024"  # left as typed, to correct
    assert plain(screen.outcome.text()) == (
        "Ô «Kỳ»: Kỳ «13/2024» không hợp lệ: ghi tháng như 06/2024 (hoặc 6/2024, tháng 6/2024, "
        "2024-06)."
    )


def test_the_screen_fits_beside_the_sidebar_at_1024_wide(
    qtbot, tmp_path: Path, memory_keyring
) -> None:  # type: ignore[no-untyped-def]
    """1024 px less the 210 px sidebar: nothing on Đồng bộ may force the window wider."""
    lone = screen_on(qtbot, make_office(tmp_path / "d.sqlite", "district", DISTRICT))
    assert lone.keys.missing_box.isVisible()
    assert lone.minimumSizeHint().width() <= 814
    from tests.unit._sync_fixtures import Exchange

    (tmp_path / "ex").mkdir()
    ex = Exchange(tmp_path / "ex")
    busy = screen_on(qtbot, ex.district)
    busy.export_to(tmp_path / "mot-ten-tep-rat-dai-cua-goi-du-lieu-thang-ba.udb", "03/2024")
    assert not busy.keys.missing_box.isVisible()
    assert busy.minimumSizeHint().width() <= 814
    busy.grab().save(str(tmp_path / "sync-814.png"))


def test_without_a_keyring_the_key_file_passphrase_is_asked_once_then_the_backup_one(
    qtbot, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:  # type: ignore[no-untyped-def]
    """A PC with no OS keyring keeps the key in a file locked by its own passphrase: the card
    and the backup open it with that one, and lock the backup with the new one."""
    from keyring.backends import fail

    from desktop.services.keys import restore_office_keys
    from desktop.sync.keys import create_office_keys

    keyring.set_keyring(fail.Keyring())
    keystore.forget_unlocked()
    db = tmp_path / "d.sqlite"
    init_office(shared(db), role="district", unit_code=DISTRICT[0], unit_name=DISTRICT[1])
    key = create_office_keys(shared(db), passphrase=lambda _p, _n: "khóa trên máy 1")
    keystore.forget_unlocked()  # the program opened again: the key file is locked
    screen = screen_on(qtbot, db)
    asked: list[str] = []

    def key_passphrase(dialog: QWidget) -> None:
        asked.append(dialog.labelText())  # type: ignore[attr-defined]
        dialog.setTextValue("khóa trên máy 1")  # type: ignore[attr-defined]
        click_button(dialog, "Đồng ý")

    answer_dialog(key_passphrase)
    assert export_card_from(qtbot, screen, monkeypatch, tmp_path / "the.json") == key.fingerprint
    assert asked == ["Mật khẩu mở khóa ký của đơn vị:"]

    def backup_passphrase(dialog: QWidget) -> None:
        dialog.findChild(QWidget, "backupPassphrase").setText("sao lưu 2024 Ba Tri")
        dialog.findChild(QWidget, "backupPassphraseAgain").setText("sao lưu 2024 Ba Tri")
        click_button(dialog, "Sao lưu")

    save_to(monkeypatch, tmp_path / "khoa.ukb")
    answer_dialog(backup_passphrase)
    qtbot.mouseClick(screen.keys.backup_button, Qt.MouseButton.LeftButton)
    assert asked == ["Mật khẩu mở khóa ký của đơn vị:"]  # not asked again
    assert (tmp_path / "khoa.ukb").exists()

    keyring.set_keyring(MemoryKeyring())
    keystore.forget_unlocked()
    fresh = tmp_path / "may-moi.sqlite"
    init_office(shared(fresh), role="district", unit_code=DISTRICT[0], unit_name=DISTRICT[1])
    restored = restore_office_keys(
        shared(fresh), tmp_path / "khoa.ukb", passphrase=lambda _p, _n: "sao lưu 2024 Ba Tri"
    )
    assert [k.fingerprint for k in restored] == [key.fingerprint]


def test_a_province_is_not_told_to_ask_itself_for_a_card(
    qtbot, tmp_path: Path, memory_keyring
) -> None:  # type: ignore[no-untyped-def]
    screen = screen_on(qtbot, make_office(tmp_path / "p.sqlite", "province", PROVINCE))
    assert not screen.keys.missing_box.isVisible()
    assert not screen.province_key.isVisible()
    assert screen.keys.export_card_button.isEnabled()
