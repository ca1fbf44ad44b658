"""docs/bundle-format.md cannot drift from the code: every table, column, kind and vocabulary
of the newest bundle schema is written there exactly as the reader checks it."""

from __future__ import annotations

import re
from pathlib import Path

from desktop.sync.format.tables import BUNDLE_SCHEMA, ENUMS, SPECS, TABLE_ORDER

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
    from desktop.sync.format.tables import MAX_TEXT, Column, checkers

    text = DOC.read_text(encoding="utf-8")
    assert f"at most {MAX_TEXT:,} characters".replace(",", " ") in text
    [text_ok] = checkers((Column("t", "text", False),))
    assert text_ok("x" * MAX_TEXT) and not text_ok("x" * (MAX_TEXT + 1))
    [int_ok, float_ok] = checkers((Column("i", "int", False), Column("f", "float", False)))
    assert int_ok(2**62 - 1) and not int_ok(2**62) and not int_ok(True) and not int_ok(1.0)
    assert float_ok(64) and float_ok(-9.9e14) and not float_ok(1e15) and not float_ok(float("nan"))
    assert "−2⁶² < value < 2⁶²" in text and "\\|value\\| < 10¹⁵" in text


def _section(text: str, start: str, end: str) -> str:
    return text[text.index(start) : text.index(end)]


def test_the_manifest_fields_are_the_checked_ones() -> None:
    from desktop.sync.format.manifest_rules import MANIFEST_FIELDS

    section = _section(DOC.read_text(encoding="utf-8"), "## 5. Inner", "## 6. Unit-state")
    documented = [
        name
        for cell in re.findall(r"^\| (`[^|]*`) \|", section, re.MULTILINE)
        for name in re.findall(r"`(\w+)`", cell)
    ]
    assert documented == list(MANIFEST_FIELDS)


def test_the_optional_manifest_fields_and_the_format_versions_are_documented() -> None:
    from desktop.sync.format.envelope import FORMAT_VERSION
    from desktop.sync.format.manifest_rules import (
        LATEST_FORMAT_VERSION,
        MAX_ANSWERS,
        OPTIONAL_MANIFEST_FIELDS,
    )

    text = " ".join(DOC.read_text(encoding="utf-8").split())
    assert text.startswith(f"# Union Desk bundle format, version {LATEST_FORMAT_VERSION}")
    assert f"keeps `format_version` {FORMAT_VERSION}" in text  # the envelope
    section = _section(text, "## 5. Inner", "## 6. Unit-state")
    for name in OPTIONAL_MANIFEST_FIELDS:
        assert f"`{name}`" in section, name
    assert f"at most {MAX_ANSWERS} distinct ids" in section


def test_the_envelope_fields_are_the_checked_ones() -> None:
    import json

    from desktop.sync.format.envelope import ENVELOPE_FIELDS, RECIPIENT_FIELDS

    section = _section(DOC.read_text(encoding="utf-8"), "## 4. Outer", "## 5. Inner")
    example = re.search(r"```json\n(.*?)```", section, re.DOTALL)
    assert example is not None
    text = re.sub(r"<[^>]+>", "0", example.group(1)).replace('"0"', '"x"')
    envelope = json.loads(text)
    assert sorted(envelope) == sorted(ENVELOPE_FIELDS)
    assert sorted(envelope["recipients"][0]) == sorted(RECIPIENT_FIELDS)


def test_the_package_contents_are_documented_field_by_field() -> None:
    from desktop.sync.format.decisions import DECISION_FIELDS
    from desktop.sync.office.package_content import QUOTA_FIELDS, QUOTAS_FIELDS, RECEIPT_FIELDS

    section = _section(DOC.read_text(encoding="utf-8"), "## 9. Packages", "## 10.")
    for name in (*QUOTAS_FIELDS, *QUOTA_FIELDS, *RECEIPT_FIELDS, *DECISION_FIELDS, "decisions"):
        assert f"`{name}`" in section, name


def test_the_derived_columns_are_documented_with_their_source() -> None:
    from desktop.sync.format.derived import DERIVED

    text = " ".join(DOC.read_text(encoding="utf-8").split())
    section = text[text.index("### 6.5 Derived columns") : text.index("### 6.6")]
    for table, rules in DERIVED.items():
        for column, source, how in rules:
            builder = {"fold": "fold", "member_fold": "fold", "member_sort_key": "sort_key"}[
                how.__name__
            ]
            assert f"`{table}.{column} = {builder}({source})`" in section, (table, column)
