"""Processes appending to the audit trail at once keep one chain, on a file and on PostgreSQL:
each takes the database's write lock before it reads the last entry."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from sqlalchemy import text

from desktop.models import Office
from desktop.services.audit_chain import verify
from desktop.store import Store, dialect

ROOT = Path(__file__).resolve().parents[2]
WRITER = """
import sys
from desktop.services.audit import record
from desktop.store import Store
db = Store(sys.argv[1])
for n in range(int(sys.argv[2])):
    record(db, "view", f"{sys.argv[3]} {n}")
db.close()
"""
SAVER = """
import sys
from desktop.models import Office
from desktop.store import Store
db = Store(sys.argv[1])
for n in range(int(sys.argv[2])):
    with db.session() as s:
        s.query(Office).one().signer_name = f"Người ký {n}"
db.close()
"""


def test_processes_appending_at_once_keep_one_chain(db_target: str) -> None:
    store = Store(db_target)
    with store.session() as s:
        s.add(Office(role="district", kind="district_federation", code="LDLD-THU", name="LĐLĐ"))
    runs = 25
    children = [
        subprocess.Popen([sys.executable, "-c", WRITER, db_target, str(runs), "a"], cwd=ROOT),
        subprocess.Popen([sys.executable, "-c", WRITER, db_target, str(runs), "b"], cwd=ROOT),
        subprocess.Popen([sys.executable, "-c", SAVER, db_target, str(runs)], cwd=ROOT),
    ]
    assert [child.wait(timeout=300) for child in children] == [0, 0, 0]
    total = 1 + 3 * runs
    with store.reading() as con:
        report = verify(con)
        ids = list(con.execute(text("SELECT id FROM audit_event ORDER BY id")).scalars())
        prevs = list(con.execute(text("SELECT prev_hash FROM audit_event")).scalars())
        head = dialect.audit_head(con)
    store.close()
    assert report.ok, report.breaks
    assert (report.entries, head) == (total, total)
    assert ids == list(range(1, total + 1))
    assert len(set(prevs)) == len(prevs)  # no two entries chained onto the same one
