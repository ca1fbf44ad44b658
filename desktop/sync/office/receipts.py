"""(Office) the province's receipts: which of this office's bundles it took or returned, and where
its chain now stands."""

from __future__ import annotations

from typing import Any

from sqlalchemy import select

from desktop.models import HeldBundle, SentBundle, utcnow
from desktop.sync.format import messages

Receipt = tuple[
    str, int, str, str, str, str
]  # bundle id, sequence, period, manifest, verdict, reason


def follow_receipts(session: Any, receipts: list[Receipt]) -> str:
    """(Office) mark each sent bundle received or returned; remember the bundles this PC does not
    know; when the province's last merged bundle is one of those, make it the chain's base and
    say so. Returns what changed, in words."""
    now, changed = utcnow(), 0
    head: Receipt | None = None
    for receipt in receipts:
        bundle_id, sequence, period, sha, verdict, reason = receipt
        if verdict not in ("received", "returned"):
            continue
        if verdict == "received":
            head = receipt  # receipts follow the ledger's order: the last one is the chain's head
        sent = session.scalars(select(SentBundle).where(SentBundle.bundle_id == bundle_id)).first()
        if sent is not None:
            if sent.manifest_sha256 == sha and (sent.state, sent.reason) != (verdict, reason):
                sent.state, sent.reason, sent.state_at = verdict, reason, now
                changed += 1
            continue
        held = session.scalars(select(HeldBundle).where(HeldBundle.bundle_id == bundle_id)).first()
        if held is None:
            held = HeldBundle(
                bundle_id=bundle_id, sequence=sequence, period=period, manifest_sha256=sha
            )
            session.add(held)
        held.state, held.reason = verdict, reason
    session.flush()
    note = messages.RECEIPTS_APPLIED.format(count=changed)
    if head is None:
        return note
    base = session.scalars(select(HeldBundle).where(HeldBundle.bundle_id == head[0])).first()
    for held in session.scalars(select(HeldBundle)):
        held.chain_base = held is base
    if base is None:
        return note
    reused = session.scalars(select(SentBundle).where(SentBundle.sequence == base.sequence)).first()
    highest = max(
        [base.sequence]
        + [r[1] for r in receipts]
        + list(session.scalars(select(SentBundle.sequence)))
    )
    text = messages.PROVINCE_HOLDS_REUSED if reused is not None else messages.PROVINCE_HOLDS
    return note + " " + text.format(sequence=base.sequence, period=base.period, next=highest + 1)
