"""Test set-up: Qt offscreen before it loads, and a private data folder per test."""

from __future__ import annotations

import os
import sqlite3
from collections.abc import Iterator
from datetime import date
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

import pytest


@pytest.fixture(autouse=True)
def private_data_dir(
    tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch
) -> Iterator[Path]:
    """Tests never touch the user's real data folder or Qt settings."""
    folder = tmp_path_factory.mktemp("data")
    monkeypatch.setenv("UNIONDESK_DATA_DIR", str(folder))
    monkeypatch.setenv("XDG_CONFIG_HOME", str(folder / "config"))
    yield folder


@pytest.fixture(autouse=True)
def private_keyring() -> Iterator[None]:
    """Tests never write keys into the real system keyring (`init` creates keys)."""
    import keyring

    from desktop.sync import keystore
    from desktop.sync.memory_keyring import MemoryKeyring

    previous = keyring.get_keyring()
    keyring.set_keyring(MemoryKeyring())
    keystore.forget_unlocked()
    try:
        yield
    finally:
        keyring.set_keyring(previous)
        keystore.forget_unlocked()


@pytest.fixture
def vietnam_clock(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """Times are stored in UTC and told as the office's clock reads them (UTC+7)."""
    import time

    monkeypatch.setenv("TZ", "ICT-7")
    time.tzset()
    yield
    monkeypatch.undo()
    time.tzset()


@pytest.fixture(autouse=True)
def shared_stores_closed() -> Iterator[None]:
    """A shared handle (the window's) never outlives its test: its file or its PostgreSQL database
    goes with the test, and an open pool would hold the server's connections."""
    yield
    from desktop.store.handle import forget_all

    forget_all()


@pytest.fixture(autouse=True)
def nobody_signed_in() -> Iterator[None]:
    """The signed-in account is process-wide: a test that signs in never leaks it to the next."""
    from desktop.services.accounts import sign_in_as

    sign_in_as(None)
    yield
    sign_in_as(None)


@pytest.fixture(autouse=True)
def no_blocking_dialogs(request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch) -> None:
    """A modal dialog offscreen waits forever: fail the UI test with its text instead."""
    if "tests/ui" not in str(request.path).replace("\\", "/"):
        return
    from PySide6.QtWidgets import QDialog, QMessageBox

    def refuse(dialog: QDialog) -> int:
        text = dialog.text() if isinstance(dialog, QMessageBox) else dialog.windowTitle()
        raise AssertionError(f"unexpected modal dialog: {text}")

    monkeypatch.setattr(QMessageBox, "exec", refuse)


@pytest.fixture
def small_district(small_district_template: Path, tmp_path: Path) -> Path:
    """A tiny district built by hand: 4 unions (one dissolved), 12 members, events in 2024.

    Each test gets its own copy: a test that writes (an audit row, a loaded programme) can never
    change what a later test reads. Right answers for it are written out in the tests using it.
    """
    path = tmp_path / "small.sqlite"
    path.write_bytes(small_district_template.read_bytes())
    return path


@pytest.fixture(scope="session")
def small_district_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The small district, built once per session; tests use their own copy (small_district)."""
    from desktop.models import GrassrootsUnion, Member, MemberEvent, Office, UnionRating
    from desktop.store import Store
    from desktop.text import fold, name_sort_key

    path = tmp_path_factory.mktemp("small") / "small.sqlite"
    db = Store(path)
    with db.session() as s:
        s.add(
            Office(
                role="district",
                kind="district_federation",
                code="LDLD-THU",
                name="Liên đoàn Lao động huyện Thạnh Phú",
                parent_body="LĐLĐ tỉnh Bến Tre",
                place_name="Thạnh Phú",
                signer_name="Nguyễn Văn Hùng",
                recipients="- LĐLĐ tỉnh Bến Tre;\n- Thường trực Huyện ủy Thạnh Phú;",
            )
        )
        unions = [
            GrassrootsUnion(
                name="CĐCS Trường THCS Thạnh Phong",
                sector="state",
                employer_type="school",
                founded_on=date(2005, 9, 1),
            ),
            GrassrootsUnion(
                name="CĐCS Ủy ban nhân dân xã An Điền",
                sector="state",
                employer_type="agency",
                founded_on=date(2001, 3, 1),
            ),
            GrassrootsUnion(
                name="CĐCS Công ty TNHH Thủy sản Đông Hải",
                sector="non_state",
                employer_type="private_enterprise",
                founded_on=date(2024, 2, 10),
            ),
            GrassrootsUnion(
                name="CĐCS Công ty TNHH May Phú Lễ",
                sector="non_state",
                employer_type="private_enterprise",
                founded_on=date(2010, 1, 1),
                dissolved_on=date(2024, 5, 31),
            ),
        ]
        for union in unions:
            union.name_key = fold(union.name)
        s.add_all(unions)
        s.flush()
        s.add(UnionRating(union_id=unions[0].id, year=2024, rating="good"))
        people = [
            # name, gender, union, first event, date, later event, date
            ("Nguyễn Văn Đức", "male", 0, "admitted", date(2015, 3, 2), None, None),
            ("Trần Thị Hòa", "female", 0, "admitted", date(2024, 3, 15), None, None),
            ("Lê Thị Ánh", "female", 1, "admitted", date(2012, 6, 1), None, None),
            ("Phạm Văn Dũng", "male", 1, "admitted", date(2018, 1, 8), "left", date(2024, 4, 2)),
            ("Võ Thị Thủy", "female", 2, "admitted", date(2024, 2, 20), None, None),
            ("Huỳnh Văn Ấn", "male", 2, "admitted", date(2024, 2, 20), None, None),
            ("Đặng Thị Mai", "female", 2, "transferred_in", date(2024, 7, 1), None, None),
            (
                "Bùi Văn Lộc",
                "male",
                3,
                "admitted",
                date(2016, 5, 5),
                "transferred_out",
                date(2024, 5, 31),
            ),
            ("Đỗ Thị Hằng", "female", 3, "admitted", date(2017, 5, 5), "left", date(2024, 5, 31)),
            ("Ngô Văn Nam", "male", 1, "admitted", date(2023, 11, 20), None, None),
            ("Hồ Thị Yến", "female", 0, "admitted", date(2024, 9, 9), None, None),
            ("Dương Văn Tài", "male", 1, "admitted", date(2020, 1, 1), "left", date(2023, 6, 30)),
        ]
        for index, (name, gender, u, kind, on, later, later_on) in enumerate(people):
            status = {"left": "left", "transferred_out": "transferred_out"}.get(
                later or "", "active"
            )
            member = Member(
                union_id=unions[u].id,
                full_name=name,
                name_key=fold(name),
                sort_key=name_sort_key(name),
                gender=gender,
                birth_date=date(1990, 1, 1),
                citizen_id=f"08319{index:07d}",
                joined_on=on,
                status=status,
            )
            s.add(member)
            s.flush()
            s.add(
                MemberEvent(member_id=member.id, kind=kind, event_date=on, to_union_id=unions[u].id)
            )
            if later:
                s.add(
                    MemberEvent(
                        member_id=member.id,
                        kind=later,
                        event_date=later_on,
                        from_union_id=unions[u].id,
                        reason="Nghỉ việc",
                    )
                )
        # A tombstoned member must count nowhere.
        ghost = Member(
            union_id=unions[0].id,
            full_name="Xóa Bỏ",
            gender="female",
            status="active",
            citizen_id="083190999999",
        )
        s.add(ghost)
        s.flush()
        ghost.deleted_at = ghost.created_at
    db.close()
    with sqlite3.connect(path) as con:
        con.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    return path


@pytest.fixture(scope="session")
def demo_district_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The demo district as `uniondesk --demo` makes it (5,000 members), built once a session."""
    from desktop.demo import generate_demo

    path = tmp_path_factory.mktemp("demo") / "demo.sqlite"
    generate_demo(path)
    return path


@pytest.fixture
def demo_district(demo_district_template: Path, tmp_path: Path) -> Path:
    """A test's own copy of the demo district."""
    path = tmp_path / "demo.sqlite"
    path.write_bytes(demo_district_template.read_bytes())
    return path


@pytest.fixture(scope="session")
def small_demo_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A demo district of 300 members (seed 5): every screen and report, quickly."""
    from desktop.demo import generate_demo

    path = tmp_path_factory.mktemp("small-demo") / "demo.sqlite"
    generate_demo(path, members=300, seed=5)
    return path


@pytest.fixture
def small_demo(small_demo_template: Path, tmp_path: Path) -> Path:
    path = tmp_path / "demo.sqlite"
    path.write_bytes(small_demo_template.read_bytes())
    return path


# Secrets of the demo province's own key, as the template's keyring held them: each test's copy
# puts them into the test's keyring, so the province can sign its packages there.
_DEMO_PROVINCE_KEYS: dict[tuple[str, str], str] = {}


@pytest.fixture(scope="session")
def demo_province_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A demo province (desktop/demo/province.py), built once a session: three offices of 40
    members (Ba Tri, the industrial zones' union, the education union) with their bundles of
    2024 merged month by month; the education union stops at September; Ba Tri's June is
    returned with a reason (the three months before each office's last accepted). Without the
    demo's planted data-quality flaws: the only thing a quality check finds is the late office.
    The offices' own databases sit beside it in `offices/CODE.sqlite`.
    Tests use their own copy (demo_province)."""
    import keyring

    from desktop.demo.province import make_demo_province
    from desktop.sync import keystore
    from desktop.sync.memory_keyring import MemoryKeyring

    folder = tmp_path_factory.mktemp("demo-province")
    path = folder / "province.sqlite"
    previous = keyring.get_keyring()
    backend = MemoryKeyring()
    keyring.set_keyring(backend)
    try:
        with pytest.MonkeyPatch.context() as patch:
            patch.setenv("UNIONDESK_DATA_DIR", str(folder / "data"))
            make_demo_province(
                path, offices=3, members=40, offices_dir=folder / "offices", flaws=False
            )
    finally:
        keyring.set_keyring(previous)
        keystore.forget_unlocked()
    _DEMO_PROVINCE_KEYS.update(backend.secrets)
    return path


@pytest.fixture
def demo_province(demo_province_template: Path, tmp_path: Path, private_keyring: None) -> Path:
    """A test's own copy of the demo province, its offices' own databases beside it in
    `offices/CODE.sqlite`, and every key of the exchange in the test's keyring."""
    import keyring

    path = tmp_path / "province.sqlite"
    path.write_bytes(demo_province_template.read_bytes())
    (tmp_path / "offices").mkdir()
    for office in (demo_province_template.parent / "offices").glob("*.sqlite"):
        (tmp_path / "offices" / office.name).write_bytes(office.read_bytes())
    for (service, username), secret in _DEMO_PROVINCE_KEYS.items():
        keyring.set_password(service, username, secret)
    return path


# -- PostgreSQL: the suites that run on both stores ------------------------------------------


@pytest.fixture(scope="session")
def pg_cluster() -> Iterator[object]:
    """One throwaway PostgreSQL cluster for the session (tests/pg_cluster.py); skipped, saying why,
    where PostgreSQL is not installed. `.ci/run` installs it, so CI never skips."""
    from tests.pg_cluster import Cluster, binaries

    if binaries() is None:
        if os.environ.get("CI"):
            pytest.fail("PostgreSQL is not installed: .ci/run installs the postgresql package")
        pytest.skip("PostgreSQL is not installed here (Debian: apt-get install postgresql)")
    cluster = Cluster()
    try:
        yield cluster
    finally:
        cluster.stop()


@pytest.fixture
def pg_url(pg_cluster: object) -> str:
    """A fresh, empty PostgreSQL database for one test: its plain postgresql:// URL."""
    return pg_cluster.new_database()  # type: ignore[attr-defined, no-any-return]


@pytest.fixture(params=["sqlite", "postgresql"])
def db_target(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    """What `--db` takes, once for each store: a new SQLite file, then a new PostgreSQL database."""
    if request.param == "sqlite":
        return str(tmp_path / "store.sqlite")
    return str(request.getfixturevalue("pg_url"))
