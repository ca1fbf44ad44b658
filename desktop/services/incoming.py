"""(Province) Nhận gói: a verdict per bundle file in plain Vietnamese before anything is written,
the merge of the files chosen (stopping cleanly between files on Cancel), and the two decisions a
fork allows.

Everything goes through desktop.services.bundles (the one door into desktop.sync): `check_files`
is `bundle verify`, `merge_files` is `bundle merge` one file at a time, `decide_fork` is
`bundle resolve --unit CODE --keep N` or `bundle accept-fork FILE`. A fork found while checking is
not in the ledger yet (checking writes nothing): deciding it first records the refusal, as a
merge of the file would, then writes the decision.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from contextlib import suppress
from dataclasses import dataclass, field
from pathlib import Path
from typing import Literal

from sqlalchemy import Connection, text

from desktop.errors import Cancelled, UserError
from desktop.format import number, period_label
from desktop.progress import CancelToken, no_progress
from desktop.services.bundles import (
    FileVerdict,
    accept_fork,
    keep_chain,
    process_files,
    summary_lines,
)
from desktop.store import Store
from desktop.sync.format import messages
from desktop.sync.keystore import Passphrase, default_passphrase
from desktop.sync.ledger import history

__all__ = [
    "Checked",
    "ForkChoice",
    "MergeOutcome",
    "check_files",
    "decide_fork",
    "default_passphrase",
    "explain",
    "merge_files",
    "open_forks",
]

# What the screen shows for each kind of verdict.
Kind = Literal["merge", "merged", "duplicate", "fork", "refused"]
HEADLINES: dict[str, str] = {
    "merge": "Sẽ gộp",
    "merged": "Đã gộp",
    "duplicate": "Đã gộp trước đó",
    "fork": "Gói rẽ nhánh – chờ quyết định",
    "refused": "Bị từ chối",
}
KEEP_TEXT = (
    "Giữ dữ liệu đã gộp của {unit} đến gói số {last}{when}. Gói {file} không được gộp; gói "
    "tiếp theo của đơn vị phải nối tiếp gói số {last} (gửi đơn vị gói biên nhận, Union Desk của "
    "đơn vị sẽ nối tiếp từ đó). Chọn khi dữ liệu tỉnh đang có là đúng."
)
TAKE_TEXT = (
    "Nhận gói {file} (gói số {sequence}{period}) thay cho dữ liệu đã gộp của {unit}: toàn bộ "
    "đoàn viên, CĐCS và số liệu của đơn vị ở tỉnh được thay bằng nội dung gói này; các gói sau "
    "của đơn vị nối tiếp gói này. Chọn khi đơn vị xác nhận máy của họ đang giữ dữ liệu đúng."
)
NO_PREVIOUS = "Đơn vị chưa có gói nào được gộp ở tỉnh."
# How summary_lines starts its line of what changed (desktop/sync/format/summary.py).
_CHANGE_STARTS = ("Gói đầu tiên", "Thay đổi", "Không đếm được")


@dataclass(frozen=True)
class ForkChoice:
    """The two decisions a fork allows, worded for the person deciding."""

    unit_code: str
    last_sequence: int | None  # the last bundle merged from the office (kept by «giữ»)
    keep: str  # what «Giữ dữ liệu đã gộp» does, in Vietnamese ("" when nothing was merged)
    take: str  # what «Nhận gói này» does


@dataclass(frozen=True)
class Checked:
    """One file's verdict as Nhận gói shows it."""

    path: Path
    verdict: FileVerdict
    kind: Kind
    unit_name: str  # the office's name as registered here ("" when unknown)
    headline: str  # «Sẽ gộp», «Bị từ chối»…
    lines: tuple[str, ...]  # the reasons and what the bundle changes, one sentence a line
    fork: ForkChoice | None = None

    @property
    def brief(self) -> str:
        """The one line a list shows: why it was refused, or what the bundle changes."""
        if self.kind in ("merge", "merged"):
            changes = [x for x in self.lines if x.startswith(_CHANGE_STARTS)]
            return changes[0] if changes else (self.lines[-1] if self.lines else "")
        said = self.lines[-1] if self.lines else ""
        return said.removeprefix(f"Tệp {self.verdict.file}: ")  # the list names the file

    @property
    def mergeable(self) -> bool:
        return self.kind == "merge"

    @property
    def office(self) -> str:
        code = self.verdict.unit_code
        if not code:
            return ""
        return f"{code} – {self.unit_name}" if self.unit_name else code

    @property
    def text(self) -> str:
        return "\n".join((self.headline, *self.lines))


@dataclass(frozen=True)
class MergeOutcome:
    """What a merge did; on Cancel, the files merged before it and those left."""

    results: tuple[Checked, ...]
    left: tuple[Path, ...] = ()
    cancelled: bool = False

    @property
    def merged(self) -> int:
        return sum(1 for r in self.results if r.kind == "merged")

    @property
    def message(self) -> str:
        said = f"Đã gộp {number(self.merged)}/{number(len(self.results) + len(self.left))} tệp."
        refused = sum(1 for r in self.results if r.kind in ("refused", "fork"))
        if refused:
            said += f" {number(refused)} tệp bị từ chối."
        if self.cancelled:
            said += (
                f" Đã dừng theo yêu cầu: {number(len(self.left))} tệp chưa gộp (không có tệp nào "
                "gộp dở dang; chọn Gộp lại để gộp tiếp)."
            )
        return said


@dataclass
class _Ledger:
    names: dict[str, str] = field(default_factory=dict)
    last: dict[str, tuple[int, str]] = field(default_factory=dict)  # unit → (sequence, period)


def _ledger(con: Connection, units: set[str]) -> _Ledger:
    found = _Ledger()
    rows = con.execute(
        text(
            "SELECT unit_code, unit_name FROM unit_key WHERE own = FALSE ORDER BY id"
        )  # the newest key card's name wins
    ).all()
    found.names = {str(code): str(name or "") for code, name in rows}
    for unit in units:
        chain = history(con, unit).chain
        if chain:
            found.last[unit] = (chain[-1][0], chain[-1][1])
    return found


def _fork_messages(con: Connection, v: FileVerdict) -> set[str]:
    """The texts the ledger gives a fork of `v`'s office (checked and merged alike)."""
    past = history(con, v.unit_code)
    last = past.chain[-1][0] if past.chain else None
    said = {
        messages.FORK.format(file=v.file, sequence=v.sequence, unit=v.unit_code),
        messages.FORK_CHAIN.format(file=v.file, sequence=v.sequence, unit=v.unit_code, last=last),
    }
    if past.open_fork is not None:
        forked, forked_file = past.open_fork
        said.add(
            messages.FORK_OPEN.format(
                file=v.file, unit=v.unit_code, forked=forked, forked_file=forked_file, last=last
            )
        )
    return said


def _kind(con: Connection, v: FileVerdict) -> Kind:
    if v.verdict == "ok":
        return "merge"
    if v.verdict in ("merged", "duplicate"):
        return v.verdict  # type: ignore[return-value]
    if v.unit_code and v.sequence is not None and v.message in _fork_messages(con, v):
        return "fork"
    return "refused"


def _month(period: str) -> str:
    return period_label(period) if len(period) == 7 else period


def _lines(v: FileVerdict, kind: Kind, office: str, last: tuple[int, str] | None) -> list[str]:
    lines: list[str] = []
    if v.unit_code and v.sequence is not None:
        counts = v.counts
        lines.append(
            f"{office}, gói số {v.sequence}, {_month(v.period)}: "
            f"{number(counts.get('member', 0))} đoàn viên, "
            f"{number(counts.get('grassroots_union', 0))} CĐCS, "
            f"{number(counts.get('activity', 0))} hoạt động."
        )
    if kind == "merge":
        # The months the province has not received; for a handover notice, what it hands over.
        lines.extend(x for x in (v.message, v.holds) if x)
    elif kind == "merged" and v.gaps:
        lines.append(v.gaps)
    elif kind in ("duplicate", "refused", "fork"):
        lines.append(v.message)
    if kind in ("merge", "merged") and v.unit_code:
        if last is None:
            lines.append(NO_PREVIOUS)
        elif kind == "merge":
            lines.append(f"Gói trước đã gộp của đơn vị: gói số {last[0]}, {_month(last[1])}.")
        lines.extend(summary_lines(v.summary))
    return lines


def _fork_choice(v: FileVerdict, office: str, last: tuple[int, str] | None) -> ForkChoice:
    keep = ""
    if last is not None:
        when = f", {_month(last[1])}"
        keep = KEEP_TEXT.format(unit=office, last=last[0], when=when, file=v.file)
    period = f", {_month(v.period)}" if v.period else ""
    take = TAKE_TEXT.format(file=v.file, sequence=v.sequence, period=period, unit=office)
    return ForkChoice(v.unit_code, last[0] if last else None, keep, take)


def explain(store: Store, pairs: Sequence[tuple[Path, FileVerdict]]) -> list[Checked]:
    """Each (file, verdict) in plain Vietnamese: what it is, why, what it changes."""
    with store.reading() as con:
        ledger = _ledger(con, {v.unit_code for _, v in pairs if v.unit_code})
        kinds = [_kind(con, v) for _, v in pairs]
    found = []
    for (path, v), kind in zip(pairs, kinds, strict=True):
        name = ledger.names.get(v.unit_code, "")
        office = f"{v.unit_code} – {name}" if name else v.unit_code
        last = ledger.last.get(v.unit_code)
        fork = _fork_choice(v, office, last) if kind == "fork" else None
        lines = _lines(v, kind, office, last)
        found.append(Checked(path, v, kind, name, HEADLINES[kind], tuple(lines), fork))
    return found


OPEN_FORK = (
    "{unit}: gói rẽ nhánh số {sequence} (tệp {file}) đang chờ quyết định; mọi gói sau của đơn vị "
    "bị từ chối cho đến khi tỉnh quyết định. Thêm tệp đó (hoặc một gói sau của đơn vị) vào danh "
    "sách rồi chọn «Quyết định gói rẽ nhánh…»."
)


def open_forks(store: Store) -> list[str]:
    """One sentence for each office whose fork waits for the province's decision."""
    with store.reading() as con:
        units = con.execute(
            text("SELECT DISTINCT unit_code FROM bundle_ledger WHERE verdict = 'fork'")
        ).scalars()
        waiting = [(str(u), history(con, str(u)).open_fork) for u in units]
        names = _ledger(con, set()).names
    return [
        OPEN_FORK.format(
            unit=f"{unit} – {names[unit]}" if names.get(unit) else unit,
            sequence=fork[0],
            file=fork[1],
        )
        for unit, fork in sorted(waiting)
        if fork is not None
    ]


def _is_province(store: Store) -> None:
    with store.reading() as con:
        role = con.execute(text("SELECT role FROM office WHERE deleted_at IS NULL")).scalar()
    if role != "province":
        raise UserError(
            f"Cơ sở dữ liệu {store.label} là của đơn vị cấp huyện: chỉ LĐLĐ tỉnh nhận gói dữ liệu "
            "tháng của các đơn vị (đơn vị nhận gói của tỉnh ở màn hình Đồng bộ)."
        )


def check_files(
    store: Store,
    files: Sequence[Path],
    *,
    passphrase: Passphrase = default_passphrase,
    progress: Callable[[float, str], None] = no_progress,
) -> list[Checked]:
    """`bundle verify` of each file (nothing written), explained. `progress` may raise Cancelled
    (the window's Cancel): checking writes nothing, so stopping anywhere is safe."""
    _is_province(store)
    verdicts = process_files(
        store, list(files), write=False, passphrase=passphrase, progress=progress
    )
    return explain(store, list(zip(files, verdicts, strict=True)))


def merge_files(
    store: Store,
    files: Sequence[Path],
    *,
    passphrase: Passphrase = default_passphrase,
    progress: Callable[[float, str], None] = no_progress,
    cancel: CancelToken | None = None,
) -> MergeOutcome:
    """`bundle merge` of each file in turn, each in its own transaction. A Cancel (the token, or
    `progress` raising Cancelled) stops before the next file: what was merged stays merged,
    nothing is half-merged, and the outcome names the files left."""
    _is_province(store)
    paths = list(files)
    done: list[tuple[Path, FileVerdict]] = []
    for index, path in enumerate(paths):
        try:
            if cancel is not None:
                cancel.check()
            progress(
                index / max(len(paths), 1), f"Đang gộp {path.name} ({index + 1}/{len(paths)})…"
            )
        except Cancelled:
            return MergeOutcome(tuple(explain(store, done)), tuple(paths[index:]), True)
        (verdict,) = process_files(store, [path], write=True, passphrase=passphrase)
        done.append((path, verdict))
    outcome = MergeOutcome(tuple(explain(store, done)))
    with suppress(Cancelled):  # everything was merged before the Cancel arrived
        progress(1.0, "Xong")
    return outcome


def decide_fork(
    store: Store,
    checked: Checked,
    choice: Literal["keep", "take"],
    *,
    passphrase: Passphrase = default_passphrase,
) -> str:
    """Decide the fork `checked` was refused for: «keep» what was merged (bundle resolve --keep),
    or «take» this file in its place (bundle accept-fork). The fork is first recorded (the
    refusal a merge of the file writes) when only checked so far. Returns what was done."""
    if checked.fork is None:
        raise UserError(f"Tệp {checked.path.name} không phải gói rẽ nhánh chờ quyết định.")
    _is_province(store)
    unit = checked.fork.unit_code
    with store.reading() as con:
        recorded = history(con, unit).open_fork is not None
    if not recorded:
        process_files(store, [checked.path], write=True, passphrase=passphrase)
    if choice == "keep":
        if checked.fork.last_sequence is None:
            raise UserError(
                f"Chưa có gói nào của {unit} được gộp: không có dữ liệu nào để giữ; chỉ có thể "
                f"nhận gói {checked.path.name}."
            )
        return "Đã ghi quyết định. " + keep_chain(store, unit, checked.fork.last_sequence).message
    result: FileVerdict = accept_fork(store, checked.path, passphrase=passphrase)
    if result.verdict != "merged":
        raise UserError(result.message)
    return "Đã ghi quyết định. " + result.message
