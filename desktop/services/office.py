"""Setting up an office database (`uniondesk init`) and reading its identity."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from sqlalchemy import select

from desktop.errors import UserError
from desktop.models import Office
from desktop.models.enums import Role
from desktop.services import messages
from desktop.store import Store

if TYPE_CHECKING:
    from desktop.admin_units import AdminUnit


CONFEDERATION = "Tổng Liên đoàn Lao động Việt Nam"


@dataclass(frozen=True)
class OfficeInfo:
    role: str
    kind: str
    code: str
    name: str
    parent_body: str
    place_name: str
    kind_name: str = ""  # the province's own name for a kind it set up
    province_code: str = ""


def _info(office: Office) -> OfficeInfo:
    return OfficeInfo(
        role=office.role,
        kind=office.kind,
        code=office.code,
        name=office.name,
        parent_body=office.parent_body,
        place_name=office.place_name,
        kind_name=office.kind_name,
        province_code=office.province_code,
    )


def _district(code: str) -> AdminUnit:
    from desktop.admin_units import district_of

    district = district_of(code)
    if district is None:
        raise UserError(messages.UNKNOWN_DISTRICT.format(code=code))
    return district


def province_of(code: str, label: str = "--province-code") -> AdminUnit:
    """The province of the 2025 list an office names (`86`), or a clear refusal."""
    from desktop.admin_units import province_2025
    from desktop.services.office_messages import UNKNOWN_PROVINCE

    province = province_2025(code)
    if province is None:
        raise UserError(UNKNOWN_PROVINCE.format(label=label, value=code))
    return province


def province_letterhead(province: AdminUnit, place_name: str, parent_body: str) -> tuple[str, str]:
    """The place name (`Vĩnh Long`) and parent body (`LĐLĐ tỉnh Vĩnh Long`) a province of the 2025
    list gives an office that has no district, where the office has none of its own."""
    from desktop.admin_units import parent_body_of

    place = province.name.removeprefix("Tỉnh ").removeprefix("Thành phố ")
    return place_name.strip() or place, parent_body.strip() or parent_body_of(province)


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
    store: Store,
    *,
    role: str,
    unit_code: str,
    unit_name: str,
    kind: str | None = None,
    kind_name: str = "",
    parent_body: str = "",
    place_name: str = "",
    district_code: str = "",
    province_code: str = "",
) -> OfficeInfo:
    """Create the database for a new office; refuses a file that already belongs to an office.

    A district code (`836`, the pre-reform list) also sets the province, and the place name and
    parent body where none is given (`Ba Tri`, `LĐLĐ tỉnh Bến Tre`): a report never prints
    without them. Since the 2025 reform an office may have no district: it names its province
    of the 2025 list instead (`86`, Vĩnh Long), which gives them the same way.
    """
    from desktop.services.office_kinds import check_code, check_kind, default_kind

    if role not in {r.value for r in Role}:
        raise UserError(messages.UNKNOWN_ROLE.format(role=role))
    code, name = unit_code.strip(), unit_name.strip()
    if not code:
        raise UserError(messages.EMPTY_FIELD.format(field="--unit-code"))
    if not name:
        raise UserError(messages.EMPTY_FIELD.format(field="--unit-name"))
    check_code(code)
    kind = kind.strip() if kind else default_kind(role)
    check_kind(role, kind, kind_name)
    district_code, province_code = district_code.strip(), province_code.strip()
    if district_code:
        district = _district(district_code)
        district_code, province_code = district.code, district.parent_code
        place_name, parent_body = letterhead_defaults(district, place_name, parent_body)
    elif province_code:
        province = province_of(province_code)
        province_code = province.code
        if role == Role.province:  # the confederation heads a province federation's documents
            place_name = place_name.strip() or province_letterhead(province, "", "")[0]
            parent_body = parent_body.strip() or CONFEDERATION
        else:
            place_name, parent_body = province_letterhead(province, place_name, parent_body)
    from desktop.services.office_messages import ALREADY_SET_UP

    # One unit of work, the write lock first: two `init`s on one new database make one office.
    with store.unit_of_work() as uow:
        session = uow.session
        existing = session.scalars(select(Office)).first()
        if existing is not None:
            where = (
                f"Tệp {store.label}" if store.kind == "sqlite" else f"Cơ sở dữ liệu {store.label}"
            )
            raise UserError(
                ALREADY_SET_UP.format(where=where, code=existing.code, name=existing.name)
            )
        office = Office(
            role=role,
            kind=kind,
            kind_name=kind_name.strip(),
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


def read_office(db: Store) -> OfficeInfo | None:
    with db.session() as session:
        office = session.scalars(select(Office).where(Office.deleted_at.is_(None))).first()
        return _info(office) if office else None
