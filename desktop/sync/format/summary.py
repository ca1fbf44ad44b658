"""summary.json: what a bundle changes for the province, counted against the rows of the bundle
it follows, and the Vietnamese lines `bundle verify`, `bundle merge` and `bundle list` print.

A bundle carries the office's whole state, so the change is the difference between two bundles'
rows, not what this PC's clock says was edited since the last export (office clocks are wrong,
and rows dated in later months sit in the database long before a bundle carries them). The
exporting PC keeps a digest of every row it sent (`sent_bundle.sent_rows`); the next export
compares its rows with those digests:

- added: a live row (no `deleted_at`) the previous bundle did not carry live;
- changed: a row live in both whose values differ in any column;
- deleted: a row live in the previous bundle that is now a tombstone or no longer carried.

The first bundle counts every live row as added. When the bundle it follows was made elsewhere
(before a restore) or by an older release, nothing is counted and the summary says so.
"""

from __future__ import annotations

import hashlib
import json
import zlib
from collections import Counter
from functools import partial
from typing import Any

from desktop.format import number, period_label
from desktop.sync.format import messages
from desktop.sync.format.errors import BundleRefused
from desktop.sync.format.tables import BUNDLE_SCHEMA, SPECS, TABLE_ORDER

SUMMARY_TABLES = tuple(t for t in TABLE_ORDER if t != "activity_union")  # the tables with an id
FIRST, PREVIOUS, UNKNOWN = "first_bundle", "previous_bundle", "unknown"
TABLE_LABELS = {
    "grassroots_union": "CĐCS",
    "union_rating": "xếp loại CĐCS",
    "enterprise": "doanh nghiệp chưa có CĐCS",
    "member": "đoàn viên",
    "member_event": "biến động đoàn viên",
    "household_review": "rà soát hộ nghèo",
    "activity": "hoạt động",
    "inspection": "kiểm tra",
    "complaint": "đơn thư",
    "progress_entry": "kết quả nhập tay",
    "narrative": "báo cáo theo nhiệm vụ",
}
EVENT_LABELS = {
    "admitted": "kết nạp",
    "readmitted": "kết nạp lại",
    "transferred_in": "chuyển đến",
    "transferred_out": "chuyển đi",
    "transferred": "chuyển sinh hoạt trong đơn vị",
    "left": "ra khỏi tổ chức",
}
Digests = dict[str, dict[str, str]]  # table → id → digest, "-" in front for a tombstone


def row_digests(rows: dict[str, list[Any]]) -> Digests:
    """A 64-bit digest of every row exactly as the bundle carries it."""
    blake2b = hashlib.blake2b  # 150,000 rows a month at a large district: no lookups per row
    found: Digests = {}
    for table in SUMMARY_TABLES:
        names = [c.name for c in SPECS[BUNDLE_SCHEMA][table]]
        deleted = names.index("deleted_at")
        quiet = [names.index(n) for t, n in QUIET_WHEN_NULL if t == table]
        shown = partial(_as_before, quiet=quiet) if quiet else tuple
        found[table] = {
            row[0]: ("-" if row[deleted] is not None else "")
            + blake2b(repr(shown(row)).encode(), digest_size=8).hexdigest()
            for row in rows[table]
        }
    return found


# Columns schema 0013_province added: a row that leaves them all null is digested as 0007_years
# carried it, so the first bundle after the upgrade does not count every entry as changed.
QUIET_WHEN_NULL = (("progress_entry", "numerator"), ("progress_entry", "denominator"))


def _as_before(row: Any, quiet: list[int]) -> tuple[Any, ...]:
    if quiet and all(row[i] is None for i in quiet):
        return tuple(v for i, v in enumerate(row) if i not in quiet)
    return tuple(row)


def pack(digests: Digests) -> bytes:
    # Level 1: hex digests and UUIDs hardly compress further, and level 6 took 0.2 s at 30,000.
    return zlib.compress(json.dumps(digests, separators=(",", ":")).encode(), 1)


def unpack(blob: bytes) -> Digests:
    return json.loads(zlib.decompress(blob))  # type: ignore[no-any-return]


def _live(digest: str | None) -> bool:
    return digest is not None and not digest.startswith("-")


def compare(now: Digests, before: Digests | None) -> dict[str, dict[str, int]]:
    """Per table: rows added, changed and deleted since `before` (None: a first bundle)."""
    counts: dict[str, dict[str, int]] = {}
    for table in SUMMARY_TABLES:
        rows, old = now.get(table, {}), (before or {}).get(table, {})
        added = changed = deleted = 0
        # A row with the digest it had counts nothing: only the pairs that differ are walked
        # (a month changes a few hundred of a district's 150,000 rows).
        for record, digest in rows.items() - old.items():
            previous = old.get(record)
            if not _live(digest):
                deleted += _live(previous)
            elif not _live(previous):
                added += 1
            else:
                changed += 1
        deleted += sum(1 for record in old.keys() - rows.keys() if _live(old[record]))
        counts[table] = {"added": added, "changed": changed, "deleted": deleted}
    return counts


def build_summary(
    rows: dict[str, list[Any]],
    digests: Digests,
    *,
    period: str,
    first_day: str,
    last_day: str,
    previous: tuple[int, str, Digests | None] | None,
) -> dict[str, Any]:
    """summary.json of a bundle; `previous` is (sequence, period, its digests or None when this
    PC does not hold them) of the bundle this one follows, None for an office's first bundle."""
    names = [c.name for c in SPECS[BUNDLE_SCHEMA]["member_event"]]
    kind, day, gone = names.index("kind"), names.index("event_date"), names.index("deleted_at")
    events = Counter(
        row[kind]
        for row in rows["member_event"]
        if row[gone] is None and first_day <= row[day] <= last_day
    )
    summary: dict[str, Any] = {
        "period": period,
        "member_events": dict(sorted(events.items())),
    }
    if previous is None:
        summary.update(basis=FIRST, previous_sequence=None, previous_period="")
        summary["tables"] = compare(digests, None)
        return summary
    sequence, previous_period, before = previous
    summary.update(basis=PREVIOUS if before is not None else UNKNOWN)
    summary.update(previous_sequence=sequence, previous_period=previous_period)
    summary["tables"] = compare(digests, before) if before is not None else {}
    return summary


def _counts(tables: Any) -> list[str]:
    parts = []
    for table in SUMMARY_TABLES:
        entry = tables.get(table) if isinstance(tables, dict) else None
        if not isinstance(entry, dict):
            continue
        said = [
            f"{word} {number(entry[key])}"
            for key, word in (("added", "thêm"), ("changed", "sửa"), ("deleted", "xóa"))
            if isinstance(entry.get(key), int)
            and not isinstance(entry.get(key), bool)
            and entry[key] > 0
        ]
        if said:
            parts.append(f"{TABLE_LABELS[table]} {', '.join(said)}")
    return parts


def summary_lines(summary: Any) -> list[str]:
    """What the bundle changes, in words: one line for the records, one for the month's member
    movement. Any JSON the sender wrote is read defensively (a summary is only for people)."""
    if not isinstance(summary, dict) or not summary:
        return []
    basis, sequence = summary.get("basis"), summary.get("previous_sequence")
    parts = _counts(summary.get("tables"))
    changes = "; ".join(parts) if parts else "không thay đổi"
    if basis == FIRST:
        lines = [f"Gói đầu tiên của đơn vị: {changes}."]
    elif basis == PREVIOUS and isinstance(sequence, int):
        previous = summary.get("previous_period")
        when = f" ({period_label(previous)})" if isinstance(previous, str) and previous else ""
        lines = [f"Thay đổi so với gói số {sequence}{when}: {changes}."]
    elif basis == UNKNOWN:
        lines = [
            f"Không đếm được thay đổi so với gói số {sequence}: máy của đơn vị không còn dữ liệu "
            "của gói đó (gói lập trước khi khôi phục bản sao lưu, hoặc bằng phiên bản cũ)."
        ]
    else:  # a summary of an older release, counted by the sending PC's clock
        since = summary.get("since")
        lines = [f"Thay đổi theo đồng hồ máy đơn vị từ {since or 'đầu'} (ước tính): {changes}."]
    events = summary.get("member_events")
    if isinstance(events, dict):
        moved = [
            f"{EVENT_LABELS[k]} {number(v)}"
            for k, v in events.items()
            if k in EVENT_LABELS and isinstance(v, int) and not isinstance(v, bool) and v > 0
        ]
        period = summary.get("period")
        label = period_label(period) if isinstance(period, str) and len(period) == 7 else "kỳ"
        lines.append(
            f"Biến động đoàn viên {label}: {', '.join(moved)}."
            if moved
            else f"Biến động đoàn viên {label}: không có."
        )
    return lines


def check_summary(raw: bytes, file: str) -> None:
    """A received summary.json is a UTF-8 JSON object (its fields are for people: any goes)."""
    try:
        data = json.loads(raw.decode("utf-8"))
    except (UnicodeDecodeError, ValueError):
        data = None
    if not isinstance(data, dict):
        raise BundleRefused(messages.SUMMARY_NOT_OBJECT.format(file=file), "records")


def read_summary(raw: bytes | str | None) -> dict[str, Any]:
    """A stored or received summary.json as a dict ({} when it is missing or not JSON)."""
    try:
        data = json.loads(raw or "{}")
    except (ValueError, TypeError):
        return {}
    return data if isinstance(data, dict) else {}
