"""The window's start reads its options without the command modules, and reads them exactly as
the whole parser does: the same values, the same usage errors, commands and help unchanged."""

from __future__ import annotations

import subprocess
import sys

import pytest

from desktop.cli.parser import build_parser, names_a_command, parse_command_line


@pytest.mark.parametrize(
    "argv",
    [
        [],
        ["--db", "office.sqlite"],
        ["--demo", "--province"],
        ["--db=office.sqlite", "--user", "report", "--screenshot", "x.png", "--size", "1024x700"],
        ["--screen", "members", "--screenshot", "x.png"],
    ],
)
def test_the_window_options_read_as_the_whole_parser_reads_them(argv: list[str]) -> None:
    assert not names_a_command(argv)
    assert vars(parse_command_line(argv)) == vars(build_parser().parse_args(argv))


@pytest.mark.parametrize(
    ("argv", "asks"),
    [
        (["progress", "--period", "2024-12"], True),
        (["--db", "x.sqlite", "bundle", "list"], True),
        (["-h"], True),
        (["--db", "x.sqlite", "--hel"], True),  # argparse takes an abbreviation of --help
        (["--h"], True),
        (["--user", "progress"], False),  # a user called «progress», the window
    ],
)
def test_what_may_name_a_command(argv: list[str], asks: bool) -> None:
    assert names_a_command(argv) is asks


def test_a_command_is_parsed_by_the_whole_parser() -> None:
    args = parse_command_line(["--db", "x.sqlite", "progress", "--period", "2024-12"])
    assert args.command == "progress"
    assert args.period == "2024-12"


@pytest.mark.parametrize("argv", [["--bogus"], ["--size", "3x3"], ["--db"]])
def test_a_mistake_at_the_window_start_is_worded_by_the_whole_parser(argv: list[str]) -> None:
    def said(code: str) -> tuple[int, str]:
        run = subprocess.run(
            [sys.executable, "-c", code, *argv], capture_output=True, text=True, check=False
        )
        return run.returncode, run.stderr

    quick = said(
        "import sys; from desktop.cli.parser import parse_command_line as p; p(sys.argv[1:])"
    )
    whole = said(
        "import sys; from desktop.cli.parser import build_parser as b; b().parse_args(sys.argv[1:])"
    )
    assert quick == whole
    assert quick[0] == 2
    assert "LỆNH" in quick[1] and "lỗi cú pháp" in quick[1]


def test_the_window_start_imports_no_command_module() -> None:
    code = (
        "import sys\n"
        "from desktop.cli.parser import COMMAND_MODULES, parse_command_line\n"
        "parse_command_line(['--db', 'office.sqlite', '--demo'])\n"
        "print([m for m in COMMAND_MODULES if m in sys.modules])\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"
