"""Building the argument parser from the command modules.

Each command module exposes `register(subparsers, common)`; adding a command is adding a module to
COMMAND_MODULES. Handlers import their services lazily so `uniondesk` alone (the GUI) starts fast.
"""

from __future__ import annotations

import argparse
import importlib
import re
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import Any, NoReturn

from desktop import __version__
from desktop.cli.common import db_argument

COMMAND_MODULES = (
    "desktop.cli.setup",
    "desktop.cli.backup",
    "desktop.cli.report",
    "desktop.cli.progress",
    "desktop.cli.keys",
    "desktop.cli.bundle",
    "desktop.cli.members",
    "desktop.cli.importing",
    "desktop.cli.office",
    "desktop.cli.quotas",
    "desktop.cli.programme",
    "desktop.cli.users",
    "desktop.cli.audit",
)


# argparse's own phrases (Python 3.11–3.13) as an office reads them; matched on the formatted
# message because argparse builds its messages before `error()` sees them.
# Compiled only when a usage error happens: start-up stays as it was.
_PHRASES: tuple[tuple[str, str], ...] = (
    (r"^argument (.+?): ", r"tham số \1: "),
    (r"the following arguments are required: ", "thiếu tham số bắt buộc: "),
    (r"one of the arguments (.+) is required", r"cần một trong các tham số \1"),
    (
        r"invalid choice: (.+) \(choose from (.*)\)$",
        r"giá trị không hợp lệ: \1 (chọn một trong \2)",
    ),
    (r"unrecognized arguments: ", "tham số không nhận ra: "),
    (r"expected one argument", "cần một giá trị"),
    (r"expected at most one argument", "cần nhiều nhất một giá trị"),
    (r"expected at least one argument", "cần ít nhất một giá trị"),
    (r"expected (\d+) arguments?", r"cần \1 giá trị"),
    (r"invalid int value: ", "không phải số nguyên: "),
    (r"invalid float value: ", "không phải số: "),
    (r"invalid (\S+) value: ", r"giá trị \1 không hợp lệ: "),
    (r"ambiguous option: (.+) could match ", r"tùy chọn \1 không rõ, có thể là "),
    (r"not allowed with argument ", "không dùng cùng được với tham số "),
    (r"ignored explicit argument ", "giá trị thừa bị bỏ qua: "),
    (r"can't open '(.+)': ", r"không mở được «\1»: "),
)


def vietnamese(message: str) -> str:
    for pattern, replacement in _PHRASES:
        message = re.sub(pattern, replacement, message, count=1)
    return message


class VietnameseFormatter(argparse.HelpFormatter):
    def add_usage(self, usage, actions, groups, prefix=None):  # type: ignore[no-untyped-def]
        super().add_usage(usage, actions, groups, "Cách dùng: " if prefix is None else prefix)


class VietnameseParser(argparse.ArgumentParser):
    """argparse with its fixed phrases in Vietnamese; usage errors still exit 2.

    Sub-command parsers are made by argparse as this class too (`add_subparsers` defaults its
    parser class to the parent's)."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("formatter_class", VietnameseFormatter)
        super().__init__(*args, **kwargs)
        self._positionals.title = "tham số"
        self._optionals.title = "tùy chọn"
        for action in self._actions:
            if isinstance(action, argparse._HelpAction):
                action.help = "in hướng dẫn này rồi thoát"

    def error(self, message: str) -> NoReturn:
        self.print_usage(sys.stderr)
        self.exit(2, f"{self.prog}: lỗi cú pháp: {vietnamese(message)}\n")


SIZE_RANGE = (320, 10_000)


def window_size(text: str) -> tuple[int, int]:
    """`1024x700` (or `1024×700`) as (width, height) in pixels."""
    parts = text.strip().lower().replace("×", "x").split("x")
    low, high = SIZE_RANGE
    if len(parts) == 2 and all(p.strip().isdigit() for p in parts):
        width, height = (int(p) for p in parts)
        if low <= width <= high and low <= height <= high:
            return width, height
    raise argparse.ArgumentTypeError(
        f"cỡ «{text}» không hợp lệ: viết RỘNGxCAO bằng điểm ảnh, mỗi số từ {low} đến {high}, "
        "ví dụ 1024x700"
    )


# The window's own options that take a value: what follows them is that value, not a command.
_WINDOW_VALUES = ("--db", "--user", "--screenshot", "--screen", "--size")


def _asks_help(token: str) -> bool:
    """`--help`, or what argparse takes for it: `--h`, `--he`, `--hel` (with or without `=`)."""
    option = token.split("=", 1)[0]
    return len(option) >= 3 and "--help".startswith(option)


def names_a_command(argv: Sequence[str]) -> bool:
    """Whether the command line may ask for a command or for help. The window's start (only
    its options) is parsed without the command modules: their parsers cost a third of a bare
    window's start. Anything unsure answers True: the whole parser then reads it as before."""
    value_next = False
    for token in argv:
        if value_next:
            value_next = False
        elif token.startswith("-h") or _asks_help(token):
            return True
        elif token in _WINDOW_VALUES:
            value_next = True
        elif not token.startswith("-"):
            return True
    return False


class _NotTheWindowAlone(Exception):
    """The window's options did not read the command line: the whole parser reads it again."""


class _WindowParser(VietnameseParser):
    def error(self, message: str) -> NoReturn:
        raise _NotTheWindowAlone(message)


def parse_command_line(argv: Sequence[str]) -> argparse.Namespace:
    """The command line read as before, quicker for the window's start: its options alone are
    read without the command modules; anything they do not read (a command, help, a mistake)
    is read by the whole parser, which words every usage error as it always has."""
    if not names_a_command(argv):
        try:
            return build_parser(commands=False).parse_args(argv)
        except _NotTheWindowAlone:
            pass
    return build_parser().parse_args(argv)


def build_parser(*, commands: bool = True) -> argparse.ArgumentParser:
    """The command line's parser; without `commands`, only the window's options (no command
    module is imported) and a usage error raised rather than printed."""
    parser = (VietnameseParser if commands else _WindowParser)(
        prog="uniondesk",
        description="Union Desk – phần mềm quản lý công tác công đoàn cấp trên trực tiếp cơ sở.",
    )
    parser.add_argument(
        "--version",
        action="version",
        version=f"Union Desk {__version__}",
        help="in số phiên bản rồi thoát",
    )
    parser.add_argument(
        "--db",
        type=db_argument,
        help="tệp cơ sở dữ liệu, hoặc postgresql://người_dùng@máy:cổng/tên (mặc định: thư mục dữ liệu)",
    )
    parser.add_argument(
        "--user",
        metavar="TÊN",
        help="tài khoản đăng nhập, khi cơ sở dữ liệu có tài khoản (mật khẩu: biến môi trường "
        "UNIONDESK_PASSWORD, hoặc được hỏi)",
    )
    parser.add_argument("--demo", action="store_true", help="mở huyện mẫu (tạo nếu chưa có)")
    parser.add_argument(
        "--province",
        action="store_true",
        help="với --demo: mở tỉnh mẫu (tạo nếu chưa có), LĐLĐ tỉnh đã gộp gói của các đơn vị",
    )
    parser.add_argument("--screenshot", type=Path, metavar="OUT.png", help="chụp cửa sổ rồi thoát")
    parser.add_argument("--screen", metavar="NAME", help="màn hình cần chụp (với --screenshot)")
    parser.add_argument(
        "--size",
        type=window_size,
        metavar="WxH",
        help="cỡ cửa sổ khi chụp, ví dụ 1024x700 (với --screenshot; mặc định 1280x800)",
    )

    if not commands:
        parser.set_defaults(command=None)
        return parser
    # Sub-commands take --db and --user after their name too; SUPPRESS keeps the top-level
    # value when absent.
    common = VietnameseParser(add_help=False)
    common.add_argument(
        "--db", type=db_argument, default=argparse.SUPPRESS, help="tệp hoặc địa chỉ cơ sở dữ liệu"
    )
    common.add_argument(
        "--user", metavar="TÊN", default=argparse.SUPPRESS, help="tài khoản đăng nhập"
    )

    subparsers = parser.add_subparsers(
        dest="command", metavar="LỆNH", parser_class=VietnameseParser
    )
    for module_name in COMMAND_MODULES:
        importlib.import_module(module_name).register(subparsers, common)
    return parser
