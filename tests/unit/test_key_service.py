"""desktop.services.keys: what `uniondesk keys …` and the Đồng bộ screen share."""

from __future__ import annotations

from pathlib import Path

import pytest

from desktop.errors import UserError
from desktop.services.keys import (
    backup_file_name,
    backup_passphrase_problem,
    bundle_file_name,
    card_file_name,
)
from desktop.store import shared
from tests.unit._sync_fixtures import DISTRICT, make_office, memory_keyring, parse_cli

__all__ = ["memory_keyring"]
RULE = (
    "Mật khẩu bản sao khóa cần ít nhất 10 ký tự, gồm cả chữ cái và chữ số (hoặc dấu cách, ký hiệu)."
)


def test_default_file_names_are_vietnamese_words() -> None:
    assert card_file_name("LDLD-BATRI") == "the-khoa-ldld-batri.json"
    assert backup_file_name("LDLD-BATRI") == "sao-luu-khoa-ldld-batri.ukb"
    assert bundle_file_name("LDLD-BATRI", "tháng 6/2024") == "goi-du-lieu-ldld-batri-06-2024.udb"
    assert bundle_file_name("CĐ KCN Giao Long", "2024-11") == (
        "goi-du-lieu-cd-kcn-giao-long-11-2024.udb"
    )


@pytest.mark.parametrize(
    ("first", "second", "problem"),
    [
        ("ngắn1", None, RULE),
        ("01012024", None, RULE),  # a date
        ("1234567890", None, RULE),  # digits only
        ("congdoanbatri", None, RULE),  # one long word
        ("aaaaaaaaa1", None, RULE),  # one key held down
        ("Ba Tri 2024 sao lưu", "Ba Tri 2024 sao luu", "Hai lần nhập mật khẩu không giống nhau."),
        ("Ba Tri 2024 sao lưu", "Ba Tri 2024 sao lưu", None),
        ("mật khẩu sao lưu", None, None),
    ],
)
def test_the_backup_passphrase_rule(first: str, second: str | None, problem: str | None) -> None:
    assert backup_passphrase_problem(first, second) == problem


def test_keys_backup_on_the_command_line_keeps_the_same_rule(
    tmp_path: Path, memory_keyring, monkeypatch: pytest.MonkeyPatch, capsys
) -> None:  # type: ignore[no-untyped-def]
    db = make_office(tmp_path / "d.sqlite", "district", DISTRICT)
    out = tmp_path / "khoa.ukb"
    args = parse_cli(["keys", "backup", "--db", str(db), "--out", str(out)])
    monkeypatch.setenv("UNIONDESK_KEY_PASSPHRASE", "12345678")
    with pytest.raises(UserError) as weak:
        args.handler(args)
    assert weak.value.message == RULE
    assert not out.exists()

    monkeypatch.setenv("UNIONDESK_KEY_PASSPHRASE", "Ba Tri 2024 sao lưu")
    assert args.handler(args) == 0
    assert capsys.readouterr().out.splitlines() == [
        f"Đã sao lưu 1 khóa của LDLD-BATRI vào {out}.",
        "- Chép tệp này vào USB và cất USB ở nơi khác, xa máy tính này (tủ có khóa của cơ quan).",
        "- Ghi mật khẩu ra giấy, cất riêng, không để cùng chỗ với USB.",
        "- Khi cài lại máy, khôi phục khóa từ bản sao này: LĐLĐ tỉnh vẫn nhận gói của đơn vị mà "
        "không phải đăng ký lại.",
    ]


def test_keys_export_says_what_to_do_with_the_card(tmp_path: Path, memory_keyring, capsys) -> None:  # type: ignore[no-untyped-def]
    from desktop.sync.keys import show_keys

    db = make_office(tmp_path / "d.sqlite", "district", DISTRICT)
    out = tmp_path / "the-khoa.json"
    args = parse_cli(["keys", "export", "--db", str(db), "--out", str(out)])
    assert args.handler(args) == 0
    [key] = show_keys(shared(db)).own
    assert capsys.readouterr().out.splitlines() == [
        f"Đã ghi thẻ khóa {key.key_id} của LDLD-BATRI – Liên đoàn Lao động huyện Ba Tri vào {out}.",
        f"Dấu vân tay (đọc cho đơn vị nhận để đối chiếu): {key.fingerprint}",
        "1. Gửi tệp thẻ khóa này cho LĐLĐ tỉnh (USB, thư điện tử hoặc Zalo).",
        "2. Gọi điện cho LĐLĐ tỉnh và đọc dấu vân tay, từng nhóm 4 chữ số; tỉnh chỉ nhận thẻ "
        "khi khớp từng chữ số.",
    ]
