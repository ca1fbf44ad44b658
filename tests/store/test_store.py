"""The store on both databases: opening, a unit of work kept whole or not at all, plain rows."""

from __future__ import annotations

from datetime import date

import pytest
from sqlalchemy import text

from desktop.errors import UserError
from desktop.models import GrassrootsUnion, Office
from desktop.store import Store, parse_target


def _office() -> Office:
    return Office(role="district", kind="district_federation", code="LDLD-THU", name="LĐLĐ huyện")


def test_a_unit_of_work_is_committed_whole(db_target: str) -> None:
    store = Store(db_target)
    with store.unit_of_work() as uow:
        uow.session.add(_office())
        uow.session.add(
            GrassrootsUnion(
                name="CĐCS A",
                name_key="cdcs a",
                sector="state",
                founded_on=date(2024, 2, 1),
            )
        )
        uow.session.flush()
        uow.connection.execute(text("UPDATE grassroots_union SET name = 'CĐCS Á'"))
    with store.reading() as con:
        rows = con.execute(text("SELECT name, founded_on FROM grassroots_union")).all()
    # Plain rows: a date reads back as ISO text on both stores.
    assert [tuple(r) for r in rows] == [("CĐCS Á", "2024-02-01")]
    store.close()


def test_a_failed_unit_of_work_leaves_nothing(db_target: str) -> None:
    store = Store(db_target)
    with pytest.raises(RuntimeError), store.unit_of_work() as uow:
        uow.session.add(_office())
        uow.session.flush()
        uow.session.add(GrassrootsUnion(name="CĐCS B", name_key="cdcs b", sector="state"))
        uow.session.flush()
        uow.connection.execute(text("UPDATE office SET name = 'Đổi tên'"))
        raise RuntimeError("stop")
    with store.reading() as con:
        assert con.execute(text("SELECT count(*) FROM office")).scalar() == 0
        assert con.execute(text("SELECT count(*) FROM grassroots_union")).scalar() == 0
        # The ORM's own audit entries went with the rollback too.
        assert con.execute(text("SELECT count(*) FROM audit_event")).scalar() == 0
    store.close()


def test_a_url_is_never_a_file(tmp_path: object) -> None:
    target = parse_target("postgresql://tinh:bí-mật@10.0.0.5:5432/congdoan")
    assert target.kind == "postgresql"
    assert target.path is None
    assert "bí-mật" not in target.label
    assert target.label == "postgresql://tinh:***@10.0.0.5:5432/congdoan"
    assert target.sqlalchemy_url().drivername == "postgresql+psycopg"


def test_a_server_that_does_not_answer_is_said_in_vietnamese() -> None:
    with pytest.raises(UserError) as caught:
        Store("postgresql://tinh:bí-mật@127.0.0.1:1/congdoan")
    assert "Không kết nối được cơ sở dữ liệu postgresql://tinh:***@127.0.0.1:1/congdoan" in str(
        caught.value
    )
    assert "bí-mật" not in str(caught.value)
