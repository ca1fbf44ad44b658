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
from desktop.sync.crypto import KeyPair, key_id_of, sha256_hex
from desktop.sync.envelope import FORMAT, FORMAT_VERSION
from desktop.sync.errors import BundleRefused
from desktop.sync.fields import (
    ANNOUNCEMENT_FIELDS,
    count_problem,
    created_at_problem,
    fields_problem,
    hex_problem,
    is_count,
    party_problem,
    period_problem,
    text_problem,
    uuid_problem,
)

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


MANIFEST_FIELDS = (
    "format",
    "format_version",
    "schema_version",
    "bundle_type",
    "bundle_id",
    "unit",
    "addressee",
    "signing_key_id",
    "recipient_key_ids",
    "period",
    "sequence",
    "previous_manifest_sha256",
    "created_at",
    "app_version",
    "record_counts",
    "parts",
    "key_announcements",
)
PART_FIELDS = ("name", "size", "sha256")


def _damaged(file: str, detail: str) -> BundleRefused:
    return BundleRefused(messages.MANIFEST_DAMAGED.format(file=file, detail=detail), "manifest")


def _version(data: dict[str, Any], file: str) -> None:
    """Format first: a newer version may have other fields, and deserves update advice."""
    if data.get("format") != FORMAT:
        raise _damaged(file, "sai «format»")
    version = data.get("format_version")
    if type(version) is not int or version < 1:
        raise _damaged(file, messages.FIELD_TYPE.format(what="format_version"))
    if version > FORMAT_VERSION:
        raise BundleRefused(
            messages.NEWER_FORMAT.format(file=file, found=version, supported=FORMAT_VERSION),
            "newer_format",
        )


def _field_problem(data: dict[str, Any]) -> str | None:
    """The first field of §5 that is not of its documented shape (each check may rely on the
    ones before it)."""
    return (
        text_problem(data["schema_version"], "schema_version")
        or _one_of(data["bundle_type"], BUNDLE_TYPES, "bundle_type")
        or uuid_problem(data["bundle_id"], "bundle_id")
        or party_problem(data["unit"], "unit")
        or party_problem(data["addressee"], "addressee")
        or hex_problem(data["signing_key_id"], 16, "signing_key_id")
        or _recipients_problem(data["recipient_key_ids"])
        or period_problem(data["period"], "period")
        or count_problem(data["sequence"], "sequence", 1)
        or _previous_problem(data["previous_manifest_sha256"], data["sequence"])
        or created_at_problem(data["created_at"], "created_at")
        or text_problem(data["app_version"], "app_version")
        or _counts_problem(data["record_counts"])
        or _parts_problem(data["parts"])
        or _announcements_problem(data["key_announcements"], data)
    )


def _one_of(value: Any, allowed: tuple[str, ...], what: str) -> str | None:
    if value in allowed:
        return None
    return messages.FIELD_VALUE.format(what=what, expected=", ".join(allowed))


def _recipients_problem(value: Any) -> str | None:
    if not isinstance(value, list) or not value:
        return messages.FIELD_VALUE.format(what="recipient_key_ids", expected="danh sách khóa")
    for key_id in value:
        problem = hex_problem(key_id, 16, "recipient_key_ids")
        if problem:
            return problem
    if len(set(value)) != len(value):
        return messages.FIELD_VALUE.format(what="recipient_key_ids", expected="các khóa khác nhau")
    return None


def _previous_problem(value: Any, sequence: int) -> str | None:
    if sequence == 1:  # the first of a chain follows nothing
        return (
            None
            if value == ""
            else messages.FIELD_VALUE.format(
                what="previous_manifest_sha256", expected="rỗng ở gói số 1"
            )
        )
    return None if value == "" else hex_problem(value, 64, "previous_manifest_sha256")


def _counts_problem(value: Any) -> str | None:
    if not isinstance(value, dict):
        return messages.FIELD_NOT_OBJECT.format(what="record_counts")
    for table, count in value.items():
        problem = count_problem(count, f"record_counts.{table}")
        if problem:
            return problem
    return None


def _parts_problem(value: Any) -> str | None:
    if not isinstance(value, list):
        return messages.FIELD_VALUE.format(what="parts", expected="danh sách phần")
    for part in value:
        problem = fields_problem(part, PART_FIELDS, "parts[]")
        if problem:
            return problem
        if type(part["name"]) is not str:
            return messages.FIELD_TYPE.format(what="parts[].name")
        problem = count_problem(part["size"], "parts[].size") or hex_problem(
            part["sha256"], 64, "parts[].sha256"
        )
        if problem:
            return problem
    names = [p["name"] for p in value]
    if len(set(names)) != len(names):
        return messages.PART_LISTED_TWICE
    return None


def _announcements_problem(value: Any, data: dict[str, Any]) -> str | None:
    if not isinstance(value, list):
        return messages.FIELD_VALUE.format(what="key_announcements", expected="danh sách")
    what = "key_announcements[]"
    for entry in value:
        problem = fields_problem(entry, (*ANNOUNCEMENT_FIELDS, "signature"), what)
        if problem:
            return problem
        for name, digits in KEY_HEX.items():
            problem = hex_problem(entry[name], digits, f"{what}.{name}")
            if problem:
                return problem
        if entry["unit_code"] != data["unit"]["code"]:
            return messages.FIELD_VALUE.format(what=f"{what}.unit_code", expected="mã của «unit»")
        if key_id_of(bytes.fromhex(entry["sign_public"])) != entry["key_id"]:
            return messages.FIELD_VALUE.format(
                what=f"{what}.key_id", expected="16 chữ số đầu của SHA-256(sign_public)"
            )
        valid = entry["valid_from_sequence"]
        if not is_count(valid, 2) or valid > data["sequence"] + 1:
            return messages.FIELD_VALUE.format(
                what=f"{what}.valid_from_sequence", expected="từ 2 đến số thứ tự gói + 1"
            )
    return None


KEY_HEX = {
    "key_id": 16,
    "sign_public": 64,
    "box_public": 64,
    "replaces_key_id": 16,
    "signature": 128,
}


def _layout_problem(data: dict[str, Any]) -> str | None:
    """What the bundle type fixes: roles, record counts, parts and their order (§5, §6, §9)."""
    kind, parts = data["bundle_type"], [p["name"] for p in data["parts"]]
    sender, receiver = ("district", "province") if kind == UNIT_STATE else ("province", "district")
    for side, role in (("unit", sender), ("addressee", receiver)):
        if data[side]["role"] != role:
            return messages.FIELD_VALUE.format(what=f"{side}.role", expected=f"«{role}»")
    if kind != UNIT_STATE:
        if data["record_counts"] != {}:
            return messages.FIELD_VALUE.format(what="record_counts", expected="{} ở gói của tỉnh")
        if data["key_announcements"] != []:
            return messages.FIELD_VALUE.format(
                what="key_announcements", expected="[] ở gói của tỉnh"
            )
        expected = [PACKAGE_PARTS[kind]]
    else:
        from desktop.sync.tables import SPECS

        spec = SPECS.get(data["schema_version"])
        if spec is None:
            return None  # an unknown schema is refused as newer, once the sender is proven
        if set(data["record_counts"]) != set(spec):
            return messages.FIELD_VALUE.format(
                what="record_counts", expected="đúng một số đếm cho mỗi bảng của lược đồ"
            )
        expected = [*(record_part(t) for t in spec), SUMMARY_PART]
    if parts != expected:
        return messages.PARTS_NOT_AS_DOCUMENTED.format(expected=", ".join(expected))
    return None


def parse_manifest(raw: bytes, file: str) -> Manifest:
    try:
        data = json.loads(raw.decode("utf-8"))
    except (UnicodeDecodeError, ValueError) as exc:
        raise _damaged(file, str(exc)) from exc
    if not isinstance(data, dict):
        raise _damaged(file, "không phải đối tượng JSON")
    _version(data, file)
    problem = fields_problem(data, MANIFEST_FIELDS, "manifest")
    if problem:
        raise _damaged(file, problem)
    if raw != canonical(data):
        raise _damaged(file, "không ở dạng chuẩn")
    problem = _field_problem(data) or _layout_problem(data)
    if problem:
        raise _damaged(file, problem)
    return Manifest(raw, data)


def allowed_parts() -> frozenset[str]:
    from desktop.sync.tables import TABLE_ORDER

    return frozenset(
        [SUMMARY_PART, *PACKAGE_PARTS.values(), *(record_part(t) for t in TABLE_ORDER)]
    )


def open_inner(inner: bytes, file: str) -> tuple[Manifest, bytes, dict[str, bytes]]:
    """Container shape of the decrypted ZIP, then the manifest: (manifest, signature, parts).

    The members come in the manifest's order: manifest.json, manifest.sig, then every part as
    listed (§5), so one bundle has one byte form."""
    where = f"Tệp {file} (phần giải mã)"
    members = read_zip(
        inner, [MANIFEST, SIGNATURE], INNER_CAPS, where=where, optional=allowed_parts()
    )
    manifest = parse_manifest(members[MANIFEST], file)
    listed = [p.name for p in manifest.parts]
    for name in members:
        if name not in (MANIFEST, SIGNATURE) and name not in listed:
            raise BundleRefused(messages.MEMBER_UNEXPECTED.format(where=where, name=name))
    for name in listed:
        if name not in members:
            raise BundleRefused(messages.MEMBER_MISSING.format(where=where, name=name))
    expected = [MANIFEST, SIGNATURE, *listed]
    for found, wanted in zip(members, expected, strict=True):
        if found != wanted:
            raise BundleRefused(
                messages.MEMBER_ORDER.format(where=where, found=found, expected=wanted), "container"
            )
    if len(members[SIGNATURE]) != 64:
        raise _damaged(file, messages.SIGNATURE_LENGTH.format(size=len(members[SIGNATURE])))
    parts = {name: members[name] for name in listed}
    return manifest, members[SIGNATURE], parts


def check_part_hashes(manifest: Manifest, parts: dict[str, bytes], file: str) -> None:
    for part in manifest.parts:
        data = parts[part.name]
        if len(data) != part.size or sha256_hex(data) != part.sha256:
            raise BundleRefused(messages.PART_HASH.format(file=file, name=part.name), "hash")
