"""Many rows inserted at once (a merge's rows): the values land as given on both stores, a
refused row is SQLAlchemy's IntegrityError and leaves nothing, and the office's version rises."""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy import text
from sqlalchemy.exc import IntegrityError, OperationalError

from desktop.store import Store, dialect

COLUMNS = (
    "id",
    "received_on",
    "resolved_on",
    "subject",
    "union_id",
    "within_authority",
    "outcome",
    "created_at",
    "updated_at",
    "deleted_at",
    "unit_code",
)


def _row(number: int, *, within: bool = True, resolved: str | None = None) -> list[object]:
    return [
        f"00000000-0000-4000-8000-{number:012d}",
        "2024-06-03",
        resolved,
        f"Đơn khiếu nại số {number} về tiền lương",
        None,
        within,
        "",
        "2024-06-03T08:15:00",
        "2024-06-04 09:30:00.250000",
        None,
        "LDLD-BATRI",
    ]


def _rows(store: Store) -> list[tuple[object, ...]]:
    with store.reading() as con:
        found = con.execute(
            text(
                "SELECT subject, received_on, resolved_on, within_authority, updated_at "
                "FROM complaint ORDER BY id"
            )
        ).all()
    return [tuple(row) for row in found]


def test_rows_land_as_given_and_raise_the_office_version(db_target: str) -> None:
    store = Store(db_target)
    rows = [_row(n, within=n % 2 == 0, resolved="2024-06-20" if n == 3 else None) for n in range(5)]
    with store.unit_of_work() as uow:
        dialect.insert_rows(uow.connection, "complaint", COLUMNS, rows)
        dialect.insert_rows(uow.connection, "complaint", COLUMNS, [])  # nothing: nothing done
    found = _rows(store)
    assert len(found) == 5
    assert found[3] == (
        "Đơn khiếu nại số 3 về tiền lương",
        "2024-06-03",
        "2024-06-20",
        0,
        "2024-06-04 09:30:00.250000",
    )
    assert [row[3] for row in found] == [1, 0, 1, 0, 1]
    with store.unit_of_work() as uow:  # a complaint is not a member's row: no version
        versions = uow.connection.execute(text("SELECT COUNT(*) FROM unit_version")).scalar()
    assert versions == 0
    store.close()


def test_a_refused_row_is_an_integrity_error_and_nothing_is_kept(db_target: str) -> None:
    store = Store(db_target)
    with store.unit_of_work() as uow:
        dialect.insert_rows(uow.connection, "complaint", COLUMNS, [_row(1)])
    with pytest.raises(IntegrityError), store.unit_of_work() as uow:
        dialect.insert_rows(uow.connection, "complaint", COLUMNS, [_row(2), _row(1)])
    assert [row[0] for row in _rows(store)] == ["Đơn khiếu nại số 1 về tiền lương"]
    store.close()


def test_all_rows_reads_plain_tuples_in_the_reading_transaction(db_target: str) -> None:
    store = Store(db_target)
    rows = [_row(n, within=n != 2, resolved="2024-06-20" if n == 1 else None) for n in range(4)]
    with store.unit_of_work() as uow:
        dialect.insert_rows(uow.connection, "complaint", COLUMNS, rows)
    sql = (
        "SELECT subject, resolved_on, within_authority, updated_at FROM complaint "
        "WHERE unit_code = :unit AND received_on <= :last ORDER BY id"
    )
    params = {"unit": "LDLD-BATRI", "last": "2024-06-30", "unused": "a bundle's other values"}
    with store.reading() as con:
        found = dialect.all_rows(con, sql, params)
        assert found == [tuple(row) for row in con.execute(text(sql), params)]
    assert found[1] == (
        "Đơn khiếu nại số 1 về tiền lương",
        "2024-06-20",
        1,
        "2024-06-04 09:30:00.250000",
    )
    assert [type(row) for row in found] == [tuple] * 4
    assert [row[2] for row in found] == [1, 1, 0, 1]
    with store.reading() as con:
        assert dialect.all_rows(con, sql, {"unit": "LDLD-KHAC", "last": "2024-06-30"}) == []
    store.close()


def test_all_rows_words_a_failure_as_sqlalchemy_and_refuses_no_transaction(
    tmp_path: Path,
) -> None:
    store = Store(tmp_path / "office.sqlite")
    with pytest.raises(OperationalError, match="no such table"), store.reading() as con:
        dialect.all_rows(con, "SELECT id FROM nowhere WHERE unit_code = :unit", {"unit": ""})
    with store.engine.connect() as con, pytest.raises(RuntimeError, match="inside a transaction"):
        dialect.all_rows(con, "SELECT id FROM complaint", {})
    store.close()
