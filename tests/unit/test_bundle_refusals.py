"""Each refusal of DESIGN.md triggered by a crafted file: a Vietnamese message, nothing stored."""

from __future__ import annotations

import json
import stat
from pathlib import Path

import pytest

from desktop.store import shared
from desktop.sync.format.canonical import canonical
from desktop.sync.format.container import write_zip
from desktop.sync.key_chain import revoke_key
from desktop.sync.keys import export_card, load_own_pair, trust_card
from tests.unit._bundle_craft import (
    encode_part,
    members_of,
    open_inner,
    part_json,
    raw_zip,
    reseal,
    resign,
)
from tests.unit._sync_fixtures import (
    BOTH_STORES,
    OTHER_DISTRICT,
    PROVINCE,
    Exchange,
    exchange_for,
    make_office,
    memory_keyring,
    no_passphrase,
)

__all__ = ["memory_keyring"]


@pytest.fixture
def ex(request: pytest.FixtureRequest, tmp_path: Path, memory_keyring) -> Exchange:  # type: ignore[no-untyped-def]
    return exchange_for(request, tmp_path)


def _only(results):  # type: ignore[no-untyped-def]
    assert len(results) == 1
    return results[0]


def _refused(ex: Exchange, data: bytes, name: str = "crafted.udb") -> str:
    path = ex.folder / name
    path.write_bytes(data)
    result = _only(ex.merge(path))
    assert result.verdict == "refused", result.message
    assert ex.province_rows("SELECT COUNT(*) FROM member") == [(0,)]
    return result.message


@BOTH_STORES
def test_a_valid_bundle_verifies_and_merges(ex: Exchange) -> None:
    bundle = ex.export("2024-03")
    verdict = _only(ex.verify(bundle))
    assert (verdict.verdict, verdict.unit_code, verdict.sequence) == ("ok", "LDLD-BATRI", 1)
    assert ex.province_rows("SELECT COUNT(*) FROM member") == [(0,)]  # verify merges nothing
    assert _only(ex.merge(bundle)).verdict == "merged"
    # Lê Thị Ánh is admitted on 01/04: the state at the end of March has the other two.
    assert ex.province_rows("SELECT COUNT(*) FROM member WHERE unit_code = 'LDLD-BATRI'") == [(2,)]


def test_an_unregistered_key_is_refused(tmp_path: Path, memory_keyring) -> None:
    ex = Exchange(tmp_path)
    stranger = make_office(tmp_path / "o.sqlite", "district", OTHER_DISTRICT)
    trust_card(
        shared(stranger), tmp_path / "province.card"
    )  # it knows the province, not the reverse
    from desktop.sync.office.export import export_bundle

    export_bundle(shared(stranger), "2024-03", tmp_path / "o.udb", passphrase=no_passphrase)
    message = _refused(ex, (tmp_path / "o.udb").read_bytes())
    assert "chưa được đăng ký" in message and "LDLD-THUNHA" in message


def test_a_bundle_claiming_another_unit_is_refused(ex: Exchange) -> None:
    inner = open_inner(ex.province, ex.export("2024-03").read_bytes())
    _, pair = load_own_pair(shared(ex.district), passphrase=no_passphrase)
    unit = {"code": "LDLD-THUNHA", "name": "Thạnh Phú", "role": "district"}
    message = _refused(ex, reseal(resign(inner, pair, change={"unit": unit}), ex.province))
    assert "tự nhận là của đơn vị «LDLD-THUNHA»" in message


def test_a_revoked_key_is_refused_from_its_sequence(ex: Exchange) -> None:
    first = ex.export("2024-03")
    second = ex.export("2024-04")
    key, _ = load_own_pair(shared(ex.district), passphrase=no_passphrase)
    revoke_key(shared(ex.province), "LDLD-BATRI", key.key_id, 2)
    assert _only(ex.merge(first)).verdict == "merged"
    result = _only(ex.merge(second))
    assert result.verdict == "refused"
    assert "đã bị thu hồi từ gói số 2" in result.message


def test_a_bundle_for_another_province_is_refused(tmp_path: Path, memory_keyring) -> None:
    ex = Exchange(tmp_path)
    other = make_office(tmp_path / "p2.sqlite", "province", ("LDLD-TRAVINH", "LĐLĐ tỉnh Trà Vinh"))
    trust_card(shared(other), tmp_path / "district.card")
    bundle = ex.export("2024-03")
    from desktop.services.bundles import process_files

    result = _only(process_files(shared(other), [bundle], write=True, passphrase=no_passphrase))
    assert result.verdict == "refused"
    assert "được mã hóa cho đơn vị khác" in result.message


def test_a_manifest_addressed_elsewhere_is_refused(ex: Exchange) -> None:
    inner = open_inner(ex.province, ex.export("2024-03").read_bytes())
    _, pair = load_own_pair(shared(ex.district), passphrase=no_passphrase)
    addressee = {"code": "LDLD-TRAVINH", "name": "Trà Vinh", "role": "province"}
    message = _refused(
        ex, reseal(resign(inner, pair, change={"addressee": addressee}), ex.province)
    )
    assert "gửi cho đơn vị khác (LDLD-TRAVINH)" in message


def test_a_newer_format_is_refused_with_update_advice(ex: Exchange) -> None:
    data = ex.export("2024-03").read_bytes()
    members = dict(members_of(data))
    envelope = json.loads(members["envelope.json"])
    envelope["format_version"] = 2
    crafted = write_zip(
        [("envelope.json", canonical(envelope)), ("payload.bin", members["payload.bin"])],
        deflate=False,
    )
    assert "phiên bản 2, mới hơn" in _refused(ex, crafted)


def test_a_newer_schema_is_refused(ex: Exchange) -> None:
    inner = open_inner(ex.province, ex.export("2024-03").read_bytes())
    _, pair = load_own_pair(shared(ex.district), passphrase=no_passphrase)
    crafted = reseal(resign(inner, pair, change={"schema_version": "0099_future"}), ex.province)
    assert "lược đồ dữ liệu «0099_future» mới hơn" in _refused(ex, crafted)


@BOTH_STORES
def test_a_forged_signature_is_refused(ex: Exchange) -> None:
    inner = open_inner(ex.province, ex.export("2024-03").read_bytes())
    impostor, _ = load_own_pair(shared(ex.province), passphrase=no_passphrase)
    from desktop.sync.format.crypto import generate_key_pair

    crafted = reseal(resign(inner, generate_key_pair()), ex.province)
    assert _refused(ex, crafted) == (
        "Tệp crafted.udb: chữ ký số không hợp lệ: nội dung đã bị thay đổi hoặc bị giả mạo. "
        "Gói bị từ chối."
    )
    assert impostor.key_id  # the province's own key was never used to sign
    # The sender is not proven: no ledger row (no receipt), no record of any table.
    assert ex.province_rows("SELECT COUNT(*) FROM bundle_ledger") == [(0,)]
    assert ex.province_rows("SELECT COUNT(*) FROM grassroots_union") == [(0,)]


def test_a_part_changed_after_signing_is_refused(ex: Exchange) -> None:
    inner = open_inner(ex.province, ex.export("2024-03").read_bytes())
    members = members_of(inner)
    body = part_json(inner, "member")
    body["rows"][0][2] = "Nguyễn Văn Giả"
    changed = [(n, encode_part(body) if n == "records/member.json" else d) for n, d in members]
    crafted = reseal(write_zip(changed, deflate=True), ex.province)
    assert "phần «records/member.json» không khớp mã băm" in _refused(ex, crafted)


@BOTH_STORES
def test_a_signed_but_invalid_record_names_its_row_and_field(ex: Exchange) -> None:
    inner = open_inner(ex.province, ex.export("2024-03").read_bytes())
    _, pair = load_own_pair(shared(ex.district), passphrase=no_passphrase)
    body = part_json(inner, "member")
    gender = body["columns"].index("gender")
    body["rows"][1][gender] = "unknown"
    crafted = reseal(
        resign(inner, pair, parts={"records/member.json": encode_part(body)}), ex.province
    )
    message = _refused(ex, crafted)
    assert "bảng «member», dòng 2, trường «gender»" in message
    # The sender is proven: the refusal is remembered for its receipt.
    assert ex.province_rows("SELECT verdict, sequence FROM bundle_ledger") == [("refused", 1)]


def test_a_dangling_reference_is_refused(ex: Exchange) -> None:
    inner = open_inner(ex.province, ex.export("2024-03").read_bytes())
    _, pair = load_own_pair(shared(ex.district), passphrase=no_passphrase)
    body = part_json(inner, "member")
    body["rows"][0][1] = "00000000-0000-4000-8000-00000000dead"
    crafted = reseal(
        resign(inner, pair, parts={"records/member.json": encode_part(body)}), ex.province
    )
    assert "trỏ tới bản ghi 00000000-0000-4000-8000-00000000dead" in _refused(ex, crafted)


OUTER_TRICKS = [
    (
        "absolute path",
        [("/envelope.json", b"{}"), ("payload.bin", b"x")],
        stat.S_IFREG,
        "đường dẫn nguy hiểm",
    ),
    (
        "dot-dot",
        [("../envelope.json", b"{}"), ("payload.bin", b"x")],
        stat.S_IFREG,
        "đường dẫn nguy hiểm",
    ),
    ("empty name", [("", b"{}"), ("payload.bin", b"x")], stat.S_IFREG, "đường dẫn nguy hiểm"),
    ("link", [("envelope.json", b"/etc/passwd"), ("payload.bin", b"x")], stat.S_IFLNK, "liên kết"),
    ("directory", [("envelope.json/", b""), ("payload.bin", b"x")], stat.S_IFDIR, "thư mục"),
    (
        "duplicate",
        [("envelope.json", b"{}"), ("envelope.json", b"{}")],
        stat.S_IFREG,
        "xuất hiện hai lần",
    ),
    (
        "extra",
        [("envelope.json", b"{}"), ("readme.txt", b"x")],
        stat.S_IFREG,
        "thành phần lạ «readme.txt»",
    ),
    ("too many", [(f"m{i}", b"x") for i in range(3)], stat.S_IFREG, "có 3 thành phần"),
    ("missing", [("envelope.json", b"{}")], stat.S_IFREG, "thiếu thành phần «payload.bin»"),
]


@pytest.mark.parametrize(
    ("entries", "mode", "expected"), [t[1:] for t in OUTER_TRICKS], ids=[t[0] for t in OUTER_TRICKS]
)
def test_outer_container_tricks_are_refused(ex: Exchange, entries, mode, expected) -> None:  # type: ignore[no-untyped-def]
    assert expected in _refused(ex, raw_zip(entries, mode=mode | 0o644))


def _inner_trick(ex: Exchange, extra: list[tuple[str, bytes]], mode: int = stat.S_IFREG) -> str:
    inner = open_inner(ex.province, ex.export("2024-03").read_bytes())
    entries = members_of(inner)
    return _refused(ex, reseal(raw_zip(entries + extra, mode=mode | 0o644), ex.province))


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("../../evil.json", "đường dẫn nguy hiểm"),
        ("/tmp/evil.json", "đường dẫn nguy hiểm"),
        ("records/member.json", "xuất hiện hai lần"),
        ("records/evil.json", "thành phần lạ «records/evil.json»"),
    ],
)
def test_inner_container_tricks_are_refused(ex: Exchange, name: str, expected: str) -> None:
    assert expected in _inner_trick(ex, [(name, b"[]")])


def test_an_inner_zip_bomb_is_refused_before_it_is_inflated(ex: Exchange) -> None:
    bomb = b"0" * (8 * 2**20)  # deflates about a thousand to one
    inner = open_inner(ex.province, ex.export("2024-03").read_bytes())
    entries = [(n, bomb if n == "summary.json" else d) for n, d in members_of(inner)]
    message = _refused(ex, reseal(raw_zip(entries), ex.province))
    assert "«summary.json» có tỉ lệ nén bất thường" in message


def test_a_file_over_the_size_cap_is_refused_unread(
    ex: Exchange, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr("desktop.sync.format.envelope.MAX_FILE_BYTES", 1000)
    bundle = ex.export("2024-03")
    result = _only(ex.merge(bundle))
    assert result.verdict == "refused" and "quá lớn" in result.message


def test_not_a_bundle_at_all(ex: Exchange) -> None:
    assert "không phải gói dữ liệu Union Desk" in _refused(ex, "bảng lương tháng 3".encode() * 20)
    assert "quá nhỏ" in _refused(ex, b"PK")


def test_the_province_registers_only_after_a_phone_check(tmp_path: Path, memory_keyring) -> None:
    province = make_office(tmp_path / "p.sqlite", "province", PROVINCE)
    export_card(shared(province), tmp_path / "p.card", passphrase=no_passphrase)
    assert (tmp_path / "p.card").exists()
