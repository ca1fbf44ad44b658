"""`.ci/run` on a bare Debian: it installs Python itself and the Qt libraries before `make test`."""

from __future__ import annotations

import re
from pathlib import Path

CI = Path(__file__).resolve().parents[2] / ".ci" / "run"


def _apt_packages() -> set[str]:
    block = re.search(r"SYSTEM_PACKAGES=\((.*?)\)", CI.read_text(encoding="utf-8"), re.S)
    assert block, "SYSTEM_PACKAGES=( … ) not found in .ci/run"
    return set(block.group(1).split())


def test_ci_installs_python_venv_and_pip_and_the_qt_libraries() -> None:
    packages = _apt_packages()
    # `make test` runs `python3 -m venv .venv` and pip: a bare Debian has none of the three.
    assert {"python3", "python3-venv", "python3-pip", "make"} <= packages
    # PLATFORM-NOTES: what PySide6 needs to import offscreen.
    assert {
        "libglib2.0-0",
        "libgl1",
        "libegl1",
        "libxkbcommon0",
        "libfontconfig1",
        "libdbus-1-3",
    } <= packages
    assert CI.read_text(encoding="utf-8").rstrip().endswith("make test")


def test_ci_installs_postgresql_and_never_skips_its_suites() -> None:
    # tests/pg_cluster.py runs initdb and pg_ctl from Debian's postgresql package; with CI set,
    # tests/conftest.py fails instead of skipping when they are missing.
    assert "postgresql" in _apt_packages()
    lines = [line.strip() for line in CI.read_text(encoding="utf-8").splitlines()]
    assert lines.index('export CI="${CI:-1}"') < lines.index("make test")


def test_ci_checks_style_and_types_before_the_tests() -> None:
    # ruff check, ruff format --check and mypy (strict for models, services, sync and the store).
    lines = [line.strip() for line in CI.read_text(encoding="utf-8").splitlines()]
    assert lines.index("make lint") < lines.index("make test")
    makefile = (CI.parent.parent / "Makefile").read_text(encoding="utf-8")
    lint = makefile.split("\nlint:", 1)[1].split("\n\n", 1)[0]
    assert "ruff check ." in lint
    assert "ruff format --check ." in lint
    assert "mypy" in lint
