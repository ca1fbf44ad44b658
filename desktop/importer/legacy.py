"""Text typed in the pre-Unicode Vietnamese encodings TCVN3 (ABC) and VNI, found and converted.

Old office lists were typed with the .VnTime (TCVN3) or VNI-Times fonts: Excel stored each byte as
the Western character of the same code, so "Người" arrives as "Ng\u00adêi" (TCVN3) or "Ngöôøi"
(VNI). Such cells hold only Latin-1 characters; real Vietnamese Unicode text almost always holds
a letter beyond Latin-1 (ư, ơ, đ, ạ …). A sheet is judged as a whole, since one stray Latin-1 name
("Hoàng" reads as VNI "Hồng") must not flip the decision, and only cells that look legacy convert.
"""

from __future__ import annotations

import itertools
import re
import unicodedata
from collections.abc import Callable

TCVN3 = "tcvn3"
VNI = "vni"
NAMES = {TCVN3: "TCVN3 (ABC)", VNI: "VNI"}

# TCVN 5712:1993 upper half (bytes 0xA1–0xFF, 0xFD being ý itself), as glibc's TCVN5712-1 maps it.
_TCVN3_SOURCE = "".join(chr(b) for b in range(0xA1, 0x100) if b != 0xFD)
_TCVN3_TARGET = (
    "\u0102\xc2\xca\xd4\u01a0\u01af\u0110\u0103\xe2\xea\xf4\u01a1\u01b0\u0111\u1eb0"
    "\u0300\u0309\u0303\u0301\u0323\xe0\u1ea3\xe3\xe1\u1ea1\u1eb2\u1eb1\u1eb3\u1eb5\u1eaf"
    "\u1eb4\u1eae\u1ea6\u1ea8\u1eaa\u1ea4\u1ec0\u1eb7\u1ea7\u1ea9\u1eab\u1ea5\u1ead\xe8\u1ec2"
    "\u1ebb\u1ebd\xe9\u1eb9\u1ec1\u1ec3\u1ec5\u1ebf\u1ec7\xec\u1ec9\u1ec4\u1ebe\u1ed2\u0129"
    "\xed\u1ecb\xf2\u1ed4\u1ecf\xf5\xf3\u1ecd\u1ed3\u1ed5\u1ed7\u1ed1\u1ed9\u1edd\u1edf\u1ee1"
    "\u1edb\u1ee3\xf9\u1ed6\u1ee7\u0169\xfa\u1ee5\u1eeb\u1eed\u1eef\u1ee9\u1ef1\u1ef3\u1ef7"
    "\u1ef9\u1ef5\u1ed0"
)
_TCVN3_TABLE = str.maketrans(_TCVN3_SOURCE, _TCVN3_TARGET)

# VNI-Windows: a base letter followed by one mark character; i, ỵ, ơ, ư, đ are single characters.
_TONES = ("", "\u0301", "\u0300", "\u0309", "\u0303", "\u0323")  # level, sắc, huyền, hỏi, ngã, nặng
_VNI_TONE_MARKS = "ùøûõï"
_VNI_HAT_MARKS = "âáàåãä"  # circumflex with each tone
_VNI_BREVE_MARKS = "êéèúüë"  # breve with each tone (a only)


def _vni_table() -> dict[str, str]:
    table: dict[str, str] = {}

    def add(key: str, letter: str, tone: int) -> None:
        for k, value in ((key, letter), (key.upper(), letter.upper())):
            table[k] = unicodedata.normalize("NFC", value + _TONES[tone])

    for base in "aeouy":
        for tone, mark in enumerate(_VNI_TONE_MARKS, start=1):
            add(base + mark, base, tone)
    for base, hat in (("a", "â"), ("e", "ê"), ("o", "ô")):
        for tone, mark in enumerate(_VNI_HAT_MARKS):
            add(base + mark, hat, tone)
    for tone, mark in enumerate(_VNI_BREVE_MARKS):
        add("a" + mark, "ă", tone)
    for single, horned in (("ô", "ơ"), ("ö", "ư")):
        add(single, horned, 0)
        for tone, mark in enumerate(_VNI_TONE_MARKS, start=1):
            add(single + mark, horned, tone)
    for tone, mark in enumerate("íìæóò", start=1):
        add(mark, "i", tone)
    add("î", "y", 5)
    add("ñ", "đ", 0)
    return table


_VNI = _vni_table()
_VNI_PATTERN = re.compile("|".join(sorted(map(re.escape, _VNI), key=len, reverse=True)))

# Latin-1 letters that Vietnamese Unicode text itself uses; anything else above 0x7F is a sign.
_VIETNAMESE_LATIN1 = frozenset("àáâãèéêìíòóôõùúýÀÁÂÃÈÉÊÌÍÒÓÔÕÙÚÝ")
_TONE_MARKS = frozenset(_TONES[1:])


def _tcvn3(text: str) -> str:
    converted = unicodedata.normalize("NFC", text.translate(_TCVN3_TABLE))
    # Upper-case lines used the .VnTimeH font: the same codes drawn as capitals. A word whose other
    # letters are capitals is upper case as a whole.
    return re.sub(r"\w+", _upper_if_capitals, converted)


def _upper_if_capitals(match: re.Match[str]) -> str:
    word = match.group(0)
    ascii_letters = [ch for ch in word if ch.isascii() and ch.isalpha()]
    if len(ascii_letters) >= 2 and all(ch.isupper() for ch in ascii_letters):
        return word.upper()
    return word


def _vni(text: str) -> str:
    return unicodedata.normalize("NFC", _VNI_PATTERN.sub(lambda m: _VNI[m.group(0)], text))


CONVERTERS: dict[str, Callable[[str], str]] = {TCVN3: _tcvn3, VNI: _vni}


def may_be_legacy(text: str) -> bool:
    """Only Latin-1, and at least one character Vietnamese Unicode never uses."""
    if not text or text.isascii():
        return False
    if any(ord(ch) > 0xFF for ch in text):
        return False
    return any(ord(ch) > 0x7F and ch not in _VIETNAMESE_LATIN1 for ch in text)


def _plausible(text: str) -> bool:
    """Converted text reads as Vietnamese: no leftover signs, at most one tone mark per word."""
    for ch in text:
        if 0x7F < ord(ch) <= 0xFF and ch not in _VIETNAMESE_LATIN1:
            return False
    for word in text.split():
        marks = sum(1 for ch in unicodedata.normalize("NFD", word) if ch in _TONE_MARKS)
        if marks > 1:
            return False
    return True


def detect(texts: list[str]) -> str | None:
    """The legacy encoding most of the suspicious cells read well in, or None."""
    suspicious = [t for t in texts if may_be_legacy(t)]
    if not suspicious:
        return None
    scores = {
        name: sum(1 for t in suspicious if _plausible(convert(t)))
        for name, convert in CONVERTERS.items()
    }
    best = max(scores, key=lambda name: scores[name])
    # Half the suspicious cells must read well: a few odd symbols (°, ±) are not an encoding.
    return best if scores[best] * 2 >= len(suspicious) and scores[best] > 0 else None


def convert(text: str, encoding: str, whole_sheet: bool = False) -> str:
    """Convert one cell when it looks legacy; Unicode cells are returned as they are.

    `whole_sheet`: nearly every text of the sheet is TCVN3 ("Vò Phó Léc" holds only letters
    Vietnamese Unicode also uses, yet reads «Vũ Phú Lộc»): such a cell converts too when the
    result reads as Vietnamese."""
    if encoding == VNI:
        # VNI marks are Latin-1 letters, so a VNI cell may hold none of the signs TCVN3 shows.
        if text.isascii() or any(ord(ch) > 0xFF for ch in text):
            return text
        converted = _vni(text)
        return converted if _plausible(converted) else text
    if may_be_legacy(text) or _mixed_case(text):
        return CONVERTERS[encoding](text)
    if whole_sheet and not text.isascii() and all(ord(ch) <= 0xFF for ch in text):
        converted = CONVERTERS[encoding](text)
        if _plausible(converted) and not _inner_capital(converted):
            return converted
    return text


def _inner_capital(text: str) -> bool:
    """A capital right after a small letter inside a word ("HoỔng") is no Vietnamese."""
    return any(a.islower() and b.isupper() for a, b in itertools.pairwise(text))


_MIXED_CASE = re.compile(r"[a-zà-ÿ][À-Ý]")


def _mixed_case(text: str) -> bool:
    """A capital accented letter after a small one inside a word ("tÝnh"): never Vietnamese
    Unicode, but TCVN3 codes its small í, ư … with the Western capitals' bytes."""
    return all(ord(ch) <= 0xFF for ch in text) and bool(_MIXED_CASE.search(text))
