"""Forks: an office restored an older backup and reused a sequence the province had merged.

Province side. A fork stays open, and every later bundle of that office is refused, until a person
decides (desktop/sync/ledger.py judges bundles against the decision):

- `bundle resolve --unit CODE --keep N`: keep what was merged up to sequence N (the province's
  last merged bundle); the office's next bundle must name that manifest as its previous one.
- `bundle accept-fork FILE`: take a bundle the fork refused (the office's current database) in
  place of what was merged; the chain starts again from it.

Each decision is a ledger row of its own (`resolved_keep`, `resolved_take`), written in the same
transaction as the merge it allows. Receipts leave decisions out.

Office side. A receipts package names every bundle of the office in the province's ledger. One
this PC has no record of (sent before the backup it restored) is kept in `held_bundle`; when the
province's last merged bundle is such a one, the office is told in Vietnamese and its next export
continues the chain from it, with a sequence after every one either side has seen.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from sqlalchemy import Connection

from desktop.errors import UserError
from desktop.models import utcnow
from desktop.store import Store
from desktop.sync.format import messages
from desktop.sync.keys import office_of
from desktop.sync.keystore import Passphrase, default_passphrase
from desktop.sync.ledger import (
    FORK,
    MERGED,
    RESOLUTIONS,
    RESOLVED_KEEP,
    RESOLVED_TAKE,
    History,
    history,
    insert_ledger_row,
    run,
    stamp,
)


@dataclass(frozen=True)
class Resolution:
    unit_code: str
    verdict: str  # resolved_keep | resolved_take
    sequence: int
    message: str


def _province(store: Store) -> None:
    with store.session() as session:
        if office_of(session, store.label).role != "province":
            raise UserError(messages.RESOLVE_NOT_PROVINCE.format(path=store.label))


def _decision_row(
    unit: str, verdict: str, sequence: int, period: str, sha: str, reason: str, file: str
) -> dict[str, Any]:
    return {
        "bundle_id": str(uuid.uuid4()),  # the decision's own id: receipts never carry it
        "unit_code": unit,
        "sequence": sequence,
        "period": period,
        "manifest_sha256": sha,
        "previous_manifest_sha256": "",
        "signing_key_id": "",
        "verdict": verdict,
        "reason": reason,
        "gaps": "",
        "record_counts": "{}",
        "summary": "{}",
        "file_name": file[:260],
        "created_at": "",
        "received_at": stamp(utcnow()),
        "merged_at": None,
    }


def keep_chain(store: Store, unit: str, sequence: int) -> Resolution:
    """(Province) close `unit`'s open fork keeping what was merged up to `sequence`, which must
    be the last bundle merged: the office continues from it."""
    return _keep(store, unit, sequence)


def _keep(store: Store, unit: str, sequence: int) -> Resolution:
    from desktop.services.audit_chain import NewEntry, append

    _province(store)
    with store.unit_of_work(patient=True) as uow:
        con = uow.plain()
        past = _open_fork(con, unit)
        last, period, sha = past.chain[-1]
        if sequence != last:
            raise UserError(messages.KEEP_NOT_LAST.format(unit=unit, sequence=sequence, last=last))
        reason = messages.KEPT.format(unit=unit, sequence=last, period=period)
        insert_ledger_row(con, _decision_row(unit, RESOLVED_KEEP, last, period, sha, reason, ""))
        append(con, [NewEntry("bundle_resolve", f"{unit}: giữ gói số {last}")])
    return Resolution(unit, RESOLVED_KEEP, last, reason)


def accept_fork(store: Store, path: Path, *, passphrase: Passphrase = default_passphrase) -> Any:
    """(Province) take `path`, a bundle the open fork of its office refused, in place of what was
    merged: checked like any merge, then merged with the decision in one transaction."""
    return _take(store, path, passphrase)


def _take(store: Store, path: Path, passphrase: Passphrase) -> Any:
    from desktop.services.audit_chain import NewEntry, append
    from desktop.sync.province.merge import Collision, apply_bundle, verified_bundle
    from desktop.sync.province.programmes import programme_ids
    from desktop.sync.verdict import FileVerdict, file_verdict
    from desktop.sync.verify import own_pairs

    _province(store)
    with store.session() as session:
        code = office_of(session, store.label).code
        pairs = own_pairs(session, passphrase)
    verified = verified_bundle(store, path, pairs, code, record=True)
    if isinstance(verified, FileVerdict):
        return verified
    manifest, file = verified.manifest, path.name
    unit = manifest.unit_code
    ids = programme_ids(store, verified.rows)
    try:
        with store.unit_of_work(patient=True) as uow:
            con = uow.plain()
            past = _open_fork(con, unit)
            if not _refused_by_open_fork(con, unit, manifest.sha256):
                raise UserError(messages.NOT_ON_FORK.format(file=file, unit=unit))
            last = past.chain[-1][0] if past.chain else 0
            reason = messages.TAKEN.format(
                unit=unit, sequence=manifest.sequence, period=manifest.period, file=file, last=last
            )
            decision = _decision_row(
                unit,
                RESOLVED_TAKE,
                manifest.sequence,
                manifest.period,
                manifest.sha256,
                reason,
                file,
            )
            insert_ledger_row(con, decision)
            apply_bundle(con, verified, ids, "", reason)
            detail = f"{file}: nhận nhánh mới {unit} số {manifest.sequence}"
            append(con, [NewEntry("bundle_merge", detail)])
    except Collision as collision:  # nothing of the decision is kept
        return file_verdict(verified.authenticated, "refused", collision.message)
    return file_verdict(verified.authenticated, MERGED, reason)


def _open_fork(con: Connection, unit: str) -> History:
    """`unit`'s history, refused when no fork is open."""
    past = history(con, unit)
    if past.open_fork is None:
        raise UserError(messages.NO_OPEN_FORK.format(unit=unit))
    return past


def _refused_by_open_fork(con: Connection, unit: str, sha: str) -> bool:
    decided = run(
        con,
        "SELECT COALESCE(MAX(id), 0) FROM bundle_ledger WHERE unit_code = :unit "
        "AND verdict IN (:keep, :take)",
        {"unit": unit, "keep": RESOLUTIONS[0], "take": RESOLUTIONS[1]},
    ).fetchone()[0]
    found = run(
        con,
        "SELECT 1 FROM bundle_ledger WHERE unit_code = :unit AND verdict = :fork "
        "AND manifest_sha256 = :sha AND id > :decided",
        {"unit": unit, "fork": FORK, "sha": sha, "decided": decided},
    ).fetchone()
    return found is not None
