"""The letterhead of a document, from the office's settings in the database."""

from __future__ import annotations

import sqlite3
from datetime import date
from pathlib import Path

from desktop.errors import UserError
from desktop.reports.content import Letterhead

NO_OFFICE = (
    "Cơ sở dữ liệu {path} chưa có thông tin đơn vị (chạy «uniondesk init» trước khi in báo cáo)."
)


def office_letterhead(
    db_path: Path, *, number: str | None, issued_on: date, kind: str = "BC"
) -> Letterhead:
    """`number` is the registry number; None leaves the space a clerk fills in by hand."""
    con = sqlite3.connect(f"file:{db_path}?mode=ro", uri=True)
    try:
        row = con.execute(
            "SELECT name, parent_body, place_name, doc_prefix, signer_on_behalf, signer_title, "
            "signer_name, recipients FROM office WHERE deleted_at IS NULL LIMIT 1"
        ).fetchone()
    finally:
        con.close()
    if row is None:
        raise UserError(NO_OFFICE.format(path=db_path))
    name, parent, place, prefix, on_behalf, title, signer, recipients = row
    lines = tuple(line for line in (recipients or "").splitlines() if line.strip())
    if not any("Lưu" in line for line in lines):
        lines += ("- Lưu: VT.",)
    return Letterhead(
        parent_body=parent,
        issuer=name,
        number=f"Số: {number or '       '}/{kind}-{prefix}",
        place=place,
        issued_on=issued_on,
        signer_on_behalf=on_behalf,
        signer_title=title,
        signer_name=signer,
        recipients=lines,
    )
