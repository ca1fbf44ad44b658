"""Bundle schema 0007_years carries a chair's re-election and a house activity's number of houses;
a province still merges a bundle of 0002_sync from an office on the previous release."""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path

import pytest

from desktop.store import shared
from desktop.sync.format.tables import BUNDLE_SCHEMA, SPECS, upgrade_rows
from tests.unit._sync_fixtures import Exchange, memory_keyring

__all__ = ["memory_keyring"]

FORMAT_1 = Path(__file__).resolve().parents[1] / "fixtures" / "bundles" / "format-1"


def test_rows_of_the_previous_schema_get_the_new_columns_at_their_place() -> None:
    stamps = ["2024-06-01T08:00:00Z", "2024-06-01T08:00:00Z", None]
    union = [
        "00000000-0000-4000-8000-0000000000a1", "CĐCS Trường Tiểu học An Hòa", "",
        "state", "workplace", "school", "", "", "", 40, 30, "2005-09-01", None, "",
        "Nguyễn Thị Lan", "2023-04-10", "2023-06-01", "", *stamps,
    ]  # fmt: skip
    activity = [
        "00000000-0000-4000-8000-0000000000c1", 3, "house", "Mái ấm Công đoàn", "Trao nhà",
        "2024-06-12", 40, 12, 60_000_000, None, "", *stamps,
    ]  # fmt: skip
    assert len(union) == len(SPECS["0002_sync"]["grassroots_union"])
    assert len(activity) == len(SPECS["0002_sync"]["activity"])
    # Nobody recorded a re-election (0) after the training date, nor the houses (null) after
    # the amount: every other value where the newest schema has its column.
    assert upgrade_rows("0002_sync", "grassroots_union", [union]) == [[*union[:17], 0, *union[17:]]]
    assert upgrade_rows("0002_sync", "activity", [activity]) == [
        [*activity[:9], None, *activity[9:]]
    ]
    names = [c.name for c in SPECS[BUNDLE_SCHEMA]["activity"]]
    assert (names[8], names[9], names[10]) == ("amount", "houses", "beneficiary_member_id")
    member = [["m"] * len(SPECS["0002_sync"]["member"])]
    assert upgrade_rows("0002_sync", "member", member) is member  # unchanged tables as they are


def test_a_bundle_of_the_previous_release_still_merges(
    tmp_path: Path,
    memory_keyring,  # type: ignore[no-untyped-def]
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    from desktop.services.bundles import process_files
    from desktop.services.office import init_office
    from desktop.sync.format import records
    from desktop.sync.keybackup import restore_keys
    from desktop.sync.keys import trust_card
    from tests.unit._sync_fixtures import PROVINCE, no_passphrase

    expected = json.loads((FORMAT_1 / "expected.json").read_text(encoding="utf-8"))
    province = tmp_path / "province.sqlite"
    init_office(shared(province), role="province", unit_code=PROVINCE[0], unit_name=PROVINCE[1])
    restore_keys(
        shared(province),
        FORMAT_1 / "province-keys.ukb",
        passphrase=lambda p, n: expected["passphrase"],
    )
    trust_card(shared(province), FORMAT_1 / "district.card")
    bundle = FORMAT_1 / "bundle.udb"
    read: set[str] = set()

    def seen(schema: str, table: str, rows: list[list[object]]) -> list[list[object]]:
        read.add(schema)
        return upgrade_rows(schema, table, rows)

    monkeypatch.setattr(records, "upgrade_rows", seen)
    merged = process_files(shared(province), [bundle], write=True, passphrase=no_passphrase)[0]
    assert merged.verdict == "merged", merged.message
    with sqlite3.connect(province) as con:
        unions = con.execute(
            "SELECT chair_reelected FROM grassroots_union WHERE unit_code = ?", (expected["unit"],)
        ).fetchall()
        activities = con.execute(
            "SELECT houses FROM activity WHERE unit_code = ?", (expected["unit"],)
        ).fetchall()
    con.close()
    assert read == {"0002_sync"}  # the fixture is the previous release's bundle
    assert unions == [(0,), (0,)] and activities == [(None,)]


def test_this_release_sends_the_re_election_and_the_houses(tmp_path: Path, memory_keyring) -> None:  # type: ignore[no-untyped-def]
    ex = Exchange(tmp_path)
    with sqlite3.connect(ex.district) as con:
        con.execute(
            "UPDATE grassroots_union SET chair_name = 'Nguyễn Thị Lan', chair_elected_on = "
            "'2024-04-10', chair_reelected = 1 WHERE name = 'CĐCS Trường Tiểu học An Hòa'"
        )
        con.execute("UPDATE activity SET kind = 'house', houses = 3")
    con.close()
    result = ex.merge(ex.export("2024-06"))[0]
    assert result.verdict == "merged", result.message
    assert sorted(
        ex.province_rows("SELECT name, chair_reelected FROM grassroots_union WHERE unit_code <> ''")
    ) == [("CĐCS Công ty TNHH Thủy sản Đông Hải", 0), ("CĐCS Trường Tiểu học An Hòa", 1)]
    assert ex.province_rows("SELECT kind, houses FROM activity WHERE unit_code <> ''") == [
        ("house", 3)
    ]
