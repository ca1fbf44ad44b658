"""keys create|export|trust|show|backup|restore|rotate|revoke: this office's keys and trusted ones."""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import Any

from desktop.cli.common import open_db, say


def register(subparsers: Any, common: argparse.ArgumentParser) -> None:
    keys = subparsers.add_parser("keys", help="khóa ký, khóa mã hóa và thẻ khóa công khai")
    actions = keys.add_subparsers(dest="keys_command", metavar="VIỆC", required=True)

    create = actions.add_parser(
        "create", help="tạo khóa cho đơn vị (init làm việc này)", parents=[common]
    )
    create.set_defaults(handler=run_create)

    export = actions.add_parser("export", help="xuất thẻ khóa công khai", parents=[common])
    export.add_argument("--out", type=Path, required=True, help="tệp thẻ khóa sẽ tạo")
    export.add_argument(
        "--pending",
        action="store_true",
        help="thẻ của khóa mới đã tạo bằng keys rotate mà chưa gói nào báo",
    )
    export.set_defaults(handler=run_export)

    trust = actions.add_parser(
        "trust", help="huyện: tin thẻ của tỉnh; tỉnh: đăng ký thẻ của đơn vị", parents=[common]
    )
    trust.add_argument("file", type=Path, metavar="FILE")
    trust.add_argument(
        "--fingerprint", help="dấu vân tay đọc qua điện thoại; thẻ phải khớp từng chữ số"
    )
    trust.set_defaults(handler=run_trust)

    show = actions.add_parser("show", help="dấu vân tay các khóa", parents=[common])
    show.set_defaults(handler=run_show)

    backup = actions.add_parser(
        "backup",
        help="sao lưu khóa bí mật có mật khẩu (ít nhất 10 ký tự, có chữ cái và chữ số)",
        parents=[common],
    )
    backup.add_argument("--out", type=Path, required=True)
    backup.set_defaults(handler=run_backup)

    restore = actions.add_parser("restore", help="khôi phục khóa từ bản sao", parents=[common])
    restore.add_argument("file", type=Path, metavar="FILE")
    restore.set_defaults(handler=run_restore)

    rotate = actions.add_parser(
        "rotate", help="thay khóa: khóa mới được báo trong gói ký bằng khóa cũ", parents=[common]
    )
    rotate.set_defaults(handler=run_rotate)

    revoke = actions.add_parser(
        "revoke", help="(tỉnh) thu hồi khóa của một đơn vị từ số thứ tự gói", parents=[common]
    )
    revoke.add_argument("--unit", required=True, help="mã đơn vị")
    revoke.add_argument("--key", required=True, help="mã khóa (16 chữ số hex)")
    revoke.add_argument("--from-sequence", type=int, required=True, help="gói từ số này bị từ chối")
    revoke.set_defaults(handler=run_revoke)


def run_create(args: argparse.Namespace) -> int:
    from desktop.services.keys import create_office_key

    with open_db(args) as store:
        key = create_office_key(store)
        where = "kho khóa của hệ điều hành" if key.storage == "keyring" else "tệp khóa mã hóa"
        say(f"Đã tạo khóa cho {key.unit_code}, cất trong {where}.")
        say(f"Mã khóa {key.key_id}; dấu vân tay: {key.fingerprint}")
        say("Hãy sao lưu khóa ngay: uniondesk keys backup --out TỆP")
        return 0


def run_export(args: argparse.Namespace) -> int:
    from desktop.services.keys import export_office_card

    with open_db(args) as store:
        card = export_office_card(store, args.out, pending=args.pending)
        key = card.key
        which = "khóa mới (đang chờ, chưa gói nào báo)" if args.pending else "khóa"
        say(
            f"Đã ghi thẻ {which} {key.key_id} của {key.unit_code} – {key.unit_name} vào {args.out}."
        )
        say(f"Dấu vân tay (đọc cho đơn vị nhận để đối chiếu): {card.fingerprint}")
        if not args.pending:  # a waiting key's card goes out with its own instructions
            for number, step in enumerate(card.steps, 1):
                say(f"{number}. {step}")
        return 0


def run_trust(args: argparse.Namespace) -> int:
    from desktop.services.keys import trust_office_card

    with open_db(args) as store:
        result = trust_office_card(store, args.file, fingerprint=args.fingerprint)
        key = result.key
        if result.already:
            say(f"Khóa {key.key_id} của {key.unit_code} – {key.unit_name} đã được tin từ trước.")
        else:
            say(f"Đã tin khóa {key.key_id} của {key.unit_code} – {key.unit_name}.")
        say(f"Dấu vân tay: {key.fingerprint}")
        if args.fingerprint is None:
            say("Hãy gọi điện cho đơn vị gửi thẻ và đọc đối chiếu dấu vân tay trên.")
        for old in result.replaced:
            say(f"Khóa cũ {old} không còn được dùng.")
        return 0


def _line(key: Any) -> str:
    state = "đang dùng" if key.active else "không dùng"
    if key.revoked_from_sequence is not None:
        state = f"thu hồi từ gói số {key.revoked_from_sequence}"
    return f"  {key.unit_code:<14} {key.key_id}  {key.fingerprint}  ({state})"


def run_show(args: argparse.Namespace) -> int:
    from desktop.services.keys import show_office_keys as show_keys

    with open_db(args) as store:
        overview = show_keys(store)
        say(f"Khóa của đơn vị {overview.office_code}:")
        for key in overview.own or ():
            say(_line(key))
        if not overview.own:
            say("  (chưa có khóa: uniondesk keys create)")
        say("Khóa đã tin:" if overview.office_role != "province" else "Khóa các đơn vị đã đăng ký:")
        for key in overview.trusted:
            say(_line(key) + f"  {key.unit_name}")
        if not overview.trusted:
            say("  (chưa có)")
        return 0


def run_backup(args: argparse.Namespace) -> int:
    from desktop.services.keys import BACKUP_KEEP_STEPS, backup_office_keys

    with open_db(args) as store:
        result = backup_office_keys(store, args.out)
        say(f"Đã sao lưu {len(result.keys)} khóa của {result.unit_code} vào {result.path}.")
        for step in BACKUP_KEEP_STEPS:
            say(f"- {step}")
        return 0


def run_restore(args: argparse.Namespace) -> int:
    from desktop.services.keys import restore_office_keys

    with open_db(args) as store:
        keys = restore_office_keys(store, args.file)
        for key in keys:
            say(f"Đã khôi phục khóa {key.key_id} ({'đang dùng' if key.active else 'khóa cũ'}).")
        return 0


def run_rotate(args: argparse.Namespace) -> int:
    from desktop.services.keys import rotate_office_key as rotate_keys

    with open_db(args) as store:
        key = rotate_keys(store)
        say(f"Đã tạo khóa mới {key.key_id}; dấu vân tay {key.fingerprint}.")
        say("Gói xuất tiếp theo được ký bằng khóa cũ và báo khóa mới cho LĐLĐ tỉnh.")
        return 0


def run_revoke(args: argparse.Namespace) -> int:
    from desktop.services.keys import revoke_unit_key as revoke_key

    with open_db(args) as store:
        key = revoke_key(store, args.unit, args.key, args.from_sequence)
        say(
            f"Đã thu hồi khóa {key.key_id} của {key.unit_code}: "
            f"gói từ số {key.revoked_from_sequence} trở đi ký bằng khóa này sẽ bị từ chối."
        )
        return 0
