"""The handover notice (docs/bundle-format.md §12): an office tells the province that its
register passed to its successor and that its own chain of bundles is closed.

The closing office writes it (`office handover`, desktop/services/handover_notice.py) like a
bundle: signed with its key, sealed to the province, numbered next in its chain, naming its last
bundle as the previous manifest. This is the province's side: it takes it with `bundle merge` once it holds that last bundle, records the closed chain
(`handover`), then refuses any later bundle of that office naming the successor, and lets the
successor's bundles carry the closed office's records (they came with its register).
"""

from __future__ import annotations

import json
import re
import unicodedata
from dataclasses import dataclass, replace
from datetime import date
from typing import TYPE_CHECKING, Any

from desktop.format import vn_date
from desktop.sync.format.errors import BundleRefused
from desktop.sync.format.kinds import MAX_TEXT, is_uuid, real_date
from desktop.sync.format.names import HANDOVER_CODE, HANDOVER_PART, HANDOVER_SETTING

if TYPE_CHECKING:
    from sqlalchemy import Connection

    from desktop.store import Store
    from desktop.sync.verdict import FileVerdict
    from desktop.sync.verify import Authenticated

NOTICE_FIELDS = (
    "successor_code",
    "handed_over_on",
    "last_sequence",
    "last_manifest_sha256",
    "last_period",
    "unions",
)
UNION_FIELDS = ("id", "name")
CODE, SETTING = HANDOVER_CODE, HANDOVER_SETTING

NOTICE_BAD = "Tệp {file}: thông báo bàn giao (handover.json) không hợp lệ: {detail}."
NOTICE_CHAIN = (
    "Tệp {file}: thông báo bàn giao của {unit} ghi gói cuối số {last} nhưng bản kê nối tiếp gói "
    "khác (số {sequence}, mã băm trước không khớp)."
)
NOT_MERGED_LAST = (
    "Tệp {file}: thông báo bàn giao của {unit} ghi gói cuối là số {last}, nhưng gói cuối LĐLĐ "
    "tỉnh đã gộp của {unit} là {held}. Hãy gộp gói cuối của đơn vị trước (uniondesk bundle merge "
    "GÓI), rồi nhận thông báo bàn giao."
)
HELD_NONE = "chưa có gói nào"
HELD_ONE = "số {sequence}"
ALREADY_TAKEN = (
    "Tệp {file}: thông báo bàn giao của {unit} cho {successor} đã nhận trước đó; không thay đổi gì."
)
OTHER_NOTICE = (
    "Tệp {file}: {unit} đã bàn giao cho {successor} ngày {day} theo thông báo khác; không nhận "
    "thông báo thứ hai."
)
FORK_PENDING = (
    "Tệp {file}: đơn vị {unit} đang có gói rẽ nhánh chưa được xử lý; hãy quyết định trước "
    "(uniondesk bundle resolve hoặc bundle accept-fork), rồi nhận thông báo bàn giao."
)
TAKEN = (
    "Đã nhận thông báo bàn giao số {sequence} của {unit}: sổ chuyển cho {successor} ngày {day} "
    "({unions} CĐCS); chuỗi gói của {unit} khép lại sau gói số {last}."
)
WOULD_TAKE = (
    "Thông báo bàn giao của {unit}: sổ chuyển cho {successor} ngày {day} ({unions} CĐCS); chuỗi "
    "gói khép lại sau gói số {last}."
)
HOLDS = "sổ chuyển cho {successor} ngày {day}, {unions} CĐCS, gói cuối số {last}"
CHAIN_CLOSED = (
    "Tệp {file}: đơn vị {unit} đã bàn giao sổ cho {successor} ngày {day}; chuỗi gói của {unit} "
    "đã khép sau gói số {last}, không nhận gói số {sequence}. Dữ liệu các CĐCS của {unit} nay do "
    "{successor} gửi."
)
LEDGER_LABEL = "Chuỗi gói đã khép: đã bàn giao cho {successor} ngày {day}"
UNKNOWN_SUCCESSOR = " (đơn vị {successor} chưa đăng ký khóa ở tỉnh)"


def _problem(body: Any, manifest: Any) -> str | None:
    """Why the notice's content is not as §12 writes it, or None."""
    from desktop.sync.format.fields import fields_problem, hex_problem

    problem = fields_problem(body, NOTICE_FIELDS, "handover")
    if problem:
        return problem
    code = body["successor_code"]
    if type(code) is not str or CODE.fullmatch(code) is None:
        return "«successor_code» phải là mã đơn vị (chữ, số, «-», «_», tối đa 32 ký tự)"
    if code == manifest.unit_code:
        return "«successor_code» là mã của chính đơn vị gửi"
    if not real_date(body["handed_over_on"]):
        return "«handed_over_on» phải là ngày YYYY-MM-DD"
    last = body["last_sequence"]
    if type(last) is not int or not 0 <= last < manifest.sequence:
        return "«last_sequence» phải là số nguyên từ 0 đến trước số của thông báo"
    sha, period = body["last_manifest_sha256"], body["last_period"]
    if last == 0 and (sha != "" or period != ""):
        return "«last_manifest_sha256», «last_period» phải để trống khi chưa gửi gói nào"
    if last > 0:
        problem = hex_problem(sha, 64, "last_manifest_sha256")
        if problem:
            return problem
        if type(period) is not str or re.fullmatch(r"[0-9]{4}-(0[1-9]|1[0-2])", period) is None:
            return "«last_period» phải là kỳ YYYY-MM"
    unions = body["unions"]
    if not isinstance(unions, list):
        return "«unions» phải là danh sách"
    for entry in unions:
        problem = fields_problem(entry, UNION_FIELDS, "unions[]")
        if problem:
            return problem
        name = entry["name"]
        if not is_uuid(entry["id"]):
            return "«unions[].id» phải là mã UUID"
        if type(name) is not str or not name.strip() or len(name) > MAX_TEXT:
            return "«unions[].name» phải là chữ, không để trống"
        if not unicodedata.is_normalized("NFC", name):
            return "«unions[].name» phải ở dạng Unicode NFC"
    if len({e["id"] for e in unions}) != len(unions):
        return "«unions» ghi một CĐCS hai lần"
    return None


def read_notice(authenticated: Authenticated) -> dict[str, Any]:
    """The checked content of an authenticated notice (BundleRefused naming what is wrong)."""
    manifest, file = authenticated.manifest, authenticated.file
    try:
        body = json.loads(authenticated.parts[HANDOVER_PART].decode("utf-8"))
    except (UnicodeDecodeError, ValueError) as exc:
        raise BundleRefused(NOTICE_BAD.format(file=file, detail=exc), "records") from exc
    problem = _problem(body, manifest)
    if problem:
        raise BundleRefused(NOTICE_BAD.format(file=file, detail=problem), "records")
    if body["last_manifest_sha256"] != manifest.previous_manifest_sha256:
        raise BundleRefused(
            NOTICE_CHAIN.format(
                file=file,
                unit=manifest.unit_code,
                last=body["last_sequence"],
                sequence=manifest.sequence,
            ),
            "records",
        )
    return dict(body)


def _day(value: str) -> str:
    return vn_date(date.fromisoformat(value))


class _Said(Exception):
    """The notice's verdict, raised so that nothing done for it is kept."""

    def __init__(self, verdict: FileVerdict) -> None:
        self.verdict = verdict


def take_notice(store: Store, authenticated: Authenticated, *, write: bool) -> FileVerdict:
    """(Province) `bundle verify` / `bundle merge` of an authenticated handover notice."""
    from desktop.sync.ledger import REFUSED

    try:
        body = read_notice(authenticated)
    except BundleRefused as exc:
        from desktop.sync.verdict import file_verdict

        return file_verdict(authenticated, REFUSED, exc.message)
    try:
        with store.unit_of_work(patient=True) as uow:
            verdict = _judge(uow.plain(), authenticated, body, write=write)
    except _Said as said:  # refused, a duplicate, or only verified: rolled back
        return said.verdict
    return verdict


def _judge(
    con: Connection, authenticated: Authenticated, body: dict[str, Any], *, write: bool
) -> FileVerdict:
    from desktop.sync.ledger import DUPLICATE, MERGED, REFUSED, history, run, stamp
    from desktop.sync.verdict import WOULD_MERGE, file_verdict

    manifest, file = authenticated.manifest, authenticated.file
    unit = manifest.unit_code
    successor, day = body["successor_code"], _day(body["handed_over_on"])
    earlier = run(
        con,
        "SELECT notice_manifest_sha256, to_code, handed_over_on FROM handover "
        "WHERE from_code = :unit",
        {"unit": unit},
    ).fetchone()
    refusal = None
    if earlier is not None and earlier[0] == manifest.sha256:
        text = ALREADY_TAKEN.format(file=file, unit=unit, successor=successor)
        raise _Said(file_verdict(authenticated, DUPLICATE, text))
    if earlier is not None:
        refusal = OTHER_NOTICE.format(
            file=file, unit=unit, successor=earlier[1], day=_day(earlier[2])
        )
    past = history(con, unit)
    head = past.chain[-1] if past.chain else None
    if refusal is None and past.open_fork is not None:
        refusal = FORK_PENDING.format(file=file, unit=unit)
    found = (head[0], head[2]) if head else (0, "")
    if refusal is None and found != (body["last_sequence"], body["last_manifest_sha256"]):
        held = HELD_ONE.format(sequence=head[0]) if head else HELD_NONE
        refusal = NOT_MERGED_LAST.format(
            file=file, unit=unit, last=body["last_sequence"], held=held
        )
    if refusal is not None:
        raise _Said(file_verdict(authenticated, REFUSED, refusal))
    known = run(
        con,
        "SELECT 1 FROM unit_key WHERE unit_code = :code AND own = FALSE",
        {"code": successor},
    ).fetchone()
    words_in = {
        "unit": unit,
        "successor": successor,
        "day": day,
        "unions": len(body["unions"]),
        "last": body["last_sequence"],
        "sequence": manifest.sequence,
    }
    note = "" if known else UNKNOWN_SUCCESSOR.format(successor=successor)
    if not write:
        verdict = file_verdict(authenticated, WOULD_MERGE, WOULD_TAKE.format(**words_in) + note)
        # What `bundle verify` prints under it: the notice's content, never record counts.
        raise _Said(replace(verdict, holds=HOLDS.format(**words_in)))
    _record(con, authenticated, body, stamp)
    return file_verdict(authenticated, MERGED, TAKEN.format(**words_in) + note)


def _record(
    con: Connection, authenticated: Authenticated, body: dict[str, Any], stamp: Any
) -> None:
    from desktop.models import utcnow
    from desktop.services.audit_chain import NewEntry, append
    from desktop.sync.ledger import run

    manifest = authenticated.manifest
    run(
        con,
        "INSERT INTO handover (from_code, from_name, to_code, to_name, handed_over_on, "
        "last_sequence, last_manifest_sha256, notice_sequence, notice_bundle_id, "
        "notice_manifest_sha256, unions_json, file_name, received_at) "
        "VALUES (:from_code, :from_name, :to_code, :to_name, :handed_over_on, :last_sequence, "
        ":last_manifest_sha256, :notice_sequence, :notice_bundle_id, :notice_manifest_sha256, "
        ":unions_json, :file_name, :received_at)",
        {
            "from_code": manifest.unit_code,
            "from_name": manifest.unit_name,
            "to_code": body["successor_code"],
            "to_name": _unit_name(con, body["successor_code"]),
            "handed_over_on": body["handed_over_on"],
            "last_sequence": body["last_sequence"],
            "last_manifest_sha256": body["last_manifest_sha256"],
            "notice_sequence": manifest.sequence,
            "notice_bundle_id": manifest.bundle_id,
            "notice_manifest_sha256": manifest.sha256,
            "unions_json": json.dumps(body["unions"], ensure_ascii=False),
            "file_name": authenticated.file[:260],
            "received_at": stamp(utcnow()),
        },
    )
    detail = (
        f"{authenticated.file}: {manifest.unit_code} bàn giao sổ cho {body['successor_code']} "
        f"({len(body['unions'])} CĐCS)"
    )
    append(con, [NewEntry("bundle_merge", detail)])


def _unit_name(con: Connection, code: str) -> str:
    from desktop.sync.ledger import run

    row = run(
        con,
        "SELECT unit_name FROM unit_key WHERE unit_code = :code AND own = FALSE "
        "ORDER BY id DESC LIMIT 1",
        {"code": code},
    ).fetchone()
    return str(row[0]) if row else ""


def closed_refusal(store: Store, authenticated: Authenticated) -> FileVerdict | None:
    """(Province) the refusal of a unit-state bundle of an office whose chain is closed,
    numbered past its last bundle; None for any other bundle."""
    from desktop.sync.ledger import REFUSED, run
    from desktop.sync.verdict import file_verdict

    manifest = authenticated.manifest
    with store.reading() as con:
        row = run(
            con,
            "SELECT to_code, handed_over_on, last_sequence FROM handover WHERE from_code = :unit",
            {"unit": manifest.unit_code},
        ).fetchone()
    if row is None or manifest.sequence <= row[2]:
        return None
    text = CHAIN_CLOSED.format(
        file=authenticated.file,
        unit=manifest.unit_code,
        successor=row[0],
        day=_day(row[1]),
        last=row[2],
        sequence=manifest.sequence,
    )
    return file_verdict(authenticated, REFUSED, text)


def handed_to(con: Connection, unit: str) -> tuple[str, ...]:
    """The offices whose register passed to `unit` (their records may come in its bundles)."""
    from desktop.sync.ledger import run

    found = run(con, "SELECT from_code FROM handover WHERE to_code = :unit", {"unit": unit})
    return tuple(r[0] for r in found.fetchall())


def release_taken_over(con: Connection, unit: str, rows: dict[str, list[list[Any]]]) -> None:
    """Before `unit`'s bundle is written: the rows it carries that the province still holds
    under an office that handed its register to `unit` leave that office (children first).
    Rows it does not carry stay where they are: nothing is lost if the successor sends a
    bundle before it has merged the register."""
    from desktop.sync.format.tables import TABLE_ORDER

    closed = handed_to(con, unit)
    if not closed:
        return
    activities = [r[0] for r in rows["activity"]]
    for table in reversed(TABLE_ORDER):
        key, ids = ("activity_id", activities) if table == "activity_union" else ("id", None)
        ids = ids if ids is not None else [r[0] for r in rows[table]]
        sql = in_lists(f"DELETE FROM {table} WHERE unit_code IN :units AND {key} IN :ids")
        for start in range(0, len(ids), 500):
            con.execute(sql, {"units": list(closed), "ids": ids[start : start + 500]})


def in_lists(sql: str, names: tuple[str, ...] = ("units", "ids")) -> Any:
    """`sql` whose parameters `names` are lists (IN takes as many values as given)."""
    from sqlalchemy import bindparam, text

    return text(sql).bindparams(*(bindparam(name, expanding=True) for name in names))


def owners(con: Connection, unit: str) -> tuple[str, ...]:
    """`unit` and the offices it took over."""
    return (unit, *handed_to(con, unit))


@dataclass(frozen=True)
class ClosedChain:
    """One closed chain, as the province's ledger lists it."""

    from_code: str
    to_code: str
    sequence: int
    period: str  # YYYY-MM of the handover
    received_on: str  # dd/mm/yyyy
    label: str


def closed_chains(con: Connection) -> list[ClosedChain]:
    """Every handover the province took, newest first, for `bundle list` (`con`: plain rows)."""
    from desktop.sync.ledger import run

    rows = run(
        con,
        "SELECT from_code, to_code, notice_sequence, handed_over_on, received_at FROM handover "
        "ORDER BY id DESC",
    ).fetchall()
    return [
        ClosedChain(
            code,
            to,
            sequence,
            on[:7],
            _day(str(at)[:10]),
            LEDGER_LABEL.format(successor=to, day=_day(on)),
        )
        for code, to, sequence, on, at in rows
    ]
