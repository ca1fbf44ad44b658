"""Setting up an office database (`uniondesk init`) and reading its identity."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from sqlalchemy import select

from desktop.errors import UserError
from desktop.models import Office
from desktop.models.db import Database
from desktop.models.enums import OfficeKind, Role
from desktop.services import messages

if TYPE_CHECKING:
    from desktop.admin_units import AdminUnit


@dataclass(frozen=True)
class OfficeInfo:
    role: str
    kind: str
    code: str
    name: str
    parent_body: str
    place_name: str


def _info(office: Office) -> OfficeInfo:
    return OfficeInfo(
        role=office.role,
        kind=office.kind,
        code=office.code,
        name=office.name,
        parent_body=office.parent_body,
        place_name=office.place_name,
    )


def _district(code: str) -> AdminUnit:
    from desktop.admin_units import district_of

    district = district_of(code)
    if district is None:
        raise UserError(messages.UNKNOWN_DISTRICT.format(code=code))
    return district


def letterhead_defaults(district: AdminUnit, place_name: str, parent_body: str) -> tuple[str, str]:
    """The place name (`Ba Tri`) and parent body (`LĐLĐ tỉnh Bến Tre`) a district gives, where
    the office has none of its own."""
    from desktop.admin_units import find, parent_body_of, place_name_of

    province = find(district.parent_code)
    return (
        place_name.strip() or place_name_of(district),
        parent_body.strip() or (parent_body_of(province) if province else ""),
    )


def init_office(
    path: Path,
    *,
    role: str,
    unit_code: str,
    unit_name: str,
    kind: str | None = None,
    parent_body: str = "",
    place_name: str = "",
    district_code: str = "",
) -> OfficeInfo:
    """Create the database for a new office; refuses a file that already belongs to an office.

    A district code (`836`) also sets the province, and the place name and parent body where
    none is given (`Ba Tri`, `LĐLĐ tỉnh Bến Tre`): a report never prints without them.
    """
    if role not in {r.value for r in Role}:
        raise UserError(messages.UNKNOWN_ROLE.format(role=role))
    code, name = unit_code.strip(), unit_name.strip()
    if not code:
        raise UserError(messages.EMPTY_FIELD.format(field="--unit-code"))
    if not name:
        raise UserError(messages.EMPTY_FIELD.format(field="--unit-name"))
    province_code = ""
    if district_code:
        district = _district(district_code)
        district_code, province_code = district.code, district.parent_code
        place_name, parent_body = letterhead_defaults(district, place_name, parent_body)
    if kind is None:
        kind = (
            OfficeKind.province_federation
            if role == Role.province
            else OfficeKind.district_federation
        )
    db = Database(path)
    try:
        with db.session() as session:
            existing = session.scalars(select(Office)).first()
            if existing is not None:
                raise UserError(
                    messages.ALREADY_INITIALISED.format(
                        path=path, code=existing.code, name=existing.name
                    )
                )
            office = Office(
                role=role,
                kind=kind,
                code=code,
                name=name,
                short_name=name,
                parent_body=parent_body,
                place_name=place_name,
                district_code=district_code,
                province_code=province_code,
            )
            session.add(office)
            session.flush()
            return _info(office)
    finally:
        db.close()


def read_office(db: Database) -> OfficeInfo | None:
    with db.session() as session:
        office = session.scalars(select(Office).where(Office.deleted_at.is_(None))).first()
        return _info(office) if office else None
