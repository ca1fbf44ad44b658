"""Where the unique values of a written bundle or package come from: its id, its clock, its
randomness.

Always the system's, except when tests/fixtures/bundles/make_vectors.py writes the test vectors
of docs/bundle-format.md §11 again: a fixed id, clock and random stream give the same bytes every
time, so a test sees when the writer's output drifts from what the document shows.
"""

from __future__ import annotations

import os
import uuid
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, date, datetime
from typing import Any


@dataclass(frozen=True)
class Making:
    new_id: Callable[[], str]
    now: Callable[[], datetime]  # aware, UTC
    today: Callable[[], date]  # the office's own day: a package's period
    random_bytes: Callable[[int], bytes]

    def created_at(self) -> str:
        """`created_at` as the manifest writes it: whole seconds, UTC, with a `Z`."""
        stamp = self.now().astimezone(UTC).replace(microsecond=0, tzinfo=None)
        return stamp.isoformat() + "Z"


SYSTEM = Making(
    new_id=lambda: str(uuid.uuid4()),
    now=lambda: datetime.now(UTC),
    today=date.today,
    random_bytes=os.urandom,
)


def unit_of(office: Any) -> dict[str, str]:
    """The manifest's `unit` (or an addressee) for this database's office row."""
    return {"code": office.code, "name": office.name, "role": office.role}


def addressee_of(key: Any) -> dict[str, str]:
    """The manifest's `addressee` for the unit a trusted key (its card) names."""
    return {"code": key.unit_code, "name": key.unit_name, "role": key.role}


def manifest_fields(
    making: Making,
    *,
    bundle_type: str,
    unit: dict[str, str],
    addressee: dict[str, str],
    signing_key_id: str,
    recipient_key_ids: list[str],
    period: str,
    sequence: int,
    previous_manifest_sha256: str,
    record_counts: dict[str, int] | None = None,
    key_announcements: list[dict[str, Any]] | None = None,
) -> dict[str, Any]:
    """The signed manifest's own fields (docs/bundle-format.md §5), the same for a bundle, a
    package and a handover notice; the parts' list is added when it is signed."""
    from desktop import __version__
    from desktop.sync.format.tables import BUNDLE_SCHEMA

    return {
        "schema_version": BUNDLE_SCHEMA,
        "bundle_type": bundle_type,
        "bundle_id": making.new_id(),
        "unit": unit,
        "addressee": addressee,
        "signing_key_id": signing_key_id,
        "recipient_key_ids": recipient_key_ids,
        "period": period,
        "sequence": sequence,
        "previous_manifest_sha256": previous_manifest_sha256,
        "created_at": making.created_at(),
        "app_version": __version__,
        "record_counts": record_counts or {},
        "key_announcements": key_announcements or [],
    }
