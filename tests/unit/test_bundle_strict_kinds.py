"""The fast column checks of the merge accept exactly what the value-by-value checks accept, and
the value checks follow docs/bundle-format.md §6.1 (real days, ASCII digits, NFC, no newline)."""

from __future__ import annotations

import unicodedata
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from desktop.sync.format.kinds import ENUMS, column_check, value_check

KINDS = ["uuid", "text", "derived", "int", "float", "bool", "date", "datetime", "period"]
KINDS += ["ref.member", "gender", "event_kind"]

NEAR = st.one_of(
    st.from_regex(r"\A[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}\Z"),
    st.from_regex(r"\A[0-9]{4}-[01][0-9]-[0-3][0-9]\Z"),
    st.from_regex(r"\A[0-9]{4}-[01][0-9]-[0-3][0-9][ T][0-2][0-9]:[0-6][0-9]:[0-6][0-9]\Z"),
    st.from_regex(r"\A[0-9]{4}-[01][0-9]-[0-3][0-9] [0-2][0-9]:[0-5][0-9]:[0-5][0-9]\.[0-9]{6}\Z"),
    st.from_regex(r"\A[0-9]{4}-[01][0-9]\Z"),
    st.sampled_from(["male", "female", "left", "admitted", "Nguyễn", "Nguye\u0302\u0303n", ""]),
    st.text(max_size=12),
)
VALUE = st.one_of(
    NEAR,
    NEAR.map(lambda v: v + "\n"),
    NEAR.map(lambda v: v.upper()),
    st.integers(min_value=-(2**63), max_value=2**63),
    st.floats(allow_nan=True, allow_infinity=True),
    st.booleans(),
    st.none(),
    st.lists(st.integers(), max_size=2),
)


@settings(max_examples=300, deadline=None)
@given(kind=st.sampled_from(KINDS), nullable=st.booleans(), values=st.lists(VALUE, max_size=6))
def test_a_column_passes_exactly_when_every_value_passes(
    kind: str, nullable: bool, values: list[Any]
) -> None:
    one = value_check(kind)
    expected = all((v is None and nullable) or (v is not None and one(v)) for v in values)
    assert column_check(kind, nullable)(tuple(values)) is expected


@settings(max_examples=200, deadline=None)
@given(
    kind=st.sampled_from(["uuid", "date", "datetime"]),
    values=st.lists(NEAR, min_size=1, max_size=8),
)
def test_whole_columns_of_near_valid_values_agree_too(kind: str, values: list[str]) -> None:
    one = value_check(kind)
    assert column_check(kind, False)(tuple(values)) is all(map(one, values))


@pytest.mark.parametrize(
    ("kind", "value", "valid"),
    [
        ("date", "2024-02-29", True),
        ("date", "2023-02-29", False),
        ("date", "1990-02-31", False),
        ("date", "2024-06-01\n", False),
        ("date", "٢٠٢٤-06-01", False),
        ("datetime", "2024-06-30 23:59:59.123456", True),
        ("datetime", "2024-06-30T23:59:59", True),
        ("datetime", "2024-06-31 08:00:00", False),
        ("datetime", "2024-06-30 24:00:00", False),
        ("period", "2024-12", True),
        ("period", "2024-13", False),
        ("uuid", "00000000-0000-4000-8000-0000000000A1", False),
        ("text", "Nguyễn Văn Đức", True),
        ("text", unicodedata.normalize("NFD", "Nguyễn Văn Đức"), False),
        ("derived", unicodedata.normalize("NFD", "nguyễn"), True),
        ("bool", True, False),
        ("int", 2**62, False),
        ("float", 64, True),
    ],
)
def test_documented_values(kind: str, value: Any, valid: bool) -> None:
    assert value_check(kind)(value) is valid
    assert column_check(kind, False)((value,)) is valid


def test_every_vocabulary_is_a_kind() -> None:
    for kind, values in ENUMS.items():
        assert all(value_check(kind)(str(v)) for v in values)
        assert not value_check(kind)("unknown")


def test_every_derived_column_is_computed_by_the_receiver() -> None:
    from desktop.sync.format.derived import DERIVED
    from desktop.sync.format.tables import BUNDLE_SCHEMA, SPECS

    marked = {(t, c.name) for t, columns in SPECS[BUNDLE_SCHEMA].items() for c in columns}
    marked = {(t, n) for t, n in marked if _kind(t, n) == "derived"}
    computed = {(t, column) for t, rules in DERIVED.items() for column, _, _ in rules}
    assert (
        marked
        == computed
        == {
            ("grassroots_union", "name_key"),
            ("member", "name_key"),
            ("member", "sort_key"),
        }
    )


def _kind(table: str, name: str) -> str:
    from desktop.sync.format.tables import BUNDLE_SCHEMA, SPECS

    return next(c.kind for c in SPECS[BUNDLE_SCHEMA][table] if c.name == name)
