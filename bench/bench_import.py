"""import_members_50k: importing 50,000 members from .xlsx vs a plain calamine read of the same file
plus an SQLAlchemy Core insert of the same member and admission rows, in the same run."""

from __future__ import annotations

import shutil
import time
from datetime import date, timedelta
from pathlib import Path

from bench.common import entry
from desktop.store import shared
from desktop.store.handle import forget

MEMBERS = 50_000
UNIONS = 100
GIVEN = ["An", "Bình", "Cường", "Dũng", "Đức", "Hòa", "Hương", "Lan", "Minh", "Thủy", "Tâm", "Yến"]
FAMILY = ["Nguyễn", "Trần", "Lê", "Phạm", "Hoàng", "Huỳnh", "Võ", "Đặng", "Bùi", "Đỗ"]


def _office(scratch: Path) -> Path:
    from sqlalchemy import insert

    from desktop.models import GrassrootsUnion
    from desktop.models.base import new_id, utcnow
    from desktop.services.office import init_office
    from desktop.store import Store
    from desktop.text import fold

    path = scratch / "import-office.sqlite"
    init_office(
        shared(path), role="district", unit_code="LDLD-BATRI", unit_name="LĐLĐ huyện Ba Tri"
    )
    now = utcnow()
    rows = [
        {
            "id": new_id(),
            "created_at": now,
            "updated_at": now,
            "unit_code": "",
            "name": f"Công đoàn cơ sở Trường Tiểu học số {n}",
            "name_key": fold(f"Trường số {n}"),
            "sector": "state",
            "employer_type": "school",
        }
        for n in range(1, UNIONS + 1)
    ]
    db = Store(path)
    with db.engine.begin() as conn:
        conn.execute(insert(GrassrootsUnion.__table__), rows)
    db.close()
    forget(path)  # every handle closed: the file is whole without its -wal, ready to be copied
    return path


def _sheet(path: Path) -> None:
    from openpyxl import Workbook

    book = Workbook(write_only=True)
    ws = book.create_sheet("Đoàn viên")
    ws.append(["DANH SÁCH ĐOÀN VIÊN"])
    ws.append(
        [
            "STT",
            "Họ và tên",
            "Giới tính",
            "Ngày sinh",
            "Số CCCD",
            "Ngày vào công đoàn",
            "Công đoàn cơ sở",
        ]
    )
    for n in range(MEMBERS):
        female = n % 2 == 1
        born = date(1970 + n % 30, 1 + n % 12, 1 + n % 28)
        number = f"001{1 if female else 0}{born.year % 100:02d}{n:06d}"
        ws.append(
            [
                n + 1,
                f"{FAMILY[n % 10]} {'Thị' if female else 'Văn'} {GIVEN[n % 12]}",
                "Nữ" if female else "Nam",
                born,
                number,
                born + timedelta(days=366 * 20),
                f"CĐCS Trường Tiểu học số {1 + n % UNIONS}",
            ]
        )
    book.save(path)


def _baseline(db_path: Path, sheet: Path) -> float:
    """What any import must do: read the cells, write a member and its admission per row."""
    from python_calamine import CalamineWorkbook
    from sqlalchemy import insert

    from desktop.models import Member, MemberEvent
    from desktop.models.base import new_id, utcnow
    from desktop.store import Store

    start = time.perf_counter()
    book = CalamineWorkbook.from_path(str(sheet))
    cells = book.get_sheet_by_index(0).to_python()[2:]
    db = Store(db_path)
    union_ids = [
        r[0]
        for r in db.engine.connect()
        .exec_driver_sql("SELECT id FROM grassroots_union ORDER BY rowid")
        .fetchall()
    ]
    now = utcnow()
    members, events = [], []
    for n, row in enumerate(cells):
        member_id = new_id()
        members.append(
            {
                "id": member_id,
                "created_at": now,
                "updated_at": now,
                "unit_code": "",
                "union_id": union_ids[n % UNIONS],
                "full_name": row[1],
                "gender": "female" if row[2] == "Nữ" else "male",
                "birth_date": row[3],
                "citizen_id": row[4],
                "joined_on": row[5],
                "status": "active",
            }
        )
        events.append(
            {
                "id": new_id(),
                "created_at": now,
                "updated_at": now,
                "unit_code": "",
                "member_id": member_id,
                "kind": "admitted",
                "event_date": row[5],
                "to_union_id": union_ids[n % UNIONS],
            }
        )
    with db.engine.begin() as conn:
        conn.execute(insert(Member.__table__), members)
        conn.execute(insert(MemberEvent.__table__), events)
    db.close()
    return time.perf_counter() - start


def run(results: list[dict[str, object]], scratch: Path) -> None:
    from desktop.importer.plan import ImportRequest
    from desktop.services.importing import run_import
    from desktop.store import Store

    office = _office(scratch)
    sheet = scratch / "doan-vien-50000.xlsx"
    _sheet(sheet)
    ours_db, base_db = scratch / "import-ours.sqlite", scratch / "import-base.sqlite"
    shutil.copyfile(office, ours_db)
    shutil.copyfile(office, base_db)

    start = time.perf_counter()
    with Store(ours_db) as store:
        outcome = run_import(store, ImportRequest("members", sheet))
    ours = time.perf_counter() - start
    assert outcome.added == MEMBERS, outcome.summary
    baseline = _baseline(base_db, sheet)
    results.append(entry("import_members_50k", ours, "s", baseline, "≤ 2×"))
