"""(Province) whose figures a province-wide number counts, and every office side by side.

An office's bundle carries its whole database as of the bundle's month, so an office whose newest
merged bundle is for June has no December yet: a December figure counts only the offices whose
merged bundles reach December, and names the others (`missing_units`). Never is one office's
June added to another's December.

The registered offices are the upper-level unions whose key cards the province holds
(`unit_key` rows with own = FALSE), less those that handed their register over to a successor
(`handover.from_code`: their chain is closed and the successor holds their members).
"""

from __future__ import annotations

from sqlalchemy import Connection, text

# The ledger rows that put an office's data here: a merge, or a person's "take" of a fork's
# branch (which replaces what was merged before it; desktop/sync/province/forks.py).
_MERGED, _TAKEN = "merged", "resolved_take"


def registered_offices(con: Connection) -> list[tuple[str, str]]:
    """(code, name) of every upper-level union registered here, less those that handed over;
    the name is the newest key card's. Sorted by code."""
    own = con.execute(text("SELECT code FROM office WHERE deleted_at IS NULL")).scalars().all()
    rows = con.execute(
        text(
            "SELECT k.unit_code, k.unit_name FROM unit_key k WHERE k.own = FALSE "
            "AND k.id = (SELECT MAX(n.id) FROM unit_key n "
            "WHERE n.own = FALSE AND n.unit_code = k.unit_code) "
            "AND k.unit_code NOT IN (SELECT from_code FROM handover)"
        )
    ).all()
    return sorted(
        ((str(code), str(name or code)) for code, name in rows if code not in own),
        key=lambda row: row[0],
    )


def latest_periods(con: Connection) -> dict[str, str]:
    """Office code → the newest period ('YYYY-MM') of the data merged from it: its merged bundles
    since the last fork it had taken (that take included)."""
    rows = con.execute(
        text(
            "SELECT l.unit_code, MAX(l.period) FROM bundle_ledger l "
            "WHERE l.verdict IN (:merged, :taken) AND l.id >= COALESCE("
            "(SELECT MAX(t.id) FROM bundle_ledger t "
            "WHERE t.unit_code = l.unit_code AND t.verdict = :taken), 0) "
            "GROUP BY l.unit_code"
        ),
        {"merged": _MERGED, "taken": _TAKEN},
    ).all()
    return {str(code): str(period) for code, period in rows if period}


def reporting_offices(con: Connection, period: str) -> tuple[tuple[str, ...], tuple[str, ...]]:
    """(counted, missing) for `period`: the registered offices whose merged bundles reach it, and
    the registered offices without it (none merged, or only earlier months). Each sorted by code."""
    latest = latest_periods(con)
    counted: list[str] = []
    missing: list[str] = []
    for code, _ in registered_offices(con):
        (counted if latest.get(code, "") >= period else missing).append(code)
    return tuple(counted), tuple(missing)
