"""`uniondesk check`: integrity and consistency of an office database, as a list of findings,
and whether the audit trail's hash chain is whole (`desktop.services.audit_chain`): the first
entry removed or altered is named with its number and time.

Reads only (the file is opened read-only), so it is safe on a database that looks damaged.
"""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from desktop.errors import UserError
from desktop.migrations import HEAD
from desktop.services import messages
from desktop.services.audit_chain import describe, verify
from desktop.storage import storage_warning


@dataclass(frozen=True)
class Finding:
    level: str  # "error" or "warning"
    message: str
    examples: tuple[str, ...] = ()


@dataclass(frozen=True)
class CheckReport:
    path: str
    findings: tuple[Finding, ...]
    counts: tuple[tuple[str, int], ...]

    @property
    def ok(self) -> bool:
        return not any(f.level == "error" for f in self.findings)


LIVE = "deleted_at IS NULL"
AUDIT_COUNT = "Mục nhật ký hoạt động"
AUDIT_BROKEN = "Nhật ký hoạt động không còn nguyên vẹn:"
# The triggers migration 0006 puts on audit_event: only someone editing the file drops them.
APPEND_ONLY = frozenset({"audit_event_append_only_update", "audit_event_append_only_delete"})
AUDIT_UNGUARDED = (
    "Nhật ký hoạt động mất lớp bảo vệ chỉ-ghi-thêm (tệp đã bị sửa ngoài Union Desk): các mục "
    "vẫn kiểm được theo chuỗi, nhưng hãy so với bản sao lưu gần nhất"
)

# (level, message, query returning one identifying text per offending row)
CONSISTENCY: tuple[tuple[str, str, str], ...] = (
    (
        "error",
        "Số CCCD trùng nhau giữa các đoàn viên đang sinh hoạt",
        f"SELECT citizen_id FROM member WHERE {LIVE} AND status='active' AND citizen_id<>'' "
        "GROUP BY citizen_id HAVING COUNT(*) > 1",
    ),
    (
        "error",
        "Số CCCD không đủ 12 chữ số",
        f"SELECT full_name || ' (' || citizen_id || ')' FROM member WHERE {LIVE} AND citizen_id<>'' "
        "AND (length(citizen_id) <> 12 OR citizen_id GLOB '*[^0-9]*')",
    ),
    (
        "error",
        "Đoàn viên đang sinh hoạt thuộc CĐCS đã giải thể hoặc đã xoá",
        f"SELECT m.full_name || ' – ' || g.name FROM member m JOIN grassroots_union g ON g.id=m.union_id "
        f"WHERE m.{LIVE} AND m.status='active' AND (g.dissolved_on IS NOT NULL OR g.deleted_at IS NOT NULL)",
    ),
    (
        "error",
        "Trạng thái đoàn viên không khớp với biến động gần nhất",
        f"""SELECT m.full_name FROM member m JOIN (
              SELECT member_id, kind, ROW_NUMBER() OVER (
                PARTITION BY member_id ORDER BY event_date DESC, created_at DESC) AS rn
              FROM member_event WHERE {LIVE}) e ON e.member_id = m.id AND e.rn = 1
            WHERE m.{LIVE} AND (
              (m.status='active' AND e.kind IN ('left','transferred_out')) OR
              (m.status='left' AND e.kind <> 'left') OR
              (m.status='transferred_out' AND e.kind <> 'transferred_out'))""",
    ),
    (
        "warning",
        "Đoàn viên chưa có biến động kết nạp (không tính được vào chỉ tiêu)",
        f"SELECT full_name FROM member m WHERE {LIVE} AND NOT EXISTS (SELECT 1 FROM member_event e "
        f"WHERE e.member_id=m.id AND e.{LIVE})",
    ),
    (
        "warning",
        "Biến động đoàn viên ghi ngày trong tương lai",
        f"SELECT m.full_name || ' – ' || e.kind || ' ' || e.event_date FROM member_event e "
        f"JOIN member m ON m.id=e.member_id WHERE e.{LIVE} AND e.event_date > :today",
    ),
    (
        "warning",
        "Ngày vào công đoàn sớm hơn 15 năm sau ngày sinh",
        f"SELECT full_name FROM member WHERE {LIVE} AND birth_date IS NOT NULL AND joined_on IS NOT NULL "
        "AND joined_on < date(birth_date, '+15 years')",
    ),
)

COUNTED = (
    (
        "Công đoàn cơ sở đang hoạt động",
        f"SELECT COUNT(*) FROM grassroots_union WHERE {LIVE} AND dissolved_on IS NULL",
    ),
    ("Đoàn viên đang sinh hoạt", f"SELECT COUNT(*) FROM member WHERE {LIVE} AND status='active'"),
    ("Biến động đoàn viên", f"SELECT COUNT(*) FROM member_event WHERE {LIVE}"),
    ("Hoạt động", f"SELECT COUNT(*) FROM activity WHERE {LIVE}"),
)


def _rows(con: sqlite3.Connection, sql: str) -> list[str]:
    return [str(r[0]) for r in con.execute(sql, {"today": date.today().isoformat()})]


def check_database(path: Path) -> CheckReport:
    """Run every integrity and consistency check on the file at `path`."""
    if not path.exists():
        raise UserError(messages.DB_NOT_FOUND.format(path=path))
    findings: list[Finding] = []
    warning = storage_warning(path)
    if warning:
        findings.append(Finding("warning", warning))
    try:
        con = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
        integrity = [r[0] for r in con.execute("PRAGMA integrity_check")]
    except sqlite3.DatabaseError as exc:
        return CheckReport(str(path), (Finding("error", f"Tệp không đọc được: {exc}"),), ())
    try:
        if integrity != ["ok"]:
            findings.append(Finding("error", "SQLite báo tệp bị hỏng", tuple(integrity[:10])))
        tables = {r[0] for r in con.execute("SELECT name FROM sqlite_master WHERE type='table'")}
        revision = (
            con.execute("SELECT version_num FROM alembic_version").fetchone()
            if "alembic_version" in tables
            else None
        )
        if revision is None or revision[0] != HEAD:
            found = revision[0] if revision else "không có"
            findings.append(
                Finding(
                    "error",
                    f"Lược đồ «{found}» khác phiên bản hiện hành «{HEAD}»: mở bằng Union Desk để nâng cấp",
                )
            )
            return CheckReport(str(path), tuple(findings), ())
        broken = con.execute("PRAGMA foreign_key_check").fetchall()
        if broken:
            examples = tuple(f"{t} rowid {rowid} → {parent}" for t, rowid, parent, _ in broken[:10])
            findings.append(
                Finding("error", f"{len(broken)} liên kết trỏ tới bản ghi không tồn tại", examples)
            )
        offices = con.execute(f"SELECT COUNT(*) FROM office WHERE {LIVE}").fetchone()[0]
        if offices != 1:
            findings.append(
                Finding(
                    "error",
                    messages.NO_OFFICE.format(path=path)
                    if offices == 0
                    else f"Có {offices} bản ghi đơn vị; chỉ được có một",
                )
            )
        for level, message, sql in CONSISTENCY:
            offending = _rows(con, sql)
            if offending:
                findings.append(
                    Finding(level, f"{message}: {len(offending)}", tuple(offending[:10]))
                )
        counts = tuple((label, int(con.execute(sql).fetchone()[0])) for label, sql in COUNTED)
        trail = verify(con)
        counts += ((AUDIT_COUNT, trail.entries),)
        if not trail.ok:
            first, *rest = (describe(b) for b in trail.breaks)
            findings.append(Finding("error", f"{AUDIT_BROKEN} {first}", tuple(rest)))
        guards = {
            r[0] for r in con.execute("SELECT name FROM sqlite_master WHERE type = 'trigger'")
        }
        missing = sorted(APPEND_ONLY - guards)
        if missing:
            findings.append(Finding("error", AUDIT_UNGUARDED, tuple(missing)))
    finally:
        con.close()
    return CheckReport(str(path), tuple(findings), counts)
