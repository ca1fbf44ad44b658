"""Kill -9 at random moments of a real command, then look at what the database holds.

Each operation runs as `python -m desktop …` in a child process, as an office or a province runs
it. One uninterrupted run first measures the operation: from the moment the child first touches
the database (its `-wal` or `-journal` appears) to the moment it ends. Every kill then falls at a
moment drawn uniformly from that span (seeded, the seed printed so a failure can be replayed),
and the database left behind is opened as the next start would open it (SQLite recovers its
journal) and judged: `PRAGMA integrity_check` says ok, `PRAGMA foreign_key_check` finds nothing,
and what it holds is exactly the state before the operation or exactly the state after it.

The number of kills per operation is UNIONDESK_CRASH_KILLS (10 by default; `make test-slow` runs
100); UNIONDESK_CRASH_SEED replays a run.
"""

from __future__ import annotations

import contextlib
import hashlib
import os
import random
import shutil
import signal
import sqlite3
import subprocess
import sys
import time
from collections.abc import Callable, Hashable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
KILLS = int(os.environ.get("UNIONDESK_CRASH_KILLS", "10"))
POLL_S = 0.001  # how often the measuring run looks for the database's journal
# A kill drawn close to the end may find the child already gone; drawing again is allowed this
# many times per kill asked for, so a run cannot loop for ever on a machine that got faster.
ATTEMPTS_PER_KILL = 3
MEASURED_RUNS = 2

State = Hashable
SUITE: list[Tally] = []  # every operation's figures, printed together at the end of the module


def seed() -> int:
    given = os.environ.get("UNIONDESK_CRASH_SEED")
    return int(given) if given else random.SystemRandom().randrange(1, 10**9)


@dataclass
class Tally:
    """What the kills of one operation found."""

    operation: str
    seed: int
    window: tuple[float, float] = (0.0, 0.0)  # seconds after the start: first touch, end
    kills: int = 0
    ended_first: int = 0  # drawn moments the child had already finished by
    none: int = 0  # the database as before the operation
    whole: int = 0  # the database as after the operation
    corrupt: list[str] = field(default_factory=list)
    half: list[str] = field(default_factory=list)

    @property
    def survived(self) -> int:
        return self.kills - len(self.corrupt) - len(self.half)

    def line(self) -> str:
        return (
            f"{self.operation}: {self.kills} kills, {self.survived} survived, "
            f"{len(self.corrupt)} corruptions, {len(self.half)} half-applied "
            f"(none applied {self.none}, all applied {self.whole}; killed between "
            f"{self.window[0]:.2f} s and {self.window[1]:.2f} s; seed {self.seed})"
        )


def child_env(extra: dict[str, str] | None = None) -> dict[str, str]:
    return os.environ | {"PYTHONPATH": str(ROOT)} | (extra or {})


def start(argv: list[str], env: dict[str, str]) -> subprocess.Popen[bytes]:
    return subprocess.Popen(
        [sys.executable, "-m", "desktop", *argv],
        cwd=ROOT,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )


def _journals(db: Path) -> tuple[Path, Path]:
    return Path(f"{db}-wal"), Path(f"{db}-journal")


def measure(argv: list[str], db: Path, env: dict[str, str]) -> tuple[float, float]:
    """Run the operation whole; (first touch of the database, end) in seconds after its start."""
    journals = _journals(db)
    assert not any(j.exists() for j in journals), f"{db} must start without a journal"
    began = time.monotonic()
    child = start(argv, env)
    touched: float | None = None
    while child.poll() is None:
        if touched is None and any(j.exists() for j in journals):
            touched = time.monotonic() - began
        time.sleep(POLL_S)
    ended = time.monotonic() - began
    _, err = child.communicate()
    assert child.returncode == 0, err.decode("utf-8", "replace")
    return (touched if touched is not None else 0.0), ended


def kill_at(argv: list[str], env: dict[str, str], moment: float) -> bool:
    """Start the operation and SIGKILL it `moment` seconds later; False if it ended first."""
    began = time.monotonic()
    child = start(argv, env)
    with contextlib.suppress(subprocess.TimeoutExpired):
        child.wait(timeout=max(0.0, moment - (time.monotonic() - began)))
    killed = child.poll() is None
    if killed:
        child.send_signal(signal.SIGKILL)
    child.communicate()
    return killed


def health(db: Path) -> str | None:
    """None when SQLite finds the file whole; else what it found (opening recovers the journal,
    as the program's next start would)."""
    with contextlib.closing(sqlite3.connect(db)) as con:
        checked = [r[0] for r in con.execute("PRAGMA integrity_check")]
        if checked != ["ok"]:
            return f"integrity_check: {checked[:5]}"
        dangling = con.execute("PRAGMA foreign_key_check").fetchall()
        if dangling:
            return f"foreign_key_check: {dangling[:5]}"
    return None


def digest(db: Path, sql: str) -> str:
    """A short fingerprint of what a query returns (rows in the query's order)."""
    sha = hashlib.sha256()
    with contextlib.closing(sqlite3.connect(db)) as con:
        for row in con.execute(sql):
            sha.update(repr(row).encode("utf-8"))
    return sha.hexdigest()[:16]


def count(db: Path, sql: str) -> int:
    with contextlib.closing(sqlite3.connect(db)) as con:
        return int(con.execute(sql).fetchone()[0])


def fresh_copy(original: Path, target: Path) -> Path:
    """`original` (a single file, no journal beside it) copied over `target` and its journals."""
    for suffix in ("", "-wal", "-shm", "-journal"):
        Path(f"{target}{suffix}").unlink(missing_ok=True)
    shutil.copyfile(original, target)
    return target


def settled(db: Path) -> Path:
    """Fold `db`'s WAL into the file and switch it off, so a copy of the one file is whole."""
    with contextlib.closing(sqlite3.connect(db)) as con:
        con.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    for suffix in ("-wal", "-shm"):
        Path(f"{db}{suffix}").unlink(missing_ok=True)
    return db


@dataclass(frozen=True)
class Operation:
    """One operation to kill: how to lay out a fresh database, the command, and what to judge."""

    name: str
    original: Path  # the database before the operation (one file)
    work: Path  # where each run's copy lives
    argv: list[str]
    state: Callable[[Path], State]
    env: dict[str, str]
    reset: Callable[[], None] = lambda: None  # anything else a run changes, put back


def run_kills(operation: Operation, kills: int = KILLS) -> Tally:
    """Kill `operation` `kills` times and judge each database left behind."""
    tally = Tally(operation.name, seed())
    draw = random.Random(tally.seed)
    before = operation.state(operation.original)
    spans = []
    for _ in range(MEASURED_RUNS):
        operation.reset()
        fresh_copy(operation.original, operation.work)
        spans.append(measure(operation.argv, operation.work, operation.env))
        problem = health(operation.work)
        assert problem is None, f"{operation.name} without a kill: {problem}"
    # The quickest run bounds the span: a first run also pays for compiling and cold caches.
    tally.window = (min(s[0] for s in spans), min(s[1] for s in spans))
    after = operation.state(operation.work)
    assert after != before, f"{operation.name} changed nothing: nothing to judge"
    touched, ended = tally.window
    attempts = 0
    while tally.kills < kills and attempts < kills * ATTEMPTS_PER_KILL:
        attempts += 1
        moment = draw.uniform(touched, ended)
        operation.reset()
        fresh_copy(operation.original, operation.work)
        if not kill_at(operation.argv, operation.env, moment):
            tally.ended_first += 1
            continue
        tally.kills += 1
        where = f"kill {tally.kills} at {moment:.3f} s"
        problem = health(operation.work)
        if problem is not None:
            tally.corrupt.append(f"{where}: {problem}")
            keep_evidence(operation, tally.kills)
            continue
        found = operation.state(operation.work)
        if found == before:
            tally.none += 1
        elif found == after:
            tally.whole += 1
        else:
            tally.half.append(f"{where}: {_short(found)}, neither {_short(before)} nor after")
            keep_evidence(operation, tally.kills)
    SUITE.append(tally)
    print(tally.line(), flush=True)
    return tally


def _short(state: State) -> str:
    text = repr(state)
    return text if len(text) <= 160 else text[:160] + "…"


def keep_evidence(operation: Operation, kill: int) -> None:
    """The broken database beside the work copy, for whoever reads the failure."""
    shutil.copyfile(operation.work, operation.work.with_name(f"{operation.name}-kill-{kill}.db"))


@contextlib.contextmanager
def printed_table() -> Iterator[None]:
    """Print every operation's figures as one table when the suite ends."""
    SUITE.clear()
    yield
    if not SUITE:
        return
    print("\n| operation | kills | survived | corruptions | half-applied | none / all applied |")
    print("|---|---:|---:|---:|---:|---:|")
    for t in SUITE:
        print(
            f"| {t.operation} | {t.kills} | {t.survived} | {len(t.corrupt)} | {len(t.half)} "
            f"| {t.none} / {t.whole} |"
        )
    print("seeds: " + ", ".join(f"{t.operation} {t.seed}" for t in SUITE), flush=True)


def assert_survived(tally: Tally, kills: int = KILLS) -> None:
    assert tally.kills == kills, (
        f"{tally.operation}: only {tally.kills} of {kills} kills landed before the end "
        f"({tally.ended_first} runs ended first); seed {tally.seed}"
    )
    assert tally.corrupt == [], f"seed {tally.seed}: " + "; ".join(tally.corrupt)
    assert tally.half == [], f"seed {tally.seed}: " + "; ".join(tally.half)
