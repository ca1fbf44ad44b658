"""report_member_list_2000: a 2,000-member member-list PDF vs a bare reportlab table of the same rows."""

from __future__ import annotations

import time
from datetime import date
from pathlib import Path

from bench.common import demo_database, entry


def _bare_table(rows: list[list[str]], out: Path) -> None:
    from reportlab.lib.pagesizes import A4, landscape
    from reportlab.platypus import SimpleDocTemplate, Table, TableStyle

    from desktop.reports.fonts import register_fonts

    family = register_fonts()
    table = Table(rows, repeatRows=1)
    table.setStyle(
        TableStyle(
            [
                ("FONTNAME", (0, 0), (-1, -1), f"{family}-Regular"),
                ("FONTSIZE", (0, 0), (-1, -1), 11),
            ]
        )
    )
    SimpleDocTemplate(str(out), pagesize=landscape(A4)).build([table])


def run(results: list[dict[str, object]], scratch: Path) -> None:
    from desktop.reports.catalogue import build_report, write_report

    db = demo_database(scratch, 2000)
    start = time.perf_counter()
    report = build_report("member-list", db, "2024-12", issued_on=date(2025, 1, 5))
    write_report(report, scratch / "ds.pdf", "pdf")
    ours = time.perf_counter() - start

    table = report.blocks[0]
    rows = [[str(v) for v in row] for row in table.rows]  # type: ignore[union-attr]
    start = time.perf_counter()
    _bare_table(rows, scratch / "bare.pdf")
    bare = time.perf_counter() - start
    results.append(entry("report_member_list_2000", ours, "s", bare, "≤ 3 s and ≤ 2×"))
