"""The databases and inputs the kill suites start from: small enough that a kill costs about a
second, large enough that the operation spends most of its time writing."""

from __future__ import annotations

import contextlib
import sqlite3
from datetime import date
from pathlib import Path

from desktop.store import shared
from desktop.store.handle import forget
from tests.crash._kills import count, digest, settled
from tests.unit._import_fixtures import office_with_unions, rows

FROZEN = Path(__file__).resolve().parents[1] / "fixtures" / "schema"
HEADER = "Họ và tên,Giới tính,Ngày sinh,Số CCCD,Ngày vào công đoàn,Công đoàn cơ sở\n"
PASSPHRASE = "mat-khau-thu-nghiem"
PERIOD = "2024-06"


def members_csv(path: Path, people: int, unions: list[str], first: int = 0) -> Path:
    """`people` members with valid citizen IDs, spread over `unions`; `first` shifts the IDs so
    two lists never name the same person."""
    lines = []
    for n in range(first, first + people):
        female = n % 2 == 1
        year = 1960 + n % 40
        citizen_id = f"083{1 if female else 0}{year % 100:02d}{n:06d}"
        lines.append(
            f"Người Thử {n},{'Nữ' if female else 'Nam'},{1 + n % 28:02d}/{1 + n % 12:02d}/{year},"
            f"{citizen_id},01/03/2020,{unions[n % len(unions)]}\n"
        )
    path.write_text(HEADER + "".join(lines), encoding="utf-8")
    return path


def union_names(db: Path) -> list[str]:
    return [str(r[0]) for r in rows(db, "SELECT name FROM grassroots_union ORDER BY name")]


def office_with_members(folder: Path, people: int) -> Path:
    """A district office (Ba Tri, its unions from the import fixture) holding `people` members."""
    from desktop.importer.plan import ImportRequest
    from tests.unit._import_fixtures import run_import

    folder.mkdir(parents=True, exist_ok=True)
    db = office_with_unions(folder)
    source = members_csv(folder / "doan-vien.csv", people, union_names(db))
    run_import(db, ImportRequest("members", source, today=date(2024, 6, 30)))
    return settled(db)


def member_state(db: Path) -> tuple[object, ...]:
    """Who is in the office: members and their events, and the audit trail's length."""
    return (
        count(db, "SELECT COUNT(*) FROM member"),
        count(db, "SELECT COUNT(*) FROM member_event"),
        digest(db, "SELECT citizen_id, full_name, union_id FROM member ORDER BY citizen_id"),
        count(db, "SELECT COUNT(*) FROM audit_event"),
    )


def merged_state(db: Path) -> tuple[object, ...]:
    """What a province holds of its offices: members (by id), the ledger, the audit trail."""
    return (
        count(db, "SELECT COUNT(*) FROM member"),
        count(db, "SELECT COUNT(*) FROM member_event"),
        digest(db, "SELECT id, full_name, citizen_id FROM member ORDER BY id"),
        count(db, "SELECT COUNT(*) FROM bundle_ledger"),
        count(db, "SELECT COUNT(*) FROM audit_event"),
    )


def restored_state(db: Path) -> tuple[object, ...]:
    return (
        count(db, "SELECT COUNT(*) FROM member"),
        digest(db, "SELECT id, full_name, citizen_id FROM member ORDER BY id"),
        count(db, "SELECT COUNT(*) FROM grassroots_union"),
    )


def schema_state(db: Path) -> tuple[object, ...]:
    """A migration's whole story: the revision, the tables, and every member record kept."""
    with contextlib.closing(sqlite3.connect(db)) as con:
        revision = con.execute("SELECT version_num FROM alembic_version").fetchall()
        tables = tuple(
            r[0]
            for r in con.execute(
                "SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name"
            )
        )
    return (
        tuple(revision),
        tables,
        count(db, "SELECT COUNT(*) FROM member"),
        count(db, "SELECT COUNT(*) FROM member_event"),
        digest(db, "SELECT id, full_name, citizen_id FROM member ORDER BY id"),
        digest(db, "SELECT id, member_id, kind, event_date FROM member_event ORDER BY id"),
    )


def old_schema_file(path: Path, people: int, revision: str = "0001_initial") -> Path:
    """A database of the frozen `revision` (as a release of that time wrote it) grown to
    `people` more members, each with the event admitting them."""
    with contextlib.closing(sqlite3.connect(path)) as con:
        con.executescript((FROZEN / f"{revision}.sql").read_text(encoding="utf-8"))
        columns = [r[1] for r in con.execute("PRAGMA table_info(member)")]
        first = con.execute("SELECT * FROM member LIMIT 1").fetchone()
        model = dict(zip(columns, first, strict=True))
        event_columns = [r[1] for r in con.execute("PRAGMA table_info(member_event)")]
        first = con.execute("SELECT * FROM member_event LIMIT 1").fetchone()
        event = dict(zip(event_columns, first, strict=True))
        members, events = [], []
        for n in range(people):
            member = model | {
                "id": f"10000000-0000-4000-8000-{n:012d}",
                "full_name": f"{model['full_name']} {n}",
                "citizen_id": f"0830{80 + n % 20:02d}{n:06d}",
                "card_number": f"BX{n:06d}",
            }
            members.append(tuple(member[c] for c in columns))
            admitted = event | {
                "id": f"20000000-0000-4000-8000-{n:012d}",
                "member_id": member["id"],
            }
            events.append(tuple(admitted[c] for c in event_columns))
        marks = ",".join("?" * len(columns))
        con.executemany(f"INSERT INTO member VALUES ({marks})", members)
        marks = ",".join("?" * len(event_columns))
        con.executemany(f"INSERT INTO member_event VALUES ({marks})", events)
        con.commit()
    return path


def province_with_bundle(folder: Path, people: int) -> tuple[Path, Path]:
    """A province and a bundle of a district holding `people` members, keys kept in
    passphrase-locked files (the headless set-up, which a child process can open too)."""
    from desktop.services.office import init_office
    from desktop.sync.keys import create_office_keys, export_card, trust_card
    from desktop.sync.office.export import export_bundle

    def passphrase(_purpose: str, _new: bool) -> str:
        return PASSPHRASE

    district = office_with_members(folder / "huyen", people)
    province = folder / "tinh.sqlite"
    forget(district)  # each run makes the files anew: no handle on an earlier run's file
    forget(province)
    create_office_keys(shared(district), passphrase=passphrase)
    province = folder / "tinh.sqlite"
    init_office(
        shared(province), role="province", unit_code="LDLD-BENTRE", unit_name="LĐLĐ tỉnh Bến Tre"
    )
    create_office_keys(shared(province), passphrase=passphrase)
    export_card(shared(district), folder / "huyen.card", passphrase=passphrase)
    export_card(shared(province), folder / "tinh.card", passphrase=passphrase)
    trust_card(shared(province), folder / "huyen.card")
    trust_card(shared(district), folder / "tinh.card")
    bundle = folder / f"ba-tri-{PERIOD}.udb"
    export_bundle(shared(district), PERIOD, bundle, passphrase=passphrase)
    forget(district)  # the killed child opens them afresh
    forget(province)
    return settled(province), bundle
