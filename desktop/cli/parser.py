"""Building the argument parser from the command modules.

Each command module exposes `register(subparsers, common)`; adding a command is adding a module to
COMMAND_MODULES. Handlers import their services lazily so `uniondesk` alone (the GUI) starts fast.
"""

from __future__ import annotations

import argparse
import importlib
from pathlib import Path

from desktop import __version__

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
)


class VietnameseParser(argparse.ArgumentParser):
    """argparse with its fixed phrases in Vietnamese; usage errors still exit 2."""

    def error(self, message: str) -> None:  # type: ignore[override]
        self.print_usage()
        self.exit(2, f"{self.prog}: lỗi cú pháp: {message}\n")


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


def build_parser() -> argparse.ArgumentParser:
    parser = VietnameseParser(
        prog="uniondesk",
        description="Union Desk – phần mềm quản lý công tác công đoàn cấp trên trực tiếp cơ sở.",
    )
    parser.add_argument("--version", action="version", version=f"Union Desk {__version__}")
    parser.add_argument("--db", type=Path, help="tệp cơ sở dữ liệu (mặc định: thư mục dữ liệu)")
    parser.add_argument("--demo", action="store_true", help="mở huyện mẫu (tạo nếu chưa có)")
    parser.add_argument("--screenshot", type=Path, metavar="OUT.png", help="chụp cửa sổ rồi thoát")
    parser.add_argument("--screen", metavar="NAME", help="màn hình cần chụp (với --screenshot)")
    parser.add_argument(
        "--size",
        type=window_size,
        metavar="WxH",
        help="cỡ cửa sổ khi chụp, ví dụ 1024x700 (với --screenshot; mặc định 1280x800)",
    )

    # Sub-commands take --db after their name too; SUPPRESS keeps a top-level --db when absent.
    common = VietnameseParser(add_help=False)
    common.add_argument("--db", type=Path, default=argparse.SUPPRESS, help="tệp cơ sở dữ liệu")

    subparsers = parser.add_subparsers(
        dest="command", metavar="LỆNH", parser_class=VietnameseParser
    )
    for module_name in COMMAND_MODULES:
        importlib.import_module(module_name).register(subparsers, common)
    return parser
