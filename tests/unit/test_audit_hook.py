"""Every change of a record through the ORM is in the audit trail, field by field, in the
change's own transaction; an import's updates are too; citizen IDs and passwords never are."""

from __future__ import annotations

import contextlib
import json
import sqlite3
from collections.abc import Iterator
from datetime import date, datetime
from pathlib import Path

import pytest

from desktop.importer.plan import ImportRequest
from desktop.models import Account, GrassrootsUnion, Member
from desktop.services.audit import set_actor
from desktop.services.audit_chain import verify
from desktop.services.member_events import audit_in
from desktop.services.office import init_office
from desktop.store import Store, shared
from tests.unit._import_fixtures import run_import
from tests.unit._members_fixture import make_district

HOA = "00000000-0000-4000-8000-000000000001"


@pytest.fixture
def office(tmp_path: Path) -> Iterator[Path]:
    path = tmp_path / "office.sqlite"
    init_office(
        shared(path), role="district", unit_code="LDLD-BATRI", unit_name="LĐLĐ huyện Ba Tri"
    )
    yield path
    set_actor(None)


def _entries(
    path: Path, after: int = 0
) -> list[tuple[str, str, str, str, dict[str, list[object]]]]:
    with contextlib.closing(sqlite3.connect(path)) as con:
        rows = con.execute(
            "SELECT action, actor, detail, record_table, changes FROM audit_event WHERE id > ? "
            "ORDER BY id",
            (after,),
        ).fetchall()
    store = Store(path)
    with store.reading() as plain:
        assert verify(plain).ok
    store.close()
    return [(a, who, d, t, json.loads(c) if c else {}) for a, who, d, t, c in rows]


def _last_id(path: Path) -> int:
    with contextlib.closing(sqlite3.connect(path)) as con:
        return int(con.execute("SELECT COALESCE(MAX(id), 0) FROM audit_event").fetchone()[0])


def test_a_member_added_edited_deleted_and_restored(office: Path) -> None:
    set_actor("lan")
    db = Store(office)
    with db.session() as s:
        union = GrassrootsUnion(name="CĐCS Trường Tiểu học An Hòa", sector="state")
        s.add(union)
        s.flush()
        member = Member(
            union_id=union.id,
            full_name="Nguyễn Văn An",
            gender="male",
            birth_date=date(1980, 1, 2),
            citizen_id="083080123456",
        )
        s.add(member)
    start = _last_id(office)
    with db.session() as s:
        row = s.get(Member, member.id)
        assert row is not None
        row.full_name, row.citizen_id, row.phone = "Nguyễn Văn Ân", "083080123457", "0913 222 333"
    with db.session() as s:
        row = s.get(Member, member.id)
        assert row is not None
        row.deleted_at = datetime(2024, 5, 1, 8, 0)
    with db.session() as s:
        row = s.get(Member, member.id)
        assert row is not None
        row.deleted_at = None
    db.close()

    added = _entries(office)[-4]
    assert added[:4] == ("add", "lan", "Đoàn viên Nguyễn Văn An", "member")
    assert added[4]["citizen_id"] == [None, "083•••••••56"]
    assert added[4]["birth_date"] == [None, "1980-01-02"]
    assert not {"name_key", "sort_key", "created_at", "updated_at", "id"} & set(added[4])
    assert _entries(office, start) == [
        (
            "edit",
            "lan",
            "Đoàn viên Nguyễn Văn Ân",
            "member",
            {
                "citizen_id": ["083•••••••56", "083•••••••57"],
                "full_name": ["Nguyễn Văn An", "Nguyễn Văn Ân"],
                "phone": ["", "0913 222 333"],
            },
        ),
        ("delete", "lan", "Đoàn viên Nguyễn Văn Ân", "member", {}),
        ("restore", "lan", "Đoàn viên Nguyễn Văn Ân", "member", {}),
    ]
    with contextlib.closing(sqlite3.connect(office)) as con:
        stored = " ".join(r[0] for r in con.execute("SELECT changes || detail FROM audit_event"))
    assert "083080123456" not in stored and "083080123457" not in stored


def test_a_change_rolled_back_leaves_no_entry(office: Path) -> None:
    start = _last_id(office)
    db = Store(office)
    with pytest.raises(RuntimeError), db.session() as s:
        s.add(GrassrootsUnion(name="CĐCS Điện lực Ba Tri", sector="state"))
        s.flush()
        raise RuntimeError("the save fails after the flush")
    db.close()
    assert _entries(office, start) == []


def test_a_service_entry_is_chained_and_names_the_signed_in_account(office: Path) -> None:
    set_actor("minh")
    start = _last_id(office)
    db = Store(office)
    with db.session() as s:
        audit_in(s, "edit", "đoàn viên x: sửa (tìm 083080123456)")
    db.close()
    assert _entries(office, start) == [
        ("edit", "minh", "đoàn viên x: sửa (tìm 083•••••••56)", "", {})
    ]


def test_a_password_is_never_written_and_login_counters_are_not_changes(office: Path) -> None:
    set_actor("admin")
    start = _last_id(office)
    db = Store(office)
    with db.session() as s:
        s.add(Account(name="lan", full_name="Lê Thị Lan", role="staff", password_hash="$argon2$x"))
    with db.session() as s:
        account = s.get(Account, "lan")
        assert account is not None
        account.failed_logins, account.last_failed_at = 3, datetime(2024, 5, 1)
    with db.session() as s:
        account = s.get(Account, "lan")
        assert account is not None
        account.password_hash = "$argon2$y"
    db.close()
    assert _entries(office, start) == [
        (
            "add",
            "admin",
            "Tài khoản Lê Thị Lan",
            "account",
            {
                "full_name": [None, "Lê Thị Lan"],
                "name": [None, "lan"],
                "password_hash": [None, "••••••"],
                "role": [None, "staff"],
            },
        ),
        (
            "edit",
            "admin",
            "Tài khoản Lê Thị Lan",
            "account",
            {"password_hash": ["••••••", "••••••"]},
        ),
    ]
    with contextlib.closing(sqlite3.connect(office)) as con:
        leaked = "SELECT COUNT(*) FROM audit_event WHERE changes LIKE '%argon2%'"
        assert con.execute(leaked).fetchone()[0] == 0


def test_an_import_names_each_updated_member_and_its_changed_fields(tmp_path: Path) -> None:
    district = make_district(
        tmp_path / "d.sqlite",
        [("Trần Thị Hòa", "female", "083190000001"), ("Lê Thị Ánh", "female", "083190000004")],
    )
    sheet = tmp_path / "cap-nhat.csv"
    sheet.write_text(
        "Họ và tên,Giới tính,Ngày sinh,Số CCCD,Ngày vào công đoàn,Công đoàn cơ sở,Điện thoại\n"
        "Trần Thị Hòa,Nữ,01/01/1990,083190000001,01/01/2015,Trường Tiểu học An Hòa,0913 222 333\n"
        "Lê Thị Ánh,Nữ,01/01/1990,083190000004,01/01/2015,Điện lực Ba Tri,\n"
        "Phạm Văn Lộc,Nam,02/03/1985,083085000009,01/01/2016,Trường Tiểu học An Hòa,\n",
        encoding="utf-8",
    )
    start = _last_id(district)
    outcome = run_import(district, ImportRequest("members", sheet, update_existing=True))
    assert (outcome.added, outcome.updated) == (1, 2)
    entries = _entries(district, start)
    # Ánh's row repeats what is stored: no entry of her own; the new member is counted.
    assert [(a, d, t, c) for a, _, d, t, c in entries] == [
        (
            "edit",
            "Đoàn viên Trần Thị Hòa (nhập từ «cap-nhat.csv», dòng 2)",
            "member",
            {"phone": ["", "0913 222 333"]},
        ),
        ("import", "members từ cap-nhat.csv: 1 mới, 2 cập nhật, 0 giữ nguyên", "", {}),
    ]
    with contextlib.closing(sqlite3.connect(district)) as con:
        linked = con.execute(
            "SELECT record_id FROM audit_event WHERE id > ? AND action = 'edit'", (start,)
        ).fetchall()
    assert linked == [(HOA,)]
