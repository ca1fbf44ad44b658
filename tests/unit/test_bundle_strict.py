"""A unit's bundle is exactly as strict as docs/bundle-format.md: every file a second writer could
make that the document calls invalid is refused, by `bundle verify` and `bundle merge` alike,
with the same message, and nothing is stored."""

from __future__ import annotations

import sqlite3
import unicodedata
from pathlib import Path
from typing import Any

import pytest

from desktop.store import shared
from desktop.store.handle import forget
from desktop.sync.format.container import write_zip
from desktop.sync.format.crypto import KeyPair
from desktop.sync.format.tables import TABLE_ORDER
from desktop.sync.keys import load_own_pair
from desktop.text import fold, name_sort_key
from tests.unit._bundle_craft import (
    encode_part,
    manifest_of,
    members_of,
    open_inner,
    part_json,
    reseal,
    resign,
    seal_with_envelope,
)
from tests.unit._sync_fixtures import MEMBERS, UNION_A, Exchange, memory_keyring, no_passphrase

__all__ = ["memory_keyring"]

PARTS = ", ".join([*(f"records/{t}.json" for t in TABLE_ORDER), "summary.json"])


@pytest.fixture
def ex(tmp_path: Path, memory_keyring) -> Exchange:  # type: ignore[no-untyped-def]
    return Exchange(tmp_path)


def _inner(ex: Exchange) -> bytes:
    return open_inner(ex.province, ex.export("2024-06").read_bytes())


def _pair(ex: Exchange) -> KeyPair:
    return load_own_pair(shared(ex.district), passphrase=no_passphrase)[1]


def _judged(ex: Exchange, data: bytes) -> str:
    """Verify, then merge: the same refusal, and the province holds nothing of the office."""
    path = ex.folder / "crafted.udb"
    path.write_bytes(data)
    checked, merged = ex.verify(path)[0], ex.merge(path)[0]
    assert (merged.verdict, checked.verdict) == ("refused", "refused"), merged.message
    assert checked.message == merged.message
    assert ex.province_rows("SELECT COUNT(*) FROM member") == [(0,)]
    return merged.message


def _merged(ex: Exchange, data: bytes) -> None:
    path = ex.folder / "crafted.udb"
    path.write_bytes(data)
    checked, merged = ex.verify(path)[0], ex.merge(path)[0]
    assert (checked.verdict, merged.verdict) == ("ok", "merged"), merged.message


def _with_rows(ex: Exchange, inner: bytes, table: str, rows: list[list[Any]]) -> bytes:
    """The bundle re-signed by the district with `table`'s rows replaced (and counted)."""
    body = part_json(inner, table)
    body["rows"] = rows
    counts = {**manifest_of(inner)["record_counts"], table: len(rows)}
    signed = resign(
        inner,
        _pair(ex),
        change={"record_counts": counts},
        parts={f"records/{table}.json": encode_part(body)},
    )
    return reseal(signed, ex.province)


def _changed(ex: Exchange, table: str, row: int, column: str, value: Any) -> bytes:
    inner = _inner(ex)
    body = part_json(inner, table)
    body["rows"][row][body["columns"].index(column)] = value
    return _with_rows(ex, inner, table, body["rows"])


def test_a_bundle_without_its_summary_is_refused(ex: Exchange) -> None:
    inner = _inner(ex)
    parts = [p for p in manifest_of(inner)["parts"] if p["name"] != "summary.json"]
    crafted = reseal(resign(inner, _pair(ex), change={"parts": parts}), ex.province)
    assert _judged(ex, crafted) == (
        "Tệp crafted.udb: bản kê (manifest) bị hỏng: danh sách phần phải đúng là, theo thứ tự: "
        f"{PARTS}."
    )


def test_a_summary_that_is_not_an_object_is_refused(ex: Exchange) -> None:
    crafted = reseal(resign(_inner(ex), _pair(ex), parts={"summary.json": b"[]"}), ex.province)
    assert _judged(ex, crafted) == (
        "Tệp crafted.udb: phần «summary.json» phải là một đối tượng JSON (UTF-8)."
    )


def test_parts_listed_in_another_order_are_refused(ex: Exchange) -> None:
    inner = _inner(ex)
    parts = manifest_of(inner)["parts"]
    swapped = [parts[1], parts[0], *parts[2:]]
    crafted = reseal(resign(inner, _pair(ex), change={"parts": swapped}), ex.province)
    assert _judged(ex, crafted) == (
        "Tệp crafted.udb: bản kê (manifest) bị hỏng: danh sách phần phải đúng là, theo thứ tự: "
        f"{PARTS}."
    )


def test_members_out_of_the_manifest_order_are_refused(ex: Exchange) -> None:
    members = members_of(_inner(ex))
    swapped = [*members[:2], members[3], members[2], *members[4:]]
    crafted = reseal(write_zip(swapped, deflate=True), ex.province)
    assert _judged(ex, crafted) == (
        "Tệp crafted.udb (phần giải mã): thành phần «records/union_rating.json» đứng ở chỗ của "
        "«records/grassroots_union.json»; các thành phần phải theo đúng thứ tự của bản kê. Tệp bị "
        "từ chối."
    )


def test_stored_inner_members_are_refused(ex: Exchange) -> None:
    crafted = reseal(write_zip(members_of(_inner(ex)), deflate=False), ex.province)
    assert _judged(ex, crafted) == (
        "Tệp crafted.udb (phần giải mã): thành phần «manifest.json» được lưu nguyên (không nén), "
        "trong khi định dạng yêu cầu mọi thành phần ở đây được nén (deflate). Tệp bị từ chối."
    )


def test_an_envelope_made_by_the_rules_is_taken(ex: Exchange) -> None:
    # The crafting helper itself is sound: only the changes below are what gets refused.
    _merged(ex, seal_with_envelope(_inner(ex), ex.province, {}))


def test_a_wrong_payload_size_is_refused(ex: Exchange) -> None:
    inner = _inner(ex)
    crafted = seal_with_envelope(inner, ex.province, {"payload_size": len(inner) + 17})
    assert _judged(ex, crafted) == (
        "Tệp crafted.udb: phần bì thư (envelope.json) bị hỏng: «payload_size» ghi "
        f"{len(inner) + 17} byte nhưng payload.bin có {len(inner) + 16} byte."
    )


def test_an_envelope_with_a_field_of_its_own_is_refused(ex: Exchange) -> None:
    crafted = seal_with_envelope(_inner(ex), ex.province, {"comment": "gửi tỉnh"})
    assert _judged(ex, crafted) == (
        "Tệp crafted.udb: phần bì thư (envelope.json) bị hỏng: «envelope» có trường lạ «comment» "
        "(định dạng phiên bản này không có trường đó)."
    )


MANIFEST_CHANGES = [
    (
        "bundle id abc",
        {"bundle_id": "abc"},
        "«bundle_id» phải là UUID viết thường dạng xxxxxxxx-xxxx-xxxx-xxxx-xxxxxxxxxxxx",
    ),
    (
        "month 13",
        {"period": "2024-13"},
        "«period» phải là tháng dạng YYYY-MM, tháng 01–12 (nhận được '2024-13')",
    ),
    (
        "added field",
        {"comment": "x"},
        "«manifest» có trường lạ «comment» (định dạng phiên bản này không có trường đó)",
    ),
    (
        "first with a previous",
        {"previous_manifest_sha256": "ab" * 32},
        "«previous_manifest_sha256» phải là rỗng ở gói số 1",
    ),
    (
        "a clock that is not a time",
        {"created_at": "hôm qua"},
        "«created_at» phải là giờ UTC dạng 2024-07-01T08:30:00Z (nhận được 'hôm qua')",
    ),
    (
        "a province sending a unit state",
        {"unit": {"code": "LDLD-BATRI", "name": "Ba Tri", "role": "province"}},
        "«unit.role» phải là «district»",
    ),
    ("no app version", {"app_version": ""}, "«app_version» phải là chữ, không để trống"),
]


@pytest.mark.parametrize(
    ("change", "detail"), [c[1:] for c in MANIFEST_CHANGES], ids=[c[0] for c in MANIFEST_CHANGES]
)
def test_manifest_fields_are_checked_as_documented(
    ex: Exchange, change: dict[str, Any], detail: str
) -> None:
    crafted = reseal(resign(_inner(ex), _pair(ex), change=change), ex.province)
    assert _judged(ex, crafted) == f"Tệp crafted.udb: bản kê (manifest) bị hỏng: {detail}."


def test_the_recipient_mismatch_names_the_keys_that_differ(ex: Exchange) -> None:
    inner = _inner(ex)
    [sealed_to] = manifest_of(inner)["recipient_key_ids"]
    change = {"recipient_key_ids": ["0123456789abcdef"]}
    crafted = reseal(resign(inner, _pair(ex), change=change), ex.province)
    assert _judged(ex, crafted) == (
        "Tệp crafted.udb: bản kê ghi gói được mã hóa cho khóa 0123456789abcdef, nhưng bì thư mã "
        f"hóa cho khóa {sealed_to} (máy này mở bằng khóa {sealed_to}): gói đã bị đóng gói lại sau "
        "khi ký. Gói bị từ chối."
    )


VALUES = [
    ("31 February", "member", 0, "birth_date", "1990-02-31", "ngày 1990-02-31 không có trên lịch"),
    (
        "30 February at ten",
        "member",
        1,
        "created_at",
        "2024-02-30 10:00:00",
        "ngày 2024-02-30 10:00:00 không có trên lịch",
    ),
    (
        "a line break after the date",
        "member",
        0,
        "joined_on",
        "2024-02-01\n",
        "giá trị '2024-02-01\\n' không hợp lệ",
    ),
    (
        "Arabic-Indic digits",
        "member",
        0,
        "birth_date",
        "١٩٨٥-01-01",
        "giá trị '١٩٨٥-01-01' không hợp lệ",
    ),
    (
        "NFD text",
        "member",
        0,
        "full_name",
        unicodedata.normalize("NFD", "Nguyễn Văn Đức"),
        "chữ không ở dạng Unicode NFC (dấu phải dựng sẵn, như Union Desk lưu); đơn vị cần lập lại "
        "gói bằng phần mềm ghi đúng định dạng",
    ),
]


@pytest.mark.parametrize(
    ("table", "row", "column", "value", "problem"),
    [v[1:] for v in VALUES],
    ids=[v[0] for v in VALUES],
)
def test_values_are_refused_where_the_document_refuses_them(
    ex: Exchange, table: str, row: int, column: str, value: Any, problem: str
) -> None:
    crafted = _changed(ex, table, row, column, value)
    assert _judged(ex, crafted) == (
        f"Tệp crafted.udb, bảng «{table}», dòng {row + 1}, trường «{column}»: {problem}."
    )


AFTER_THE_PERIOD = [
    ("an event in July", "member_event", 2, "event_date", "2024-07-02"),
    ("an activity in July", "activity", 0, "held_on", "2024-07-15"),
    ("a party introduction in July", "member", 1, "party_introduced_on", "2024-07-01"),
]


@pytest.mark.parametrize(
    ("table", "row", "column", "value"),
    [a[1:] for a in AFTER_THE_PERIOD],
    ids=[a[0] for a in AFTER_THE_PERIOD],
)
def test_records_dated_after_the_period_are_refused(
    ex: Exchange, table: str, row: int, column: str, value: str
) -> None:
    crafted = _changed(ex, table, row, column, value)
    assert _judged(ex, crafted) == (
        f"Tệp crafted.udb, bảng «{table}», dòng {row + 1}, trường «{column}»: {value} sau kỳ "
        "của gói (tháng 6/2024); gói của một tháng chỉ mang những gì đến hết tháng đó."
    )


def test_a_member_who_joins_after_the_period_without_events_is_refused(ex: Exchange) -> None:
    inner = _inner(ex)
    members = part_json(inner, "member")
    events = part_json(inner, "member_event")
    joined = members["columns"].index("joined_on")
    members["rows"][2][joined] = "2024-07-01"  # Lê Thị Ánh, admitted on 01/04 in truth
    of = events["columns"].index("member_id")
    kept = [r for r in events["rows"] if r[of] != MEMBERS[2][0]]
    counts = {**manifest_of(inner)["record_counts"], "member_event": len(kept)}
    events["rows"] = kept
    crafted = reseal(
        resign(
            inner,
            _pair(ex),
            change={"record_counts": counts},
            parts={
                "records/member.json": encode_part(members),
                "records/member_event.json": encode_part(events),
            },
        ),
        ex.province,
    )
    assert _judged(ex, crafted) == (
        "Tệp crafted.udb, bảng «member», dòng 3, trường «joined_on»: ngày vào công đoàn "
        "2024-07-01 sau kỳ của gói (tháng 6/2024) mà đoàn viên không có biến động nào trong gói; "
        "người chưa là đoàn viên ở cuối kỳ không được có trong gói."
    )


def test_two_live_ratings_of_one_union_and_year_are_refused_by_verify_too(ex: Exchange) -> None:
    inner = _inner(ex)
    stamp = "2024-06-01 08:00:00"
    rows = [
        [f"00000000-0000-4000-8000-00000000c00{n}", UNION_A, 2024, "good", None, stamp, stamp, None]
        for n in (1, 2)
    ]
    assert _judged(ex, _with_rows(ex, inner, "union_rating", rows)) == (
        "Tệp crafted.udb, bảng «union_rating», dòng 2: xếp loại năm 2024 của CĐCS "
        f"{UNION_A} trùng với dòng 1; mỗi đơn vị chỉ có một dòng còn hiệu lực như vậy."
    )


def test_two_active_members_with_one_citizen_id_are_refused_by_verify_too(ex: Exchange) -> None:
    crafted = _changed(ex, "member", 1, "citizen_id", MEMBERS[0][3])
    assert _judged(ex, crafted) == (
        "Tệp crafted.udb, bảng «member», dòng 2: số CCCD của một đoàn viên đang sinh hoạt trùng "
        "với dòng 1; mỗi đơn vị chỉ có một dòng còn hiệu lực như vậy."
    )


def test_the_province_computes_search_and_sort_keys_itself(ex: Exchange) -> None:
    inner = _inner(ex)
    members, unions = part_json(inner, "member"), part_json(inner, "grassroots_union")
    for row in members["rows"]:
        row[members["columns"].index("name_key")] = "đoán sai"
        row[members["columns"].index("sort_key")] = "zzz"
    for row in unions["rows"]:
        row[unions["columns"].index("name_key")] = ""
    crafted = reseal(
        resign(
            inner,
            _pair(ex),
            parts={
                "records/member.json": encode_part(members),
                "records/grassroots_union.json": encode_part(unions),
            },
        ),
        ex.province,
    )
    _merged(ex, crafted)
    stored = ex.province_rows("SELECT full_name, name_key, sort_key FROM member ORDER BY sort_key")
    assert stored == [
        (name, fold(name), name_sort_key(name))
        for name in ("Lê Thị Ánh", "Nguyễn Văn Đức", "Trần Thị Hoà")  # Ánh, Đức, Hoà
    ]
    assert ex.province_rows("SELECT name_key FROM grassroots_union ORDER BY name_key") == [
        ("cdcs cong ty tnhh thuy san dong hai",),
        ("cdcs truong tieu hoc an hoa",),
    ]


def test_text_stored_decomposed_is_exported_composed(ex: Exchange) -> None:
    """An office database holding NFD (an old release, a script) still sends a valid bundle."""
    decomposed = unicodedata.normalize("NFD", "Trần Thị Hoà")
    with sqlite3.connect(ex.district) as con:
        con.execute("UPDATE member SET full_name = ? WHERE id = ?", (decomposed, MEMBERS[1][0]))
    assert ex.merge(ex.export("2024-06"))[0].verdict == "merged"
    [(name,)] = ex.province_rows(f"SELECT full_name FROM member WHERE id = '{MEMBERS[1][0]}'")
    assert name == "Trần Thị Hoà" == unicodedata.normalize("NFC", name)


def test_verify_refuses_a_record_another_office_owns(tmp_path: Path, memory_keyring) -> None:  # type: ignore[no-untyped-def]
    """A copied database: verify says what merge says, before anything is merged."""
    import shutil

    from desktop.sync.keys import create_office_keys, export_card, trust_card
    from desktop.sync.office.export import export_bundle
    from tests.unit._sync_fixtures import OTHER_DISTRICT

    ex = Exchange(tmp_path)
    assert ex.merge(ex.export("2024-03"))[0].verdict == "merged"
    copy = tmp_path / "thanh-phu.sqlite"
    forget(ex.district)  # closed first: the copy holds all it wrote
    shutil.copy(ex.district, copy)
    with sqlite3.connect(copy) as con:
        con.execute("UPDATE office SET code = ?, name = ?", OTHER_DISTRICT)
        con.execute("DELETE FROM unit_key WHERE own = 1")
        con.execute("DELETE FROM sent_bundle")
    create_office_keys(shared(copy), passphrase=no_passphrase)
    export_card(shared(copy), tmp_path / "thanh-phu.card", passphrase=no_passphrase)
    trust_card(shared(ex.province), tmp_path / "thanh-phu.card")
    bundle = tmp_path / "thanh-phu.udb"
    export_bundle(shared(copy), "2024-03", bundle, passphrase=no_passphrase)
    checked = ex.verify(bundle)[0]
    assert checked.verdict == "refused"
    assert checked.message.startswith(
        "Tệp thanh-phu.udb, bảng «grassroots_union»: bản ghi 00000000-0000-4000-8000-0000000000a1 "
        "đã thuộc đơn vị LDLD-BATRI."
    )
    assert ex.merge(bundle)[0].message == checked.message


@pytest.mark.parametrize("houses", [0, -2, 1001])
def test_an_activity_with_an_impossible_number_of_houses_is_refused(
    ex: Exchange, houses: int
) -> None:
    # Target 7 sums the houses: a signed bundle may not carry what the activity form refuses.
    inner = _inner(ex)
    activities = part_json(inner, "activity")
    activities["rows"][0][activities["columns"].index("houses")] = houses
    crafted = reseal(
        resign(inner, _pair(ex), parts={"records/activity.json": encode_part(activities)}),
        ex.province,
    )
    assert _judged(ex, crafted) == (
        f"Tệp crafted.udb, bảng «activity», dòng 1, trường «houses»: số căn nhà {houses} không "
        "hợp lệ (từ 1 đến 1000, hoặc để trống)."
    )
