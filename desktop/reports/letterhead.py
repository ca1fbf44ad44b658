"""The letterhead of a document, from the office's settings in the database."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from desktop.errors import UserError
from desktop.reports.content import Letterhead

NO_OFFICE = (
    "Cơ sở dữ liệu {path} chưa có thông tin đơn vị (chạy «uniondesk init» trước khi in báo cáo)."
)


def office_letterhead(db_path: Path, *, number: str | None, issued_on: date) -> Letterhead:
    """`number` is the registry number; None leaves the room a clerk fills in by hand."""
    from desktop.services.office_settings import read_settings

    try:
        office = read_settings(db_path)
    except UserError:
        raise UserError(NO_OFFICE.format(path=db_path)) from None
    return Letterhead(
        parent_body=office.parent_body,
        issuer=office.unit_name,
        registry_number=(number or "").strip(),
        doc_prefix=office.doc_prefix,
        place=office.place_name,
        issued_on=issued_on,
        signer_on_behalf=office.signer_on_behalf,
        signer_title=office.signer_title,
        signer_name=office.signer_name,
        recipients=office.recipients,
    )
