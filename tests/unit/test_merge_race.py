"""Two merges of one bundle at once: the ledger is read under the write lock, so the bundle is
merged once and the other merge says it was merged already."""

from __future__ import annotations

import threading
from pathlib import Path
from typing import Any

import pytest

from desktop.sync.province import merge
from tests.unit._sync_fixtures import Exchange, memory_keyring

__all__ = ["memory_keyring"]


def test_two_merges_of_one_bundle_at_once_merge_it_once(
    tmp_path: Path,
    memory_keyring,  # type: ignore[no-untyped-def]
    monkeypatch: pytest.MonkeyPatch,
    db_target: str,
) -> None:
    """On SQLite the write lock is the file's; on PostgreSQL the unit of work's advisory lock."""
    ex = Exchange(tmp_path, db_target)
    bundle = ex.export("2024-03")
    both_checked = threading.Barrier(2, timeout=60)
    ids = merge.programme_ids

    def checked_then_wait(store: Any, rows: dict[str, list[list[Any]]]) -> Any:
        """Both merges have verified the bundle before either looks at the ledger."""
        found = ids(store, rows)
        both_checked.wait()
        return found

    monkeypatch.setattr(merge, "programme_ids", checked_then_wait)
    results: list[Any] = []
    failures: list[BaseException] = []

    def run() -> None:
        try:
            results.extend(ex.merge(bundle))
        except BaseException as exc:  # reported by the assertion below
            failures.append(exc)

    threads = [threading.Thread(target=run) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(120)

    assert failures == []
    assert sorted(r.verdict for r in results) == ["duplicate", "merged"]
    assert ex.province_rows("SELECT sequence, verdict FROM bundle_ledger") == [(1, "merged")]
    again = next(r for r in results if r.verdict == "duplicate")
    assert "đã gộp trước đó" in again.message
