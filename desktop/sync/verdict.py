"""What became of one file handed to `bundle verify` or `bundle merge`: the verdict both sides give."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from desktop.sync.format.manifest import SUMMARY_PART
from desktop.sync.format.summary import read_summary
from desktop.sync.ledger import REFUSED
from desktop.sync.verify import Authenticated

WOULD_MERGE = "ok"


@dataclass(frozen=True)
class FileVerdict:
    """What happened to one file: merged, duplicate (a no-op), refused, or ok (verify only)."""

    file: str
    verdict: str
    message: str
    unit_code: str = ""
    sequence: int | None = None
    period: str = ""
    bundle_type: str = ""
    gaps: str = ""
    counts: dict[str, int] = field(default_factory=dict)
    holds: str = ""  # a province package: what it carries, in words
    summary: dict[str, Any] = field(default_factory=dict)  # the sender's summary.json

    @property
    def refused(self) -> bool:
        return self.verdict == REFUSED


def file_verdict(
    authenticated: Authenticated, verdict: str, message: str, gaps: str = ""
) -> FileVerdict:
    m = authenticated.manifest
    return FileVerdict(
        authenticated.file,
        verdict,
        message,
        m.unit_code,
        m.sequence,
        m.period,
        m.bundle_type,
        gaps,
        dict(m.record_counts),
        summary=read_summary(authenticated.parts.get(SUMMARY_PART)),
    )
