"""`uniondesk progress … | head -1`: a reader that stops early ends the command quietly."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest


@pytest.fixture
def district(small_district: Path, tmp_path: Path) -> Path:
    path = tmp_path / "district.sqlite"
    shutil.copy(small_district, path)
    return path


def test_a_closed_pipe_is_no_traceback(district: Path) -> None:
    command = [sys.executable, "-m", "desktop", "progress", "--period", "2024-12"]
    command += ["--db", str(district), "--format", "json"]
    # The reader is gone before the first line is written, as `head -1` is after its line.
    process = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    assert process.stdout is not None and process.stderr is not None
    process.stdout.close()
    errors = process.stderr.read().decode("utf-8")
    assert (process.wait(timeout=60), errors) == (0, "")


def test_head_gets_the_first_line(district: Path) -> None:
    done = subprocess.run(
        f"'{sys.executable}' -m desktop progress --period 2024-12 --db '{district}' "
        "--format text | head -1",
        shell=True,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert done.stdout == (
        "Liên đoàn Lao động huyện Thạnh Phú – Chương trình công tác công đoàn năm 2024 – kỳ 2024-12\n"
    )
    assert done.stderr == ""
