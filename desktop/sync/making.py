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
