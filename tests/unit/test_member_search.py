"""Search as staff type it and the Vietnamese order of names, on hand-made names."""

from __future__ import annotations

import unicodedata
from pathlib import Path

import pytest

from desktop.services.member_search import MemberFilter, MemberIndex, search
from desktop.store import shared
from desktop.text import name_sort_key
from tests.unit._members_fixture import UNION_B, make_district

# Twelve vowels, six tones: every syllable "<vowel>n" spelled with every tone mark.
VOWELS = ["a", "ă", "â", "e", "ê", "i", "o", "ô", "ơ", "u", "ư", "y"]
TONES = ("", "\u0300", "\u0309", "\u0303", "\u0301", "\u0323")
FOLDS = {"a": 3, "e": 2, "i": 1, "o": 3, "u": 2, "y": 1}  # how many vowels fold to each letter


def _syllable(vowel: str, tone: str) -> str:
    return unicodedata.normalize("NFC", unicodedata.normalize("NFD", vowel) + tone) + "n"


ORDER_BY_HAND = [
    "Dương Văn An",
    "Đỗ Văn An",
    "Nguyễn Văn An",
    "Trần Văn Anh",
    "Đặng Thị Ánh",
    "Lê Thị Ánh",
    "Phạm Thị Ân",
    "Hồ Văn Bình",
    "Nguyễn Văn Dũng",
    "Phạm Văn Đức",
    "Lê Thị Hoà",
    "Trần Thị Hòa",
]


@pytest.fixture(scope="module")
def district(tmp_path_factory: pytest.TempPathFactory) -> Path:
    people = [(name, "male", f"0830900{n:05d}") for n, name in enumerate(reversed(ORDER_BY_HAND))]
    people.append((unicodedata.normalize("NFD", "Nguyễn  Văn   Đức"), "male", "001190012345"))
    for v, vowel in enumerate(VOWELS):
        for t, tone in enumerate(TONES):
            people.append(
                (f"Lưu Thị {_syllable(vowel, tone).capitalize()}", "female", f"0791{v:02d}{t:06d}")
            )
    return make_district(tmp_path_factory.mktemp("members") / "members.sqlite", people)


def _names(db: Path, query: str = "", filters: MemberFilter | None = None) -> list[str]:
    return [m.full_name for m in search(shared(db), query, filters)]


def test_names_sort_by_given_name_then_family_letters_before_tones(district: Path) -> None:
    found = [n for n in _names(district) if not n.startswith(("Lưu Thị", "Nguyễn Văn Đức"))]
    assert found == ORDER_BY_HAND


def test_vowels_in_alphabet_order_and_tones_after_letters(district: Path) -> None:
    found = [n.removeprefix("Lưu Thị ") for n in _names(district, "luu thi")]
    # a ă â e ê i o ô ơ u ư y; within a vowel: level, huyền, hỏi, ngã, sắc, nặng.
    assert found == [_syllable(v, t).capitalize() for v in VOWELS for t in TONES]
    assert found[:7] == ["An", "Àn", "Ản", "Ãn", "Án", "Ạn", "Ăn"]


def test_every_vowel_with_every_tone_is_found_without_marks(district: Path) -> None:
    for letter, count in FOLDS.items():
        found = _names(district, f"luu thi {letter}n")
        assert len(found) == count * 6, letter
    # With the marks typed, marks still do not matter: ẩn finds a, ă and â alike.
    assert len(_names(district, "Lưu Thị Ẩn")) == 18


def test_d_and_dj_and_case_and_nfd_input(district: Path) -> None:
    for query in (
        "nguyen van duc",
        "NGUYỄN VĂN ĐỨC",
        "Đức",
        "duc",
        unicodedata.normalize("NFD", "Đức"),
    ):
        assert "Nguyễn Văn Đức" in _names(district, query), query
    assert _names(district, "nguyen van duc") == ["Nguyễn Văn Đức"]
    # The NFD name with doubled spaces was stored clean.
    assert "Nguyễn Văn Đức" in _names(district, "van duc")


def test_hoa_with_the_mark_on_either_vowel_is_the_same_name(district: Path) -> None:
    assert _names(district, "Hòa") == ["Lê Thị Hoà", "Trần Thị Hòa"]
    assert _names(district, "Hoà") == ["Lê Thị Hoà", "Trần Thị Hòa"]
    assert _names(district, "hoa") == ["Lê Thị Hoà", "Trần Thị Hòa"]


def test_words_begin_name_words_and_digits_begin_ids(district: Path) -> None:
    assert _names(district, "uc") == []  # inside a word is not a match
    assert _names(district, "van an") == [
        "Dương Văn An",
        "Đỗ Văn An",
        "Nguyễn Văn An",
        "Trần Văn Anh",
    ]
    assert _names(district, "001190") == ["Nguyễn Văn Đức"]  # citizen ID prefix
    # A word with a digit is a citizen ID or card number prefix, letters and case as typed.
    assert _names(district, "CD00003") == ["Nguyễn Văn Dũng"]
    assert _names(district, "cd00003") == ["Nguyễn Văn Dũng"]
    assert _names(district, "00003") == []  # inside a number is not a match
    members = search(shared(district), "083090000000")
    assert [m.citizen_id for m in members] == ["083090000000"]
    assert members[0].full_name == "Trần Thị Hòa"


def test_filters_and_typing_on_narrow_the_same_way(district: Path) -> None:
    with shared(district).reading() as con:
        index = MemberIndex(con)
        everyone = len(index)
        assert everyone == 12 + 1 + 72
        in_b = MemberFilter(union_id=UNION_B)
        positions = index.find("", in_b)
        assert all(index.unions[i] == UNION_B for i in positions)
        assert len(positions) == everyone // 2
        typed = ""
        for char in "luu thi an":
            typed += char
            assert index.find(typed) == MemberIndex(con).find(typed), typed
        women = MemberFilter(gender="female")
        assert len(index.find("luu", women)) == 72
        assert index.find("nguyen", women) == []


def test_given_names_follow_the_whole_vietnamese_alphabet() -> None:
    # a ă â b c d đ e ê g h i k l m n o ô ơ p q r s t u ư v x y, one given name per letter.
    by_hand = [
        "Lê Văn An", "Lê Văn Ăng", "Lê Văn Ân", "Lê Văn Bình", "Lê Thị Cúc", "Lê Thị Dung",
        "Lê Thị Đào", "Lê Thị Em", "Lê Văn Ênh", "Lê Thị Giang", "Lê Thị Hà", "Lê Văn Inh",
        "Lê Văn Kha", "Lê Thị Lan", "Lê Thị Mai", "Lê Thị Na", "Lê Thị Oanh", "Lê Văn Ôn",
        "Lê Văn Ơn", "Lê Văn Phúc", "Lê Thị Quế", "Lê Văn Rạng", "Lê Thị Sen", "Lê Văn Tâm",
        "Lê Văn Út", "Lê Văn Ưng", "Lê Thị Vân", "Lê Thị Xuân", "Lê Thị Yến",
    ]  # fmt: skip
    assert sorted(reversed(by_hand), key=name_sort_key) == by_hand


def test_the_place_of_the_tone_mark_does_not_change_the_order() -> None:
    assert name_sort_key("Lê Thị Hòa") == name_sort_key("Lê Thị Hoà")
    assert name_sort_key("Lê Thủy") == name_sort_key("Lê Thuỷ")


def test_a_viewer_cannot_find_members_by_the_hidden_digits_of_their_id(district: Path) -> None:
    from desktop.services.accounts import VIEWER, SignedIn, sign_in_as

    sign_in_as(SignedIn("xem", "Người xem", VIEWER))
    try:
        assert _names(district, "001190") == []  # the digits a viewer sees masked
        assert _names(district, "CD00003") == ["Nguyễn Văn Dũng"]  # the card number still works
    finally:
        sign_in_as(None)
    assert _names(district, "001190") == ["Nguyễn Văn Đức"]
