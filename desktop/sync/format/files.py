"""Writing a new file whole or not at all."""

from __future__ import annotations

import os
from pathlib import Path

from desktop.errors import UserError
from desktop.sync.format import messages


def write_new(out: Path, data: bytes) -> None:
    """Write `data` to `out` through a fsynced partial file; refuse if `out` appeared meanwhile."""
    out.parent.mkdir(parents=True, exist_ok=True)
    partial = out.with_name(out.name + ".partial")
    with open(partial, "wb") as handle:
        handle.write(data)
        handle.flush()
        os.fsync(handle.fileno())
    if out.exists():
        partial.unlink()
        raise UserError(messages.OUT_EXISTS.format(path=out))
    os.replace(partial, out)
