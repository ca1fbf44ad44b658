"""Bundle format 2 (docs/bundle-format.md §5, §9): the receipts package's `decisions` and a
unit-state bundle's `answers` are as strict as the rest of the format; older documents still read;
an older reader meeting version 2 is told to update. Schema 0013_province carries the counts behind
an entered percentage; a bundle of 0007_years still merges, its counts read as null."""

from __future__ import annotations

import json
import sqlite3
import uuid
from pathlib import Path
from typing import Any

import pytest

from desktop.models import ProgressEntry, Target
from desktop.services.bundles import export_package, process_files
from desktop.services.decisions import decide, decisions
from desktop.services.progress import ensure_programme
from desktop.store import Store, shared
from desktop.sync.keys import load_own_pair
from tests.unit._bundle_craft import (
    encode_part,
    manifest_of,
    members_of,
    open_inner,
    part_json,
    reseal,
    resign,
    seal_to,
)
from tests.unit._sync_fixtures import DISTRICT, Exchange, memory_keyring, no_passphrase

__all__ = ["memory_keyring"]

UNIT = DISTRICT[0]


@pytest.fixture
def ex(tmp_path: Path, memory_keyring) -> Exchange:  # type: ignore[no-untyped-def]
    ex = Exchange(tmp_path)
    [merged] = ex.merge(ex.export("2024-06"))
    assert merged.verdict == "merged", merged.message
    return ex


def _receipts(ex: Exchange, name: str) -> Path:
    out = ex.folder / name
    export_package(shared(ex.province), "receipts", UNIT, out, passphrase=no_passphrase)
    return out


def _take(ex: Exchange, path: Path, *, write: bool = True):  # type: ignore[no-untyped-def]
    return process_files(shared(ex.district), [path], write=write, passphrase=no_passphrase)[0]


def _crafted(
    ex: Exchange,
    source: Path,
    name: str,
    *,
    change: dict[str, Any] | None = None,
    parts: dict[str, bytes] | None = None,
    signer: Path | None = None,
) -> Path:
    """`source` opened at the office, changed, signed by the province's key (or `signer`'s)."""
    _, pair = load_own_pair(shared(signer or ex.province), passphrase=no_passphrase)
    inner = resign(open_inner(ex.district, source.read_bytes()), pair, change=change, parts=parts)
    out = ex.folder / name
    out.write_bytes(seal_to(inner, ex.district))
    return out


def _refused(ex: Exchange, path: Path) -> str:
    """Verify and take give the same refusal; the office holds no decision afterwards."""
    checked, taken = _take(ex, path, write=False), _take(ex, path)
    assert (checked.verdict, taken.verdict) == ("refused", "refused"), taken.message
    assert checked.message == taken.message
    assert decisions(shared(ex.district)) == []
    return str(taken.message)


def _content(ex: Exchange, path: Path) -> dict[str, Any]:
    inner = open_inner(ex.district, path.read_bytes())
    return dict(json.loads(dict(members_of(inner))["receipts.json"]))


def test_receipts_without_decisions_stay_format_1_and_with_them_are_format_2(
    ex: Exchange,
) -> None:
    plain = _receipts(ex, "r1.udp")
    assert manifest_of(open_inner(ex.district, plain.read_bytes()))["format_version"] == 1
    assert set(_content(ex, plain)) == {"receipts"}
    assert _take(ex, plain).verdict == "accepted"  # this release still takes version 1
    returned = decide(shared(ex.province), UNIT, "2024-06", "return", "Thiếu số liệu 1a")
    carrying = _receipts(ex, "r2.udp")
    assert manifest_of(open_inner(ex.district, carrying.read_bytes()))["format_version"] == 2
    [entry] = _content(ex, carrying)["decisions"]
    assert {k: v for k, v in entry.items() if k != "decided_at"} == {
        "id": returned.id,
        "period": "2024-06",
        "decision": "returned",
        "reason": "Thiếu số liệu 1a",
        "answered_by": "",
    }
    checked = _take(ex, carrying, write=False)
    assert checked.holds == "1 biên nhận, 1 quyết định về báo cáo tháng"
    assert _take(ex, carrying).verdict == "accepted"
    assert _take(ex, carrying).verdict == "duplicate"  # the same package again: a no-op
    assert [d.id for d in decisions(shared(ex.district))] == [returned.id]


def test_an_older_reader_meeting_format_2_is_told_to_update(
    ex: Exchange, monkeypatch: pytest.MonkeyPatch
) -> None:
    from desktop.sync.format import manifest_rules

    decide(shared(ex.province), UNIT, "2024-06", "return", "Thiếu số liệu 1a")
    carrying = _receipts(ex, "r.udp")
    monkeypatch.setattr(manifest_rules, "LATEST_FORMAT_VERSION", 1)
    message = _refused(ex, carrying)
    assert "dùng định dạng gói phiên bản 2, mới hơn" in message
    assert "Hãy cập nhật Union Desk" in message


def test_decisions_in_a_version_1_package_or_none_in_version_2_are_refused(ex: Exchange) -> None:
    decide(shared(ex.province), UNIT, "2024-06", "return", "Thiếu số liệu 1a")
    source = _receipts(ex, "r.udp")
    old = _crafted(ex, source, "v1.udp", change={"format_version": 1})
    assert "«receipts.json» có trường lạ «decisions»" in _refused(ex, old)
    body = json.dumps({"receipts": _content(ex, source)["receipts"]}).encode()
    bare = _crafted(ex, source, "v2.udp", parts={"receipts.json": body})
    assert "«receipts.json» thiếu trường «decisions»" in _refused(ex, bare)


@pytest.mark.parametrize(
    ("field", "value", "said"),
    [
        ("decision", "rejected", "«decisions[].decision» phải là accepted, returned"),
        ("reason", "", "«decisions[].reason» phải là chữ, không để trống"),
        ("id", "not-a-uuid", "decisions[].id"),
        ("period", "2024-13", "decisions[].period"),
        ("decided_at", "03/07/2024", "decisions[].decided_at"),
        ("answered_by", "x", "decisions[].answered_by"),
    ],
)
def test_a_decision_not_of_its_documented_shape_is_refused(
    ex: Exchange, field: str, value: str, said: str
) -> None:
    decide(shared(ex.province), UNIT, "2024-06", "return", "Thiếu số liệu 1a")
    source = _receipts(ex, "r.udp")
    content = _content(ex, source)
    content["decisions"][0][field] = value
    crafted = _crafted(ex, source, "bad.udp", parts={"receipts.json": encode_part(content)})
    message = _refused(ex, crafted)
    assert message.startswith("Tệp bad.udp: nội dung gói biên nhận không hợp lệ")
    assert said in message


def test_a_forged_or_altered_package_is_refused(ex: Exchange) -> None:
    returned = decide(shared(ex.province), UNIT, "2024-06", "return", "Thiếu số liệu 1a")
    source = _receipts(ex, "r.udp")
    content = _content(ex, source)
    content["decisions"][0]["decision"] = "accepted"
    content["decisions"][0]["reason"] = ""
    # Signed by the office's own key, not the province's: a forgery.
    forged = _crafted(
        ex, source, "forged.udp", parts={"receipts.json": encode_part(content)}, signer=ex.district
    )
    assert "forged.udp" in _refused(ex, forged)
    # The province's package with one byte of its content changed after signing.
    inner = open_inner(ex.district, source.read_bytes())
    members = members_of(inner)
    from desktop.sync.format.container import write_zip

    altered = [
        (n, b.replace(b"returned", b"accepted") if n == "receipts.json" else b) for n, b in members
    ]
    out = ex.folder / "altered.udp"
    out.write_bytes(seal_to(write_zip(altered, deflate=True), ex.district))
    assert "receipts.json" in _refused(ex, out)
    assert _take(ex, source).verdict == "accepted"
    [kept] = decisions(shared(ex.district))
    assert (kept.id, kept.decision) == (returned.id, "returned")


def _answering_bundle(ex: Exchange) -> bytes:
    decide(shared(ex.province), UNIT, "2024-06", "return", "Thiếu số liệu 1a")
    assert _take(ex, _receipts(ex, "r.udp")).verdict == "accepted"
    return open_inner(ex.province, ex.export("2024-06", "again.udb").read_bytes())


def test_answers_only_in_a_version_2_unit_state_manifest(ex: Exchange) -> None:
    inner = _answering_bundle(ex)
    manifest = manifest_of(inner)
    [answer] = manifest["answers"]
    assert manifest["format_version"] == 2
    assert answer == decisions(shared(ex.district))[0].id
    _, pair = load_own_pair(shared(ex.district), passphrase=no_passphrase)
    for name, change, said in (
        ("v1.udb", {"format_version": 1}, "«manifest» có trường lạ «answers»"),
        ("empty.udb", {"answers": []}, "answers"),
        ("twice.udb", {"answers": [answer, answer]}, "answers"),
        ("bad.udb", {"answers": ["x"]}, "answers"),
    ):
        crafted = ex.folder / name
        crafted.write_bytes(reseal(resign(inner, pair, change=change), ex.province))
        [result] = ex.verify(crafted)
        assert result.verdict == "refused" and said in result.message, result.message


def test_an_answer_naming_an_unknown_decision_changes_nothing(ex: Exchange) -> None:
    inner = _answering_bundle(ex)
    _, pair = load_own_pair(shared(ex.district), passphrase=no_passphrase)
    crafted = ex.folder / "unknown.udb"
    change = {"answers": [str(uuid.uuid4())]}
    crafted.write_bytes(reseal(resign(inner, pair, change=change), ex.province))
    [merged] = ex.merge(crafted)
    assert merged.verdict == "merged", merged.message
    [at_province] = decisions(shared(ex.province))
    assert at_province.answered_by == "" and at_province.open


def _entered_with_counts(ex: Exchange) -> None:
    for db in (ex.district, ex.province):
        ensure_programme(shared(db), 2024)
    store = Store(ex.district)
    with store.session() as s:
        target = s.query(Target).filter(Target.code == "1a").one()
        s.add(
            ProgressEntry(
                target_id=target.id,
                unit_code=UNIT,  # an office keeps its entries under its own code
                period="2024-06",
                value=80.0,
                numerator=400.0,
                denominator=500.0,
            )
        )
    store.close()


def test_the_counts_behind_an_entered_percentage_reach_the_province(ex: Exchange) -> None:
    _entered_with_counts(ex)
    bundle = ex.export("2024-06", "counts.udb")
    part = part_json(open_inner(ex.province, bundle.read_bytes()), "progress_entry")
    assert part["columns"][4:7] == ["value", "numerator", "denominator"]
    [merged] = ex.merge(bundle)
    assert merged.verdict == "merged", merged.message
    assert ex.province_rows(
        "SELECT value, numerator, denominator FROM progress_entry WHERE unit_code = 'LDLD-BATRI'"
    ) == [(80.0, 400.0, 500.0)]


def test_a_bundle_of_schema_0007_still_merges_with_its_counts_unknown(ex: Exchange) -> None:
    _entered_with_counts(ex)
    inner = open_inner(ex.province, ex.export("2024-06", "new.udb").read_bytes())
    part = part_json(inner, "progress_entry")
    keep = [i for i, c in enumerate(part["columns"]) if c not in ("numerator", "denominator")]
    older = {
        "table": "progress_entry",
        "columns": [part["columns"][i] for i in keep],
        "rows": [[row[i] for i in keep] for row in part["rows"]],
    }
    _, pair = load_own_pair(shared(ex.district), passphrase=no_passphrase)
    crafted = ex.folder / "older.udb"
    crafted.write_bytes(
        reseal(
            resign(
                inner,
                pair,
                change={"schema_version": "0007_years"},
                parts={"records/progress_entry.json": encode_part(older)},
            ),
            ex.province,
        )
    )
    [merged] = ex.merge(crafted)
    assert merged.verdict == "merged", merged.message
    with sqlite3.connect(ex.province) as con:
        rows = con.execute(
            "SELECT value, numerator, denominator FROM progress_entry WHERE unit_code = ?", (UNIT,)
        ).fetchall()
    con.close()
    assert rows == [(80.0, None, None)]


def test_an_entry_without_counts_keeps_its_digest_across_the_schema_change() -> None:
    """The first bundle after the upgrade does not call every entered value changed."""
    import hashlib

    from desktop.sync.format.summary import SUMMARY_TABLES, row_digests

    stamp = "2024-06-01 08:00:00"
    before = ("e1", 2024, "1a", "2024-06", 91.5, "", stamp, stamp, None)  # as 0007_years sent it
    rows: dict[str, list[Any]] = {table: [] for table in SUMMARY_TABLES}
    rows["progress_entry"] = [[*before[:5], None, None, *before[5:]]]
    sent = hashlib.blake2b(repr(before).encode(), digest_size=8).hexdigest()
    assert row_digests(rows)["progress_entry"] == {"e1": sent}
    rows["progress_entry"] = [[*before[:5], 183.0, 200.0, *before[5:]]]  # counts typed in
    assert row_digests(rows)["progress_entry"]["e1"] != sent
