"""Usage errors and help of the command line are in Vietnamese, and still exit 2."""

from __future__ import annotations

import re

import pytest

from desktop.app import main

# argparse's own English words: none may reach a clerk.
ENGLISH = re.compile(
    r"\b(usage|error|argument|arguments|required|invalid|choice|choose|unrecognized|expected"
    r"|positional|options|show|help message|exit)\b",
    re.IGNORECASE,
)


@pytest.mark.parametrize(
    ("argv", "said"),
    [
        (["report"], "uniondesk report: lỗi cú pháp: thiếu tham số bắt buộc: NAME, --period\n"),
        (
            ["nosuch"],
            "uniondesk: lỗi cú pháp: tham số LỆNH: giá trị không hợp lệ: 'nosuch' "
            "(chọn một trong 'demo', 'init', ",
        ),
        (["--size", "abc"], "uniondesk: lỗi cú pháp: tham số --size: cỡ «abc» không hợp lệ"),
        (["--db"], "uniondesk: lỗi cú pháp: tham số --db: cần một giá trị\n"),
        (
            ["members", "search", "x", "--limit", "abc"],
            "uniondesk members search: lỗi cú pháp: tham số --limit: không phải số nguyên: 'abc'\n",
        ),
        (["bundle"], "uniondesk bundle: lỗi cú pháp: thiếu tham số bắt buộc: VIỆC\n"),
        (
            ["members", "search", "x", "--bogus"],
            "uniondesk: lỗi cú pháp: tham số không nhận ra: --bogus\n",
        ),
    ],
)
def test_a_usage_error_is_vietnamese_and_exits_2(
    capsys: pytest.CaptureFixture[str], argv: list[str], said: str
) -> None:
    with pytest.raises(SystemExit) as stop:
        main(argv)
    assert stop.value.code == 2
    captured = capsys.readouterr()
    assert captured.out == ""
    assert captured.err.startswith("Cách dùng: uniondesk")
    assert said in captured.err
    assert ENGLISH.findall(captured.err) == []


@pytest.mark.parametrize("argv", [["-h"], ["report", "-h"], ["keys", "export", "-h"]])
def test_help_is_vietnamese(capsys: pytest.CaptureFixture[str], argv: list[str]) -> None:
    with pytest.raises(SystemExit) as stop:
        main(argv)
    assert stop.value.code == 0
    shown = capsys.readouterr().out
    assert shown.startswith("Cách dùng: uniondesk")
    assert "  -h, --help" in shown and "in hướng dẫn này rồi thoát" in shown
    assert "\ntùy chọn:\n" in shown
    assert ENGLISH.findall(shown) == []
