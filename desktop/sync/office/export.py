"""`bundle export`: the office's full state at the end of a month, signed and sealed to the province.

Rows are read with plain SQL (bulk paths avoid the ORM: PLATFORM-NOTES), written as compact JSON
parts, listed in a manifest signed with the office key, zipped, encrypted to the province key the
office trusts, written under a temporary name and renamed. The file is never overwritten or deleted.
"""

from __future__ import annotations

import json
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass
from operator import itemgetter
from pathlib import Path
from typing import Any

from sqlalchemy import Connection, func, select, update

from desktop.errors import UserError
from desktop.models import HeldBundle, PeriodDecision, SentBundle, UnitKey
from desktop.periods import Period, parse_month
from desktop.progress import no_progress
from desktop.services.office_code import previous_codes
from desktop.store import Store, UnitOfWork
from desktop.store.dialect import all_rows
from desktop.sync import keystore
from desktop.sync.format import messages
from desktop.sync.format.container import DeflatingAhead
from desktop.sync.format.envelope import seal_bundle
from desktop.sync.format.files import write_new
from desktop.sync.format.kinds import is_nfc
from desktop.sync.format.making import SYSTEM, Making, addressee_of, manifest_fields, unit_of
from desktop.sync.format.manifest import SUMMARY_PART, UNIT_STATE, build_inner, record_part
from desktop.sync.format.summary import Digests, build_summary, pack, row_digests, unpack
from desktop.sync.format.tables import BUNDLE_SCHEMA, SPECS, TABLE_ORDER, Column, export_sql
from desktop.sync.keys import office_of, own_active_row
from desktop.sync.keystore import Passphrase, default_passphrase
from desktop.sync.office.decisions import mark_answered_here, open_returns


@dataclass(frozen=True)
class ExportResult:
    path: str
    bundle_id: str
    sequence: int
    period: str
    manifest_sha256: str
    record_counts: dict[str, int]
    size: int
    announced_key_id: str  # a new key announced by this bundle (rotation), else ""


def read_parts(
    con: Connection, office_code: str, last_day: str
) -> tuple[list[tuple[str, bytes]], dict[str, int], dict[str, list[Any]]]:
    """One JSON part per table: {"table", "columns", "rows": [[...], ...]}, each member as they
    stood at the end of the period (desktop/sync/office/period_state.py); the counts and the rows.
    `con` is a reading look (Store.reading): rows as SQLite gives them, so the bundle's bytes do
    not depend on the store that made it."""
    from desktop.sync.office.period_state import members_at_period_end

    spec = SPECS[BUNDLE_SCHEMA]
    rows: dict[str, list[Any]] = {}
    for table in TABLE_ORDER:
        sql, params = export_sql(table, spec[table], "", last_day)
        params["code"] = office_code
        rows[table] = all_rows(con, sql, params)
    members_at_period_end(con, rows, last_day)
    for table in TABLE_ORDER:
        rows[table] = _nfc(spec[table], rows[table])
    parts, counts = [], {}
    for table in TABLE_ORDER:
        body = {"table": table, "columns": [c.name for c in spec[table]], "rows": rows[table]}
        parts.append(
            (
                record_part(table),
                json.dumps(body, ensure_ascii=False, separators=(",", ":")).encode(),
            )
        )
        counts[table] = len(rows[table])
    return parts, counts, rows


def _nfc(columns: tuple[Column, ...], rows: list[Any]) -> list[Any]:
    """Text as §6.1 wants it (NFC), whatever path once stored it: a province refuses other forms."""
    texts = [i for i, c in enumerate(columns) if c.kind == "text"]
    if not rows or all(all(map(is_nfc, map(itemgetter(i), rows))) for i in texts):
        return rows
    return [
        [unicodedata.normalize("NFC", v) if i in texts else v for i, v in enumerate(row)]
        for row in rows
    ]


@dataclass(frozen=True)
class ChainPoint:
    """Where the next bundle continues the chain: the manifest it names as previous, the
    sequence it takes, the latest period sent, and what its summary is counted against."""

    manifest_sha256: str
    next_sequence: int
    period: str
    previous: tuple[int, str, Digests | None] | None


def chain_point(session: Any) -> ChainPoint:
    """This office's own last export, unless the province's receipts showed that the province
    holds a bundle this PC does not remember as its last merged one (the office restored an older
    backup and reused a sequence): then the chain continues from the province's, with a sequence
    after every one either side has seen (docs/bundle-format.md §7.1)."""
    last = session.scalars(select(SentBundle).order_by(SentBundle.sequence.desc())).first()
    held = session.scalars(select(HeldBundle).where(HeldBundle.chain_base.is_(True))).first()
    highest = max(
        session.scalar(select(func.max(SentBundle.sequence))) or 0,
        session.scalar(select(func.max(HeldBundle.sequence))) or 0,
    )
    periods = [row.period for row in (last, held) if row is not None]
    if held is not None:
        previous = (held.sequence, held.period, None)
        return ChainPoint(held.manifest_sha256, highest + 1, max(periods), previous)
    if last is None:
        return ChainPoint("", highest + 1, "", None)
    rows = unpack(last.sent_rows) if last.sent_rows else None
    return ChainPoint(
        last.manifest_sha256, highest + 1, last.period, (last.sequence, last.period, rows)
    )


def export_bundle(
    store: Store,
    period_text: str,
    out: Path,
    *,
    passphrase: Passphrase = default_passphrase,
    progress: Callable[[float, str], None] = no_progress,
    making: Making = SYSTEM,
) -> ExportResult:
    """Write the bundle of `period_text` (YYYY-MM) to `out`; refuses to overwrite a file."""
    period = parse_month(period_text)
    if out.exists():
        raise UserError(messages.OUT_EXISTS.format(path=out))
    # Read, sign and seal first, without the write lock: a passphrase typed at a terminal or a
    # large office's read never holds up the window's own writes. The lock is taken to record it.
    with store.session() as session:
        made = _make(store, session, period, out, passphrase, progress, making)
    progress(0.9, "Đang ghi tệp…")
    with store.unit_of_work() as uow:
        _record(uow, made, period, out)
    progress(1.0, "Xong")
    return made.result


@dataclass(frozen=True)
class _Made:
    """A sealed bundle not yet recorded: what the write phase checks and keeps."""

    result: ExportResult
    data: bytes
    chain: ChainPoint
    key_id: str
    pending_key_id: str
    summary: dict[str, Any]
    digests: Digests
    answered: list[str]  # the province's decisions returning the month that it answers


def _make(
    db: Store,
    session: Any,
    period: Period,
    out: Path,
    passphrase: Passphrase,
    progress: Callable[[float, str], None],
    making: Making,
) -> _Made:
    from desktop.sync.keys import pending_rotation
    from desktop.sync.office.rotation import announcements

    office = office_of(session, db.label)
    # An office that handed its register over sends no more bundles: its chain is closed.
    from desktop.sync.office.closing import closed_here

    closed = closed_here(session)
    if closed is not None:
        raise UserError(closed)
    if office.role == "province":
        raise UserError(messages.EXPORT_NOT_DISTRICT.format(path=db.label))
    if db.kind != "sqlite":
        raise UserError(messages.EXPORT_NEEDS_FILE.format(path=db.label))
    key_row = own_active_row(session, db.label)
    province = session.scalars(
        select(UnitKey).where(
            UnitKey.own.is_(False), UnitKey.active.is_(True), UnitKey.role == "province"
        )
    ).first()
    if province is None:
        raise UserError(messages.NO_PROVINCE_KEY)
    chain = chain_point(session)
    if chain.period > period.text:
        raise UserError(messages.OLDER_PERIOD.format(last=chain.period, period=period.text))
    sequence = chain.next_sequence
    pair = keystore.load(office.code, key_row.key_id, key_row.storage, passphrase)
    pending = pending_rotation(session, key_row)
    announced = announcements(session, office.code, passphrase, pending, sequence)
    progress(0.05, "Đang đọc dữ liệu…")
    with db.reading() as con:
        parts, counts, rows = read_parts(con, office.code, period.last.isoformat())
    with DeflatingAhead() as ahead:
        ahead.start(parts)  # the records deflate on other cores while their rows are digested
        digests = row_digests(rows)
        summary = build_summary(
            rows,
            digests,
            period=period.text,
            first_day=period.first.isoformat(),
            last_day=period.last.isoformat(),
            previous=chain.previous,
        )
        progress(0.5, "Đang ký và mã hóa…")
        parts.append(
            (SUMMARY_PART, json.dumps(summary, ensure_ascii=False, sort_keys=True).encode())
        )
        fields = manifest_fields(
            making,
            bundle_type=UNIT_STATE,
            unit=unit_of(office),
            addressee=addressee_of(province),
            signing_key_id=key_row.key_id,
            recipient_key_ids=[province.key_id],
            period=period.text,
            sequence=sequence,
            previous_manifest_sha256=chain.manifest_sha256,
            record_counts=counts,
            key_announcements=announced,
        )
        earlier = previous_codes(session, office.code)
        if earlier:  # the province moves the office from its old code (§5)
            fields["previous_unit_codes"] = earlier
        answered = [row.id for row in open_returns(session, office.code, period.text)]
        if answered:  # the month came back with a reason: this bundle answers it (§5, format 2)
            fields["answers"] = answered
        inner, manifest = build_inner(fields, parts, pair, ahead=ahead)
        recipient = (province.key_id, bytes.fromhex(province.box_public))
        data = seal_bundle(inner, [recipient], random_bytes=making.random_bytes)
        result = ExportResult(
            str(out),
            str(fields["bundle_id"]),
            sequence,
            period.text,
            manifest.sha256,
            counts,
            len(data),
            pending.key_id if pending is not None else "",
        )
        return _Made(
            result, data, chain, key_row.key_id, result.announced_key_id, summary, digests, answered
        )


def _record(uow: UnitOfWork, made: _Made, period: Period, out: Path) -> None:
    """Keep the sealed bundle in this office's chain and write its file, under the write lock."""
    from desktop.services.audit_chain import NewEntry, append
    from desktop.sync.office.rotation import finish_rotation

    session, result = uow.session, made.result
    again = chain_point(session)
    if (again.next_sequence, again.manifest_sha256) != (
        made.chain.next_sequence,
        made.chain.manifest_sha256,
    ):  # another export of this database came in between: this one would fork the chain
        raise UserError(messages.EXPORT_RACED.format(path=out))
    # Only the newest export's rows are kept: the next summary counts against them.
    session.execute(update(SentBundle).values(sent_rows=None))
    for held in session.scalars(select(HeldBundle).where(HeldBundle.chain_base.is_(True))):
        held.chain_base = False  # the chain has continued from it
    session.add(
        SentBundle(
            bundle_id=result.bundle_id,
            sequence=result.sequence,
            period=period.text,
            manifest_sha256=result.manifest_sha256,
            signing_key_id=made.key_id,
            file_name=out.name,
            record_counts=json.dumps(result.record_counts),
            state="sent",
            summary=json.dumps(made.summary, ensure_ascii=False, sort_keys=True),
            sent_rows=pack(made.digests),
        )
    )
    if made.pending_key_id:
        old, new = (
            session.scalars(select(UnitKey).where(UnitKey.key_id == key_id)).one()
            for key_id in (made.key_id, made.pending_key_id)
        )
        finish_rotation(session, old, new, result.sequence + 1)
    if made.answered:
        returns = session.scalars(
            select(PeriodDecision).where(PeriodDecision.id.in_(made.answered))
        )
        mark_answered_here(session, list(returns), result.bundle_id)
    session.flush()
    # In the export's own transaction: the audit trail shows every export it keeps.
    detail = f"{out.name}: kỳ {period.text}, gói số {result.sequence}, "
    detail += f"{result.record_counts.get('member', 0)} đoàn viên"
    append(uow.connection, [NewEntry("bundle_export", detail)])
    write_new(out, made.data)
