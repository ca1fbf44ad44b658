"""The office's letterhead settings: names, document number prefix, signer, recipients.

Every printed document takes its header and its closing from here (DESIGN.md, Reports: "every
name, number prefix and signer comes from the office's settings, never from the code"). Read with
sqlite3 (reports read it on every print); written through the ORM in one transaction, audited.
Every problem is a Vietnamese sentence keyed by field and starting with the field's label, so the
dialog shows each beside its field and the command line prints them all.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, fields
from pathlib import Path
from typing import TYPE_CHECKING

from desktop.errors import UserError
from desktop.services import messages
from desktop.text import clean

if TYPE_CHECKING:
    from desktop.admin_units import AdminUnit
    from desktop.models import Office

# field: (label, column, longest value, may be blank)
FIELDS: dict[str, tuple[str, str, int, bool]] = {
    "unit_name": ("Tên đơn vị", "name", 200, False),
    "parent_body": ("Cơ quan cấp trên", "parent_body", 200, True),
    "place_name": ("Địa danh", "place_name", 100, False),
    "district_code": ("Mã huyện (danh mục hành chính)", "district_code", 8, True),
    "doc_prefix": ("Ký hiệu cơ quan trong số văn bản", "doc_prefix", 40, True),
    "signer_on_behalf": ("Thẩm quyền ký (TM., KT., …)", "signer_on_behalf", 80, True),
    "signer_title": ("Chức vụ người ký", "signer_title", 80, False),
    "signer_name": ("Họ và tên người ký", "signer_name", 120, True),
    "recipients": ("Nơi nhận", "recipients", 200, True),
}
MAX_RECIPIENTS = 15
ARCHIVE = "Lưu: VT"  # the last line of every Nơi nhận (Decree 30/2020)


@dataclass(frozen=True)
class OfficeSettings:
    code: str
    role: str
    unit_name: str
    parent_body: str
    place_name: str
    district_code: str  # pre-reform district (`836`): the communes an import matches
    doc_prefix: str
    signer_on_behalf: str
    signer_title: str
    signer_name: str
    recipients: tuple[str, ...]  # as printed: "- LĐLĐ tỉnh Bến Tre;" … "- Lưu: VT."


def recipient_lines(items: Iterable[str]) -> tuple[str, ...]:
    """The Nơi nhận lines as printed: `- name;` each, and `- Lưu: VT.` (or the office's own
    archive line) last, whatever dashes and stops were typed."""
    names = [clean(item).lstrip("-–•+* ").rstrip(";.,").strip() for item in items]
    names = [name for name in names if name]
    archive = [name for name in names if name.lower().startswith("lưu")]
    others = [name for name in names if not name.lower().startswith("lưu")]
    return (*(f"- {name};" for name in others), f"- {archive[-1] if archive else ARCHIVE}.")


def split_recipients(text: str) -> list[str]:
    """One recipient a line, or separated by `;` (the command line's `--recipients "…;…"`)."""
    return [part for line in text.splitlines() for part in line.split(";") if part.strip()]


def read_settings(db_path: Path) -> OfficeSettings:
    con = sqlite3.connect(f"file:{db_path}?mode=ro", uri=True)
    try:
        columns = ", ".join(column for _, column, _, _ in FIELDS.values())
        row = con.execute(
            f"SELECT code, role, {columns} FROM office WHERE deleted_at IS NULL LIMIT 1"
        ).fetchone()
    finally:
        con.close()
    if row is None:
        raise UserError(messages.NO_OFFICE.format(path=db_path))
    code, role, name, parent, place, district, prefix, on_behalf, title, signer, recipients = row
    return OfficeSettings(
        code=code,
        role=role,
        unit_name=name,
        parent_body=parent,
        place_name=place,
        district_code=district,
        doc_prefix=prefix,
        signer_on_behalf=on_behalf,
        signer_title=title,
        signer_name=signer,
        recipients=recipient_lines((recipients or "").splitlines()),
    )


def _cleaned(changes: Mapping[str, object]) -> dict[str, str | list[str]]:
    found: dict[str, str | list[str]] = {}
    for key, value in changes.items():
        if key not in FIELDS:
            raise ValueError(f"unknown office setting {key!r}")
        if key == "recipients":
            items = split_recipients(value) if isinstance(value, str) else list(value)  # type: ignore[call-overload]
            found[key] = [clean(item) for item in items if clean(item)]
        else:
            found[key] = clean(str(value))
    return found


def settings_problems(changes: Mapping[str, object]) -> dict[str, str]:
    """Field → the first problem with its new value; empty when every value can be saved."""
    problems: dict[str, str] = {}
    for key, value in _cleaned(changes).items():
        label, _, limit, may_be_blank = FIELDS[key]
        if isinstance(value, list):
            if len(value) > MAX_RECIPIENTS:
                problems[key] = messages.SETTING_TOO_MANY_RECIPIENTS.format(
                    label=label, count=len(value), limit=MAX_RECIPIENTS
                )
            for line, item in enumerate(value, start=1):
                if len(item) > limit and key not in problems:
                    problems[key] = messages.SETTING_RECIPIENT_TOO_LONG.format(
                        label=label, line=line, length=len(item), limit=limit
                    )
            continue
        if not value and not may_be_blank:
            problems[key] = messages.SETTING_REQUIRED.format(label=label)
        elif len(value) > limit:
            problems[key] = messages.SETTING_TOO_LONG.format(
                label=label, length=len(value), limit=limit
            )
        elif key == "doc_prefix" and ("/" in value or " " in value):
            problems[key] = messages.SETTING_PREFIX.format(label=label, value=value)
        elif key == "district_code" and value and _district(value) is None:
            problems[key] = messages.SETTING_DISTRICT.format(label=label, value=value)
    return problems


def update_settings(db_path: Path, changes: Mapping[str, object]) -> OfficeSettings:
    """Save the given fields (the others stay as they are); refuses every problem at once."""
    problems = settings_problems(changes)
    if problems:
        raise UserError("\n".join(problems.values()))
    cleaned = _cleaned(changes)
    if cleaned:
        from sqlalchemy import select

        from desktop.models import Office
        from desktop.models.db import Database

        db = Database(db_path)
        try:
            with db.session() as session:
                office = session.scalars(select(Office).where(Office.deleted_at.is_(None))).first()
                if office is None:
                    raise UserError(messages.NO_OFFICE.format(path=db_path))
                for key, value in cleaned.items():
                    if isinstance(value, list):
                        value = "\n".join(recipient_lines(value))
                    if key == "unit_name" and office.short_name == office.name:
                        office.short_name = value  # a short name of its own stays
                    if key == "district_code":
                        _set_district(office, str(value))
                        continue
                    setattr(office, FIELDS[key][1], value)
        finally:
            db.close()
        from desktop.services.audit import record

        record(db_path, "edit", "thông tin đơn vị: " + ", ".join(FIELDS[k][0] for k in cleaned))
    return read_settings(db_path)


def _district(code: str) -> AdminUnit | None:
    from desktop.admin_units import district_of

    return district_of(code)


def _set_district(office: Office, code: str) -> None:
    """The district and its province (the communes an import matches); an empty place name or
    parent body is filled from them, as `uniondesk init --district-code` does."""
    from desktop.services.office import letterhead_defaults

    district = _district(code) if code else None
    office.district_code = district.code if district else ""
    office.province_code = district.parent_code if district else ""
    if district is not None:
        office.place_name, office.parent_body = letterhead_defaults(
            district, office.place_name, office.parent_body
        )


def settings_lines(settings: OfficeSettings) -> list[str]:
    """`Label: value` lines, as `uniondesk office show` prints them."""
    lines = [f"Mã đơn vị: {settings.code} ({settings.role})"]
    for item in fields(settings)[2:]:
        label = FIELDS[item.name][0]
        value = getattr(settings, item.name)
        if isinstance(value, tuple):
            lines.append(f"{label}:")
            lines += [f"  {line}" for line in value]
        elif item.name == "district_code" and value:
            district = _district(value)
            where = f" ({district.name})" if district else ""
            lines.append(f"{label}: {value}{where}")
        else:
            lines.append(f"{label}: {value or '(trống)'}")
    return lines
