"""(Province) an office whose code changed (the 2025 reform) is followed to its new code.

Its next bundle carries the new code in `unit` and the old ones in `previous_unit_codes`
(docs/bundle-format.md §5), signed by the key the province registered under the old code. Inside
the merge's transaction, before the ledger judges the bundle, that office's key registry, ledger
rows and merged records move from the old code to the new one and the move is recorded
(`office_code_change`), so the chain, the gaps and the records go on as one office's. Only the
code its own keys are registered under moves: a bundle cannot move another office. A new code
another registered office already uses is refused, and nothing moves.
"""

from __future__ import annotations

import sqlite3
from typing import Any

from desktop.models import utcnow
from desktop.sync.errors import BundleRefused
from desktop.sync.ledger import stamp
from desktop.sync.manifest import Manifest

CODE_IN_USE = (
    "{file}: đơn vị {old} báo đổi mã thành {new}, nhưng mã {new} đang là của một đơn vị khác đã "
    "đăng ký ({name}). Không chuyển gì; hai đơn vị cần thống nhất mã với LĐLĐ tỉnh trước."
)
CODE_CLASH = (
    "{file}: không chuyển được dữ liệu của đơn vị {old} sang mã mới {new} ({detail}). Không "
    "chuyển gì."
)
CODE_MOVED = "Đơn vị {old} đổi mã thành {new}: khóa, sổ nhận gói và dữ liệu đã chuyển sang mã mới."
# Kept apart from the registry: the province's own rows, and the record of moves itself.
NOT_MOVED = frozenset({"office", "office_code_change"})


def _chain_keys(manifest: Manifest) -> set[str]:
    """The signing key and every key its announcements name: the office's own generations."""
    keys = {manifest.signing_key_id}
    for entry in manifest.key_announcements:
        if isinstance(entry, dict):
            keys |= {str(entry.get("key_id")), str(entry.get("replaces_key_id"))}
    return keys


def _marks(values: Any) -> str:
    return ", ".join("?" for _ in values)


def tables_with_unit_code(con: sqlite3.Connection) -> list[str]:
    """Every table that keeps rows per office (a `unit_code` column), whoever added it."""
    names = [r[0] for r in con.execute("SELECT name FROM sqlite_master WHERE type = 'table'")]
    return [
        name
        for name in names
        if name not in NOT_MOVED
        and any(c[1] == "unit_code" for c in con.execute(f'PRAGMA table_info("{name}")'))
    ]


def follow_code_change(con: sqlite3.Connection, manifest: Manifest, file: str) -> str:
    """Inside the caller's transaction: move the sender from the old code its keys are registered
    under to `unit.code`; the message saying so, or "" when there is nothing to move."""
    new, old_codes = manifest.unit_code, manifest.previous_unit_codes
    if not old_codes:
        return ""
    keys = sorted(_chain_keys(manifest))
    registered = {
        r[0]
        for r in con.execute(
            f"SELECT unit_code FROM unit_key WHERE own = 0 AND role = 'district' "
            f"AND key_id IN ({_marks(keys)})",
            keys,
        )
    }
    moving = [code for code in old_codes if code in registered]
    if not moving:
        return ""  # moved by an earlier bundle, or an office the province never registered
    _check_new_code_free(con, manifest, keys, file, moving[0])
    try:
        for old in moving:
            for table in tables_with_unit_code(con):
                con.execute(f'UPDATE "{table}" SET unit_code = ? WHERE unit_code = ?', (new, old))
            con.execute(
                "UPDATE unit_key SET unit_name = ? WHERE unit_code = ? AND own = 0",
                (manifest.unit_name, new),
            )
            con.execute(
                "INSERT INTO office_code_change (old_code, new_code, unit_name, changed_at, "
                "bundle_id) VALUES (?, ?, ?, ?, ?)",
                (old, new, manifest.unit_name, stamp(utcnow()), manifest.bundle_id),
            )
    except sqlite3.IntegrityError as exc:
        raise BundleRefused(
            CODE_CLASH.format(file=file, old=moving[0], new=new, detail=exc), "code_change"
        ) from exc
    return " ".join(CODE_MOVED.format(old=old, new=new) for old in moving)


def _check_new_code_free(
    con: sqlite3.Connection, manifest: Manifest, keys: list[str], file: str, old: str
) -> None:
    """The new code must not be another registered office's (its keys, its ledger rows), nor the
    province's own."""
    new = manifest.unit_code
    other = con.execute(
        f"SELECT unit_name FROM unit_key WHERE unit_code = ? AND key_id NOT IN ({_marks(keys)}) "
        "LIMIT 1",
        (new, *keys),
    ).fetchone()
    if other is None:
        other = con.execute(
            f"SELECT '' FROM bundle_ledger WHERE unit_code = ? AND signing_key_id <> '' "
            f"AND signing_key_id NOT IN ({_marks(keys)}) LIMIT 1",
            (new, *keys),
        ).fetchone()
    if other is None:
        other = con.execute(
            "SELECT name FROM office WHERE code = ? AND deleted_at IS NULL", (new,)
        ).fetchone()
    if other is not None:
        raise BundleRefused(
            CODE_IN_USE.format(file=file, old=old, new=new, name=other[0] or new), "code_change"
        )


def previous_codes_of(con: sqlite3.Connection, code: str) -> list[str]:
    """(Province) the codes the office now called `code` had before, latest first: what the
    registry and the ledger show as «trước đây»."""
    moves = con.execute(
        "SELECT old_code, new_code FROM office_code_change WHERE bundle_id <> '' ORDER BY id DESC"
    ).fetchall()
    found: list[str] = []
    frontier, seen = [code], {code}
    while frontier:
        current = frontier.pop(0)
        for old, new in moves:
            if new == current and old not in seen:
                seen.add(old)
                found.append(old)
                frontier.append(old)
    return found


def code_label(con: sqlite3.Connection, code: str) -> str:
    """`NEW (trước đây: OLD)` for an office whose code changed, else the code."""
    earlier = previous_codes_of(con, code)
    return f"{code} (trước đây: {', '.join(earlier)})" if earlier else code
