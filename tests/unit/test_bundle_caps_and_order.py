"""Refusals the other crafted-file tests do not reach: the size caps read from the ZIP headers,
the inner member-count cap, a registered key used before its first sequence, and the order of the
checks (a file failing two of them is refused for the earlier one, DESIGN.md's fixed order)."""

from __future__ import annotations

from pathlib import Path

import pytest

from desktop.store import shared
from desktop.sync.format.crypto import generate_key_pair
from desktop.sync.key_chain import revoke_key
from desktop.sync.keys import load_own_pair
from desktop.sync.office.rotation import rotate_keys
from tests.unit._bundle_craft import (
    encode_part,
    lying_zip,
    members_of,
    open_inner,
    part_json,
    raw_zip,
    reseal,
    resign,
)
from tests.unit._sync_fixtures import Exchange, memory_keyring, no_passphrase

__all__ = ["memory_keyring"]

MIB = 2**20


@pytest.fixture
def ex(tmp_path: Path, memory_keyring) -> Exchange:  # type: ignore[no-untyped-def]
    return Exchange(tmp_path)


def _refused(ex: Exchange, data: bytes) -> str:
    """The message of refusing `data`; the province still holds only what it merged before."""
    path = ex.folder / "crafted.udb"
    path.write_bytes(data)
    before = ex.province_rows("SELECT COUNT(*) FROM member")
    [result] = ex.merge(path)
    assert result.verdict == "refused", result.message
    assert ex.province_rows("SELECT COUNT(*) FROM member") == before
    return result.message


def _inner(ex: Exchange) -> bytes:
    return open_inner(ex.province, ex.export("2024-03").read_bytes())


def _envelope(ex: Exchange) -> bytes:
    return dict(members_of(ex.export("2024-02", "envelope-source.udb").read_bytes()))[
        "envelope.json"
    ]


def test_an_outer_member_declared_over_its_cap_is_refused_unread(ex: Exchange) -> None:
    envelope = _envelope(ex)
    crafted = lying_zip(
        [("envelope.json", envelope, len(envelope), len(envelope)),
         ("payload.bin", b"\0" * 64, 300 * MIB, 300 * MIB)],
        deflate=False,
    )  # fmt: skip
    assert len(crafted) < 1000  # the file is small: only its headers lie
    assert _refused(ex, crafted) == (
        "Tệp crafted.udb: thành phần «payload.bin» khai 314572800 byte, vượt giới hạn 268435456 byte "
        "cho một thành phần. Tệp bị từ chối."
    )


def test_outer_members_declared_over_the_total_cap_are_refused(ex: Exchange) -> None:
    crafted = lying_zip(
        [
            ("envelope.json", b"{}", 200 * MIB, 200 * MIB),
            ("payload.bin", b"x", 200 * MIB, 200 * MIB),
        ],
        deflate=False,
    )
    assert _refused(ex, crafted) == (
        "Tệp crafted.udb: đến thành phần «payload.bin» các thành phần đã khai tổng cộng 419430400 "
        "byte, vượt giới hạn 268435456 byte. Tệp bị từ chối."
    )


def _signed_head(ex: Exchange) -> list[tuple[str, bytes, int, int]]:
    head = members_of(_inner(ex))[:2]  # manifest.json and manifest.sig, genuine
    return [(name, data, len(data), len(data)) for name, data in head]


def test_an_inner_member_declared_over_its_cap_is_refused(ex: Exchange) -> None:
    # 600 MiB from 4 MiB is 150:1, under the ratio cap: the size cap is what refuses it.
    inner = lying_zip(
        [*_signed_head(ex), ("records/member.json", b"\x03\x00", 600 * MIB, 4 * MIB)], deflate=False
    )
    assert _refused(ex, reseal(inner, ex.province)) == (
        "Tệp crafted.udb (phần giải mã): thành phần «records/member.json» khai 629145600 byte, "
        "vượt giới hạn 536870912 byte cho một thành phần. Tệp bị từ chối."
    )


def test_inner_members_declared_over_the_total_cap_are_refused(ex: Exchange) -> None:
    # Each under the 512 MiB member cap and at about 133:1 under the ratio cap; together 1.2 GiB.
    head = _signed_head(ex)
    tables = ("member", "activity", "complaint")
    parts = [(f"records/{t}.json", b"x", 400 * MIB, 3 * MIB) for t in tables]
    inner = lying_zip([*head, *parts], deflate=False)
    total = 1200 * MIB + sum(size for _, _, size, _ in head)
    assert _refused(ex, reseal(inner, ex.province)) == (
        "Tệp crafted.udb (phần giải mã): đến thành phần «records/complaint.json» các thành phần đã "
        f"khai tổng cộng {total} byte, vượt giới hạn 1073741824 byte. Tệp bị từ chối."
    )


def test_an_inner_zip_with_more_members_than_the_cap_is_refused(ex: Exchange) -> None:
    entries = members_of(_inner(ex))
    extra = [(f"records/extra{n}.json", b"[]") for n in range(33 - len(entries))]
    message = _refused(ex, reseal(raw_zip(entries + extra), ex.province))
    assert message == (
        "Tệp crafted.udb (phần giải mã): có 33 thành phần, nhiều hơn một gói hợp lệ. Tệp bị từ chối."
    )
    # 32 is still allowed by the count: that file is refused later, for its strange member.
    fewer = reseal(raw_zip(entries + extra[:-1]), ex.province)
    assert "thành phần lạ «records/extra0.json»" in _refused(ex, fewer)


def test_a_registered_key_is_refused_before_its_first_sequence(ex: Exchange) -> None:
    assert ex.merge(ex.export("2024-03"))[0].verdict == "merged"  # 1, old key
    new = rotate_keys(shared(ex.district), passphrase=no_passphrase)
    assert ex.merge(ex.export("2024-04"))[0].verdict == "merged"  # 2 announces the new key from 3
    after = ex.export("2024-05")  # 3, signed by the new key
    _, pair = load_own_pair(shared(ex.district), passphrase=no_passphrase)
    crafted = resign(open_inner(ex.province, after.read_bytes()), pair, change={"sequence": 2})
    message = _refused(ex, reseal(crafted, ex.province))
    assert message == (
        f"Tệp crafted.udb (gói số 2) được ký bằng khóa {new.key_id}, chỉ có hiệu lực từ gói số 3."
    )


# The order: each file below fails two checks; the earlier one is the one reported.


def test_over_the_file_cap_beats_not_a_bundle(
    ex: Exchange, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr("desktop.sync.format.envelope.MAX_FILE_BYTES", 1000)
    message = _refused(ex, "không phải gói".encode() * 200)
    assert message.startswith("Tệp crafted.udb quá lớn (3600 byte, tối đa 1000 byte)")


def test_too_many_outer_members_beats_a_link_among_them(ex: Exchange) -> None:
    import stat

    entries = [("envelope.json", b"{}"), ("payload.bin", b"x"), ("link", b"/etc/passwd")]
    assert "có 3 thành phần" in _refused(ex, raw_zip(entries, mode=stat.S_IFLNK | 0o777))


def test_an_inner_container_trick_beats_a_bad_signature(ex: Exchange) -> None:
    forged = resign(_inner(ex), generate_key_pair())  # a signature nobody registered
    entries = [*members_of(forged), ("../evil.json", b"{}")]
    assert "đường dẫn nguy hiểm" in _refused(ex, reseal(raw_zip(entries), ex.province))


def test_a_bad_signature_beats_a_wrong_addressee(ex: Exchange) -> None:
    addressee = {"code": "LDLD-TRAVINH", "name": "Trà Vinh", "role": "province"}
    _, real = load_own_pair(shared(ex.district), passphrase=no_passphrase)
    stranger = generate_key_pair()
    inner = resign(_inner(ex), real, change={"addressee": addressee})
    members = members_of(inner)
    manifest = members[0][1]
    forged = [members[0], ("manifest.sig", stranger.sign(manifest)), *members[2:]]
    message = _refused(ex, reseal(raw_zip(forged), ex.province))
    assert "chữ ký số không hợp lệ" in message and "LDLD-TRAVINH" not in message


def test_a_revoked_key_beats_a_wrong_addressee(ex: Exchange) -> None:
    key, pair = load_own_pair(shared(ex.district), passphrase=no_passphrase)
    revoke_key(shared(ex.province), "LDLD-BATRI", key.key_id, 1)
    addressee = {"code": "LDLD-TRAVINH", "name": "Trà Vinh", "role": "province"}
    crafted = resign(_inner(ex), pair, change={"addressee": addressee})
    assert "đã bị thu hồi từ gói số 1" in _refused(ex, reseal(crafted, ex.province))


def test_a_changed_part_beats_an_invalid_record_in_it(ex: Exchange) -> None:
    inner = _inner(ex)
    body = part_json(inner, "member")
    body["rows"][0][body["columns"].index("gender")] = "unknown"
    changed = [
        (n, encode_part(body) if n == "records/member.json" else d) for n, d in members_of(inner)
    ]
    message = _refused(ex, reseal(raw_zip(changed), ex.province))
    assert "phần «records/member.json» không khớp mã băm" in message and "gender" not in message


def test_an_invalid_record_beats_the_ledger(ex: Exchange) -> None:
    bundle = ex.export("2024-03")
    assert ex.merge(bundle)[0].verdict == "merged"
    inner = open_inner(ex.province, bundle.read_bytes())
    body = part_json(inner, "member")
    body["rows"][0][body["columns"].index("gender")] = "unknown"
    _, pair = load_own_pair(shared(ex.district), passphrase=no_passphrase)
    crafted = resign(inner, pair, parts={"records/member.json": encode_part(body)})
    # Same sequence as the merged one: a fork by the ledger, but the records are checked first.
    message = _refused(ex, reseal(crafted, ex.province))
    assert "bảng «member», dòng 1, trường «gender»" in message
