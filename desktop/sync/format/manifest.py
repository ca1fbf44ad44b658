"""The signed manifest and the inner ZIP it describes (docs/bundle-format.md, "Manifest").

The signature covers the manifest bytes exactly as stored; the manifest lists the name, size and
SHA-256 of every other member, so the signature reaches every byte of the content.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any

from desktop.sync.format import messages
from desktop.sync.format.canonical import canonical
from desktop.sync.format.container import INNER_CAPS, DeflatingAhead, read_zip, write_zip
from desktop.sync.format.crypto import KeyPair, sha256_hex
from desktop.sync.format.envelope import FORMAT, FORMAT_VERSION
from desktop.sync.format.errors import BundleRefused
from desktop.sync.format.fields import fields_problem
from desktop.sync.format.manifest_rules import (
    LATEST_FORMAT_VERSION,
    MANIFEST_FIELDS,
    NEWER,
    OPTIONAL_MANIFEST_FIELDS,
    manifest_problem,
    version_problem,
)
from desktop.sync.format.names import (
    BUNDLE_TYPES,
    HANDOVER_PART,
    MANIFEST,
    PACKAGE_PARTS,
    PACKAGE_TYPES,
    SIGNATURE,
    SUMMARY_PART,
    UNIT_STATE,
    record_part,
)

__all__ = [
    "BUNDLE_TYPES",
    "MANIFEST",
    "PACKAGE_PARTS",
    "PACKAGE_TYPES",
    "SIGNATURE",
    "SUMMARY_PART",
    "UNIT_STATE",
    "Manifest",
    "build_inner",
    "check_part_hashes",
    "open_inner",
    "parse_manifest",
    "record_part",
]


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
    def previous_unit_codes(self) -> tuple[str, ...]:
        """The codes the unit had before its code changed (optional field, §5)."""
        return tuple(self.data.get("previous_unit_codes", ()))

    @property
    def answers(self) -> tuple[str, ...]:
        """The ids of the province's decisions this bundle answers (optional field, §5)."""
        return tuple(self.data.get("answers", ()))

    @property
    def sender_codes(self) -> tuple[str, ...]:
        """The unit's code, then the codes its keys may still be registered under."""
        return (self.unit_code, *self.previous_unit_codes)

    @property
    def parts(self) -> tuple[Part, ...]:
        return tuple(Part(p["name"], p["size"], p["sha256"]) for p in self.data["parts"])


def build_inner(
    fields: dict[str, Any],
    parts: list[tuple[str, bytes]],
    pair: KeyPair,
    *,
    format_version: int = FORMAT_VERSION,
    ahead: DeflatingAhead | None = None,
) -> tuple[bytes, Manifest]:
    """Sign the manifest made of `fields` plus the parts' list, and ZIP everything (deflated;
    the parts `ahead` was given are taken as it deflated them). `format_version` 2 only for a
    document holding what format 2 adds (§5)."""
    listed = [{"name": n, "size": len(b), "sha256": sha256_hex(b)} for n, b in parts]
    if "answers" in fields:
        format_version = max(format_version, 2)
    data = {"format": FORMAT, "format_version": format_version, **fields, "parts": listed}
    raw = canonical(data)
    signature = pair.sign(raw)
    inner = write_zip([(MANIFEST, raw), (SIGNATURE, signature), *parts], deflate=True, ahead=ahead)
    return inner, Manifest(raw, data)


def _damaged(file: str, detail: str) -> BundleRefused:
    return BundleRefused(messages.MANIFEST_DAMAGED.format(file=file, detail=detail), "manifest")


def parse_manifest(raw: bytes, file: str) -> Manifest:
    try:
        data = json.loads(raw.decode("utf-8"))
    except (UnicodeDecodeError, ValueError) as exc:
        raise _damaged(file, str(exc)) from exc
    if not isinstance(data, dict):
        raise _damaged(file, messages.NOT_AN_OBJECT)
    problem = version_problem(data)
    if problem == NEWER:
        raise BundleRefused(
            messages.NEWER_FORMAT.format(
                file=file, found=data["format_version"], supported=LATEST_FORMAT_VERSION
            ),
            "newer_format",
        )
    required = {k: v for k, v in data.items() if k not in OPTIONAL_MANIFEST_FIELDS}
    problem = problem or fields_problem(required, MANIFEST_FIELDS, "manifest")
    if problem is None and raw != canonical(data):
        problem = messages.NOT_CANONICAL
    problem = problem or manifest_problem(data)
    if problem:
        raise _damaged(file, problem)
    return Manifest(raw, data)


def allowed_parts() -> frozenset[str]:
    from desktop.sync.format.tables import TABLE_ORDER

    return frozenset(
        [
            SUMMARY_PART,
            HANDOVER_PART,
            *PACKAGE_PARTS.values(),
            *(record_part(t) for t in TABLE_ORDER),
        ]
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
