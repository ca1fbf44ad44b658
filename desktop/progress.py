"""Qt-free progress reporting and cooperative cancel for long work (imports, exports, merges)."""

from __future__ import annotations

import threading
from collections.abc import Callable

from desktop.errors import Cancelled

ProgressFn = Callable[[float, str], None]


class CancelToken:
    """Set by the GUI thread, checked by the worker between steps."""

    def __init__(self) -> None:
        self._event = threading.Event()

    def cancel(self) -> None:
        self._event.set()

    @property
    def cancelled(self) -> bool:
        return self._event.is_set()

    def check(self) -> None:
        if self._event.is_set():
            raise Cancelled()


def no_progress(_fraction: float, _text: str = "") -> None:
    """The progress callback of scripts and tests that do not show progress."""
