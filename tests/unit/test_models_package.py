"""desktop.models hands out its mapped classes all together, on first use: the plain submodules
(enums, messages, member_row) load without the ORM's classes, and every way to a class ends
with the whole registry and the whole metadata."""

from __future__ import annotations

import json
import subprocess
import sys

MAPPED = ("members", "unions", "sync", "programme", "work", "office")


def _run(code: str) -> object:
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    return json.loads(out.stdout.strip().splitlines()[-1])


def test_the_plain_submodules_load_without_the_mapped_classes() -> None:
    code = (
        "import json, sys\n"
        "from desktop.models import enums, messages, member_row\n"
        "from desktop.sync.format.tables import TABLE_ORDER\n"
        f"print(json.dumps([m for m in {MAPPED!r} if 'desktop.models.' + m in sys.modules]))\n"
    )
    assert _run(code) == []


def test_a_class_from_the_package_brings_every_table() -> None:
    code = (
        "import json\n"
        "from desktop.models import Member, Base\n"
        "print(json.dumps(sorted(Base.metadata.tables)))\n"
    )
    tables = _run(code)
    assert isinstance(tables, list)
    assert {"member", "grassroots_union", "sent_bundle", "programme", "activity_union"} <= set(
        tables
    )
    assert len(tables) == 36


def test_a_class_from_its_own_module_is_configured_with_every_other() -> None:
    code = (
        "import json, sys\n"
        "from sqlalchemy.orm import configure_mappers\n"
        "from desktop.models.unions import GrassrootsUnion\n"
        "before = 'desktop.models.sync' in sys.modules\n"
        "configure_mappers()\n"
        f"missing = [m for m in {MAPPED!r} if 'desktop.models.' + m not in sys.modules]\n"
        "print(json.dumps([before, missing]))\n"
    )
    assert _run(code) == [False, []]
