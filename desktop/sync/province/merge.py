"""(Province) `bundle verify` and `bundle merge` of unit-state bundles.

A bundle carries a unit's full state, so merging replaces that unit's rows (`unit_code`) with the
bundle's, in one transaction together with its ledger row: idempotent, and a missed month does no
harm. A record UUID that already belongs to another unit refuses the whole bundle: UUIDs are
random, so a clash means a copied database (or a forgery), and neither may overwrite another
office's records or be counted twice province-wide (docs/bundle-format.md §7).

The same code runs on an office's SQLite file and on a province's PostgreSQL server: every write
goes through the store's unit of work (the write lock first, committed whole or not at all), a
patient one: another merge or an import holding the lock is waited for, not refused after the
few seconds a form's save waits.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from sqlalchemy import Connection
from sqlalchemy.exc import IntegrityError

from desktop.format import period_label
from desktop.store import Store
from desktop.sync.format import messages
from desktop.sync.format.crypto import KeyPair
from desktop.sync.format.errors import BundleRefused
from desktop.sync.format.manifest import SUMMARY_PART
from desktop.sync.format.names import HANDOVER
from desktop.sync.format.summary import read_summary
from desktop.sync.key_chain import register_announced_keys
from desktop.sync.ledger import (
    DUPLICATE,
    MERGED,
    NEW,
    REFUSED,
    decide,
    insert_ledger_row,
    ledger_row,
    run,
)
from desktop.sync.province.code_change import follow_code_change
from desktop.sync.province.decisions import mark_answered
from desktop.sync.province.merge_rows import foreign_record, replace_unit_rows
from desktop.sync.province.programmes import ProgrammeIds, check_programme_refs, programme_ids
from desktop.sync.verdict import WOULD_MERGE, FileVerdict, file_verdict
from desktop.sync.verify import (
    Authenticated,
    Verified,
    authenticate,
    read_file,
    validate_unit_state,
)

__all__ = ["foreign_record", "replace_unit_rows"]


class Undone(Exception):
    """Raised inside a unit of work so that nothing it did is kept; carries the verdict to give."""

    def __init__(self, verdict: FileVerdict) -> None:
        super().__init__(verdict.message)
        self.verdict = verdict


@contextmanager
def trial(store: Store) -> Iterator[Connection]:
    """A write transaction that is always rolled back: `bundle verify` follows a code change to
    judge the bundle as the merge would, and keeps nothing."""

    class _Rollback(Exception):
        pass

    try:
        with store.unit_of_work(patient=True) as uow:
            yield uow.plain()
            raise _Rollback
    except _Rollback:
        pass


def verified_bundle(
    store: Store, path: Path, pairs: dict[str, KeyPair], office_code: str, *, record: bool
) -> Verified | FileVerdict:
    """Checks 1-8 of a unit's bundle: the verified bundle, or the verdict refusing it (with
    `record`, a proven sender's refusal goes to the ledger for its receipt)."""
    file = path.name
    with store.session() as session:
        try:
            authenticated = authenticate(
                session,
                read_file(path),
                file,
                pairs,
                office_code=office_code,
                expect_province=False,
            )
        except BundleRefused as exc:
            return FileVerdict(file, REFUSED, exc.message)
    if authenticated.manifest.bundle_type == HANDOVER:  # §12: an office's chain closes
        from desktop.sync.province.handover import take_notice

        return take_notice(store, authenticated, write=record)
    try:
        verified = validate_unit_state(authenticated)
        check_programme_refs(store, verified.rows, file)
    except BundleRefused as exc:
        if record:
            record_refusal(store, authenticated, exc.message)
        return file_verdict(authenticated, REFUSED, exc.message)
    return verified


def one_unit_bundle(
    store: Store, path: Path, pairs: dict[str, KeyPair], office_code: str, write: bool
) -> FileVerdict:
    verified = verified_bundle(store, path, pairs, office_code, record=write)
    if isinstance(verified, FileVerdict):
        return verified
    from desktop.sync.province.handover import closed_refusal

    closed = closed_refusal(store, verified.authenticated)  # after a handover (§12)
    if closed is not None:
        return closed
    if not write:
        return _would_merge(store, verified)
    return _merge(store, verified)


def _would_merge(store: Store, verified: Verified) -> FileVerdict:
    """`bundle verify`: the verdict `bundle merge` would give, nothing written."""
    authenticated, manifest = verified.authenticated, verified.manifest
    foreign = None
    with trial(store) as con:  # a code change is followed for the checks, then rolled back
        try:
            follow_code_change(con, manifest, authenticated.file)
        except BundleRefused as exc:
            return file_verdict(authenticated, REFUSED, exc.message)
        decision = decide(con, manifest, authenticated.file)
        answered: list[str] = []
        if decision.verdict == NEW:
            foreign = foreign_record(con, manifest.unit_code, verified.rows, authenticated.file)
            answered = mark_answered(  # rolled back with the trial: only to say it
                con, manifest.unit_code, manifest.period, manifest.answers, manifest.bundle_id
            )
    if foreign is not None:
        return file_verdict(authenticated, REFUSED, foreign)
    if decision.verdict == NEW:
        said = decision.message
        if answered:
            shown = ", ".join(period_label(month) for month in answered)
            said = f"{said} {messages.ANSWERS_RETURN.format(periods=shown)}".strip()
        return file_verdict(authenticated, WOULD_MERGE, said, decision.message)
    verdict = DUPLICATE if decision.verdict == DUPLICATE else REFUSED
    return file_verdict(authenticated, verdict, decision.message)


def record_refusal(
    store: Store, authenticated: Authenticated, reason: str, verdict: str = REFUSED
) -> None:
    """A refused bundle from a proven sender is remembered: the receipt tells the office why."""
    row = ledger_row(
        authenticated.manifest, verdict, reason, "", authenticated.file, _summary(authenticated)
    )
    with store.unit_of_work(patient=True) as uow:
        insert_ledger_row(uow.plain(), row)


def _summary(authenticated: Authenticated) -> str:
    summary = read_summary(authenticated.parts.get(SUMMARY_PART))
    return json.dumps(summary, ensure_ascii=False, sort_keys=True)


class Collision(Exception):
    """A record of the bundle belongs to another office: the merge is undone, then refused."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


def _merge(store: Store, verified: Verified) -> FileVerdict:
    authenticated = verified.authenticated
    ids = programme_ids(store, verified.rows)
    try:
        with store.unit_of_work(patient=True) as uow:
            return _merge_in(uow.plain(), verified, ids)
    except Undone as undone:
        return undone.verdict
    except Collision as collision:  # rolled back whole; the refusal is remembered on its own
        record_refusal(store, authenticated, collision.message)
        return file_verdict(authenticated, REFUSED, collision.message)
    except IntegrityError as exc:  # a constraint the checks above did not foresee
        message = messages.RECORD_CONFLICT.format(file=authenticated.file, detail=_first(exc))
        record_refusal(store, authenticated, message)
        return file_verdict(authenticated, REFUSED, message)


def _merge_in(con: Connection, verified: Verified, ids: ProgrammeIds) -> FileVerdict:
    """The merge inside its transaction: the verdict when merged (or refused by the ledger, which
    remembers it); Undone or Collision to roll back."""
    authenticated, manifest = verified.authenticated, verified.manifest
    file = authenticated.file
    try:  # an office whose code changed moves to it with this bundle, or not at all
        moved = follow_code_change(con, manifest, file)
    except BundleRefused as exc:
        raise Undone(file_verdict(authenticated, REFUSED, exc.message)) from exc
    decision = decide(con, manifest, file)
    if decision.verdict == DUPLICATE:
        raise Undone(file_verdict(authenticated, DUPLICATE, decision.message))
    if decision.verdict != NEW:
        if not _recorded(con, manifest.sha256, decision.verdict):  # once is enough
            row = ledger_row(
                manifest, decision.verdict, decision.message, "", file, _summary(authenticated)
            )
            insert_ledger_row(con, row)
        return file_verdict(authenticated, REFUSED, decision.message)
    answered = apply_bundle(con, verified, ids, decision.message)
    from desktop.services.audit_chain import NewEntry, append

    # In the merge's own transaction: a kill after the commit cannot leave a merge that the
    # audit trail does not show.
    detail = f"{file}: {MERGED} {manifest.unit_code} số {manifest.sequence}"
    detail += f" kỳ {manifest.period}"
    entries = [NewEntry("bundle_merge", detail)]
    if moved:
        entries.append(NewEntry("office_code_change", moved))
    append(con, entries)
    text = f"Đã gộp {file}: gói số {manifest.sequence} (kỳ {manifest.period}) của {manifest.unit_code}."
    if decision.message:
        text += " " + decision.message
    if moved:
        text += " " + moved
    if answered:
        shown = ", ".join(period_label(month) for month in answered)
        text += " " + messages.ANSWERS_RETURN.format(periods=shown)
    return file_verdict(authenticated, MERGED, text, decision.message)


def _first(exc: IntegrityError) -> str:
    """The database's own words on a failed write, without SQLAlchemy's statement text."""
    text = str(exc.orig).strip()
    return text.splitlines()[0] if text else type(exc.orig).__name__


def _recorded(con: Connection, manifest_sha256: str, verdict: str) -> bool:
    found = run(
        con,
        "SELECT 1 FROM bundle_ledger WHERE manifest_sha256 = :sha AND verdict = :verdict",
        {"sha": manifest_sha256, "verdict": verdict},
    ).fetchone()
    return found is not None


def apply_bundle(
    con: Connection, verified: Verified, ids: ProgrammeIds, gaps: str, reason: str = ""
) -> list[str]:
    """Inside the caller's transaction: replace the unit's rows with the bundle's, register the
    keys it announces, write its `merged` ledger row and mark the returns it answers (§5
    `answers`; the months it answered are returned). On a record UUID another office owns,
    Collision names it (the caller rolls the transaction back: nothing is kept)."""
    authenticated, manifest = verified.authenticated, verified.manifest
    savepoint = con.begin_nested()  # undone alone, so the owner can still be looked up
    try:
        replace_unit_rows(con, manifest.unit_code, verified.rows, ids)
    except IntegrityError as exc:
        savepoint.rollback()
        found = foreign_record(con, manifest.unit_code, verified.rows, authenticated.file)
        if found is None:
            found = messages.RECORD_CONFLICT.format(file=authenticated.file, detail=_first(exc))
        raise Collision(found) from exc
    savepoint.commit()
    register_announced_keys(con, authenticated.new_keys, manifest.unit_name, manifest.unit["role"])
    row = ledger_row(manifest, MERGED, reason, gaps, authenticated.file, _summary(authenticated))
    insert_ledger_row(con, row)
    return mark_answered(
        con, manifest.unit_code, manifest.period, manifest.answers, manifest.bundle_id
    )
