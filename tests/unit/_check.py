"""Checking a file as `uniondesk check` does: opened without upgrading, closed after."""

from __future__ import annotations

from pathlib import Path

from desktop.services.check import CheckReport, check_database
from desktop.store import Store


def check_file(path: Path | str) -> CheckReport:
    with Store(path, migrate=False) as store:
        return check_database(store)
