"""(Province) `bundle verify` and `bundle merge` of unit-state bundles.

A bundle carries a unit's full state, so merging replaces that unit's rows (`unit_code`) with the
bundle's, in one transaction together with its ledger row: idempotent, and a missed month does no
harm. A record UUID that already belongs to another unit refuses the whole bundle: UUIDs are
random, so a clash means a copied database (or a forgery), and neither may overwrite another
office's records or be counted twice province-wide (docs/bundle-format.md §7).
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from desktop.progress import no_progress
from desktop.store import Store
from desktop.sync import messages
from desktop.sync.code_change import follow_code_change
from desktop.sync.crypto import KeyPair
from desktop.sync.derived import recompute
from desktop.sync.errors import BundleRefused
from desktop.sync.keys import office_of
from desktop.sync.keystore import Passphrase, default_passphrase
from desktop.sync.ledger import (
    DUPLICATE,
    MERGED,
    NEW,
    REFUSED,
    decide,
    insert_ledger_row,
    ledger_row,
)
from desktop.sync.manifest import SUMMARY_PART
from desktop.sync.names import HANDOVER
from desktop.sync.programmes import ProgrammeIds, check_programme_refs, programme_ids
from desktop.sync.rotation import register_announced_keys
from desktop.sync.summary import read_summary
from desktop.sync.tables import BUNDLE_SCHEMA, SPECS, TABLE_ORDER
from desktop.sync.verify import (
    Authenticated,
    Verified,
    authenticate,
    own_pairs,
    read_file,
    validate_unit_state,
)

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


def connect(db_path: Path) -> sqlite3.Connection:
    """A connection in autocommit mode so this module says BEGIN IMMEDIATE / COMMIT itself."""
    con = sqlite3.connect(db_path, isolation_level=None)
    # Another merge or an import holding the write lock is waited for (BEGIN IMMEDIATE comes
    # before the ledger is read), not refused after the five seconds a form's save waits.
    for pragma in (
        "journal_mode=WAL",
        "synchronous=FULL",
        "foreign_keys=ON",
        "busy_timeout=600000",
    ):
        con.execute(f"PRAGMA {pragma}")
    return con


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


def process_files(
    db_path: Path,
    files: list[Path],
    *,
    write: bool,
    passphrase: Passphrase = default_passphrase,
    progress: Callable[[float, str], None] = no_progress,
) -> list[FileVerdict]:
    """Verify (write=False) or merge each file on its own; one bad file never stops the others."""
    db = Store(db_path)
    try:
        with db.session() as session:
            office = office_of(session, db_path)
            role, code = office.role, office.code
            pairs = own_pairs(session, passphrase)
    finally:
        db.close()
    results = []
    for index, path in enumerate(files):
        progress(index / max(len(files), 1), f"Đang xử lý {path.name}…")
        if role == "province":
            results.append(_one_unit_bundle(db_path, path, pairs, code, write))
        else:
            from desktop.sync.packages import take_package

            results.append(take_package(db_path, path, pairs, code, write))
    if write:
        from desktop.services.audit import record

        for result in results:
            if result.verdict == MERGED:
                continue  # recorded in the merge's own transaction
            # Personal data came in: who merged what stays on record (Decree 356/2025).
            record(
                db_path,
                "bundle_merge",
                f"{result.file}: {result.verdict} {result.unit_code} "
                f"số {result.sequence or '-'} kỳ {result.period or '-'}",
            )
    progress(1.0, "Xong")
    return results


def verified_bundle(
    db_path: Path, path: Path, pairs: dict[str, KeyPair], office_code: str, *, record: bool
) -> Verified | FileVerdict:
    """Checks 1-8 of a unit's bundle: the verified bundle, or the verdict refusing it (with
    `record`, a proven sender's refusal goes to the ledger for its receipt)."""
    file = path.name
    db = Store(db_path)
    try:
        with db.session() as session:
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
            from desktop.sync.handover import take_notice

            return take_notice(db_path, authenticated, write=record)
        try:
            verified = validate_unit_state(authenticated)
            check_programme_refs(db_path, verified.rows, file)
        except BundleRefused as exc:
            if record:
                _record_refusal(db_path, authenticated, exc.message)
            return file_verdict(authenticated, REFUSED, exc.message)
    finally:
        db.close()
    return verified


def _one_unit_bundle(
    db_path: Path, path: Path, pairs: dict[str, KeyPair], office_code: str, write: bool
) -> FileVerdict:
    verified = verified_bundle(db_path, path, pairs, office_code, record=write)
    if isinstance(verified, FileVerdict):
        return verified
    from desktop.sync.handover import closed_refusal

    closed = closed_refusal(db_path, verified.authenticated)  # after a handover (§12)
    if closed is not None:
        return closed
    if not write:
        return _would_merge(db_path, verified)
    return _merge(db_path, verified)


def _would_merge(db_path: Path, verified: Verified) -> FileVerdict:
    """`bundle verify`: the verdict `bundle merge` would give, nothing written."""
    authenticated, manifest = verified.authenticated, verified.manifest
    con = connect(db_path)
    try:
        con.execute("BEGIN")  # a code change is followed for the checks, then rolled back
        try:
            follow_code_change(con, manifest, authenticated.file)
        except BundleRefused as exc:
            return file_verdict(authenticated, REFUSED, exc.message)
        decision = decide(con, manifest, authenticated.file)
        foreign = None
        if decision.verdict == NEW:
            foreign = foreign_record(con, manifest.unit_code, verified.rows, authenticated.file)
    finally:
        if con.in_transaction:
            con.execute("ROLLBACK")
        con.close()
    if foreign is not None:
        return file_verdict(authenticated, REFUSED, foreign)
    if decision.verdict == NEW:
        return file_verdict(authenticated, WOULD_MERGE, decision.message, decision.message)
    verdict = DUPLICATE if decision.verdict == DUPLICATE else REFUSED
    return file_verdict(authenticated, verdict, decision.message)


def _record_refusal(
    db_path: Path, authenticated: Authenticated, reason: str, verdict: str = REFUSED
) -> None:
    """A refused bundle from a proven sender is remembered: the receipt tells the office why."""
    con = connect(db_path)
    try:
        row = ledger_row(
            authenticated.manifest, verdict, reason, "", authenticated.file, _summary(authenticated)
        )
        con.execute("BEGIN IMMEDIATE")
        insert_ledger_row(con, row)
        con.execute("COMMIT")
    finally:
        con.close()


def _summary(authenticated: Authenticated) -> str:
    summary = read_summary(authenticated.parts.get(SUMMARY_PART))
    return json.dumps(summary, ensure_ascii=False, sort_keys=True)


def _merge(db_path: Path, verified: Verified) -> FileVerdict:
    authenticated, manifest = verified.authenticated, verified.manifest
    file = authenticated.file
    ids = programme_ids(db_path, verified.rows)
    con = connect(db_path)
    try:
        con.execute("BEGIN IMMEDIATE")
        try:  # an office whose code changed moves to it with this bundle, or not at all
            moved = follow_code_change(con, manifest, file)
        except BundleRefused as exc:
            con.execute("ROLLBACK")
            return file_verdict(authenticated, REFUSED, exc.message)
        decision = decide(con, manifest, file)
        if decision.verdict == DUPLICATE:
            con.execute("ROLLBACK")
            return file_verdict(authenticated, DUPLICATE, decision.message)
        if decision.verdict != NEW:
            if not _recorded(con, manifest.sha256, decision.verdict):  # once is enough
                row = ledger_row(
                    manifest, decision.verdict, decision.message, "", file, _summary(authenticated)
                )
                insert_ledger_row(con, row)
            con.execute("COMMIT")
            return file_verdict(authenticated, REFUSED, decision.message)
        refused = apply_bundle(con, verified, ids, decision.message)
        if refused is not None:
            _record_refusal(db_path, authenticated, refused)
            return file_verdict(authenticated, REFUSED, refused)
        from desktop.services.audit_chain import NewEntry, append

        # In the merge's own transaction: a kill after the commit cannot leave a merge that the
        # audit trail does not show.
        detail = f"{file}: {MERGED} {manifest.unit_code} số {manifest.sequence}"
        detail += f" kỳ {manifest.period}"
        entries = [NewEntry("bundle_merge", detail)]
        if moved:
            entries.append(NewEntry("office_code_change", moved))
        append(con, entries)
        con.execute("COMMIT")
    except BaseException:
        if con.in_transaction:
            con.execute("ROLLBACK")
        raise
    finally:
        con.close()
    text = f"Đã gộp {file}: gói số {manifest.sequence} (kỳ {manifest.period}) của {manifest.unit_code}."
    if decision.message:
        text += " " + decision.message
    if moved:
        text += " " + moved
    return file_verdict(authenticated, MERGED, text, decision.message)


def _recorded(con: sqlite3.Connection, manifest_sha256: str, verdict: str) -> bool:
    found = con.execute(
        "SELECT 1 FROM bundle_ledger WHERE manifest_sha256 = ? AND verdict = ?",
        (manifest_sha256, verdict),
    ).fetchone()
    return found is not None


def apply_bundle(
    con: sqlite3.Connection, verified: Verified, ids: ProgrammeIds, gaps: str, reason: str = ""
) -> str | None:
    """Inside the caller's transaction: replace the unit's rows with the bundle's, register the
    keys it announces and write its `merged` ledger row. On a record UUID another office owns the
    transaction is rolled back and the refusal's message returned (None when merged)."""
    authenticated, manifest = verified.authenticated, verified.manifest
    try:
        replace_unit_rows(con, manifest.unit_code, verified.rows, ids)
    except sqlite3.IntegrityError as exc:
        con.execute("ROLLBACK")
        return _collision_message(con, manifest.unit_code, verified.rows, authenticated.file, exc)
    register_announced_keys(con, authenticated.new_keys, manifest.unit_name, manifest.unit["role"])
    row = ledger_row(manifest, MERGED, reason, gaps, authenticated.file, _summary(authenticated))
    insert_ledger_row(con, row)
    return None


def replace_unit_rows(
    con: sqlite3.Connection, unit: str, rows: dict[str, list[list[Any]]], ids: ProgrammeIds
) -> None:
    """Delete the unit's rows (children first) and insert the bundle's (parents first), with
    the derived columns computed here (desktop/sync/derived.py)."""
    from desktop.sync.handover import release_taken_over

    spec = SPECS[BUNDLE_SCHEMA]
    release_taken_over(con, unit, rows)  # records of an office it took over come with it (§12)
    for table in reversed(TABLE_ORDER):
        con.execute(f"DELETE FROM {table} WHERE unit_code = ?", (unit,))
    for table in TABLE_ORDER:
        names = [c.name for c in spec[table]]
        data = recompute(table, rows[table])  # derived columns: ours, never the file's
        if table == "progress_entry":
            names = [
                "id",
                "target_id",
                "period",
                "value",
                "note",
                "created_at",
                "updated_at",
                "deleted_at",
            ]
            data = [[r[0], ids.targets[(r[1], r[2])], *r[3:]] for r in data]
        elif table == "narrative":
            names = [
                "id",
                "task_area_id",
                "period",
                "text",
                "created_at",
                "updated_at",
                "deleted_at",
            ]
            data = [[r[0], ids.task_areas[(r[1], r[2])], *r[3:]] for r in data]
        if not data:
            continue
        columns = ", ".join([*names, "unit_code"])
        marks = ", ".join("?" for _ in range(len(names) + 1))
        con.executemany(
            f"INSERT INTO {table} ({columns}) VALUES ({marks})", ([*row, unit] for row in data)
        )


def foreign_record(
    con: sqlite3.Connection, unit: str, rows: dict[str, list[list[Any]]], file: str
) -> str | None:
    """The refusal naming the first record of the bundle another office (or the province)
    already owns, or None: `bundle verify` says what `bundle merge` would refuse."""
    from desktop.sync.handover import owners

    units, marks = owners(con, unit)  # the records of offices it took over are its own (§12)
    for table in TABLE_ORDER:
        if table == "activity_union":
            continue
        record_ids = [r[0] for r in rows[table]]
        for start in range(0, len(record_ids), 500):
            chunk = record_ids[start : start + 500]
            found = con.execute(
                f"SELECT id, unit_code FROM {table} WHERE unit_code NOT IN ({marks}) AND id IN "
                f"({', '.join('?' for _ in chunk)}) LIMIT 1",
                (*units, *chunk),
            ).fetchone()
            if found is not None:
                owner = found[1] or "LĐLĐ tỉnh (dữ liệu riêng của tỉnh)"
                return messages.RECORD_OTHER_UNIT.format(
                    file=file, table=table, record=found[0], owner=owner, unit=unit
                )
    return None


def _collision_message(
    con: sqlite3.Connection, unit: str, rows: dict[str, list[list[Any]]], file: str, exc: Exception
) -> str:
    found = foreign_record(con, unit, rows, file)
    return found if found is not None else messages.RECORD_CONFLICT.format(file=file, detail=exc)
