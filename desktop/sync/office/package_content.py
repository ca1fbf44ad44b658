"""(Office) what a province package carries, read, checked and applied (docs/bundle-format.md §9).

Reading and checking are one path for `bundle verify` and `bundle merge`: verify stops before
`apply`, so a package verify calls valid is one merge takes, and the other way round. Nothing here
writes until `apply`.
"""

from __future__ import annotations

import json
import math
import tempfile
from pathlib import Path
from typing import Any

from sqlalchemy import select

from desktop.errors import UserError
from desktop.models import Programme, Quota, Target, utcnow
from desktop.sync.format import messages
from desktop.sync.format.decisions import CarriedDecision, read_decisions
from desktop.sync.format.errors import BundleRefused
from desktop.sync.format.fields import (
    fields_problem,
    hex_problem,
    is_count,
    period_problem,
    uuid_problem,
)
from desktop.sync.office.decisions import take_decisions
from desktop.sync.office.receipts import Receipt, follow_receipts

KIND_LABELS = {
    "programme": "chương trình",
    "quotas": "chỉ tiêu",
    "receipts": "biên nhận",
    "handover": "thông báo bàn giao",  # an office's, to the province (§12)
}
QUOTAS_FIELDS = ("year", "unit_code", "quotas")
QUOTA_FIELDS = ("target_code", "value")
RECEIPT_FIELDS = ("bundle_id", "sequence", "period", "manifest_sha256", "verdict", "reason")
VERDICTS = ("received", "returned")


def broken(file: str, kind: str, detail: object) -> BundleRefused:
    return BundleRefused(
        messages.PACKAGE_BROKEN.format(file=file, kind=KIND_LABELS[kind], detail=detail), "records"
    )


def read_content(
    kind: str, body: bytes, file: str, office_code: str, version: int = 1
) -> tuple[Any, str]:
    """The package's content, checked, and what it holds in words (verify prints it).
    `version`: the manifest's format version (a format 2 receipts package holds decisions)."""
    from desktop.programme.loader import parse_programme

    if kind == "programme":
        with tempfile.TemporaryDirectory() as folder:
            source = Path(folder) / "programme.json"
            source.write_bytes(body)
            try:
                programme = parse_programme(source)
            except UserError as exc:
                raise broken(file, kind, exc.message) from exc
        return programme, messages.HOLDS_PROGRAMME.format(
            year=programme.year, count=len(programme.targets)
        )
    try:
        data = json.loads(body.decode("utf-8"))
    except (UnicodeDecodeError, ValueError) as exc:
        raise broken(file, kind, exc) from exc
    if kind == "quotas":
        year, wanted = _read_quotas(data, file, office_code)
        return (year, wanted), messages.HOLDS_QUOTAS.format(count=len(wanted), year=year)
    receipts, decided = _read_receipts(data, file, version)
    if version < 2:
        return (receipts, decided), messages.HOLDS_RECEIPTS.format(count=len(receipts))
    return (receipts, decided), messages.HOLDS_DECISIONS.format(
        count=len(receipts), decisions=len(decided)
    )


def _read_quotas(data: Any, file: str, office_code: str) -> tuple[int, dict[str, float]]:
    problem = fields_problem(data, QUOTAS_FIELDS, "quotas.json")
    if problem:
        raise broken(file, "quotas", problem)
    year, unit, quotas = data["year"], data["unit_code"], data["quotas"]
    if type(year) is not int or not 2000 <= year <= 2100:
        raise broken(
            file, "quotas", messages.FIELD_VALUE.format(what="year", expected=messages.EXPECT_YEAR)
        )
    if unit != office_code:
        raise broken(file, "quotas", messages.QUOTA_OTHER_UNIT.format(unit=str(unit)[:40]))
    if not isinstance(quotas, list):
        raise broken(
            file,
            "quotas",
            messages.FIELD_VALUE.format(what="quotas", expected=messages.EXPECT_LIST),
        )
    if not quotas:
        # Applying it would delete every quota the office has: refused, the quotas stay.
        raise BundleRefused(messages.EMPTY_QUOTAS.format(file=file, year=year), "records")
    wanted: dict[str, float] = {}
    for quota in quotas:
        problem = fields_problem(quota, QUOTA_FIELDS, "quotas[]")
        if problem:
            raise broken(file, "quotas", problem)
        code, value = quota["target_code"], quota["value"]
        if type(code) is not str or not code:
            raise broken(file, "quotas", messages.FIELD_EMPTY.format(what="quotas[].target_code"))
        if type(value) not in (int, float) or not math.isfinite(value):
            raise broken(file, "quotas", messages.QUOTA_NOT_NUMBER.format(code=code))
        if code in wanted:
            raise broken(file, "quotas", messages.QUOTA_TWICE.format(code=code))
        wanted[code] = float(value)
    return year, wanted


def _read_receipts(
    data: Any, file: str, version: int
) -> tuple[list[Receipt], list[CarriedDecision]]:
    """Format 1: exactly `receipts`; format 2: `receipts` and `decisions` (§9)."""
    names = ("receipts",) if version < 2 else ("receipts", "decisions")
    problem = fields_problem(data, names, "receipts.json")
    if problem is None and not isinstance(data["receipts"], list):
        problem = messages.FIELD_VALUE.format(what="receipts", expected=messages.EXPECT_LIST)
    if problem:
        raise broken(file, "receipts", problem)
    found: list[Receipt] = []
    for entry in data["receipts"]:
        problem = fields_problem(entry, RECEIPT_FIELDS, "receipts[]") or _receipt_problem(entry)
        if problem:
            raise broken(file, "receipts", problem)
        bundle_id, sequence, period, sha, verdict, reason = (entry[n] for n in RECEIPT_FIELDS)
        found.append((bundle_id, sequence, period, sha, verdict, reason))
    if version < 2:
        return found, []
    decided, problem = read_decisions(data["decisions"])
    if problem:
        raise broken(file, "receipts", problem)
    return found, decided


def _receipt_problem(entry: dict[str, Any]) -> str | None:
    return (
        uuid_problem(entry["bundle_id"], "receipts[].bundle_id")
        or (
            None
            if is_count(entry["sequence"], 1)
            else messages.FIELD_COUNT.format(what="receipts[].sequence", least=1)
        )
        or period_problem(entry["period"], "receipts[].period")
        or hex_problem(entry["manifest_sha256"], 64, "receipts[].manifest_sha256")
        or (
            None
            if entry["verdict"] in VERDICTS
            else messages.FIELD_VALUE.format(
                what="receipts[].verdict", expected="received, returned"
            )
        )
        or (
            None
            if type(entry["reason"]) is str
            else messages.FIELD_TYPE.format(what="receipts[].reason")
        )
    )


def _year_targets(session: Any, year: int) -> dict[str, tuple[str, str]] | None:
    """code → (unit, scope) of the programme of `year` this office holds, or the one the
    program ships when it holds none (taking the quotas loads it); None when neither exists."""
    from desktop.programme.loader import shipped_programme

    programme = session.scalars(select(Programme).where(Programme.year == year)).first()
    if programme is not None:
        return {
            t.code: (t.unit, t.scope)
            for t in session.scalars(select(Target).where(Target.programme_id == programme.id))
        }
    shipped = shipped_programme(year)
    if shipped is None:
        return None
    return {t.code: (t.unit, t.scope) for t in shipped.targets}


def check_content(session: Any, kind: str, parsed: Any, file: str) -> None:
    """What the content must agree with in this office's database (quotas: its programme)."""
    from desktop.programme.entered_values import check_value

    if kind == "programme":
        from desktop.programme.authoring import check_replacement

        # Verify refuses what merge would: a replacement that drops a target still in use.
        try:
            check_replacement(session, parsed)
        except UserError as exc:
            raise BundleRefused(f"Tệp {file}: {exc.message}", "records") from exc
        return
    if kind != "quotas":
        return
    year, wanted = parsed
    targets = _year_targets(session, year)
    if targets is None:
        raise broken(file, "quotas", messages.QUOTA_NO_PROGRAMME.format(year=year))
    for code, value in wanted.items():
        if code not in targets:
            raise broken(file, "quotas", messages.QUOTA_UNKNOWN_TARGET.format(code=code, year=year))
        unit, scope = targets[code]
        if scope != "upper_union":
            raise broken(file, "quotas", messages.QUOTA_PROVINCE_SCOPE.format(code=code))
        try:
            check_value(code, unit, value)
        except UserError as exc:
            raise broken(file, "quotas", exc.message) from exc


def apply_content(
    session: Any, kind: str, parsed: Any, office_code: str, package_id: str = ""
) -> str:
    """Take the checked content; returns what changed, in words."""
    from desktop.programme.loader import load_programme, shipped_programme

    if kind == "programme":
        from desktop.programme.authoring import replace_programme

        # A corrected programme for a year the office holds replaces it; targets keep their
        # rows by code, so the office's quotas and entered progress stay with them.
        replace_programme(session, parsed)
        return messages.TOOK_PROGRAMME.format(year=parsed.year, count=len(parsed.targets))
    if kind == "receipts":
        receipts, decided = parsed
        note = follow_receipts(session, receipts)
        taken = take_decisions(session, decided, office_code, package_id)
        return f"{note} {taken}".strip()
    year, wanted = parsed
    programme = session.scalars(select(Programme).where(Programme.year == year)).first()
    if programme is None:
        shipped = shipped_programme(year)
        assert shipped is not None  # check_content refused the package otherwise
        load_programme(session, shipped)
        programme = session.scalars(select(Programme).where(Programme.year == year)).one()
    targets = {
        t.code: t.id
        for t in session.scalars(select(Target).where(Target.programme_id == programme.id))
    }
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
    return messages.TOOK_QUOTAS.format(count=len(wanted), year=year)
