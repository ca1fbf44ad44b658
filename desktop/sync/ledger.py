"""(Province) the bundle ledger: what each unit sent, and the verdict on a new bundle against it.

Only merged rows form a unit's chain. The same manifest again is a no-op; an older sequence is a
rollback; the same sequence with other content, or a next sequence whose chain hash does not
match, is a fork (often an office that restored an old backup); a jump forward is a gap: accepted,
with the missing sequences and periods named.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from desktop.format import period_label
from desktop.sync import messages
from desktop.sync.manifest import Manifest

NEW, DUPLICATE, ROLLBACK, FORK = "new", "duplicate", "rollback", "fork"
MERGED, REFUSED = "merged", "refused"


@dataclass(frozen=True)
class Decision:
    verdict: str  # new | duplicate | rollback | fork
    message: str  # why not new; for new, the gap note (or "")
    last_sequence: int | None


def _months_between(first: str, last: str) -> list[str]:
    """The months strictly between two YYYY-MM periods."""
    year, month = int(first[:4]), int(first[5:7])
    found: list[str] = []
    while True:
        month += 1
        if month == 13:
            year, month = year + 1, 1
        text = f"{year:04d}-{month:02d}"
        if text >= last:
            return found
        found.append(text)


def decide(con: Any, manifest: Manifest, file: str) -> Decision:
    """The ledger's verdict on `manifest` (`con`: a DB-API connection to the province database)."""
    unit, sequence = manifest.unit_code, manifest.sequence
    label = f"{unit} – {manifest.unit_name}"
    same = con.execute(
        "SELECT sequence FROM bundle_ledger WHERE verdict = 'merged' AND manifest_sha256 = ?",
        (manifest.sha256,),
    ).fetchone()
    if same is not None:
        text = messages.ALREADY_MERGED.format(
            file=file, sequence=sequence, period=manifest.period, unit=label
        )
        return Decision(DUPLICATE, text, same[0])
    merged = con.execute(
        "SELECT sequence, period, manifest_sha256 FROM bundle_ledger "
        "WHERE verdict = 'merged' AND unit_code = ? ORDER BY sequence",
        (unit,),
    ).fetchall()
    if not merged:
        return Decision(NEW, "", None)
    last_sequence, last_period, last_sha = merged[-1]
    if any(row[0] == sequence for row in merged):
        return Decision(
            FORK, messages.FORK.format(file=file, sequence=sequence, unit=unit), last_sequence
        )
    if sequence < last_sequence:
        text = messages.ROLLBACK.format(
            file=file, sequence=sequence, period=manifest.period, unit=label, last=last_sequence
        )
        return Decision(ROLLBACK, text, last_sequence)
    if sequence == last_sequence + 1:
        if manifest.previous_manifest_sha256 != last_sha:
            text = messages.FORK_CHAIN.format(
                file=file, sequence=sequence, unit=unit, last=last_sequence
            )
            return Decision(FORK, text, last_sequence)
        return Decision(NEW, "", last_sequence)
    missing = ", ".join(str(n) for n in range(last_sequence + 1, sequence))
    had = {row[1] for row in merged}
    periods = [p for p in _months_between(last_period, manifest.period) if p not in had]
    if periods:
        note = messages.GAP.format(
            sequences=missing, unit=unit, periods=", ".join(period_label(p) for p in periods)
        )
    else:
        note = messages.GAP_NO_PERIOD.format(sequences=missing, unit=unit)
    return Decision(NEW, note, last_sequence)


def ledger_row(
    manifest: Manifest, verdict: str, reason: str, gaps: str, file_name: str, summary: str
) -> dict[str, Any]:
    from desktop.models import utcnow

    now = utcnow()
    return {
        "bundle_id": manifest.bundle_id,
        "unit_code": manifest.unit_code,
        "sequence": manifest.sequence,
        "period": manifest.period,
        "manifest_sha256": manifest.sha256,
        "previous_manifest_sha256": manifest.previous_manifest_sha256,
        "signing_key_id": manifest.signing_key_id,
        "verdict": verdict,
        "reason": reason,
        "gaps": gaps,
        "record_counts": json.dumps(manifest.record_counts, sort_keys=True),
        "summary": summary,
        "file_name": file_name[:260],
        "created_at": manifest.created_at[:40],
        "received_at": now,
        "merged_at": now if verdict == MERGED else None,
    }


def stamp(value: datetime) -> str:
    """The text form SQLAlchemy's SQLite DateTime stores and reads back."""
    return value.strftime("%Y-%m-%d %H:%M:%S.%f")


def insert_ledger_row(con: Any, row: dict[str, Any]) -> None:
    names = list(row)
    values = [stamp(v) if isinstance(v, datetime) else v for v in row.values()]
    con.execute(
        f"INSERT INTO bundle_ledger ({', '.join(names)}) VALUES ({', '.join('?' for _ in names)})",
        values,
    )
