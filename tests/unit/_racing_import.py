"""`python _racing_import.py FOLDER COUNT ARGS…`: the command line, with each import waiting once
its plan is made until COUNT imports have planned, so two writers racing is forced, not hoped for.

The wait sits in front of the write (`desktop.importer.write.apply`, imported by the import
service when it is about to write), so the program itself carries no test hook.
"""

from __future__ import annotations

import os
import sys
import time
from pathlib import Path
from typing import Any

WAIT = 60.0  # seconds, then go on anyway


def main() -> int:
    folder, count, argv = Path(sys.argv[1]), int(sys.argv[2]), sys.argv[3:]
    from desktop.importer import write

    original = write.apply

    def apply_when_all_planned(*args: Any, **kwargs: Any) -> Any:
        (folder / str(os.getpid())).touch()
        deadline = time.monotonic() + WAIT
        while len(list(folder.iterdir())) < count and time.monotonic() < deadline:
            time.sleep(0.02)
        return original(*args, **kwargs)

    write.apply = apply_when_all_planned  # type: ignore[assignment]
    from desktop.app import main as uniondesk

    return uniondesk(argv)


if __name__ == "__main__":
    sys.exit(main())
