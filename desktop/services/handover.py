"""`office merge`: a successor office takes another office's whole register, all or nothing.

The 2025 reform ended district-level government: an office's grassroots unions, members with
their whole history, activities, inspections, complaints, ratings, prospects and entered
progress pass to the office that takes them over. One transaction on the successor's database
(the other file is attached read-only): either every row comes in, or nothing changes. Rows
keep their UUIDs, so the other office's links stay valid; a citizen ID active in both refuses
the merge and is listed, unless `update` keeps the record changed last (the other becomes a
tombstone with its history, never removed). The same on two province databases merges
provinces: their offices' rows, key registry, ledger and quotas.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING

from desktop.errors import UserError
from desktop.format import number, vn_date
from desktop.progress import no_progress
from desktop.services import handover_messages as text
from desktop.services.handover_plan import Clash, Plan, make_plan
from desktop.sync.keystore import Passphrase, default_passphrase

if TYPE_CHECKING:
    from desktop.services.handover_notice import NoticeResult


@dataclass(frozen=True)
class MergeOutcome:
    """What `office merge` found and did; `lines()` is its Vietnamese summary."""

    path: str
    other: str
    plan: Plan
    update: bool
    dry_run: bool
    written: bool

    @property
    def refused(self) -> bool:
        """A citizen ID active in both, without --update: nothing is (or would be) written."""
        return bool(self.plan.clashes) and not self.update

    def count(self, table: str) -> int:
        return self.plan.counts.get(table, 0)

    def lines(self) -> list[str]:
        plan = self.plan
        where = {"path": self.path, "other": self.other}
        if plan.already:
            return [
                text.ALREADY_MERGED.format(code=plan.theirs.code, name=plan.theirs.name, **where)
            ]
        if self.refused and not self.dry_run:
            return _clash_lines(plan.clashes, **where)
        header = text.DRY_RUN_HEADER if self.dry_run else text.DONE_HEADER
        out = [header.format(code=plan.theirs.code, name=plan.theirs.name, **where)]
        for table in plan.tables:
            out.append(
                text.COUNT_LINE.format(
                    label=text.KIND_LABELS[table], count=number(plan.counts[table])
                )
            )
        if plan.tombstones:
            out.append(text.TOMBSTONE_NOTE.format(count=number(plan.tombstones)))
        if plan.programme_years:
            years = ", ".join(str(y) for y in plan.programme_years)
            out.append(text.PROGRAMME_COPIED.format(years=years, **where))
        if plan.entry_clashes:
            keeper = text.KEEPER_LATER if self.update else text.KEEPER_OURS.format(**where)
            out.append(
                text.ENTRY_CLASH.format(
                    count=number(len(plan.entry_clashes)), keeper=keeper, path=self.path
                )
            )
        if plan.clashes and self.update:
            out += _updated_lines(plan.clashes, **where)
        elif plan.clashes:
            out += _clash_lines(plan.clashes, **where)
        if self.dry_run:
            refused = plan.clashes and not self.update
            out.append(text.DRY_RUN_REFUSED_FOOTER if refused else text.DRY_RUN_FOOTER)
        elif not plan.province:
            out.append(
                text.NEXT_STEP.format(
                    code=plan.theirs.code, successor=plan.ours.code, other=self.other
                )
            )
        return out


def _clash_lines(clashes: tuple[Clash, ...], *, path: str, other: str) -> list[str]:
    out = [text.CLASH_HEADER.format(count=len(clashes))]
    for c in clashes:
        out.append(
            text.CLASH_LINE.format(
                citizen_id=c.citizen_id,
                ours_name=c.ours_name,
                ours_union=c.ours_union,
                theirs_name=c.theirs_name,
                theirs_union=c.theirs_union,
                path=path,
                other=other,
            )
        )
    return out


def _day(stamp: str) -> str:
    return vn_date(date.fromisoformat(stamp[:10]))


def _updated_lines(clashes: tuple[Clash, ...], *, path: str, other: str) -> list[str]:
    out = [text.UPDATED_HEADER.format(count=len(clashes))]
    for c in clashes:
        theirs = (c.theirs_name, c.theirs_union, c.theirs_at, other)
        ours = (c.ours_name, c.ours_union, c.ours_at, path)
        winner, loser = (theirs, ours) if c.theirs_later else (ours, theirs)
        out.append(
            text.UPDATED_LINE.format(
                citizen_id=c.citizen_id,
                winner_name=winner[0],
                winner_union=winner[1],
                winner_at=_day(winner[2]),
                loser_name=loser[0],
                loser_union=loser[1],
                loser_place=loser[3],
            )
        )
    return out


def _check_other(db_path: Path, other: Path) -> None:
    from desktop.migrations import HEAD, known_revisions
    from desktop.store.schema import schema_revision

    if not other.exists():
        raise UserError(text.OTHER_MISSING.format(path=other))
    if not other.is_file():
        raise UserError(text.OTHER_NOT_FILE.format(path=other))
    if db_path.exists() and other.resolve() == db_path.resolve():
        raise UserError(text.SAME_FILE.format(path=other))
    try:
        found = schema_revision(other)
    except sqlite3.DatabaseError as exc:
        raise UserError(text.OTHER_NOT_DATABASE.format(path=other, detail=exc)) from exc
    if found is None:
        raise UserError(text.OTHER_NOT_DATABASE.format(path=other, detail="không có lược đồ"))
    if found != HEAD:
        message = text.OTHER_OLD_SCHEMA if found in known_revisions() else text.OTHER_NEWER_SCHEMA
        raise UserError(message.format(path=other, found=found, head=HEAD))


def _connect(db_path: Path, other: Path) -> sqlite3.Connection:
    """The successor's database, in autocommit mode (this module says BEGIN and COMMIT), with
    the other office's file attached read-only as `src`."""
    con = sqlite3.connect(db_path.resolve().as_uri(), uri=True, isolation_level=None)
    for pragma in ("journal_mode=WAL", "synchronous=FULL", "foreign_keys=ON", "busy_timeout=60000"):
        con.execute(f"PRAGMA {pragma}")
    con.execute("ATTACH DATABASE ? AS src", (other.resolve().as_uri() + "?mode=ro",))
    return con


def _audit_detail(other: Path, plan: Plan, update: bool) -> str:
    detail = (
        f"{other.name}: sổ của {plan.theirs.code} – {plan.theirs.name}, "
        f"{number(plan.counts['grassroots_union'])} CĐCS, {number(plan.counts['member'])} đoàn viên"
    )
    if plan.clashes and update:
        detail += f"; {len(plan.clashes)} CCCD trùng, giữ bản sửa sau cùng"
    return detail


def merge_office(
    db_path: Path,
    other: Path,
    *,
    dry_run: bool = False,
    update: bool = False,
    progress: Callable[[float, str], None] = no_progress,
) -> MergeOutcome:
    """Merge the register in `other` into `db_path` (see the module's docstring). A refused
    merge (clashing citizen IDs without `update`) returns an outcome with `refused` set and
    writes nothing; anything else that refuses it raises UserError, also writing nothing."""
    from desktop.services.audit_chain import NewEntry, append
    from desktop.services.handover_copy import copy_rows
    from desktop.services.roles import Action, permit
    from desktop.store.schema import ensure_schema
    from desktop.sync.ledger import stamp

    permit(Action.IMPORT)  # a dry run too: it lists the clashing members by citizen ID
    if not db_path.is_file():
        raise UserError(text.TARGET_MISSING.format(path=db_path))
    _check_other(db_path, other)
    ensure_schema(db_path)
    where = (str(db_path), str(other))
    progress(0.05, "Đang đối chiếu hai sổ…")
    try:
        con = _connect(db_path, other)
    except sqlite3.Error as exc:
        raise UserError(text.CANNOT_OPEN.format(path=db_path, other=other, detail=exc)) from exc
    try:
        con.execute("BEGIN" if dry_run else "BEGIN IMMEDIATE")
        plan = make_plan(con, where)
        outcome = MergeOutcome(where[0], where[1], plan, update, dry_run, False)
        if dry_run or outcome.refused or plan.already:
            con.execute("ROLLBACK")
            return outcome
        progress(0.3, "Đang chép sổ…")
        from desktop.models import utcnow

        copy_rows(con, plan, update=update, now=stamp(utcnow()))
        append(con, [NewEntry("office_merge", _audit_detail(other, plan, update))])
        con.execute("COMMIT")
    except sqlite3.Error as exc:  # a constraint, a lock held too long, a file gone read-only
        if con.in_transaction:
            con.execute("ROLLBACK")
        raise UserError(text.FAILED.format(path=db_path, other=other, detail=exc)) from exc
    except BaseException:
        if con.in_transaction:
            con.execute("ROLLBACK")
        raise
    finally:
        con.close()
    progress(1.0, "Xong")
    return MergeOutcome(where[0], where[1], plan, update, dry_run, True)


def write_handover_notice(
    db_path: Path, successor: str, out: Path, *, passphrase: Passphrase = default_passphrase
) -> NoticeResult:
    """(The closing office) the signed notice telling the province that this office's register
    went to `successor` and its chain of bundles is closed (docs/bundle-format.md §12)."""
    from desktop.services.handover_notice import write_notice

    return write_notice(db_path, successor, out, passphrase=passphrase)
