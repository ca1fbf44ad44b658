"""What `--db` names: an office's SQLite file or a province's PostgreSQL database.

A URL handed to SQLite code would silently create a folder `postgresql:` with a file inside it, so
the two are told apart before anything is opened. The plain `postgresql://` URL is what users type;
the driver the program depends on (psycopg 3) is named here, never by the user. A password may sit in
the URL, in PGPASSWORD or in ~/.pgpass (libpq reads both); it is never shown.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from desktop.errors import UserError

if TYPE_CHECKING:  # SQLAlchemy is imported when a database is opened, not when --db is parsed
    from sqlalchemy.engine import URL

POSTGRES_SCHEMES = ("postgresql://", "postgres://", "postgresql+psycopg://")
DRIVER = "postgresql+psycopg"
BAD_URL = "Địa chỉ cơ sở dữ liệu {url} không đúng dạng postgresql://người_dùng@máy:cổng/tên_cơ_sở_dữ_liệu."


def is_url(value: str | Path) -> bool:
    return isinstance(value, str) and value.lower().startswith(POSTGRES_SCHEMES)


@dataclass(frozen=True)
class Target:
    """One database: `path` for a SQLite file, `url` (driver named, password kept) for PostgreSQL."""

    path: Path | None = None
    url: URL | None = None

    @property
    def kind(self) -> str:
        return "sqlite" if self.path is not None else "postgresql"

    @property
    def label(self) -> str:
        """How messages name the database: the file, or the URL with any password hidden."""
        if self.path is not None:
            return str(self.path)
        assert self.url is not None
        return self.url.set(drivername="postgresql").render_as_string(hide_password=True)

    def sqlalchemy_url(self) -> URL:
        from sqlalchemy.engine import URL

        if self.url is not None:
            return self.url
        return URL.create("sqlite", database=str(self.path))


def parse_target(value: str | Path | Target) -> Target:
    """A Target for what `--db` (or a window) was given: a PostgreSQL URL or a file path."""
    if isinstance(value, Target):
        return value
    if not is_url(value):
        return Target(path=Path(value))
    from sqlalchemy.engine import make_url

    text = str(value)
    try:
        url = make_url(text)
    except Exception as exc:  # SQLAlchemy's ArgumentError carries the whole URL, password too
        raise UserError(BAD_URL.format(url=_without_password(text))) from exc
    if not url.database:
        raise UserError(BAD_URL.format(url=_without_password(text)))
    return Target(url=url.set(drivername=DRIVER))


def _without_password(text: str) -> str:
    head, sep, tail = text.partition("://")
    if "@" not in tail:
        return text
    who, _, where = tail.rpartition("@")
    return f"{head}{sep}{who.split(':', 1)[0]}@{where}"
