"""A member's movements on both stores: the history a move is checked against and the move itself
are one unit of work, and which moves a member can take is the service's rule (the Đoàn viên
screen's buttons ask it)."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date

import pytest
from sqlalchemy import text

from desktop.errors import UserError
from desktop.services.member_events import (
    MOVES,
    allowed_moves,
    history,
    move_member,
    undo_last_event,
)
from desktop.services.member_form import MemberInput, save_member
from desktop.services.office import init_office
from desktop.services.union_form import UnionInput, save_union
from desktop.store import Store

TODAY = date(2024, 12, 31)


def _union(store: Store, name: str) -> str:
    data = UnionInput(
        name=name, sector="state", employer_type="agency", founded_on=date(2001, 3, 1)
    )
    return save_union(store, data, today=TODAY)


@pytest.fixture
def office(db_target: str) -> Iterator[tuple[Store, str, str, str]]:
    store = Store(db_target)
    init_office(store, role="district", unit_code="LDLD-BT", unit_name="LĐLĐ huyện Ba Tri")
    school, commune = _union(store, "CĐCS Trường Tiểu học An Hòa"), _union(store, "CĐCS xã Mỹ Hòa")
    member = save_member(
        store,
        MemberInput(
            full_name="Nguyễn Văn Đức",
            gender="male",
            union_id=school,
            birth_date=date(1985, 4, 2),
            citizen_id="083085000101",
            joined_on=date(2010, 3, 1),
        ),
        today=TODAY,
    )
    yield store, member, school, commune
    store.close()


def _events(store: Store, member_id: str) -> list[tuple[str, str, str, str]]:
    return [
        (h.label, f"{h.event_date:%d/%m/%Y}", h.from_union, h.to_union)
        for h in history(store, member_id)
    ]


def test_moves_and_an_undo_on_either_store(office: tuple[Store, str, str, str]) -> None:
    store, duc, school, commune = office
    moved = move_member(
        store, duc, "transferred", date(2024, 3, 1), to_union_id=commune, today=TODAY
    )
    assert (moved.label, moved.event_date, moved.to_union) == (
        "Chuyển sinh hoạt",
        date(2024, 3, 1),
        "CĐCS xã Mỹ Hòa",
    )
    move_member(store, duc, "left", date(2024, 5, 1), reason="Nghỉ việc", today=TODAY)
    assert _events(store, duc) == [
        ("Kết nạp", "01/03/2010", "", "CĐCS Trường Tiểu học An Hòa"),
        ("Chuyển sinh hoạt", "01/03/2024", "CĐCS Trường Tiểu học An Hòa", "CĐCS xã Mỹ Hòa"),
        ("Ra khỏi tổ chức", "01/05/2024", "CĐCS xã Mỹ Hòa", ""),
    ]
    # Dated before the latest movement: refused, and nothing of it is kept.
    with pytest.raises(
        UserError, match=r"trước biến động gần nhất \(ra khỏi tổ chức ngày 01/05/2024\)"
    ):
        move_member(store, duc, "readmitted", date(2024, 4, 1), to_union_id=school, today=TODAY)
    undone = undo_last_event(store, duc)
    assert undone.label == "Ra khỏi tổ chức"
    with store.reading() as con:
        row = con.execute(
            text("SELECT status, union_id FROM member WHERE id = :m"), {"m": duc}
        ).one()
        kept = con.execute(
            text("SELECT COUNT(*) FROM member_event WHERE member_id = :m AND deleted_at IS NULL"),
            {"m": duc},
        ).scalar()
    assert tuple(row) == ("active", commune) and kept == 2


def test_the_moves_a_member_can_take_follow_the_status() -> None:
    assert allowed_moves("active") == ("transferred", "transferred_out", "left")
    assert allowed_moves("left") == ("readmitted",)
    assert allowed_moves("transferred_out") == ("readmitted",)
    assert allowed_moves(None) == ()
    assert set(MOVES) == {"transferred", "transferred_out", "left", "readmitted"}


def test_the_command_line_search_reads_either_store(
    db_target: str, office: tuple[Store, str, str, str], capsys: pytest.CaptureFixture[str]
) -> None:
    from desktop.app import main

    store, duc, _school, commune = office
    move_member(store, duc, "transferred", date(2024, 3, 1), to_union_id=commune, today=TODAY)
    capsys.readouterr()
    assert main(["members", "search", "van duc", "--db", db_target]) == 0
    assert capsys.readouterr().out.splitlines() == [
        "Nguyễn Văn Đức\t02/04/1985\tCĐCS xã Mỹ Hòa\t083085000101"
    ]
    with store.reading() as con:
        said = con.execute(
            text("SELECT detail FROM audit_event WHERE action = 'view' ORDER BY id")
        ).scalars()
        assert list(said) == ["tìm đoàn viên «van duc» (dòng lệnh): 1 đoàn viên"]
