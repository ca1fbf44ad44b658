"""Folding and the sort key, word by word (each word worked out once for a whole import)."""

from __future__ import annotations

import unicodedata

import pytest

from desktop.text import fold, name_sort_key


@pytest.mark.parametrize(
    ("typed", "folded"),
    [
        ("Nguyễn Văn Đức", "nguyen van duc"),
        ("  ĐẶNG\u00a0THỊ   ỚT ", "dang thi ot"),
        ("Hoà Bình", "hoa binh"),
        (unicodedata.normalize("NFD", "Trần Thủy"), "tran thuy"),
        ("Nguyễn Văn A2-B", "nguyen van a2-b"),
        ("", ""),
    ],
)
def test_fold_drops_marks_case_and_extra_spaces(typed: str, folded: str) -> None:
    assert fold(typed) == folded
    assert fold(typed) == folded  # the second call is answered from the word cache


def test_sort_key_orders_given_name_then_family_and_is_the_same_twice() -> None:
    names = ["Trần Văn Bình", "Nguyễn Thị An", "Lê Văn Ấn", "Phạm Thị Ánh", "Nguyễn Văn Ân"]
    ordered = sorted(names, key=name_sort_key)
    assert ordered == [
        "Nguyễn Thị An",
        "Phạm Thị Ánh",
        "Nguyễn Văn Ân",
        "Lê Văn Ấn",
        "Trần Văn Bình",
    ]
    assert [name_sort_key(n) for n in names] == [name_sort_key(n) for n in names]
