"""The reports as the window and the command line see them: which there are, how one is built,
written and headed. desktop/reports stays behind this (STYLE.md layering: ui and cli call
services only)."""

from __future__ import annotations

from desktop.reports.catalogue import (
    PROVINCE_REPORTS,
    REPORTS,
    SERIES,
    all_reports,
    build_report,
    series_of,
    write_report,
)
from desktop.reports.letterhead import draft_warning, office_letterhead

__all__ = [
    "PROVINCE_REPORTS",
    "REPORTS",
    "SERIES",
    "all_reports",
    "build_report",
    "draft_warning",
    "office_letterhead",
    "series_of",
    "write_report",
]
