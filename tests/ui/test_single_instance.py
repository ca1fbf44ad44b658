"""One window per database: a second start of the program on an open database is refused and
brings the open window forward; a lock left by a program that died is taken over."""

from __future__ import annotations

import os
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import QLockFile
from PySide6.QtWidgets import QMessageBox
from pytestqt.qtbot import QtBot

from desktop.ui import instance
from desktop.ui.instance import lock_path
from desktop.ui.main import open_window

REPO = Path(__file__).resolve().parents[2]
RAISED = "đưa cửa sổ này lên trước"


def _eventually(check: Callable[[], bool], seconds: float = 30.0) -> bool:
    """Poll `check` until it holds (a process starting takes its time on a busy machine)."""
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if check():
            return True
        time.sleep(0.05)
    return check()


def _start(db: Path) -> subprocess.Popen[str]:
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen")
    return subprocess.Popen(
        [sys.executable, "-m", "desktop", "--db", str(db)],
        cwd=REPO,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        encoding="utf-8",
    )


def _holder(db: Path) -> int:
    try:
        return int(lock_path(db).read_text(encoding="utf-8").splitlines()[0])
    except (OSError, IndexError, ValueError):
        return 0


def _raise_requests(data_dir: Path) -> int:
    log = data_dir / "logs" / "uniondesk.log"
    return log.read_text(encoding="utf-8").count(RAISED) if log.exists() else 0


@pytest.fixture
def processes() -> Iterator[list[subprocess.Popen[str]]]:
    started: list[subprocess.Popen[str]] = []
    yield started
    for process in started:
        if process.poll() is None:
            process.kill()
        process.communicate(timeout=30)


def test_a_second_start_on_an_open_database_is_refused_and_raises_the_first(
    small_district: Path, private_data_dir: Path, processes: list[subprocess.Popen[str]]
) -> None:
    first = _start(small_district)
    processes.append(first)
    assert _eventually(lambda: _holder(small_district) == first.pid), first.stderr

    second = subprocess.run(
        [sys.executable, "-m", "desktop", "--db", str(small_district)],
        cwd=REPO,
        env=dict(os.environ, QT_QPA_PLATFORM="offscreen"),
        capture_output=True,
        text=True,
        encoding="utf-8",
        timeout=120,
    )
    assert second.returncode == 1
    assert (
        f"Cơ sở dữ liệu {small_district.resolve()} đang mở trong một cửa sổ Union Desk khác."
        in second.stderr
    )
    assert _eventually(lambda: _raise_requests(private_data_dir) == 1)
    assert first.poll() is None  # the first window stays open

    first.kill()  # as a crash or a power cut leaves it: the lock file stays behind
    first.communicate(timeout=30)
    assert _holder(small_district) == first.pid

    third = _start(small_district)
    processes.append(third)
    assert _eventually(lambda: _holder(small_district) == third.pid)
    fourth = subprocess.run(
        [sys.executable, "-m", "desktop", "--db", str(small_district)],
        cwd=REPO,
        env=dict(os.environ, QT_QPA_PLATFORM="offscreen"),
        capture_output=True,
        text=True,
        encoding="utf-8",
        timeout=120,
    )
    assert fourth.returncode == 1
    # The socket the killed window left behind was taken over too: the third window is raised.
    assert _eventually(lambda: _raise_requests(private_data_dir) == 2)


def test_command_line_commands_are_not_refused_by_an_open_window(
    small_district: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    from desktop.app import main

    held = QLockFile(str(lock_path(small_district)))
    assert held.tryLock(0)
    try:
        assert main(["check", "--db", str(small_district)]) == 0
    finally:
        held.unlock()
    assert "Không phát hiện lỗi" in capsys.readouterr().out


def test_the_refusal_box_names_the_database(
    qtbot: QtBot,
    small_district: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    shown: list[tuple[str, list[str]]] = []

    def staff_read(box: QMessageBox) -> int:
        shown.append((box.text(), [b.text() for b in box.buttons()]))
        return 0

    monkeypatch.setattr(QMessageBox, "exec", staff_read)
    monkeypatch.setattr(instance, "can_show_box", lambda: True)
    monkeypatch.setattr(instance, "TRIES", 1)  # nobody listens: the other "window" is this test
    held = QLockFile(str(lock_path(small_district)))  # as another copy of the program holds it
    assert held.tryLock(0)
    try:
        assert open_window(small_district) is None
    finally:
        held.unlock()
    message = (
        f"Cơ sở dữ liệu {small_district.resolve()} đang mở trong một cửa sổ Union Desk khác. "
        "Hãy làm việc trên cửa sổ đó: hai cửa sổ trên cùng một cơ sở dữ liệu sẽ ghi đè lên "
        "thay đổi của nhau."
    )
    assert shown == [(message, ["Đóng"])]
    assert message in capsys.readouterr().err


def test_opening_a_database_open_in_another_window_brings_that_window_forward(
    qtbot: QtBot, small_district: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from PySide6.QtGui import QAction
    from PySide6.QtWidgets import QApplication, QFileDialog

    other = tmp_path / "khac.sqlite"
    other.write_bytes(small_district.read_bytes())
    first = open_window(small_district)
    second = open_window(other)
    try:
        assert first is not None and second is not None and second is not first
        raised: list[object] = []
        monkeypatch.setattr(type(first), "bring_to_front", lambda w: raised.append(w))

        # In the second window, Tệp → Mở cơ sở dữ liệu… picks the first one's database again.
        monkeypatch.setattr(
            QFileDialog, "getOpenFileName", lambda *a, **k: (str(small_district), "")
        )
        before = [w for w in QApplication.topLevelWidgets() if w.isVisible()]
        second.findChild(QAction, "actionOpenDatabase").trigger()
        assert raised == [first]
        assert [w for w in QApplication.topLevelWidgets() if w.isVisible()] == before
        assert _holder(small_district) == _holder(other) == os.getpid()
    finally:
        for window in (first, second):
            if window is not None:
                window.close()  # the database is free again
    again = QLockFile(str(lock_path(small_district)))
    assert again.tryLock(0)
    again.unlock()


def test_a_refused_start_brings_the_open_window_back_from_the_task_bar(
    qtbot: QtBot, small_district: Path
) -> None:
    from desktop.ui.instance import DatabaseGuard

    window = open_window(small_district)
    assert window is not None
    try:
        window.showMinimized()
        qtbot.waitUntil(window.isMinimized)
        other = DatabaseGuard(small_district)  # what a second copy of the program does
        assert not other.acquire()
        assert other.ask_to_raise()
        qtbot.waitUntil(lambda: not window.isMinimized() and window.isVisible())
    finally:
        window.close()
