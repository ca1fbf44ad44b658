"""Commands that create and look after a database: demo, init, check."""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import TYPE_CHECKING, Any

from desktop.cli.common import open_db, say

if TYPE_CHECKING:
    from desktop.store import Store


def register(subparsers: Any, common: argparse.ArgumentParser) -> None:
    demo = subparsers.add_parser(
        "demo", help="tạo cơ sở dữ liệu huyện mẫu (hoặc tỉnh mẫu, với --province)", parents=[common]
    )
    demo.add_argument("path", type=Path, metavar="PATH")
    demo.add_argument(
        "--members",
        type=int,
        default=None,
        help="số đoàn viên (mặc định 5000; với --province: của mỗi đơn vị, mặc định 800)",
    )
    demo.add_argument(
        "--province",
        action="store_true",
        help="tạo tỉnh mẫu: LĐLĐ tỉnh đã gộp gói dữ liệu từng tháng năm 2024 của các đơn vị",
    )
    demo.add_argument(
        "--offices",
        type=int,
        default=None,
        metavar="N",
        help="số đơn vị của tỉnh mẫu (với --province; từ 2 đến 13, mặc định 5)",
    )
    demo.add_argument(
        "--seed", type=int, default=1, help="hạt giống ngẫu nhiên (cùng hạt, cùng dữ liệu)"
    )
    demo.add_argument(
        "--force",
        action="store_true",
        help="thay cả một tệp đã có không phải tệp mẫu (mặc định: từ chối)",
    )
    demo.set_defaults(handler=run_demo)

    init = subparsers.add_parser(
        "init", help="khởi tạo cơ sở dữ liệu cho một đơn vị", parents=[common]
    )
    init.add_argument("--role", required=True, choices=["district", "province"])
    init.add_argument("--unit-code", required=True)
    init.add_argument("--unit-name", required=True)
    init.add_argument(
        "--parent-body", default="", help="cơ quan cấp trên, ví dụ «LĐLĐ tỉnh Bến Tre»"
    )
    init.add_argument("--place-name", default="", help="địa danh ghi trên văn bản, ví dụ «Ba Tri»")
    init.add_argument(
        "--office-kind",
        default=None,
        metavar="LOẠI",
        help="loại đơn vị: district_federation (Liên đoàn Lao động cấp huyện, mặc định), "
        "sector_union (Công đoàn ngành), industrial_zones_union (Công đoàn các Khu công "
        "nghiệp/Khu kinh tế), other_upper_union (Công đoàn cấp trên khác do tỉnh quy định, "
        "kèm --kind-name); với --role province: province_federation",
    )
    init.add_argument(
        "--kind-name",
        default="",
        metavar="TÊN",
        help="tên loại đơn vị do tỉnh quy định, cho --office-kind other_upper_union",
    )
    init.add_argument(
        "--district-code",
        default="",
        metavar="MÃ",
        help="mã huyện theo danh mục trước sắp xếp 2025 (ví dụ 836 – Ba Tri), nếu đơn vị còn "
        "gắn với một huyện cũ; không bắt buộc",
    )
    init.add_argument(
        "--province-code",
        default="",
        metavar="MÃ",
        help="mã tỉnh theo danh mục từ 01/7/2025 (ví dụ 86 – Vĩnh Long) cho đơn vị không có "
        "huyện: danh mục xã, phường",
    )
    init.add_argument(
        "--admin-user",
        metavar="TÊN",
        help="tạo luôn tài khoản quản trị (mật khẩu: biến môi trường UNIONDESK_PASSWORD, hoặc "
        "được hỏi hai lần); từ đó mọi lệnh cần --user",
    )
    init.set_defaults(handler=run_init)

    check = subparsers.add_parser(
        "check", help="kiểm tra toàn vẹn và nhất quán dữ liệu", parents=[common]
    )
    check.set_defaults(handler=run_check)


def run_demo(args: argparse.Namespace) -> int:
    from desktop.demo import generate_demo

    if args.province:
        return _province_demo(args)
    if args.offices is not None:
        say("--offices chỉ dùng cùng với --province.", error=True)
        return 2
    members = 5000 if args.members is None else args.members
    if members < 1:
        say("Số đoàn viên (--members) phải lớn hơn 0.", error=True)
        return 2
    summary = generate_demo(args.path, members=members, seed=args.seed, force=args.force)
    say(f"Đã tạo huyện mẫu tại {args.path}: {summary}")
    return 0


def _province_demo(args: argparse.Namespace) -> int:
    from desktop.demo.province import (
        DEFAULT_MEMBERS,
        DEFAULT_OFFICES,
        RETURNED_PERIOD,
        make_demo_province,
        plan,
    )
    from desktop.periods import period_shown as month_label

    offices = DEFAULT_OFFICES if args.offices is None else args.offices
    members = DEFAULT_MEMBERS if args.members is None else args.members
    chosen = plan(offices)  # refuses a number of offices out of range before anything is made
    make_demo_province(
        args.path, offices=offices, members=members, seed=args.seed, force=args.force
    )
    say(
        f"Đã tạo tỉnh mẫu tại {args.path}: {len(chosen.offices)} đơn vị, mỗi đơn vị khoảng "
        f"{members} đoàn viên, gói dữ liệu năm 2024 đã gộp từng tháng."
    )
    for spec in chosen.offices:
        last = month_label(chosen.last_period(spec.code))
        note = " (chậm 3 tháng)" if spec.code == chosen.behind else ""
        if spec.code == chosen.returned:
            note += f"; tháng {month_label(RETURNED_PERIOD)} bị trả lại"
        say(f"  {spec.code} – {spec.name}: đến tháng {last}{note}")
    return 0


def run_init(args: argparse.Namespace) -> int:
    from desktop.services.office import init_office

    admin_password = _admin_password(args.admin_user) if args.admin_user else None
    # A file is made here; a province's PostgreSQL database must exist (its schema is made).
    with open_db(args, must_exist=False) as store:
        info = init_office(
            store,
            role=args.role,
            unit_code=args.unit_code,
            unit_name=args.unit_name,
            parent_body=args.parent_body,
            place_name=args.place_name,
            district_code=args.district_code,
            province_code=args.province_code,
            kind=args.office_kind,
            kind_name=args.kind_name,
        )
        from desktop.services.office_kinds import kind_label

        say(f"Đã khởi tạo {store.label} cho đơn vị {info.code} – {info.name} ({info.role}).")
        say(f"Loại đơn vị: {kind_label(info.kind, info.kind_name)}.")
        filled = [
            f"{label} «{value}»"
            for label, given, value in (
                ("địa danh", args.place_name, info.place_name),
                ("cơ quan cấp trên", args.parent_body, info.parent_body),
            )
            if value and not given.strip()
        ]
        if filled:
            source = (
                f"mã huyện {args.district_code}"
                if args.district_code
                else f"mã tỉnh {args.province_code}"
            )
            say(f"Theo {source}: {', '.join(filled)} (sửa bằng uniondesk office set).")
        if args.admin_user and admin_password is not None:
            from desktop.services.accounts import ADMIN, ROLE_LABELS, create_account, normal_name

            create_account(store, args.admin_user, admin_password, ADMIN)
            name = normal_name(args.admin_user)
            say(
                f"Đã tạo tài khoản {name} ({ROLE_LABELS[ADMIN]}): từ nay mọi lệnh cần --user {name}."
            )
        _create_keys(store)
        return 0


def _admin_password(name: str) -> str:
    """The first administrator's password, checked with the name before the office is made."""
    from desktop.cli.access import PASSWORD_VARIABLE, read_new_password
    from desktop.errors import UserError
    from desktop.services.accounts import ADMIN, account_problems, name_problems

    problems = name_problems(name, ADMIN)
    if problems:
        raise UserError(" ".join(problems))
    password = read_new_password(name, PASSWORD_VARIABLE)
    problems = account_problems(name, password, ADMIN)
    if problems:
        raise UserError(" ".join(problems))
    return password


def _create_keys(store: Store) -> None:
    """Keys come with the office; without a keyring or a passphrase the office is still usable."""
    from desktop.errors import UserError
    from desktop.services.keys import create_keys_with_office as create_office_keys

    try:
        key = create_office_keys(store)
    except UserError as exc:
        say(f"Chưa tạo được khóa: {exc}")
        say(f"Khi có mật khẩu, hãy chạy: uniondesk keys create --db {store.label}")
        return
    where = "kho khóa của hệ điều hành" if key.storage == "keyring" else "tệp khóa mã hóa"
    say(f"Đã tạo khóa ký và khóa mã hóa, cất trong {where}.")
    say(f"Dấu vân tay: {key.fingerprint}")


def run_check(args: argparse.Namespace) -> int:
    from desktop.services.check import check_database

    report = check_database(open_db(args, migrate=False))
    say(f"Kiểm tra {report.path}")
    for label, count in report.counts:
        say(f"  {label}: {count:,}".replace(",", "."))
    if not report.findings:
        say("Không phát hiện lỗi.")
    for finding in report.findings:
        tag = "LỖI" if finding.level == "error" else "CẢNH BÁO"
        say(f"[{tag}] {finding.message}")
        for example in finding.examples:
            say(f"    - {example}")
    return 0 if report.ok else 1
