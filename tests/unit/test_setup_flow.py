"""The first-run setup's state machine, without a display: the checks of each step, going back,
and the office `apply` creates, or leaves no trace of when a part fails."""

from __future__ import annotations

import contextlib
import sqlite3
from collections.abc import Iterator
from pathlib import Path

import pytest

from desktop.errors import UserError
from desktop.services import setup_messages as msg
from desktop.services.accounts import current_user, sign_in
from desktop.services.setup_flow import CARD_LATER, CARD_NOW, DEMO, THIS_OFFICE, SetupFlow, Step
from desktop.store import Store, shared
from tests.unit._sync_fixtures import PROVINCE, memory_keyring, no_passphrase

__all__ = ["memory_keyring"]

PASSWORD = "quan-tri-2026"
BACKUP_SECRET = "sao luu 2026 ba tri"


def province_card(folder: Path) -> tuple[Path, str]:
    """The province's database, keys and exported card: (card file, fingerprint)."""
    from desktop.services.office import init_office
    from desktop.sync.keys import create_office_keys, export_card

    db = folder / "tinh.sqlite"
    card = folder / "the-khoa-tinh.json"
    with Store(db) as store:  # closed after: the folder holds only the files the test names
        init_office(store, role="province", unit_code=PROVINCE[0], unit_name=PROVINCE[1])
        create_office_keys(store, passphrase=no_passphrase)
        key = export_card(store, card, passphrase=no_passphrase)
    return card, key.fingerprint


def filled(tmp_path: Path, *, card: tuple[Path, str] | None = None) -> SetupFlow:
    """A Ba Tri district office walked up to the summary."""
    usb = tmp_path / "usb"
    usb.mkdir(exist_ok=True)
    flow = SetupFlow(tmp_path / "batri.sqlite")
    a = flow.answers
    a.purpose = THIS_OFFICE
    assert flow.forward() == []
    a.code, a.name = "LDLD-BATRI", "Liên đoàn Lao động huyện Ba Tri"
    assert flow.forward() == []
    flow.choose_place("86", "836")
    assert flow.forward() == []
    a.admin_full_name, a.admin_name = "Nguyễn Thị Lan", "lan.nguyen"
    a.admin_password = a.admin_password_again = PASSWORD
    assert flow.forward() == []
    a.backup_folder = str(usb)
    a.backup_passphrase = a.backup_passphrase_again = BACKUP_SECRET
    assert flow.forward() == []
    if card is None:
        a.card = CARD_LATER
    else:
        a.card, a.card_path, a.card_fingerprint = CARD_NOW, str(card[0]), card[1]
    assert flow.forward() == []
    a.import_lists = True
    assert flow.forward() == []
    assert flow.step == Step.SUMMARY
    return flow


def files_beside(db: Path) -> list[str]:
    return sorted(p.name for p in db.parent.iterdir() if p.name != "usb")


def test_the_demo_is_a_one_step_setup(tmp_path: Path) -> None:
    flow = SetupFlow(tmp_path / "x.sqlite")
    assert flow.forward() == [msg.PURPOSE_MISSING]
    flow.answers.purpose = DEMO
    assert flow.steps() == [Step.START]
    assert flow.forward() == [] and flow.step == Step.START and flow.demo_chosen


def test_the_office_step_names_each_missing_or_wrong_field(tmp_path: Path) -> None:
    flow = SetupFlow(tmp_path / "x.sqlite")
    flow.answers.purpose = THIS_OFFICE
    flow.forward()
    assert flow.forward() == [
        "Mã đơn vị: chưa nhập (ví dụ «LDLD-BATRI»).",
        "Tên đơn vị: chưa nhập (ví dụ «Liên đoàn Lao động huyện Ba Tri»).",
    ]
    flow.answers.code, flow.answers.name = "LĐLĐ Ba Tri", "Liên đoàn Lao động huyện Ba Tri"
    flow.answers.kind = "other_upper_union"
    assert flow.forward() == [
        "Mã đơn vị «LĐLĐ Ba Tri»: cần 1–32 ký tự, chỉ gồm chữ cái không dấu, chữ số, «-», «_» "
        "hoặc «.», bắt đầu bằng chữ cái hoặc chữ số (ví dụ «LDLD-BATRI»).",
        "Tên loại đơn vị do tỉnh quy định: chưa nhập (ví dụ «Công đoàn Viên chức tỉnh»).",
    ]
    assert flow.step == Step.OFFICE


def test_the_place_fills_the_letterhead_and_keeps_what_the_user_typed(tmp_path: Path) -> None:
    flow = SetupFlow(tmp_path / "x.sqlite")
    a = flow.answers
    a.purpose, a.code, a.name = THIS_OFFICE, "CDN-GD", "Công đoàn ngành Giáo dục"
    flow.forward()
    flow.forward()
    assert flow.forward() == [
        "Tỉnh, thành phố: hãy chọn tỉnh, thành phố của đơn vị (danh mục từ 01/7/2025).",
        "Địa danh ghi trên văn bản: chưa nhập (ví dụ «Ba Tri»).",
        "Cơ quan cấp trên: chưa nhập (ví dụ «LĐLĐ tỉnh Vĩnh Long»).",
    ]
    flow.choose_place("86")
    assert (a.place_name, a.parent_body) == ("Vĩnh Long", "LĐLĐ tỉnh Vĩnh Long")
    flow.choose_place("86", "836")  # still tied to the old Ba Tri district
    assert (a.place_name, a.parent_body) == ("Ba Tri", "LĐLĐ tỉnh Bến Tre")
    a.place_name = "Thị trấn Ba Tri"
    flow.choose_place("86")
    assert (a.place_name, a.parent_body) == ("Thị trấn Ba Tri", "LĐLĐ tỉnh Vĩnh Long")
    flow.choose_place("86", "001")
    assert flow.forward() == [
        "Huyện cũ (trước 01/7/2025): mã «001» không phải một huyện cũ của Tỉnh Vĩnh Long."
    ]


def test_a_province_office_is_headed_by_the_confederation_and_skips_the_card(
    tmp_path: Path,
) -> None:
    flow = SetupFlow(tmp_path / "x.sqlite")
    flow.choose_place("86", "836")
    flow.choose_role("province")
    assert flow.answers.kind == "province_federation"
    assert flow.answers.district_code == ""
    assert (flow.answers.place_name, flow.answers.parent_body) == (
        "Vĩnh Long",
        "Tổng Liên đoàn Lao động Việt Nam",
    )
    assert Step.CARD not in flow.steps()


def test_the_account_and_key_steps_say_what_is_wrong(tmp_path: Path) -> None:
    flow = SetupFlow(tmp_path / "x.sqlite", keyring=False)
    a = flow.answers
    a.admin_name, a.admin_password, a.admin_password_again = "Lan Nguyễn", "ngắn", ""
    assert flow.problems(Step.ADMIN) == [
        "Họ và tên người quản trị: chưa nhập.",
        "Tên đăng nhập «Lan Nguyễn» không dùng được: cần 3–32 ký tự, bắt đầu bằng chữ cái "
        "không dấu, chỉ gồm chữ cái không dấu, chữ số, dấu chấm, gạch dưới hoặc gạch ngang "
        "(ví dụ «lan.nguyen»).",
        "Mật khẩu phải có ít nhất 8 ký tự.",
    ]
    a.admin_full_name, a.admin_name = "Nguyễn Thị Lan", "lan.nguyen"
    a.admin_password, a.admin_password_again = PASSWORD, PASSWORD + "x"
    assert flow.problems(Step.ADMIN) == [
        "Nhập lại mật khẩu: hai lần nhập mật khẩu đăng nhập không giống nhau."
    ]
    a.code, a.key_secret = "LDLD-BATRI", "1234567"
    a.backup_folder = str(tmp_path / "khong-co")
    a.backup_passphrase, a.backup_passphrase_again = "12345678901", "12345678901"
    assert flow.problems(Step.KEYS) == [
        "Mật khẩu tệp khóa: máy này không có kho khóa của hệ điều hành, cần mật khẩu ít nhất "
        "8 ký tự để khóa tệp khóa bí mật.",
        f"Thư mục lưu bản sao khóa: không tìm thấy thư mục {tmp_path / 'khong-co'}.",
        "Mật khẩu bản sao khóa: Mật khẩu bản sao khóa cần ít nhất 10 ký tự, gồm cả chữ cái và "
        "chữ số (hoặc dấu cách, ký hiệu).",
    ]
    a.key_secret = a.key_secret_again = "khoa-rieng-2026"
    a.backup_folder = str(tmp_path)
    (tmp_path / "sao-luu-khoa-ldld-batri.ukb").write_text("cũ", encoding="utf-8")
    a.backup_passphrase = BACKUP_SECRET
    a.backup_passphrase_again = BACKUP_SECRET + "!"
    assert flow.problems(Step.KEYS) == [
        f"Thư mục lưu bản sao khóa: đã có tệp {tmp_path / 'sao-luu-khoa-ldld-batri.ukb'}; bản "
        "sao không ghi đè lên tệp cũ, hãy chọn thư mục khác hoặc đổi tên tệp cũ.",
        "Mật khẩu bản sao khóa: Hai lần nhập mật khẩu không giống nhau.",
    ]


def test_the_card_step_checks_the_fingerprint_against_the_card(
    tmp_path: Path, memory_keyring: object
) -> None:
    card, fingerprint = province_card(tmp_path)
    flow = SetupFlow(tmp_path / "x.sqlite")
    a = flow.answers
    assert flow.problems(Step.CARD) == [msg.CARD_CHOICE_MISSING]
    a.card = CARD_NOW
    assert flow.problems(Step.CARD) == [
        "Tệp thẻ khóa của LĐLĐ tỉnh: hãy chọn tệp thẻ (đuôi .json hoặc .card).",
        "Dấu vân tay: hãy gõ 24 chữ số LĐLĐ tỉnh đã đọc qua điện thoại.",
    ]
    a.card_path, a.card_fingerprint = str(card), fingerprint[:-1]
    assert flow.problems(Step.CARD) == ["Dấu vân tay: cần đủ 24 chữ số, mới có 23."]
    wrong = "1" if fingerprint[-1] != "1" else "2"
    a.card_fingerprint = fingerprint[:-1] + wrong
    assert flow.problems(Step.CARD) == [
        f"Dấu vân tay: thẻ the-khoa-tinh.json có dấu vân tay {fingerprint}, khác với số đã gõ "
        f"({fingerprint[:-1] + wrong}). Không nhận thẻ này; hãy gọi lại LĐLĐ tỉnh."
    ]
    a.card_fingerprint = fingerprint.replace(" ", "")  # typed without the gaps: the same digits
    assert flow.problems(Step.CARD) == []


def test_going_back_keeps_the_answers_and_a_changed_level_changes_the_way(
    tmp_path: Path,
) -> None:
    flow = filled(tmp_path)
    assert flow.may_revisit(Step.START) and flow.may_revisit(Step.CARD)
    assert flow.back() == Step.LISTS
    assert flow.back() == Step.CARD
    flow.go_to(Step.OFFICE)
    assert flow.answers.code == "LDLD-BATRI"
    flow.answers.code = "LDLD-BATRI-2"
    flow.choose_role("province")
    assert flow.answers.kind == "province_federation"
    assert Step.CARD not in flow.steps()
    for expected in (Step.PLACE, Step.ADMIN, Step.KEYS, Step.LISTS, Step.SUMMARY):
        assert flow.forward() == []
        assert flow.step == expected
    assert ("Mã đơn vị", "LDLD-BATRI-2") in flow.summary()
    assert ("Tỉnh, thành phố", "Tỉnh Vĩnh Long") in flow.summary()
    assert ("Cơ quan cấp trên", "Tổng Liên đoàn Lao động Việt Nam") in flow.summary()


def test_a_step_not_reached_cannot_be_opened(tmp_path: Path) -> None:
    flow = SetupFlow(tmp_path / "x.sqlite")
    flow.answers.purpose = THIS_OFFICE
    flow.forward()
    assert not flow.may_revisit(Step.ADMIN)
    with pytest.raises(UserError) as refused:
        flow.go_to(Step.ADMIN)
    assert refused.value.message == (
        "Bước «Tài khoản quản trị» chưa mở được: hãy làm xong các bước trước."
    )


def test_apply_creates_the_office_its_administrator_keys_backup_and_the_province_card(
    tmp_path: Path, memory_keyring: object
) -> None:
    from desktop.services.keys import restore_office_keys
    from desktop.services.office import init_office

    card, fingerprint = province_card(tmp_path)
    flow = filled(tmp_path, card=(card, fingerprint))
    assert flow.summary() == [
        ("Cơ sở dữ liệu", str(tmp_path / "batri.sqlite")),
        ("Cấp đơn vị", "Công đoàn cấp trên trực tiếp cơ sở"),
        ("Loại đơn vị", "Liên đoàn Lao động cấp huyện"),
        ("Mã đơn vị", "LDLD-BATRI"),
        ("Tên đơn vị", "Liên đoàn Lao động huyện Ba Tri"),
        ("Tỉnh, thành phố", "Tỉnh Vĩnh Long"),
        ("Huyện cũ", "Huyện Ba Tri (Tỉnh Bến Tre cũ)"),
        ("Địa danh trên văn bản", "Ba Tri"),
        ("Cơ quan cấp trên", "LĐLĐ tỉnh Bến Tre"),
        ("Tài khoản quản trị", "lan.nguyen – Nguyễn Thị Lan"),
        ("Khóa ký số", "tạo mới, cất trong kho khóa của hệ điều hành"),
        ("Bản sao khóa", str(tmp_path / "usb" / "sao-luu-khoa-ldld-batri.ukb")),
        ("Thẻ khóa của LĐLĐ tỉnh", f"nhận ngay từ {card}"),
        ("Danh sách sẵn có", "nhập ngay: công đoàn cơ sở, rồi đoàn viên"),
    ]
    seen: list[str] = []
    result = flow.apply(lambda _fraction, text: seen.append(text))
    db = tmp_path / "batri.sqlite"
    assert result.db_path == db and result.import_lists
    assert files_beside(db) == ["batri.sqlite", "the-khoa-tinh.json", "tinh.sqlite"]
    assert seen == [
        "Đang tạo cơ sở dữ liệu…",
        "Đang tạo tài khoản quản trị…",
        "Đang tạo khóa ký số…",
        "Đang sao lưu khóa…",
        "Đang nhận thẻ khóa của LĐLĐ tỉnh…",
        "Đã tạo xong.",
    ]
    with contextlib.closing(sqlite3.connect(db)) as con:
        assert con.execute(
            "SELECT role, kind, code, name, place_name, parent_body, district_code, "
            "province_code FROM office"
        ).fetchall() == [
            (
                "district",
                "district_federation",
                "LDLD-BATRI",
                "Liên đoàn Lao động huyện Ba Tri",
                "Ba Tri",
                "LĐLĐ tỉnh Bến Tre",
                "836",
                "83",
            )
        ]
        assert con.execute("SELECT name, full_name, role FROM account").fetchall() == [
            ("lan.nguyen", "Nguyễn Thị Lan", "admin")
        ]
        keys = con.execute(
            "SELECT unit_code, role, own, fingerprint FROM unit_key ORDER BY own"
        ).fetchall()
    assert keys == [
        (PROVINCE[0], "province", 0, fingerprint),
        ("LDLD-BATRI", "district", 1, result.key.fingerprint),
    ]
    assert result.admin.name == "lan.nguyen" and result.admin.role == "admin"
    assert sign_in(shared(db), "lan.nguyen", PASSWORD).full_name == "Nguyễn Thị Lan"
    assert current_user() is None  # the process signs in as before; the window signs in after
    # The backup opens with its passphrase and holds the key: restored into a copy of the office.
    other = tmp_path / "may-moi.sqlite"
    init_office(shared(other), role="district", unit_code="LDLD-BATRI", unit_name="Ba Tri")
    restored = restore_office_keys(
        shared(other), result.backup, passphrase=lambda _p, _n: BACKUP_SECRET
    )
    assert [k.fingerprint for k in restored] == [result.key.fingerprint]


def test_a_card_gone_before_apply_leaves_no_database_backup_or_key(
    tmp_path: Path, memory_keyring: object
) -> None:
    card, fingerprint = province_card(tmp_path)
    flow = filled(tmp_path, card=(card, fingerprint))
    before = dict(memory_keyring.secrets)  # type: ignore[attr-defined]

    def pull_the_stick(_fraction: float, text: str) -> None:
        # Checked when «Tạo» was pressed; the USB stick with the card came out while it ran.
        if text == "Đang sao lưu khóa…":
            card.unlink()

    with pytest.raises(UserError) as refused:
        flow.apply(pull_the_stick)
    assert refused.value.message.startswith("Chưa tạo được cơ sở dữ liệu, không có gì được ghi: ")
    assert str(card) in refused.value.message
    assert files_beside(tmp_path / "batri.sqlite") == ["tinh.sqlite"]
    assert list((tmp_path / "usb").iterdir()) == []
    assert dict(memory_keyring.secrets) == before  # type: ignore[attr-defined]


def test_a_target_that_appeared_meanwhile_is_never_overwritten(
    tmp_path: Path, memory_keyring: object
) -> None:
    flow = filled(tmp_path)
    (tmp_path / "batri.sqlite").write_bytes(b"office data")
    with pytest.raises(UserError) as refused:
        flow.apply()
    assert refused.value.message == (
        f"Đã có tệp {tmp_path / 'batri.sqlite'}: thiết lập chỉ tạo cơ sở dữ liệu mới, không "
        "ghi đè lên tệp đã có."
    )
    assert (tmp_path / "batri.sqlite").read_bytes() == b"office data"
    assert list((tmp_path / "usb").iterdir()) == []


def test_cancel_during_apply_leaves_nothing(tmp_path: Path, memory_keyring: object) -> None:
    from desktop.errors import Cancelled

    flow = filled(tmp_path)

    def cancel_at_backup(_fraction: float, text: str) -> None:
        if text == "Đang sao lưu khóa…":
            raise Cancelled

    with pytest.raises(Cancelled):
        flow.apply(cancel_at_backup)
    assert files_beside(tmp_path / "batri.sqlite") == []
    assert list((tmp_path / "usb").iterdir()) == []
    assert memory_keyring.secrets == {}  # type: ignore[attr-defined]


@pytest.fixture
def no_keyring() -> Iterator[None]:
    """A PC without an OS keyring (keyring's `fail` backend): keys go to passphrase files."""
    import keyring
    from keyring.backends import fail

    from desktop.sync import keystore

    previous = keyring.get_keyring()
    keyring.set_keyring(fail.Keyring())
    keystore.forget_unlocked()
    try:
        yield
    finally:
        keyring.set_keyring(previous)
        keystore.forget_unlocked()


def key_files() -> list[str]:
    from desktop import paths

    folder = paths.data_dir() / "keys"
    return sorted(p.name for p in folder.iterdir()) if folder.is_dir() else []


def without_keyring(tmp_path: Path) -> SetupFlow:
    flow = filled(tmp_path)
    flow.keyring = False
    flow.go_to(Step.KEYS)
    flow.answers.key_secret = flow.answers.key_secret_again = "khoa-rieng-2026"
    for _ in range(3):
        assert flow.forward() == []
    return flow


def test_without_a_keyring_the_key_goes_to_a_file_locked_by_the_passphrase_chosen(
    tmp_path: Path, no_keyring: None
) -> None:
    from desktop.sync import keystore

    flow = without_keyring(tmp_path)
    assert ("Khóa ký số", "tạo mới, cất trong tệp khóa có mật khẩu") in flow.summary()
    result = flow.apply()
    assert result.key.storage == "file"
    assert key_files() == [f"{result.key.key_id}.ukey"]
    keystore.forget_unlocked()
    pair = keystore.load("LDLD-BATRI", result.key.key_id, "file", lambda _p, _n: "khoa-rieng-2026")
    assert pair.key_id == result.key.key_id


def test_without_a_keyring_a_cancel_removes_the_key_file_it_made(
    tmp_path: Path, no_keyring: None
) -> None:
    from desktop.errors import Cancelled

    flow = without_keyring(tmp_path)
    before = key_files()

    def cancel_at_backup(_fraction: float, text: str) -> None:
        if text == "Đang sao lưu khóa…":
            assert len(key_files()) == len(before) + 1  # the key was made ...
            raise Cancelled

    with pytest.raises(Cancelled):
        flow.apply(cancel_at_backup)
    assert key_files() == before  # ... and is gone with the office that never was
    assert files_beside(tmp_path / "batri.sqlite") == []
