"""The letterhead of a document, from the office's settings in the database."""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING

from desktop.errors import UserError
from desktop.reports.content import Letterhead

if TYPE_CHECKING:
    from desktop.store import Store

NO_OFFICE = (
    "Cơ sở dữ liệu {path} chưa có thông tin đơn vị (chạy «uniondesk init» trước khi in báo cáo)."
)
# What an empty setting leaves out of the document, and the option of `office set` that fills it.
GAPS = {
    "place_name": ("địa danh", "không có địa danh trước ngày tháng", "--place-name"),
    "signer_name": ("họ và tên người ký", "không có tên người ký", "--signer-name"),
}
DRAFT = (
    "Cảnh báo: thông tin đơn vị chưa có {what}, nên văn bản {effect}; chỉ dùng làm bản nháp. "
    "Hãy điền {how}"
)
HOW_CLI = "bằng lệnh: uniondesk office set --db {db} {options}"
HOW_GUI = "ở Tệp → Thông tin đơn vị…"


def office_letterhead(store: Store, *, number: str | None, issued_on: date) -> Letterhead:
    """`number` is the registry number; None leaves the room a clerk fills in by hand."""
    from desktop.services.office_settings import read_settings

    try:
        office = read_settings(store)
    except UserError:
        raise UserError(NO_OFFICE.format(path=store.label)) from None
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


def missing_settings(head: Letterhead) -> list[str]:
    """The letterhead settings a finished document needs and this office has left empty."""
    values = {"place_name": head.place, "signer_name": head.signer_name}
    return [key for key in GAPS if not values[key].strip()]


def draft_warning(head: Letterhead, db_path: Path | str | None = None) -> str:
    """The warning for a document printed with empty settings ("" when none is missing): it
    names the `uniondesk office set` options (with `db_path`, the command line) or the menu
    (without, the Báo cáo screen). A warning, not a refusal: a draft may go out as it is."""
    missing = missing_settings(head)
    if not missing:
        return ""
    what = " và ".join(GAPS[key][0] for key in missing)
    effect = ", ".join(GAPS[key][1] for key in missing)
    if db_path is None:
        how = HOW_GUI
    else:
        options = " ".join(f"{GAPS[key][2]} …" for key in missing)
        how = HOW_CLI.format(db=db_path, options=options)
    return DRAFT.format(what=what, effect=effect, how=how)
