"""(Province) the bundle ledger: what each unit sent, and the verdict on a new bundle against it.

Only merged rows form a unit's chain. The same manifest again is a no-op; an older sequence is a
rollback; the same sequence with other content, or a next sequence whose chain hash does not
match, is a fork (often an office that restored an old backup); a jump forward is a gap: accepted,
with the missing sequences and periods named (those refused before are not missing).

A fork stays open until the province decides (desktop/sync/province/forks.py): every later bundle of that
office is refused meanwhile. After "keep", the office's next bundle must name the province's last
merged manifest as its previous one, whatever its sequence; after "take", the chain starts again
at the bundle taken. A bundle continuing a refused branch is refused as `branch`: the decision
stands, nobody is asked again.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import Connection, text

from desktop.format import period_label
from desktop.sync.format import messages
from desktop.sync.format.manifest import Manifest

NEW, DUPLICATE, ROLLBACK, FORK = "new", "duplicate", "rollback", "fork"
# A bundle still on a branch the province decided against: refused, and no new decision needed.
BRANCH = "branch"
MERGED, REFUSED = "merged", "refused"
# A person's decision on a fork, recorded as a ledger row of its own (desktop/sync/province/forks.py).
RESOLVED_KEEP, RESOLVED_TAKE = "resolved_keep", "resolved_take"
RESOLUTIONS = (RESOLVED_KEEP, RESOLVED_TAKE)


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


@dataclass(frozen=True)
class History:
    """One unit's ledger as the next bundle is judged against it."""

    chain: list[tuple[int, str, str]]  # (sequence, period, manifest) merged since the last take
    seen: set[int]  # every sequence the ledger holds a row for (merged or refused)
    branch: set[str]  # manifests refused as forks: a bundle continuing one continues the fork
    open_fork: tuple[int, str] | None  # (sequence, file) of the fork no decision has closed
    must_continue: bool  # the province kept its chain: the next bundle must name its head


def run(con: Connection, sql: str, params: Any = None) -> Any:
    """`:name` SQL on the store's connection (a list of parameter sets runs it once for each)."""
    return con.execute(text(sql), params or {})


def history(con: Connection, unit: str) -> History:
    rows = run(
        con,
        "SELECT id, sequence, period, manifest_sha256, verdict, file_name FROM bundle_ledger "
        "WHERE unit_code = :unit ORDER BY id",
        {"unit": unit},
    ).fetchall()
    taken = max((r[0] for r in rows if r[4] == RESOLVED_TAKE), default=0)
    decided = max((r[0] for r in rows if r[4] in RESOLUTIONS), default=0)
    kept = max((r[0] for r in rows if r[4] == RESOLVED_KEEP), default=0)
    open_forks = [(r[1], r[5]) for r in rows if r[4] == FORK and r[0] > decided]
    return History(
        chain=[(r[1], r[2], r[3]) for r in rows if r[4] == MERGED and r[0] > taken],
        seen={r[1] for r in rows if r[4] not in RESOLUTIONS},
        branch={r[3] for r in rows if r[4] in (FORK, BRANCH)},
        open_fork=open_forks[0] if open_forks else None,
        must_continue=kept == decided > 0 and not any(r[4] == MERGED and r[0] > kept for r in rows),
    )


def decide(con: Connection, manifest: Manifest, file: str) -> Decision:
    """The ledger's verdict on `manifest` (`con`: the province's connection, in the merge's
    transaction)."""
    unit, sequence = manifest.unit_code, manifest.sequence
    label = f"{unit} – {manifest.unit_name}"
    same = run(
        con,
        "SELECT sequence FROM bundle_ledger WHERE verdict = 'merged' AND manifest_sha256 = :sha",
        {"sha": manifest.sha256},
    ).fetchone()
    if same is not None:
        text = messages.ALREADY_MERGED.format(
            file=file, sequence=sequence, period=manifest.period, unit=label
        )
        return Decision(DUPLICATE, text, same[0])
    past = history(con, unit)
    if past.open_fork is not None:  # nothing of that office merges until a person decides
        forked, forked_file = past.open_fork
        last = past.chain[-1][0] if past.chain else None
        text = messages.FORK_OPEN.format(
            file=file, unit=unit, forked=forked, forked_file=forked_file, last=last
        )
        return Decision(FORK, text, last)
    if not past.chain:
        return Decision(NEW, "", None)
    last_sequence, last_period, last_sha = past.chain[-1]
    previous = manifest.previous_manifest_sha256
    if any(row[0] == sequence for row in past.chain):
        return Decision(
            FORK, messages.FORK.format(file=file, sequence=sequence, unit=unit), last_sequence
        )
    if sequence < last_sequence:
        text = messages.ROLLBACK.format(
            file=file, sequence=sequence, period=manifest.period, unit=label, last=last_sequence
        )
        return Decision(ROLLBACK, text, last_sequence)
    if previous != last_sha and (past.must_continue or previous in past.branch):
        # An office still on its restored backup, after the province decided: refused without
        # asking again; its receipts make its next bundle continue from the province's.
        text = messages.FORK_BRANCH.format(
            file=file, sequence=sequence, unit=unit, last=last_sequence
        )
        return Decision(BRANCH, text, last_sequence)
    if previous != last_sha and sequence == last_sequence + 1:
        text = messages.FORK_CHAIN.format(
            file=file, sequence=sequence, unit=unit, last=last_sequence
        )
        return Decision(FORK, text, last_sequence)
    missing = [n for n in range(last_sequence + 1, sequence) if n not in past.seen]
    if not missing:
        return Decision(NEW, "", last_sequence)
    had = {row[1] for row in past.chain}
    periods = [p for p in _months_between(last_period, manifest.period) if p not in had]
    numbers = ", ".join(str(n) for n in missing)
    if periods:
        note = messages.GAP.format(
            sequences=numbers, unit=unit, periods=", ".join(period_label(p) for p in periods)
        )
    else:
        note = messages.GAP_NO_PERIOD.format(sequences=numbers, unit=unit)
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


def insert_ledger_row(con: Connection, row: dict[str, Any]) -> None:
    values = {k: stamp(v) if isinstance(v, datetime) else v for k, v in row.items()}
    run(
        con,
        f"INSERT INTO bundle_ledger ({', '.join(values)}) "
        f"VALUES ({', '.join(':' + name for name in values)})",
        values,
    )
