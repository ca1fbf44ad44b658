"""The frozen app for the smoke test: dist/uniondesk/ when it is newer than every source, else a
fresh PyInstaller build from build.spec into a temporary folder; and the names build.spec gives."""

from __future__ import annotations

import ast
import os
import subprocess
import sys
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
SPEC = ROOT / "build.spec"
# What the build is made from: a newer file than the folder's VERSION means the folder is stale.
SOURCES = ("build.spec", "pyproject.toml", "desktop", "resources", "docs/huong-dan.md")
GUIDE_PICTURES = ("docs/huong-dan", "docs")  # the guide's pictures (docs/*.png, docs/huong-dan/)
BUILD_TIMEOUT = 1800  # seconds; a build takes 1–2 minutes on a busy 2-core machine


@dataclass(frozen=True)
class SpecNames:
    """The constants build.spec names its output with."""

    folder: str
    console_exe: str
    window_exe: str
    version_file: str


def spec_names() -> SpecNames:
    """FOLDER, CONSOLE_EXE, WINDOW_EXE and VERSION_FILE as build.spec assigns them."""
    found: dict[str, str] = {}
    for node in ast.parse(SPEC.read_text(encoding="utf-8")).body:
        if (
            isinstance(node, ast.Assign)
            and len(node.targets) == 1
            and isinstance(node.targets[0], ast.Name)
            and isinstance(node.value, ast.Constant)
            and isinstance(node.value.value, str)
        ):
            found[node.targets[0].id] = node.value.value
    return SpecNames(
        found["FOLDER"], found["CONSOLE_EXE"], found["WINDOW_EXE"], found["VERSION_FILE"]
    )


def executable(folder: Path, name: str) -> Path:
    return folder / (f"{name}.exe" if sys.platform == "win32" else name)


def _source_files() -> Iterator[Path]:
    for name in SOURCES:
        path = ROOT / name
        if path.is_file():
            yield path
        elif path.is_dir():
            yield from (
                p
                for p in path.rglob("*")
                if p.is_file() and "__pycache__" not in p.parts and p.suffix != ".pyc"
            )
    for name in GUIDE_PICTURES:
        yield from (ROOT / name).glob("*.png")


def up_to_date(folder: Path, version: str) -> bool:
    """True when `folder` is a build of this version made after the last change to any source."""
    names = spec_names()
    stamp = folder / names.version_file
    if not stamp.is_file() or stamp.read_text(encoding="utf-8").strip() != version:
        return False
    if not all(executable(folder, n).is_file() for n in (names.console_exe, names.window_exe)):
        return False
    built = stamp.stat().st_mtime
    return all(source.stat().st_mtime < built for source in _source_files())


def build(into: Path) -> Path:
    """Run PyInstaller on build.spec with its output and work files under `into`."""
    dist, work = into / "dist", into / "work"
    done = subprocess.run(
        [
            *(sys.executable, "-m", "PyInstaller", "--noconfirm"),
            *("--distpath", str(dist), "--workpath", str(work), str(SPEC)),
        ],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=BUILD_TIMEOUT,
        env={**os.environ, "PYTHONDONTWRITEBYTECODE": "1"},
    )
    log = (done.stdout + done.stderr)[-6000:]
    assert done.returncode == 0, f"PyInstaller build.spec failed:\n{log}"
    return dist / spec_names().folder
