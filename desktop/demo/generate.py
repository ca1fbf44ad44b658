"""`uniondesk demo`: write a whole demo district into a new database in one transaction.

A demo file carries an audit row with action `demo`; only such a file (or, with `force`, any file)
is replaced, so a slip of the path never wipes an office's real database.
"""

from __future__ import annotations

import random
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy import insert

from desktop.demo import district, people, work
from desktop.demo.context import BA_TRI, Demo, OfficeSpec
from desktop.errors import UserError
from desktop.format import number
from desktop.models import Base
from desktop.store import Store
from desktop.sync.format.tables import TABLE_ORDER

CHUNK = 5000
DEMO_ACTION = "demo"
NOT_A_DEMO = (
    "Tệp {path} đã có và không phải cơ sở dữ liệu huyện mẫu: không ghi đè. Hãy chọn tên tệp khác, "
    "hoặc thêm --force nếu thật sự muốn thay tệp này bằng huyện mẫu."
)
# The office, then the records a bundle carries in their order (one list: desktop/sync/format/
# tables.py); the demo enters no results or narratives by hand.
ORDER = ("office", *(t for t in TABLE_ORDER if t not in ("progress_entry", "narrative")))


@dataclass(frozen=True)
class DemoSummary:
    unions: int
    members: int
    active_members: int
    events: int
    activities: int

    def __str__(self) -> str:
        return (
            f"{number(self.unions)} CĐCS, {number(self.members)} đoàn viên "
            f"({number(self.active_members)} đang sinh hoạt), {number(self.events)} biến động, "
            f"{number(self.activities)} hoạt động"
        )


def _remove(path: Path) -> None:
    for suffix in ("", "-wal", "-shm", "-journal"):
        Path(f"{path}{suffix}").unlink(missing_ok=True)


def is_demo(path: Path) -> bool:
    """True for a file this generator wrote (its audit trail says so); False for anything else.

    Looked at read-only, not through a store: opening a store would upgrade (and tighten) a file
    that may be anything, which is about to be refused."""
    from sqlalchemy import create_engine, text
    from sqlalchemy.exc import SQLAlchemyError

    engine = create_engine(f"sqlite:///file:{path}?mode=ro&uri=true")
    try:
        with engine.connect() as con:
            row = con.execute(
                text("SELECT 1 FROM audit_event WHERE action = :action LIMIT 1"),
                {"action": DEMO_ACTION},
            ).first()
    except SQLAlchemyError:
        return False  # not a database, or not ours
    finally:
        engine.dispose()
    return row is not None


def build_rows(members: int, seed: int, office: OfficeSpec = BA_TRI) -> Demo:
    demo = Demo(
        random.Random(seed), side=random.Random(f"uniondesk demo side {seed}"), office=office
    )
    district.add_office(demo)
    plans = district.add_unions(demo, max(20, members // 50))
    district.add_ratings(demo, plans)
    population = people.Population(demo, plans)
    for index in range(members):
        population.add_member(index)
    people.add_households(demo, population.members)
    people.add_party_and_smartca(demo, population.members, len(plans))
    people.name_chairs(plans, population.members)
    district.add_prospects(demo, plans)
    work.add_activities(demo, plans, population.members, per_year=max(30, members // 16))
    work.add_inspections(demo, plans)
    work.add_complaints(demo, plans)
    return demo


def generate_demo(
    path: Path,
    *,
    members: int = 5000,
    seed: int = 1,
    progress: Callable[[float], None] | None = None,
    force: bool = False,
    office: OfficeSpec = BA_TRI,
    blank: Path | None = None,
) -> DemoSummary:
    """Write a demo district of `members` members at `path` (Ba Tri, or the upper-level union
    `office` describes: the demo province's offices). `blank`: an empty database of the newest
    schema to start from, copied instead of built (the demo province makes several offices).

    An existing demo file is regenerated; any other existing file is refused (UserError naming it)
    unless `force`.
    """
    path = Path(path)
    if path.exists() and not force and not is_demo(path):
        raise UserError(NOT_A_DEMO.format(path=path))
    demo = build_rows(members, seed, office)
    if progress:
        progress(0.4)
    _remove(path)
    if blank is not None:
        from desktop.store.file_copy import copy_file

        copy_file(blank, path)
    with Store(path) as db:
        total = sum(len(demo.rows.get(t, [])) for t in ORDER) or 1
        done = 0
        with db.unit_of_work() as uow:
            connection = uow.connection
            for table_name in ORDER:
                rows = demo.rows.get(table_name, [])
                table = Base.metadata.tables[table_name]
                for start in range(0, len(rows), CHUNK):
                    connection.execute(insert(table), rows[start : start + CHUNK])
                    done += len(rows[start : start + CHUNK])
                    if progress:
                        progress(0.4 + 0.6 * done / total)
            from desktop.services.audit_chain import NewEntry, append

            detail = f"huyện mẫu: {members} đoàn viên, hạt giống {seed}"
            append(connection, [NewEntry(DEMO_ACTION, detail)])
        from desktop.demo.programme import add_programme_year

        add_programme_year(db, office.code, members, seed)
    member_rows = demo.rows["member"]
    return DemoSummary(
        unions=len(demo.rows["grassroots_union"]),
        members=len(member_rows),
        active_members=sum(1 for m in member_rows if m["status"] == "active"),
        events=len(demo.rows["member_event"]),
        activities=len(demo.rows["activity"]),
    )
