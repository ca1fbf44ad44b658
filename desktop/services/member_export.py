"""The Đoàn viên screen's "Xuất Excel": the current view as a workbook in the reports' layout
(letterhead, frozen header, A4 print set-up, text never a formula), audited as an export.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any

from desktop.progress import CancelToken
from desktop.services.roles import Action, permit

if TYPE_CHECKING:
    from desktop.store import Store

BLOCK = 500
# Paper widths (mm) of the screen's columns; unknown headers get the default.
WIDTHS = {"Họ và tên": 45, "Công đoàn cơ sở": 60, "Số CCCD": 28, "Trạng thái": 28}


def export_members(
    store: Store,
    out: Path,
    columns: list[tuple[str, Callable[[Any], str]]],
    ids: list[str],
    caption: str,
    progress: Callable[[float, str], None] | None = None,
    token: CancelToken | None = None,
) -> None:
    """Write the members `ids` (in that order) with the screen's shown `columns`.

    Reads in one look of its own, so it may run on the task runner while the screen scrolls.
    """
    permit(Action.EXPORT)

    from desktop.reports.content import Column, Paragraph, Report, Table
    from desktop.reports.letterhead import office_letterhead
    from desktop.reports.xlsx import write_xlsx
    from desktop.services.audit import record
    from desktop.services.member_search import rows_in

    rows: list[Any] = []
    with store.reading() as con:
        for start in range(0, len(ids), BLOCK):
            if token:
                token.check()
            rows += rows_in(con, ids[start : start + BLOCK])
            if progress:
                progress(0.4 * (start + BLOCK) / len(ids), "Đang đọc danh sách…")
    if progress:
        progress(0.4, "Đang chuẩn bị bảng…")
    table = Table(
        columns=(Column("STT", 10, "int"), *(Column(h, WIDTHS.get(h, 24)) for h, _ in columns)),
        rows=tuple(
            (n, *(value(row) for _, value in columns)) for n, row in enumerate(rows, start=1)
        ),
    )
    report = Report(
        name="member-view",
        title="DANH SÁCH",
        subject="Đoàn viên công đoàn",
        letterhead=office_letterhead(store, number=None, issued_on=date.today()),
        blocks=(Paragraph(caption), table),
        landscape=len(columns) > 6,
        personal_data=True,
    )
    if token:
        token.check()
    if progress:
        progress(0.6, "Đang ghi tệp Excel…")
    write_xlsx(report, out)
    record(store, "export", f"danh sách đoàn viên đang xem: {len(rows)} đoàn viên → {out}")
