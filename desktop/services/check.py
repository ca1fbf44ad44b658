"""`uniondesk check`: integrity and consistency of an office database, as a list of findings,
and whether the audit trail's hash chain is whole (`desktop.services.audit_chain`): the first
entry removed or altered is named with its number and time.

Reads only (a file is opened read-only), so it is safe on a database that looks damaged. Runs on
an office's SQLite file and on a province's PostgreSQL database alike; what only one of them
answers by itself (SQLite's page check, its links check, the triggers' catalogue, a few date
and text functions) is asked through desktop.store.dialect.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING

from sqlalchemy import Connection, text
from sqlalchemy.exc import DBAPIError, OperationalError

from desktop.errors import UserError
from desktop.migrations import HEAD
from desktop.services import messages
from desktop.services.audit_chain import describe, verify
from desktop.storage import storage_warning
from desktop.store import dialect

if TYPE_CHECKING:
    from desktop.store import Store


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
# The triggers migrations 0006 (SQLite) and 0012 (PostgreSQL) put on audit_event: only someone
# editing the database outside the program drops or disables them.
APPEND_ONLY = frozenset({"audit_event_append_only_update", "audit_event_append_only_delete"})
AUDIT_UNGUARDED = (
    "Nhật ký hoạt động mất lớp bảo vệ chỉ-ghi-thêm (cơ sở dữ liệu đã bị sửa ngoài Union Desk): các mục "
    "vẫn kiểm được theo chuỗi, nhưng hãy so với bản sao lưu gần nhất"
)

# (level, message, query returning one identifying text per offending row); a query that needs
# the dialect is a function of the connection.
Query = str | Callable[[Connection], str]
CONSISTENCY: tuple[tuple[str, str, Query], ...] = (
    (
        "error",
        "Số CCCD trùng nhau giữa các đoàn viên đang sinh hoạt",
        f"SELECT citizen_id FROM member WHERE {LIVE} AND status='active' AND citizen_id<>'' "
        "GROUP BY citizen_id HAVING COUNT(*) > 1",
    ),
    (
        "error",
        "Số CCCD không đủ 12 chữ số",
        lambda con: (
            f"SELECT full_name || ' (' || citizen_id || ')' FROM member WHERE {LIVE} "
            "AND citizen_id<>'' AND (length(citizen_id) <> 12 OR "
            f"{dialect.has_non_digit('citizen_id', con)})"
        ),
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
        lambda con: (
            f"SELECT full_name FROM member WHERE {LIVE} AND birth_date IS NOT NULL "
            f"AND joined_on IS NOT NULL AND joined_on < {dialect.years_after('birth_date', 15, con)}"
        ),
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


def _rows(con: Connection, query: Query) -> list[str]:
    sql = query if isinstance(query, str) else query(con)
    return [str(r[0]) for r in con.execute(text(sql), {"today": date.today().isoformat()})]


def _count(con: Connection, sql: str) -> int:
    return int(con.execute(text(sql)).scalar() or 0)


def check_database(db: Store) -> CheckReport:
    """Run every integrity and consistency check on the database: a file or a PostgreSQL
    database, its store opened by the caller (without upgrading, to check it as found)."""
    findings: list[Finding] = []
    path = db.path
    if path is not None:
        if not path.exists():
            raise UserError(messages.DB_NOT_FOUND.format(path=path))
        warning = storage_warning(path)
        if warning:
            findings.append(Finding("warning", warning))
    try:
        with db.inspecting() as con:
            return _checked(db, con, findings)
    except DBAPIError as exc:
        if path is None:
            if isinstance(exc, OperationalError):  # the server does not answer
                from desktop.store.schema import NOT_REACHABLE

                raise UserError(NOT_REACHABLE.format(label=db.label)) from exc
            raise
        problem = Finding("error", f"Tệp không đọc được: {exc.orig or exc}")
        return CheckReport(db.label, (*findings, problem), ())


def _checked(db: Store, con: Connection, findings: list[Finding]) -> CheckReport:
    label = db.label
    integrity = dialect.integrity_problems(con)
    if integrity:
        findings.append(Finding("error", "SQLite báo tệp bị hỏng", tuple(integrity[:10])))
    revision = None
    if dialect.table_exists(con, "alembic_version"):
        revision = con.execute(text("SELECT version_num FROM alembic_version")).scalar()
    if revision != HEAD:
        found = revision or "không có"
        findings.append(
            Finding(
                "error",
                f"Lược đồ «{found}» khác phiên bản hiện hành «{HEAD}»: mở bằng Union Desk để nâng cấp",
            )
        )
        return CheckReport(label, tuple(findings), ())
    broken = dialect.broken_links(con)
    if broken:
        examples = tuple(f"{t} rowid {rowid} → {parent}" for t, rowid, parent in broken[:10])
        findings.append(
            Finding("error", f"{len(broken)} liên kết trỏ tới bản ghi không tồn tại", examples)
        )
    offices = _count(con, f"SELECT COUNT(*) FROM office WHERE {LIVE}")
    if offices != 1:
        findings.append(
            Finding(
                "error",
                messages.NO_OFFICE.format(path=label)
                if offices == 0
                else f"Có {offices} bản ghi đơn vị; chỉ được có một",
            )
        )
    for level, message, query in CONSISTENCY:
        offending = _rows(con, query)
        if offending:
            findings.append(Finding(level, f"{message}: {len(offending)}", tuple(offending[:10])))
    counts = tuple((name, _count(con, sql)) for name, sql in COUNTED)
    trail = verify(con)
    counts += ((AUDIT_COUNT, trail.entries),)
    if not trail.ok:
        first, *rest = (describe(b) for b in trail.breaks)
        findings.append(Finding("error", f"{AUDIT_BROKEN} {first}", tuple(rest)))
    missing = sorted(APPEND_ONLY - dialect.trigger_names(con, "audit_event"))
    if missing:
        findings.append(Finding("error", AUDIT_UNGUARDED, tuple(missing)))
    return CheckReport(label, tuple(findings), counts)
