"""The test vectors of docs/bundle-format.md §11: the writer still writes them byte for byte, the
reader opens them with the published test keys and finds the published counts, and the document
quotes them as they are."""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path
from typing import Any

import pytest

from desktop.services.bundles import process_files
from desktop.store import shared
from desktop.sync.format.crypto import KeyPair, open_sealed
from tests.fixtures.bundles.make_vectors import FOLDER, install_key, write_vectors
from tests.unit._sync_fixtures import DISTRICT, PROVINCE, memory_keyring, no_passphrase

__all__ = ["memory_keyring"]

DOC = FOLDER.parent / "bundle-format.md"
EXPECTED: dict[str, Any] = json.loads((FOLDER / "expected.json").read_text(encoding="utf-8"))
KEYS: dict[str, Any] = json.loads((FOLDER / "test-only-keys.json").read_text(encoding="utf-8"))


def _pair(role: str) -> KeyPair:
    key = KEYS[role]
    return KeyPair(bytes.fromhex(key["sign_private"]), bytes.fromhex(key["box_private"]))


def _office(path: Path, role: str, unit: tuple[str, str], card: str) -> Path:
    from desktop.services.office import init_office
    from desktop.sync.keys import trust_card

    init_office(shared(path), role=role, unit_code=unit[0], unit_name=unit[1])
    install_key(path, _pair(role))
    trust_card(shared(path), FOLDER / card)
    return path


def test_the_writer_still_writes_the_committed_vectors(tmp_path: Path) -> None:
    again = tmp_path / "vectors"
    write_vectors(again)
    written = sorted(p.name for p in again.iterdir())
    assert written == sorted(p.name for p in FOLDER.iterdir())
    drifted = [n for n in written if (again / n).read_bytes() != (FOLDER / n).read_bytes()]
    assert drifted == [], (
        "The writer's output drifted from docs/bundle-vectors/: if the change is meant, write "
        "them again (python -m tests.fixtures.bundles.make_vectors), update §11 of "
        "docs/bundle-format.md and say why in the commit."
    )


def test_the_province_opens_the_bundle_and_finds_the_counts(tmp_path: Path, memory_keyring) -> None:  # type: ignore[no-untyped-def]
    expected = EXPECTED["bundle"]
    province = _office(tmp_path / "p.sqlite", "province", PROVINCE, "district.card")
    bundle = FOLDER / expected["file"]
    checked = process_files(shared(province), [bundle], write=False, passphrase=no_passphrase)[0]
    assert (checked.verdict, checked.unit_code, checked.sequence, checked.period) == (
        "ok",
        expected["unit"],
        expected["sequence"],
        expected["period"],
    )
    assert checked.counts == expected["record_counts"]
    merged = process_files(shared(province), [bundle], write=True, passphrase=no_passphrase)[0]
    assert merged.verdict == "merged", merged.message
    with sqlite3.connect(province) as con:
        counts = con.execute(
            "SELECT COUNT(*), COUNT(*) FILTER (WHERE deleted_at IS NULL), COUNT(*) FILTER "
            "(WHERE deleted_at IS NULL AND status = 'active') FROM member WHERE unit_code = ?",
            (expected["unit"],),
        ).fetchone()
        keys = con.execute(
            "SELECT full_name, name_key, sort_key FROM member ORDER BY id"
        ).fetchall()
    after = expected["after_merge"]
    assert counts == (after["members"], after["live_members"], after["active_members"])
    assert keys == [(d["full_name"], d["name_key"], d["sort_key"]) for d in expected["derived"]]


def test_the_office_takes_the_package(tmp_path: Path, memory_keyring) -> None:  # type: ignore[no-untyped-def]
    expected = EXPECTED["package"]
    district = _office(tmp_path / "d.sqlite", "district", DISTRICT, "province.card")
    package = FOLDER / expected["file"]
    checked = process_files(shared(district), [package], write=False, passphrase=no_passphrase)[0]
    assert (checked.verdict, checked.holds, checked.sequence) == (
        "ok",
        expected["holds"],
        expected["sequence"],
    )
    taken = process_files(shared(district), [package], write=True, passphrase=no_passphrase)[0]
    assert taken.verdict == "accepted", taken.message
    with sqlite3.connect(district) as con:
        quotas = dict(
            con.execute(
                "SELECT t.code, q.value FROM quota q JOIN target t ON t.id = q.target_id "
                "WHERE q.deleted_at IS NULL"
            ).fetchall()
        )
    assert quotas == expected["quotas"]


@pytest.mark.parametrize("part", ["bundle", "package"])
def test_the_published_content_key_opens_the_payload(part: str) -> None:
    """For an implementation checking its decryption step by step, before key unwrapping."""
    import io
    import zipfile

    expected = EXPECTED[part]
    with zipfile.ZipFile(io.BytesIO((FOLDER / expected["file"]).read_bytes())) as outer:
        envelope, payload = outer.read("envelope.json"), outer.read("payload.bin")
    inner = open_sealed(
        bytes.fromhex(expected["content_key"]),
        bytes.fromhex(expected["payload_nonce"]),
        payload,
        envelope,
    )
    assert inner == (FOLDER / expected["inner_zip"]).read_bytes()


def test_the_document_quotes_the_vectors() -> None:
    text = " ".join(DOC.read_text(encoding="utf-8").split())
    for part in ("bundle", "package"):
        expected = EXPECTED[part]
        for name in ("manifest_sha256", "sha256", "content_key", "payload_nonce"):
            assert expected[name] in text, (part, name)
    for role in ("district", "province"):
        assert KEYS[role]["key_id"] in text and KEYS[role]["fingerprint"] in text, role
    counts = EXPECTED["bundle"]["record_counts"]
    assert ", ".join(f"`{t}` {n}" for t, n in counts.items()) in text
    for derived in EXPECTED["bundle"]["derived"]:
        assert f"`{derived['name_key']}`" in text
        assert derived["sort_key_code_points"] in text
