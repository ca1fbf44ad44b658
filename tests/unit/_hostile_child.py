"""Runs `uniondesk import members FILE --db DB` for a batch of files in this one process, as the
command line does (desktop.app.main), and writes one JSON line per file: exit status, seconds,
peak memory and what reached stderr (file descriptor 2, so a Rust panic is caught too).

Peak memory per file: the kernel's high-water mark (VmHWM) is reset before each file by writing
5 to /proc/self/clear_refs. An address-space limit of 2 GB is a safety net only. A file that
takes the process down leaves its "start" line without a result; the test then starts a new
batch after it. Usage: python _hostile_child.py JOBS.json RESULTS.jsonl
"""

from __future__ import annotations

import contextlib
import json
import os
import resource
import signal
import sys
import tempfile
import time
import traceback
from pathlib import Path

LIMIT_SECONDS = 60


def _peak_kb() -> int:
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1])
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss


def _reset_peak() -> None:
    with contextlib.suppress(OSError):
        Path("/proc/self/clear_refs").write_text("5")


def _timeout(*_: object) -> None:
    raise TimeoutError


def main() -> None:
    resource.setrlimit(resource.RLIMIT_AS, (2 << 30, 2 << 30))
    jobs = json.loads(Path(sys.argv[1]).read_text(encoding="utf-8"))
    from desktop.app import main as uniondesk

    uid = os.environ.pop("HOSTILE_UID", "")
    if uid:
        # Root reads any file, so the unreadable ones run as another user. That user cannot
        # read this interpreter's library either: a refused warm-up run imports it first.
        with open(os.devnull, "w") as quiet, contextlib.redirect_stderr(quiet):
            warm_up = str(Path(jobs[0]["path"]).with_name("missing.csv"))
            uniondesk(["import", "members", warm_up, "--db", jobs[0]["db"]])
        os.setgid(int(uid))
        os.setuid(int(uid))

    signal.signal(signal.SIGALRM, _timeout)
    with open(sys.argv[2], "a", encoding="utf-8") as results:
        for job in jobs:
            results.write(json.dumps({"start": job["name"]}) + "\n")
            results.flush()
            os.environ["UNIONDESK_DATA_DIR"] = job["data"]
            with tempfile.TemporaryFile() as err:
                saved = os.dup(2)
                sys.stderr.flush()
                os.dup2(err.fileno(), 2)
                _reset_peak()
                started = time.monotonic()
                signal.alarm(LIMIT_SECONDS)
                try:
                    code: object = uniondesk(["import", "members", job["path"], "--db", job["db"]])
                except SystemExit as exc:
                    code = exc.code
                except TimeoutError:
                    code = "timeout"
                except BaseException:
                    traceback.print_exc()
                    code = "exception"
                finally:
                    signal.alarm(0)
                    seconds = time.monotonic() - started
                    sys.stderr.flush()
                    os.dup2(saved, 2)
                    os.close(saved)
                peak = _peak_kb()
                err.seek(0)
                stderr = err.read().decode("utf-8", "replace")
            line = {"name": job["name"], "code": code, "seconds": seconds, "kb": peak}
            results.write(json.dumps({**line, "stderr": stderr}) + "\n")
            results.flush()


if __name__ == "__main__":
    main()
