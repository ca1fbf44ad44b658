"""Kill -9 at random moments of an import, a merge, a restore and a migration (the real command
line in a child process): every database left behind passes `integrity_check` and
`foreign_key_check` and holds all of the operation or none of it.

UNIONDESK_CRASH_KILLS kills per operation (10 by default, 100 in `make test-slow`); the figures
and the seeds are printed (`-s` shows them), UNIONDESK_CRASH_SEED replays a run.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date
from pathlib import Path

import keyring
import pytest
from keyring.backends import fail

from desktop.migrations import HEAD
from desktop.sync import keystore
from tests.crash._kills import (
    Operation,
    assert_survived,
    child_env,
    printed_table,
    run_kills,
    settled,
)
from tests.crash._setups import (
    PASSPHRASE,
    member_state,
    members_csv,
    merged_state,
    office_with_members,
    old_schema_file,
    province_with_bundle,
    restored_state,
    schema_state,
    union_names,
)
from tests.unit._import_fixtures import office_with_unions

PEOPLE = 3000  # a few thousand rows: the write is most of the command's time, a kill ~1 s


@pytest.fixture(scope="module", autouse=True)
def figures() -> Iterator[None]:
    with printed_table():
        yield


def test_kills_during_an_import_leave_all_or_none_of_it(tmp_path: Path) -> None:
    base = settled(office_with_unions(tmp_path))
    source = members_csv(tmp_path / "danh-sach.csv", PEOPLE, union_names(base))
    work = tmp_path / "lam-viec.sqlite"
    operation = Operation(
        "import",
        base,
        work,
        ["import", "members", str(source), "--db", str(work)],
        member_state,
        child_env(),
    )
    tally = run_kills(operation)
    assert_survived(tally)
    assert member_state(work)[0] in (0, PEOPLE)


def test_kills_during_a_merge_leave_all_or_none_of_it(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Keys in passphrase-locked files, as on a machine without a keyring: the child process
    # opens the province's key from the same data folder.
    monkeypatch.setenv(keystore.PASSPHRASE_ENV, PASSPHRASE)
    keyring.set_keyring(fail.Keyring())
    keystore.forget_unlocked()
    province, bundle = province_with_bundle(tmp_path, PEOPLE)
    work = tmp_path / "tinh-lam-viec.sqlite"
    operation = Operation(
        "merge",
        province,
        work,
        ["bundle", "merge", str(bundle), "--db", str(work)],
        merged_state,
        child_env({"PYTHON_KEYRING_BACKEND": "keyring.backends.fail.Keyring"}),
    )
    tally = run_kills(operation)
    assert_survived(tally)


def test_kills_during_a_restore_leave_the_old_data_or_the_backup(tmp_path: Path) -> None:
    from desktop.importer.plan import ImportRequest
    from desktop.services.backup import backup
    from tests.unit._import_fixtures import run_import

    saved = office_with_members(tmp_path / "van-phong", PEOPLE)
    copy = tmp_path / "sao-luu.sqlite"
    backup(saved, copy)
    more = members_csv(tmp_path / "them.csv", PEOPLE // 3, union_names(saved), first=PEOPLE)
    run_import(saved, ImportRequest("members", more, today=date(2024, 6, 30)))
    settled(saved)
    folder = tmp_path / "lam-viec"
    folder.mkdir()
    work = folder / "van-phong.sqlite"

    def clear_leftovers() -> None:
        """Safety copies and staged files of earlier runs (a few MB each) would pile up."""
        for left in folder.iterdir():
            if left.name.startswith("van-phong.truoc-khoi-phuc-") or left.suffix == ".restoring":
                left.unlink()

    operation = Operation(
        "restore",
        saved,
        work,
        ["restore", str(copy), "--db", str(work)],
        restored_state,
        child_env(),
        clear_leftovers,
    )
    tally = run_kills(operation)
    assert_survived(tally)


def test_kills_during_a_migration_leave_the_old_schema_or_head_with_every_record(
    tmp_path: Path,
) -> None:
    old = old_schema_file(tmp_path / "cu.sqlite", PEOPLE)
    work = tmp_path / "mo.sqlite"
    # `progress` opens the database as every command does: an old schema is brought to head.
    operation = Operation(
        "migration",
        old,
        work,
        ["progress", "--period", "2024-06", "--format", "json", "--db", str(work)],
        schema_state,
        child_env(),
    )
    tally = run_kills(operation)
    assert_survived(tally)
    assert schema_state(work)[0] in ((("0001_initial",),), ((HEAD,),))
