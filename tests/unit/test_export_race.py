"""Two exports of one office at once: the bundle is read and sealed without the write lock, so
the one recorded second sees the chain moved and refuses, writing no file and keeping nothing."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from desktop.errors import UserError
from desktop.sync import export
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
        export.export_bundle(ex.district, "2024-06", second, passphrase=no_passphrase)
        return made

    monkeypatch.setattr(export, "_make", overtaken)
    with pytest.raises(UserError) as refused:
        export.export_bundle(ex.district, "2024-06", first, passphrase=no_passphrase)
    assert refused.value.message == (
        f"Một gói khác vừa được xuất từ cơ sở dữ liệu này trong lúc lập gói {first}; gói này "
        "không được ghi. Hãy xuất lại."
    )
    assert not first.exists() and second.exists()
    assert rows_of(ex.district, "SELECT sequence, file_name FROM sent_bundle") == [(1, "nhanh.udb")]
    exported = "SELECT COUNT(*) FROM audit_event WHERE action = 'bundle_export'"
    assert rows_of(ex.district, exported) == [(1,)]
    assert [v.verdict for v in ex.merge(second)] == ["merged"]
