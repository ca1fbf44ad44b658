"""Canonical JSON: the one byte form of a JSON value that signatures are made over.

Keys sorted, no insignificant white space, UTF-8 without escaping non-ASCII letters, integers only
(never floats) in signed documents. docs/bundle-format.md repeats these rules.
"""

from __future__ import annotations

import json
from typing import Any


def canonical(value: Any) -> bytes:
    return json.dumps(value, ensure_ascii=False, sort_keys=True, separators=(",", ":")).encode(
        "utf-8"
    )
