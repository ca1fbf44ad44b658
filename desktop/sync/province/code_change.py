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

from typing import Any

from sqlalchemy import Connection, bindparam, inspect, text
from sqlalchemy.exc import IntegrityError

from desktop.models import utcnow
from desktop.models.kept import DERIVED_TABLES
from desktop.sync.format.errors import BundleRefused
from desktop.sync.format.manifest import Manifest
from desktop.sync.ledger import run, stamp

CODE_IN_USE = (
    "{file}: đơn vị {old} báo đổi mã thành {new}, nhưng mã {new} đang là của một đơn vị khác đã "
    "đăng ký ({name}). Không chuyển gì; hai đơn vị cần thống nhất mã với LĐLĐ tỉnh trước."
)
CODE_CLASH = (
    "{file}: không chuyển được dữ liệu của đơn vị {old} sang mã mới {new} ({detail}). Không "
    "chuyển gì."
)
CODE_MOVED = "Đơn vị {old} đổi mã thành {new}: khóa, sổ nhận gói và dữ liệu đã chuyển sang mã mới."
# Kept apart from the registry: the province's own rows, the record of moves itself, and the
# counts kept per office (the database raises both codes' versions as the rows move).
NOT_MOVED = frozenset({"office", "office_code_change", *DERIVED_TABLES})


def _chain_keys(manifest: Manifest) -> set[str]:
    """The signing key and every key its announcements name: the office's own generations."""
    keys = {manifest.signing_key_id}
    for entry in manifest.key_announcements:
        if isinstance(entry, dict):
            keys |= {str(entry.get("key_id")), str(entry.get("replaces_key_id"))}
    return keys


def tables_with_unit_code(con: Connection) -> list[str]:
    """Every table that keeps rows per office (a `unit_code` column), whoever added it."""
    found = inspect(con)
    return [
        name
        for name in sorted(found.get_table_names())
        if name not in NOT_MOVED and any(c["name"] == "unit_code" for c in found.get_columns(name))
    ]


def _keys_sql(sql: str) -> Any:
    """`sql` whose `:keys` is a list of key ids (IN takes as many as given)."""
    return text(sql).bindparams(bindparam("keys", expanding=True))


def follow_code_change(con: Connection, manifest: Manifest, file: str) -> str:
    """Inside the caller's transaction: move the sender from the old code its keys are registered
    under to `unit.code`; the message saying so, or "" when there is nothing to move."""
    new, old_codes = manifest.unit_code, manifest.previous_unit_codes
    if not old_codes:
        return ""
    keys = sorted(_chain_keys(manifest))
    registered = {
        r[0]
        for r in con.execute(
            _keys_sql(
                "SELECT unit_code FROM unit_key WHERE own = FALSE AND role = 'district' "
                "AND key_id IN :keys"
            ),
            {"keys": keys},
        )
    }
    moving = [code for code in old_codes if code in registered]
    if not moving:
        return ""  # moved by an earlier bundle, or an office the province never registered
    _check_new_code_free(con, manifest, keys, file, moving[0])
    try:
        for old in moving:
            for table in tables_with_unit_code(con):
                run(
                    con,
                    f'UPDATE "{table}" SET unit_code = :new WHERE unit_code = :old',
                    {"new": new, "old": old},
                )
            run(
                con,
                "UPDATE unit_key SET unit_name = :name WHERE unit_code = :new AND own = FALSE",
                {"name": manifest.unit_name, "new": new},
            )
            run(
                con,
                "INSERT INTO office_code_change (old_code, new_code, unit_name, changed_at, "
                "bundle_id) VALUES (:old, :new, :name, :at, :bundle)",
                {
                    "old": old,
                    "new": new,
                    "name": manifest.unit_name,
                    "at": stamp(utcnow()),
                    "bundle": manifest.bundle_id,
                },
            )
    except IntegrityError as exc:  # the caller rolls the whole transaction back
        # exc.orig alone: SQLAlchemy's text would add the statement to a user's message.
        raise BundleRefused(
            CODE_CLASH.format(file=file, old=moving[0], new=new, detail=_first_line(exc.orig)),
            "code_change",
        ) from exc
    return " ".join(CODE_MOVED.format(old=old, new=new) for old in moving)


def _first_line(error: Any) -> str:
    return str(error).strip().splitlines()[0] if str(error).strip() else type(error).__name__


def _check_new_code_free(
    con: Connection, manifest: Manifest, keys: list[str], file: str, old: str
) -> None:
    """The new code must not be another registered office's (its keys, its ledger rows), nor the
    province's own."""
    new = manifest.unit_code
    other = con.execute(
        _keys_sql(
            "SELECT unit_name FROM unit_key WHERE unit_code = :new AND key_id NOT IN :keys LIMIT 1"
        ),
        {"new": new, "keys": keys},
    ).fetchone()
    if other is None:
        other = con.execute(
            _keys_sql(
                "SELECT '' FROM bundle_ledger WHERE unit_code = :new AND signing_key_id <> '' "
                "AND signing_key_id NOT IN :keys LIMIT 1"
            ),
            {"new": new, "keys": keys},
        ).fetchone()
    if other is None:
        other = run(
            con, "SELECT name FROM office WHERE code = :new AND deleted_at IS NULL", {"new": new}
        ).fetchone()
    if other is not None:
        raise BundleRefused(
            CODE_IN_USE.format(file=file, old=old, new=new, name=other[0] or new), "code_change"
        )


def previous_codes_of(con: Connection, code: str) -> list[str]:
    """(Province) the codes the office now called `code` had before, latest first: what the
    registry and the ledger show as «trước đây»."""
    moves = run(
        con,
        "SELECT old_code, new_code FROM office_code_change WHERE bundle_id <> '' ORDER BY id DESC",
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


def code_label(con: Connection, code: str) -> str:
    """`NEW (trước đây: OLD)` for an office whose code changed, else the code."""
    earlier = previous_codes_of(con, code)
    return f"{code} (trước đây: {', '.join(earlier)})" if earlier else code
