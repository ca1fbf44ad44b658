"""An in-memory keyring backend for tests, CI and throw-away headless scripts.

Select it with `PYTHON_KEYRING_BACKEND=desktop.sync.memory_keyring.MemoryKeyring` or
`keyring.set_keyring(MemoryKeyring())`. It is NOT persistent: every key it holds is gone when the
process ends, so never use it for an office's real keys.
"""

from __future__ import annotations

from keyring.backend import KeyringBackend
from keyring.errors import PasswordDeleteError


class MemoryKeyring(KeyringBackend):
    priority = 0.1  # never chosen on its own over a real store

    def __init__(self) -> None:
        super().__init__()  # type: ignore[no-untyped-call]
        self.secrets: dict[tuple[str, str], str] = {}

    def get_password(self, service: str, username: str) -> str | None:
        return self.secrets.get((service, username))

    def set_password(self, service: str, username: str, password: str) -> None:
        self.secrets[(service, username)] = password

    def delete_password(self, service: str, username: str) -> None:
        if self.secrets.pop((service, username), None) is None:
            raise PasswordDeleteError(username)
