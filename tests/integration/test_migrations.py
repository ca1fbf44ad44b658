"""Schema migrations: from empty, re-run, and every frozen older schema brought to head."""

from __future__ import annotations

import contextlib
import sqlite3
from pathlib import Path

import pytest
from alembic.script import ScriptDirectory

from desktop.errors import UserError
from desktop.migrations import HEAD, alembic_config, known_revisions
from desktop.models import Base
from desktop.store import Store, shared
from desktop.store.schema import ensure_schema, schema_revision

FROZEN = Path(__file__).resolve().parent.parent / "fixtures" / "schema"


def _tables(path: Path) -> set[str]:
    with sqlite3.connect(path) as con:
        return {r[0] for r in con.execute("SELECT name FROM sqlite_master WHERE type='table'")}


def test_head_constant_matches_alembic() -> None:
    script = ScriptDirectory.from_config(alembic_config())
    assert script.get_current_head() == HEAD
    # File stems double as revision ids so start-up can list them without importing Alembic.
    assert known_revisions() == {rev.revision for rev in script.walk_revisions()}


def test_empty_file_gets_every_table_and_pragmas(tmp_path: Path) -> None:
    path = tmp_path / "new.sqlite"
    db = Store(path)
    assert schema_revision(path) == HEAD
    assert set(Base.metadata.tables) <= _tables(path)
    with db.engine.connect() as con:
        assert con.exec_driver_sql("PRAGMA journal_mode").scalar() == "wal"
        assert con.exec_driver_sql("PRAGMA synchronous").scalar() == 2  # FULL
        assert con.exec_driver_sql("PRAGMA foreign_keys").scalar() == 1
    db.close()


def test_rerunning_migrations_is_a_noop(tmp_path: Path) -> None:
    path = tmp_path / "again.sqlite"
    ensure_schema(path)
    before = sqlite3.connect(path).execute("SELECT sql FROM sqlite_master ORDER BY name").fetchall()
    ensure_schema(path)
    after = sqlite3.connect(path).execute("SELECT sql FROM sqlite_master ORDER BY name").fetchall()
    assert before == after
    assert schema_revision(path) == HEAD


@pytest.mark.parametrize("dump", sorted(FROZEN.glob("*.sql")), ids=lambda p: p.stem)
def test_frozen_schema_upgrades_and_keeps_every_record(tmp_path: Path, dump: Path) -> None:
    path = tmp_path / f"{dump.stem}.sqlite"
    with sqlite3.connect(path) as con:
        con.executescript(dump.read_text(encoding="utf-8"))
    assert schema_revision(path) == dump.stem
    counts = {}
    with sqlite3.connect(path) as con:
        for table in ("member", "member_event", "grassroots_union", "activity", "office"):
            counts[table] = con.execute(f"SELECT COUNT(*) FROM {table}").fetchone()[0]
    assert counts["member"] == 3

    ensure_schema(path)

    assert schema_revision(path) == HEAD
    with sqlite3.connect(path) as con:
        for table, count in counts.items():
            assert con.execute(f"SELECT COUNT(*) FROM {table}").fetchone()[0] == count
        names = {r[0] for r in con.execute("SELECT full_name FROM member")}
    assert names == {"Nguyễn Văn Đức", "Trần Thị Hoà", "Lê Thị Ánh"}


def test_file_from_a_newer_release_is_refused_untouched(tmp_path: Path) -> None:
    path = tmp_path / "future.sqlite"
    ensure_schema(path)
    with sqlite3.connect(path) as con:
        con.execute("UPDATE alembic_version SET version_num = '9999_future'")
    before = path.read_bytes()
    with pytest.raises(UserError, match="phiên bản Union Desk mới hơn"):
        ensure_schema(path)
    assert path.read_bytes() == before


def test_a_file_that_is_not_a_database_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "notes.sqlite"
    path.write_text("đây không phải cơ sở dữ liệu " * 200, encoding="utf-8")
    with pytest.raises(UserError, match="không phải cơ sở dữ liệu"):
        ensure_schema(path)


def test_citizen_id_unique_only_among_active_members(tmp_path: Path) -> None:
    from datetime import date

    from sqlalchemy.exc import IntegrityError

    from desktop.models import GrassrootsUnion, Member

    db = Store(tmp_path / "ids.sqlite")
    with db.session() as s:
        union = GrassrootsUnion(name="CĐCS Trường Tiểu học An Hòa", sector="state")
        s.add(union)
        s.flush()
        s.add(
            Member(
                union_id=union.id,
                full_name="A",
                gender="male",
                citizen_id="083080123456",
                status="left",
                birth_date=date(1980, 1, 1),
            )
        )
        s.add(
            Member(
                union_id=union.id,
                full_name="B",
                gender="male",
                citizen_id="083080123456",
                status="active",
                birth_date=date(1980, 1, 1),
            )
        )
    with pytest.raises(IntegrityError), db.session() as s:
        s.add(
            Member(
                union_id=union.id,
                full_name="C",
                gender="male",
                citizen_id="083080123456",
                status="active",
            )
        )
    db.close()


def test_models_and_migrations_describe_the_same_schema(tmp_path: Path) -> None:
    # A column added to a model without a migration (or the reverse) would only show on a user's PC.
    from alembic.autogenerate import compare_metadata
    from alembic.runtime.migration import MigrationContext
    from sqlalchemy import create_engine

    path = tmp_path / "district.sqlite"
    ensure_schema(path)
    engine = create_engine(f"sqlite:///{path}")
    with engine.connect() as connection:
        context = MigrationContext.configure(connection, opts={"compare_type": True})
        diffs = compare_metadata(context, Base.metadata)
    engine.dispose()
    assert diffs == []


def test_0005_keeps_the_sent_bundles_and_knows_none_of_their_rows(tmp_path: Path) -> None:
    """A bundle sent before 0005 carried no row digests: its summary is '{}' and the next
    bundle says it cannot count against it; held_bundle starts empty."""
    path = tmp_path / "0004.sqlite"
    with sqlite3.connect(path) as con:
        con.executescript((FROZEN / "0004_target_pacing.sql").read_text(encoding="utf-8"))
        before = con.execute(
            "SELECT bundle_id, sequence, period, manifest_sha256, state FROM sent_bundle"
        ).fetchall()
    con.close()
    assert before == [
        ("6f0f3c56-8d7a-4f55-9a51-5b1d2c7e9a10", 1, "2024-03", "aa" + "0" * 62, "received")
    ]
    ensure_schema(path)
    with sqlite3.connect(path) as con:
        after = con.execute(
            "SELECT bundle_id, sequence, period, manifest_sha256, state, summary, sent_rows "
            "FROM sent_bundle"
        ).fetchall()
        held = con.execute("SELECT COUNT(*) FROM held_bundle").fetchone()[0]
    con.close()
    assert after == [(*before[0], "{}", None)] and held == 0


def test_0006_chains_the_entries_an_older_file_holds(tmp_path: Path) -> None:
    """Entries written before the chain existed are chained oldest first (a citizen ID a search
    left in one masked first); later entries chain on, and the trail refuses changes."""
    from desktop.services.audit import record
    from desktop.services.audit_chain import verify
    from tests.unit._check import check_file

    path = tmp_path / "0004.sqlite"
    with sqlite3.connect(path) as con:
        con.executescript((FROZEN / "0004_target_pacing.sql").read_text(encoding="utf-8"))
        con.executemany(
            "INSERT INTO audit_event (at, actor, action, detail) VALUES (?, ?, ?, ?)",
            [
                ("2024-03-01 08:00:00", "lan", "view", "members search «083080123456»: 1"),
                ("2024-03-02 09:30:00.250000", "minh", "export", "member-list 2024-03 → a.pdf"),
            ],
        )
    con.close()
    ensure_schema(path)
    record(shared(path), "view", "danh sách đoàn viên (3 người)")
    with shared(path).reading() as look:
        report = verify(look)
    with contextlib.closing(sqlite3.connect(path)) as con:
        rows = con.execute("SELECT id, actor, detail FROM audit_event ORDER BY id").fetchall()
        head = con.execute("PRAGMA user_version").fetchone()[0]
        with pytest.raises(sqlite3.IntegrityError, match="chỉ được ghi thêm"):
            con.execute("DELETE FROM audit_event WHERE id = 1")
    assert [r[2] for r in rows] == [
        "members search «083•••••••56»: 1",
        "member-list 2024-03 → a.pdf",
        "danh sách đoàn viên (3 người)",
    ]
    assert report.ok and report.entries == 3 and head == 3
    assert not [f for f in check_file(path).findings if "Nhật ký" in f.message]


def test_commands_that_only_read_upgrade_a_file_of_the_previous_release_first(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    # These read the file with plain SQL: without the upgrade they met a column the previous
    # release did not have (target.measure, office.kind_name) and ended in a traceback.
    from desktop.app import main

    path = tmp_path / "previous.sqlite"
    with sqlite3.connect(path) as con:
        con.executescript((FROZEN / "0006_safety.sql").read_text(encoding="utf-8"))
    db = ["--db", str(path)]
    assert main(["office", "show", *db]) == 0
    assert schema_revision(path) == HEAD
    assert main(["progress", "--period", "2024-06", "--format", "json", *db]) == 0
    out = tmp_path / "bao-cao.pdf"
    assert (
        main(
            [
                "report",
                "monthly-progress",
                "--period",
                "2024-06",
                "--format",
                "pdf",
                "--out",
                str(out),
                *db,
            ]
        )
        == 0
    )
    assert out.read_bytes().startswith(b"%PDF")
    assert "Traceback" not in capsys.readouterr().err


def test_check_and_backup_leave_a_file_of_the_previous_release_as_it_is(tmp_path: Path) -> None:
    from desktop.app import main

    path = tmp_path / "previous.sqlite"
    with sqlite3.connect(path) as con:
        con.executescript((FROZEN / "0006_safety.sql").read_text(encoding="utf-8"))
    main(["check", "--db", str(path)])
    assert main(["backup", "--db", str(path), "--out", str(tmp_path / "copy.sqlite")]) == 0
    assert schema_revision(path) == "0006_safety"


def test_the_reports_an_earlier_release_issued_become_issued_report_rows(tmp_path: Path) -> None:
    path = tmp_path / "previous.sqlite"
    with sqlite3.connect(path) as con:
        con.executescript((FROZEN / "0006_safety.sql").read_text(encoding="utf-8"))
        con.executemany(
            "INSERT INTO audit_event (at, actor, action, detail, record_table, record_id, "
            "changes, prev_hash, entry_hash) VALUES (?, ?, ?, ?, '', '', '', '', '')",
            [
                ("2024-07-02 01:00:00", "lan", "report", "monthly-progress 2024-06 → /x/bc.pdf"),
                ("2024-07-03 02:00:00", "", "print", "monthly-progress 2024-06 → Máy in VP"),
                ("2024-07-04 03:00:00", "lan", "export", "member-list 2024-06 → /x/ds.xlsx"),
                ("2024-07-05 04:00:00", "lan", "edit", "đoàn viên X: họ tên"),
                ("2024-07-06 05:00:00", "lan", "report", "not-a-report 2024-06 → /x/y.pdf"),
            ],
        )
    ensure_schema(path)
    with sqlite3.connect(path) as con:
        rows = con.execute(
            "SELECT report, period, how, destination, number, issued_on, issued_at, actor "
            "FROM issued_report ORDER BY id"
        ).fetchall()
    assert rows == [
        (
            "monthly-progress",
            "2024-06",
            "saved",
            "/x/bc.pdf",
            "",
            None,
            "2024-07-02 01:00:00",
            "lan",
        ),
        (
            "monthly-progress",
            "2024-06",
            "printed",
            "Máy in VP",
            "",
            None,
            "2024-07-03 02:00:00",
            "",
        ),
        ("member-list", "2024-06", "saved", "/x/ds.xlsx", "", None, "2024-07-04 03:00:00", "lan"),
    ]
