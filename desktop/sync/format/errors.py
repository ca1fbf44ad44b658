"""The refusal of a bundle or package: a UserError (exit 1) that also says which check refused it."""

from __future__ import annotations

from desktop.errors import UserError


class BundleRefused(UserError):
    """A bundle that failed a check; `check` names the check (tests and the ledger use it)."""

    def __init__(self, message: str, check: str = "") -> None:
        super().__init__(message)
        self.check = check
