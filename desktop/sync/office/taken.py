"""(Office) `bundle merge` / `bundle verify` of a package the province sent: programme, quotas or
receipts, checked against the province's key and the package chain, then applied."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from desktop.models import AcceptedPackage, utcnow
from desktop.store import Store
from desktop.sync.format import messages
from desktop.sync.format.crypto import KeyPair
from desktop.sync.format.errors import BundleRefused
from desktop.sync.format.manifest import PACKAGE_PARTS, PACKAGE_TYPES, Manifest
from desktop.sync.office.package_content import (
    KIND_LABELS,
    apply_content,
    check_content,
    read_content,
)
from desktop.sync.verdict import WOULD_MERGE, FileVerdict
from desktop.sync.verify import authenticate, read_file


def take_package(
    store: Store, path: Path, pairs: dict[str, KeyPair], office_code: str, write: bool
) -> Any:
    """(Upper union) verify a province package and, with `write`, apply it. Verify runs every
    check take runs, in the same order, and stops before the first write."""
    file = path.name
    with store.session() as session:
        try:
            auth = authenticate(
                session,
                read_file(path),
                file,
                pairs,
                office_code=office_code,
                expect_province=True,
            )
            manifest = auth.manifest
            kind = manifest.bundle_type
            if kind not in PACKAGE_TYPES:
                raise BundleRefused(messages.NOT_A_PACKAGE.format(file=file), "records")
            label = KIND_LABELS[kind]
            accepted = session.get(AcceptedPackage, kind)
            if accepted is not None and accepted.manifest_sha256 == manifest.sha256:
                return FileVerdict(
                    file,
                    "duplicate",
                    messages.ALREADY_TAKEN.format(
                        file=file, kind=label, sequence=manifest.sequence
                    ),
                    manifest.unit_code,
                    manifest.sequence,
                    manifest.period,
                    kind,
                )
            _check_chain(manifest, accepted, file, label)
            body = auth.parts[PACKAGE_PARTS[kind]]
            version = manifest.format_version
            parsed, holds = read_content(kind, body, file, office_code, version)
            check_content(session, kind, parsed, file)
            note = (
                apply_content(session, kind, parsed, office_code, manifest.bundle_id)
                if write
                else ""
            )
        except BundleRefused as exc:
            session.rollback()
            return FileVerdict(file, "refused", exc.message)
        if not write:
            return FileVerdict(
                file,
                WOULD_MERGE,
                "",
                manifest.unit_code,
                manifest.sequence,
                manifest.period,
                kind,
                holds=holds,
            )
        _remember(session, accepted, manifest)
        text = (
            f"Đã nhận gói {label} số {manifest.sequence} của {manifest.unit_code}. {note}".strip()
        )
        return FileVerdict(
            file, "accepted", text, manifest.unit_code, manifest.sequence, manifest.period, kind
        )


def _check_chain(
    manifest: Manifest, accepted: AcceptedPackage | None, file: str, label: str
) -> None:
    """Packages of one type to one office form a chain (§9): nothing older than the last one
    taken, nothing else under its number, and the next number must name it as its previous.
    A jump is taken: each package carries its whole content, so a missed one does no harm."""
    if accepted is None:
        return
    sequence, last = manifest.sequence, accepted.sequence
    if sequence < last:
        raise BundleRefused(
            messages.OLDER_PACKAGE.format(file=file, kind=label, sequence=sequence, last=last),
            "rollback",
        )
    if sequence == last:
        raise BundleRefused(
            messages.SAME_NUMBER_PACKAGE.format(file=file, kind=label, sequence=sequence), "fork"
        )
    if sequence == last + 1 and manifest.previous_manifest_sha256 != accepted.manifest_sha256:
        raise BundleRefused(
            messages.PACKAGE_CHAIN.format(file=file, kind=label, sequence=sequence, last=last),
            "fork",
        )


def _remember(session: Any, accepted: AcceptedPackage | None, manifest: Manifest) -> None:
    if accepted is None:
        session.add(
            AcceptedPackage(
                package_type=manifest.bundle_type,
                sequence=manifest.sequence,
                bundle_id=manifest.bundle_id,
                manifest_sha256=manifest.sha256,
                period=manifest.period,
            )
        )
        return
    accepted.sequence, accepted.bundle_id = manifest.sequence, manifest.bundle_id
    accepted.manifest_sha256, accepted.period = manifest.sha256, manifest.period
    accepted.accepted_at = utcnow()
