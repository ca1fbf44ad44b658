"""Office keys: keyring storage, the encrypted-file fallback, cards, trust, backup and restore."""

from __future__ import annotations

import json
import os
import sqlite3
import stat
from pathlib import Path

import keyring
import pytest
from keyring.backends import fail

from desktop.errors import UserError
from desktop.store import shared
from desktop.sync import keystore
from desktop.sync.format.card import read_card
from desktop.sync.keybackup import backup_keys, restore_keys
from desktop.sync.keys import create_office_keys, export_card, load_own_pair, show_keys, trust_card
from tests.unit._sync_fixtures import (
    DISTRICT,
    OTHER_DISTRICT,
    PROVINCE,
    make_office,
    memory_keyring,
    no_passphrase,
    parse_cli,
)

__all__ = ["memory_keyring"]


def _phrase(value: str):  # type: ignore[no-untyped-def]
    return lambda purpose, new: value


def test_keys_go_to_the_keyring_and_never_into_the_database(tmp_path: Path, memory_keyring) -> None:
    db = make_office(tmp_path / "d.sqlite", "district", DISTRICT)
    key, pair = load_own_pair(shared(db), passphrase=no_passphrase)
    assert key.storage == "keyring"
    assert len(key.key_id) == 16
    assert len(key.fingerprint) == 29 and key.fingerprint.replace(" ", "").isdigit()
    stored = memory_keyring.secrets[("UnionDesk", f"LDLD-BATRI/{key.key_id}")]
    assert pair.sign_private.hex() in stored
    wal = Path(f"{db}-wal")
    raw = db.read_bytes() + (wal.read_bytes() if wal.exists() else b"")
    assert pair.sign_private not in raw and pair.sign_private.hex().encode() not in raw
    assert pair.box_private.hex().encode() not in raw


def test_a_second_create_is_refused(tmp_path: Path, memory_keyring) -> None:
    db = make_office(tmp_path / "d.sqlite", "district", DISTRICT)
    with pytest.raises(UserError, match="đã có khóa"):
        create_office_keys(shared(db), passphrase=no_passphrase)


def test_without_a_keyring_the_key_is_a_passphrase_encrypted_file(tmp_path: Path) -> None:
    from desktop.services.office import init_office

    previous = keyring.get_keyring()
    keyring.set_keyring(fail.Keyring())
    keystore.forget_unlocked()
    try:
        db = tmp_path / "d.sqlite"
        init_office(shared(db), role="district", unit_code=DISTRICT[0], unit_name=DISTRICT[1])
        with pytest.raises(UserError, match="ít nhất 8 ký tự"):
            create_office_keys(shared(db), passphrase=_phrase("ngắn"))
        key = create_office_keys(shared(db), passphrase=_phrase("mật khẩu đủ dài"))
        assert key.storage == "file"
        path = keystore.key_file(key.key_id)
        document = json.loads(path.read_text(encoding="utf-8"))
        assert document["kdf"] == "scrypt"
        # The scrypt cost travels as written in the doc; only the owner may read the file.
        assert (document["n"], document["r"], document["p"]) == ("32768", "8", "1")
        if os.name == "posix":
            assert stat.S_IMODE(path.stat().st_mode) == 0o600
            assert not path.with_name(path.name + ".partial").exists()
        keystore.forget_unlocked()
        with pytest.raises(UserError, match="Mật khẩu khóa không đúng"):
            load_own_pair(shared(db), passphrase=_phrase("sai mật khẩu"))
        _, pair = load_own_pair(shared(db), passphrase=_phrase("mật khẩu đủ dài"))
        assert pair.sign_private.hex() not in path.read_text(encoding="utf-8")
        assert pair.key_id == key.key_id
    finally:
        keyring.set_keyring(previous)
        keystore.forget_unlocked()


def test_passphrase_comes_from_the_environment_for_scripts(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from desktop.services.office import init_office

    previous = keyring.get_keyring()
    keyring.set_keyring(fail.Keyring())
    keystore.forget_unlocked()
    try:
        db = tmp_path / "d.sqlite"
        init_office(shared(db), role="district", unit_code=DISTRICT[0], unit_name=DISTRICT[1])
        monkeypatch.delenv("UNIONDESK_KEY_PASSPHRASE", raising=False)
        monkeypatch.setattr("sys.stdin", None)
        with pytest.raises(UserError, match="UNIONDESK_KEY_PASSPHRASE"):
            create_office_keys(shared(db))
        monkeypatch.setenv("UNIONDESK_KEY_PASSPHRASE", "kịch bản tự động")
        assert create_office_keys(shared(db)).storage == "file"
    finally:
        keyring.set_keyring(previous)
        keystore.forget_unlocked()


def test_cards_are_exchanged_and_fingerprints_checked(tmp_path: Path, memory_keyring) -> None:
    district = make_office(tmp_path / "d.sqlite", "district", DISTRICT)
    province = make_office(tmp_path / "p.sqlite", "province", PROVINCE)
    own = export_card(shared(district), tmp_path / "d.card", passphrase=no_passphrase)
    card = read_card(tmp_path / "d.card")
    assert (card.unit_code, card.unit_name, card.role) == (*DISTRICT, "district")
    assert card.fingerprint == own.fingerprint

    with pytest.raises(UserError, match="khác với dấu vân tay đã đọc"):
        trust_card(
            shared(province), tmp_path / "d.card", fingerprint="0000 0000 0000 0000 0000 0000"
        )
    result = trust_card(
        shared(province), tmp_path / "d.card", fingerprint=own.fingerprint.replace(" ", "-")
    )
    assert not result.already and result.key.unit_code == "LDLD-BATRI"
    assert trust_card(shared(province), tmp_path / "d.card").already

    export_card(shared(province), tmp_path / "p.card", passphrase=no_passphrase)
    trust_card(shared(district), tmp_path / "p.card")
    overview = show_keys(shared(district))
    assert [k.unit_code for k in overview.trusted] == ["LDLD-BENTRE"]
    assert [k.key_id for k in overview.own] == [own.key_id]


def test_a_card_with_one_changed_letter_is_refused(tmp_path: Path, memory_keyring) -> None:
    district = make_office(tmp_path / "d.sqlite", "district", DISTRICT)
    province = make_office(tmp_path / "p.sqlite", "province", PROVINCE)
    export_card(shared(district), tmp_path / "d.card", passphrase=no_passphrase)
    text = (tmp_path / "d.card").read_text(encoding="utf-8")
    (tmp_path / "forged.card").write_text(text.replace("Ba Tri", "Ba Trj"), encoding="utf-8")
    with pytest.raises(UserError, match="chữ ký không hợp lệ"):
        trust_card(shared(province), tmp_path / "forged.card")
    (tmp_path / "junk.card").write_text("không phải thẻ", encoding="utf-8")
    with pytest.raises(UserError, match="không phải thẻ khóa"):
        trust_card(shared(province), tmp_path / "junk.card")


def test_roles_decide_which_cards_may_be_trusted(tmp_path: Path, memory_keyring) -> None:
    district = make_office(tmp_path / "d.sqlite", "district", DISTRICT)
    other = make_office(tmp_path / "o.sqlite", "district", OTHER_DISTRICT)
    province = make_office(tmp_path / "p.sqlite", "province", PROVINCE)
    export_card(shared(other), tmp_path / "o.card", passphrase=no_passphrase)
    export_card(shared(province), tmp_path / "p.card", passphrase=no_passphrase)
    export_card(shared(district), tmp_path / "d.card", passphrase=no_passphrase)
    with pytest.raises(UserError, match="chỉ tin thẻ của LĐLĐ tỉnh"):
        trust_card(shared(district), tmp_path / "o.card")
    with pytest.raises(UserError, match="chính đơn vị này"):
        trust_card(shared(district), tmp_path / "d.card")
    other_province = make_office(
        tmp_path / "p2.sqlite", "province", ("LDLD-TRAVINH", "LĐLĐ tỉnh Trà Vinh")
    )
    with pytest.raises(UserError, match="chỉ đăng ký thẻ của các đơn vị"):
        trust_card(shared(other_province), tmp_path / "p.card")


def test_backup_and_restore_keep_the_identity_on_a_new_pc(tmp_path: Path, memory_keyring) -> None:
    db = make_office(tmp_path / "d.sqlite", "district", DISTRICT)
    key, pair = load_own_pair(shared(db), passphrase=no_passphrase)
    backup = backup_keys(shared(db), tmp_path / "khoa.ukb", passphrase=_phrase("mật khẩu sao lưu"))
    assert backup.keys == (key.key_id,)
    if os.name == "posix":  # a copy of the private keys: its owner's eyes only
        assert stat.S_IMODE((tmp_path / "khoa.ukb").stat().st_mode) == 0o600
    assert pair.sign_private.hex() not in (tmp_path / "khoa.ukb").read_text(encoding="utf-8")
    with pytest.raises(UserError, match="đã có"):
        backup_keys(shared(db), tmp_path / "khoa.ukb", passphrase=_phrase("mật khẩu sao lưu"))

    # The new PC: an empty keyring, the database restored, and a fresh key made by init.
    memory_keyring.secrets.clear()
    keystore.forget_unlocked()
    with pytest.raises(UserError, match="khôi phục bản sao khóa"):
        load_own_pair(shared(db), passphrase=no_passphrase)
    fresh = tmp_path / "fresh.sqlite"
    make_office(fresh, "district", DISTRICT)
    with pytest.raises(UserError, match="không đúng"):
        restore_keys(shared(fresh), tmp_path / "khoa.ukb", passphrase=_phrase("mật khẩu khác hẳn"))
    restored = restore_keys(
        shared(fresh), tmp_path / "khoa.ukb", passphrase=_phrase("mật khẩu sao lưu")
    )
    assert [(k.key_id, k.active) for k in restored] == [(key.key_id, True)]
    keystore.forget_unlocked()
    again, pair_again = load_own_pair(shared(fresh), passphrase=no_passphrase)
    assert again.key_id == key.key_id and again.fingerprint == key.fingerprint
    assert pair_again == pair
    other = make_office(tmp_path / "o.sqlite", "district", OTHER_DISTRICT)
    with pytest.raises(UserError, match="là của đơn vị LDLD-BATRI"):
        restore_keys(shared(other), tmp_path / "khoa.ukb", passphrase=_phrase("mật khẩu sao lưu"))


def test_key_commands_from_the_command_line(
    tmp_path: Path, memory_keyring, capsys: pytest.CaptureFixture[str]
) -> None:
    from desktop.services.office import init_office

    db = tmp_path / "d.sqlite"
    init_office(shared(db), role="district", unit_code=DISTRICT[0], unit_name=DISTRICT[1])
    args = parse_cli(["keys", "create", "--db", str(db)])
    assert args.handler(args) == 0
    args = parse_cli(["keys", "export", "--db", str(db), "--out", str(tmp_path / "c.card")])
    assert args.handler(args) == 0
    out = capsys.readouterr().out
    fingerprint = show_keys(shared(db)).own[0].fingerprint
    assert f"Dấu vân tay (đọc cho đơn vị nhận để đối chiếu): {fingerprint}" in out
    args = parse_cli(["keys", "show", "--db", str(db)])
    assert args.handler(args) == 0
    assert fingerprint in capsys.readouterr().out
    with pytest.raises(SystemExit) as exit_info:
        parse_cli(["keys", "--db", str(db)])
    assert exit_info.value.code == 2
    with sqlite3.connect(db) as con:
        assert con.execute("SELECT COUNT(*) FROM unit_key WHERE own = 1").fetchone()[0] == 1
