"""office show|set: the office's letterhead settings (names, number prefix, signer, recipients)."""

from __future__ import annotations

import argparse
from typing import Any

from desktop.cli.common import require_db, say

# option: the setting it changes
OPTIONS = {
    "--unit-name": "unit_name",
    "--parent-body": "parent_body",
    "--place-name": "place_name",
    "--district-code": "district_code",
    "--doc-prefix": "doc_prefix",
    "--on-behalf": "signer_on_behalf",
    "--signer-title": "signer_title",
    "--signer-name": "signer_name",
    "--recipients": "recipients",
}
HELP = {
    "unit_name": "tên đơn vị, ví dụ «Liên đoàn Lao động huyện Ba Tri»",
    "parent_body": "cơ quan cấp trên, ví dụ «LĐLĐ tỉnh Bến Tre»",
    "place_name": "địa danh ghi trước ngày tháng, ví dụ «Ba Tri»",
    "district_code": "mã huyện theo danh mục hành chính, ví dụ 836 (huyện Ba Tri): tỉnh, các xã "
    "để nhập danh sách, địa danh và cơ quan cấp trên nếu còn trống",
    "doc_prefix": "ký hiệu cơ quan trong số văn bản, ví dụ «LĐLĐ» (Số: 12/BC-LĐLĐ)",
    "signer_on_behalf": "thẩm quyền ký, ví dụ «TM. BAN THƯỜNG VỤ»",
    "signer_title": "chức vụ người ký, ví dụ «CHỦ TỊCH»",
    "signer_name": "họ và tên người ký",
    "recipients": "nơi nhận, cách nhau bằng «;», ví dụ «LĐLĐ tỉnh Bến Tre;Thường trực Huyện ủy»",
}


def register(subparsers: Any, common: argparse.ArgumentParser) -> None:
    office = subparsers.add_parser("office", help="thông tin đơn vị in trên văn bản")
    actions = office.add_subparsers(dest="office_command", metavar="VIỆC", required=True)
    show = actions.add_parser("show", help="xem thông tin đơn vị", parents=[common])
    show.set_defaults(handler=run_show)
    change = actions.add_parser("set", help="sửa thông tin đơn vị", parents=[common])
    for option, key in OPTIONS.items():
        change.add_argument(option, dest=key, default=None, help=HELP[key])
    change.set_defaults(handler=run_set)


def run_show(args: argparse.Namespace) -> int:
    from desktop.services.office_settings import read_settings, settings_lines

    for line in settings_lines(read_settings(require_db(args))):
        say(line)
    return 0


def run_set(args: argparse.Namespace) -> int:
    from desktop.services.office_settings import settings_lines, update_settings

    changes = {
        key: getattr(args, key) for key in OPTIONS.values() if getattr(args, key) is not None
    }
    if not changes:
        say("Không có gì để sửa: thêm ít nhất một tùy chọn, ví dụ --signer-name.", error=True)
        return 2
    settings = update_settings(require_db(args), changes)
    say("Đã lưu thông tin đơn vị:")
    for line in settings_lines(settings):
        say(f"  {line}")
    return 0
