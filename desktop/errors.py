"""The two expected ways work stops: a problem the user can fix, and the user's own Cancel."""

from __future__ import annotations


class UserError(Exception):
    """An expected problem with a Vietnamese message that names the place and what to do."""

    exit_code = 1  # 2 when the command cannot be used this way at all (usage)

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


class Cancelled(Exception):
    """The user pressed Cancel; shown to nobody."""
