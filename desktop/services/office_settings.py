"""The office's letterhead settings: names, document number prefix, signer, recipients.

Every printed document takes its header and its closing from here (DESIGN.md, Reports: "every
name, number prefix and signer comes from the office's settings, never from the code"). Read with
plain SQL (reports read it on every print); written through the ORM in one unit of work, with
its audit entry.
Every problem is a Vietnamese sentence keyed by field and starting with the field's label, so the
dialog shows each beside its field and the command line prints them all.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, fields
from typing import TYPE_CHECKING

from desktop.errors import UserError
from desktop.services import messages, office_messages
from desktop.text import clean

if TYPE_CHECKING:
    from desktop.admin_units import AdminUnit
    from desktop.models import Office
    from desktop.store import Store

# field: (label, column, longest value, may be blank)
FIELDS: dict[str, tuple[str, str, int, bool]] = {
    "unit_name": ("Tên đơn vị", "name", 200, False),
    "parent_body": ("Cơ quan cấp trên", "parent_body", 200, True),
    "place_name": ("Địa danh", "place_name", 100, False),
    "district_code": ("Mã huyện (danh mục hành chính)", "district_code", 8, True),
    "province_code": ("Mã tỉnh (danh mục từ 01/7/2025)", "province_code", 8, True),
    "doc_prefix": ("Ký hiệu cơ quan trong số văn bản", "doc_prefix", 40, True),
    "signer_on_behalf": ("Thẩm quyền ký (TM., KT., …)", "signer_on_behalf", 80, True),
    "signer_title": ("Chức vụ người ký", "signer_title", 80, False),
    "signer_name": ("Họ và tên người ký", "signer_name", 120, True),
    "recipients": ("Nơi nhận", "recipients", 200, True),
}
# What the office is: its code (changed by the 2025 reform, desktop/services/office_code.py) and
# its kind (desktop/services/office_kinds.py). Not letterhead text: the dialog shows them apart.
IDENTITY: dict[str, tuple[str, str, int, bool]] = {
    "unit_code": ("Mã đơn vị", "code", 32, False),
    "office_kind": ("Loại đơn vị", "kind", 32, False),
    "kind_name": ("Tên loại đơn vị do tỉnh quy định", "kind_name", 200, True),
}
ALL_FIELDS = {**IDENTITY, **FIELDS}
MAX_RECIPIENTS = 15
ARCHIVE = "Lưu: VT"  # the last line of every Nơi nhận (Decree 30/2020)


@dataclass(frozen=True)
class OfficeSettings:
    code: str
    role: str
    unit_name: str
    parent_body: str
    place_name: str
    district_code: str  # pre-reform district (`836`), if the office still has one
    # The province: of the district's list when the office has a district (`83`), else of the
    # 2025 list (`86`); the communes come from the 2025 list of the province either way.
    province_code: str
    doc_prefix: str
    signer_on_behalf: str
    signer_title: str
    signer_name: str
    recipients: tuple[str, ...]  # as printed: "- LĐLĐ tỉnh Bến Tre;" … "- Lưu: VT."
    office_kind: str = ""  # desktop/services/office_kinds.py
    kind_name: str = ""
    previous_codes: tuple[str, ...] = ()  # codes this office had before (oldest first)


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


def read_settings(store: Store) -> OfficeSettings:
    from sqlalchemy import text

    columns = ", ".join(column for _, column, _, _ in FIELDS.values())
    with store.reading() as con:
        label = store.label
        row = (
            con.execute(
                text(
                    f"SELECT code, role, kind, kind_name, {columns} FROM office "
                    "WHERE deleted_at IS NULL LIMIT 1"
                )
            )
            .mappings()
            .first()
        )
        earlier = tuple(
            r[0]
            for r in con.execute(
                text("SELECT old_code FROM office_code_change WHERE bundle_id = '' ORDER BY id")
            )
        )
    if row is None:
        raise UserError(messages.NO_OFFICE.format(path=label))
    # Each earlier code once, never the one in use again (an office that went back to it).
    earlier = tuple(dict.fromkeys(code for code in earlier if code != row["code"]))
    values = {key: row[column] for key, (_, column, _, _) in FIELDS.items()}
    values["recipients"] = recipient_lines((values["recipients"] or "").splitlines())
    return OfficeSettings(
        code=row["code"],
        role=row["role"],
        office_kind=row["kind"],
        kind_name=row["kind_name"],
        previous_codes=earlier,
        **values,
    )


def office_province(settings: OfficeSettings) -> AdminUnit | None:
    """The office's province in the 2025 list: the one its pre-reform district's communes went
    to, else the one it names."""
    from desktop.admin_units import province_of_district

    if settings.district_code:
        return province_of_district(settings.district_code)
    return _province(settings.province_code) if settings.province_code else None


def _cleaned(changes: Mapping[str, object]) -> dict[str, str | list[str]]:
    found: dict[str, str | list[str]] = {}
    for key, value in changes.items():
        if key not in ALL_FIELDS:
            raise ValueError(f"unknown office setting {key!r}")
        if key == "recipients":
            items = split_recipients(value) if isinstance(value, str) else list(value)  # type: ignore[call-overload]
            found[key] = [clean(item) for item in items if clean(item)]
        else:
            found[key] = clean(str(value))
    return found


# A field whose rule reads another: checked together when the first one changes.
LINKED = {"office_kind": ("kind_name",)}


def change_problems(
    values: Mapping[str, object], initial: Mapping[str, object]
) -> tuple[dict[str, object], dict[str, str]]:
    """What a form changed, and each problem of it beside its field: only changed fields are
    checked (a stored pair today's rules would not take must not block a save), with the fields
    their rules read (a kind the province names needs its name)."""
    changed = {key: value for key, value in values.items() if value != initial[key]}
    checked = dict(changed)
    for key, linked in LINKED.items():
        if key in changed:
            for other in linked:
                checked.setdefault(other, values[other])
    return changed, settings_problems(checked)


def settings_problems(changes: Mapping[str, object]) -> dict[str, str]:
    """Field → the first problem with its new value; empty when every value can be saved."""
    from desktop.services.office_kinds import KIND_LABELS, OTHER_UPPER_UNION

    problems: dict[str, str] = {}
    for key, value in _cleaned(changes).items():
        label, _, limit, may_be_blank = ALL_FIELDS[key]
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
        elif key == "province_code" and value and _province(value) is None:
            problems[key] = office_messages.UNKNOWN_PROVINCE.format(label=label, value=value)
        elif key == "office_kind" and value not in KIND_LABELS:
            choices = "; ".join(f"{k} ({v})" for k, v in KIND_LABELS.items())
            problems[key] = office_messages.UNKNOWN_KIND.format(kind=value, choices=choices)
    kind, named = changes.get("office_kind"), clean(str(changes.get("kind_name", "")))
    if kind == OTHER_UPPER_UNION and "kind_name" in changes and not named:
        problems.setdefault("kind_name", office_messages.KIND_NAME_MISSING)
    elif kind is not None and kind != OTHER_UPPER_UNION and named:
        problems.setdefault("kind_name", office_messages.KIND_NAME_UNUSED)
    if changes.get("district_code") and changes.get("province_code"):
        problems.setdefault("province_code", office_messages.DISTRICT_OR_PROVINCE)
    return problems


def update_settings(store: Store, changes: Mapping[str, object]) -> OfficeSettings:
    """Save the given fields (the others stay as they are); refuses every problem at once."""
    problems = settings_problems(changes)
    if problems:
        raise UserError("\n".join(problems.values()))
    cleaned = _cleaned(changes)

    if cleaned:
        from sqlalchemy import select

        from desktop.models import Office
        from desktop.services.audit_chain import NewEntry, append

        with store.unit_of_work() as uow:
            session = uow.session
            office = session.scalars(select(Office).where(Office.deleted_at.is_(None))).first()
            if office is None:
                raise UserError(messages.NO_OFFICE.format(path=store.label))
            for key, value in cleaned.items():
                if isinstance(value, list):
                    value = "\n".join(recipient_lines(value))
                if key == "unit_name" and office.short_name == office.name:
                    office.short_name = value  # a short name of its own stays
                if key == "district_code":
                    _set_district(office, str(value))
                    continue
                if key == "province_code":
                    _set_province(office, str(value))
                    continue
                if key == "unit_code":
                    continue  # below, with the keys: desktop/services/office_code.py
                setattr(office, ALL_FIELDS[key][1], value)
            _check_kind(office, named="kind_name" in cleaned)
            if "unit_code" in cleaned:
                from desktop.services.office_code import change_code

                change_code(session, office, str(cleaned["unit_code"]))
            session.flush()
            # In the same transaction: the trail shows every change of the letterhead kept.
            labels = ", ".join(ALL_FIELDS[k][0] for k in cleaned)
            append(uow.connection, [NewEntry("edit", "thông tin đơn vị: " + labels)])
    return read_settings(store)


def _check_kind(office: Office, *, named: bool) -> None:
    """The kind must suit the office's role; a name of its own only for a kind the province set
    up. A kind name left from before (not `named` now) goes when the kind changes away from it."""
    from desktop.services.office_kinds import OTHER_UPPER_UNION, kind_problem

    if office.kind != OTHER_UPPER_UNION and not named:
        office.kind_name = ""
    problem = kind_problem(office.role, office.kind, office.kind_name)
    if problem:
        raise UserError(problem)


def _province(code: str) -> AdminUnit | None:
    from desktop.admin_units import province_2025

    return province_2025(code)


def _set_province(office: Office, code: str) -> None:
    """The office names its province of the 2025 list and no longer a district (the reform ended
    districts); an empty place name or parent body is filled from the province."""
    from desktop.services.office import province_letterhead

    province = _province(code) if code else None
    office.province_code = province.code if province else ""
    if province is not None:
        office.district_code = ""
        place, parent = province_letterhead(province, office.place_name, office.parent_body)
        office.place_name = place
        if office.role != "province":
            office.parent_body = parent


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
    if settings.office_kind:
        from desktop.services.office_kinds import kind_label

        lines.append(f"Loại đơn vị: {kind_label(settings.office_kind, settings.kind_name)}")
    if settings.previous_codes:
        lines.append(f"Mã trước đây: {', '.join(settings.previous_codes)}")
    for item in fields(settings)[2:]:
        if item.name not in FIELDS:
            continue
        label = FIELDS[item.name][0]
        value = getattr(settings, item.name)
        if isinstance(value, tuple):
            lines.append(f"{label}:")
            lines += [f"  {line}" for line in value]
        elif item.name == "district_code" and value:
            district = _district(value)
            where = f" ({district.name})" if district else ""
            lines.append(f"{label}: {value}{where}")
        elif item.name == "province_code" and value:
            province = office_province(settings)
            lines.append(f"{label}: {province.code} ({province.name})" if province else label)
        else:
            lines.append(f"{label}: {value or '(trống)'}")
    return lines
