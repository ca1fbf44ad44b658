"""What a cell's text may hold: no control characters, no bidi overrides, no terminal escape
sequences, and never longer than a bundle accepts.

A control character is invisible in the spreadsheet, breaks the error workbook (a workbook
cannot store it) and, printed by `members search`, an ESC sequence drives the terminal. A
right-to-left override shows a name in another order than it sorts and searches. Such text is
refused with its place, never cleaned silently: the office corrects its own file.
"""

from __future__ import annotations

import re

# Every text column of a bundle holds at most this many characters (desktop/sync/format/tables.py
# checks it on the province's side): what an import accepts, the province accepts.
MAX_TEXT = 20_000

# C0 controls but TAB, LF and CR (a cell may hold line breaks), DEL and C1 (CSI, OSC …),
# the bidi marks, embeddings, overrides and isolates, the BOM inside text, non-characters and
# lone surrogates.
FORBIDDEN = re.compile(
    "[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069"
    "\ufeff\ufffe\uffff\ud800-\udfff]"
)
_BIDI = frozenset("\u061c\u200e\u200f\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069")

BAD_ESCAPE = "có ký tự ESC (mở đầu chuỗi điều khiển màn hình, U+001B)"
BAD_CONTROL = "có ký tự điều khiển {code} (không nhìn thấy, không in được)"
BAD_BIDI = "có ký tự đổi chiều văn bản {code} (làm chữ hiện sai thứ tự)"
BAD_OTHER = "có ký tự không hợp lệ {code}"
TOO_LONG = "dài {length} ký tự; mỗi ô tối đa {limit} ký tự"


def code_point(char: str) -> str:
    return f"U+{ord(char):04X}"


def character_problem(char: str) -> str:
    """Why `char` (a FORBIDDEN match) is refused, in Vietnamese."""
    if char == "\x1b":
        return BAD_ESCAPE
    if char in _BIDI:
        return BAD_BIDI.format(code=code_point(char))
    if ord(char) < 0x20 or 0x7F <= ord(char) <= 0x9F:
        return BAD_CONTROL.format(code=code_point(char))
    return BAD_OTHER.format(code=code_point(char))


def group(number: int) -> str:
    """1.048.576: thousands grouped with dots, as Vietnamese writes them."""
    return f"{number:,}".replace(",", ".")


def text_problem(text: str, limit: int = MAX_TEXT) -> str | None:
    """The first reason `text` cannot be stored, or None."""
    found = FORBIDDEN.search(text)
    if found:
        return character_problem(found.group())
    if len(text) > limit:
        return TOO_LONG.format(length=group(len(text)), limit=group(limit))
    return None


def printable(text: str, limit: int = 80) -> str:
    """`text` safe to print: forbidden characters written as \\x1b / \\u202e, cut at `limit`."""

    def escape(found: re.Match[str]) -> str:
        code = ord(found.group())
        return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}"

    shown = FORBIDDEN.sub(escape, text[: limit + 1])
    return shown if len(shown) <= limit else shown[: limit - 1] + "…"
