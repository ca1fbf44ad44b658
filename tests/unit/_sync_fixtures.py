"""Shared set-up of the sync tests: an in-memory keyring, offices with keys, a tiny district.

Tests never touch the real keyring: `memory_keyring` swaps in desktop.sync.memory_keyring and puts
the previous backend back afterwards.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date, datetime
from pathlib import Path
from typing import Any

import keyring
import pytest

from desktop.store import shared
from desktop.sync import keystore
from desktop.sync.memory_keyring import MemoryKeyring

PROVINCE = ("LDLD-BENTRE", "Liên đoàn Lao động tỉnh Bến Tre")
DISTRICT = ("LDLD-BATRI", "Liên đoàn Lao động huyện Ba Tri")
OTHER_DISTRICT = ("LDLD-THUNHA", "Liên đoàn Lao động huyện Thạnh Phú")

UNION_A = "00000000-0000-4000-8000-0000000000a1"
UNION_B = "00000000-0000-4000-8000-0000000000b2"
MEMBERS = (
    ("00000000-0000-4000-8000-000000000101", "Nguyễn Văn Đức", "male", "083080000101"),
    ("00000000-0000-4000-8000-000000000102", "Trần Thị Hoà", "female", "083080000102"),
    ("00000000-0000-4000-8000-000000000103", "Lê Thị Ánh", "female", "083080000103"),
)


def no_passphrase(purpose: str, new: bool) -> str:
    raise AssertionError(f"no passphrase expected ({purpose})")


@pytest.fixture
def memory_keyring() -> Iterator[MemoryKeyring]:
    previous = keyring.get_keyring()
    backend = MemoryKeyring()
    keyring.set_keyring(backend)
    keystore.forget_unlocked()
    try:
        yield backend
    finally:
        keyring.set_keyring(previous)
        keystore.forget_unlocked()


def make_office(path: Path | str, role: str, unit: tuple[str, str]) -> Path | str:
    from desktop.services.office import init_office
    from desktop.sync.keys import create_office_keys

    init_office(shared(path), role=role, unit_code=unit[0], unit_name=unit[1])
    create_office_keys(shared(path), passphrase=no_passphrase)
    return path


def exchange_cards(district: Path, province: Path | str, folder: Path) -> None:
    """The set-up both offices do once: each takes the other's card."""
    from desktop.sync.keys import export_card, trust_card

    export_card(shared(district), folder / "district.card", passphrase=no_passphrase)
    export_card(shared(province), folder / "province.card", passphrase=no_passphrase)
    trust_card(shared(province), folder / "district.card")
    trust_card(shared(district), folder / "province.card")


def add_small_records(path: Path) -> None:
    """Two unions, three members admitted in 2024, one activity: the right answers are by hand.
    Names carry the search and sort keys the office's forms compute (desktop.text)."""
    from desktop.models import Activity, GrassrootsUnion, Member, activity_union
    from desktop.store import Store
    from desktop.text import fold, name_sort_key

    db = Store(path)
    stamp = datetime(2024, 1, 5, 8, 0, 0)
    with db.session() as s:
        s.add(
            GrassrootsUnion(
                id=UNION_A,
                name="CĐCS Trường Tiểu học An Hòa",
                name_key=fold("CĐCS Trường Tiểu học An Hòa"),
                sector="state",
                employer_type="school",
                founded_on=date(2005, 9, 1),
                created_at=stamp,
                updated_at=stamp,
            )
        )
        s.add(
            GrassrootsUnion(
                id=UNION_B,
                name="CĐCS Công ty TNHH Thủy sản Đông Hải",
                name_key=fold("CĐCS Công ty TNHH Thủy sản Đông Hải"),
                sector="non_state",
                employer_type="private_enterprise",
                workforce_total=60,
                founded_on=date(2024, 3, 10),
                created_at=stamp,
                updated_at=stamp,
            )
        )
        s.flush()
        for index, (member_id, name, gender, citizen_id) in enumerate(MEMBERS):
            union = UNION_A if index < 2 else UNION_B
            add_admitted(
                s,
                Member(
                    id=member_id,
                    union_id=union,
                    full_name=name,
                    name_key=fold(name),
                    sort_key=name_sort_key(name),
                    gender=gender,
                    citizen_id=citizen_id,
                    birth_date=date(1985, 1, 1 + index),
                    joined_on=date(2024, 2 + index, 1),
                    created_at=stamp,
                    updated_at=stamp,
                ),
            )
        activity = Activity(
            task_area=4,
            kind="propaganda",
            title="Tuyên truyền Bộ luật Lao động",
            held_on=date(2024, 3, 12),
            participants=120,
            created_at=stamp,
            updated_at=stamp,
        )
        s.add(activity)
        s.flush()
        s.execute(activity_union.insert(), [{"activity_id": activity.id, "union_id": UNION_A}])
    db.close()


def add_admitted(session: Any, member: Any) -> None:
    """`member` and the event admitting them on their join date, in `member.union_id`."""
    from desktop.models import MemberEvent

    session.add(member)
    session.flush()
    session.add(
        MemberEvent(
            member_id=member.id,
            kind="admitted",
            event_date=member.joined_on,
            to_union_id=member.union_id,
            created_at=member.created_at,
            updated_at=member.updated_at,
        )
    )


def parse_cli(argv: list[str]):  # type: ignore[no-untyped-def]
    """A parser with the sync commands registered, whether or not the lead has listed them yet."""
    import argparse

    from desktop.cli import bundle as bundle_cli
    from desktop.cli import keys as keys_cli
    from desktop.cli.parser import VietnameseParser

    common = VietnameseParser(add_help=False)
    common.add_argument("--db", default=argparse.SUPPRESS)  # a file or a postgresql:// URL
    parser = VietnameseParser(prog="uniondesk")
    subparsers = parser.add_subparsers(dest="command", parser_class=VietnameseParser)
    keys_cli.register(subparsers, common)
    bundle_cli.register(subparsers, common)
    return parser.parse_args(argv)


def target(value: Path | str) -> Path | str:
    """What a test hands the services for `--db`: a file as a Path, a PostgreSQL URL as text."""
    from desktop.store import is_url

    return value if is_url(value) else Path(value)


def rows_of(db: Path | str, sql: str, params: dict[str, Any] | None = None) -> list[tuple]:
    """`sql` read through the store (plain rows: dates as text, flags 0/1 on both stores)."""
    from sqlalchemy import text

    from desktop.store import Store

    with Store(db, migrate=False) as store, store.reading() as con:
        return [tuple(row) for row in con.execute(text(sql), params or {})]


# On a test whose Exchange fixture is `ex`: run it with the province on SQLite, then on PostgreSQL.
BOTH_STORES = pytest.mark.parametrize("ex", ["sqlite", "postgresql"], indirect=True)


def exchange_for(request: pytest.FixtureRequest, folder: Path) -> Exchange:
    """The `ex` fixture's Exchange: the province on the store BOTH_STORES names (SQLite when the
    test does not say)."""
    store = getattr(request, "param", "sqlite")
    province = request.getfixturevalue("pg_url") if store == "postgresql" else None
    return Exchange(folder, province)


class Exchange:
    """A district and its province that have swapped cards; the district has the small records.
    The province is a SQLite file in `folder`, or the database `province` names (the `db_target`
    fixture: a file, then a PostgreSQL URL)."""

    def __init__(self, folder: Path, province: Path | str | None = None) -> None:
        self.folder = folder
        self.district = make_office(folder / "district.sqlite", "district", DISTRICT)
        where = target(province) if province is not None else folder / "province.sqlite"
        self.province = make_office(where, "province", PROVINCE)
        exchange_cards(self.district, self.province, folder)
        add_small_records(self.district)

    def export(self, period: str, name: str | None = None) -> Path:
        from desktop.sync.office.export import export_bundle

        out = self.folder / (name or f"ba-tri-{period}.udb")
        export_bundle(shared(self.district), period, out, passphrase=no_passphrase)
        return out

    def verify(self, *files: Path):  # type: ignore[no-untyped-def]
        from desktop.services.bundles import process_files

        return process_files(
            shared(self.province), list(files), write=False, passphrase=no_passphrase
        )

    def merge(self, *files: Path):  # type: ignore[no-untyped-def]
        from desktop.services.bundles import process_files

        return process_files(
            shared(self.province), list(files), write=True, passphrase=no_passphrase
        )

    def province_rows(self, sql: str) -> list[tuple]:
        return rows_of(self.province, sql)
