"""Tools to take a real bundle apart and put crafted ones together, as an attacker could.

Anyone holding the province's public key can seal a payload to it; only the district's private key
can sign. These helpers do both where a test needs it, and raw ZIP writing for container tricks.
"""

from __future__ import annotations

import io
import json
import stat
import zipfile
import zlib
from pathlib import Path
from typing import Any

from desktop.store import shared
from desktop.sync.format.canonical import canonical
from desktop.sync.format.container import write_zip
from desktop.sync.format.crypto import KeyPair, sha256_hex
from desktop.sync.format.envelope import seal_bundle
from desktop.sync.keys import load_own_pair
from desktop.sync.verify import own_pairs
from tests.unit._sync_fixtures import no_passphrase


def province_box(province_db: Path) -> tuple[str, bytes]:
    key, pair = load_own_pair(shared(province_db), passphrase=no_passphrase)
    return key.key_id, pair.box_public


def open_inner(province_db: Path, data: bytes) -> bytes:
    """Decrypt a bundle with the province's keys (what the province itself can do)."""
    from desktop.store import Store
    from desktop.sync.format.envelope import open_bundle

    db = Store(province_db)
    with db.session() as session:
        pairs = own_pairs(session, no_passphrase)
    db.close()
    return open_bundle(data, "test", pairs).inner


def members_of(inner: bytes) -> list[tuple[str, bytes]]:
    archive = zipfile.ZipFile(io.BytesIO(inner))
    return [(info.filename, archive.read(info)) for info in archive.infolist()]


def raw_zip(
    entries: list[tuple[str, bytes]], *, mode: int = stat.S_IFREG | 0o644, deflate: bool = True
) -> bytes:
    """A ZIP exactly as listed (duplicates included: zipfile only warns)."""
    buffer = io.BytesIO()
    import warnings

    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        with zipfile.ZipFile(buffer, "w") as archive:
            for name, data in entries:
                info = zipfile.ZipInfo(name, date_time=(1980, 1, 1, 0, 0, 0))
                info.compress_type = zipfile.ZIP_DEFLATED if deflate else zipfile.ZIP_STORED
                info.external_attr = mode << 16
                info.create_system = 3
                archive.writestr(info, data)
    return buffer.getvalue()


def reseal(inner: bytes, province_db: Path) -> bytes:
    return seal_bundle(inner, [province_box(province_db)])


def resign(
    inner: bytes,
    pair: KeyPair,
    *,
    change: dict[str, Any] | None = None,
    parts: dict[str, bytes] | None = None,
) -> bytes:
    """Rebuild the inner ZIP with manifest fields changed and/or parts replaced, signed by `pair`."""
    members = dict(members_of(inner))
    manifest = json.loads(members.pop("manifest.json"))
    members.pop("manifest.sig")
    members.update(parts or {})
    manifest.update(change or {})
    manifest["parts"] = [
        {
            "name": p["name"],
            "size": len(members[p["name"]]),
            "sha256": sha256_hex(members[p["name"]]),
        }
        for p in manifest["parts"]
    ]
    raw = canonical(manifest)
    ordered = [("manifest.json", raw), ("manifest.sig", pair.sign(raw))]
    ordered += [(p["name"], members[p["name"]]) for p in manifest["parts"]]
    return write_zip(ordered, deflate=True)


def part_json(inner: bytes, table: str) -> dict[str, Any]:
    return json.loads(dict(members_of(inner))[f"records/{table}.json"])


def encode_part(body: dict[str, Any]) -> bytes:
    return json.dumps(body, ensure_ascii=False, separators=(",", ":")).encode()


def lying_zip(entries: list[tuple[str, bytes, int, int]], *, deflate: bool) -> bytes:
    """A ZIP whose headers declare (size, compressed size) for each member, whatever its data.

    A reader that trusted the headers would allocate that much; the caps must refuse the file
    from its central directory alone, before anything is read or inflated.
    """
    from desktop.sync.format.container import CENTRAL, DOS_DATE, END, FILE_MODE, LOCAL

    method = 8 if deflate else 0
    out, central = bytearray(), bytearray()
    for name, data, size, packed in entries:
        raw, crc, offset = name.encode("ascii"), zlib.crc32(data), len(out)
        out += LOCAL.pack(b"PK\x03\x04", 20, 0, method, 0, DOS_DATE, crc, packed, size, len(raw), 0)
        out += raw + data
        central += CENTRAL.pack(
            b"PK\x01\x02", 0x0314, 20, 0, method, 0, DOS_DATE, crc, packed, size, len(raw),
            0, 0, 0, 0, FILE_MODE, offset,
        )  # fmt: skip
        central += raw
    start = len(out)
    out += central + END.pack(
        b"PK\x05\x06", 0, 0, len(entries), len(entries), len(central), start, 0
    )
    return bytes(out)


def seal_to(inner: bytes, db: Path) -> bytes:
    """Seal `inner` to the active key of the office of `db` (a province package to a district)."""
    return seal_bundle(inner, [province_box(db)])


def seal_with_envelope(inner: bytes, db: Path, change: dict[str, Any]) -> bytes:
    """What a careless writer makes: `inner` sealed to the office of `db` under an envelope with
    `change` applied before encryption, so the envelope still authenticates the payload."""
    import os

    from desktop.sync.format.crypto import seal, wrap_content_key

    key_id, public = province_box(db)
    content_key, nonce = os.urandom(32), os.urandom(12)
    wrapped = wrap_content_key(content_key, key_id, public)
    envelope = {
        "format": "uniondesk-bundle",
        "format_version": 1,
        "cipher": "AES-256-GCM",
        "key_wrap": "X25519-HKDF-SHA256-AES-256-GCM",
        "payload_nonce": nonce.hex(),
        "payload_size": len(inner) + 16,
        "recipients": [
            {
                "key_id": key_id,
                "ephemeral_public": wrapped.ephemeral_public.hex(),
                "nonce": wrapped.nonce.hex(),
                "wrapped_key": wrapped.wrapped.hex(),
            }
        ],
        **change,
    }
    raw = canonical(envelope)
    return write_zip(
        [("envelope.json", raw), ("payload.bin", seal(content_key, nonce, inner, raw))],
        deflate=False,
    )


def manifest_of(inner: bytes) -> dict[str, Any]:
    return json.loads(dict(members_of(inner))["manifest.json"])
