"""Packages from the province to an upper union: programme, quotas, receipts (docs §9).

The province signs each with its key and seals it to the office's key; the office checks it against
the province card it trusts, keeps the highest sequence per type, and applies it in one transaction.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from sqlalchemy import Connection, select, text

from desktop.errors import UserError
from desktop.models import (
    Office,
    Programme,
    Quota,
    SentPackage,
    Target,
    UnitKey,
)
from desktop.paths import resources_dir
from desktop.store import Store
from desktop.sync import keystore
from desktop.sync.format import messages
from desktop.sync.format.decisions import entry
from desktop.sync.format.envelope import seal_bundle
from desktop.sync.format.files import write_new
from desktop.sync.format.making import SYSTEM, Making, manifest_fields, unit_of
from desktop.sync.format.manifest import PACKAGE_PARTS, build_inner
from desktop.sync.keys import office_of, own_active_row
from desktop.sync.keystore import Passphrase, default_passphrase
from desktop.sync.ledger import RESOLUTIONS
from desktop.sync.province.decisions import carried_decisions, mark_carried

NOT_PROVINCE = (
    "Chỉ LĐLĐ tỉnh lập gói chương trình, chỉ tiêu và biên nhận ({path} là của đơn vị cấp huyện)."
)
NO_UNIT_KEY = (
    "Chưa đăng ký khóa của đơn vị {code}: nhận thẻ khóa của đơn vị trước (uniondesk keys trust)."
)
NEED_YEAR = "Gói «{kind}» cần năm chương trình: thêm --year, ví dụ --year 2024."
NO_PROGRAMME_FILE = (
    "Chưa có chương trình năm {year} (trong cơ sở dữ liệu hay resources/programmes/{year}.json): "
    "lập bằng «uniondesk programme new --year {year}» hoặc «uniondesk programme import»."
)
NO_QUOTAS = (
    "Chưa giao chỉ tiêu năm {year} nào cho đơn vị {code}: gói chỉ tiêu rỗng sẽ xóa hết chỉ tiêu "
    "của đơn vị nên không lập. Hãy giao chỉ tiêu trước (uniondesk quotas set --unit {code} "
    "--target 2a --value … --year {year}, hoặc uniondesk quotas import TỆP --year {year})."
)


@dataclass(frozen=True)
class PackageResult:
    path: str
    package_type: str
    unit_code: str
    sequence: int


def _quotas(session: Any, unit_code: str, year: int) -> dict[str, Any]:
    rows = session.execute(
        select(Target.code, Quota.value)
        .join(Quota, Quota.target_id == Target.id)
        .join(Programme, Programme.id == Target.programme_id)
        .where(Programme.year == year, Quota.unit_code == unit_code, Quota.deleted_at.is_(None))
        .order_by(Target.position)
    ).all()
    return {
        "year": year,
        "unit_code": unit_code,
        "quotas": [{"target_code": c, "value": v} for c, v in rows],
    }


def _receipts(con: Connection, unit_code: str) -> dict[str, Any]:
    rows = con.execute(
        text(
            "SELECT bundle_id, sequence, period, manifest_sha256, verdict, reason FROM bundle_ledger "
            "WHERE unit_code = :code AND verdict NOT IN (:keep, :take) ORDER BY id"
        ),  # decisions stay home
        {"code": unit_code, "keep": RESOLUTIONS[0], "take": RESOLUTIONS[1]},
    ).fetchall()
    return {
        "receipts": [
            {
                "bundle_id": b,
                "sequence": s,
                "period": p,
                "manifest_sha256": h,
                "verdict": "received" if v == "merged" else "returned",
                "reason": r,
            }
            for b, s, p, h, v, r in rows
        ]
    }


def package_recipients(session: Any, unit_code: str) -> list[UnitKey]:
    """Every key the office may still open a package with (§9): its current keys, and the keys
    they replaced by rotation, which the office keeps (it may run on a copy restored from before
    the rotation). A key revoked by `keys revoke` (not where a successor starts) is left out."""
    rows = list(
        session.scalars(
            select(UnitKey)
            .where(UnitKey.unit_code == unit_code, UnitKey.own.is_(False))
            .order_by(UnitKey.id)
        )
    )
    heirs = {r.replaces_key_id: r for r in rows if r.replaces_key_id}
    found = []
    for row in rows:
        heir = heirs.get(row.key_id)
        if row.revoked_from_sequence is None:
            current = row.active
        else:
            current = heir is not None and heir.valid_from_sequence == row.revoked_from_sequence
        if current:
            found.append(row)
    return found


def _unlock_first(db: Store, unit_code: str, passphrase: Passphrase) -> None:
    """Open the province's private key before the write lock: a passphrase typed at a terminal
    never holds up the clerks merging into the same database meanwhile (the key stays open)."""
    with db.session() as session:
        office = session.scalars(select(Office).where(Office.deleted_at.is_(None))).first()
        if (
            office is None
            or office.role != "province"
            or not package_recipients(session, unit_code)
        ):
            return  # refused with its reason under the lock
        row = session.scalars(
            select(UnitKey).where(UnitKey.own.is_(True), UnitKey.active.is_(True))
        ).first()
    if row is not None:
        keystore.load(office.code, row.key_id, row.storage, passphrase)


def export_package(
    store: Store,
    package_type: str,
    unit_code: str,
    out: Path,
    *,
    year: int | None = None,
    passphrase: Passphrase = default_passphrase,
    making: Making = SYSTEM,
) -> PackageResult:
    """(Province) write one package for `unit_code`; refuses to overwrite a file."""

    if out.exists():
        raise UserError(messages.OUT_EXISTS.format(path=out))
    if package_type in ("programme", "quotas") and year is None:
        raise UserError(NEED_YEAR.format(kind=package_type))
    version = 1
    # One unit of work: two packages made at once never take the same sequence number.
    _unlock_first(store, unit_code, passphrase)
    with store.unit_of_work() as uow:
        session = uow.session
        office = office_of(session, store.label)
        if office.role != "province":
            raise UserError(NOT_PROVINCE.format(path=store.label))
        key_row = own_active_row(session, store.label)
        units = package_recipients(session, unit_code)
        if not units:
            raise UserError(NO_UNIT_KEY.format(code=unit_code))
        if package_type == "programme":
            from desktop.programme.authoring import programme_json, programme_of

            # The programme as the province made it (uniondesk programme); the shipped
            # file only for a year the province never loaded or wrote.
            held = programme_of(store, year or 0)
            source = resources_dir() / "programmes" / f"{year}.json"
            if held is not None:
                body = programme_json(held)
            elif source.exists():
                body = source.read_bytes()
            else:
                raise UserError(NO_PROGRAMME_FILE.format(year=year))
        elif package_type == "quotas":
            allocated = _quotas(session, unit_code, year or 0)
            if not allocated["quotas"]:
                raise UserError(NO_QUOTAS.format(year=year, code=unit_code))
            body = json.dumps(allocated, ensure_ascii=False).encode()
        else:
            receipts = _receipts(uow.plain(), unit_code)
            decided = carried_decisions(uow.plain(), unit_code)
            if decided:  # format 2 (§9): an office on an older release is told to update
                receipts["decisions"] = [entry(d) for d in decided]
                version = 2
            body = json.dumps(receipts, ensure_ascii=False).encode()
        last = session.scalars(
            select(SentPackage)
            .where(SentPackage.unit_code == unit_code, SentPackage.package_type == package_type)
            .order_by(SentPackage.sequence.desc())
        ).first()
        sequence = (last.sequence if last else 0) + 1
        pair = keystore.load(office.code, key_row.key_id, key_row.storage, passphrase)
        today = making.today()
        fields = manifest_fields(
            making,
            bundle_type=package_type,
            unit=unit_of(office),
            addressee={
                "code": unit_code,
                "name": units[-1].unit_name,  # the newest key's card names the office
                "role": units[-1].role,
            },
            signing_key_id=key_row.key_id,
            recipient_key_ids=[u.key_id for u in units],
            period=f"{today.year:04d}-{today.month:02d}",
            sequence=sequence,
            previous_manifest_sha256=last.manifest_sha256 if last else "",
        )
        inner, manifest = build_inner(
            fields, [(PACKAGE_PARTS[package_type], body)], pair, format_version=version
        )
        sealed_to = [(u.key_id, bytes.fromhex(u.box_public)) for u in units]
        data = seal_bundle(inner, sealed_to, random_bytes=making.random_bytes)
        session.add(
            SentPackage(
                bundle_id=fields["bundle_id"],
                unit_code=unit_code,
                package_type=package_type,
                sequence=sequence,
                period=fields["period"],
                manifest_sha256=manifest.sha256,
                file_name=out.name,
            )
        )
        session.flush()
        if package_type == "receipts":
            mark_carried(uow.plain(), unit_code, str(fields["bundle_id"]))
        write_new(out, data)
        return PackageResult(str(out), package_type, unit_code, sequence)
