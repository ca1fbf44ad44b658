"""Bundles and packages for the window and the command line: verify, merge, export, forks, status.

The one door from desktop/ui and desktop/cli into desktop/sync. A file handed to `bundle verify` or
`bundle merge` goes to the province side (a unit's bundle) or the office side (a province's
package) by the role of the office that opens it."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from desktop.progress import no_progress
from desktop.store import Store
from desktop.sync.format.summary import summary_lines
from desktop.sync.keys import office_of
from desktop.sync.keystore import Passphrase, default_passphrase
from desktop.sync.ledger import MERGED
from desktop.sync.office.export import export_bundle
from desktop.sync.office.package_content import KIND_LABELS
from desktop.sync.office.taken import take_package
from desktop.sync.province.forks import accept_fork, keep_chain
from desktop.sync.province.merge import one_unit_bundle
from desktop.sync.province.packages import export_package
from desktop.sync.verdict import FileVerdict
from desktop.sync.verify import own_pairs

# The use cases the window and the command line call, named here so they import nothing of sync.
__all__ = [
    "KIND_LABELS",
    "FileVerdict",
    "accept_fork",
    "export_bundle",
    "export_package",
    "keep_chain",
    "process_files",
    "summary_lines",
]


def process_files(
    store: Store,
    files: list[Path],
    *,
    write: bool,
    passphrase: Passphrase = default_passphrase,
    progress: Callable[[float, str], None] = no_progress,
) -> list[FileVerdict]:
    """Verify (write=False) or merge each file on its own; one bad file never stops the others.
    `store`: the store the window or the command opened."""
    return _process(store, files, write, passphrase, progress)


def _process(
    store: Store,
    files: list[Path],
    write: bool,
    passphrase: Passphrase,
    progress: Callable[[float, str], None],
) -> list[FileVerdict]:
    with store.session() as session:
        office = office_of(session, store.label)
        role, code = office.role, office.code
        pairs = own_pairs(session, passphrase)
    from desktop.services.progress import count_ahead

    results = []
    for index, path in enumerate(files):
        progress(index / max(len(files), 1), f"Đang xử lý {path.name}…")
        if role == "province":
            result = one_unit_bundle(store, path, pairs, code, write)
            if result.verdict == MERGED and result.unit_code and result.period:
                count_ahead(store, result.unit_code, result.period)
            results.append(result)
        else:
            results.append(take_package(store, path, pairs, code, write))
    if write:
        from desktop.services.audit_chain import NewEntry, append

        # Personal data came in: who merged what stays on record (Decree 356/2025). A merge is
        # recorded in its own transaction; the others here, all in one.
        entries = [
            NewEntry(
                "bundle_merge",
                f"{result.file}: {result.verdict} {result.unit_code} "
                f"số {result.sequence or '-'} kỳ {result.period or '-'}",
            )
            for result in results
            if result.verdict != MERGED
        ]
        if entries:
            with store.unit_of_work(patient=True) as uow:
                append(uow.connection, entries)
    progress(1.0, "Xong")
    return results
