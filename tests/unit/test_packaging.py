"""A normal (non-editable) install carries resources/: the wheel holds the programme file, the fonts
and the administrative units, and the installed package finds them."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="module")
def wheel(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The wheel built from a copy of the checkout (an in-tree build would leave build/ behind)."""
    work = tmp_path_factory.mktemp("wheel")
    source = work / "src"
    skip = shutil.ignore_patterns("__pycache__", "*.pyc")
    for folder in ("desktop", "resources"):
        shutil.copytree(ROOT / folder, source / folder, ignore=skip)
    # The user guide and its pictures (the rest of docs/ does not go into the wheel).
    (source / "docs").mkdir()
    shutil.copy(ROOT / "docs" / "huong-dan.md", source / "docs" / "huong-dan.md")
    shutil.copytree(ROOT / "docs" / "huong-dan", source / "docs" / "huong-dan")
    shutil.copytree(ROOT / "docs" / "tools", source / "docs" / "tools", ignore=skip)
    for name in ("pyproject.toml", "README.md"):
        shutil.copy(ROOT / name, source / name)
    out = work / "out"
    subprocess.run(
        [
            *(sys.executable, "-m", "pip", "wheel", "--no-deps", "--no-build-isolation"),
            *("--no-index", "--quiet", "--wheel-dir", str(out), str(source)),
        ],
        check=True,
        capture_output=True,
    )
    [built] = out.glob("uniondesk-*.whl")
    return built


def test_the_wheel_carries_the_resources_and_every_package(wheel: Path) -> None:
    names = set(zipfile.ZipFile(wheel).namelist())
    assert "desktop/resources/programmes/2024.json" in names
    # The user guide F1 shows, with its pictures; not the rest of docs/.
    assert "desktop/docs/huong-dan.md" in names
    assert "desktop/docs/huong-dan/dashboard.png" in names
    assert not any(n.startswith("desktop/docs/tools/") for n in names)
    assert "desktop/resources/fonts/LiberationSerif-Regular.ttf" in names
    assert "desktop/resources/fonts/LICENSE-LiberationSerif.txt" in names
    assert "desktop/resources/admin-units/admin-units-2024.csv" in names
    assert "desktop/resources/admin-units/admin-units-2025.csv" in names
    assert "desktop/resources/admin-units/README.md" in names
    assert "desktop/migrations/versions/0001_initial.py" in names
    packages = {
        p.parent.relative_to(ROOT).as_posix() + "/__init__.py"
        for p in (ROOT / "desktop").rglob("__init__.py")
    }
    missing = sorted(packages - names)
    assert not missing, f"add these packages to [tool.setuptools] packages: {missing}"
    assert not any(n.startswith(("resources/", "tests/", "bench/")) for n in names)


def test_the_installed_package_finds_its_resources(wheel: Path, tmp_path: Path) -> None:
    site = tmp_path / "site"
    zipfile.ZipFile(wheel).extractall(site)
    probe = (
        "from desktop.paths import resources_dir\n"
        "from desktop.programme.loader import shipped_programme\n"
        "from desktop.admin_units import communes_of_district\n"
        "print(resources_dir())\n"
        "print(len(shipped_programme(2024).targets), len(communes_of_district('836')))\n"
    )
    env = {**os.environ, "PYTHONPATH": str(site)}
    done = subprocess.run(
        [sys.executable, "-c", probe],
        env=env,
        cwd=tmp_path,
        capture_output=True,
        text=True,
        check=True,
    )
    folder, counts = done.stdout.splitlines()
    assert Path(folder) == site / "desktop" / "resources"
    assert counts == "20 22"
