"""Vietnamese text rules: NFC clean-up, tone-insensitive folding for search, and the sort key.

The sort key is a plain string that sorts correctly with binary comparison (so SQL `ORDER BY` and
Python `sorted` agree with the Vietnamese order): by given name (the last word), then the family and
middle names; within a word, letters in Vietnamese alphabet order (a ă â b c d đ e ê …), then the
word's tone (level, huyền, hỏi, ngã, sắc, nặng), as dictionaries and class lists do.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

ALPHABET = "aăâbcdđeêfghijklmnoôơpqrstuưvwxyz"
_LETTER_RANK = {letter: index for index, letter in enumerate(ALPHABET)}

_BREVE, _CIRCUMFLEX, _HORN = "\u0306", "\u0302", "\u031b"
# Dictionary order of the tones: level, grave (huyền), hook (hỏi), tilde (ngã), acute (sắc), dot (nặng).
_TONES = {"\u0300": 1, "\u0309": 2, "\u0303": 3, "\u0301": 4, "\u0323": 5}
_SPACES = re.compile(r"\s+")


def clean(text: str) -> str:
    """NFC, non-breaking and repeated spaces collapsed, trimmed: the form every name is stored in."""
    return _SPACES.sub(" ", unicodedata.normalize("NFC", text).replace("\u00a0", " ")).strip()


def fold(text: str) -> str:
    """Lower case without tone or letter marks and with đ → d: `Nguyễn Văn Đức` → `nguyen van duc`."""
    return " ".join(map(_fold_word, clean(text).split(" ")))


# Names are made of a few thousand syllables, so a 50,000-member import folds and sorts the same
# words over and over: each word is worked out once (a bounded cache, pure functions).
@lru_cache(maxsize=65536)
def _fold_word(word: str) -> str:
    decomposed = unicodedata.normalize("NFD", word.lower().replace("đ", "d"))
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch))


@lru_cache(maxsize=4096)
def _letter_and_tone(char: str) -> tuple[str, int]:
    decomposed = unicodedata.normalize("NFD", char.lower())
    base, marks = decomposed[0], decomposed[1:]
    tone = 0
    for mark in marks:
        if mark in _TONES:
            tone = _TONES[mark]
        elif mark == _BREVE and base == "a":
            base = "ă"
        elif mark == _CIRCUMFLEX and base in "aeo":
            base = {"a": "â", "e": "ê", "o": "ô"}[base]
        elif mark == _HORN and base in "ou":
            base = {"o": "ơ", "u": "ư"}[base]
    return base, tone


@lru_cache(maxsize=65536)
def _word_key(word: str) -> str:
    """One syllable: its letters in alphabet order, then its one tone.

    A syllable carries one tone, wherever the mark is typed (Hòa/Hoà, Thủy/Thuỷ), and the tone
    is compared after the letters of the syllable and before the next word.
    """
    letters, tone = [], 0
    for char in unicodedata.normalize("NFC", word):
        base, mark = _letter_and_tone(char)
        rank = _LETTER_RANK.get(base)
        # Letters outside the alphabet (digits, hyphens) sort after it, by code point.
        letters.append(chr(0x100 + rank) if rank is not None else chr(0x200 + ord(base)))
        tone = tone or mark
    return "".join(letters) + chr(0x30 + tone)


def name_sort_key(full_name: str) -> str:
    """Key for the Vietnamese order of personal names: the given name in full (letters, then
    tone), then the family and middle names the same way."""
    words = clean(full_name).split(" ")
    if words == [""]:
        return ""
    return " ".join(_word_key(word) for word in [words[-1], *words[:-1]])


def text_sort_key(text: str) -> str:
    """Key for other Vietnamese text (union names): word by word in reading order."""
    return " ".join(_word_key(word) for word in clean(text).split(" "))
