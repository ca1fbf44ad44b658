"""docs/bundle-format.md cannot drift from the code: every table, column, kind and vocabulary
of the newest bundle schema is written there exactly as the reader checks it."""

from __future__ import annotations

import re
from pathlib import Path

from desktop.sync.tables import BUNDLE_SCHEMA, ENUMS, SPECS, TABLE_ORDER

DOC = Path(__file__).resolve().parents[2] / "docs" / "bundle-format.md"


def _documented_tables(text: str) -> dict[str, list[tuple[str, str, bool]]]:
    found: dict[str, list[tuple[str, str, bool]]] = {}
    for match in re.finditer(r"^#### `(\w+)`\n\n((?:\|.*\n)+)", text, re.MULTILINE):
        rows = [line for line in match.group(2).splitlines()[2:]]  # past the header and rule
        columns = []
        for row in rows:
            name, kind, null = (cell.strip().strip("`") for cell in row.strip("|").split("|"))
            columns.append((name, kind, {"yes": True, "no": False}[null]))
        found[match.group(1)] = columns
    return found


def test_the_newest_schema_is_the_one_written_and_documented() -> None:
    assert max(SPECS) == BUNDLE_SCHEMA
    assert f"this release writes `{BUNDLE_SCHEMA}`" in DOC.read_text(encoding="utf-8")


def test_every_table_and_column_is_documented_with_its_kind() -> None:
    documented = _documented_tables(DOC.read_text(encoding="utf-8"))
    expected = {
        table: [(c.name, c.kind, c.nullable) for c in columns]
        for table, columns in SPECS[BUNDLE_SCHEMA].items()
    }
    assert list(documented) == list(TABLE_ORDER)  # every table, in the order parts are written
    assert documented == expected


def test_the_part_order_is_written_out() -> None:
    text = " ".join(DOC.read_text(encoding="utf-8").split())
    assert ", ".join(TABLE_ORDER) + "`, then `summary.json`" in text


def test_every_vocabulary_is_documented_value_by_value() -> None:
    text = DOC.read_text(encoding="utf-8")
    section = text[text.index("### 6.2 Vocabularies") : text.index("### 6.3")]
    rows = dict(re.findall(r"^\| `(\w+)` \| (`.*) \|$", section, re.MULTILINE))
    assert set(rows) == set(ENUMS)
    for kind, values in ENUMS.items():
        assert kind in rows, kind
        assert set(re.findall(r"`(\w+)`", rows[kind])) == set(values), kind


def test_the_documented_value_limits_are_the_checked_ones() -> None:
    from desktop.sync.tables import MAX_TEXT, Column, checkers

    text = DOC.read_text(encoding="utf-8")
    assert f"at most {MAX_TEXT:,} characters".replace(",", " ") in text
    [text_ok] = checkers((Column("t", "text", False),))
    assert text_ok("x" * MAX_TEXT) and not text_ok("x" * (MAX_TEXT + 1))
    [int_ok, float_ok] = checkers((Column("i", "int", False), Column("f", "float", False)))
    assert int_ok(2**62 - 1) and not int_ok(2**62) and not int_ok(True) and not int_ok(1.0)
    assert float_ok(64) and float_ok(-9.9e14) and not float_ok(1e15) and not float_ok(float("nan"))
    assert "−2⁶² < value < 2⁶²" in text and "\\|value\\| < 10¹⁵" in text
