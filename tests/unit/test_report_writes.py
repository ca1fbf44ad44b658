"""A report whose write fails half-way (a full disk, a pulled USB stick) leaves nothing behind
and keeps the copy the office printed before."""

from __future__ import annotations

import errno
from datetime import date
from pathlib import Path

import pytest

from desktop.reports import pdf, xlsx
from desktop.reports.catalogue import build_report, write_report
from desktop.store import shared


@pytest.mark.parametrize(
    ("fmt", "module", "writer"), [("pdf", pdf, "write_pdf"), ("xlsx", xlsx, "write_xlsx")]
)
def test_a_failed_write_leaves_the_earlier_file_and_no_partial(
    small_demo: Path,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    fmt: str,
    module: object,
    writer: str,
) -> None:
    report = build_report(
        "monthly-progress", shared(small_demo), "2024-06", issued_on=date(2024, 7, 5)
    )
    out = tmp_path / f"bao-cao.{fmt}"
    write_report(report, out, fmt)
    printed_before = out.read_bytes()

    def disk_full(_report: object, target: Path) -> None:
        target.write_bytes(printed_before[: len(printed_before) // 2])
        raise OSError(errno.ENOSPC, "No space left on device", str(target))

    monkeypatch.setattr(module, writer, disk_full)
    with pytest.raises(OSError):
        write_report(report, out, fmt)
    assert sorted(p.name for p in tmp_path.iterdir() if p.name.startswith("bao-cao")) == [out.name]
    assert out.read_bytes() == printed_before
