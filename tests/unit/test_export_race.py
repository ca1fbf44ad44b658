"""Two exports of one office at once: the bundle is read and sealed without the write lock, so
the one recorded second sees the chain moved and refuses, writing no file and keeping nothing."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from desktop.errors import UserError
from desktop.store import shared
from desktop.sync.office import export
from tests.unit._sync_fixtures import Exchange, memory_keyring, no_passphrase, rows_of

__all__ = ["memory_keyring"]


def test_an_export_overtaken_by_another_is_refused_and_kept_nowhere(
    tmp_path: Path, memory_keyring: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    ex = Exchange(tmp_path)
    make = export._make
    first, second = tmp_path / "cham.udb", tmp_path / "nhanh.udb"

    def overtaken(*args: Any) -> Any:
        made = make(*args)
        monkeypatch.setattr(export, "_make", make)  # the other export runs straight through
        export.export_bundle(shared(ex.district), "2024-06", second, passphrase=no_passphrase)
        return made

    monkeypatch.setattr(export, "_make", overtaken)
    with pytest.raises(UserError) as refused:
        export.export_bundle(shared(ex.district), "2024-06", first, passphrase=no_passphrase)
    assert refused.value.message == (
        f"Một gói khác vừa được xuất từ cơ sở dữ liệu này trong lúc lập gói {first}; gói này "
        "không được ghi. Hãy xuất lại."
    )
    assert not first.exists() and second.exists()
    assert rows_of(ex.district, "SELECT sequence, file_name FROM sent_bundle") == [(1, "nhanh.udb")]
    exported = "SELECT COUNT(*) FROM audit_event WHERE action = 'bundle_export'"
    assert rows_of(ex.district, exported) == [(1,)]
    assert [v.verdict for v in ex.merge(second)] == ["merged"]


def _lock_is_free(path: Path) -> bool:
    import sqlite3

    con = sqlite3.connect(path, timeout=0, isolation_level=None)
    try:
        con.execute("BEGIN IMMEDIATE")
        con.execute("ROLLBACK")
        return True
    except sqlite3.OperationalError:
        return False
    finally:
        con.close()


def test_a_private_key_is_opened_before_the_write_lock_is_taken(
    tmp_path: Path, memory_keyring: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Opening a key may ask for its passphrase: nobody else's write waits on the typing."""
    from desktop.sync import keystore
    from desktop.sync.province.packages import export_package
    from tests.unit._sync_fixtures import DISTRICT

    ex = Exchange(tmp_path)
    load = keystore.load
    asked: list[tuple[str, bool]] = []

    def opening(unit_code: str, key_id: str, *args: Any) -> Any:
        if not keystore.is_unlocked(key_id):  # where a passphrase would be asked
            db = ex.district if unit_code == DISTRICT[0] else ex.province
            asked.append((unit_code, _lock_is_free(db)))
        return load(unit_code, key_id, *args)

    monkeypatch.setattr(keystore, "load", opening)
    keystore.forget_unlocked()
    export.export_bundle(
        shared(ex.district), "2024-06", tmp_path / "b.udb", passphrase=no_passphrase
    )
    out = tmp_path / "r.udb"
    export_package(shared(ex.province), "receipts", DISTRICT[0], out, passphrase=no_passphrase)
    assert asked == [(DISTRICT[0], True), ("LDLD-BENTRE", True)]
