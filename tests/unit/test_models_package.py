"""desktop.models hands out its mapped classes all together, on first use: the plain submodules
(enums, messages, member_row) load without the ORM's classes, the package's classes come with
the whole metadata, and a class from its own module with what its relationships name."""

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


def test_a_class_from_its_own_module_configures_with_what_it_names() -> None:
    code = (
        "import json, sys\n"
        "from sqlalchemy.orm import configure_mappers\n"
        "from desktop.models.members import Member\n"
        "configure_mappers()\n"
        "union = Member.union.property.mapper.class_\n"
        "events = Member.events.property.mapper.class_\n"
        "print(json.dumps([union.__name__, events.__name__, 'desktop.models.sync' in sys.modules]))\n"
    )
    assert _run(code) == ["GrassrootsUnion", "MemberEvent", False]


def test_threads_loading_the_classes_at_once_all_finish() -> None:
    # The dashboard's worker loads the classes while the window's thread may use one of them.
    code = (
        "import json, threading\n"
        "from sqlalchemy.orm import configure_mappers\n"
        "def package():\n"
        "    from desktop.models import Member  # every class\n"
        "def one():\n"
        "    from desktop.models.safety import Account\n"
        "    configure_mappers()\n"
        "threads = [threading.Thread(target=f) for f in (package, one, package, one)]\n"
        "for t in threads: t.start()\n"
        "for t in threads: t.join(60)\n"
        "from desktop.models import Base\n"
        "print(json.dumps([any(t.is_alive() for t in threads), len(Base.metadata.tables)]))\n"
    )
    assert _run(code) == [False, 36]
