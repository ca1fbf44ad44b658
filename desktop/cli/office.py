"""office show|set: the office's letterhead settings (names, number prefix, signer, recipients)."""

from __future__ import annotations

import argparse
from typing import Any

from desktop.cli.common import open_db, say
from desktop.cli.handover import register_handover, register_merge

# option: the setting it changes
# What `office set --help` shows after each option, in Vietnamese as `init --help` does.
METAVARS = {
    "unit_code": "MÃ",
    "office_kind": "LOẠI",
    "district_code": "MÃ",
    "province_code": "MÃ",
    "doc_prefix": "KÝ_HIỆU",
    "signer_title": "CHỨC_VỤ",
    "signer_name": "HỌ_TÊN",
    "recipients": "NƠI_NHẬN",
}
OPTIONS = {
    "--unit-code": "unit_code",
    "--office-kind": "office_kind",
    "--kind-name": "kind_name",
    "--unit-name": "unit_name",
    "--parent-body": "parent_body",
    "--place-name": "place_name",
    "--district-code": "district_code",
    "--province-code": "province_code",
    "--doc-prefix": "doc_prefix",
    "--on-behalf": "signer_on_behalf",
    "--signer-title": "signer_title",
    "--signer-name": "signer_name",
    "--recipients": "recipients",
}
HELP = {
    "unit_code": "mã đơn vị mới (sắp xếp 2025 đổi mã, đổi tên đơn vị): gói dữ liệu tháng kế tiếp "
    "báo cho LĐLĐ tỉnh mã cũ để tỉnh chuyển đơn vị sang mã mới",
    "office_kind": "loại đơn vị: district_federation (Liên đoàn Lao động cấp huyện), sector_union "
    "(Công đoàn ngành), industrial_zones_union (Công đoàn các Khu công nghiệp/Khu kinh tế), "
    "other_upper_union (Công đoàn cấp trên khác do tỉnh quy định, kèm --kind-name)",
    "kind_name": "tên loại đơn vị do tỉnh quy định, cho --office-kind other_upper_union",
    "province_code": "mã tỉnh theo danh mục từ 01/7/2025, ví dụ 86 (tỉnh Vĩnh Long), cho đơn vị "
    "không còn gắn với huyện: bỏ mã huyện; các xã lấy theo danh mục mới của tỉnh",
    "unit_name": "tên đơn vị, ví dụ «Liên đoàn Lao động huyện Ba Tri»",
    "parent_body": "cơ quan cấp trên, ví dụ «LĐLĐ tỉnh Bến Tre»",
    "place_name": "địa danh ghi trước ngày tháng, ví dụ «Ba Tri»",
    "district_code": "mã huyện theo danh mục trước sắp xếp 2025, ví dụ 836 (huyện Ba Tri): tỉnh, "
    "các xã để nhập danh sách, địa danh và cơ quan cấp trên nếu còn trống",
    "doc_prefix": "ký hiệu cơ quan trong số văn bản, ví dụ «LĐLĐ» (Số: 12/BC-LĐLĐ)",
    "signer_on_behalf": "thẩm quyền ký, ví dụ «TM. BAN THƯỜNG VỤ»",
    "signer_title": "chức vụ người ký, ví dụ «CHỦ TỊCH»",
    "signer_name": "họ và tên người ký",
    "recipients": "nơi nhận, cách nhau bằng «;», ví dụ «LĐLĐ tỉnh Bến Tre;Thường trực Huyện ủy»",
}


def register(subparsers: Any, common: argparse.ArgumentParser) -> None:
    office = subparsers.add_parser(
        "office", help="thông tin đơn vị in trên văn bản; nhận sổ, bàn giao sổ"
    )
    actions = office.add_subparsers(dest="office_command", metavar="VIỆC", required=True)
    show = actions.add_parser("show", help="xem thông tin đơn vị", parents=[common])
    show.set_defaults(handler=run_show)
    change = actions.add_parser("set", help="sửa thông tin đơn vị", parents=[common])
    for option, key in OPTIONS.items():
        change.add_argument(
            option, dest=key, default=None, metavar=METAVARS.get(key, "CHỮ"), help=HELP[key]
        )
    change.set_defaults(handler=run_set)
    register_merge(actions, common)
    register_handover(actions, common)


def run_show(args: argparse.Namespace) -> int:
    from desktop.services.office_settings import read_settings, settings_lines

    with open_db(args) as store:
        settings = read_settings(store)
    for line in settings_lines(settings):
        say(line)
    return 0


def run_set(args: argparse.Namespace) -> int:
    from desktop.services.office_settings import read_settings, settings_lines, update_settings

    changes = {
        key: getattr(args, key) for key in OPTIONS.values() if getattr(args, key) is not None
    }
    if not changes:
        say("Không có gì để sửa: thêm ít nhất một tùy chọn, ví dụ --signer-name.", error=True)
        return 2
    with open_db(args) as store:
        before = read_settings(store).code if "unit_code" in changes else ""
        settings = update_settings(store, changes)
    if before and settings.code != before:
        from desktop.services.office_messages import CODE_CHANGED

        say(CODE_CHANGED.format(old=before, new=settings.code))
    say("Đã lưu thông tin đơn vị:")
    for line in settings_lines(settings):
        say(f"  {line}")
    return 0
