"""Packages from the province to an upper union: programme, quotas, receipts (docs §9).

The province signs each with its key and seals it to the office's key; the office checks it against
the province card it trusts, keeps the highest sequence per type, and applies it in one transaction.
"""

from __future__ import annotations

import json
import tempfile
import uuid
from dataclasses import dataclass
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

from sqlalchemy import select

from desktop import __version__
from desktop.errors import UserError
from desktop.models import (
    AcceptedPackage,
    Programme,
    Quota,
    SentPackage,
    Target,
    UnitKey,
    utcnow,
)
from desktop.models.db import Database
from desktop.paths import resources_dir
from desktop.sync import keystore, messages
from desktop.sync.crypto import KeyPair
from desktop.sync.envelope import seal_bundle
from desktop.sync.errors import BundleRefused
from desktop.sync.forks import Receipt, follow_receipts
from desktop.sync.keys import office_of, own_active_row
from desktop.sync.keystore import Passphrase, default_passphrase
from desktop.sync.ledger import RESOLUTIONS
from desktop.sync.manifest import PACKAGE_PARTS, PACKAGE_TYPES, build_inner
from desktop.sync.tables import BUNDLE_SCHEMA

NOT_PROVINCE = (
    "Chỉ LĐLĐ tỉnh lập gói chương trình, chỉ tiêu và biên nhận ({path} là của đơn vị cấp huyện)."
)
NO_UNIT_KEY = (
    "Chưa đăng ký khóa của đơn vị {code}: nhận thẻ khóa của đơn vị trước (uniondesk keys trust)."
)
NEED_YEAR = "Gói «{kind}» cần năm chương trình: thêm --year, ví dụ --year 2024."
NO_PROGRAMME_FILE = "Không có tệp chương trình năm {year} (resources/programmes/{year}.json)."
NOT_A_PACKAGE = "Tệp {file} là gói dữ liệu tháng của một đơn vị, không phải gói của LĐLĐ tỉnh."
OLDER_PACKAGE = "Tệp {file}: gói {kind} số {sequence} cũ hơn gói số {last} đã nhận; không áp dụng."
PACKAGE_BROKEN = "Tệp {file}: nội dung gói {kind} không hợp lệ ({detail})."
ALREADY_TAKEN = "Tệp {file}: gói {kind} số {sequence} đã nhận trước đó; không thay đổi gì."
NO_QUOTAS = (
    "Chưa giao chỉ tiêu năm {year} nào cho đơn vị {code}: gói chỉ tiêu rỗng sẽ xóa hết chỉ tiêu "
    "của đơn vị nên không lập. Hãy giao chỉ tiêu trước (uniondesk quotas set --unit {code} "
    "--target 2a --value … --year {year}, hoặc uniondesk quotas import TỆP --year {year})."
)
EMPTY_QUOTAS = (
    "Tệp {file}: gói chỉ tiêu năm {year} không có chỉ tiêu nào. Gói không được áp dụng; đơn vị "
    "giữ nguyên các chỉ tiêu giao đang có. Hãy đề nghị LĐLĐ tỉnh lập lại gói."
)
KIND_LABELS = {"programme": "chương trình", "quotas": "chỉ tiêu", "receipts": "biên nhận"}


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


def _receipts(db_path: Path, unit_code: str) -> dict[str, Any]:
    import sqlite3

    with sqlite3.connect(f"file:{db_path}?mode=ro", uri=True) as con:
        rows = con.execute(
            "SELECT bundle_id, sequence, period, manifest_sha256, verdict, reason FROM bundle_ledger "
            "WHERE unit_code = ? AND verdict NOT IN (?, ?) ORDER BY id",  # decisions stay home
            (unit_code, *RESOLUTIONS),
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


def export_package(
    db_path: Path,
    package_type: str,
    unit_code: str,
    out: Path,
    *,
    year: int | None = None,
    passphrase: Passphrase = default_passphrase,
) -> PackageResult:
    """(Province) write one package for `unit_code`; refuses to overwrite a file."""
    from desktop.sync.export import _write_new

    if out.exists():
        raise UserError(messages.OUT_EXISTS.format(path=out))
    if package_type in ("programme", "quotas") and year is None:
        raise UserError(NEED_YEAR.format(kind=package_type))
    db = Database(db_path)
    try:
        with db.session() as session:
            office = office_of(session, db_path)
            if office.role != "province":
                raise UserError(NOT_PROVINCE.format(path=db_path))
            key_row = own_active_row(session, db_path)
            units = list(
                session.scalars(
                    select(UnitKey).where(
                        UnitKey.unit_code == unit_code,
                        UnitKey.own.is_(False),
                        UnitKey.active.is_(True),
                        UnitKey.revoked_from_sequence.is_(None),
                    )
                )
            )
            if not units:
                raise UserError(NO_UNIT_KEY.format(code=unit_code))
            if package_type == "programme":
                source = resources_dir() / "programmes" / f"{year}.json"
                if not source.exists():
                    raise UserError(NO_PROGRAMME_FILE.format(year=year))
                body = source.read_bytes()
            elif package_type == "quotas":
                allocated = _quotas(session, unit_code, year or 0)
                if not allocated["quotas"]:
                    raise UserError(NO_QUOTAS.format(year=year, code=unit_code))
                body = json.dumps(allocated, ensure_ascii=False).encode()
            else:
                body = json.dumps(_receipts(db_path, unit_code), ensure_ascii=False).encode()
            last = session.scalars(
                select(SentPackage)
                .where(SentPackage.unit_code == unit_code, SentPackage.package_type == package_type)
                .order_by(SentPackage.sequence.desc())
            ).first()
            sequence = (last.sequence if last else 0) + 1
            pair = keystore.load(office.code, key_row.key_id, key_row.storage, passphrase)
            today = date.today()
            fields = {
                "schema_version": BUNDLE_SCHEMA,
                "bundle_type": package_type,
                "bundle_id": str(uuid.uuid4()),
                "unit": {"code": office.code, "name": office.name, "role": office.role},
                "addressee": {
                    "code": unit_code,
                    "name": units[-1].unit_name,
                    "role": units[-1].role,
                },
                "signing_key_id": key_row.key_id,
                "recipient_key_ids": [u.key_id for u in units],
                "period": f"{today.year:04d}-{today.month:02d}",
                "sequence": sequence,
                "previous_manifest_sha256": last.manifest_sha256 if last else "",
                "created_at": datetime.now(UTC)
                .replace(microsecond=0)
                .isoformat()
                .replace("+00:00", "Z"),
                "app_version": __version__,
                "record_counts": {},
                "key_announcements": [],
            }
            inner, manifest = build_inner(fields, [(PACKAGE_PARTS[package_type], body)], pair)
            data = seal_bundle(inner, [(u.key_id, bytes.fromhex(u.box_public)) for u in units])
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
            _write_new(out, data)
            return PackageResult(str(out), package_type, unit_code, sequence)
    finally:
        db.close()


def take_package(
    db_path: Path, path: Path, pairs: dict[str, KeyPair], office_code: str, write: bool
) -> Any:
    """(Upper union) verify a province package and, with `write`, apply it."""
    from desktop.sync.merge import WOULD_MERGE, FileVerdict
    from desktop.sync.verify import authenticate, read_file

    file = path.name
    db = Database(db_path)
    try:
        with db.session() as session:
            try:
                auth = authenticate(
                    session,
                    read_file(path),
                    file,
                    pairs,
                    office_code=office_code,
                    expect_province=True,
                )
                manifest = auth.manifest
                kind = manifest.bundle_type
                if kind not in PACKAGE_TYPES:
                    raise BundleRefused(NOT_A_PACKAGE.format(file=file), "records")
                label = KIND_LABELS[kind]
                accepted = session.get(AcceptedPackage, kind)
                if accepted is not None and accepted.manifest_sha256 == manifest.sha256:
                    return FileVerdict(
                        file,
                        "duplicate",
                        ALREADY_TAKEN.format(file=file, kind=label, sequence=manifest.sequence),
                        manifest.unit_code,
                        manifest.sequence,
                        manifest.period,
                        kind,
                    )
                if accepted is not None and manifest.sequence <= accepted.sequence:
                    raise BundleRefused(
                        OLDER_PACKAGE.format(
                            file=file,
                            kind=label,
                            sequence=manifest.sequence,
                            last=accepted.sequence,
                        ),
                        "rollback",
                    )
                parsed, holds = _parse(kind, auth.parts[PACKAGE_PARTS[kind]], file, office_code)
                note = _apply(session, kind, parsed, file, office_code) if write else ""
            except BundleRefused as exc:
                session.rollback()
                return FileVerdict(file, "refused", exc.message)
            if not write:
                return FileVerdict(
                    file,
                    WOULD_MERGE,
                    "",
                    manifest.unit_code,
                    manifest.sequence,
                    manifest.period,
                    kind,
                    holds=holds,
                )
            if accepted is None:
                session.add(
                    AcceptedPackage(
                        package_type=kind,
                        sequence=manifest.sequence,
                        bundle_id=manifest.bundle_id,
                        manifest_sha256=manifest.sha256,
                        period=manifest.period,
                    )
                )
            else:
                accepted.sequence, accepted.bundle_id = manifest.sequence, manifest.bundle_id
                accepted.manifest_sha256, accepted.period = manifest.sha256, manifest.period
                accepted.accepted_at = utcnow()
            text = f"Đã nhận gói {label} số {manifest.sequence} của {manifest.unit_code}. {note}".strip()
            return FileVerdict(
                file, "accepted", text, manifest.unit_code, manifest.sequence, manifest.period, kind
            )
    finally:
        db.close()


def _broken(file: str, kind: str, detail: object) -> BundleRefused:
    return BundleRefused(
        PACKAGE_BROKEN.format(file=file, kind=KIND_LABELS[kind], detail=detail), "records"
    )


def _parse(kind: str, body: bytes, file: str, office_code: str) -> tuple[Any, str]:
    """The package's content, checked, and what it holds in words (verify prints it)."""
    from desktop.programme.loader import parse_programme

    if kind == "programme":
        with tempfile.TemporaryDirectory() as folder:
            source = Path(folder) / "programme.json"
            source.write_bytes(body)
            try:
                programme = parse_programme(source)
            except UserError as exc:
                raise _broken(file, kind, exc.message) from exc
        return programme, f"chương trình năm {programme.year}, {len(programme.targets)} chỉ tiêu"
    try:
        data = json.loads(body)
    except ValueError as exc:
        raise _broken(file, kind, exc) from exc
    if kind == "quotas":
        year, wanted = _read_quotas(data, file, office_code)
        return (year, wanted), f"{len(wanted)} chỉ tiêu giao năm {year}"
    receipts = _read_receipts(data, file)
    return receipts, f"{len(receipts)} biên nhận"


def _apply(session: Any, kind: str, parsed: Any, file: str, office_code: str) -> str:
    from desktop.programme.loader import load_programme, shipped_programme

    if kind == "programme":
        load_programme(session, parsed)
        return f"Chương trình năm {parsed.year}: {len(parsed.targets)} chỉ tiêu."
    if kind == "quotas":
        year, wanted = parsed
        return _apply_quotas(
            session, year, wanted, file, office_code, load_programme, shipped_programme
        )
    return _apply_receipts(session, parsed)


def _read_quotas(data: Any, file: str, office_code: str) -> tuple[int, dict[str, float]]:
    try:
        year, unit, quotas = int(data["year"]), str(data["unit_code"]), list(data["quotas"])
        wanted = {str(q["target_code"]): float(q["value"]) for q in quotas}
    except (KeyError, TypeError, ValueError) as exc:
        raise _broken(file, "quotas", exc) from exc
    if unit != office_code:
        raise _broken(file, "quotas", f"chỉ tiêu của đơn vị {unit}")
    if not wanted:
        # Applying it would delete every quota the office has: refused, the quotas stay.
        raise BundleRefused(EMPTY_QUOTAS.format(file=file, year=year), "records")
    return year, wanted


def _apply_quotas(
    session: Any,
    year: int,
    wanted: dict[str, float],
    file: str,
    office_code: str,
    load: Any,
    shipped: Any,
) -> str:
    programme = session.scalars(select(Programme).where(Programme.year == year)).first()
    if programme is None:
        source = shipped(year)
        if source is None:
            raise _broken(file, "quotas", f"chưa có chương trình năm {year}")
        load(session, source)
        programme = session.scalars(select(Programme).where(Programme.year == year)).one()
    targets = {
        t.code: t.id
        for t in session.scalars(select(Target).where(Target.programme_id == programme.id))
    }
    unknown = sorted(set(wanted) - set(targets))
    if unknown:
        raise _broken(file, "quotas", f"không có chỉ tiêu «{unknown[0]}» trong chương trình {year}")
    now = utcnow()
    for quota in session.scalars(
        select(Quota).where(
            Quota.unit_code == office_code,
            Quota.target_id.in_(targets.values()),
            Quota.deleted_at.is_(None),
        )
    ):
        quota.deleted_at = now
    session.flush()
    for code, value in wanted.items():
        session.add(Quota(target_id=targets[code], unit_code=office_code, value=value))
    return f"{len(wanted)} chỉ tiêu năm {year}."


def _read_receipts(data: Any, file: str) -> list[Receipt]:
    try:
        return [
            (
                str(r["bundle_id"]),
                int(r["sequence"]),
                str(r["period"]),
                str(r["manifest_sha256"]),
                str(r["verdict"]),
                str(r.get("reason", "")),
            )
            for r in data["receipts"]
        ]
    except (KeyError, TypeError, ValueError) as exc:
        raise _broken(file, "receipts", exc) from exc


def _apply_receipts(session: Any, receipts: list[Receipt]) -> str:
    return follow_receipts(session, receipts)
