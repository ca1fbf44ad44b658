"""Alembic migrations, shipped inside the package so the frozen build carries them.

HEAD names the newest revision so start-up can tell, without importing Alembic, that nothing is to do.
A test checks it against Alembic's own idea of the head.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

HEAD = "0014_kept_counts"

MIGRATIONS_DIR = Path(__file__).resolve().parent


def alembic_config() -> Any:
    from alembic.config import Config

    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS_DIR))
    return config


def upgrade_to_head(connection: Any) -> None:
    from alembic import command

    config = alembic_config()
    config.attributes["connection"] = connection
    command.upgrade(config, "head")


def known_revisions() -> set[str]:
    """Revision ids shipped with this release, read from the file names (no Alembic import)."""
    return {p.stem for p in (MIGRATIONS_DIR / "versions").glob("[0-9]*.py")}
