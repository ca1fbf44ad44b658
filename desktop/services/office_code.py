"""An office's code changes (the 2025 reform renumbers and renames offices): `office set
--unit-code NEW`.

The office keeps its records (they carry no code at the office itself), its keys and its chain of
bundles; what changes is the code every later bundle is sent under. The province learns it from
the next bundle, which names the codes the office had before (`previous_unit_codes`,
docs/bundle-format.md §5) and is signed by the key the province registered under the old code
(desktop/sync/province/code_change.py moves the office there).
"""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from desktop.errors import UserError
from desktop.models import Office, UnitKey
from desktop.models.office import OfficeCodeChange
from desktop.services import office_messages as msg


def change_code(session: Session, office: Office, new_code: str) -> None:
    """Inside the caller's session: give the office `new_code`, with its own keys, and remember
    the old code for the next bundles. Refuses the code in use, the province's own code, and a
    province office (its offices trust its card under its code)."""
    from desktop.services.office_kinds import check_code
    from desktop.sync import keystore

    new_code = new_code.strip()
    if office.role == "province":
        raise UserError(msg.CODE_OF_PROVINCE_OFFICE)
    check_code(new_code)
    if new_code == office.code:
        raise UserError(msg.CODE_UNCHANGED.format(code=new_code))
    province = session.scalars(
        select(UnitKey).where(
            UnitKey.own.is_(False), UnitKey.role == "province", UnitKey.unit_code == new_code
        )
    ).first()
    if province is not None:
        raise UserError(msg.CODE_OF_PROVINCE.format(code=new_code, name=province.unit_name))
    old_code = office.code
    for row in session.scalars(select(UnitKey).where(UnitKey.own.is_(True))):
        if row.storage == "keyring":
            # The keyring names a private key by office code and key id: copied under the new
            # name (the old entry stays, so nothing is lost if this transaction rolls back).
            try:
                pair = keystore.load(old_code, row.key_id, row.storage)
            except UserError as exc:
                if row.active:
                    raise UserError(
                        msg.KEY_NOT_MOVED.format(key_id=row.key_id, code=new_code, reason=exc)
                    ) from exc
                continue  # an old generation lost long ago only mattered for old files
            row.storage = keystore.store(new_code, pair)
        row.unit_code = new_code
        row.unit_name = office.name
    office.code = new_code
    session.add(OfficeCodeChange(old_code=old_code, new_code=new_code, unit_name=office.name))
    session.flush()


def previous_codes(session: Session, current: str) -> list[str]:
    """The codes this office had before `current`, oldest first, each once: what its bundles
    tell the province (`previous_unit_codes`)."""
    found: list[str] = []
    for code in session.scalars(
        select(OfficeCodeChange.old_code)
        .where(OfficeCodeChange.bundle_id == "")
        .order_by(OfficeCodeChange.id)
    ):
        if code != current and code not in found:
            found.append(code)
    return found
