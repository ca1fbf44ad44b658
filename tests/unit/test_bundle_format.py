"""The written format: frozen column lists match the models, the canonical ZIP layout, the CLI."""

from __future__ import annotations

import io
import json
import zipfile
from pathlib import Path

import pytest

from desktop.models import Base
from desktop.sync.format.canonical import canonical
from desktop.sync.format.container import write_zip
from desktop.sync.format.tables import BUNDLE_SCHEMA, SPECS, TABLE_ORDER
from tests.unit._sync_fixtures import Exchange, memory_keyring, parse_cli

__all__ = ["memory_keyring"]

REPLACED = {
    "progress_entry": ({"target_id", "unit_code"}, {"programme_year", "target_code"}),
    "narrative": ({"task_area_id"}, {"programme_year", "task_area_number"}),
}


@pytest.mark.parametrize("table", TABLE_ORDER)
def test_newest_bundle_schema_carries_every_model_column(table: str) -> None:
    """A new column in a synchronised table needs a new bundle schema in desktop/sync/format/tables.py."""
    model = {c.name for c in Base.metadata.tables[table].columns} - {"unit_code"}
    spec = {c.name for c in SPECS[BUNDLE_SCHEMA][table]}
    dropped, added = REPLACED.get(table, (set(), set()))
    assert spec == (model - dropped) | added


def test_canonical_zip_is_a_plain_zip_with_fixed_fields() -> None:
    data = write_zip([("envelope.json", b"{}"), ("payload.bin", b"\x00" * 40)], deflate=False)
    archive = zipfile.ZipFile(io.BytesIO(data))
    infos = archive.infolist()
    assert [i.filename for i in infos] == ["envelope.json", "payload.bin"]
    assert all(i.date_time == (1980, 1, 1, 0, 0, 0) and i.create_system == 3 for i in infos)
    assert all(i.external_attr == 0o100644 << 16 and i.extra == b"" for i in infos)
    assert archive.read("payload.bin") == b"\x00" * 40
    assert data[:4] == b"PK\x03\x04" and data[-22:-18] == b"PK\x05\x06"
    assert write_zip([("a.json", b"x" * 999)], deflate=True) == write_zip(
        [("a.json", b"x" * 999)], deflate=True
    )


def test_canonical_json_is_sorted_compact_utf8() -> None:
    assert canonical({"b": 1, "a": "Đức"}) == '{"a":"Đức","b":1}'.encode()


def test_the_released_fixture_has_the_documented_layout() -> None:
    folder = Path(__file__).resolve().parents[1] / "fixtures" / "bundles" / "format-1"
    data = (folder / "bundle.udb").read_bytes()
    archive = zipfile.ZipFile(io.BytesIO(data))
    assert [i.filename for i in archive.infolist()] == ["envelope.json", "payload.bin"]
    envelope = json.loads(archive.read("envelope.json"))
    assert envelope["format"] == "uniondesk-bundle" and envelope["format_version"] == 1
    assert envelope["payload_size"] == len(archive.read("payload.bin"))
    assert canonical(envelope) == archive.read("envelope.json")


def test_bundle_export_from_the_command_line(
    tmp_path: Path, memory_keyring, capsys: pytest.CaptureFixture[str]
) -> None:  # type: ignore[no-untyped-def]
    ex = Exchange(tmp_path)
    out = tmp_path / "ba-tri-06.udb"
    args = parse_cli(
        ["bundle", "export", "--period", "2024-06", "--out", str(out), "--db", str(ex.district)]
    )
    assert args.handler(args) == 0
    assert capsys.readouterr().out.startswith(
        f"Đã xuất gói số 1 (tháng 6/2024) vào {out}: 3 đoàn viên, 2 CĐCS,"
    )
    with pytest.raises(SystemExit) as usage:
        parse_cli(["bundle", "export", "--out", str(out), "--db", str(ex.district)])
    assert usage.value.code == 2
    # A refusal travels as a UserError: the application's main turns it into exit 1.
    args = parse_cli(
        ["bundle", "export", "--period", "2024-13", "--out", str(out), "--db", str(ex.district)]
    )
    from desktop.errors import UserError

    with pytest.raises(UserError, match="ghi tháng như 06/2024"):
        args.handler(args)
