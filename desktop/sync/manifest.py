"""The signed manifest and the inner ZIP it describes (docs/bundle-format.md, "Manifest").

The signature covers the manifest bytes exactly as stored; the manifest lists the name, size and
SHA-256 of every other member, so the signature reaches every byte of the content.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any

from desktop.sync import messages
from desktop.sync.canonical import canonical
from desktop.sync.container import INNER_CAPS, read_zip, write_zip
from desktop.sync.crypto import KeyPair, sha256_hex
from desktop.sync.envelope import FORMAT, FORMAT_VERSION
from desktop.sync.errors import BundleRefused

MANIFEST, SIGNATURE = "manifest.json", "manifest.sig"
UNIT_STATE = "unit_state"
PACKAGE_TYPES = ("programme", "quotas", "receipts")
BUNDLE_TYPES = (UNIT_STATE, *PACKAGE_TYPES)
SUMMARY_PART = "summary.json"
PACKAGE_PARTS = {
    "programme": "programme.json",
    "quotas": "quotas.json",
    "receipts": "receipts.json",
}


def record_part(table: str) -> str:
    return f"records/{table}.json"


@dataclass(frozen=True)
class Part:
    name: str
    size: int
    sha256: str


@dataclass(frozen=True)
class Manifest:
    raw: bytes
    data: dict[str, Any]

    @property
    def sha256(self) -> str:
        return sha256_hex(self.raw)

    def __getattr__(self, name: str) -> Any:  # manifest fields by name: m.sequence, m.period …
        try:
            return self.data[name]
        except KeyError:
            raise AttributeError(name) from None

    @property
    def unit_code(self) -> str:
        return str(self.data["unit"]["code"])

    @property
    def unit_name(self) -> str:
        return str(self.data["unit"]["name"])

    @property
    def parts(self) -> tuple[Part, ...]:
        return tuple(Part(p["name"], p["size"], p["sha256"]) for p in self.data["parts"])


def build_inner(
    fields: dict[str, Any], parts: list[tuple[str, bytes]], pair: KeyPair
) -> tuple[bytes, Manifest]:
    """Sign the manifest made of `fields` plus the parts' list, and ZIP everything (deflated)."""
    listed = [{"name": n, "size": len(b), "sha256": sha256_hex(b)} for n, b in parts]
    data = {"format": FORMAT, "format_version": FORMAT_VERSION, **fields, "parts": listed}
    raw = canonical(data)
    signature = pair.sign(raw)
    inner = write_zip([(MANIFEST, raw), (SIGNATURE, signature), *parts], deflate=True)
    return inner, Manifest(raw, data)


# field: (type, required) — types are checked before any field is used.
_FIELDS: dict[str, type | tuple[type, ...]] = {
    "format": str,
    "format_version": int,
    "schema_version": str,
    "bundle_type": str,
    "bundle_id": str,
    "unit": dict,
    "addressee": dict,
    "signing_key_id": str,
    "recipient_key_ids": list,
    "period": str,
    "sequence": int,
    "previous_manifest_sha256": str,
    "created_at": str,
    "app_version": str,
    "record_counts": dict,
    "parts": list,
    "key_announcements": list,
}


def _damaged(file: str, detail: str) -> BundleRefused:
    return BundleRefused(messages.MANIFEST_DAMAGED.format(file=file, detail=detail), "manifest")


def parse_manifest(raw: bytes, file: str) -> Manifest:
    try:
        data = json.loads(raw.decode("utf-8"))
    except (UnicodeDecodeError, ValueError) as exc:
        raise _damaged(file, str(exc)) from exc
    if not isinstance(data, dict):
        raise _damaged(file, "không phải đối tượng JSON")
    for name, kind in _FIELDS.items():
        value = data.get(name)
        if not isinstance(value, kind) or (kind is int and isinstance(value, bool)):
            raise _damaged(file, f"trường «{name}» thiếu hoặc sai kiểu")
    if data["format"] != FORMAT:
        raise _damaged(file, "sai «format»")
    if data["format_version"] > FORMAT_VERSION:
        raise BundleRefused(
            messages.NEWER_FORMAT.format(
                file=file, found=data["format_version"], supported=FORMAT_VERSION
            ),
            "newer_format",
        )
    if raw != canonical(data):
        raise _damaged(file, "không ở dạng chuẩn")
    for side in ("unit", "addressee"):
        if not all(isinstance(data[side].get(k), str) for k in ("code", "name", "role")):
            raise _damaged(file, f"trường «{side}» thiếu mã, tên hoặc vai trò")
    if data["bundle_type"] not in BUNDLE_TYPES:
        raise _damaged(file, f"loại gói «{data['bundle_type']}» không biết")
    if data["sequence"] < 1:
        raise _damaged(file, "số thứ tự phải từ 1")
    try:
        for part in data["parts"]:
            if not (
                isinstance(part["name"], str)
                and type(part["size"]) is int
                and isinstance(part["sha256"], str)
            ):
                raise TypeError("part")
        if not all(isinstance(k, str) for k in data["recipient_key_ids"]):
            raise TypeError("recipient")
        if not all(type(v) is int and v >= 0 for v in data["record_counts"].values()):
            raise TypeError("record_counts")
    except (KeyError, TypeError) as exc:
        raise _damaged(file, f"danh sách phần sai ({exc})") from exc
    return Manifest(raw, data)


def allowed_parts() -> frozenset[str]:
    from desktop.sync.tables import TABLE_ORDER

    return frozenset(
        [SUMMARY_PART, *PACKAGE_PARTS.values(), *(record_part(t) for t in TABLE_ORDER)]
    )


def open_inner(inner: bytes, file: str) -> tuple[Manifest, bytes, dict[str, bytes]]:
    """Container shape of the decrypted ZIP, then the manifest: (manifest, signature, parts)."""
    where = f"Tệp {file} (phần giải mã)"
    members = read_zip(
        inner, [MANIFEST, SIGNATURE], INNER_CAPS, where=where, optional=allowed_parts()
    )
    manifest = parse_manifest(members[MANIFEST], file)
    listed = [p.name for p in manifest.parts]
    if len(set(listed)) != len(listed):
        raise _damaged(file, "một phần được kê hai lần")
    for name in members:
        if name not in (MANIFEST, SIGNATURE) and name not in listed:
            raise BundleRefused(messages.MEMBER_UNEXPECTED.format(where=where, name=name))
    for name in listed:
        if name not in members:
            raise BundleRefused(messages.MEMBER_MISSING.format(where=where, name=name))
    parts = {name: members[name] for name in listed}
    return manifest, members[SIGNATURE], parts


def check_part_hashes(manifest: Manifest, parts: dict[str, bytes], file: str) -> None:
    for part in manifest.parts:
        data = parts[part.name]
        if len(data) != part.size or sha256_hex(data) != part.sha256:
            raise BundleRefused(messages.PART_HASH.format(file=file, name=part.name), "hash")
