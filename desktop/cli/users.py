"""users list|add|passwd|role|disable|enable: the accounts that may open this database.

A new or changed password comes from UNIONDESK_NEW_PASSWORD, else it is typed twice; the
signed-in administrator's own password is UNIONDESK_PASSWORD (desktop.cli.access).
"""

from __future__ import annotations

import argparse
from typing import Any

from desktop.cli.common import open_db, say

ROLE_CHOICES = ("admin", "staff", "viewer")
ROLE_HELP = "admin (Quản trị), staff (Cán bộ) hoặc viewer (Chỉ xem)"


def register(subparsers: Any, common: argparse.ArgumentParser) -> None:
    users = subparsers.add_parser("users", help="tài khoản đăng nhập và vai trò")
    actions = users.add_subparsers(dest="users_command", metavar="VIỆC", required=True)

    listing = actions.add_parser("list", help="các tài khoản", parents=[common])
    listing.set_defaults(handler=run_list)

    add = actions.add_parser(
        "add",
        help="thêm tài khoản (tài khoản đầu tiên phải là admin); mật khẩu lấy từ "
        "UNIONDESK_NEW_PASSWORD hoặc được hỏi hai lần",
        parents=[common],
    )
    add.add_argument("name", metavar="TÊN", help="tên đăng nhập, ví dụ lan.nguyen")
    add.add_argument("--role", required=True, choices=ROLE_CHOICES, help=ROLE_HELP)
    add.add_argument("--full-name", default="", metavar="HỌ_TÊN", help="họ và tên người dùng")
    add.set_defaults(handler=run_add)

    passwd = actions.add_parser(
        "passwd",
        help="đặt mật khẩu mới (của mình; admin: của bất kỳ ai); lấy từ UNIONDESK_NEW_PASSWORD "
        "hoặc được hỏi hai lần",
        parents=[common],
    )
    passwd.add_argument("name", metavar="TÊN")
    passwd.set_defaults(handler=run_passwd)

    role = actions.add_parser("role", help="đổi vai trò của một tài khoản", parents=[common])
    role.add_argument("name", metavar="TÊN")
    role.add_argument("role", choices=ROLE_CHOICES, metavar="VAI_TRÒ", help=ROLE_HELP)
    role.set_defaults(handler=run_role)

    disable = actions.add_parser(
        "disable", help="khóa tài khoản: không đăng nhập được nữa", parents=[common]
    )
    disable.add_argument("name", metavar="TÊN")
    disable.set_defaults(handler=run_disable)

    enable = actions.add_parser("enable", help="mở lại tài khoản đã khóa", parents=[common])
    enable.add_argument("name", metavar="TÊN")
    enable.set_defaults(handler=run_enable)

    idle = actions.add_parser(
        "idle-lock",
        help="xem hoặc đặt số phút không dùng thì cửa sổ tự khóa (0: không bao giờ)",
        parents=[common],
    )
    idle.add_argument("minutes", nargs="?", metavar="SỐ_PHÚT", help="bỏ trống để xem")
    idle.set_defaults(handler=run_idle_lock)


def run_list(args: argparse.Namespace) -> int:
    from desktop.services.accounts import list_accounts

    found = list_accounts(open_db(args))
    if not found:
        say("Chưa có tài khoản nào: ai mở cơ sở dữ liệu cũng có mọi quyền.")
        say("Thêm quản trị: uniondesk users add TÊN --role admin")
        return 0
    for account in found:
        # Tab-separated for scripts: name, role, state, full name.
        state = "đang dùng" if account.active else "đã khóa"
        say("\t".join((account.name, account.role_label, state, account.full_name)))
    return 0


def run_add(args: argparse.Namespace) -> int:
    from desktop.cli.access import read_new_password
    from desktop.errors import UserError
    from desktop.services.accounts import ROLE_LABELS, create_account, name_problems, normal_name

    db = open_db(args)
    # Name and role are checked before anyone types a password for nothing.
    problems = name_problems(args.name, args.role, args.full_name)
    if problems:
        raise UserError(" ".join(problems))
    password = read_new_password(args.name)
    create_account(db, args.name, password, args.role, args.full_name)
    say(f"Đã thêm tài khoản {normal_name(args.name)} ({ROLE_LABELS[args.role]}).")
    return 0


def run_passwd(args: argparse.Namespace) -> int:
    from desktop.cli.access import read_new_password
    from desktop.services.accounts import change_password, normal_name

    db = open_db(args)
    change_password(db, args.name, read_new_password(args.name))
    say(f"Đã đặt mật khẩu mới cho {normal_name(args.name)}.")
    return 0


def run_role(args: argparse.Namespace) -> int:
    from desktop.services.accounts import ROLE_LABELS, normal_name, set_role

    set_role(open_db(args), args.name, args.role)
    say(f"Tài khoản {normal_name(args.name)} nay có vai trò {ROLE_LABELS[args.role]}.")
    return 0


def run_disable(args: argparse.Namespace) -> int:
    from desktop.services.accounts import disable_account, normal_name

    disable_account(open_db(args), args.name)
    say(f"Đã khóa tài khoản {normal_name(args.name)}: không đăng nhập được nữa.")
    return 0


def run_enable(args: argparse.Namespace) -> int:
    from desktop.services.accounts import enable_account, normal_name

    enable_account(open_db(args), args.name)
    say(f"Đã mở lại tài khoản {normal_name(args.name)}.")
    return 0


def run_idle_lock(args: argparse.Namespace) -> int:
    from desktop.services.settings import idle_lock_minutes, set_idle_lock_minutes

    db = open_db(args)
    minutes = (
        idle_lock_minutes(db) if args.minutes is None else set_idle_lock_minutes(db, args.minutes)
    )
    done = "Đã đặt: " if args.minutes is not None else ""
    say(
        f"{done}cửa sổ tự khóa sau {minutes} phút không dùng."
        if minutes
        else f"{done}cửa sổ không tự khóa."
    )
    return 0
