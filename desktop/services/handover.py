"""`office merge`: a successor office takes another office's whole register, all or nothing.

The 2025 reform ended district-level government: an office's grassroots unions, members with
their whole history, activities, inspections, complaints, ratings, prospects and entered
progress pass to the office that takes them over. One unit of work on the successor's store (the
other file, opened as a store of its own, is only read): either every row comes in, or nothing
changes. Rows
keep their UUIDs, so the other office's links stay valid; a citizen ID active in both refuses
the merge and is listed, unless `update` keeps the record changed last (the other becomes a
tombstone with its history, never removed). The same on two province databases merges
provinces: their offices' rows, key registry, ledger and quotas.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING

from desktop.errors import UserError
from desktop.format import number, vn_date
from desktop.progress import no_progress
from desktop.services import handover_messages as text
from desktop.services.handover_plan import FOLLOWING, Clash, Plan, make_plan
from desktop.sync.keystore import Passphrase, default_passphrase

if TYPE_CHECKING:
    from desktop.services.handover_notice import NoticeResult
    from desktop.store import Store


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
            if table in FOLLOWING:
                continue
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


def _check_other(store: Store, other: Path) -> None:
    from desktop.migrations import HEAD, known_revisions
    from desktop.store.schema import schema_revision

    if not other.exists():
        raise UserError(text.OTHER_MISSING.format(path=other))
    if not other.is_file():
        raise UserError(text.OTHER_NOT_FILE.format(path=other))
    if store.path is not None and other.resolve() == store.path.resolve():
        raise UserError(text.SAME_FILE.format(path=other))
    try:
        found = schema_revision(other)
    except UserError as exc:  # not a database at all
        raise UserError(text.OTHER_NOT_DATABASE.format(path=other, detail=exc.message)) from exc
    if found is None:
        raise UserError(text.OTHER_NOT_DATABASE.format(path=other, detail="không có lược đồ"))
    if found != HEAD:
        message = text.OTHER_OLD_SCHEMA if found in known_revisions() else text.OTHER_NEWER_SCHEMA
        raise UserError(message.format(path=other, found=found, head=HEAD))


class _DryRun(Exception):
    """Leaves the unit of work of a dry run (or a refused merge) by rolling it back."""

    def __init__(self, outcome: MergeOutcome) -> None:
        super().__init__()
        self.outcome = outcome


def _audit_detail(other: Path, plan: Plan, update: bool) -> str:
    detail = (
        f"{other.name}: sổ của {plan.theirs.code} – {plan.theirs.name}, "
        f"{number(plan.counts['grassroots_union'])} CĐCS, {number(plan.counts['member'])} đoàn viên"
    )
    if plan.clashes and update:
        detail += f"; {len(plan.clashes)} CCCD trùng, giữ bản sửa sau cùng"
    return detail


def merge_office(
    store: Store,
    other: Path,
    *,
    dry_run: bool = False,
    update: bool = False,
    progress: Callable[[float, str], None] = no_progress,
) -> MergeOutcome:
    """Merge the register in the file `other` into `store` (see the module's docstring). A
    refused merge (clashing citizen IDs without `update`) returns an outcome with `refused` set
    and writes nothing; anything else that refuses it raises UserError, also writing nothing."""
    from sqlalchemy.exc import DBAPIError

    from desktop.models import utcnow
    from desktop.services.audit_chain import NewEntry, append
    from desktop.services.handover_copy import copy_rows
    from desktop.services.handover_load import drop_loaded, load_other
    from desktop.services.handover_plan import MERGED, PROVINCE_TABLES
    from desktop.services.roles import Action, permit
    from desktop.store import Store

    permit(Action.IMPORT)  # a dry run too: it lists the clashing members by citizen ID
    _check_other(store, other)
    where = (store.label, str(other))
    progress(0.05, "Đang đối chiếu hai sổ…")
    try:
        with Store(other, migrate=False) as theirs, store.unit_of_work(patient=True) as uow:
            con = uow.plain()  # stamps compared and copied as text, alike on both stores
            loaded = load_other(con, theirs, (*MERGED, "quota", *PROVINCE_TABLES))
            plan = make_plan(con, where)
            outcome = MergeOutcome(where[0], where[1], plan, update, dry_run, False)
            if dry_run or outcome.refused or plan.already:
                raise _DryRun(outcome)
            progress(0.3, "Đang chép sổ…")
            copy_rows(con, plan, update=update, now=utcnow())
            drop_loaded(con, [*loaded, "handover_members", "handover_entries"])
            append(uow.connection, [NewEntry("office_merge", _audit_detail(other, plan, update))])
    except _DryRun as said:
        return said.outcome
    except DBAPIError as exc:  # a constraint, a lock held too long, a file gone read-only
        detail = exc.orig if exc.orig is not None else exc
        raise UserError(text.FAILED.format(path=where[0], other=other, detail=detail)) from exc
    progress(1.0, "Xong")
    return MergeOutcome(where[0], where[1], plan, update, dry_run, True)


def write_handover_notice(
    store: Store, successor: str, out: Path, *, passphrase: Passphrase = default_passphrase
) -> NoticeResult:
    """(The closing office) the signed notice telling the province that this office's register
    went to `successor` and its chain of bundles is closed (docs/bundle-format.md §12)."""
    from desktop.services.handover_notice import write_notice

    return write_notice(store, successor, out, passphrase=passphrase)
