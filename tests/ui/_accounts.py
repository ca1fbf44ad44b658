"""The three accounts the window's role tests sign in as, on the small district."""

from __future__ import annotations

from pathlib import Path

from desktop.services.accounts import SignedIn, create_account
from desktop.store import Store

ADMIN = SignedIn("quantri", "Nguyễn Văn Quản", "admin")
STAFF = SignedIn("canbo", "Lê Thị Bé", "staff")
VIEWER = SignedIn("xem", "Trần Văn Xem", "viewer")
PASSWORDS = {"quantri": "quan-tri-2024", "canbo": "can-bo-2024", "xem": "chi-xem-2024"}


def with_accounts(db: Path) -> Path:
    """`db` with an administrator, a clerk and a viewer."""
    with Store(db) as store:  # closed after: a test may copy or rename the file
        for user in (ADMIN, STAFF, VIEWER):
            create_account(store, user.name, PASSWORDS[user.name], user.role, user.full_name)
    return db
